//! Import behaviour over real files: folders, re-imports, bad files, encodings.

use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use dossier_api::types::FileOutcome;
use dossier_api::{plan_import, Library};
use dossier_e2e::{fixtures_dir, new_library, samples_dir};

fn import(library: &Library, paths: &[std::path::PathBuf]) -> dossier_api::types::ImportReport {
    library
        .import(&plan_import(paths), &|_| {}, &AtomicBool::new(false))
        .unwrap()
}

#[test]
fn reimporting_the_same_bytes_is_a_no_op() {
    let (_dir, library) = new_library();
    let first = import(&library, &[samples_dir()]);
    assert_eq!(first.articles_added, 3);
    let second = import(&library, &[samples_dir()]);
    assert_eq!(second.articles_added, 0);
    assert_eq!(second.already_in_library, 3);
    assert!(second.files.iter().all(
        |f| matches!(f, FileOutcome::AlreadyInLibrary { article_ids, .. } if article_ids.len() == 1)
    ));
    assert_eq!(library.stats().unwrap().articles, 3);
}

#[test]
fn bad_files_are_reported_one_by_one_and_never_stop_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
    std::fs::write(
        dir.path().join("junk.txt"),
        (0..3000u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        "Strikes in Hillah\n\nThe strikes hit Hillah overnight, officials said.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("photo.jpg"), [0xff, 0xd8, 0xff]).unwrap();
    let (_lib_dir, library) = new_library();
    let report = import(
        &library,
        &[
            dir.path().to_path_buf(),
            dir.path().join("photo.jpg"),
            dir.path().join("missing.txt"),
        ],
    );
    assert_eq!(report.articles_added, 1, "{:#?}", report.files);
    let reason = |name: &str| {
        report.files.iter().find_map(|f| match f {
            FileOutcome::Failed { path, reason, .. } | FileOutcome::Skipped { path, reason }
                if path.ends_with(name) =>
            {
                Some(reason.clone())
            }
            _ => None,
        })
    };
    assert_eq!(reason("empty.txt").as_deref(), Some("the file is empty"));
    assert!(
        reason("junk.txt").unwrap().contains("binary"),
        "{:?}",
        reason("junk.txt")
    );
    assert!(
        reason("photo.jpg")
            .unwrap()
            .contains("unsupported format '.jpg'"),
        "{:?}",
        reason("photo.jpg")
    );
    assert!(
        reason("missing.txt").unwrap().contains("cannot open"),
        "{:?}",
        reason("missing.txt")
    );
    assert_eq!(library.store().check().unwrap(), Vec::<String>::new());
}

#[test]
fn progress_is_reported_up_to_the_total() {
    let (_dir, library) = new_library();
    let seen = Mutex::new(Vec::new());
    library
        .import(
            &plan_import(&[samples_dir()]),
            &|p| seen.lock().unwrap().push((p.files_done, p.files_total)),
            &AtomicBool::new(false),
        )
        .unwrap();
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.first(), Some(&(0, 3)));
    assert_eq!(seen.last(), Some(&(3, 3)));
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
}

#[test]
fn a_cancelled_import_keeps_what_finished_and_stays_consistent() {
    let (_dir, library) = new_library();
    let cancel = AtomicBool::new(true);
    let report = library
        .import(&plan_import(&[samples_dir()]), &|_| {}, &cancel)
        .unwrap();
    assert!(report.cancelled);
    assert_eq!(
        library.stats().unwrap().articles as usize,
        report.articles_added
    );
    assert_eq!(library.store().check().unwrap(), Vec::<String>::new());
}

#[test]
fn every_fixture_format_imports_through_the_pipeline() {
    let fixtures = fixtures_dir();
    assert!(
        fixtures.is_dir(),
        "fixtures missing at {}",
        fixtures.display()
    );
    let (_dir, library) = new_library();
    let report = import(&library, &[fixtures]);
    let added: Vec<&str> = report
        .files
        .iter()
        .filter_map(|f| match f {
            FileOutcome::Added { path, .. } => Some(path.as_str()),
            _ => None,
        })
        .collect();
    for ext in ["txt", "md", "html", "pdf", "eml", "mbox", "docx", "zip"] {
        assert!(
            added.iter().any(|p| p.contains(&format!(".{ext}"))),
            "no .{ext} fixture was imported: {added:#?}"
        );
    }
    assert_eq!(library.store().check().unwrap(), Vec::<String>::new());
}

#[test]
fn a_library_from_a_newer_dossier_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    drop(Library::open(&path).unwrap());
    // A newer Dossier would have raised the schema version (SQLite's user_version,
    // a big-endian u32 at offset 60 of the file header).
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(&path, bytes).unwrap();
    let err = Library::open(&path)
        .err()
        .expect("a newer library must be refused");
    assert_eq!(err.code(), "schema_too_new");
    assert!(err.to_string().contains("update Dossier"), "{err}");
}

#[test]
fn metadata_fields_say_they_came_from_metadata() {
    let (_dir, library) = new_library();
    let report = import(&library, &[fixtures_dir().join("html/saved_page.html")]);
    let id = match &report.files[0] {
        FileOutcome::Added { article_ids, .. } => article_ids[0],
        other => panic!("{other:?}"),
    };
    let article = library.article(id).unwrap();
    let date = article.published.expect("the saved page carries a date");
    assert_eq!(
        date.source,
        dossier_core::FieldSource::Metadata,
        "dates from meta tags are metadata"
    );
}
