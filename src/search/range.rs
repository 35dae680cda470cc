//! Range filters and sorting on date and whole-number fields: which fields
//! they apply to, how a record's values become comparable integers, and the
//! grammar of a range (`2018..2023`, `>=2020`, `..2019-06`, `2021`). The
//! browser's `search.js` ports [`parse`] rule for rule.
//!
//! Dates compare as `YYYYMMDD` integers, so a bound can name a year or a
//! month: as a lower bound it means the period's first day, as an upper
//! bound its last (day 31 of any month is fine for comparing).

use serde::{Deserialize, Serialize};

use crate::model::{FieldType, Value};

/// What a range field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `date` fields, compared as `YYYYMMDD`.
    Date,
    /// `int` fields.
    Int,
}

impl Kind {
    /// The kind of a field of type `ty`, or `None` when ranges do not apply.
    pub fn of(ty: &FieldType) -> Option<Kind> {
        match ty.scalar() {
            FieldType::Date => Some(Kind::Date),
            FieldType::Int => Some(Kind::Int),
            _ => None,
        }
    }

    /// The name the browser index uses.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Date => "date",
            Kind::Int => "int",
        }
    }
}

/// Values are kept within ±`LIMIT` so that the index can pack a field's
/// number beside them ([`pack`]).
pub const LIMIT: i64 = crate::core::rules::SEARCH_INT_LIMIT;

/// The bits of a packed value below its field's number: room for ±`LIMIT`.
const VALUE_BITS: u32 = 51;

/// How many range fields a site's values are packed for: the field
/// numbers that fit above [`VALUE_BITS`] in an `i64` without overflow.
/// Fields past it (thousands of date and number fields) get no range.
pub const MAX_FIELDS: usize = (1 << (63 - VALUE_BITS)) - 2;

/// The comparable integer of one value of a `kind` field, or `None` for a
/// value of another type.
pub fn encode(kind: Kind, value: &Value) -> Option<i64> {
    match (kind, value) {
        (Kind::Date, Value::Date(d)) => {
            Some(i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day()))
        }
        (Kind::Int, Value::Int(i)) => Some((*i).clamp(-LIMIT, LIMIT)),
        _ => None,
    }
}

/// The comparable integer of a `kind` value as a reader writes it:
/// `20240322` is `2024-03-22`.
pub fn shown(kind: Kind, v: i64) -> String {
    match kind {
        Kind::Date => format!("{:04}-{:02}-{:02}", v / 10_000, v / 100 % 100, v % 100),
        Kind::Int => v.to_string(),
    }
}

/// Every comparable value of `value` (a list gives one per item), sorted.
pub fn values(kind: Kind, value: &Value) -> Vec<i64> {
    let mut out: Vec<i64> = value.items().iter().filter_map(|v| encode(kind, v)).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// One tantivy value holding field number `field` and a value, ordered
/// by value within a field, so that one multi-valued column serves every
/// range field.
pub fn pack(field: usize, value: i64) -> i64 {
    let field = field.min(MAX_FIELDS) as i64;
    (field << VALUE_BITS) + (value.clamp(-LIMIT, LIMIT) + (LIMIT + 1))
}

/// The field number and value of a [`pack`]ed value.
pub fn unpack(packed: i64) -> (usize, i64) {
    ((packed >> VALUE_BITS) as usize, (packed & ((1 << VALUE_BITS) - 1)) - (LIMIT + 1))
}

/// Whether `value` is written as a range (`..`, `<`, `>`), not as a value
/// (which, on a field that is also a facet, filters the facet).
pub fn is_range_syntax(value: &str) -> bool {
    let v = value.trim();
    v.contains("..") || v.starts_with('<') || v.starts_with('>')
}

/// `value` with Arabic-Indic, Persian and full-width digits as ASCII ones:
/// `adopted:٢٠٢١` is `adopted:2021`, as a word `٢٠٢١` is `2021`
/// (`search/more.js` and `search/facets.js` read them the same).
fn ascii_digits(value: &str) -> std::borrow::Cow<'_, str> {
    let digit = |c: char| match c {
        '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + 0x30),
        '\u{06f0}'..='\u{06f9}' => char::from_u32(c as u32 - 0x06f0 + 0x30),
        '\u{ff10}'..='\u{ff19}' => char::from_u32(c as u32 - 0xff10 + 0x30),
        _ => None,
    };
    if !value.chars().any(|c| digit(c).is_some()) {
        return value.into();
    }
    value.chars().map(|c| digit(c).unwrap_or(c)).collect::<String>().into()
}

