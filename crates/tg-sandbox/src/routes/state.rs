//! What every handler can reach: the database and the organisation it serves.

use std::sync::Arc;

use rusqlite::Transaction;

use crate::api_error::ApiError;
use crate::model::Org;
use crate::store::{self, Store};

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<Store>,
    pub org: Arc<Org>,
}

impl AppState {
    /// Runs a write transaction off the async workers (a commit waits for the disk).
    pub async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Transaction) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        store::write_blocking(&self.store, f).await
    }
}
