//! Quality measurements over public gold data, behind `dossier eval ...`.

pub mod ner;
pub mod readability;
pub mod timex;
