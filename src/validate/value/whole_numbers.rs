//! Whole numbers that YAML hands over as floats (`2.0`, `1e3`, and any
//! integer past `i64`'s range), read as the number written; and the warning
//! for one search can only hold as its limit.

use crate::core::diag::{Diagnostic, Diagnostics};
use crate::core::rules::SEARCH_INT_LIMIT;
use crate::model::FieldDef;

/// The whole number a float stands for, as `written`: past 2^53 a float is
/// not the number written (`-9223372036854775809` becomes `i64::MIN`), so
/// the digits decide there. `None` when it is outside `i64`'s range.
pub(super) fn whole_number(f: f64, written: Option<String>) -> Option<i64> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if f.abs() <= EXACT {
        return Some(f as i64);
    }
    let digits = written.as_deref().map(str::trim).map(|w| w.strip_prefix('+').unwrap_or(w));
    match digits.map(str::parse::<i128>) {
        Some(Ok(n)) => i64::try_from(n).ok(),
        // `1e18`: as the float says, when `i64` holds it.
        _ => (f >= i64::MIN as f64 && f < i64::MAX as f64).then_some(f as i64),
    }
}

/// `n`, with a warning at `pos` when search holds it only as its limit: a
/// range filter or sort on the field treats it as that.
pub(super) fn searchable(
    path: &str,
    pos: crate::core::diag::Pos,
    def: &FieldDef,
    n: i64,
    diags: &mut Diagnostics,
) -> i64 {
    if n.unsigned_abs() > SEARCH_INT_LIMIT.unsigned_abs() {
        diags.push(
            Diagnostic::warning(
                path,
                pos,
                format!(
                    "{n} in `{}` is past what search can filter and sort on (±{SEARCH_INT_LIMIT}): \
                     search treats it as {}",
                    def.name,
                    if n < 0 { -SEARCH_INT_LIMIT } else { SEARCH_INT_LIMIT }
                ),
            )
            .with_help(
                "pages and datasets keep the number as written; if it is a code, not an \
                 amount, declare the field as a string and quote it",
            ),
        );
    }
    n
}

#[cfg(test)]
mod tests {
    use super::whole_number;

    #[test]
    fn a_whole_number_is_the_one_written() {
        assert_eq!(whole_number(2.0, Some("2.0".into())), Some(2));
        assert_eq!(whole_number(1e3, Some("1e3".into())), Some(1000));
        assert_eq!(whole_number(1e18, Some("1e18".into())), Some(1_000_000_000_000_000_000));
        let min = i64::MIN as f64;
        assert_eq!(whole_number(min, Some("-9223372036854775809".into())), None);
        assert_eq!(whole_number(min, Some("-9223372036854775808".into())), Some(i64::MIN));
        assert_eq!(whole_number(9.3e18, Some("9300000000000000000".into())), None);
        assert_eq!(whole_number(-1e19, Some("-1e19".into())), None);
    }
}
