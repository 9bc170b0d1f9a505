//! Temporal expressions: finds dates, times, durations and sets in text and
//! normalises each to a TimeML TIMEX3 value, resolving relative expressions
//! ("since Tuesday", "a year ago", "last night") against a reference date,
//! usually the article's publication date.
//!
//! Rule-based: each rule in [`rules`] is a regular expression with a
//! normaliser; among overlapping candidates the longest wins.
//!
//! Without a reference date, relative expressions keep a placeholder value
//! with `X` digits at the resolved granularity (`XXXX-XX-XX` for a day,
//! `XXXX-XX` for a month, `XXXX` for a year, `XXXX-WXX` for a week, with any
//! part-of-day suffix such as `XXXX-XX-XXTNI`): a caller re-runs [`tag`] once
//! the publication date is known.

mod anaphora;
mod calendar;
mod lexicon;
mod rules;
mod tense;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use dossier_core::Span;

/// TimeML TIMEX3 `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    /// The TimeML spelling: `DATE`, `TIME`, `DURATION`, `SET`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// One temporal expression: where it is, what kind, and its TIMEX3 value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    /// UTF-8 byte offsets into the tagged text.
    pub span: Span,
    pub kind: TimexType,
    /// TIMEX3 value: `2023-11-22`, `2023-11`, `2023-W47`, `2023-11-21TNI`,
    /// `P3W`, `PXY`, `PAST_REF`, `199`, ...
    pub value: String,
}

/// How precise a TIMEX3 value is, from the coarsest to the finest: what a
/// timeline needs to draw an expression as a range or as a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// `19` (the 1900s).
    Century,
    /// `199` (the 1990s).
    Decade,
    /// `1998`.
    Year,
    /// `1998-H2`.
    HalfYear,
    /// `1998-Q3`.
    Quarter,
    /// `1998-SU`.
    Season,
    /// `1998-10`.
    Month,
    /// `1998-W43`, `1998-W43-WE`.
    Week,
    /// `1998-10-23`.
    Day,
    /// `1998-10-23TNI`.
    PartOfDay,
    /// `1998-10-23T22:00`.
    TimeOfDay,
}

impl Timex {
    /// The precision of a calendar value; `None` for durations, sets and
    /// vague references (`P3W`, `PAST_REF`). Placeholders count as the
    /// precision they stand for (`XXXX-XX-XX` is a day).
    pub fn precision(&self) -> Option<Precision> {
        match self.kind {
            TimexType::Duration | TimexType::Set => None,
            _ => precision_of(&self.value),
        }
    }
}

/// The precision of a TIMEX3 date or time value (see [`Timex::precision`]).
pub fn precision_of(value: &str) -> Option<Precision> {
    let digit = |c: char| c.is_ascii_digit() || c == 'X';
    let (date, time) = match value.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (value, None),
    };
    if !date.starts_with(digit) || value.starts_with('P') {
        return None;
    }
    if let Some(t) = time {
        let part = matches!(t, "MO" | "AF" | "EV" | "NI" | "DT");
        return Some(if part {
            Precision::PartOfDay
        } else {
            Precision::TimeOfDay
        });
    }
    let parts: Vec<&str> = date.split('-').collect();
    let p = match parts.as_slice() {
        [y] if y.len() == 2 && y.chars().all(digit) => Precision::Century,
        [y] if y.len() == 3 && y.chars().all(digit) => Precision::Decade,
        [y] if y.len() == 4 && y.chars().all(digit) => Precision::Year,
        [_, h] if h.starts_with('H') => Precision::HalfYear,
        [_, q] if q.starts_with('Q') => Precision::Quarter,
        [_, "SP" | "SU" | "FA" | "WI"] => Precision::Season,
        [_, w, ..] if w.starts_with('W') => Precision::Week,
        [_, m] if m.len() == 2 && m.chars().all(digit) => Precision::Month,
        [_, _, d] if d.len() == 2 && d.chars().all(digit) => Precision::Day,
        _ => return None,
    };
    Some(p)
}

/// Finds and normalises the temporal expressions in `text`, in text order and
/// without overlaps. `reference` is the document creation time (publication
/// date); see the module comment for what happens without one.
pub fn tag(text: &str, reference: Option<NaiveDate>) -> Vec<Timex> {
    let candidates = rules::candidates(text, reference);
    let mut timexes = select_longest(candidates);
    add_conjoined_days(text, &mut timexes);
    extend_with_position_words(text, &mut timexes);
    anaphora::resolve(text, &mut timexes);
    timexes
}

/// Keeps, among overlapping candidates, the longest (then the leftmost):
/// "Wednesday, 11/22/2023" beats "11/22/2023", and "the past two months"
/// beats "in the past".
fn select_longest(mut candidates: Vec<Timex>) -> Vec<Timex> {
    candidates.sort_by(|a, b| {
        let len = |t: &Timex| t.span.end - t.span.start;
        len(b).cmp(&len(a)).then(a.span.start.cmp(&b.span.start))
    });
    // Accepted spans by start, kept disjoint, so that an overlap check
    // looks only at the neighbours: long texts stay O(n log n).
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out: Vec<Timex> = Vec::new();
    for c in candidates {
        let (start, end) = (c.span.start, c.span.end);
        let before = taken.range(..=start).next_back();
        let after = taken.range(start..).next();
        let overlaps =
            before.is_some_and(|(_, &e)| e > start) || after.is_some_and(|(&s, _)| s < end);
        if !overlaps {
            taken.insert(start, end);
            out.push(c);
        }
    }
    out.sort_by_key(|t| t.span.start);
    out
}

