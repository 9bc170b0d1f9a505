//! The webview's guard rails, read from the files that set them: a strict CSP in
//! `tauri.conf.json` and minimal capabilities in `capabilities/*.json`.
//!
//! Article content comes from strangers (DESIGN.md, "Untrusted content"). The UI
//! only ever sets it as text; these limits are the second line: if markup ever
//! got in, no script of its own could run, nothing could be fetched from another
//! origin, and the page could call only Dossier's own commands and the few
//! plugin commands listed below. `tests/gui/security.test.mjs` checks the same in
//! the running webview. Loosening a limit means changing this test, on purpose.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Plugin permissions the window may hold, each with what needs it.
const PLUGIN_PERMISSIONS: &[(&str, &str)] = &[
    (
        "core:event:allow-listen",
        "drag-drop events and import progress",
    ),
    ("core:event:allow-unlisten", "the same, when a view closes"),
    ("dialog:allow-open", "Import… picks files and folders"),
    ("dialog:allow-save", "saving a report where the user says"),
    ("opener:allow-open-path", "opening a saved report"),
];

/// Permission families that must never be granted: the webview reads no files,
/// runs no programs and makes no requests; Rust does what the user asks.
const FORBIDDEN_PREFIXES: &[&str] = &[
    "fs:",
    "shell:",
    "http:",
    "process:",
    "updater:",
    "websocket:",
    "upload:",
    "sql:",
    "store:",
    "core:webview:",
    "core:window:",
    "core:path:",
    "core:app:",
];

fn src_tauri() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn config() -> Value {
    serde_json::from_str(&read(&src_tauri().join("tauri.conf.json"))).expect("tauri.conf.json")
}

/// A CSP as Tauri takes it (a string, or an object of strings or lists) as directive → sources.
fn directives(csp: &Value) -> BTreeMap<String, Vec<String>> {
    let split = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    match csp {
        Value::String(s) => s
            .split(';')
            .filter_map(|d| {
                let mut words = split(d).into_iter();
                words.next().map(|name| (name, words.collect()))
            })
            .collect(),
        Value::Object(map) => map
            .iter()
            .map(|(name, v)| {
                let sources = match v {
                    Value::String(s) => split(s),
                    Value::Array(list) => list
                        .iter()
                        .map(|s| s.as_str().expect("a CSP source is a string").to_owned())
                        .collect(),
                    other => panic!("CSP {name}: unexpected {other}"),
                };
                (name.clone(), sources)
            })
            .collect(),
        other => panic!("the CSP must be set (a string or an object), found {other}"),
    }
}

/// Fails unless every source of `name` is in `allowed`; returns its sources.
fn only<'a>(csp: &'a BTreeMap<String, Vec<String>>, name: &str, allowed: &[&str]) -> &'a [String] {
    let sources = csp
        .get(name)
        .unwrap_or_else(|| panic!("the CSP sets no {name}"));
    assert!(!sources.is_empty(), "{name} is empty");
    for s in sources {
        assert!(
            allowed.contains(&s.as_str()),
            "{name} allows {s}; only {allowed:?} are expected"
        );
    }
    sources
}

/// A source that reaches beyond the app: a host, a wildcard or a network scheme.
fn is_remote(source: &str) -> bool {
    let s = source.trim_matches('\'');
    s.contains('*')
        || (s.contains("://") && s != "http://ipc.localhost")
        || matches!(
            s,
            "http:" | "https:" | "ws:" | "wss:" | "ftp:" | "filesystem:"
        )
}

fn csp() -> BTreeMap<String, Vec<String>> {
    directives(&config()["app"]["security"]["csp"])
}

