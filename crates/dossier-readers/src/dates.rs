//! Dates as newsrooms and web pages write them: "Wednesday, 11/22/2023",
//! "Nov. 22, 2023", "22 November 2023", "2023-11-22T06:00:00Z",
//! "Updated: Nov. 22, 2023 at 5:04 p.m. ET".
//!
//! Two entry points share one set of patterns: [`parse_date`] for a string that
//! should be nothing but a date (a meta tag value, a date line), and
//! [`find_date`] for the first date inside a longer line. Neither guesses a
//! missing year: "Nov 22" alone is not a date here, because a reader has no
//! reference date to complete it (that is the analysis layer's job).
//!
//! Times are kept as written, in the writer's local time: an offset or zone name
//! is recognised (so that it is part of the date's span) but not applied, since
//! the calendar day the newsroom printed is what the user cites.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use dossier_core::{DocDate, Span};
use regex::{Captures, Regex};

/// Years accepted in a full date; outside this range a "date" is junk or a typo.
const FULL_DATE_YEARS: std::ops::RangeInclusive<i32> = 1800..=2200;
/// Years accepted when a string is nothing but a year ("2023").
const BARE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Parses one date string (a meta tag value, a date line). Returns `None` when
/// the string is not a date on its own: anything left around the date must be
/// a label ("Updated:", "Posted on"), a weekday, a time or punctuation.
pub fn parse_date(s: &str) -> Option<DocDate> {
    let s = s.trim();
    // A date line is a date and a few label words; the news structure asks
    // about every paragraph, and searching a long one for dates costs more
    // than the rest of its classification.
    if s.len() > MAX_DATE_LINE {
        return None;
    }
    if let Some(year) = bare_year(s) {
        return DocDate::year(year);
    }
    if iso_month_re().is_match(s) {
        return DocDate::parse_iso(s);
    }
    let found = best_candidate(s, true)?;
    let rest_is_filler = is_filler(&s[..found.span.start]) && is_filler(&s[found.span.end..]);
    rest_is_filler.then_some(found.date)
}

/// Longer than any date with its weekday, time, zone and labels
/// ("Published: Wednesday, November 22, 2023 10:00 AM EST | Updated: ...").
const MAX_DATE_LINE: usize = 200;

/// Finds the first full date (with a year) inside a longer text and its byte
/// span, weekday and time included: "Published Wednesday, 11/22/2023 10:00 AM".
/// Month names must be capitalised here, so that "may 2023" in running prose
/// is not taken for a date.
pub fn find_date(text: &str) -> Option<(DocDate, Span)> {
    best_candidate(text, false).map(|c| (c.date, c.span))
}

/// A date found in a text, with the span it covers.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    date: DocDate,
    span: Span,
}

/// The leftmost (then longest) valid date in `text`.
fn best_candidate(text: &str, allow_lowercase_month: bool) -> Option<Candidate> {
    let mut best: Option<Candidate> = None;
    for pattern in patterns() {
        for caps in pattern.regex.captures_iter(text) {
            let Some(c) = candidate(text, &caps, pattern.shape, allow_lowercase_month) else {
                continue;
            };
            let better = match best {
                None => true,
                Some(b) => {
                    c.span.start < b.span.start
                        || (c.span.start == b.span.start && c.span.end > b.span.end)
                }
            };
            if better {
                best = Some(c);
            }
            // Later matches of the same pattern start further right: no better.
            break;
        }
    }
    best
}

/// How a pattern's groups map to a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// 2023-11-22, with an optional ISO time.
    Iso,
    /// 2023/11/22.
    YearFirstSlashed,
    /// 11/22/2023, 22/11/2023, 22.11.2023.
    Numeric,
    /// Nov. 22, 2023.
    MonthDayYear,
    /// 22 November 2023.
    DayMonthYear,
    /// November 2023 (month precision).
    MonthYear,
}

struct Pattern {
    regex: Regex,
    shape: Shape,
}

