//! Helpers shared by the end-to-end tests: where the shared sample articles and
//! the fixtures are, and a fresh library in a temporary folder.

use std::path::PathBuf;

use dossier_api::Library;

/// The three real sample articles shipped beside the repository in `../shared/`.
/// Fails loudly when they are missing: a test that silently skips proves nothing.
pub fn samples_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/samples/articles");
    assert!(
        dir.is_dir(),
        "sample articles not found at {} (the shared/ folder must sit beside the repository)",
        dir.display()
    );
    dir
}

pub fn sample(prefix: &str) -> PathBuf {
    let dir = samples_dir();
    std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no sample starting with {prefix} in {}", dir.display()))
}

/// The repository's own fixtures folder.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A new library holding the three seed articles.
pub fn seeded_library() -> (tempfile::TempDir, Library) {
    let (dir, library) = new_library();
    let report = library
        .import(
            &dossier_api::plan_import(&[samples_dir()]),
            &|_| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(report.articles_added, 3, "{:#?}", report.files);
    (dir, library)
}

/// A new, empty library file in a temporary folder (kept alive by the guard).
pub fn new_library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(&dir.path().join("library.sqlite")).unwrap();
    (dir, library)
}
