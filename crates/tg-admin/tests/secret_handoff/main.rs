//! The one-time secret handoff as the shell drives it: copy with the history hint, the clipboard
//! countdown and its only-if-unchanged clearing, reveal, save to file, close and shutdown.
//! Time is tokio's paused clock, so a 30 s countdown runs instantly and exactly.
//!
//! - `harness`: the handoffs over an in-memory clipboard, and their events on the paused clock;
//! - `countdown`: copying, the countdown and when it clears (or leaves alone) the clipboard;
//! - `keeping`: the settings, reveal, save, and what survives a clipboard that fails.

mod countdown;
mod harness;
mod keeping;
