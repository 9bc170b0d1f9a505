//! Temporal expressions of articles: stored with their TIMEX3 value and the
//! calendar days the value covers, so that the library can be filtered by the
//! dates articles talk about.

use chrono::{Datelike, NaiveDate};
use dossier_core::Span;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::articles::epoch_day;
use crate::{Result, Store};

/// A temporal expression ready to store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewTimex {
    pub span: Span,
    /// DATE | TIME | DURATION | SET
    pub kind: String,
    pub value: String,
}

/// A stored temporal expression, as the reader shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleTimex {
    pub span: Span,
    pub kind: String,
    pub value: String,
    /// The first and last calendar day the value covers, when it is a date.
    pub first_day: Option<i32>,
    pub last_day: Option<i32>,
}

pub(crate) fn insert_timexes(tx: &Connection, article_id: i64, timexes: &[NewTimex]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO timexes (article_id, start, end, kind, value, first_day, last_day) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for t in timexes {
        let days = value_days(&t.value);
        stmt.execute(params![
            article_id,
            t.span.start as i64,
            t.span.end as i64,
            t.kind,
            t.value,
            days.map(|d| d.0),
            days.map(|d| d.1),
        ])?;
    }
    Ok(())
}

pub(crate) fn replace_timexes(
    tx: &Connection,
    article_id: i64,
    timexes: &[NewTimex],
) -> Result<()> {
    tx.execute("DELETE FROM timexes WHERE article_id = ?1", [article_id])?;
    insert_timexes(tx, article_id, timexes)
}

/// The days (since 1970-01-01) a TIMEX3 date value covers, first and last:
/// `2023-11-22` one day, `2023-11-21TNI` that day, `2023-11` the month,
/// `2023-W47` the ISO week, `2023-Q4` the quarter, `2023` the year, `199` the
/// 1990s, `19` the 1900s. Durations, sets and vague references (`PAST_REF`,
/// `XXXX-11-22`) cover no known days.
pub fn value_days(value: &str) -> Option<(i32, i32)> {
    let date_part = value.split('T').next()?;
    let (first, last) = date_range(date_part)?;
    Some((epoch_day(first), epoch_day(last)))
}

fn date_range(v: &str) -> Option<(NaiveDate, NaiveDate)> {
    let parts: Vec<&str> = v.split('-').collect();
    let year_text = parts[0];
    if !year_text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match (year_text.len(), parts.len()) {
        (2, 1) => span_of_years(year_text.parse::<i32>().ok()? * 100, 100),
        (3, 1) => span_of_years(year_text.parse::<i32>().ok()? * 10, 10),
        (4, 1) => span_of_years(year_text.parse().ok()?, 1),
        (4, 2) => {
            let year: i32 = year_text.parse().ok()?;
            sub_year(year, parts[1])
        }
        (4, 3) => {
            let date = NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()?;
            Some((date, date))
        }
        _ => None,
    }
}

fn span_of_years(first_year: i32, years: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(first_year, 1, 1)?,
        NaiveDate::from_ymd_opt(first_year + years - 1, 12, 31)?,
    ))
}

/// A month (`11`), ISO week (`W47`), quarter (`Q4`), half (`H1`) or season
/// (`SU`) of a year.
fn sub_year(year: i32, part: &str) -> Option<(NaiveDate, NaiveDate)> {
    let months = |a: u32, b: u32| -> Option<(NaiveDate, NaiveDate)> {
        let first = NaiveDate::from_ymd_opt(year, a, 1)?;
        let last = if b == 12 {
            NaiveDate::from_ymd_opt(year, 12, 31)?
        } else {
            NaiveDate::from_ymd_opt(year, b + 1, 1)?.pred_opt()?
        };
        Some((first, last))
    };
    if let Some(week) = part
        .strip_prefix('W')
        .filter(|w| w.starts_with(|c: char| c.is_ascii_digit()))
    {
        let week: u32 = week.parse().ok()?;
        let monday = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)?;
        return Some((monday, monday + chrono::Duration::days(6)));
    }
    if let Some(q) = part.strip_prefix('Q') {
        let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        return months(q * 3 - 2, q * 3);
    }
    if let Some(h) = part.strip_prefix('H') {
        let h: u32 = h.parse().ok().filter(|h| (1..=2).contains(h))?;
        return months(h * 6 - 5, h * 6);
    }
    match part {
        "SP" => months(3, 5),
        "SU" => months(6, 8),
        "FA" => months(9, 11),
        "WI" => Some((
            NaiveDate::from_ymd_opt(year, 12, 1)?,
            NaiveDate::from_ymd_opt(year + 1, 3, 1)?.pred_opt()?,
        )),
        m => {
            let m: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
            let (first, last) = months(m, m)?;
            debug_assert_eq!(first.month(), last.month());
            Some((first, last))
        }
    }
}

impl Store {
    /// An article's temporal expressions in text order.
    pub fn article_timexes(&self, article_id: i64) -> Result<Vec<ArticleTimex>> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT start, end, kind, value, first_day, last_day FROM timexes WHERE article_id = ?1 ORDER BY start",
        )?;
        let rows = stmt.query_map([article_id], |r| {
            Ok(ArticleTimex {
                span: Span::new(r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize),
                kind: r.get(2)?,
                value: r.get(3)?,
                first_day: r.get(4)?,
                last_day: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> i32 {
        epoch_day(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    #[test]
    fn date_values_cover_their_days() {
        assert_eq!(
            value_days("2023-11-22"),
            Some((day("2023-11-22"), day("2023-11-22")))
        );
        assert_eq!(
            value_days("2023-11-21TNI"),
            Some((day("2023-11-21"), day("2023-11-21")))
        );
        assert_eq!(
            value_days("2023-11-22T15:00"),
            Some((day("2023-11-22"), day("2023-11-22")))
        );
        assert_eq!(
            value_days("2024-02"),
            Some((day("2024-02-01"), day("2024-02-29")))
        );
        assert_eq!(
            value_days("2023-12"),
            Some((day("2023-12-01"), day("2023-12-31")))
        );
        assert_eq!(
            value_days("2023-W47"),
            Some((day("2023-11-20"), day("2023-11-26")))
        );
        assert_eq!(
            value_days("2023-Q4"),
            Some((day("2023-10-01"), day("2023-12-31")))
        );
        assert_eq!(
            value_days("2023-WI"),
            Some((day("2023-12-01"), day("2024-02-29")))
        );
        assert_eq!(
            value_days("2023"),
            Some((day("2023-01-01"), day("2023-12-31")))
        );
        assert_eq!(
            value_days("199"),
            Some((day("1990-01-01"), day("1999-12-31")))
        );
        assert_eq!(
            value_days("19"),
            Some((day("1900-01-01"), day("1999-12-31")))
        );
    }

    #[test]
    fn durations_sets_and_vague_values_cover_no_days() {
        for v in [
            "P3W",
            "PXY",
            "PAST_REF",
            "PRESENT_REF",
            "XXXX-11-22",
            "XXXX-WXX-2",
            "2023-13",
        ] {
            assert_eq!(value_days(v), None, "{v}");
        }
    }
}
