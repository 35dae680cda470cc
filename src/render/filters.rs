//! Tera filters and the escaping function of the theme.
//!
//! tera's `builtins` feature is off (it pulls in chrono and more), so the
//! few helpers templates need are written here.

use std::collections::HashMap;

use jiff::civil::Date;
use tera::{Tera, Value};

/// Registers the filters and the escape function on `tera`.
pub fn register(tera: &mut Tera) {
    tera.set_escape_fn(escape_html);
    tera.register_filter("format_date", format_date);
    tera.register_filter("humanize", humanize_filter);
}

/// Escapes text for HTML content and quoted attribute values. Unlike tera's
/// default it leaves `/` alone: escaping it adds nothing in these contexts
/// and would turn every relative link into `..&#x2F;..&#x2F;…`.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
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

/// "25 November 2015".
pub fn display_date(d: Date) -> String {
    let month = MONTHS.get(usize::try_from(d.month() - 1).unwrap_or(0)).copied().unwrap_or("");
    format!("{} {month} {}", d.day(), d.year())
}

/// `{{ "2015-11-25" | format_date }}` → "25 November 2015"; anything that is
/// not a `YYYY-MM-DD` date comes back unchanged.
fn format_date(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let Some(s) = value.as_str() else { return Ok(value.clone()) };
    Ok(match s.parse::<Date>() {
        Ok(d) => Value::String(display_date(d)),
        Err(_) => value.clone(),
    })
}

fn humanize_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    Ok(match value.as_str() {
        Some(s) => Value::String(humanize(s)),
        None => value.clone(),
    })
}

/// An id-like value in words: "in-force" → "In force", "e-money" → "E-money",
/// "target_group" → "Target group".
pub fn humanize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let parts: Vec<&str> = s.split(['-', '_']).collect();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            // Keep the hyphen after a one-letter prefix ("e-money", "x-ray").
            let prev = parts[i - 1];
            out.push(if prev.chars().count() == 1 { '-' } else { ' ' });
        }
        out.push_str(part);
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_but_not_slashes() {
        assert_eq!(escape_html("../a/b"), "../a/b");
        assert_eq!(
            escape_html("\"><img src=x onerror='1'>&"),
            "&quot;&gt;&lt;img src=x onerror=&#x27;1&#x27;&gt;&amp;"
        );
    }

    #[test]
    fn dates_and_words() {
        assert_eq!(display_date(jiff::civil::date(2015, 11, 25)), "25 November 2015");
        assert_eq!(humanize("in-force"), "In force");
        assert_eq!(humanize("e-money"), "E-money");
        assert_eq!(humanize("target_group"), "Target group");
        assert_eq!(humanize(""), "");
    }
}
