//! Keeps every webview on the app's own pages.
//!
//! Article text never becomes markup and the CSP refuses remote loads, but a
//! top-level navigation is not a load the CSP governs: without this guard a
//! page that navigated itself (a link, a refresh, `location.assign`) would load
//! a remote origin in the app's window, which is a request leaving the machine
//! and a stranger's page dressed as Dossier. The GUI test
//! `tests/gui/security.test.mjs` navigates to a local counting server and
//! checks that nothing arrives.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Manager, Runtime, Url};

/// A plugin whose navigation hook refuses every URL that is not the app's own.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|webview, url| {
            let dev = webview.config().build.dev_url.as_ref();
            is_app_url(url, dev)
        })
        .build()
}

/// The app's bundled pages (`tauri://localhost` on Linux and macOS,
/// `http(s)://tauri.localhost` on Windows), `about:` (blank and `srcdoc`
/// frames), blob URLs the app made itself (the map's PNG download), and in a
/// build without the bundled UI, the dev server's origin.
fn is_app_url(url: &Url, dev_url: Option<&Url>) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" if url.host_str() == Some("tauri.localhost") => true,
        "about" => true,
        // A blob URL's path is the origin that created it.
        "blob" => Url::parse(url.path()).is_ok_and(|inner| is_app_url(&inner, dev_url)),
        _ => {
            !cfg!(feature = "custom-protocol")
                && dev_url.is_some_and(|dev| dev.origin() == url.origin())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(url: &str) -> bool {
        let dev = Url::parse("http://localhost:5173").unwrap();
        is_app_url(&Url::parse(url).unwrap(), Some(&dev))
    }

    #[test]
    fn the_app_s_own_pages_are_allowed() {
        assert!(allowed("tauri://localhost/"));
        assert!(allowed("tauri://localhost/index.html#view=map"));
        assert!(allowed("http://tauri.localhost/"));
        assert!(allowed("https://tauri.localhost/"));
        assert!(allowed("about:blank"));
        assert!(allowed("about:srcdoc"));
        assert!(allowed(
            "blob:tauri://localhost/4f1e7a52-6d3b-4f5c-9d0e-2b8a1c3e5f70"
        ));
    }

    #[test]
    fn remote_and_foreign_urls_are_refused() {
        for url in [
            "http://127.0.0.1:8080/",
            "https://example.com/",
            "http://localhost.evil.example/",
            "tauri://evil.example/",
            "file:///etc/passwd",
            "data:text/html,<script>alert(1)</script>",
            "blob:https://example.com/4f1e7a52",
            "javascript:alert(1)",
            "ftp://example.com/",
        ] {
            assert!(!allowed(url), "{url} must be refused");
        }
    }

    #[test]
    fn the_dev_server_only_without_the_bundled_ui() {
        assert_eq!(
            allowed("http://localhost:5173/"),
            !cfg!(feature = "custom-protocol")
        );
        assert!(!allowed("http://localhost:5174/"));
    }
}
