//! The contract's DTOs survive a JSON round trip for any content (proptest; `cargo xtask fuzz`
//! runs these with far more cases): what Rust sends is what the UI reads back, and the journal
//! and connection files read back what was written.

use proptest::prelude::*;
use strum::VariantArray;
use tg_admin::bulk::{BulkAction, BulkItemResult, BulkOutcome, BulkReport};
use tg_admin::{AppError, Connection, ErrorCode, JournalEntry, JournalOutcome, Notice, Settings};
use time::OffsetDateTime;

fn round_trips<T>(value: &T) -> Result<(), TestCaseError>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let text = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&text).unwrap();
    prop_assert_eq!(&back, value, "through {}", text);
    Ok(())
}

fn app_error() -> impl Strategy<Value = AppError> {
    (
        prop::sample::select(ErrorCode::VARIANTS),
        ".{0,40}",
        prop::collection::vec(".{0,20}", 0..3),
    )
        .prop_map(|(code, message, details)| AppError {
            code,
            message,
            details,
        })
}

fn outcome() -> impl Strategy<Value = BulkOutcome> {
    prop_oneof![
        Just(BulkOutcome::Ok),
        Just(BulkOutcome::Cancelled),
        ".{0,20}".prop_map(|reason| BulkOutcome::Skipped { reason }),
        app_error().prop_map(|error| BulkOutcome::Failed { error }),
    ]
}

proptest! {
    #[test]
    fn connections_round_trip(
        id in ".{0,36}",
        name in ".{0,20}",
        base_url in ".{0,30}",
        client_id in ".{0,20}",
        embedded in any::<bool>(),
        allow_insecure_http in any::<bool>(),
    ) {
        round_trips(&Connection { id, name, base_url, client_id, embedded, allow_insecure_http })?;
    }

    #[test]
    fn errors_and_bulk_reports_round_trip(
        action in prop_oneof![Just(BulkAction::Enable), Just(BulkAction::Disable), Just(BulkAction::Delete)],
        items in prop::collection::vec((".{0,20}", outcome()), 0..6),
    ) {
        let report = BulkReport {
            action,
            items: items
                .into_iter()
                .map(|(name, outcome)| BulkItemResult { name, outcome })
                .collect(),
        };
        round_trips(&report)?;
    }

    #[test]
    fn journal_entries_round_trip(
        seconds in 0i64..4_000_000_000,
        nanos in 0u32..1_000_000_000,
        connection in ".{0,20}",
        action in ".{0,30}",
        targets in prop::collection::vec(".{0,20}", 0..4),
        outcome in prop_oneof![Just(JournalOutcome::Ok), Just(JournalOutcome::Failed), Just(JournalOutcome::Partial)],
        error in prop::option::of(".{0,40}"),
    ) {
        let time = OffsetDateTime::from_unix_timestamp(seconds).unwrap()
            + time::Duration::nanoseconds(i64::from(nanos));
        round_trips(&JournalEntry { time, connection, action, targets, outcome, error, note: None })?;
    }

    #[test]
    fn settings_and_notices_round_trip(clipboard_seconds in any::<u32>(), message in ".{0,80}") {
        round_trips(&Settings { clipboard_seconds, ..Settings::default() })?;
        round_trips(&Notice { message })?;
    }
}