const WEEKDAY: &str = r"(?:(?P<wd>(?i:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?i:day|sday|nesday|rsday|urday)?)\b\.?,?\s+)?";
const MONTH: &str = r"(?P<month>(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?))\b\.?";
const ORDINAL: &str = r"(?:st|nd|rd|th)?";
/// Zone names and offsets that may follow a time; recognised, not applied.
const ZONE: &str = r"(?:(?:UTC|GMT|Z|ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|BST|CET|CEST|EET|EEST|IST|AST|MSK|JST|AEST|AEDT)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?\b|[+-]\d{2}:?\d{2}\b)";
/// A clock time: "5:04 p.m.", "06:00:00", "10 AM", "5.04 pm" (a dotted time
/// only with a meridiem, so that "12.50 percent" is not a time).
const CLOCK: &str = r"(?:(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?(?:\s*(?P<ap>[AaPp])\.?\s?[Mm]\b\.?)?|(?P<h3>\d{1,2})\.(?P<m3>\d{2})\s*(?P<ap3>[AaPp])\.?\s?[Mm]\b\.?|(?P<h2>\d{1,2})\s*(?P<ap2>[AaPp])\.?\s?[Mm]\b\.?)";

fn patterns() -> &'static [Pattern] {
    static PATTERNS: OnceLock<Vec<Pattern>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let p = |src: String, shape| Pattern { regex: Regex::new(&src).expect("date pattern compiles"), shape };
        vec![
            p(
                format!(
                    r"\b{WEEKDAY}(?P<y>\d{{4}})-(?P<mo>\d{{2}})-(?P<d>\d{{2}})(?:[T ](?P<h>\d{{2}}):(?P<m>\d{{2}})(?::(?P<s>\d{{2}})(?:[.,]\d+)?)?(?:Z|[+-]\d{{2}}(?::?\d{{2}})?)?)?\b"
                ),
                Shape::Iso,
            ),
            p(format!(r"\b{WEEKDAY}(?P<y>\d{{4}})/(?P<mo>\d{{1,2}})/(?P<d>\d{{1,2}})\b"), Shape::YearFirstSlashed),
            p(
                format!(r"\b{WEEKDAY}(?P<a>\d{{1,2}})(?P<s1>[/.\-])(?P<b>\d{{1,2}})(?P<s2>[/.\-])(?P<y>\d{{4}})\b"),
                Shape::Numeric,
            ),
            p(
                format!(r"\b{WEEKDAY}{MONTH}\s*(?P<d>\d{{1,2}}){ORDINAL}\b(?:,\s*|\s+)(?P<y>\d{{4}})\b"),
                Shape::MonthDayYear,
            ),
            p(
                format!(
                    r"\b{WEEKDAY}(?:the\s+)?(?P<d>\d{{1,2}}){ORDINAL}(?:\s+of\s+|[\s\-]+){MONTH}(?:,\s*|[\s\-]+)(?P<y>\d{{4}})\b"
                ),
                Shape::DayMonthYear,
            ),
            p(format!(r"\b{MONTH},?\s+(?P<y>\d{{4}})\b"), Shape::MonthYear),
        ]
    })
}

/// A time right after a date: "at 5:04 p.m. ET", " 06:00:00 +0000", ", 10 AM".
fn time_after_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"\A\s*(?:,|at|@|-|–|—|\|)?\s*{CLOCK}(?:\s*\(?{ZONE}\)?)?"
        ))
        .expect("time pattern compiles")
    })
}

/// A time right before a date: "10:00 AM EST, Nov 22, 2023".
fn time_before_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"\b{CLOCK}(?:\s*\(?{ZONE}\)?)?[\s,|\-–—]*(?:on\s+)?\z"
        ))
        .expect("time pattern compiles")
    })
}

fn iso_month_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\A\d{4}-\d{2}\z").expect("iso month pattern compiles"))
}

/// "2023" as a whole string, within [`BARE_YEARS`].
fn bare_year(s: &str) -> Option<i32> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = s.parse().ok()?;
    BARE_YEARS.contains(&year).then_some(year)
}

/// Builds a validated date from one pattern match, with any adjacent time.
fn candidate(
    text: &str,
    caps: &Captures,
    shape: Shape,
    allow_lowercase_month: bool,
) -> Option<Candidate> {
    let whole = caps.get(0)?;
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let year: i32 = caps.name("y")?.as_str().parse().ok()?;
    if !FULL_DATE_YEARS.contains(&year) {
        return None;
    }
    let weekday = caps.name("wd").and_then(|m| weekday_from_name(m.as_str()));
    if let Some(m) = caps.name("month") {
        let capitalised = m.as_str().chars().next().is_some_and(char::is_uppercase);
        if !capitalised && !allow_lowercase_month {
            return None;
        }
    }
    let month_by_name = caps.name("month").and_then(|m| month_from_name(m.as_str()));
    let date = match shape {
        Shape::Iso | Shape::YearFirstSlashed => {
            NaiveDate::from_ymd_opt(year, num("mo")?, num("d")?)?
        }
        Shape::Numeric => numeric_date(caps, year, weekday)?,
        Shape::MonthDayYear | Shape::DayMonthYear => {
            NaiveDate::from_ymd_opt(year, month_by_name?, num("d")?)?
        }
        Shape::MonthYear => {
            return Some(Candidate {
                date: DocDate::month(year, month_by_name?)?,
                span: Span::new(whole.start(), whole.end()),
            })
        }
    };
    let mut span = Span::new(whole.start(), whole.end());
    let mut time = if shape == Shape::Iso {
        clock(caps)
    } else {
        None
    };
    if time.is_none() && shape != Shape::Iso {
        if let Some((t, end)) = time_after(text, span.end) {
            time = Some(t);
            span.end = end;
        } else if let Some((t, start)) = time_before(text, span.start) {
            time = Some(t);
            span.start = start;
        }
    }
    let date = match time {
        Some(t) => DocDate::minute(date, t),
        None => DocDate::day(date),
    };
    Some(Candidate { date, span })
}

