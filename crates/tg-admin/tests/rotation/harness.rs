//! What every rotation test needs: a host that saves files and allows confirmations, API
//! clients, a user's keys, and the check that no secret reached a report or the journal.

use super::*;

/// Saves every file into `folder` under the suggested name; allows every confirmation.
pub(crate) struct SavingHost {
    pub(crate) folder: PathBuf,
    pub(crate) asked: Mutex<Vec<String>>,
}

impl Host for SavingHost {
    fn choose_save_path(&self, request: SaveRequest) -> BoxFuture<'static, Option<PathBuf>> {
        self.asked.lock().unwrap().push(request.file_name.clone());
        let path = self.folder.join(request.file_name);
        Box::pin(async move { Some(path) })
    }
    fn confirm(&self, _: ConfirmRequest) -> BoxFuture<'static, bool> {
        Box::pin(async { true })
    }
    fn choose_folder(&self, _: &'static str) -> BoxFuture<'static, Option<PathBuf>> {
        Box::pin(async { None })
    }
}

pub(crate) fn host(dir: &Path) -> SavingHost {
    let folder = dir.join("saved");
    std::fs::create_dir_all(&folder).unwrap();
    SavingHost {
        folder,
        asked: Mutex::new(Vec::new()),
    }
}

/// Gives `name` keys through the admin and returns them (client id, secret).
pub(crate) async fn keys_of(fixture: &SandboxFixture, name: &str) -> (String, String) {
    let keys = fixture
        .admin()
        .service_users()
        .generate_token(name)
        .await
        .unwrap();
    (keys.client_id, keys.secret.expose_secret().to_owned())
}

pub(crate) fn no_progress() -> impl Fn(rotation::RotationProgress) + Send + Sync {
    |_| {}
}

/// Every secret in `secrets` is absent from the report's JSON and the journal file.
pub(crate) fn assert_no_secret(report: &RotationReport, journal: &Path, secrets: &[String]) {
    let shown = serde_json::to_string(report).unwrap();
    let journalled = std::fs::read_to_string(journal).unwrap_or_default();
    for secret in secrets {
        assert!(
            !shown.contains(secret.as_str()),
            "the report holds a secret: {shown}"
        );
        assert!(
            !journalled.contains(secret.as_str()),
            "the journal holds a secret"
        );
    }
}