/// Words that place a point inside a date ("the end of 1990", "mid-1996")
/// belong to the expression; the value stays the date's (TIMEX3 would put
/// the position in a `mod` attribute, which Dossier does not keep yet).
const POSITION_PREFIXES: [&str; 9] = [
    "the end of ",
    "the middle of ",
    "the beginning of ",
    "the start of ",
    "the first half of ",
    "the second half of ",
    "the last half of ",
    "mid-",
    "mid ",
];

fn extend_with_position_words(text: &str, timexes: &mut [Timex]) {
    let mut previous_end = 0;
    for t in timexes.iter_mut() {
        if t.kind == TimexType::Date {
            let before = text.get(previous_end..t.span.start).unwrap_or("");
            for prefix in POSITION_PREFIXES {
                let n = prefix.len();
                let tail = before.len().checked_sub(n).and_then(|i| before.get(i..));
                if tail.is_some_and(|tail| tail.eq_ignore_ascii_case(prefix)) {
                    t.span.start -= n;
                    // Halves of a year are values of their own.
                    let half = match prefix {
                        "the first half of " => Some("H1"),
                        "the second half of " | "the last half of " => Some("H2"),
                        _ => None,
                    };
                    if let Some(h) = half.filter(|_| is_year(&t.value)) {
                        t.value = format!("{}-{h}", t.value);
                    }
                    break;
                }
            }
        }
        previous_end = t.span.end;
    }
}

/// Whether a value is a plain year (`1989`, `XXXX`).
fn is_year(value: &str) -> bool {
    value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit() || b == b'X')
}

/// "April 24 and 25", "on March 5 or 6": the bare day after a conjunction
/// is a date of its own, in the month (and year) of the date before it.
fn add_conjoined_days(text: &str, timexes: &mut Vec<Timex>) {
    let mut added = Vec::new();
    for (i, t) in timexes.iter().enumerate() {
        if t.kind != TimexType::Date || precision_of(&t.value) != Some(Precision::Day) {
            continue;
        }
        // Only a date that ends on its day number: "April 24", not
        // "April 24, 1999" or "4/24/1999".
        let own = &text[t.span.start..t.span.end];
        let ends_on_day = own.ends_with(|c: char| c.is_ascii_digit())
            && own.starts_with(|c: char| c.is_ascii_alphabetic())
            && !own.contains(',')
            && !own.contains('/');
        if !ends_on_day {
            continue;
        }
        let after = &text[t.span.end..];
        let Some(rest) = ["and", "or", "to", "through", "-"]
            .iter()
            .find_map(|c| conjoined_day(after, c))
        else {
            continue;
        };
        let (offset, len, day) = rest;
        let start = t.span.end + offset;
        let end = start + len;
        if timexes.get(i + 1).is_some_and(|n| n.span.start < end) {
            continue;
        }
        // `t.value` is `YYYY-MM-DD` or `XXXX-MM-DD`.
        let Some(month_prefix) = t.value.get(..8) else {
            continue;
        };
        let value = format!("{month_prefix}{day:02}");
        let valid = match (month_prefix[..4].parse(), month_prefix[5..7].parse()) {
            (Ok(y), Ok(m)) => NaiveDate::from_ymd_opt(y, m, day).is_some(),
            _ => (1..=31).contains(&day),
        };
        if valid {
            added.push(Timex {
                span: Span::new(start, end),
                kind: TimexType::Date,
                value,
            });
        }
    }
    if !added.is_empty() {
        timexes.extend(added);
        timexes.sort_by_key(|t| t.span.start);
    }
}

/// After a day, `" and 25"` with conjunction `and`: the offset of the
/// number in `after`, its length and its value. The number must be a
/// whole word, not a count ("April 24 and 25 delegates").
fn conjoined_day(after: &str, conj: &str) -> Option<(usize, usize, u32)> {
    let rest = if conj == "-" {
        after.strip_prefix('-')?
    } else {
        let r = after.strip_prefix(' ')?.strip_prefix(conj)?;
        r.strip_prefix(' ')?
    };
    let offset = after.len() - rest.len();
    let len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&len) {
        return None;
    }
    let tail = &rest[len..];
    let tail = tail
        .strip_prefix("st")
        .or_else(|| tail.strip_prefix("nd"))
        .or_else(|| tail.strip_prefix("rd"))
        .or_else(|| tail.strip_prefix("th"))
        .unwrap_or(tail);
    // A word after the number makes it a count; punctuation, a year or
    // the end of the text leave it a day.
    let next = tail.trim_start_matches([',', ' ']);
    let word_follows = tail.starts_with(' ')
        && next.starts_with(|c: char| c.is_ascii_lowercase())
        && !next.starts_with("in ")
        && !next.starts_with("at ")
        && !next.starts_with("and ");
    if tail.starts_with(|c: char| c.is_ascii_alphanumeric()) || word_follows {
        return None;
    }
    let day: u32 = rest[..len].parse().ok()?;
    Some((offset, len, day))
}
