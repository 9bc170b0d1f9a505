//! What the commands share: the open library (or why it could not be opened)
//! and the cancel flag of the running import.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use dossier_api::Library;

use crate::error::IpcError;

/// Managed by Tauri; every command receives it as `State<'_, AppState>`.
pub struct AppState {
    /// The library is opened once at start. An error is kept rather than
    /// aborting, so that the window can tell the user what went wrong.
    library: Result<Arc<Library>, IpcError>,
    pub library_path: PathBuf,
    /// The cancel flag of the import in progress, if any. One import at a time:
    /// a second drop while one runs is refused with code `import_running`.
    import: Mutex<Option<Arc<AtomicBool>>>,
    /// Set by `DOSSIER_TEST_HOOKS=1`: the UI then exposes its drop handler to
    /// the GUI tests, which cannot perform a native file drop.
    pub test_hooks: bool,
}

impl AppState {
    /// Opens the library at `$DOSSIER_LIBRARY`, or the default per-user one.
    pub fn from_env() -> AppState {
        let library_path = std::env::var_os("DOSSIER_LIBRARY")
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(dossier_api::default_library_path);
        let library = Library::open(&library_path)
            .map(Arc::new)
            .map_err(IpcError::from);
        let test_hooks = std::env::var("DOSSIER_TEST_HOOKS").is_ok_and(|v| v == "1");
        AppState {
            library,
            library_path,
            import: Mutex::new(None),
            test_hooks,
        }
    }

    pub fn library(&self) -> Result<Arc<Library>, IpcError> {
        self.library.clone()
    }

    /// Registers a new import and returns its cancel flag, or refuses when one runs.
    pub fn begin_import(&self) -> Result<ImportGuard<'_>, IpcError> {
        let mut slot = self.import.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_some() {
            return Err(IpcError::new(
                "import_running",
                "an import is already running",
            ));
        }
        let cancel = Arc::new(AtomicBool::new(false));
        *slot = Some(cancel.clone());
        Ok(ImportGuard {
            state: self,
            cancel,
        })
    }

    /// Asks the running import to stop after the file it is reading.
    pub fn cancel_import(&self) -> bool {
        let slot = self.import.lock().unwrap_or_else(|e| e.into_inner());
        match slot.as_ref() {
            Some(flag) => {
                flag.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }
}

/// Clears the running import when dropped, even if the import panicked.
pub struct ImportGuard<'a> {
    state: &'a AppState,
    pub cancel: Arc<AtomicBool>,
}

impl Drop for ImportGuard<'_> {
    fn drop(&mut self) {
        *self.state.import.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}
