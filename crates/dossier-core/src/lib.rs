//! Domain types shared by every Dossier crate.
//!
//! Nothing here does I/O: these are the values that readers produce, analysis
//! annotates and the store persists. Offsets are always UTF-8 byte offsets into
//! a document's `text`; the desktop shell converts them for JavaScript.

mod date;
mod document;
mod span;

pub use date::{DatePrecision, DocDate, FieldSource};
pub use document::{Document, Region, RegionKind};
pub use span::Span;
