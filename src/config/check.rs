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
        match Staleness::parse(text) {
            Ok(s) => self.staleness = Some(s),
            Err(why) => diags.push(
                Diagnostic::error(CONFIG_FILE, at, format!("stale-after: {why}"))
                    .with_help(STALE_AFTER_HELP),
            ),
        }
    }
}

/// How to write a `stale-after` value (book.toml and `_collection.yaml`).
pub const STALE_AFTER_HELP: &str = "write a length of time in days, weeks, months or years, \
     e.g. \"18 months\", \"2 years\" or \"90 days\" (or \"never\")";
