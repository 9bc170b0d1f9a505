//! Quality measurements over public gold data, behind `dossier eval ...`.

pub mod readability;
pub mod timex;
