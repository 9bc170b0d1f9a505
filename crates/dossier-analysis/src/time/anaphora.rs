//! Anaphoric expressions, resolved against an earlier expression rather than
//! the publication date:
//!
//! - year-back anaphors after a quarter: in "profit rose in the third
//!   quarter from a year earlier", "a year earlier" is the third quarter of
//!   the year before, not just the year before;
//! - narrative anaphors ("that year", "the following day", "later that
//!   month"), against the last date mentioned before them, as HeidelTime
//!   does for narratives;
//! - bare clock times ("at 10:35 a.m. Friday", "on Tuesday ... at 6 a.m."),
//!   on the day named next to them in the same sentence.

use chrono::{Datelike, NaiveDate};
use regex::{Captures, Regex};
use std::sync::OnceLock;

use super::calendar::{self, format, Grain, Unit};
use super::{Timex, TimexType};

/// Narrative anaphors: a demonstrative or ordering word and a unit.
pub const PATTERN: &str = r"(?i)\b(?:(?P<pre>earlier|later|early|late)\s+)?(?P<rel>that same|that|the same|the following|the next|the previous|the prior|the preceding)\s+(?P<unit>day|morning|afternoon|evening|night|week|month|year|quarter)\b";

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(PATTERN).unwrap_or_else(|e| panic!("bad anaphor rule: {e}")))
}

/// The value of an anaphor resolved against `anchor` (the antecedent's
/// day, or the reference). `None` when the pattern is better left to other
/// rules ("the next week" is the coming week of the reference).
pub fn resolve_against(caps: &Captures, anchor: Option<NaiveDate>) -> Option<(TimexType, String)> {
    let rel = caps.name("rel")?.as_str().to_ascii_lowercase();
    let word = caps.name("unit")?.as_str().to_ascii_lowercase();
    let step: i64 = match rel.as_str() {
        "the following" | "the next" => 1,
        "the previous" | "the prior" | "the preceding" => -1,
        _ => 0,
    };
    let (unit, part) = match word.as_str() {
        "day" => (Unit::Day, None),
        "morning" => (Unit::Day, Some("TMO")),
        "afternoon" => (Unit::Day, Some("TAF")),
        "evening" => (Unit::Day, Some("TEV")),
        "night" => (Unit::Day, Some("TNI")),
        "week" => (Unit::Week, None),
        "month" => (Unit::Month, None),
        "year" => (Unit::Year, None),
        _ => (Unit::Quarter, None),
    };
    // "the next week/month/year" and "the previous ..." mostly speak of the
    // reference's neighbours or of stretches of time: other rules have them.
    if step != 0 && rel == "the next" && !matches!(unit, Unit::Day) {
        return None;
    }
    let d = match anchor {
        Some(a) => Some(calendar::shift(a, step, unit)?),
        None => None,
    };
    let grain = unit.grain();
    let value = format(d, grain);
    Some(match part {
        Some(p) => (TimexType::Time, format!("{value}{p}")),
        None => (TimexType::Date, value),
    })
}

/// Rewrites anaphors and bare clock times in place.
pub fn resolve(text: &str, timexes: &mut [Timex]) {
    resolve_year_back(text, timexes);
    resolve_narrative(text, timexes);
    anchor_clock_times(text, timexes);
}

/// A date named by a resolved value: `1998-10-23`, `1998-10`, `1998`,
/// `1998-10-23TNI`, with the grain it carries.
fn concrete(value: &str) -> Option<(NaiveDate, Grain)> {
    let b = value.as_bytes();
    if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year: i32 = value.get(..4)?.parse().ok()?;
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = value.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    if value.len() == 4 {
        return Some((NaiveDate::from_ymd_opt(year, 1, 1)?, Grain::Year));
    }
    if value.get(4..6) == Some("-Q") {
        let q = num(6..7)?;
        return Some((NaiveDate::from_ymd_opt(year, q * 3 - 2, 1)?, Grain::Quarter));
    }
    if value.get(4..6) == Some("-W") {
        let w = num(6..8)?;
        let d = NaiveDate::from_isoywd_opt(year, w, chrono::Weekday::Mon)?;
        return Some((d, Grain::Week));
    }
    let month = num(5..7)?;
    match num(8..10) {
        Some(day) => Some((NaiveDate::from_ymd_opt(year, month, day)?, Grain::Day)),
        None if value.len() == 7 => Some((NaiveDate::from_ymd_opt(year, month, 1)?, Grain::Month)),
        None => None,
    }
}

fn finer_or_equal(have: Grain, need: Grain) -> bool {
    let rank = |g: Grain| match g {
        Grain::Day => 0,
        Grain::Week => 1,
        Grain::Month => 2,
        Grain::Quarter => 3,
        Grain::Year => 4,
        Grain::Decade => 5,
        Grain::Century => 6,
    };
    rank(have) <= rank(need)
}

/// How far (in bytes) a narrative anaphor looks back for its antecedent.
const NARRATIVE_REACH: usize = 1500;

