//! `dossier export --format bundle -o FILE` and `dossier import-bundle FILE`:
//! the whole library as one JSON bundle and a new library restored from it.

use std::path::Path;

use anyhow::{Context, Result};
use dossier_api::bundle::BundleSummary;
use dossier_api::Library;

use crate::output::{self, CountBar};

/// Writes the library opened by the caller to `output` as a bundle.
pub fn export(library: &Library, output: &Path, json: bool) -> Result<()> {
    let bar = CountBar::new("rows", json);
    let summary = library
        .export_bundle_to(output, &|done, total| {
            bar.update(done as usize, total as usize)
        })
        .with_context(|| format!("exporting {} as a bundle", library.path().display()))?;
    bar.finish();
    report(&summary, "wrote", output, json)
}

/// Restores `bundle` into a new library at `target`.
pub fn import(bundle: &Path, target: &Path, quiet: bool, json: bool) -> Result<()> {
    let bar = CountBar::new("bytes", quiet || json);
    let (library, summary) = Library::import_bundle(bundle, target, &|done, total| {
        bar.update(done as usize, total as usize)
    })?;
    bar.finish();
    report(&summary, "restored", library.path(), json)
}

fn report(summary: &BundleSummary, verb: &str, path: &Path, json: bool) -> Result<()> {
    output::print(summary, json, |s| {
        eprintln!(
            "{verb} {}: {} articles, {} rows in {} tables (library schema version {})",
            path.display(),
            s.articles,
            s.rows,
            s.tables,
            s.schema_version
        )
    })
}
