//! Plain text (`.txt`): decoded from any common encoding, then structured by the
//! plain-text news heuristics (headline, byline, dateline, captions).

use crate::{news, text, Limits, Read, ReadError, Reader};

pub struct PlainText;

impl Reader for PlainText {
    fn id(&self) -> &'static str {
        "txt"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["txt", "text"]
    }

    fn sniff(&self, _head: &[u8]) -> bool {
        false
    }

    fn read(&self, name: &str, bytes: &[u8], _limits: &Limits) -> Result<Read, ReadError> {
        let text = text::decode(bytes)?;
        if text.trim().is_empty() {
            return Err(ReadError::no_text());
        }
        Ok(Read::Documents(vec![news::structure(&text, name)]))
    }
}
