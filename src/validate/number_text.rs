//! How to write as a whole number the text a spreadsheet gives for one
//! (`$1,000`, `1.250.000`, `12 months`): the number only when the text
//! reads as one number for certain. A wrong guess (`1` for `$1,000`) is
//! worse than none: an editor fixing hundreds of rows types it in, and
//! nothing catches a valid whole number.

/// Words after a number that multiply it (`2,5 million`, `10k`): the
/// amount is not the digits alone.
const MULTIPLIERS: &[&str] = &[
    "k",
    "m",
    "mn",
    "mio",
    "mil",
    "mill",
    "million",
    "millions",
    "b",
    "bn",
    "billion",
    "billions",
    "thousand",
    "thousands",
    "lakh",
    "lakhs",
    "crore",
    "crores",
    "milliard",
    "milliards",
    "mrd",
    "tsd",
    "%",
    "percent",
];

/// What the text `s` (not a number as written) says as a whole number.
#[derive(Debug, PartialEq)]
pub enum Reading {
    /// Exactly this number, with units or separators around it.
    Whole(i64),
    /// A number with a fraction that is not zero (`1,000.50`).
    Fraction,
    /// No one number for certain.
    Unsure,
}

/// The help for the text `s` in the whole-number field `field`.
pub fn help(s: &str, field: &str) -> String {
    match read(s) {
        Reading::Whole(n)
            if s.trim().chars().all(|c| c.is_ascii_digit() || ",.'_ ".contains(c)) =>
        {
            format!("write it without separators: {n}")
        }
        Reading::Whole(n) => format!("write the number alone, in digits: {n}"),
        Reading::Fraction => format!(
            "`{field}` holds whole numbers and this has a fraction: round it, or declare \
             `{field}` as a string field"
        ),
        Reading::Unsure => "write the whole amount in digits alone, such as 2500000 for 2.5 \
                            million (no units, signs or separators)"
            .to_owned(),
    }
}

/// Reads `s`: the digits from its first to its last, with digit-group and
/// decimal separators between them; a unit or currency before or after
/// (`$`, `USD`, `months`, `SDG`) is dropped, a multiplier, a sign written
/// as brackets or anything else between the digits makes it unsure.
pub fn read(s: &str) -> Reading {
    let Some(first) = s.find(|c: char| c.is_ascii_digit()) else { return Reading::Unsure };
    let Some(last) = s.rfind(|c: char| c.is_ascii_digit()) else { return Reading::Unsure };
    let (before, core, after) = (&s[..first], &s[first..=last], &s[last + 1..]);
    let after_word: String = after
        .trim()
        .trim_start_matches(['.', ','])
        .split(|c: char| c.is_whitespace() || c == '.' || c == ')')
        .next()
        .unwrap_or("")
        .to_lowercase();
    if MULTIPLIERS.contains(&after_word.as_str())
        || before.contains('(')
        || before.trim_end().ends_with(['-', '−', '+'])
    {
        return Reading::Unsure;
    }
    let separators = |c: char| matches!(c, ',' | '.' | ' ' | '\'' | '_' | '\u{a0}' | '\u{202f}');
    if !core.chars().all(|c| c.is_ascii_digit() || separators(c)) {
        return Reading::Unsure;
    }
    number(core)
}

/// Digits with separators (`1.250.000,00`, `1,000.50`, `12 500`).
fn number(core: &str) -> Reading {
    // Spaces, apostrophes and underscores only ever group digits.
    let core: String =
        core.chars().filter(|c| !matches!(c, ' ' | '\'' | '_' | '\u{a0}' | '\u{202f}')).collect();
    let marks: Vec<(usize, char)> =
        core.char_indices().filter(|(_, c)| !c.is_ascii_digit()).collect();
    // The decimal separator is the last mark when it differs from the
    // others, or when it is the only one and not followed by a group of
    // three (`1,000` is a thousand; `2,5` two and a half).
    let decimal = match marks.as_slice() {
        [] => None,
        [.., (i, c)] => {
            let others_differ = marks.iter().any(|(_, o)| o != c);
            let tail = core.len() - i - 1;
            let alone = marks.len() == 1;
            if others_differ || (alone && tail != 3) {
                Some(*i)
            } else if alone && *c == '.' {
                // `1.000`: a thousand in Europe, one in English.
                return Reading::Unsure;
            } else {
                None
            }
        }
    };
    let (whole, fraction) = match decimal {
        Some(i) => (&core[..i], &core[i + 1..]),
        None => (core.as_str(), ""),
    };
    // Groups after the first are three digits, and one kind of mark
    // separates them.
    let group_marks: Vec<char> = whole.chars().filter(|c| !c.is_ascii_digit()).collect();
    let groups: Vec<&str> = whole.split(|c: char| !c.is_ascii_digit()).collect();
    let grouped_well = groups.iter().skip(1).all(|g| g.len() == 3)
        && groups.first().is_some_and(|g| (!g.is_empty() && g.len() <= 3) || groups.len() == 1)
        && group_marks.windows(2).all(|w| w[0] == w[1]);
    if !grouped_well || fraction.chars().any(|c| !c.is_ascii_digit()) {
        return Reading::Unsure;
    }
    if fraction.chars().any(|c| c != '0') {
        return Reading::Fraction;
    }
    let digits: String = groups.concat();
    digits.parse().map_or(Reading::Unsure, Reading::Whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_amounts_read_as_one_number_or_not_at_all() {
        for (text, want) in [
            ("$1,000", Reading::Whole(1000)),
            ("1,250,000", Reading::Whole(1_250_000)),
            ("1 250 000", Reading::Whole(1_250_000)),
            ("1.250.000", Reading::Whole(1_250_000)),
            ("€1.250.000,00", Reading::Whole(1_250_000)),
            ("1,000.00 USD", Reading::Whole(1000)),
            ("12 months", Reading::Whole(12)),
            ("SDG 8", Reading::Whole(8)),
            ("CHF 12'500", Reading::Whole(12_500)),
            ("1,000.50", Reading::Fraction),
            ("2,5", Reading::Fraction),
            ("2,5 million", Reading::Unsure),
            ("10k", Reading::Unsure),
            ("3 bn", Reading::Unsure),
            ("(5000)", Reading::Unsure),
            ("-5000 USD", Reading::Unsure),
            ("1.000", Reading::Unsure),
            ("2020-2024", Reading::Unsure),
            ("3 to 5", Reading::Unsure),
            ("12,50,000", Reading::Unsure),
            ("1,2,3", Reading::Unsure),
            ("none", Reading::Unsure),
            ("99999999999999999999", Reading::Unsure),
        ] {
            assert_eq!(read(text), want, "{text}");
        }
    }
}
