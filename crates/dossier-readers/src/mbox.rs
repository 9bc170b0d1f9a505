//! Mailboxes (`.mbox`): each message is one article.

use crate::{Limits, Read, ReadError, ReadErrorKind, Reader};

pub struct Mbox;

impl Reader for Mbox {
    fn id(&self) -> &'static str {
        "mbox"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["mbox"]
    }

    fn sniff(&self, _head: &[u8]) -> bool {
        false
    }

    fn read(&self, _name: &str, _bytes: &[u8], _limits: &Limits) -> Result<Read, ReadError> {
        Err(ReadError::new(ReadErrorKind::Unsupported, "this format is not implemented yet"))
    }
}
