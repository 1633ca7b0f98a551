//! The handoffs over an in-memory clipboard, with their events read on tokio's paused clock.

use std::sync::Arc;
use std::time::Duration;

use tg_admin::clipboard::MemoryClipboard;
use tg_admin::secret_handoff::{
    CountdownEnded, CountdownEvent, CountdownTick, KeyHandoff, SecretHandoffs,
};
use tg_api::Secret;
use tokio::runtime::Handle;
use tokio::sync::mpsc::{UnboundedReceiver, error::TryRecvError, unbounded_channel};
use tokio::time::Instant;

pub const CLIENT_ID: &str = "0f9b3c1e-5a8d-4e2b-9c7f-1d6a2b3c4d5e";
pub const SECRET: &str = "b7e2f4a91c0d3e5f6a7b8c9d0e1f2a3b";
pub const USER: &str = "ci-deployer";

pub struct Harness {
    pub clipboard: Arc<MemoryClipboard>,
    pub handoffs: SecretHandoffs,
    pub events: UnboundedReceiver<CountdownEvent>,
    pub start: Instant,
}

impl Harness {
    pub fn new() -> Self {
        let clipboard = Arc::new(MemoryClipboard::new());
        let (sender, events) = unbounded_channel();
        let handoffs = SecretHandoffs::new(clipboard.clone(), Handle::current(), move |event| {
            let _ = sender.send(event);
        });
        Self {
            clipboard,
            handoffs,
            events,
            start: Instant::now(),
        }
    }

    pub fn begin(&self) -> KeyHandoff {
        let (handoff, copied) = self.handoffs.begin(USER, CLIENT_ID, Secret::new(SECRET));
        copied.expect("copying to the in-memory clipboard cannot fail");
        handoff
    }

    /// Whole seconds of (paused) time since the harness was made.
    pub fn elapsed(&self) -> u64 {
        self.start.elapsed().as_secs()
    }

    /// The next event and when it came. The paused clock jumps straight to the next timer.
    pub async fn next(&mut self) -> (u64, CountdownEvent) {
        let event = tokio::time::timeout(Duration::from_secs(3600), self.events.recv())
            .await
            .expect("an event must come within the hour")
            .expect("the event sender lives as long as the handoffs");
        (self.elapsed(), event)
    }

    pub async fn next_tick(&mut self) -> (u64, CountdownTick) {
        match self.next().await {
            (at, CountdownEvent::Tick(tick)) => (at, tick),
            (at, other) => panic!("expected a tick at {at}s, got {other:?}"),
        }
    }

    /// Collects ticks until the countdown ends; returns the ticks and the end with their times.
    pub async fn run_to_end(&mut self) -> (Vec<(u64, CountdownTick)>, u64, CountdownEnded) {
        let mut ticks = Vec::new();
        loop {
            match self.next().await {
                (at, CountdownEvent::Tick(tick)) => ticks.push((at, tick)),
                (at, CountdownEvent::Ended(ended)) => return (ticks, at, ended),
            }
        }
    }

    /// Lets a long time pass and checks that nothing was emitted meanwhile.
    pub async fn assert_quiet_for(&mut self, seconds: u64, why: &str) {
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        match self.events.try_recv() {
            Err(TryRecvError::Empty) => {}
            other => panic!("{why}; got {other:?}"),
        }
    }
}
