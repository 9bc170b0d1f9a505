//! PDF documents: the text layer, with metadata from the document information dictionary.

use crate::{Limits, Read, ReadError, ReadErrorKind, Reader};

pub struct Pdf;

impl Reader for Pdf {
    fn id(&self) -> &'static str {
        "pdf"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["pdf"]
    }

    fn sniff(&self, _head: &[u8]) -> bool {
        false
    }

    fn read(&self, _name: &str, _bytes: &[u8], _limits: &Limits) -> Result<Read, ReadError> {
        Err(ReadError::new(ReadErrorKind::Unsupported, "this format is not implemented yet"))
    }
}
