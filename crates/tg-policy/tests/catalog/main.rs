//! The checked-in `catalog.json` must be what the generator makes of the spec and the curated
//! file today. `cargo xtask catalog` runs this test with `TG_POLICY_WRITE_CATALOG=1`, which
//! rewrites the file instead of comparing.

mod extract;

use std::path::Path;

const WRITE: &str = "TG_POLICY_WRITE_CATALOG";

#[test]
fn checked_in_catalog_is_current() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |name: &str| {
        std::fs::read_to_string(crate_dir.join(name))
            .unwrap_or_else(|e| panic!("cannot read {name}: {e}"))
    };
    let catalog = extract::generate(
        &read("spec/trustgrid-openapi.yaml"),
        &read("spec/actions.json"),
    )
    .unwrap_or_else(|problem| panic!("cannot generate the catalog: {problem}"));
    let generated = serde_json::to_string_pretty(&catalog).expect("the catalog serialises") + "\n";
    let path = crate_dir.join("catalog.json");
    if std::env::var_os(WRITE).is_some() {
        std::fs::write(&path, &generated).expect("catalog.json is writable");
        println!(
            "wrote {} ({} actions)",
            path.display(),
            catalog.actions.len()
        );
        return;
    }
    assert!(
        read("catalog.json") == generated,
        "catalog.json is not current: run `cargo xtask catalog` and commit the result"
    );
    assert_eq!(
        tg_policy::catalog(),
        &catalog,
        "the crate's built-in catalog is the generated one"
    );
}
