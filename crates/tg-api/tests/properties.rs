//! Properties over generated input (proptest; `cargo xtask fuzz` runs them with far more cases):
//! a name the client accepts always stays one path segment on the wire, and every DTO survives a
//! JSON round trip, unknown fields included.

use proptest::prelude::*;
use reqwest::Url;
use tg_api::{
    NewServiceUser, Org, Policy, PolicyEffect, PolicyStatement, ServiceUser, ServiceUserStatus,
    check_path_segment,
};
use time::OffsetDateTime;

/// Names from the characters that matter to paths (dots, slashes, percent signs, controls, an
/// encoded dot) as well as any text at all.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[./\\\\%2eE\u{0}\n a-z-]{0,6}",
        any::<String>(),
        Just(".".to_owned()),
        Just("..".to_owned()),
    ]
}

proptest! {
    #[test]
    fn an_accepted_name_is_exactly_one_path_segment(name in name()) {
        let base = Url::parse("https://api.example.test/v2/service-user/").unwrap();
        let mut url = base.clone();
        url.path_segments_mut().unwrap().pop_if_empty().push(&name);
        let segments: Vec<String> = url.path_segments().unwrap().map(str::to_owned).collect();
        let one_segment = segments.len() == 3
            && segments[..2] == ["v2", "service-user"]
            && percent_decode(&segments[2]) == name;
        if check_path_segment(&name).is_ok() {
            prop_assert!(one_segment, "{name:?} became {url}");
            // And a server that parses the URL again sees the same thing.
            let again = Url::parse(url.as_str()).unwrap();
            prop_assert_eq!(again.path(), url.path());
        }
    }
}

fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = segment.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn status() -> impl Strategy<Value = ServiceUserStatus> {
    prop_oneof![
        Just(ServiceUserStatus::Active),
        Just(ServiceUserStatus::Inactive)
    ]
}

prop_compose! {
    fn service_user()(
        name in ".{0,20}",
        org_id in ".{0,20}",
        status in status(),
        policy_ids in prop::collection::vec(".{0,12}", 0..4),
        client_id in prop::option::of("[0-9a-f]{16}"),
        created in prop::option::of(0i64..4_000_000_000),
    ) -> ServiceUser {
        ServiceUser {
            name,
            org_id,
            status,
            policy_ids,
            client_id,
            token_created: created.map(|s| OffsetDateTime::from_unix_timestamp(s).unwrap()),
        }
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        ".{0,8}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map(".{0,6}", inner, 0..4)
                .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
        ]
    })
}

prop_compose! {
    fn policy()(
        name in ".{0,20}",
        description in ".{0,30}",
        resources in prop::collection::vec(".{0,12}", 0..3),
        conditions in json_value(),
        statements in prop::collection::vec(
            (prop_oneof![Just(PolicyEffect::Allow), Just(PolicyEffect::Deny), Just(PolicyEffect::Noop)],
             prop::collection::vec(".{0,12}", 0..3)),
            0..3,
        ),
    ) -> Policy {
        Policy {
            name,
            description,
            resources,
            conditions,
            statements: statements
                .into_iter()
                .map(|(effect, actions)| PolicyStatement { effect, actions })
                .collect(),
        }
    }
}

/// `value` as JSON with one more field the client does not know.
fn with_unknown_field<T: serde::Serialize>(value: &T, key: &str) -> String {
    let mut json = serde_json::to_value(value).unwrap();
    if let Some(object) = json.as_object_mut()
        && !object.contains_key(key)
    {
        object.insert(key.to_owned(), serde_json::json!({"added": [1, 2]}));
    }
    json.to_string()
}

proptest! {
    #[test]
    fn service_users_round_trip_through_json(user in service_user(), extra in "[a-z]{1,8}") {
        let back: ServiceUser = serde_json::from_str(&serde_json::to_string(&user).unwrap()).unwrap();
        prop_assert_eq!(&back, &user);
        let tolerant: ServiceUser = serde_json::from_str(&with_unknown_field(&user, &extra)).unwrap();
        prop_assert_eq!(tolerant, user);
    }

    #[test]
    fn new_service_users_round_trip_through_json(
        name in ".{0,20}",
        policy_ids in prop::collection::vec(".{0,12}", 0..4),
        status in status(),
    ) {
        let input = NewServiceUser { name, policy_ids, status };
        let back: NewServiceUser = serde_json::from_str(&serde_json::to_string(&input).unwrap()).unwrap();
        prop_assert_eq!(back, input);
    }

    #[test]
    fn policies_round_trip_through_json(policy in policy(), extra in "[a-z]{1,8}") {
        let back: Policy = serde_json::from_str(&serde_json::to_string(&policy).unwrap()).unwrap();
        prop_assert_eq!(&back, &policy);
        let tolerant: Policy = serde_json::from_str(&with_unknown_field(&policy, &extra)).unwrap();
        prop_assert_eq!(tolerant, policy);
    }

    #[test]
    fn orgs_round_trip_through_json(uid in ".{0,36}", name in ".{0,20}", domain in ".{0,20}") {
        let org = Org { uid, name, domain };
        let back: Org = serde_json::from_str(&serde_json::to_string(&org).unwrap()).unwrap();
        prop_assert_eq!(back, org);
    }
}
