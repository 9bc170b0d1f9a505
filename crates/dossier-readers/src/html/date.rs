//! Dates as web pages write them in markup: ISO 8601 with time zones and
//! fractions (`2023-11-22T06:00:00.000+03:00`), RFC 2822, Unix timestamps, and
//! the dates in article URLs (`/2023/11/22/`). Free text goes to [`crate::dates`].
//!
//! The date and time are kept as the page wrote them (the publisher's local
//! day), not converted to UTC: "published on 22 November" means the local day.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime};
use dossier_core::DocDate;
use regex::Regex;
use std::sync::OnceLock;

fn iso_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5})?)?$")
            .expect("valid regex")
    })
}

/// A plausible publication year: rules out version numbers and typos.
fn plausible(date: NaiveDate) -> bool {
    (1990..=2100).contains(&date.year())
}

/// Parses a date from a meta tag, JSON-LD or `datetime` attribute.
pub fn parse_markup_date(raw: &str) -> Option<DocDate> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 80 {
        return None;
    }
    if let Some(c) = iso_pattern().captures(s) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let date = NaiveDate::from_ymd_opt(c[1].parse().ok()?, num(2)?, num(3)?)
            .filter(|d| plausible(*d))?;
        return Some(match (num(4), num(5)) {
            (Some(h), Some(m)) => match NaiveTime::from_hms_opt(h, m, 0) {
                Some(t) => DocDate::minute(date, t),
                None => DocDate::day(date),
            },
            _ => DocDate::day(date),
        });
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        let local = dt.naive_local();
        return plausible(local.date()).then(|| DocDate::minute(local.date(), local.time()));
    }
    if let Some(d) = unix_timestamp(s) {
        return Some(d);
    }
    if let Some(d) = DocDate::parse_iso(s).filter(|d| plausible(d.date)) {
        return Some(d);
    }
    crate::dates::parse_date(s).filter(|d| plausible(d.date))
}

/// Seconds or milliseconds since 1970, as some CMSs put in meta tags (taken as UTC).
fn unix_timestamp(s: &str) -> Option<DocDate> {
    if !(10..=13).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = s.parse().ok()?;
    let secs = if s.len() == 13 { n / 1000 } else { n };
    let dt = DateTime::from_timestamp(secs, 0)?.naive_utc();
    plausible(dt.date()).then(|| DocDate::minute(dt.date(), dt.time()))
}

fn url_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])(?:[/-](0?[1-9]|[12]\d|3[01]))?(?:/|-|\.|$)",
        )
        .expect("valid regex")
    })
}

fn compact_url_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)")
            .expect("valid regex")
    })
}

/// The date in an article URL: `/2023/11/22/` (day), `/2023/11/` (month), `/20231122/` (day).
pub fn date_from_url(url: &str) -> Option<DocDate> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |i| &path[i..]);
    if let Some(c) = url_pattern().captures(path) {
        let year: i32 = c[1].parse().ok()?;
        let month: u32 = c[2].parse().ok()?;
        return match c.get(3).and_then(|d| d.as_str().parse().ok()) {
            Some(day) => NaiveDate::from_ymd_opt(year, month, day).map(DocDate::day),
            None => DocDate::month(year, month),
        };
    }
    let c = compact_url_pattern().captures(path)?;
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
        .map(DocDate::day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_keep_local_day_and_precision() {
        assert_eq!(
            parse_markup_date("2015-07-24T05:36:09+01:00")
                .unwrap()
                .to_string(),
            "2015-07-24T05:36"
        );
        assert_eq!(
            parse_markup_date("2019-01-03T07:00:02.000Z")
                .unwrap()
                .to_string(),
            "2019-01-03T07:00"
        );
        assert_eq!(
            parse_markup_date("2017-11-03 03:01:00.000000")
                .unwrap()
                .to_string(),
            "2017-11-03T03:01"
        );
        assert_eq!(
            parse_markup_date("2024-06-25").unwrap().to_string(),
            "2024-06-25"
        );
        assert_eq!(
            parse_markup_date("Wed, 22 Nov 2023 06:00:00 +0300")
                .unwrap()
                .to_string(),
            "2023-11-22T06:00"
        );
        assert!(parse_markup_date("not a date").is_none());
        assert!(parse_markup_date("0001-01-01").is_none());
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            date_from_url("https://x.com/2023/11/22/strikes.html")
                .unwrap()
                .to_string(),
            "2023-11-22"
        );
        assert_eq!(
            date_from_url("https://x.com/news/2023/11/strikes")
                .unwrap()
                .to_string(),
            "2023-11"
        );
        assert_eq!(
            date_from_url("https://x.com/a/20231122-strikes")
                .unwrap()
                .to_string(),
            "2023-11-22"
        );
        assert!(date_from_url("https://x.com/2023/strikes").is_none());
        assert!(date_from_url("https://2023.com/").is_none());
    }
}
