//! The names every part of the harness shares and that depend on nothing: the app's id (its
//! folder name under the XDG directories), the paths `cargo xtask test` passes in, and the fake
//! delivery target the workspace's tests build beside the app.

use std::path::PathBuf;

pub const APP_ID: &str = "io.trustgrid.service-users-desktop";

/// The path in the environment variable `name`, which `cargo xtask test` sets.
pub fn env_path(name: &str) -> PathBuf {
    PathBuf::from(std::env::var_os(name).unwrap_or_else(|| {
        panic!("{name} is not set: run the end-to-end tests with `cargo xtask test`")
    }))
}

/// The fake delivery target (`fake-delivery-target`), built beside the app binary.
pub fn fake_delivery_target() -> PathBuf {
    let fake = env_path("APP_BINARY").with_file_name("fake-delivery-target");
    assert!(
        fake.exists(),
        "{} is built with the workspace's tests",
        fake.display()
    );
    fake
}
