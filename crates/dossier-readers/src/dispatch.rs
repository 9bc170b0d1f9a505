//! Choosing a reader for a file, expanding archives, and containing failures.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::{Read, ReadError, ReadErrorKind, Reader, READERS};
use dossier_core::Document;

/// Bounds that keep hostile or accidental input from exhausting the machine.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest file (or archive entry) read, in bytes.
    pub max_file_bytes: u64,
    /// Largest text kept for one article, in bytes.
    pub max_text_bytes: usize,
    /// How deep archives may nest inside archives.
    pub max_archive_depth: u32,
    /// Most entries read from one archive.
    pub max_archive_entries: usize,
    /// Most bytes unpacked from one archive, all entries together.
    pub max_archive_total_bytes: u64,
    /// Highest ratio of unpacked to packed size for one entry (zip bombs exceed it).
    pub max_compression_ratio: u64,
    /// Most messages read from one mailbox.
    pub max_messages: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 256 * 1024 * 1024,
            max_text_bytes: 16 * 1024 * 1024,
            max_archive_depth: 3,
            max_archive_entries: 20_000,
            max_archive_total_bytes: 1024 * 1024 * 1024,
            max_compression_ratio: 200,
            max_messages: 100_000,
        }
    }
}

/// The outcome for one readable unit: a file, or an entry inside an archive.
#[derive(Debug)]
pub struct Item {
    /// The file name, or `archive.zip/inner/path.html` for archive entries.
    pub name: String,
    /// The unit's original bytes (kept in the library so nothing is lost).
    pub bytes: Vec<u8>,
    /// Which reader handled it, when one did.
    pub reader: Option<&'static str>,
    pub result: Result<Vec<Document>, ReadError>,
}

/// Every extension some reader accepts, for file dialogs and folder walks.
pub fn supported_extensions() -> Vec<&'static str> {
    READERS
        .iter()
        .flat_map(|r| r.extensions().iter().copied())
        .collect()
}

/// The reader for a file: by extension, or by sniffing when the extension is
/// missing or unknown (a saved page named `article` still opens as HTML).
pub fn reader_for(name: &str, bytes: &[u8]) -> Option<&'static dyn Reader> {
    if let Some(ext) = extension(name) {
        if let Some(reader) = READERS
            .iter()
            .find(|r| r.extensions().contains(&ext.as_str()))
        {
            return Some(*reader);
        }
    }
    let head = &bytes[..bytes.len().min(8192)];
    READERS.iter().find(|r| r.sniff(head)).copied()
}

/// Lower-cased extension of the last path component, if any.
pub(crate) fn extension(name: &str) -> Option<String> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = file.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// Reads one file, expanding archives recursively. Never panics: a reader's
/// panic becomes an `Internal` error for that file alone.
pub fn read_file(name: &str, bytes: Vec<u8>, limits: &Limits) -> Vec<Item> {
    let mut items = Vec::new();
    read_into(name, bytes, limits, 0, &mut items);
    items
}

fn read_into(name: &str, bytes: Vec<u8>, limits: &Limits, depth: u32, items: &mut Vec<Item>) {
    let fail = |items: &mut Vec<Item>, bytes, reader, err| {
        items.push(Item {
            name: name.to_string(),
            bytes,
            reader,
            result: Err(err),
        })
    };
    if bytes.is_empty() {
        return fail(
            items,
            bytes,
            None,
            ReadError::new(ReadErrorKind::Empty, "the file is empty"),
        );
    }
    if bytes.len() as u64 > limits.max_file_bytes {
        let err = ReadError::new(
            ReadErrorKind::TooLarge,
            format!(
                "the file is {} MB, over the {} MB limit",
                bytes.len() >> 20,
                limits.max_file_bytes >> 20
            ),
        );
        return fail(items, bytes, None, err);
    }
    let Some(reader) = reader_for(name, &bytes) else {
        let what = match extension(name) {
            Some(ext) => format!("unsupported format '.{ext}'"),
            None => "unrecognised format".to_string(),
        };
        let err = ReadError::new(
            ReadErrorKind::Unsupported,
            format!(
                "{what}; Dossier reads {}",
                supported_extensions().join(", ")
            ),
        );
        return fail(items, bytes, None, err);
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| reader.read(name, &bytes, limits)))
        .unwrap_or_else(|_| {
            Err(ReadError::new(
                ReadErrorKind::Internal,
                format!("the {} reader failed on this file (a bug)", reader.id()),
            ))
        });
    match outcome {
        Err(err) => fail(items, bytes, Some(reader.id()), err),
        Ok(Read::Documents(docs)) => {
            let docs = docs.into_iter().map(|d| cap_text(d, limits)).collect();
            items.push(Item {
                name: name.to_string(),
                bytes,
                reader: Some(reader.id()),
                result: Ok(docs),
            })
        }
        Ok(Read::Archive(entries)) => {
            if depth >= limits.max_archive_depth {
                let err = ReadError::new(
                    ReadErrorKind::TooLarge,
                    format!(
                        "archives nested more than {} deep are not opened",
                        limits.max_archive_depth
                    ),
                );
                return fail(items, Vec::new(), Some(reader.id()), err);
            }
            drop(bytes);
            for entry in entries {
                let inner = format!("{name}/{}", entry.name);
                match entry.refused {
                    Some(err) => items.push(Item {
                        name: inner,
                        bytes: entry.bytes,
                        reader: None,
                        result: Err(err),
                    }),
                    None => read_into(&inner, entry.bytes, limits, depth + 1, items),
                }
            }
        }
    }
}

/// Truncates absurdly long texts at a char boundary rather than refusing the article.
fn cap_text(mut doc: Document, limits: &Limits) -> Document {
    if doc.text.len() > limits.max_text_bytes {
        let mut end = limits.max_text_bytes;
        while !doc.text.is_char_boundary(end) {
            end -= 1;
        }
        doc.text.truncate(end);
        doc.regions.retain(|r| r.span.end <= end);
        doc.warnings
            .push(format!("text cut at {} MB", limits.max_text_bytes >> 20));
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_is_lowercased_and_needs_a_stem() {
        assert_eq!(extension("a/B.HTML").as_deref(), Some("html"));
        assert_eq!(extension(".bashrc"), None);
        assert_eq!(extension("noext"), None);
    }

    #[test]
    fn unknown_extension_is_refused_with_the_list_of_formats() {
        let items = read_file(
            "photo.jpg",
            vec![0xff, 0xd8, 0xff, 0xe0, 0, 0x10],
            &Limits::default(),
        );
        let err = items[0].result.as_ref().unwrap_err();
        assert_eq!(err.kind, ReadErrorKind::Unsupported);
        assert!(err.message.contains("'.jpg'"), "{}", err.message);
        assert!(err.message.contains("html"), "{}", err.message);
    }

    #[test]
    fn empty_file_is_refused() {
        let items = read_file("empty.txt", Vec::new(), &Limits::default());
        assert_eq!(
            items[0].result.as_ref().unwrap_err().kind,
            ReadErrorKind::Empty
        );
    }
}
