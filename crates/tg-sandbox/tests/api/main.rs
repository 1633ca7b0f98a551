//! End-to-end tests of the sandbox over real HTTP on 127.0.0.1:0. One test binary (with one
//! module per area) keeps the build and the run fast.

mod auth;
mod common;
mod faults;
mod lifecycle;
mod limits;
mod policies;
mod recovery;
mod service_users;