fn resolve_narrative(text: &str, timexes: &mut [Timex]) {
    let re = pattern();
    for i in 0..timexes.len() {
        let Some(words) = text.get(timexes[i].span.start..timexes[i].span.end) else {
            continue;
        };
        let Some(caps) = re.captures(words) else {
            continue;
        };
        if caps.get(0).map(|m| m.len()) != Some(words.len()) {
            continue;
        }
        let unit = caps
            .name("unit")
            .map_or("", |m| m.as_str())
            .to_ascii_lowercase();
        let need = match unit.as_str() {
            "week" => Grain::Week,
            "month" => Grain::Month,
            "year" => Grain::Year,
            "quarter" => Grain::Quarter,
            _ => Grain::Day,
        };
        let start = timexes[i].span.start;
        let antecedent = timexes[..i].iter().rev().find_map(|t| {
            if start.saturating_sub(t.span.end) > NARRATIVE_REACH
                || t.kind == TimexType::Duration
                || t.kind == TimexType::Set
            {
                return None;
            }
            let (d, g) = concrete(&t.value)?;
            finer_or_equal(g, need).then_some(d)
        });
        let Some(anchor) = antecedent else { continue };
        if let Some((kind, value)) = resolve_against(&caps, Some(anchor)) {
            timexes[i].kind = kind;
            timexes[i].value = value;
        }
    }
}

/// Whether a time expression names no day of its own ("10:35 a.m.",
/// "noon", "midday").
fn is_bare_time(words: &str) -> bool {
    words.split_whitespace().all(|w| {
        let w = w.to_ascii_lowercase();
        w.bytes().any(|c| c.is_ascii_digit())
            || matches!(
                w.as_str(),
                "a.m." | "p.m." | "am" | "pm" | "a.m" | "p.m" | "noon" | "midnight" | "midday"
            )
            || w.starts_with("mid-")
    })
}

/// Puts bare clock times on the day named closest to them in their
/// sentence: "at about 10:35 a.m. (0735 GMT) Friday".
fn anchor_clock_times(text: &str, timexes: &mut [Timex]) {
    for i in 0..timexes.len() {
        if timexes[i].kind != TimexType::Time {
            continue;
        }
        let Some(words) = text.get(timexes[i].span.start..timexes[i].span.end) else {
            continue;
        };
        if !is_bare_time(words) {
            continue;
        }
        let Some((_, time)) = timexes[i].value.split_once('T') else {
            continue;
        };
        let time = time.to_string();
        let (start, end) = (timexes[i].span.start, timexes[i].span.end);
        let same_sentence = |a: usize, b: usize| {
            text.get(a..b).is_some_and(|between| {
                between.len() <= 60 && !between.contains(['.', '!', '?', '\n'])
                    || between.trim() == "."
            })
        };
        let next = timexes
            .get(i + 1)
            .filter(|t| same_sentence(end, t.span.start))
            .and_then(|t| day_of(&t.value));
        let prev = i
            .checked_sub(1)
            .map(|j| &timexes[j])
            .filter(|t| same_sentence(t.span.end, start))
            .and_then(|t| day_of(&t.value));
        if let Some(day) = next.or(prev) {
            timexes[i].value = format!("{day}T{time}");
        }
    }
}

/// The `YYYY-MM-DD` of a day-precise value.
fn day_of(value: &str) -> Option<&str> {
    let (d, g) = concrete(value)?;
    (g == Grain::Day && d.year() > 0).then(|| value.get(..10))?
}

// Year-back anaphors after a quarter.

/// Rewrites the value of year-back anaphors ("a year earlier", "a year ago",
/// "year-earlier", "the year-ago quarter") that closely follow a quarter.
fn resolve_year_back(text: &str, timexes: &mut [Timex]) {
    // Anaphors are never antecedents: "a year ago" after "the year-ago
    // quarter" compares with the quarter named before both.
    let year_back: Vec<bool> = timexes
        .iter()
        .map(|t| {
            text.get(t.span.start..t.span.end)
                .is_some_and(|w| is_year_back(&w.to_ascii_lowercase()))
        })
        .collect();
    // Nor are quarters named with their year ("the 1988 period"), which
    // are already in the past.
    let named_year: Vec<bool> = timexes
        .iter()
        .map(|t| {
            text.get(t.span.start..t.span.end).is_some_and(|w| {
                let w = w.to_ascii_lowercase();
                w.bytes().any(|c| c.is_ascii_digit()) || w.contains("last year")
            })
        })
        .collect();
    for i in 1..timexes.len() {
        if !year_back[i] {
            continue;
        }
        let antecedent = (0..i)
            .rev()
            .find(|&j| !year_back[j] && !named_year[j] && timexes[j].value.contains("-Q"))
            .filter(|&j| timexes[i].span.start.saturating_sub(timexes[j].span.end) <= REACH);
        let Some(j) = antecedent else { continue };
        if let Some(v) = year_before_quarter(&timexes[j].value) {
            timexes[i].value = v;
            timexes[i].kind = TimexType::Date;
        }
    }
}

fn is_year_back(words: &str) -> bool {
    matches!(
        words,
        "a year earlier" | "a year ago" | "year-earlier" | "year-ago" | "a year before"
    ) || words.starts_with("the year-earlier")
        || words.starts_with("the year-ago")
}

/// How far (in bytes) an anaphor looks back for its quarter: earnings
/// reports name the quarter once, then compare it a sentence or two later.
const REACH: usize = 400;

/// "1989-Q3" → "1988-Q3".
fn year_before_quarter(value: &str) -> Option<String> {
    let (year, q) = value.split_once("-Q")?;
    let year: i32 = year.parse().ok()?;
    Some(format!("{:04}-Q{q}", year - 1))
}