/// The inclusive bounds `value` means on a `kind` field, or `None` when it
/// cannot be read: `A..B`, `A..`, `..B`, `>=A`, `>A`, `<=A`, `<A`, or a
/// plain `A` (its whole period).
pub fn parse(value: &str, kind: Kind) -> Option<(i64, i64)> {
    let ascii = ascii_digits(value);
    let v = ascii.trim();
    let (lo, hi) = if let Some((a, b)) = v.split_once("..") {
        let (a, b) = (a.trim(), b.trim());
        if a.is_empty() && b.is_empty() {
            return None;
        }
        let lo = if a.is_empty() { -LIMIT } else { period(a, kind)?.0 };
        let hi = if b.is_empty() { LIMIT } else { period(b, kind)?.1 };
        (lo, hi)
    } else if let Some(a) = v.strip_prefix(">=") {
        (period(a, kind)?.0, LIMIT)
    } else if let Some(a) = v.strip_prefix("<=") {
        (-LIMIT, period(a, kind)?.1)
    } else if let Some(a) = v.strip_prefix('>') {
        (period(a, kind)?.1.checked_add(1)?, LIMIT)
    } else if let Some(a) = v.strip_prefix('<') {
        (-LIMIT, period(a, kind)?.0.checked_sub(1)?)
    } else {
        period(v, kind)?
    };
    (lo <= hi).then_some((lo, hi))
}

/// `value` the right way round, when it is `A..B` with both bounds read
/// and `A` after `B` (a range that holds nothing): `2020..2010` gives
/// `2010..2020`.
pub fn reversed(value: &str, kind: Kind) -> Option<String> {
    let (a, b) = value.trim().split_once("..")?;
    let (a, b) = (a.trim(), b.trim());
    let (pa, pb) = (period(a, kind)?, period(b, kind)?);
    (pa.0 > pb.1 && parse(&format!("{b}..{a}"), kind).is_some()).then(|| format!("{b}..{a}"))
}

/// The first and last comparable value of a bound: a number is itself; a
/// year or a month spans its days.
fn period(text: &str, kind: Kind) -> Option<(i64, i64)> {
    let t = text.trim();
    match kind {
        Kind::Int => {
            let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
            if digits.is_empty() || digits.len() > 30 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            // Values past the limit are searched as it (`check` says so),
            // so a bound past it is the limit: `0..10000000000000000` is
            // every value from 0.
            let n = t.parse::<i128>().ok()?.clamp(-i128::from(LIMIT), i128::from(LIMIT));
            let n = i64::try_from(n).ok()?;
            Some((n, n))
        }
        Kind::Date => {
            let parts: Vec<&str> = t.split('-').collect();
            let num = |s: &str, len: usize| {
                (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| s.parse::<i64>().ok())
                    .flatten()
            };
            let year = num(parts.first()?, 4)?;
            match parts[1..] {
                [] => Some((year * 10_000 + 101, year * 10_000 + 1231)),
                [m] => {
                    let m = num(m, 2).filter(|m| (1..=12).contains(m))?;
                    Some((year * 10_000 + m * 100 + 1, year * 10_000 + m * 100 + 31))
                }
                [m, d] => {
                    let m = num(m, 2).filter(|m| (1..=12).contains(m))?;
                    let d = num(d, 2).filter(|d| (1..=days_in(year, m)).contains(d))?;
                    let x = year * 10_000 + m * 100 + d;
                    Some((x, x))
                }
                _ => None,
            }
        }
    }
}

