//! Lengths of time that content is trusted for (`stale-after = "18
//! months"` in book.toml and `_collection.yaml`), and the date a run
//! measures them from.

use jiff::civil::Date;
use jiff::{Span, Timestamp, tz::TimeZone};

/// The longest period accepted: a century, so that date arithmetic never
/// leaves jiff's range whatever a pull request writes.
const MAX_MONTHS: i64 = 1200;
const MAX_DAYS: i64 = 36_525;

/// A calendar length: months (years count as 12) and days (weeks as 7),
/// subtracted from a date the way a calendar does (18 months before 4
/// December 2026 is 4 June 2025).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// Whole months.
    pub months: i32,
    /// Whole days beyond the months.
    pub days: i32,
}

/// How long a collection's records stay current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Staleness {
    /// Never out of date (`stale-after: never`): sources, glossaries.
    Never,
    /// Out of date once last reviewed longer ago than this.
    After(Period),
}

impl Period {
    /// Parses `"18 months"`, `"2 years"`, `"90 days"`, `"1 year 6 months"`,
    /// `"6w"` or ISO 8601 `"P18M"` (jiff's span formats); anything shorter
    /// than a day, zero or negative is refused with a reason.
    pub fn parse(text: &str) -> Result<Period, String> {
        let span: Span = text
            .trim()
            .parse()
            .map_err(|_| format!("`{}` is not a length of time", text.escape_debug()))?;
        if span.is_negative() || span.is_zero() {
            return Err(format!("`{}` is not a positive length of time", text.escape_debug()));
        }
        let sub_day = span.get_hours() != 0
            || span.get_minutes() != 0
            || span.get_seconds() != 0
            || span.get_milliseconds() != 0
            || span.get_microseconds() != 0
            || span.get_nanoseconds() != 0;
        if sub_day {
            return Err(format!("`{}` is shorter than whole days", text.escape_debug()));
        }
        let months = i64::from(span.get_years()) * 12 + i64::from(span.get_months());
        let days = i64::from(span.get_weeks()) * 7 + i64::from(span.get_days());
        if months > MAX_MONTHS || days > MAX_DAYS {
            return Err(format!("`{}` is longer than a century", text.escape_debug()));
        }
        // Both fit in i32 under the ceilings above.
        Ok(Period { months: months as i32, days: days as i32 })
    }

    /// The earliest review date still current on `today`: a record last
    /// reviewed before it is out of date.
    pub fn cutoff(self, today: Date) -> Option<Date> {
        let span = Span::new().try_months(self.months).ok()?.try_days(self.days).ok()?;
        today.checked_sub(span).ok()
    }
}

/// In English, for diagnostics: "18 months", "2 years", "1 year 6 months",
/// "90 days".
impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit =
            |n: i32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let (years, months) = (self.months / 12, self.months % 12);
        let mut parts = Vec::new();
        if years > 0 && months == 0 {
            parts.push(unit(years, "year", "years"));
        } else if self.months > 0 {
            parts.push(unit(self.months, "month", "months"));
        }
        if self.days > 0 {
            parts.push(unit(self.days, "day", "days"));
        }
        f.write_str(&parts.join(" "))
    }
}

impl Staleness {
    /// Parses a [`Period`], or `never`.
    pub fn parse(text: &str) -> Result<Staleness, String> {
        if text.trim().eq_ignore_ascii_case("never") {
            return Ok(Staleness::Never);
        }
        Period::parse(text).map(Staleness::After)
    }
}

/// The date staleness is measured from: `SOURCE_DATE_EPOCH` (seconds since
/// 1970, the reproducible-builds convention) when set, else today in UTC.
/// It is the only input of a build that is not a file, and it is part of
/// the build's fingerprint. A value that is set but is not such a number is
/// an error (the convention says a build must then fail rather than use the
/// clock); the error says why, and today is returned beside it.
pub fn today() -> (Date, Option<String>) {
    let now = || Timestamp::now().to_zoned_datetime(TimeZone::UTC).date();
    match std::env::var_os("SOURCE_DATE_EPOCH") {
        None => (now(), None),
        Some(v) => match epoch_date(&v.to_string_lossy()) {
            Ok(d) => (d, None),
            Err(e) => (now(), Some(e)),
        },
    }
}

fn epoch_date(value: &str) -> Result<Date, String> {
    // An empty value is "unset", as most tools that read it treat it.
    if value.is_empty() {
        return Ok(Timestamp::now().to_zoned_datetime(TimeZone::UTC).date());
    }
    let secs: i64 = value.trim().parse().map_err(|_| {
        format!(
            "SOURCE_DATE_EPOCH is `{}`, not a whole number of seconds since 1970-01-01",
            value.chars().take(40).collect::<String>()
        )
    })?;
    let stamp = Timestamp::from_second(secs)
        .map_err(|_| format!("SOURCE_DATE_EPOCH is {secs}, which is out of the range of dates"))?;
    Ok(stamp.to_zoned_datetime(TimeZone::UTC).date())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn source_date_epoch_is_seconds_or_an_error() {
        assert_eq!(epoch_date("1700000000"), Ok(date("2023-11-14")));
        assert_eq!(epoch_date(" 0 "), Ok(date("1970-01-01")));
        for bad in ["abc", "1.5e9", "2023-11-14", "99999999999999999"] {
            assert!(epoch_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_friendly_and_iso_spans() {
        assert_eq!(Period::parse("18 months"), Ok(Period { months: 18, days: 0 }));
        assert_eq!(Period::parse("2 years"), Ok(Period { months: 24, days: 0 }));
        assert_eq!(Period::parse("1 year 6 months"), Ok(Period { months: 18, days: 0 }));
        assert_eq!(Period::parse("90 days"), Ok(Period { months: 0, days: 90 }));
        assert_eq!(Period::parse("6w"), Ok(Period { months: 0, days: 42 }));
        assert_eq!(Period::parse("P18M"), Ok(Period { months: 18, days: 0 }));
        assert_eq!(Staleness::parse(" Never "), Ok(Staleness::Never));
    }

    #[test]
    fn refuses_what_is_not_a_whole_positive_period() {
        for bad in ["", "soon", "0 days", "-3 months", "12 hours", "2 days 3h", "200 years"] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn displays_in_the_largest_whole_unit() {
        let show = |s: &str| Period::parse(s).unwrap().to_string();
        assert_eq!(show("24 months"), "2 years");
        assert_eq!(show("1 year 6 months"), "18 months");
        assert_eq!(show("1 month 1 day"), "1 month 1 day");
        assert_eq!(show("2 weeks"), "14 days");
    }

    #[test]
    fn cutoff_is_calendar_arithmetic() {
        let p = Period::parse("18 months").unwrap();
        assert_eq!(p.cutoff(date("2026-12-04")), Some(date("2025-06-04")));
        // Month ends clamp, as calendars do.
        let p = Period::parse("1 month").unwrap();
        assert_eq!(p.cutoff(date("2026-03-31")), Some(date("2026-02-28")));
        // Out of the calendar's range: no cutoff, no panic.
        let p = Period::parse("100 years").unwrap();
        assert_eq!(p.cutoff(Date::MIN), None);
    }
}
