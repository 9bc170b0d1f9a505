//! Quality measurements over public gold data, behind `dossier eval ...`.

pub mod geo;
pub mod ner;
pub mod readability;
pub mod timex;
