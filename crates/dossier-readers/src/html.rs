//! Saved web pages: the article is extracted from the page clutter, metadata from JSON-LD, OpenGraph and meta tags.

use crate::{Limits, Read, ReadError, ReadErrorKind, Reader};

pub struct Html;

impl Reader for Html {
    fn id(&self) -> &'static str {
        "html"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["html", "htm", "xhtml"]
    }

    fn sniff(&self, _head: &[u8]) -> bool {
        false
    }

    fn read(&self, _name: &str, _bytes: &[u8], _limits: &Limits) -> Result<Read, ReadError> {
        Err(ReadError::new(ReadErrorKind::Unsupported, "this format is not implemented yet"))
    }
}