/// 11/22/2023 is US order; a first number above 12 means day first
/// (22/11/2023), and so does a dotted date (22.11.2023, the European habit).
/// When both orders are valid, a weekday that matches only one decides.
fn numeric_date(caps: &Captures, year: i32, weekday: Option<Weekday>) -> Option<NaiveDate> {
    let (s1, s2) = (caps.name("s1")?.as_str(), caps.name("s2")?.as_str());
    if s1 != s2 {
        return None;
    }
    let a_text = caps.name("a")?.as_str();
    let b_text = caps.name("b")?.as_str();
    let (a, b): (u32, u32) = (a_text.parse().ok()?, b_text.parse().ok()?);
    if s1 == "." && (a_text.len() != 2 || b_text.len() != 2) {
        // "1.2.2023" is more often a version number than a date.
        return None;
    }
    let us = NaiveDate::from_ymd_opt(year, a, b);
    let day_first = NaiveDate::from_ymd_opt(year, b, a);
    let preferred = if s1 == "." || a > 12 { day_first } else { us };
    let other = if s1 == "." || a > 12 { us } else { day_first };
    match (weekday, preferred, other) {
        (Some(wd), Some(p), Some(o)) if p.weekday() != wd && o.weekday() == wd => Some(o),
        _ => preferred,
    }
}

/// The time in a match's clock groups (the ISO pattern's own, or [`CLOCK`]'s).
fn clock(caps: &Captures) -> Option<NaiveTime> {
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let hour = num("h").or_else(|| num("h3")).or_else(|| num("h2"))?;
    let minute = num("m").or_else(|| num("m3")).unwrap_or(0);
    let second = num("s").unwrap_or(0);
    let meridiem = ["ap", "ap3", "ap2"]
        .iter()
        .find_map(|name| caps.name(name))
        .map(|m| m.as_str().to_ascii_lowercase());
    let hour = match meridiem.as_deref() {
        Some("a") if (1..=12).contains(&hour) => hour % 12,
        Some("p") if (1..=12).contains(&hour) => hour % 12 + 12,
        Some(_) => return None,
        None => hour,
    };
    NaiveTime::from_hms_opt(hour, minute, second.min(59))
}

/// A valid time starting at `at`, and where it ends.
fn time_after(text: &str, at: usize) -> Option<(NaiveTime, usize)> {
    let caps = time_after_re().captures(text.get(at..)?)?;
    let time = clock(&caps)?;
    Some((time, at + caps.get(0)?.end()))
}

/// A valid time ending just before `at`, and where it starts.
fn time_before(text: &str, at: usize) -> Option<(NaiveTime, usize)> {
    let mut from = at.saturating_sub(48);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let caps = time_before_re().captures(text.get(from..at)?)?;
    let time = clock(&caps)?;
    Some((time, from + caps.get(0)?.start()))
}

fn month_from_name(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|i| i as u32 + 1)
}

fn weekday_from_name(name: &str) -> Option<Weekday> {
    let lower = name.to_ascii_lowercase();
    let days = [
        ("mon", Weekday::Mon),
        ("tue", Weekday::Tue),
        ("wed", Weekday::Wed),
        ("thu", Weekday::Thu),
        ("fri", Weekday::Fri),
        ("sat", Weekday::Sat),
        ("sun", Weekday::Sun),
    ];
    days.iter()
        .find(|(prefix, _)| lower.starts_with(prefix))
        .map(|&(_, d)| d)
}

