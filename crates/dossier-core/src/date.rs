//! Publication dates with their precision and origin.

use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// How much of a date is known. A month-precise date is drawn as a month, not a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Year,
    Month,
    Day,
    Minute,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Year => "year",
            DatePrecision::Month => "month",
            DatePrecision::Day => "day",
            DatePrecision::Minute => "minute",
        }
    }

    pub fn parse(s: &str) -> Option<DatePrecision> {
        Some(match s {
            "year" => DatePrecision::Year,
            "month" => DatePrecision::Month,
            "day" => DatePrecision::Day,
            "minute" => DatePrecision::Minute,
            _ => return None,
        })
    }
}

/// Where an article field's value came from. The user's word beats everything
/// else and is never overwritten by re-analysis or re-import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldSource {
    /// Found in the article's text (a dateline, a byline).
    Text,
    /// Found in the file's metadata (HTML meta tags, JSON-LD, e-mail headers, DOCX properties).
    Metadata,
    /// Set by the user.
    User,
}

impl FieldSource {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldSource::Text => "text",
            FieldSource::Metadata => "metadata",
            FieldSource::User => "user",
        }
    }

    pub fn parse(s: &str) -> Option<FieldSource> {
        Some(match s {
            "text" => FieldSource::Text,
            "metadata" => FieldSource::Metadata,
            "user" => FieldSource::User,
            _ => return None,
        })
    }
}

/// A calendar date known to some precision. For month and year precision,
/// `date` is the first day of the period, so that dates sort sensibly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DocDate {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub precision: DatePrecision,
}

impl DocDate {
    pub fn day(date: NaiveDate) -> DocDate {
        DocDate {
            date,
            time: None,
            precision: DatePrecision::Day,
        }
    }

    pub fn month(year: i32, month: u32) -> Option<DocDate> {
        let date = NaiveDate::from_ymd_opt(year, month, 1)?;
        Some(DocDate {
            date,
            time: None,
            precision: DatePrecision::Month,
        })
    }

    pub fn year(year: i32) -> Option<DocDate> {
        let date = NaiveDate::from_ymd_opt(year, 1, 1)?;
        Some(DocDate {
            date,
            time: None,
            precision: DatePrecision::Year,
        })
    }

    pub fn minute(date: NaiveDate, time: NaiveTime) -> DocDate {
        DocDate {
            date,
            time: Some(time),
            precision: DatePrecision::Minute,
        }
    }

    /// Parses the ISO forms `Display` writes: `2023`, `2023-11`, `2023-11-22`, `2023-11-22T06:00`.
    pub fn parse_iso(s: &str) -> Option<DocDate> {
        let s = s.trim();
        if let Some((d, t)) = s.split_once('T') {
            let date = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
            let t = t.get(..t.len().min(8))?;
            let time = NaiveTime::parse_from_str(t, "%H:%M:%S")
                .ok()
                .or_else(|| NaiveTime::parse_from_str(t.get(..5)?, "%H:%M").ok())?;
            return Some(DocDate::minute(date, time));
        }
        match s.len() {
            4 => DocDate::year(s.parse().ok()?),
            7 => DocDate::month(s[..4].parse().ok()?, s[5..].parse().ok()?),
            10 => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .map(DocDate::day),
            _ => None,
        }
    }
}

impl fmt::Display for DocDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.date;
        match self.precision {
            DatePrecision::Year => write!(f, "{:04}", d.year()),
            DatePrecision::Month => write!(f, "{:04}-{:02}", d.year(), d.month()),
            DatePrecision::Day => write!(f, "{}", d.format("%Y-%m-%d")),
            DatePrecision::Minute => match self.time {
                Some(t) => write!(f, "{}T{}", d.format("%Y-%m-%d"), t.format("%H:%M")),
                None => write!(f, "{}", d.format("%Y-%m-%d")),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trip_keeps_precision() {
        for s in ["2023", "2023-11", "2023-11-22", "2023-11-22T06:05"] {
            let d = DocDate::parse_iso(s).unwrap_or_else(|| panic!("{s} did not parse"));
            assert_eq!(d.to_string(), s);
        }
        assert_eq!(
            DocDate::parse_iso("2023-11-22T06:05:59")
                .unwrap()
                .to_string(),
            "2023-11-22T06:05"
        );
        assert!(DocDate::parse_iso("2023-13").is_none());
        assert!(DocDate::parse_iso("yesterday").is_none());
    }
}
