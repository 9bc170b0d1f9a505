//! Why a file could not be read. Every message names the reason in words a user
//! understands; the caller adds the file's path.

use std::fmt;

/// The broad reason a file was refused; the UI and CLI may branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The file has no content.
    Empty,
    /// No reader handles this kind of file.
    Unsupported,
    /// The file claims a format but its bytes are broken.
    Corrupt,
    /// The file is encrypted or password-protected.
    Encrypted,
    /// The file (or an archive's contents) exceeds a size or count limit.
    TooLarge,
    /// The file holds binary data where text was expected.
    NotText,
    /// The file was read but has no article text in it.
    NoText,
    /// An archive entry has an unsafe path (`../`, absolute, a link).
    UnsafePath,
    /// A reader panicked or overran its time; a bug, but contained.
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ReadError {
    pub kind: ReadErrorKind,
    pub message: String,
}

impl ReadError {
    pub fn new(kind: ReadErrorKind, message: impl Into<String>) -> ReadError {
        ReadError {
            kind,
            message: message.into(),
        }
    }

    pub fn corrupt(message: impl Into<String>) -> ReadError {
        ReadError::new(ReadErrorKind::Corrupt, message)
    }

    pub fn no_text() -> ReadError {
        ReadError::new(ReadErrorKind::NoText, "no article text found in the file")
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
