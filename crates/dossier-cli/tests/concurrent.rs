//! Two processes on one library: a user keeps the app open (or an import
//! running) while a script searches, lists and imports into the same library.
//! SQLite serialises the writes and the search index's single writer is held
//! only while an import runs, so nothing fails and nothing is lost.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn command(library: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.arg("--library").arg(library).arg("--json").args(args);
    cmd
}

fn run(library: &Path, args: &[&str]) -> Value {
    let out: Output = command(library, args).output().unwrap();
    assert!(
        out.status.success(),
        "dossier {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Articles that each carry a word no other article has, so that searching
/// for it shows whether that article reached the search index.
fn write_articles(dir: &Path, count: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..count {
        let body = format!(
            "Officials met in Basra on Monday to discuss the port budget. \
             The meeting, the {i}th of its kind, ended without agreement. "
        )
        .repeat(12);
        std::fs::write(
            dir.join(format!("report-{i:04}.txt")),
            format!("Port talks, round {i}\n\nmarker{i}x {body}"),
        )
        .unwrap();
    }
}

/// Articles stored so far, read as the app's views read: another connection.
fn stored_articles(library: &Path) -> i64 {
    let Ok(conn) = Connection::open_with_flags(library, OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return 0;
    };
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap_or(0)
}

fn still_running(child: &mut Child) -> bool {
    child.try_wait().unwrap().is_none()
}

fn hits(library: &Path, query: &str) -> u64 {
    run(library, &["search", query])["total"].as_u64().unwrap()
}

#[test]
fn a_script_searches_lists_and_imports_while_another_process_imports() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("shared.sqlite");
    let samples = repo().join("../shared/samples/articles");
    let first = run(&library, &["import", samples.to_str().unwrap()]);
    assert_eq!(first["articles_added"], 3);

    let many = dir.path().join("many");
    write_articles(&many, 1_000);
    let report_path = dir.path().join("long-import.json");
    let mut long_import = command(&library, &["import", many.to_str().unwrap()])
        .stdout(std::fs::File::create(&report_path).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the long import has stored its first batch: from then on it
    // holds the search index's writer until it ends.
    while stored_articles(&library) <= 3 {
        assert!(
            still_running(&mut long_import),
            "the long import ended before storing anything"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    // Reading needs neither lock: it neither waits for nor disturbs the import.
    assert_eq!(hits(&library, "\"Jurf al-Sakhar\""), 2);
    let listed = run(&library, &["list"]);
    assert!(listed["total"].as_u64().unwrap() >= 3);
    // Writing waits its turn for SQLite; indexing is left queued to the
    // import that holds the index's writer, which drains the whole queue.
    let fixtures = repo().join("tests/fixtures");
    let second = run(&library, &["import", fixtures.to_str().unwrap()]);
    assert!(
        still_running(&mut long_import),
        "the long import ended before the script was done: the test proved nothing"
    );
    let added_by_second = second["articles_added"].as_u64().unwrap();
    assert!(added_by_second > 10, "{second}");
    for file in second["files"].as_array().unwrap() {
        let reason = file["reason"].as_str().unwrap_or_default();
        assert!(
            !reason.contains("locked"),
            "a file failed for the other process' sake: {file}"
        );
    }

    let status = long_import.wait().unwrap();
    assert!(status.success(), "the long import failed: {status}");
    let long: Value = serde_json::from_slice(&std::fs::read(&report_path).unwrap()).unwrap();
    assert_eq!(long["articles_added"], 1_000, "{}", long["files"]);
    assert_eq!(long["failed"], 0, "{}", long["files"]);

    let check = run(&library, &["check"]);
    assert_eq!(check["problems"], Value::Array(vec![]), "{check}");
    assert_eq!(
        check["stats"]["articles"].as_u64().unwrap(),
        3 + 1_000 + added_by_second
    );
    // Both processes' articles reached the index.
    assert_eq!(hits(&library, "marker0x"), 1);
    assert_eq!(hits(&library, "marker999x"), 1);
    assert_eq!(hits(&library, "\"port budget\""), 1_000);
}
