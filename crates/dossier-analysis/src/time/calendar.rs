//! Calendar arithmetic on the reference date, and the TIMEX3 spelling of a
//! resolved date at a given granularity (with `X` placeholders when there is
//! no reference).

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

/// How precise a resolved date is, which decides how its value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// A calendar unit named in text ("three weeks", "last month").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    /// The TIMEX3 duration letter, and whether it belongs after `T`.
    pub fn duration_letter(self) -> (&'static str, bool) {
        match self {
            Unit::Second => ("S", true),
            Unit::Minute => ("M", true),
            Unit::Hour => ("H", true),
            Unit::Day => ("D", false),
            Unit::Week => ("W", false),
            Unit::Month => ("M", false),
            Unit::Quarter => ("Q", false),
            Unit::Year => ("Y", false),
            Unit::Decade => ("DE", false),
            Unit::Century => ("CE", false),
        }
    }

    /// The granularity at which "N of these ago" is written: hours and
    /// smaller are dated to the day.
    pub fn grain(self) -> Grain {
        match self {
            Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => Grain::Day,
            Unit::Week => Grain::Week,
            Unit::Month => Grain::Month,
            Unit::Quarter => Grain::Quarter,
            Unit::Year => Grain::Year,
            Unit::Decade => Grain::Decade,
            Unit::Century => Grain::Century,
        }
    }
}

/// A TIMEX3 duration value: `P3W`, `PT24H`, `PXY` when `n` is `None`.
pub fn duration_value(n: Option<u32>, unit: Unit) -> String {
    let (letter, time) = unit.duration_letter();
    let n = n.map_or_else(|| "X".to_string(), |n| n.to_string());
    let (n, letter) = match (unit, n.as_str()) {
        // TIMEX3 has no decade or century letter: ten and a hundred years.
        (Unit::Decade, "X") => ("X".to_string(), "DE"),
        (Unit::Century, "X") => ("X".to_string(), "CE"),
        (Unit::Decade, _) => (scale(&n, 10), "Y"),
        (Unit::Century, _) => (scale(&n, 100), "Y"),
        _ => (n, letter),
    };
    if time {
        format!("PT{n}{letter}")
    } else {
        format!("P{n}{letter}")
    }
}

fn scale(n: &str, by: u32) -> String {
    n.parse::<u32>()
        .map(|n| (n.saturating_mul(by)).to_string())
        .unwrap_or_else(|_| n.to_string())
}

/// Writes `date` at `grain`, or its placeholder when there is no reference.
pub fn format(date: Option<NaiveDate>, grain: Grain) -> String {
    match date {
        Some(d) => match grain {
            Grain::Day => d.format("%Y-%m-%d").to_string(),
            Grain::Week => {
                let w = d.iso_week();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Grain::Month => d.format("%Y-%m").to_string(),
            Grain::Quarter => format!("{:04}-Q{}", d.year(), d.month0() / 3 + 1),
            Grain::Year => format!("{:04}", d.year()),
            Grain::Decade => format!("{:03}", d.year().div_euclid(10)),
            Grain::Century => format!("{:02}", d.year().div_euclid(100)),
        },
        None => match grain {
            Grain::Day => "XXXX-XX-XX".into(),
            Grain::Week => "XXXX-WXX".into(),
            Grain::Month => "XXXX-XX".into(),
            Grain::Quarter => "XXXX-QX".into(),
            Grain::Year => "XXXX".into(),
            Grain::Decade => "XXX".into(),
            Grain::Century => "XX".into(),
        },
    }
}

/// `date` moved by `n` units (negative is earlier). Saturates instead of
/// panicking at the ends of chrono's range; month arithmetic clamps the day
/// (Feb 29 minus a year is Feb 28).
pub fn shift(date: NaiveDate, n: i64, unit: Unit) -> Option<NaiveDate> {
    let months = |m: i64| -> Option<NaiveDate> {
        let abs = Months::new(u32::try_from(m.unsigned_abs()).ok()?);
        if m >= 0 {
            date.checked_add_months(abs)
        } else {
            date.checked_sub_months(abs)
        }
    };
    match unit {
        Unit::Second | Unit::Minute => Some(date),
        Unit::Hour => date.checked_add_signed(Duration::try_days(hours_to_days(n))?),
        Unit::Day => date.checked_add_signed(Duration::try_days(n)?),
        Unit::Week => date.checked_add_signed(Duration::try_weeks(n)?),
        Unit::Month => months(n),
        Unit::Quarter => months(n.checked_mul(3)?),
        Unit::Year => months(n.checked_mul(12)?),
        Unit::Decade => months(n.checked_mul(120)?),
        Unit::Century => months(n.checked_mul(1200)?),
    }
}

/// Whole days covered by moving `n` hours from some time of the day: "24
/// hours earlier" is the day before; "3 hours ago" is usually the same day.
fn hours_to_days(n: i64) -> i64 {
    if n.abs() < 12 {
        0
    } else {
        (n as f64 / 24.0).round() as i64
    }
}

/// The `weekday` nearest to `reference` in the given direction: `past` finds
/// the latest one strictly before the reference, else the first strictly
/// after. The same weekday as the reference is the reference itself.
pub fn weekday_near(reference: NaiveDate, weekday: Weekday, past: bool) -> NaiveDate {
    let r = reference.weekday().num_days_from_monday() as i64;
    let w = weekday.num_days_from_monday() as i64;
    if r == w {
        return reference;
    }
    let back = (r - w).rem_euclid(7);
    let offset = if past { -back } else { 7 - back };
    reference
        .checked_add_signed(Duration::days(offset))
        .unwrap_or(reference)
}

/// The year that puts `month`/`day` nearest to `reference`, with a bias
/// to the past (news reports more than it announces): "October 17" in an
/// article of 2023-11-22 is 2023-10-17, "January 5" in one of 2023-12-20 is
/// 2024-01-05, "April" in one of late October is the past April.
pub fn nearest_year(reference: NaiveDate, month: u32, day: u32) -> i32 {
    nearest_year_weighted(reference, month, day, 1, 2)
}

/// [`nearest_year`] with the weights of a past and of a future gap: the
/// year whose date has the smallest weighted distance wins.
pub fn nearest_year_weighted(
    reference: NaiveDate,
    month: u32,
    day: u32,
    past: i64,
    future: i64,
) -> i32 {
    let y = reference.year();
    let target = |y: i32| NaiveDate::from_ymd_opt(y, month, day.clamp(1, 28));
    let mut best = y;
    let mut best_gap = i64::MAX;
    for cand in [y - 1, y, y + 1] {
        if let Some(d) = target(cand) {
            let days = (d - reference).num_days();
            let gap = if days > 0 {
                days * future
            } else {
                -days * past
            };
            if gap < best_gap {
                best_gap = gap;
                best = cand;
            }
        }
    }
    best
}

/// "2 1/2 years", "a minute and a half": the half written in the next
/// smaller unit (`P2Y6M`, `PT1M30S`), or `None` for units without one.
pub fn duration_and_a_half(n: u32, unit: Unit) -> Option<String> {
    let v = match unit {
        Unit::Year => format!("P{n}Y6M"),
        Unit::Month => format!("P{n}M15D"),
        Unit::Day => format!("P{n}DT12H"),
        Unit::Hour => format!("PT{n}H30M"),
        Unit::Minute => format!("PT{n}M30S"),
        Unit::Decade => format!("P{}Y", n * 10 + 5),
        _ => return None,
    };
    Some(v)
}
