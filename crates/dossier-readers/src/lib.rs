//! Import formats: bytes in, [`Document`]s out.
//!
//! Each format is one [`Reader`] in its own file, registered in [`READERS`]
//! (the way Zotero keeps one translator per site). Readers are pure: they get
//! the file's name and bytes, never a path to open, and they never panic on bad
//! input; [`read_file`] additionally catches any panic that escapes one.
//! Archives (`.zip`) expand into entries that go through the same dispatch
//! again, within [`Limits`].

pub mod dates;
mod dispatch;
mod error;
mod news;
pub mod text;

mod docx;
mod eml;
mod html;
mod markdown;
mod mbox;
mod pdf;
mod plain;
mod zip;

pub use dispatch::{read_file, reader_for, supported_extensions, Item, Limits};
pub use dossier_core::Document;
pub use error::{ReadError, ReadErrorKind};
pub use html::html_to_text;

/// What a reader makes of one file.
#[derive(Debug)]
pub enum Read {
    /// Articles found in the file (usually one; an mbox holds many).
    Documents(Vec<Document>),
    /// Files found in an archive, to be read in turn.
    Archive(Vec<ArchiveEntry>),
}

/// One file inside an archive.
#[derive(Debug, Clone)]
pub struct ArchiveEntry {
    /// Path inside the archive, `/`-separated, already checked to be relative and
    /// clean; for a refused entry, the name as the archive gave it (shown to the
    /// user, never used as a path).
    pub name: String,
    pub bytes: Vec<u8>,
    /// Set when the archive reader refused this entry (unsafe path, zip bomb,
    /// encrypted): dispatch reports it as a failed item and reads the rest.
    pub refused: Option<ReadError>,
}

/// One import format.
pub trait Reader: Sync {
    /// Stable identifier ("html", "eml"); stored with each article.
    fn id(&self) -> &'static str;
    /// Lower-case file name extensions without the dot.
    fn extensions(&self) -> &'static [&'static str];
    /// Cheap check on the first bytes of a file, used when the extension is
    /// missing or misleading. Must look at `head` only.
    fn sniff(&self, head: &[u8]) -> bool;
    /// Reads the whole file. `name` is used for messages and for fallback titles.
    fn read(&self, name: &str, bytes: &[u8], limits: &Limits) -> Result<Read, ReadError>;
}

/// Every reader, in sniffing order (most specific signatures first).
pub static READERS: &[&dyn Reader] = &[
    &pdf::Pdf,
    &zip::Zip,
    &docx::Docx,
    &html::Html,
    &mbox::Mbox,
    &eml::Eml,
    &markdown::Markdown,
    &plain::PlainText,
];
