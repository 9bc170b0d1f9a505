//! Text in, annotations out.
//!
//! Pure functions over a document's analysis text: no file, database or network
//! access. Embedded data is loaded once per process.

pub mod events;
pub mod fingerprint;
pub mod geo;
pub mod link;
pub mod ner;
pub mod sentences;
pub mod time;
