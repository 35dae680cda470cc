//! How to fix a date `check` cannot read: a day or month the calendar
//! lacks, a year alone, and the spreadsheet forms (`13/08/2019`,
//! `5 Jan 2015`, `March 2021`) written out as YYYY-MM-DD where they read
//! only one way.

use jiff::civil::Date;

/// How to fix a date that does not read: a day or month the calendar
/// lacks (`2023-02-30`) is named, other text gets the format.
pub(super) fn date_help(s: &str) -> String {
    const FORMAT: &str = "write dates as YYYY-MM-DD, e.g. 2023-07-07";
    // A date and time (Hugo's `date: 2021-03-04T10:00:00+03:00`, what
    // `hugo new` writes): its day as written.
    if let (Some(day), Some(rest)) = (s.get(..10), s.get(10..))
        && rest.starts_with(['T', 't', ' '])
        && crate::core::rules::is_date_shaped(day)
        && day.parse::<Date>().is_ok()
    {
        return format!("a record's dates have no time of day: write the day alone, {day}");
    }
    if !crate::core::rules::is_date_shaped(s) {
        return loose(s.trim()).unwrap_or_else(|| FORMAT.into());
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<i16>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return FORMAT.into();
    };
    if y < 1 {
        return "there is no year 0000: write the year the text gives".into();
    }
    if !(1..=12).contains(&m) {
        return format!("there is no month {m:02}: the month comes second (YYYY-MM-DD)");
    }
    match Date::new(y, m as i8, 1) {
        Ok(first) if d > i16::from(first.days_in_month()) || d < 1 => format!(
            "{} {y} has {} days: check the day",
            MONTHS[(m - 1) as usize],
            first.days_in_month()
        ),
        _ => FORMAT.into(),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// What to write instead of a date given as a number: `2024` is a year,
/// `20240131` a day written without its dashes.
pub(super) fn int_date_help(n: i64) -> String {
    let (y, m, d) = (n / 10_000, n / 100 % 100, n % 100);
    if (1000..=9999).contains(&n) {
        format!("write the exact day ({n}-MM-DD), or use `year: {n}` when only the year is known")
    } else if (1000..=9999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d) {
        format!("write it with dashes: {y}-{m:02}-{d:02}")
    } else if let Some(day) = serial_date(n) {
        format!(
            "{n} looks like a spreadsheet's serial number for {day}: write that day as \
             YYYY-MM-DD if it is the one meant (format the column as text before exporting)"
        )
    } else {
        "write the date as YYYY-MM-DD, e.g. 2024-01-31".to_owned()
    }
}

/// The day a spreadsheet's serial date number `n` is (Excel and
/// LibreOffice count days from 1899-12-30), for the numbers of the years
/// 1955 to 2118 only: a smaller number is more likely something else.
fn serial_date(n: i64) -> Option<Date> {
    if !(20_000..=80_000).contains(&n) {
        return None;
    }
    Date::new(1899, 12, 30).ok()?.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

/// The help for a date in another common form: a year alone (`"2018"`),
/// day, month and year with `/`, `.` or `-` between them (`13/08/2019`,
/// read only where one of the first two cannot be a month), the year
/// first with `/` or `.`, and English month names (`5 Jan 2015`,
/// `March 5, 2021`, `March 2021`).
fn loose(s: &str) -> Option<String> {
    if let Ok(y) = s.parse::<i64>() {
        return Some(int_date_help(y));
    }
    let parts: Vec<&str> = s.split(['/', '.', '-', ' ', ',']).filter(|p| !p.is_empty()).collect();
    let num = |p: &str| p.parse::<u32>().ok().filter(|_| p.chars().all(|c| c.is_ascii_digit()));
    let month = |p: &str| {
        let p = p.to_ascii_lowercase();
        (p.len() >= 3)
            .then(|| MONTHS.iter().position(|m| m.to_ascii_lowercase().starts_with(&p)))?
            .map(|i| i as u32 + 1)
    };
    let write = |y: u32, m: u32, d: u32| {
        let ok = i16::try_from(y).ok().zip(i8::try_from(m).ok()).zip(i8::try_from(d).ok());
        ok.and_then(|((y, m), d)| Date::new(y, m, d).ok())
            .map(|date| format!("write it as YYYY-MM-DD: {date}"))
    };
    match parts[..] {
        [a, b, c] if num(a).is_some_and(|y| y >= 1000) => write(num(a)?, num(b)?, num(c)?),
        [a, b, c] if num(c).is_some_and(|y| y >= 1000) => {
            match (num(a), num(b), month(b), month(a)) {
                (Some(d), Some(m), _, _) if d > 12 => write(num(c)?, m, d),
                (Some(m), Some(d), _, _) if d > 12 => write(num(c)?, m, d),
                (Some(x), Some(y), _, _) if x != y => Some(format!(
                    "write it as YYYY-MM-DD: `{s}` is {} or {}, by which comes first, the day or the month",
                    write(num(c)?, y, x)?.rsplit(' ').next()?,
                    write(num(c)?, x, y)?.rsplit(' ').next()?
                )),
                (Some(x), Some(_), _, _) => write(num(c)?, x, x),
                (Some(d), None, Some(m), _) => write(num(c)?, m, d),
                (None, Some(d), _, Some(m)) => write(num(c)?, m, d),
                _ => None,
            }
        }
        // `March 2020`, `03/2020`, and the year first, `2020-03`.
        [a, b] if num(a).is_some_and(|y| y >= 1000) || num(b).is_some_and(|y| y >= 1000) => {
            let (y, m) = if num(a).is_some_and(|y| y >= 1000) { (a, b) } else { (b, a) };
            let (y, m) = (num(y)?, month(m).or_else(|| num(m).filter(|m| (1..=12).contains(m)))?);
            Some(format!(
                "a date needs its day: write {y}-{m:02}-DD with the day, or use `year: {y}`"
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::date_help;

    #[test]
    fn spreadsheet_dates_are_written_out_where_they_read_one_way() {
        assert!(super::int_date_help(43831).contains("serial number for 2020-01-01"));
        assert!(!super::int_date_help(123).contains("serial"));
        for (text, help) in [
            ("2020-01", "a date needs its day: write 2020-01-DD with the day, or use `year: 2020`"),
            ("2020/3", "a date needs its day: write 2020-03-DD with the day, or use `year: 2020`"),
            ("13/08/2019", "write it as YYYY-MM-DD: 2019-08-13"),
            ("08/13/2019", "write it as YYYY-MM-DD: 2019-08-13"),
            ("2019/08/13", "write it as YYYY-MM-DD: 2019-08-13"),
            ("5 Jan 2015", "write it as YYYY-MM-DD: 2015-01-05"),
            ("March 5, 2021", "write it as YYYY-MM-DD: 2021-03-05"),
            ("05.05.2020", "write it as YYYY-MM-DD: 2020-05-05"),
            (
                "2021-03-04T10:00:00+03:00",
                "a record's dates have no time of day: write the day alone, 2021-03-04",
            ),
            (
                "2020-05-01 12:30:00",
                "a record's dates have no time of day: write the day alone, 2020-05-01",
            ),
            (
                "03/04/2021",
                "write it as YYYY-MM-DD: `03/04/2021` is 2021-04-03 or 2021-03-04, by which comes first, the day or the month",
            ),
            (
                "March 2021",
                "a date needs its day: write 2021-03-DD with the day, or use `year: 2021`",
            ),
            (
                "2018",
                "write the exact day (2018-MM-DD), or use `year: 2018` when only the year is known",
            ),
            ("soon", "write dates as YYYY-MM-DD, e.g. 2023-07-07"),
            ("31/02/2020", "write dates as YYYY-MM-DD, e.g. 2023-07-07"),
        ] {
            assert_eq!(date_help(text), help, "{text}");
        }
    }
}
