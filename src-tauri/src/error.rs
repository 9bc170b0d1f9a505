//! The error the webview receives: a stable `code` the UI branches on and a
//! message for people. The UI never parses the message.

use serde::Serialize;

/// Serialised as `{ "code": "...", "message": "..." }`.
#[derive(Debug, Clone, Serialize)]
pub struct IpcError {
    pub code: String,
    pub message: String,
}

impl IpcError {
    pub fn new(code: &str, message: impl Into<String>) -> IpcError {
        IpcError {
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

impl From<dossier_api::ApiError> for IpcError {
    fn from(err: dossier_api::ApiError) -> IpcError {
        IpcError::new(err.code(), err.to_string())
    }
}

impl From<std::io::Error> for IpcError {
    fn from(err: std::io::Error) -> IpcError {
        IpcError::new("io", err.to_string())
    }
}

impl From<tauri::Error> for IpcError {
    fn from(err: tauri::Error) -> IpcError {
        IpcError::new("shell", err.to_string())
    }
}
