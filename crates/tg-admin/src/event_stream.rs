//! How events reach the window: as the answer to a call that waits for them (`next_events`),
//! not as script the shell asks the webview to run. WebKitGTK hands the result of every script
//! it runs for the shell back to the app process, which starts a JavaScript engine of its own to
//! hold it, resident for the app's life (JavaScriptCore's resident pages in the app process's
//! `/proc/<pid>/smaps` show it). A call's answer is an IPC answer like any other.
//!
//! The queue numbers the events and keeps the latest [`KEPT`], so the window asks for what came
//! after the last one it saw: an answer lost with a reloaded page loses no event the next call
//! can still get, and two windows would each get every event.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use tokio::sync::Notify;
use ts_rs::TS;

use crate::contract::EventSink;

/// How many of the latest events the queue keeps for a window that has not asked yet.
pub const KEPT: usize = 256;

/// How long a call waits for an event before it answers with none (and is asked again).
pub const LONGEST_WAIT: Duration = Duration::from_secs(25);

/// One event, as the window receives it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct QueuedEvent {
    /// The event's name, as declared in the contract.
    pub name: String,
    #[ts(type = "unknown")]
    pub payload: serde_json::Value,
}

/// The events after the one the window saw last, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EventBatch {
    pub events: Vec<QueuedEvent>,
    /// What to pass as `after` in the next call.
    pub last: u32,
}

/// The events on their way to the window.
#[derive(Default)]
pub struct EventQueue {
    kept: Mutex<Kept>,
    arrived: Notify,
}

#[derive(Default)]
struct Kept {
    /// The number of the newest event (0: none yet).
    last: u32,
    events: VecDeque<(u32, QueuedEvent)>,
}

impl EventQueue {
    /// Queues an event and wakes every waiting call.
    pub fn push(&self, name: &str, payload: serde_json::Value) {
        {
            let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
            kept.last = kept.last.wrapping_add(1);
            let number = kept.last;
            kept.events.push_back((
                number,
                QueuedEvent {
                    name: name.to_owned(),
                    payload,
                },
            ));
            if kept.events.len() > KEPT {
                kept.events.pop_front();
            }
        }
        self.arrived.notify_waiters();
    }

    /// The sink the app's commands emit into.
    pub fn sink(self: &Arc<Self>) -> EventSink {
        let queue = Arc::clone(self);
        Arc::new(move |name, payload| queue.push(name, payload))
    }

    /// The events after number `after` (with `None`, from now on), waiting up to `longest` for
    /// the first; an empty batch when none came.
    pub async fn next_after(&self, after: Option<u32>, longest: Duration) -> EventBatch {
        let deadline = tokio::time::Instant::now() + longest;
        let after = match after {
            Some(after) => after,
            None => self.lock().last,
        };
        loop {
            // Registered before looking, so an event pushed in between still wakes this call.
            let arrived = self.arrived.notified();
            let batch = self.after(after);
            if !batch.events.is_empty() {
                return batch;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return batch;
            }
        }
    }

    fn after(&self, after: u32) -> EventBatch {
        let kept = self.lock();
        EventBatch {
            events: kept
                .events
                .iter()
                .filter(|(number, _)| *number > after)
                .map(|(_, event)| event.clone())
                .collect(),
            last: kept.last.max(after),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(batch: &EventBatch) -> Vec<&str> {
        batch.events.iter().map(|e| e.name.as_str()).collect()
    }

    #[tokio::test]
    async fn a_waiting_call_gets_the_events_pushed_while_it_waits_in_order() {
        let queue = Arc::new(EventQueue::default());
        let waiting = tokio::spawn({
            let queue = Arc::clone(&queue);
            async move { queue.next_after(None, Duration::from_secs(5)).await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        let sink = queue.sink();
        sink("menu-command", json!("refresh"));
        let batch = waiting.await.unwrap();
        assert_eq!(names(&batch), ["menu-command"]);
        assert_eq!(batch.events[0].payload, json!("refresh"));
        assert_eq!(batch.last, 1);
    }

    #[tokio::test]
    async fn events_after_the_last_one_seen_are_kept_for_the_next_call() {
        let queue = EventQueue::default();
        queue.push("a", json!(1));
        let first = queue.next_after(Some(0), Duration::ZERO).await;
        queue.push("b", json!(2));
        queue.push("c", json!(3));
        let next = queue.next_after(Some(first.last), Duration::ZERO).await;
        assert_eq!(names(&first), ["a"]);
        assert_eq!(names(&next), ["b", "c"]);
        // A lost answer: asking again after the same number gets the same events.
        let again = queue.next_after(Some(first.last), Duration::ZERO).await;
        assert_eq!(names(&again), ["b", "c"]);
    }

    #[tokio::test]
    async fn a_call_from_now_on_ignores_earlier_events_and_answers_empty_when_none_come() {
        let queue = EventQueue::default();
        queue.push("before", json!(null));
        let batch = queue.next_after(None, Duration::from_millis(20)).await;
        assert!(batch.events.is_empty());
        assert_eq!(
            batch.last, 1,
            "the next call starts after the event it did not get"
        );
    }

    #[tokio::test]
    async fn only_the_latest_events_are_kept() {
        let queue = EventQueue::default();
        for i in 0..KEPT + 10 {
            queue.push("tick", json!(i));
        }
        let batch = queue.next_after(Some(0), Duration::ZERO).await;
        assert_eq!(batch.events.len(), KEPT);
        assert_eq!(batch.events[0].payload, json!(10));
    }
}
