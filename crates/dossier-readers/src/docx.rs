//! Word documents (`.docx`): paragraphs from `word/document.xml`, metadata from `docProps/core.xml`.

use crate::{Limits, Read, ReadError, ReadErrorKind, Reader};

pub struct Docx;

impl Reader for Docx {
    fn id(&self) -> &'static str {
        "docx"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["docx"]
    }

    fn sniff(&self, _head: &[u8]) -> bool {
        false
    }

    fn read(&self, _name: &str, _bytes: &[u8], _limits: &Limits) -> Result<Read, ReadError> {
        Err(ReadError::new(ReadErrorKind::Unsupported, "this format is not implemented yet"))
    }
}
