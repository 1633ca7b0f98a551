//! Typed client for the Trustgrid REST API (see `shared/API.md`): DTOs, errors and one handler per
//! resource. It knows nothing of Tauri so the same code serves the app, the tests and the benchmarks.

mod secret;

pub use secret::Secret;
