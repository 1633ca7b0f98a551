//! The service users the app listed a moment ago, for whatever asks again right after.
//!
//! A refresh of the list page asks for the users and, at the same moment, for the findings over
//! them; without this the findings would list every user a second time (10,000 users: a second
//! full request, decode and copy on every refresh). The copy is kept for a few seconds, for the
//! connection it came from, and is dropped by any change the app makes (every change is
//! journaled, and the journal's writer calls [`RecentUsers::forget`]), so nothing reads a list
//! older than its own last change.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tg_api::ServiceUser;
use tokio::sync::Mutex;

/// How long a listed copy may be reused: long enough for the findings to follow the list.
const FRESH_FOR: Duration = Duration::from_secs(3);

/// The last list fetched, and a count of changes made since the app started.
pub struct RecentUsers {
    last: Mutex<Option<Listed>>,
    changes: AtomicU64,
    fresh_for: Duration,
}

impl Default for RecentUsers {
    fn default() -> Self {
        Self::fresh_for(FRESH_FOR)
    }
}

struct Listed {
    connection_id: String,
    taken: Instant,
    /// The change count when the fetch began: a change made during the fetch makes it stale.
    changes: u64,
    users: Arc<Vec<ServiceUser>>,
}

impl RecentUsers {
    /// Keeps each list for `fresh_for`.
    pub fn fresh_for(fresh_for: Duration) -> Self {
        Self {
            last: Mutex::new(None),
            changes: AtomicU64::new(0),
            fresh_for,
        }
    }

    /// Fetches the users and keeps the copy. Concurrent callers wait for each other, so a second
    /// caller arriving during a fetch can reuse its result through [`RecentUsers::get`].
    pub async fn fetch<E>(
        &self,
        connection_id: &str,
        fetch: impl Future<Output = Result<Vec<ServiceUser>, E>>,
    ) -> Result<Arc<Vec<ServiceUser>>, E> {
        let mut last = self.last.lock().await;
        self.fetch_into(&mut last, connection_id, fetch).await
    }

    /// The copy fetched for this connection in the last few seconds with no change since, or a
    /// fresh fetch.
    pub async fn get<E>(
        &self,
        connection_id: &str,
        fetch: impl Future<Output = Result<Vec<ServiceUser>, E>>,
    ) -> Result<Arc<Vec<ServiceUser>>, E> {
        let mut last = self.last.lock().await;
        let changes = self.changes.load(Ordering::SeqCst);
        if let Some(listed) = last.as_ref().filter(|l| {
            l.connection_id == connection_id
                && l.changes == changes
                && l.taken.elapsed() <= self.fresh_for
        }) {
            return Ok(Arc::clone(&listed.users));
        }
        self.fetch_into(&mut last, connection_id, fetch).await
    }

    /// Makes every copy taken so far stale (called for every change the app makes).
    pub fn forget(&self) {
        self.changes.fetch_add(1, Ordering::SeqCst);
    }

    async fn fetch_into<E>(
        &self,
        last: &mut Option<Listed>,
        connection_id: &str,
        fetch: impl Future<Output = Result<Vec<ServiceUser>, E>>,
    ) -> Result<Arc<Vec<ServiceUser>>, E> {
        let changes = self.changes.load(Ordering::SeqCst);
        let taken = Instant::now();
        let users = Arc::new(fetch.await?);
        *last = Some(Listed {
            connection_id: connection_id.to_owned(),
            taken,
            changes,
            users: Arc::clone(&users),
        });
        Ok(users)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use super::*;

    fn user(name: &str) -> ServiceUser {
        serde_json::from_value(serde_json::json!({
            "name": name, "orgId": "org", "status": "active", "policyIds": []
        }))
        .unwrap()
    }

    /// A fetch that counts how often it ran and returns one user named after the count.
    async fn counted(calls: &AtomicUsize) -> Result<Vec<ServiceUser>, ()> {
        let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
        Ok(vec![user(&format!("fetch-{n}"))])
    }

    #[tokio::test]
    async fn a_list_just_fetched_is_reused_for_the_same_connection() {
        let recent = RecentUsers::default();
        let calls = AtomicUsize::new(0);
        recent.fetch("a", counted(&calls)).await.unwrap();
        let again = recent.get("a", counted(&calls)).await.unwrap();
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "the second read reused the list"
        );
        assert_eq!(again[0].name, "fetch-1");
    }

    #[tokio::test]
    async fn another_connection_or_a_change_fetches_again() {
        let recent = RecentUsers::default();
        let calls = AtomicUsize::new(0);
        recent.fetch("a", counted(&calls)).await.unwrap();
        assert_eq!(
            recent.get("b", counted(&calls)).await.unwrap()[0].name,
            "fetch-2"
        );
        recent.forget();
        assert_eq!(
            recent.get("b", counted(&calls)).await.unwrap()[0].name,
            "fetch-3"
        );
    }

    #[tokio::test]
    async fn a_change_during_the_fetch_makes_its_result_stale() {
        let recent = RecentUsers::default();
        let calls = AtomicUsize::new(0);
        recent
            .fetch("a", async {
                recent.forget();
                counted(&calls).await
            })
            .await
            .unwrap();
        assert_eq!(
            recent.get("a", counted(&calls)).await.unwrap()[0].name,
            "fetch-2"
        );
    }

    #[tokio::test]
    async fn an_old_list_is_fetched_again() {
        let recent = RecentUsers::fresh_for(Duration::from_millis(20));
        let calls = AtomicUsize::new(0);
        recent.fetch("a", counted(&calls)).await.unwrap();
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(
            recent.get("a", counted(&calls)).await.unwrap()[0].name,
            "fetch-2"
        );
    }

    #[tokio::test]
    async fn a_failed_fetch_is_not_kept() {
        let recent = RecentUsers::default();
        let calls = AtomicUsize::new(0);
        let failed: Result<_, &str> = recent.fetch("a", async { Err("offline") }).await;
        assert!(failed.is_err());
        let fetched = recent.get("a", async { counted(&calls).await.map_err(|()| "x") });
        assert_eq!(fetched.await.unwrap()[0].name, "fetch-1");
    }
}
