//! `[check]`: rules `check` applies beyond the schema.

use serde::Deserialize;

use super::CONFIG_FILE;
use crate::core::diag::{Diagnostic, Pos};
use crate::core::period::Staleness;

/// `[check]` in `book.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckConfig {
    /// How long a record stays current after its last review (`updated`),
    /// e.g. `"18 months"`; a collection may set its own (or `never`) in
    /// `_collection.yaml`. Unset: records never go stale.
    pub stale_after: Option<String>,
    /// `stale_after` parsed (set while loading).
    #[serde(skip)]
    pub staleness: Option<Staleness>,
}

impl CheckConfig {
    /// Parses `stale-after`, reporting a bad value at `at`.
    pub(super) fn resolve(&mut self, at: Pos, diags: &mut Vec<Diagnostic>) {
        let Some(text) = &self.stale_after else { return };
        match parse_stale_after(text) {
            Ok(s) => self.staleness = Some(s),
            Err((why, help)) => diags.push(
                Diagnostic::error(CONFIG_FILE, at, format!("stale-after: {why}")).with_help(help),
            ),
        }
    }
}

/// A `stale-after` value, or why it is none and how to write it: the
/// period parser's reason, made plain where it would mislead (a number too
/// large for the calendar is too long, as a lesser one over a century is;
/// `18 Months` is refused for its capital).
pub fn parse_stale_after(text: &str) -> Result<Staleness, (String, String)> {
    let refused = |why: String| Err((why, STALE_AFTER_HELP.to_owned()));
    if crate::core::rules::is_blank(text) {
        return refused(format!(
            "`{}` is empty: records never go stale without it, so remove the key for that",
            text.escape_debug()
        ));
    }
    let why = match Staleness::parse(text) {
        Ok(s) => return Ok(s),
        Err(why) => why,
    };
    let shown = text.escape_debug();
    let lower = text.to_lowercase();
    if lower != text && Staleness::parse(&lower).is_ok() {
        return Err((
            format!("`{shown}` has a unit in capitals"),
            format!("write its units in lower case: stale-after = \"{}\"", lower.trim()),
        ));
    }
    // The same words with every number 1: then only a number was too large.
    let ones = ones_for_numbers(&lower);
    if why.ends_with("is not a length of time") && ones != lower && Staleness::parse(&ones).is_ok()
    {
        return refused(format!("`{shown}` is longer than a century"));
    }
    refused(why)
}

// `text` with each run of digits replaced by `1`.
fn ones_for_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_number = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('1');
            }
            in_number = true;
        } else {
            out.push(c);
            in_number = false;
        }
    }
    out
}

/// How to write a `stale-after` value (book.toml and `_collection.yaml`).
pub const STALE_AFTER_HELP: &str = "write a length of time in days, weeks, months or years, \
     e.g. \"18 months\", \"2 years\" or \"90 days\" (or \"never\")";

#[cfg(test)]
mod tests {
    use super::*;

    fn why(text: &str) -> (String, String) {
        parse_stale_after(text).err().unwrap_or_default()
    }

    #[test]
    fn too_long_is_said_so_whatever_the_number() {
        assert!(why("1000 years").0.contains("longer than a century"), "{:?}", why("1000 years"));
        assert!(
            why("100000 years").0.contains("longer than a century"),
            "{:?}",
            why("100000 years")
        );
        assert!(why("99999999999999999999 days").0.contains("longer than a century"));
        assert!(why("soon").0.contains("is not a length of time"));
        assert!(why("0 days").0.contains("not a positive length"));
        assert!(parse_stale_after("18 months").is_ok());
    }

    #[test]
    fn units_in_capitals_get_the_lower_case_spelling() {
        let (said, help) = why("18 Months");
        assert!(said.contains("a unit in capitals"), "{said}");
        assert_eq!(help, "write its units in lower case: stale-after = \"18 months\"");
        assert!(parse_stale_after("NEVER").is_ok());
    }

    #[test]
    fn an_empty_value_says_to_remove_the_key() {
        assert!(why("  ").0.contains("is empty"));
    }
}
