//! Hostile file systems handed to an import: symbolic links inside a dropped
//! folder (a loop back to the folder, a link to a file outside it, a dangling
//! link) and a looping link named directly. Each is reported by path with a
//! reason; none is followed into a loop or out of the folder, and the rest of
//! the folder is imported.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::sync::atomic::AtomicBool;

use dossier_api::types::FileOutcome;
use dossier_api::{plan_import, Library};
use dossier_e2e::new_library;

const ARTICLE: &str =
    "Strike near Hillah\n\nA drone struck a base near Hillah on Tuesday, officials said.\n";

#[test]
fn symlinks_in_a_dropped_folder_are_listed_with_a_reason_and_never_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.txt"),
        "Outside the folder: never imported.\n",
    )
    .unwrap();
    let dropped = tempfile::tempdir().unwrap();
    let root = dropped.path();
    std::fs::create_dir(root.join("reports")).unwrap();
    std::fs::write(root.join("reports/hillah.txt"), ARTICLE).unwrap();
    symlink(root, root.join("reports/loop")).unwrap();
    symlink(outside.path().join("secret.txt"), root.join("outside.txt")).unwrap();
    symlink(outside.path(), root.join("outside-dir")).unwrap();
    symlink(root.join("gone.txt"), root.join("dangling.txt")).unwrap();
    // A loop named directly (a link to itself) cannot even be opened.
    symlink(root.join("self"), root.join("self")).unwrap();

    let plan = plan_import(&[root.to_path_buf(), root.join("self")]);
    assert_eq!(
        plan.files,
        vec![root.join("reports/hillah.txt")],
        "{plan:#?}"
    );
    let reason = |name: &str| {
        plan.skipped
            .iter()
            .filter(|(p, _)| p.ends_with(name))
            .map(|(_, r)| r.clone())
            .collect::<Vec<_>>()
    };
    for link in ["reports/loop", "outside.txt", "outside-dir", "dangling.txt"] {
        let reasons = reason(link);
        assert!(
            reasons.len() == 1 && reasons[0].contains("symbolic link"),
            "{link}: {reasons:?}"
        );
    }
    assert!(
        reason("self").iter().any(|r| r.contains("cannot open")),
        "{:?}",
        plan.skipped
    );

    let (_dir, library): (_, Library) = new_library();
    let report = library
        .import(&plan, &|_| {}, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(report.articles_added, 1);
    let skipped: Vec<&str> = report
        .files
        .iter()
        .filter_map(|f| match f {
            FileOutcome::Skipped { path, reason } if !reason.is_empty() => Some(path.as_str()),
            _ => None,
        })
        .collect();
    // Four links in the folder, `self` once in the folder and once named directly.
    assert_eq!(skipped.len(), 6, "each link reported by path: {skipped:?}");
    let found = library
        .search(&dossier_api::types::SearchRequest {
            query: "never imported".into(),
            limit: 5,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.total, 0, "the file outside the folder was not read");
}
