//! How WebKitGTK paints the window on Linux. Its accelerated compositing draws through OpenGL; on
//! a machine with no GPU render node (a virtual machine, a remote desktop, Xvfb) that OpenGL is
//! Mesa's software rasteriser, and WebKit then held the Service Users list's first frame back
//! while the page's thread sat idle; its non-composited mode paints on the CPU directly and showed
//! it at once. So without a render node the app asks WebKit for that mode, unless the user chose
//! (`WEBKIT_DISABLE_COMPOSITING_MODE=0` keeps compositing on). A machine with a GPU is left as
//! WebKit sets it up. The rule is here, without Tauri, so the start-up benchmark gives its bare
//! window the same painting as the app (BENCHMARKS.md, release section).

use std::ffi::OsStr;
use std::path::Path;

/// WebKitGTK's switch: set to anything but `0`, it paints without compositing.
pub const COMPOSITING_SWITCH: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Where the kernel lists the GPUs' device nodes; a render node is `renderD<n>`.
const DRI: &str = "/dev/dri";

/// Whether to ask for non-composited painting: the user left the switch unset and `dri` holds no
/// render node.
pub fn paint_without_compositing(user_choice: Option<&OsStr>, dri: &Path) -> bool {
    user_choice.is_none() && !has_render_node(dri)
}

/// [`paint_without_compositing`] for this machine and this process's environment (never on
/// systems other than Linux).
pub fn paint_without_compositing_here() -> bool {
    cfg!(target_os = "linux")
        && paint_without_compositing(
            std::env::var_os(COMPOSITING_SWITCH).as_deref(),
            Path::new(DRI),
        )
}

fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_render_node_the_app_paints_without_compositing() {
        let dri = tempfile::tempdir().unwrap();
        std::fs::write(dri.path().join("card0"), "").unwrap();
        assert!(
            paint_without_compositing(None, dri.path()),
            "a display card alone is no render node"
        );
        assert!(
            paint_without_compositing(None, &dri.path().join("missing")),
            "no /dev/dri at all"
        );
    }

    #[test]
    fn a_render_node_or_the_users_own_choice_leaves_webkit_as_it_is() {
        let dri = tempfile::tempdir().unwrap();
        std::fs::write(dri.path().join("renderD128"), "").unwrap();
        assert!(
            !paint_without_compositing(None, dri.path()),
            "a GPU's render node"
        );
        let empty = tempfile::tempdir().unwrap();
        assert!(
            !paint_without_compositing(Some(OsStr::new("0")), empty.path()),
            "the user keeps compositing"
        );
        assert!(
            !paint_without_compositing(Some(OsStr::new("1")), empty.path()),
            "the user's own setting"
        );
    }
}
