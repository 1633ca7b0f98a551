//! Fault cases the real sandbox does not produce on demand: slow answers, gateway errors,
//! throttling with `Retry-After`, broken connections and malformed bodies, served by a tiny
//! scripted HTTP server on 127.0.0.1:0 (`stub`).
//!
//! - `retries`: what is retried and what is not, and how each failure is reported;
//! - `hardening`: waits, names, redirects, answer sizes and the token call's answer.

mod hardening;
mod reach;
mod retries;
mod stub;
