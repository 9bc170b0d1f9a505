//! Mailboxes (`.mbox`): each message is one article.
//!
//! Messages are separated by `From ` lines (`From sender Fri Nov 24 08:00:00
//! 2023`). In the body, writers escape lines that begin with `From ` as
//! `>From ` (mboxo) or add one more `>` to any `>…From ` line (mboxrd);
//! removing one `>` from such lines undoes both. A separator line must look
//! like one (a time and a year after the sender), so that an unescaped
//! "From my perspective…" in a body does not cut a message in two.
//!
//! Each message is read like an `.eml` file, and its [`dossier_core::Document::part`] is the
//! byte range of the message in the mbox without its `From ` line (the bytes
//! as stored, so they open as an `.eml`), which lets the importer keep each
//! message's original bytes.
//!
//! A message that cannot be read does not sink the mailbox: the good messages
//! are returned and the first of them carries one warning per skipped message
//! (its number and the reason). A mailbox with no readable message is an
//! error, with the reason the first message failed. Messages beyond
//! [`Limits::max_messages`] are not read, with a warning saying so.

use std::sync::OnceLock;

use regex::bytes::Regex;

use crate::{eml, text, Limits, Read, ReadError, ReadErrorKind, Reader};

pub struct Mbox;

impl Reader for Mbox {
    fn id(&self) -> &'static str {
        "mbox"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["mbox", "mbx"]
    }

    fn sniff(&self, head: &[u8]) -> bool {
        head.starts_with(b"From ")
            && is_separator(head.split(|&b| b == b'\n').next().unwrap_or(head))
    }

    fn read(&self, name: &str, bytes: &[u8], limits: &Limits) -> Result<Read, ReadError> {
        let messages = split_messages(bytes);
        if messages.is_empty() {
            return Err(ReadError::new(
                ReadErrorKind::NoText,
                "the mailbox holds no messages",
            ));
        }
        let total = messages.len();
        let mut docs = Vec::new();
        let mut skipped = Vec::new();
        let mut first_error = None;
        for (number, (start, end)) in messages.into_iter().enumerate().take(limits.max_messages) {
            let raw = unescape_from_lines(&bytes[start..end]);
            let label = format!("{}/message {}", text::title_from_name(name), number + 1);
            match eml::read_message(&label, &raw) {
                Ok(mut doc) => {
                    doc.part = Some((start, end));
                    docs.push(doc);
                }
                Err(err) => {
                    skipped.push(format!(
                        "message {} (bytes {start}..{end}) skipped: {}",
                        number + 1,
                        err.message
                    ));
                    first_error.get_or_insert(err);
                }
            }
        }
        let Some(first) = docs.first_mut() else {
            let err = first_error.unwrap_or_else(ReadError::no_text);
            return Err(ReadError::new(
                err.kind,
                format!(
                    "none of the {total} messages in the mailbox could be read (first: {})",
                    err.message
                ),
            ));
        };
        first.warnings.extend(skipped);
        if total > limits.max_messages {
            first.warnings.push(format!(
                "the mailbox holds {total} messages; only the first {} were read",
                limits.max_messages
            ));
        }
        Ok(Read::Documents(docs))
    }
}

/// `From sender date` with a time and a four-digit year, as every mbox writer puts it.
fn is_separator(line: &[u8]) -> bool {
    static SEPARATOR: OnceLock<Regex> = OnceLock::new();
    let separator = SEPARATOR.get_or_init(|| {
        Regex::new(r"^From \S+ .*\b\d{1,2}:\d{2}(:\d{2})?\b.*\b\d{4}\b").expect("valid regex")
    });
    separator.is_match(line)
}

/// Byte ranges of the messages, each without its separator line. Text before
/// the first separator (a lone message saved as .mbox) counts as a message.
pub(crate) fn split_messages(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut message_start = 0usize;
    let mut line_start = 0usize;
    while line_start < bytes.len() {
        let line_end = memchr_newline(bytes, line_start);
        let line = &bytes[line_start..line_end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let next = (line_end + 1).min(bytes.len());
        if line.starts_with(b"From ") && is_separator(line) {
            push_if_content(&mut ranges, bytes, message_start, line_start);
            message_start = next;
        }
        line_start = next;
        if line_end == bytes.len() {
            break;
        }
    }
    push_if_content(&mut ranges, bytes, message_start, bytes.len());
    ranges
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| from + i)
}

fn push_if_content(ranges: &mut Vec<(usize, usize)>, bytes: &[u8], start: usize, end: usize) {
    if start < end && bytes[start..end].iter().any(|b| !b.is_ascii_whitespace()) {
        ranges.push((start, end));
    }
}

/// Removes one `>` from lines that start with `>`s followed by `From `.
fn unescape_from_lines(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len());
    for line in message.split_inclusive(|&b| b == b'\n') {
        let quotes = line.iter().take_while(|&&b| b == b'>').count();
        if quotes > 0 && line[quotes..].starts_with(b"From ") {
            out.extend_from_slice(&line[1..]);
        } else {
            out.extend_from_slice(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_real_separators_only() {
        let mbox = b"From a@b.c Fri Nov 24 08:00:00 2023\nSubject: one\n\nFrom my perspective, fine.\n\nFrom a@b.c Sat Nov 25 09:00:00 2023\nSubject: two\n\nBody\n";
        let ranges = split_messages(mbox);
        assert_eq!(ranges.len(), 2);
        assert!(mbox[ranges[0].0..ranges[0].1].starts_with(b"Subject: one"));
        assert!(mbox[ranges[1].0..ranges[1].1].starts_with(b"Subject: two"));
    }

    #[test]
    fn from_quoting_is_undone_one_level() {
        assert_eq!(
            unescape_from_lines(b">From here\n>>From there\n> quoted\n"),
            b"From here\n>From there\n> quoted\n"
        );
    }
}
