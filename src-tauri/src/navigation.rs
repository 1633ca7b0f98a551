//! The window shows the app and nothing else. A script that found its way into the page (through
//! a dependency, say) could otherwise send a revealed Client Secret away by navigating to a
//! server of its choosing (`location.href = "https://…/?" + secret`): the content security policy
//! limits what the page fetches, not where it navigates. So every navigation is checked here,
//! for every window, and one that leaves the app's own origin is refused.
//!
//! New windows (`window.open`, a link with `target="_blank"`) are refused too: the app sets no
//! handler for them, and without one wry turns every request down on each platform (WebKitGTK
//! creates no view, WebView2's request is marked handled, WKWebView gets no view back). The
//! end-to-end test `the_window_never_leaves_the_app` checks both in the real app.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Manager, Runtime, Url};

/// The plugin that refuses navigations away from the app.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|webview, url| {
            let dev_server = if tauri::is_dev() {
                webview.config().build.dev_url.clone()
            } else {
                None
            };
            let allowed = is_app_url(url, dev_server.as_ref());
            if !allowed {
                // Only the scheme: the rest of a refused address may carry what it tried to send.
                tracing::warn!(
                    scheme = url.scheme(),
                    "refused a navigation away from the app"
                );
            }
            allowed
        })
        .build()
}

/// Whether `url` is the app itself: `tauri://localhost` (Linux, macOS), `http(s)://tauri.localhost`
/// (Windows), or the dev server in a development build.
pub fn is_app_url(url: &Url, dev_server: Option<&Url>) -> bool {
    let bundled = match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost") && url.port().is_none(),
        _ => false,
    };
    bundled || dev_server.is_some_and(|dev| dev.origin() == url.origin())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn the_app_and_its_own_routes_are_allowed() {
        for allowed in [
            "tauri://localhost",
            "tauri://localhost/index.html#/service-users/cicd",
            "http://tauri.localhost/",
            "https://tauri.localhost/#/activity",
        ] {
            assert!(is_app_url(&url(allowed), None), "{allowed}");
        }
    }

    #[test]
    fn every_other_origin_is_refused() {
        for refused in [
            "https://collector.example/?secret=723ae93acd87aa70b9b5b1fedcd38c85",
            "http://127.0.0.1:8787/v2/service-user",
            "http://localhost/",
            "tauri://evil.example/",
            "https://tauri.localhost.example/",
            "http://tauri.localhost:8080/",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "about:blank",
            "javascript:alert(1)",
        ] {
            assert!(!is_app_url(&url(refused), None), "{refused}");
        }
    }

    #[test]
    fn the_dev_server_counts_only_in_a_development_build_and_only_its_origin() {
        let dev = url("http://127.0.0.1:5173");
        assert!(is_app_url(
            &url("http://127.0.0.1:5173/#/activity"),
            Some(&dev)
        ));
        assert!(!is_app_url(&url("http://127.0.0.1:5173/"), None));
        assert!(!is_app_url(&url("http://127.0.0.1:5174/"), Some(&dev)));
        assert!(!is_app_url(&url("https://127.0.0.1:5173/"), Some(&dev)));
    }
}
