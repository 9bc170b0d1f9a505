//! The whole library as one JSON bundle (a backup, or a library moved to
//! another machine) and a new library restored from it exactly. The work is
//! `dossier_store::bundle`; this module names the use cases and maps errors to
//! stable codes. The format is described in `docs/bundle.md`.

use std::io::Write;
use std::path::{Path, PathBuf};

use dossier_store::BundleError;
pub use dossier_store::{BundleSummary, BUNDLE_FORMAT, BUNDLE_VERSION};

use crate::{ApiError, IndexKind, Library};

impl From<BundleError> for ApiError {
    fn from(err: BundleError) -> ApiError {
        let code = match &err {
            BundleError::TargetNotEmpty { .. }
            | BundleError::TargetNotLibrary { .. }
            | BundleError::Invalid { .. } => "invalid_input",
            BundleError::TooNew { .. } => "schema_too_new",
            BundleError::Store(_) | BundleError::Io { .. } | BundleError::Write(_) => "storage",
            _ => "storage",
        };
        match err {
            BundleError::Store(err) => ApiError::from(err),
            err => ApiError::new(code, err.to_string()),
        }
    }
}

impl Library {
    /// Writes the whole library to `out` as a JSON bundle, streamed row by row
    /// from one consistent snapshot. `progress(rows_done, rows_total)`.
    pub fn export_bundle(
        &self,
        out: &mut dyn Write,
        progress: &dyn Fn(u64, u64),
    ) -> Result<BundleSummary, ApiError> {
        Ok(self
            .store
            .export_bundle(out, env!("CARGO_PKG_VERSION"), progress)?)
    }

    /// Writes the bundle to the file `path`, which appears only once complete
    /// (it is written beside it under another name, then renamed).
    pub fn export_bundle_to(
        &self,
        path: &Path,
        progress: &dyn Fn(u64, u64),
    ) -> Result<BundleSummary, ApiError> {
        let storage = |e: std::io::Error| {
            ApiError::new("storage", format!("writing {}: {e}", path.display()))
        };
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let result = (|| {
            let mut file = std::fs::File::create(&partial).map_err(storage)?;
            let summary = self.export_bundle(&mut file, progress)?;
            file.sync_all().map_err(storage)?;
            std::fs::rename(&partial, path).map_err(storage)?;
            Ok(summary)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        result
    }

    /// Restores the bundle file `bundle` into a new library at `target` and
    /// opens it, with its search index rebuilt. Refuses a `target` that holds
    /// anything, a broken or truncated bundle (leaving nothing behind) and a
    /// bundle from a newer Dossier; one from an older Dossier is restored and
    /// then migrated. `progress(bytes_read, bytes_total)`.
    pub fn import_bundle(
        bundle: &Path,
        target: &Path,
        progress: &dyn Fn(u64, u64),
    ) -> Result<(Library, BundleSummary), ApiError> {
        Library::import_bundle_with(bundle, target, IndexKind::default(), progress)
    }

    pub fn import_bundle_with(
        bundle: &Path,
        target: &Path,
        kind: IndexKind,
        progress: &dyn Fn(u64, u64),
    ) -> Result<(Library, BundleSummary), ApiError> {
        let (store, summary) = dossier_store::restore_bundle(bundle, target, kind, progress)?;
        Ok((Library { store }, summary))
    }
}
