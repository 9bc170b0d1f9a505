//! ZIP archives: entries are read in turn, within size, ratio and path-safety limits.

use crate::{Limits, Read, ReadError, ReadErrorKind, Reader};

pub struct Zip;

impl Reader for Zip {
    fn id(&self) -> &'static str {
        "zip"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["zip"]
    }

    fn sniff(&self, _head: &[u8]) -> bool {
        false
    }

    fn read(&self, _name: &str, _bytes: &[u8], _limits: &Limits) -> Result<Read, ReadError> {
        Err(ReadError::new(ReadErrorKind::Unsupported, "this format is not implemented yet"))
    }
}
