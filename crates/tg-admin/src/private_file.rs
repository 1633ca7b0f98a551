//! Every file the app writes goes through [`write`] (from `tg-private-file`, which says how a file
//! is replaced whole and kept owner-only); the app's own files, in its config and data folders,
//! through [`write_app_file`], which makes their folder first.

use std::path::Path;

pub use tg_private_file::write;

use crate::error::{Error, Result};

/// [`write`] for one of the app's own files: creates its folder first, and reports a failure as
/// [`Error::Storage`].
pub fn write_app_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::storage("create", parent, e))?;
    }
    write(path, bytes).map_err(|e| Error::storage("write", path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_files_folder_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config/nested/connections.json");
        write_app_file(&path, b"[]").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"[]");
    }
}