#[test]
fn the_csp_allows_only_the_app_s_own_scripts() {
    let csp = csp();
    assert_eq!(
        csp.get("default-src").map(Vec::as_slice),
        Some(&["'self'".to_owned()][..])
    );
    // No inline script, no eval, no remote script; Tauri adds its nonces at run time.
    only(&csp, "script-src", &["'self'"]);
    for name in ["script-src-elem", "script-src-attr"] {
        if csp.contains_key(name) {
            only(&csp, name, &["'self'"]);
        }
    }
    for (name, sources) in &csp {
        for bad in [
            "'unsafe-eval'",
            "'wasm-unsafe-eval'",
            "'unsafe-hashes'",
            "'strict-dynamic'",
        ] {
            assert!(!sources.iter().any(|s| s == bad), "{name} allows {bad}");
        }
    }
}

#[test]
fn the_csp_allows_no_remote_origin() {
    let csp = csp();
    for (name, sources) in &csp {
        for s in sources {
            assert!(!is_remote(s), "{name} allows the remote source {s}");
        }
    }
    // Only the IPC bridge: a fetch to anywhere else is refused.
    only(
        &csp,
        "connect-src",
        &["ipc:", "http://ipc.localhost", "'self'"],
    );
    // Pictures the app makes itself (the map export, previews); never a remote image.
    only(&csp, "img-src", &["'self'", "data:", "blob:"]);
    // Inline styles carry no script, and their url()s fall under img-src and font-src.
    only(&csp, "style-src", &["'self'", "'unsafe-inline'"]);
    if csp.contains_key("font-src") {
        only(&csp, "font-src", &["'self'", "data:"]);
    }
    for name in ["media-src", "worker-src", "child-src", "manifest-src"] {
        if csp.contains_key(name) {
            only(&csp, name, &["'self'", "'none'", "blob:", "data:"]);
        }
    }
}

#[test]
fn the_csp_forbids_plugins_frames_forms_and_base_changes() {
    let csp = csp();
    assert_eq!(only(&csp, "object-src", &["'none'"]), ["'none'"]);
    assert_eq!(only(&csp, "form-action", &["'none'"]), ["'none'"]);
    only(&csp, "base-uri", &["'none'", "'self'"]);
    // The report preview is a sandboxed srcdoc frame; no frame loads another origin.
    if csp.contains_key("frame-src") {
        only(&csp, "frame-src", &["'none'", "'self'", "about:"]);
    }
}

#[test]
fn the_dev_csp_keeps_scripts_local_too() {
    let config = config();
    let dev = &config["app"]["security"]["devCsp"];
    if dev.is_null() {
        return;
    }
    let csp = directives(dev);
    only(&csp, "script-src", &["'self'"]);
    only(&csp, "object-src", &["'none'"]);
    for (name, sources) in &csp {
        assert!(
            !sources.iter().any(|s| s == "'unsafe-eval'"),
            "devCsp {name} allows eval"
        );
        for s in sources {
            // Vite's dev server is the only other origin it may name.
            let local = s.contains("://localhost:") || s == "http://ipc.localhost";
            assert!(!is_remote(s) || local, "devCsp {name} allows {s}");
        }
    }
}

#[test]
fn the_webview_gets_no_global_api_and_keeps_the_csp() {
    let config = config();
    let security = &config["app"]["security"];
    assert_ne!(
        config["app"]["withGlobalTauri"],
        Value::Bool(true),
        "withGlobalTauri must stay off"
    );
    for flag in [
        "dangerousDisableAssetCspModification",
        "dangerousRemoteDomainIpcAccess",
    ] {
        assert!(
            security[flag].is_null() || security[flag] == Value::Bool(false),
            "{flag} must not be set"
        );
    }
    assert_ne!(
        security["assetProtocol"]["enable"],
        Value::Bool(true),
        "the asset protocol serves files: keep it off"
    );
    // freezePrototype is off on purpose (vis-timeline assigns to its prototypes);
    // the reason must stay written down where the next reader looks.
    if security["freezePrototype"] != Value::Bool(true) {
        let doc = read(&src_tauri().join("../ARCHITECTURE.md"));
        assert!(
            doc.contains("freezePrototype"),
            "ARCHITECTURE.md explains why freezePrototype is off"
        );
    }
    // Windows load the bundled UI, never a remote page.
    for window in config["app"]["windows"].as_array().into_iter().flatten() {
        if let Some(url) = window["url"].as_str() {
            assert!(
                !url.contains("://"),
                "window {} loads {url}",
                window["label"]
            );
        }
    }
}

