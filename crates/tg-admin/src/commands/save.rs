//! The last step every export shares: ask where with the native save dialog, then write there
//! owner-only through the one private-file writer.

/// Asks where with the native save dialog, then writes `bytes` there owner-only; the path
/// written, or `None` when the user cancelled. `action` says what failed ("write the report to").
pub(super) async fn save_chosen(
    host: &dyn crate::contract::Host,
    request: crate::contract::SaveRequest,
    bytes: &[u8],
    action: &'static str,
) -> Result<Option<String>, crate::AppError> {
    let Some(path) = host.choose_save_path(request).await else {
        return Ok(None);
    };
    crate::private_file::write(&path, bytes)
        .map_err(|e| crate::Error::storage(action, &path, e))?;
    Ok(Some(path.display().to_string()))
}
