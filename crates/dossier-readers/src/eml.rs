//! E-mail messages (`.eml`): one article per message; HTML bodies go through the HTML extractor.

use crate::{Limits, Read, ReadError, ReadErrorKind, Reader};

pub struct Eml;

impl Reader for Eml {
    fn id(&self) -> &'static str {
        "eml"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["eml"]
    }

    fn sniff(&self, _head: &[u8]) -> bool {
        false
    }

    fn read(&self, _name: &str, _bytes: &[u8], _limits: &Limits) -> Result<Read, ReadError> {
        Err(ReadError::new(ReadErrorKind::Unsupported, "this format is not implemented yet"))
    }
}
