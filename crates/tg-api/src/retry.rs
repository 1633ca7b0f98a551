//! The app's one retry layer. Only reads (GET) are retried, and only after a failure that a
//! repeat can cure: a broken or refused connection, a timeout, 429, 502, 503 or 504. A write is
//! never repeated: a second POST could create twice, and a second token POST would silently
//! invalidate the secret the first one returned. The UI does not retry on top of this.
//!
//! The waits come from `backon`'s exponential backoff with jitter, capped again after the jitter
//! so no wait exceeds [`RetryPolicy::max_delay`]. A `Retry-After` answer (seconds or an HTTP
//! date) replaces the computed wait. And one bound covers the whole read, tries and waits alike,
//! so a hung API shows its error in about 35 seconds instead of several minutes:
//!
//! - the first try has the full request timeout (30 s by default);
//! - a retry starts only if its wait ends before [`RetryPolicy::max_elapsed`] (35 s) has passed
//!   since the first try began, and its own timeout is cut to the time left;
//! - so a read that times out ends at 30 s + what is left of 5 s = 35 s at most, and an API that
//!   answers 503 at once fails after 3 tries and two waits of 0.2-0.4 s and 0.4-0.8 s (1.2 s at
//!   most); a `Retry-After` longer than what is left ends the read at once with the answer.

use std::future::Future;
use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder, Retryable};
use tokio::time::Instant;

use crate::error::{Error, Result};

/// How reads are retried; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total tries for one read, the first included (1 = no retry).
    pub attempts: u32,
    /// The first wait, doubled for each later one. Jitter adds a random part of up to the wait's
    /// own length, so a wait of `d` becomes one between `d` and `2d`.
    pub base_delay: Duration,
    /// Upper bound for a single wait, jitter included (a server's `Retry-After` may ask for more).
    pub max_delay: Duration,
    /// Upper bound for a whole read, every try and wait included. The first try always gets the
    /// client's full request timeout, so the real bound is the larger of the two.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(2),
            max_elapsed: Duration::from_secs(35),
        }
    }
}

impl RetryPolicy {
    /// A single try, no retry.
    pub fn none() -> Self {
        Self {
            attempts: 1,
            ..Self::default()
        }
    }

    fn backoff(&self) -> ExponentialBackoff {
        ExponentialBuilder::new()
            .with_min_delay(self.base_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.attempts.saturating_sub(1) as usize)
            .with_jitter()
            .build()
    }
}

/// One failed try: the error, and how long the server asked to wait (`Retry-After`).
#[derive(Debug)]
pub(crate) struct Failure {
    pub error: Error,
    pub retry_after: Option<Duration>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self {
            error,
            retry_after: None,
        }
    }
}

/// Runs `try_once` (given the timeout for that try) as the policy allows; see the module docs.
pub(crate) async fn read<T, Fut>(
    policy: &RetryPolicy,
    timeout: Duration,
    mut try_once: impl FnMut(Duration) -> Fut,
) -> Result<T>
where
    Fut: Future<Output = std::result::Result<T, Failure>>,
{
    let deadline = Instant::now() + policy.max_elapsed.max(timeout);
    let attempt = || try_once(timeout.min(deadline.saturating_duration_since(Instant::now())));
    attempt
        .retry(policy.backoff())
        .sleep(tokio::time::sleep)
        .when(|failure: &Failure| failure.error.is_transient())
        .adjust(|failure, proposed| {
            next_wait(
                policy,
                proposed?,
                failure.retry_after,
                Instant::now(),
                deadline,
            )
        })
        .await
        .map_err(|failure| failure.error)
}

/// The wait before the next try, or `None` to give up: the server's `Retry-After` if it sent
/// one, else backon's proposal capped at `max_delay`; never a wait that ends past `deadline`.
fn next_wait(
    policy: &RetryPolicy,
    proposed: Duration,
    retry_after: Option<Duration>,
    now: Instant,
    deadline: Instant,
) -> Option<Duration> {
    let wait = retry_after.unwrap_or_else(|| proposed.min(policy.max_delay));
    (now + wait < deadline).then_some(wait)
}

/// Reads a `Retry-After` value: a number of seconds, or an HTTP date (a date in the past means
/// no wait). Anything else is ignored.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_and_never_exceed_max_delay_even_with_jitter() {
        let policy = RetryPolicy {
            attempts: 6,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
            max_elapsed: Duration::from_secs(60),
        };
        let now = Instant::now();
        let far = now + Duration::from_secs(60);
        for _ in 0..200 {
            let waits: Vec<Duration> = policy
                .backoff()
                .map(|proposed| next_wait(&policy, proposed, None, now, far).unwrap())
                .collect();
            assert_eq!(waits.len(), 5, "six tries are five waits");
            assert!(
                waits[0] >= Duration::from_millis(100) && waits[0] < Duration::from_millis(200),
                "the first wait is base_delay plus jitter below it: {waits:?}"
            );
            assert!(
                waits.iter().all(|w| *w <= policy.max_delay),
                "jitter must not push a wait past max_delay: {waits:?}"
            );
        }
    }

    #[test]
    fn retry_after_replaces_the_wait_but_not_the_deadline() {
        let policy = RetryPolicy::default();
        let now = Instant::now();
        let deadline = now + Duration::from_secs(35);
        let asked = Some(Duration::from_secs(10));
        assert_eq!(
            next_wait(&policy, Duration::from_millis(200), asked, now, deadline),
            Some(Duration::from_secs(10)),
            "the server's wait wins over the backoff, even above max_delay"
        );
        let late = now + Duration::from_secs(30);
        assert_eq!(
            next_wait(&policy, Duration::from_millis(200), asked, late, deadline),
            None,
            "a wait that would end past the bound gives up instead"
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(7));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(7)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(7));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }
}
