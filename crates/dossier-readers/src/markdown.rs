//! Markdown: front matter for metadata, the first heading as title, markup stripped from the text.

use crate::{Limits, Read, ReadError, ReadErrorKind, Reader};

pub struct Markdown;

impl Reader for Markdown {
    fn id(&self) -> &'static str {
        "md"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["md", "markdown"]
    }

    fn sniff(&self, _head: &[u8]) -> bool {
        false
    }

    fn read(&self, _name: &str, _bytes: &[u8], _limits: &Limits) -> Result<Read, ReadError> {
        Err(ReadError::new(ReadErrorKind::Unsupported, "this format is not implemented yet"))
    }
}
