//! The CLI is a public interface: scripts rely on its commands, flags and JSON.
//! These tests run the real binary over the real sample articles.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn samples() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/samples/articles");
    assert!(dir.is_dir(), "sample articles missing at {}", dir.display());
    dir
}

fn dossier(library: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--library")
        .arg(library)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success() || args.contains(&"--expect-failure"),
        "dossier {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn import_list_search_show_and_set_speak_json() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let report = json(&dossier(
        &lib,
        &["--json", "import", samples().to_str().unwrap()],
    ));
    assert_eq!(report["articles_added"], 3);

    let list = json(&dossier(&lib, &["list", "--json"]));
    assert_eq!(list["total"], 3);
    let rows = list["rows"].as_array().unwrap();
    assert_eq!(
        rows[0]["published"], "2023-11-22",
        "dated articles come first, newest first"
    );

    let found = json(&dossier(&lib, &["search", "--json", "Jurf al-Sakhar"]));
    assert_eq!(found["total"], 2, "000 and 001 mention Jurf al-Sakhar");
    let hit = &found["hits"][0];
    let (text, ranges) = (
        hit["snippet"]["text"].as_str().unwrap(),
        hit["snippet"]["highlights"].as_array().unwrap(),
    );
    assert!(!ranges.is_empty());
    let first = &ranges[0];
    let marked = &text[first[0].as_u64().unwrap() as usize..first[1].as_u64().unwrap() as usize];
    assert!(marked.to_lowercase().starts_with("jurf"), "{marked}");

    let id = rows.iter().find(|r| r["published"].is_null()).unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let set = json(&dossier(
        &lib,
        &[
            "--json",
            "set",
            &id,
            "--date",
            "2023-11-22",
            "--title",
            "Strikes south of Baghdad",
        ],
    ));
    assert_eq!(set["title"]["value"], "Strikes south of Baghdad");
    assert_eq!(set["title"]["source"], "user");
    let shown = json(&dossier(&lib, &["--json", "show", &id]));
    assert_eq!(shown["published"]["value"], "2023-11-22");
    assert_eq!(shown["published"]["source"], "user");
}

#[test]
fn errors_name_the_problem_and_exit_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let bad_query = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--library")
        .arg(&lib)
        .args(["search", "(Baghdad"])
        .output()
        .unwrap();
    assert!(!bad_query.status.success());
    let stderr = String::from_utf8_lossy(&bad_query.stderr);
    assert!(
        stderr.contains("invalid search query") && stderr.contains("unclosed '('"),
        "{stderr}"
    );

    let junk = dir.path().join("junk.txt");
    std::fs::write(
        &junk,
        (0..3000u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let import = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--library")
        .arg(&lib)
        .arg("import")
        .arg(&junk)
        .output()
        .unwrap();
    assert_eq!(
        import.status.code(),
        Some(2),
        "nothing imported is a failure for scripts"
    );
    let stderr = String::from_utf8_lossy(&import.stderr);
    assert!(
        stderr.contains("junk.txt") && stderr.contains("binary"),
        "{stderr}"
    );

    let bad_date = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--library")
        .arg(&lib)
        .args(["set", "1", "--date", "soon"])
        .output()
        .unwrap();
    assert!(!bad_date.status.success());
}

#[test]
fn an_unsure_place_is_listed_and_placed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/local/springfield-council.txt");
    dossier(&lib, &["import", file.to_str().unwrap()]);
    let doubts = json(&dossier(&lib, &["place-doubts", "--json"]));
    let doubt = &doubts[0];
    assert_eq!(doubt["name"], "Springfield", "{doubts}");
    let illinois = doubt["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["division"] == "Illinois")
        .unwrap_or_else(|| panic!("Springfield, Illinois among {doubt}"));
    let entry = illinois["entry"].to_string();
    let places = json(&dossier(&lib, &["places", "--json"]));
    assert!(!places.to_string().contains("Springfield"), "{places}");

    dossier(&lib, &["place-fix", "Springfield", "--entry", &entry]);
    let doubts = json(&dossier(&lib, &["place-doubts", "--json"]));
    assert_eq!(doubts, serde_json::json!([]));
    let places = json(&dossier(&lib, &["places", "--json"]));
    let springfield = places
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Springfield")
        .unwrap_or_else(|| panic!("Springfield on the map: {places}"));
    assert_eq!(springfield["mention_count"], 1);

    // And if it was not a place at all, the user says so.
    let removed = json(&dossier(&lib, &["place-dismiss", "Springfield", "--json"]));
    assert_eq!(removed, 1);
    let places = json(&dossier(&lib, &["places", "--json"]));
    assert!(!places.to_string().contains("Springfield"), "{places}");
}
