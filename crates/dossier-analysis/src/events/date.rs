//! Event dates: which TIMEX3 values can date an event, their precision, and
//! the span of days each covers (what merging compares).

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::{DatePrecision, EventDate};

/// A reported date says only that the event had happened by publication;
/// news reports events of the last few days, so the range reaches back this far.
pub const REPORTED_DAYS_BEFORE: u64 = 3;
/// How far back an event the text calls earlier ("had previously") may lie.
pub const EARLIER_DAYS_BEFORE: u64 = 90;

/// The precision of a TIMEX3 date value, or `None` for values that cannot
/// date an event: unresolved (`XXXX-XX-XX`), references (`PAST_REF`),
/// decades and centuries, durations.
pub fn precision_of(value: &str) -> Option<DatePrecision> {
    if value.contains('X') || !value.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (day_part, time_part) = match value.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (value, None),
    };
    let precision = match (day_part.len(), time_part) {
        (4, None) => DatePrecision::Year,
        (7, None) => DatePrecision::Month,
        (8, None) if day_part.as_bytes()[5] == b'W' => DatePrecision::Week,
        (10, None) => DatePrecision::Day,
        (10, Some("MO" | "AF" | "EV" | "NI" | "DT")) => DatePrecision::PartOfDay,
        (10, Some(_)) => DatePrecision::Time,
        _ => return None,
    };
    date_range_of(value, precision).map(|_| precision)
}

/// The first and last day an event date may fall on (inclusive).
pub fn date_range(date: &EventDate) -> Option<(NaiveDate, NaiveDate)> {
    date_range_of(&date.value, date.precision)
}

fn date_range_of(value: &str, precision: DatePrecision) -> Option<(NaiveDate, NaiveDate)> {
    let year = || value.get(..4)?.parse::<i32>().ok();
    let month = || value.get(5..7)?.parse::<u32>().ok();
    let day = || NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok();
    match precision {
        DatePrecision::Year => Some((
            NaiveDate::from_ymd_opt(year()?, 1, 1)?,
            NaiveDate::from_ymd_opt(year()?, 12, 31)?,
        )),
        DatePrecision::Month => {
            let first = NaiveDate::from_ymd_opt(year()?, month()?, 1)?;
            let next = first.checked_add_months(chrono::Months::new(1))?;
            Some((first, next.pred_opt()?))
        }
        DatePrecision::Week => {
            let week = value.get(6..8)?.parse::<u32>().ok()?;
            let monday = NaiveDate::from_isoywd_opt(year()?, week, Weekday::Mon)?;
            Some((monday, monday.checked_add_days(Days::new(6))?))
        }
        DatePrecision::Day | DatePrecision::Time => Some((day()?, day()?)),
        // The night of the 21st runs into the small hours of the 22nd.
        DatePrecision::PartOfDay if value.ends_with("TNI") => {
            Some((day()?, day()?.checked_add_days(Days::new(1))?))
        }
        DatePrecision::PartOfDay => Some((day()?, day()?)),
        DatePrecision::Reported | DatePrecision::ReportedEarlier => {
            let published = day()?;
            let back = if precision == DatePrecision::Reported {
                REPORTED_DAYS_BEFORE
            } else {
                EARLIER_DAYS_BEFORE
            };
            Some((published.checked_sub_days(Days::new(back))?, published))
        }
    }
}

/// The publication date as a reported event date (`Reported`; the caller
/// turns it into `ReportedEarlier` when the text says so).
pub fn reported(published: NaiveDate) -> EventDate {
    EventDate {
        value: format!(
            "{:04}-{:02}-{:02}",
            published.year(),
            published.month(),
            published.day()
        ),
        precision: DatePrecision::Reported,
        span: None,
    }
}
