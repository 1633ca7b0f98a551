//! Hands the heap pages a large answer freed back to the system once the calls stop. Listing
//! 10,000 service users passes the list through the process several times (the embedded
//! sandbox's JSON body, the client's parsed users, the answer encoded for the webview), and
//! glibc's allocator keeps the pages it freed in its per-thread arenas, where they count in the
//! app's resident memory (the memory rows of BENCHMARKS.md's release section). A moment after the
//! last call ends, `malloc_trim` returns them. Other allocators (musl, macOS, Windows) give pages
//! back on their own, and there this does nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How long the app waits, after a call ends, for another call before trimming: a page's calls
/// come in bursts, and one trim after the burst is enough.
pub const QUIET_BEFORE_TRIM: Duration = Duration::from_secs(1);

/// Trims the heap once no call has ended for [`QUIET_BEFORE_TRIM`].
pub struct HeapTrim {
    /// Counts the calls that ended; a waiting trim runs only if no call ended after its own.
    calls_ended: Arc<AtomicU64>,
    quiet: Duration,
    trim: fn(),
}

impl Default for HeapTrim {
    fn default() -> Self {
        Self::with(QUIET_BEFORE_TRIM, return_free_pages)
    }
}

impl HeapTrim {
    /// A trim that runs `trim` after `quiet` (tests count the trims this way).
    pub fn with(quiet: Duration, trim: fn()) -> Self {
        Self {
            calls_ended: Arc::new(AtomicU64::new(0)),
            quiet,
            trim,
        }
    }

    /// Notes that a call ended. Needs a Tokio runtime: the wait is a task, and the trim runs
    /// on a blocking thread (it walks every arena).
    pub fn call_ended(&self) {
        let this_call = self.calls_ended.fetch_add(1, Ordering::SeqCst) + 1;
        let calls_ended = Arc::clone(&self.calls_ended);
        let (quiet, trim) = (self.quiet, self.trim);
        tokio::spawn(async move {
            tokio::time::sleep(quiet).await;
            if calls_ended.load(Ordering::SeqCst) == this_call {
                let _ = tokio::task::spawn_blocking(trim).await;
            }
        });
    }
}

/// Returns the free pages of every glibc arena to the system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_free_pages() {
    // SAFETY: malloc_trim only reorganises the allocator's own free lists, under its locks.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_free_pages() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    static TRIMS: AtomicUsize = AtomicUsize::new(0);

    fn count_trim() {
        TRIMS.fetch_add(1, Ordering::SeqCst);
    }

    async fn settle(time: Duration) {
        tokio::time::sleep(time).await;
        // The trim runs on a blocking thread: give it a moment of real time.
        for _ in 0..50 {
            tokio::task::yield_now().await;
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_of_calls_is_trimmed_once_after_the_quiet_and_a_later_call_again() {
        let heap = HeapTrim::with(Duration::from_secs(1), count_trim);
        for _ in 0..3 {
            heap.call_ended();
            settle(Duration::from_millis(300)).await;
        }
        assert_eq!(
            TRIMS.load(Ordering::SeqCst),
            0,
            "calls still coming: no trim"
        );
        settle(Duration::from_millis(800)).await;
        assert_eq!(TRIMS.load(Ordering::SeqCst), 1, "one trim after the burst");
        heap.call_ended();
        settle(Duration::from_millis(1100)).await;
        assert_eq!(
            TRIMS.load(Ordering::SeqCst),
            2,
            "a later call is trimmed after too"
        );
    }
}