/// The app's commands as `build.rs` declares them (each gets an `allow-<name>` permission).
fn declared_commands() -> BTreeSet<String> {
    let build = read(&src_tauri().join("build.rs"));
    let start = build
        .find("const COMMANDS")
        .expect("build.rs declares COMMANDS");
    let list = &build[start..start + build[start..].find("];").expect("end of COMMANDS")];
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The commands `main.rs` registers with `generate_handler!`.
fn registered_commands() -> BTreeSet<String> {
    let main = read(&src_tauri().join("src/main.rs"));
    let start = main
        .find("generate_handler![")
        .expect("main.rs registers commands")
        + "generate_handler![".len();
    let list = &main[start..start + main[start..].find(']').expect("end of generate_handler!")];
    list.split(',')
        .map(|path| path.trim())
        .filter(|path| !path.is_empty())
        .map(|path| path.rsplit("::").next().unwrap().to_owned())
        .collect()
}

#[test]
fn the_declared_commands_are_the_registered_ones() {
    let declared = declared_commands();
    assert!(
        declared.len() > 10,
        "COMMANDS parsed from build.rs: {declared:?}"
    );
    assert_eq!(
        declared,
        registered_commands(),
        "build.rs COMMANDS and main.rs generate_handler! differ"
    );
}

/// Every capability: the files in `capabilities/` and any written inline in the config.
fn capabilities() -> Vec<(String, Value)> {
    let dir = src_tauri().join("capabilities");
    let mut caps: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                name.ends_with(".json"),
                "capabilities are JSON, checked here: {name}"
            );
            let value =
                serde_json::from_str(&read(&path)).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, value)
        })
        .collect();
    for inline in config()["app"]["security"]["capabilities"]
        .as_array()
        .into_iter()
        .flatten()
    {
        if inline.is_object() {
            caps.push(("tauri.conf.json".into(), inline.clone()));
        }
    }
    caps
}

#[test]
fn capabilities_grant_only_the_app_s_commands_and_a_few_plugin_permissions() {
    let own: BTreeSet<String> = declared_commands()
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    let caps = capabilities();
    assert!(!caps.is_empty(), "no capability found");
    for (file, cap) in &caps {
        assert!(
            cap["remote"].is_null(),
            "{file}: remote pages must get no IPC"
        );
        let permissions = cap["permissions"]
            .as_array()
            .unwrap_or_else(|| panic!("{file}: no permissions"));
        for p in permissions {
            let id = p
                .as_str()
                .or_else(|| p["identifier"].as_str())
                .unwrap_or_else(|| panic!("{file}: unreadable permission {p}"));
            for prefix in FORBIDDEN_PREFIXES {
                assert!(
                    !id.starts_with(prefix),
                    "{file} grants {id}: the webview gets no {prefix} permission"
                );
            }
            assert!(
                !id.ends_with(":default") && id != "default",
                "{file} grants the default set {id}"
            );
            let plugin = PLUGIN_PERMISSIONS.iter().any(|(allowed, _)| *allowed == id);
            assert!(
                own.contains(id) || plugin,
                "{file} grants {id}, which is neither one of the app's commands (build.rs) nor on the list above"
            );
            // A scoped grant names its paths; none covers the whole disk or home.
            for scope in ["allow", "deny"] {
                for entry in p[scope].as_array().into_iter().flatten() {
                    let path = entry["path"]
                        .as_str()
                        .or_else(|| entry.as_str())
                        .unwrap_or("");
                    assert!(
                        !matches!(path, "*" | "**" | "/**" | "$HOME/**" | "$HOME" | "/"),
                        "{file}: {id} is scoped to {path}"
                    );
                }
            }
        }
    }
}