/// The days of month `m` (1–12) of `year`: 2020-02-30 is no bound.
fn days_in(year: i64, m: i64) -> i64 {
    match m {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_the_month_lacks_is_no_bound() {
        assert_eq!(parse("2020-02-29", Kind::Date), Some((20200229, 20200229)));
        for no in ["2020-02-30", "2015-02-29", "1900-02-29", ">=2021-04-31", "..2021-06-31"] {
            assert_eq!(parse(no, Kind::Date), None, "{no}");
        }
        assert!(parse("2000-02-29", Kind::Date).is_some());
    }

    #[test]
    fn ranges_written_backwards_are_told_apart_from_unreadable_ones() {
        assert_eq!(reversed("2020..2010", Kind::Date).as_deref(), Some("2010..2020"));
        assert_eq!(
            reversed(" 2020-06 .. 2020-01 ", Kind::Date).as_deref(),
            Some("2020-01..2020-06")
        );
        assert_eq!(reversed("50..-5", Kind::Int).as_deref(), Some("-5..50"));
        for not in ["2010..2020", "2020..2020", "2020..", "..2010", "x..2010", ">=2020", "2020"] {
            assert_eq!(reversed(not, Kind::Date), None, "{not}");
        }
    }

    #[test]
    fn date_ranges_span_whole_periods() {
        let d = |v| parse(v, Kind::Date);
        assert_eq!(d("2018..2023"), Some((20180101, 20231231)));
        assert_eq!(d(" 2018-05 .. 2018-06-15 "), Some((20180501, 20180615)));
        assert_eq!(d(">=2020"), Some((20200101, LIMIT)));
        assert_eq!(d(">2020"), Some((20201232, LIMIT)));
        assert_eq!(d("<2020"), Some((-LIMIT, 20200100)));
        assert_eq!(d("<=2020-02"), Some((-LIMIT, 20200231)));
        assert_eq!(d("..2019"), Some((-LIMIT, 20191231)));
        assert_eq!(d("2021"), Some((20210101, 20211231)));
        assert_eq!(d("2021-07-04"), Some((20210704, 20210704)));
    }

    #[test]
    fn unreadable_ranges_are_none() {
        for v in [
            "",
            "..",
            "2023..2018",
            "20",
            "2020-13",
            "2020-1",
            "2020-01-32",
            "x..y",
            ">",
            "<=",
            "2020-01-01-01",
            ">=-",
        ] {
            assert_eq!(parse(v, Kind::Date), None, "{v:?}");
        }
        for v in ["", "1.5", "--1", "9999999999999999999999999999999", "a", "5..4", ">=+"] {
            assert_eq!(parse(v, Kind::Int), None, "{v:?}");
        }
        assert_eq!(parse("-5..+5", Kind::Int), Some((-5, 5)));
        // Full-width, Arabic-Indic and Persian digits are digits.
        for v in ["１２３４", "١٢٣٤", "۱۲۳۴"] {
            assert_eq!(parse(v, Kind::Int), parse("1234", Kind::Int), "{v:?}");
            assert_eq!(parse(v, Kind::Date), parse("1234", Kind::Date), "{v:?}");
        }
        assert_eq!(parse(">10", Kind::Int), Some((11, LIMIT)));
        assert_eq!(parse("<-10", Kind::Int), Some((-LIMIT, -11)));
    }

    #[test]
    fn packed_values_keep_their_order_within_a_field() {
        let mut last = i64::MIN;
        for field in [0usize, 1, 7] {
            for v in [-LIMIT, -1, 0, 20200101, LIMIT] {
                let p = pack(field, v);
                assert!(p > last);
                assert_eq!(unpack(p), (field, v));
                last = p;
            }
        }
        assert_eq!(unpack(pack(3, i64::MAX)), (3, LIMIT));
    }

    #[test]
    fn range_syntax_is_told_from_values() {
        assert!(is_range_syntax("2018..2020"));
        assert!(is_range_syntax(" >=2020"));
        assert!(is_range_syntax("<5"));
        assert!(!is_range_syntax("in-force"));
        assert!(!is_range_syntax("2020"));
    }

    #[test]
    fn trade_values_in_dollars_keep_their_order_and_fields_apart() {
        let big = 600_000_000_000_i64;
        for field in [0, 1, 7, MAX_FIELDS] {
            for v in [-LIMIT, -big, -1, 0, 20240322, big, 1_000_000_000_000, LIMIT] {
                assert_eq!(unpack(pack(field, v)), (field, v), "{field} {v}");
            }
            assert!(pack(field, big) < pack(field, 1_000_000_000_000));
            if field < MAX_FIELDS {
                assert!(pack(field, LIMIT) < pack(field + 1, -LIMIT));
            }
        }
        // Past the limit, a value is the limit, and so is a bound.
        assert_eq!(unpack(pack(2, i64::MAX)), (2, LIMIT));
        assert_eq!(unpack(pack(2, i64::MIN)), (2, -LIMIT));
        let n = |v| parse(v, Kind::Int);
        assert_eq!(n("0..600000000000"), Some((0, big)));
        assert_eq!(n("0..1000000000000"), Some((0, 1_000_000_000_000)));
        assert_eq!(n(">=549755813888"), Some((549_755_813_888, LIMIT)));
        assert_eq!(n("0..9223372036854775807"), Some((0, LIMIT)));
        assert_eq!(n("0..99999999999999999999"), Some((0, LIMIT)));
    }
}