/// Words that may stand around a date in a date-only string.
const LABEL_WORDS: &[&str] = &[
    "updated",
    "update",
    "published",
    "posted",
    "on",
    "at",
    "last",
    "modified",
    "date",
    "dated",
    "first",
    "created",
    "originally",
    "edited",
    "released",
    "issued",
    "time",
    "pub",
    "publication",
    "article",
];

/// Whether `s` holds nothing but labels and punctuation (no second date, no prose).
fn is_filler(s: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric()).all(|word| {
        word.is_empty()
            || LABEL_WORDS
                .iter()
                .any(|label| word.eq_ignore_ascii_case(label))
    }) && s
        .chars()
        .all(|c| c.is_alphanumeric() || c.is_whitespace() || ",:;|-–—./()[]".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::DatePrecision;

    fn day(y: i32, m: u32, d: u32) -> DocDate {
        DocDate::day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn minute(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DocDate {
        DocDate::minute(
            NaiveDate::from_ymd_opt(y, mo, d).unwrap(),
            NaiveTime::from_hms_opt(h, mi, 0).unwrap(),
        )
    }

    fn parsed(s: &str) -> String {
        parse_date(s).map_or_else(|| "None".to_string(), |d| d.to_string())
    }

    #[test]
    fn iso_dates_keep_the_local_time_as_written() {
        assert_eq!(parse_date("2023-11-22"), Some(day(2023, 11, 22)));
        assert_eq!(parsed("2023-11-22T06:00:00Z"), "2023-11-22T06:00");
        assert_eq!(parsed("2023-11-22T06:00:00+03:00"), "2023-11-22T06:00");
        assert_eq!(parsed("2023-11-22T23:30:00.000-0500"), "2023-11-22T23:30");
        assert_eq!(parsed("2023-11-22 06:05"), "2023-11-22T06:05");
        assert_eq!(parsed("2023/11/22"), "2023-11-22");
        assert_eq!(parsed("2023-11"), "2023-11");
    }

    #[test]
    fn rfc_2822() {
        assert_eq!(
            parse_date("Wed, 22 Nov 2023 06:00:00 +0000"),
            Some(minute(2023, 11, 22, 6, 0))
        );
        assert_eq!(parsed("Wed, 22 Nov 2023 06:00:00 GMT"), "2023-11-22T06:00");
        assert_eq!(parsed("22 Nov 2023"), "2023-11-22");
    }

    #[test]
    fn numeric_dates_are_us_order_unless_the_first_number_is_a_day() {
        assert_eq!(parse_date("Wednesday, 11/22/2023"), Some(day(2023, 11, 22)));
        assert_eq!(
            parse_date("11/22/2023").unwrap().precision,
            DatePrecision::Day
        );
        assert_eq!(parsed("22/11/2023"), "2023-11-22");
        assert_eq!(parsed("05/06/2023"), "2023-05-06");
        assert_eq!(parsed("22.11.2023"), "2023-11-22");
        assert_eq!(parsed("11-22-2023"), "2023-11-22");
        // 4 March 2024 was a Monday, 3 April a Wednesday: the weekday decides.
        assert_eq!(parsed("Monday, 03/04/2024"), "2024-03-04");
        assert_eq!(parsed("Wednesday, 03/04/2024"), "2024-04-03");
        assert_eq!(parsed("11/22-2023"), "None", "mixed separators");
        assert_eq!(parsed("13/13/2023"), "None");
    }

    #[test]
    fn month_names_in_every_order() {
        for s in [
            "Nov. 22, 2023",
            "November 22, 2023",
            "22 November 2023",
            "Nov 22 2023",
            "November 22nd, 2023",
            "the 22nd of November, 2023",
            "22-Nov-2023",
            "NOVEMBER 22, 2023",
            "Wednesday, November 22, 2023",
            "Sept. 22, 2023",
        ] {
            let expected = if s.starts_with("Sept") {
                "2023-09-22"
            } else {
                "2023-11-22"
            };
            assert_eq!(parsed(s), expected, "{s}");
        }
    }

    #[test]
    fn times_with_meridiem_and_zones() {
        assert_eq!(parsed("Nov 22 2023 10:30 AM"), "2023-11-22T10:30");
        assert_eq!(
            parsed("Updated: Nov. 22, 2023 at 5:04 p.m. ET"),
            "2023-11-22T17:04"
        );
        assert_eq!(parsed("Nov. 22, 2023 12:15 a.m."), "2023-11-22T00:15");
        assert_eq!(parsed("Nov. 22, 2023 12:15 pm"), "2023-11-22T12:15");
        assert_eq!(parsed("10:00 AM EST, Nov 22, 2023"), "2023-11-22T10:00");
        assert_eq!(
            parsed("Published 22 November 2023, 14:05 GMT"),
            "2023-11-22T14:05"
        );
        // An impossible time is not part of the date.
        assert_eq!(parsed("Nov 22, 2023"), "2023-11-22");
        assert_eq!(parsed("Nov 22, 2023 25:99"), "None");
    }

    #[test]
    fn month_and_year_precision() {
        let d = parse_date("November 2023").unwrap();
        assert_eq!(
            (d.precision, d.to_string()),
            (DatePrecision::Month, "2023-11".to_string())
        );
        let y = parse_date("2023").unwrap();
        assert_eq!(
            (y.precision, y.to_string()),
            (DatePrecision::Year, "2023".to_string())
        );
        assert_eq!(parse_date("1899"), None);
        assert_eq!(parse_date("2101"), None);
        assert_eq!(parse_date("12345"), None);
    }

    #[test]
    fn leap_days_and_impossible_dates() {
        assert_eq!(parse_date("2024-02-29"), Some(day(2024, 2, 29)));
        assert_eq!(parse_date("Feb. 29, 2024"), Some(day(2024, 2, 29)));
        assert_eq!(parse_date("2000-02-29"), Some(day(2000, 2, 29)));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("1900-02-29"), None);
        assert_eq!(parse_date("February 29, 2023"), None);
        assert_eq!(parse_date("2/29/2023"), None);
        assert_eq!(parse_date("April 31, 2023"), None);
        assert_eq!(parse_date("2023-00-10"), None);
        assert_eq!(parse_date("32 January 2023"), None);
    }

    #[test]
    fn things_that_are_not_dates_on_their_own() {
        for s in [
            "",
            "   ",
            "Wednesday",
            "October 17",
            "Nov 22",
            "yesterday",
            "last night",
            "Nov 22, 2023 and Nov 23, 2023",
            "Strikes on Nov 22, 2023",
            "1.2.2023",
            "0500",
            "version 2023-11-22b",
        ] {
            assert_eq!(parse_date(s), None, "{s:?}");
        }
    }

    #[test]
    fn finds_dates_inside_lines() {
        let line = "Published Wednesday, 11/22/2023 10:00 AM";
        let (date, span) = find_date(line).unwrap();
        assert_eq!(date, minute(2023, 11, 22, 10, 0));
        assert_eq!(
            &line[span.start..span.end],
            "Wednesday, 11/22/2023 10:00 AM"
        );

        let line = "Posted on March 3, 2024 by Jane Doe";
        let (date, span) = find_date(line).unwrap();
        assert_eq!(date, day(2024, 3, 3));
        assert_eq!(&line[span.start..span.end], "March 3, 2024");

        let line = "A soldier in Mosul, Iraq, October 18, 2016.";
        let (_, span) = find_date(line).unwrap();
        assert_eq!(&line[span.start..span.end], "October 18, 2016");
    }

    #[test]
    fn find_date_needs_a_year_and_a_capitalised_month() {
        assert_eq!(
            find_date("Baghdad, Nov 22 (Reuters) - Iraq's government said"),
            None
        );
        assert_eq!(find_date("BAGHDAD, Nov 22 (Reuters) -"), None);
        assert_eq!(
            find_date("attacks that began on Oct. 17 and in 2014 seized"),
            None
        );
        assert_eq!(find_date("they may 2023 or not"), None);
        assert_eq!(find_date("2,500 troops in 2014"), None);
    }

    #[test]
    fn find_date_picks_the_first_date_and_skips_invalid_ones() {
        let text = "Filed 2023-02-29, then on Nov. 22, 2023 and 1 December 2023";
        let (date, span) = find_date(text).unwrap();
        assert_eq!(date, day(2023, 11, 22));
        assert_eq!(&text[span.start..span.end], "Nov. 22, 2023");
    }

    #[test]
    fn never_panics_on_odd_text() {
        for s in [
            "é10:00 AM, Nov 22, 2023",
            "ééééééééééééééééééééééééé 10 pm Nov 22, 2023",
            "99/99/9999",
            "—",
            "٢٠٢٣-١١-٢٢",
        ] {
            let _ = parse_date(s);
            let _ = find_date(s);
        }
        assert_eq!(
            parsed("ééééééééééééééééééééééééé 10 pm Nov 22, 2023"),
            "None"
        );
        let s = "ééééééééééééééééééééééééé 10 pm Nov 22, 2023";
        assert_eq!(find_date(s).unwrap().0.to_string(), "2023-11-22T22:00");
    }
}
