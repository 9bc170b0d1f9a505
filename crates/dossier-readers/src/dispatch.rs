//! Choosing a reader for a file, expanding archives, and containing failures.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::Duration;

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
    /// Longest time one reader may spend on one file (or archive entry)
    /// before it is given up as a runaway and the file reported as failed.
    pub max_read_time: Duration,
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
            max_read_time: Duration::from_secs(120),
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
    let mut budget = Budget {
        bytes: limits.max_archive_total_bytes,
        entries: limits.max_archive_entries,
    };
    read_into(name, bytes, limits, 0, &mut budget, &mut items);
    items
}

/// What is left of one file's archive limits. Archives inside an archive
/// share its budget: each archive reader keeps to the limits on its own, so
/// without this a zip of zips (42.zip) would multiply them at every level.
struct Budget {
    bytes: u64,
    entries: usize,
}

impl Budget {
    /// Takes one entry of `size` bytes from the budget, or says why not.
    fn take(&mut self, size: usize, limits: &Limits) -> Result<(), ReadError> {
        if self.entries == 0 {
            return Err(ReadError::new(
                ReadErrorKind::TooLarge,
                format!(
                    "the archive and the archives inside it hold more than {} files; this one was not read",
                    limits.max_archive_entries
                ),
            ));
        }
        if size as u64 > self.bytes {
            return Err(ReadError::new(
                ReadErrorKind::TooLarge,
                format!(
                    "the archive and the archives inside it unpack to more than {} MB; this entry was not read",
                    limits.max_archive_total_bytes >> 20
                ),
            ));
        }
        self.entries -= 1;
        self.bytes -= size as u64;
        Ok(())
    }
}

fn read_into(
    name: &str,
    bytes: Vec<u8>,
    limits: &Limits,
    depth: u32,
    budget: &mut Budget,
    items: &mut Vec<Item>,
) {
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
    let (bytes, outcome) = read_guarded(reader, name, bytes, limits);
    match outcome {
        Err(err) => fail(items, bytes, Some(reader.id()), err),
        Ok(Read::Documents(docs)) => {
            let docs = docs
                .into_iter()
                .map(|d| cap_text(replace_nuls(d), limits))
                .collect();
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
                let refused = match entry.refused {
                    Some(err) => Some(err),
                    None => budget.take(entry.bytes.len(), limits).err(),
                };
                match refused {
                    Some(err) => items.push(Item {
                        name: inner,
                        bytes: Vec::new(),
                        reader: None,
                        result: Err(err),
                    }),
                    None => read_into(&inner, entry.bytes, limits, depth + 1, budget, items),
                }
            }
        }
    }
}

/// Runs one reader on its own thread, with its panics caught and its time
/// limited, so that no file can crash or stall the import: a panic or an
/// overrun becomes an `Internal` error for this file alone. A runaway thread
/// cannot be killed; it is left behind (and its bytes with it) while the
/// import goes on. Returns the bytes for storing, and the outcome.
fn read_guarded(
    reader: &'static dyn Reader,
    name: &str,
    bytes: Vec<u8>,
    limits: &Limits,
) -> (Vec<u8>, Result<Read, ReadError>) {
    let (sender, receiver) = mpsc::channel();
    let (owned_name, owned_limits) = (name.to_string(), limits.clone());
    let spawned = std::thread::Builder::new()
        .name(format!("read-{}", reader.id()))
        // Parsers recurse on nesting (HTML, MIME parts); give them room.
        .stack_size(16 * 1024 * 1024)
        .spawn(move || {
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                reader.read(&owned_name, &bytes, &owned_limits)
            }))
            .unwrap_or_else(|_| {
                Err(ReadError::new(
                    ReadErrorKind::Internal,
                    format!("the {} reader failed on this file (a bug)", reader.id()),
                ))
            });
            let _ = sender.send((bytes, outcome));
        });
    if spawned.is_err() {
        // No thread to be had (the process is out of resources): say so plainly.
        let err = ReadError::new(
            ReadErrorKind::Internal,
            "could not start a reader (the system is out of threads or memory)",
        );
        return (Vec::new(), Err(err));
    }
    match receiver.recv_timeout(limits.max_read_time) {
        Ok(done) => done,
        Err(_) => {
            let err = ReadError::new(
                ReadErrorKind::Internal,
                format!(
                    "the {} reader took longer than {} seconds on this file and was stopped (a bug)",
                    reader.id(),
                    limits.max_read_time.as_secs()
                ),
            );
            (Vec::new(), Err(err))
        }
    }
}

/// NUL bytes in an article (a damaged file, a text editor's padding, a few
/// stray ones in otherwise good text) become spaces: one byte for one, so every
/// region and offset stays valid, and nothing downstream (the search index,
/// the webview, other SQLite tools) meets a NUL. The document says so.
fn replace_nuls(mut doc: Document) -> Document {
    let n = doc.text.bytes().filter(|&b| b == 0).count();
    if n > 0 {
        doc.text = doc.text.replace('\0', " ");
        doc.warnings
            .push(format!("{n} NUL byte(s) in the text replaced by spaces"));
    }
    let strip = |s: &mut String| {
        if s.contains('\0') {
            *s = s.replace('\0', "");
        }
    };
    for field in [
        &mut doc.title,
        &mut doc.outlet,
        &mut doc.url,
        &mut doc.language,
    ] {
        if let Some(value) = field.as_mut() {
            strip(value);
        }
    }
    doc.authors.iter_mut().for_each(strip);
    doc
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
