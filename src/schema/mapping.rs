//! A YAML mapping read with a diagnostic for each key or value of the wrong
//! kind: the helper every schema file, record and citation is read with.

use crate::core::diag::{Diagnostic, Diagnostics, Pos, did_you_mean};
use crate::core::rules::text_limit;
use crate::core::yaml::{Node, NodeKind};

/// Reads a mapping's entries, reporting non-string and unknown keys.
pub(crate) struct MapCheck<'a> {
    pub path: &'a str,
    pub what: &'a str,
}

impl MapCheck<'_> {
    /// The entries of `node` keyed by string, or a diagnostic.
    pub fn entries<'n>(
        &self,
        node: &'n Node,
        diags: &mut Diagnostics,
    ) -> Vec<(&'n str, &'n Node, Pos)> {
        let Some(map) = node.as_map() else {
            diags.push(
                Diagnostic::error(
                    self.path,
                    node.pos,
                    format!("{} must be a mapping, not {}", self.what, node.type_name()),
                )
                .with_help(format!(
                    "write {} as `key: value` pairs, on indented lines or as `{{key: value, …}}`",
                    self.what
                )),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in map {
            match k.as_str() {
                Some(s) => out.push((s, v, k.pos)),
                None => diags.push(
                    Diagnostic::error(
                        self.path,
                        k.pos,
                        format!("keys in {} must be text, not {}", self.what, k.type_name()),
                    )
                    .with_help_opt(
                        k.scalar_text().map(|t| format!("put it in quotes: `\"{t}\": …`")),
                    ),
                ),
            }
        }
        out
    }

    /// Reports a key that is not in `known`, with a hint.
    pub fn unknown(&self, key: &str, pos: Pos, known: &[&str], diags: &mut Diagnostics) {
        let help = match did_you_mean(key, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "{} takes {}",
                self.what,
                known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ),
        };
        diags.push(
            Diagnostic::error(self.path, pos, format!("unknown key `{key}` in {}", self.what))
                .with_help(help),
        );
    }

    /// A string value, or a diagnostic. Titles and labels go into pages
    /// and terminals as record fields do, under the same rule.
    pub fn string(&self, key: &str, v: &Node, diags: &mut Diagnostics) -> Option<String> {
        match &v.kind {
            NodeKind::Str(s) => {
                self.text(&format!("`{key}`"), s, v.pos, text_limit(key), diags);
                Some(s.clone())
            }
            NodeKind::Int(_) | NodeKind::Float(_) | NodeKind::Bool(_) => v.scalar_text(),
            _ => {
                diags.push(Diagnostic::error(
                    self.path,
                    v.pos,
                    format!("`{key}` must be text, not {}", v.type_name()),
                ));
                None
            }
        }
    }

    /// A list of strings (a single string counts as a one-item list).
    pub fn strings(&self, key: &str, v: &Node, diags: &mut Diagnostics) -> Vec<(String, Pos)> {
        match &v.kind {
            NodeKind::Seq(items) => items
                .iter()
                .filter_map(|i| match i.scalar_text() {
                    Some(s) => {
                        let max = text_limit(key);
                        self.text(&format!("an item of `{key}`"), &s, i.pos, max, diags);
                        Some((s, i.pos))
                    }
                    None => {
                        diags.push(Diagnostic::error(
                            self.path,
                            i.pos,
                            format!("items of `{key}` must be text, not {}", i.type_name()),
                        ));
                        None
                    }
                })
                .collect(),
            NodeKind::Null => Vec::new(),
            _ => match v.scalar_text() {
                Some(s) => {
                    self.text(&format!("`{key}`"), &s, v.pos, text_limit(key), diags);
                    vec![(s, v.pos)]
                }
                None => {
                    diags.push(Diagnostic::error(
                        self.path,
                        v.pos,
                        format!("`{key}` must be a list, not {}", v.type_name()),
                    ));
                    Vec::new()
                }
            },
        }
    }

    /// A control character in `s`, the text of `what`, is an error (a
    /// direction override a warning), as in a record's fields; so is a
    /// text over `max` characters.
    pub fn text(&self, what: &str, s: &str, pos: Pos, max: usize, diags: &mut Diagnostics) {
        if let Some(d) = crate::core::rules::text_diagnostic(self.path, pos, what, s, max) {
            diags.push(d);
        }
    }

    /// A boolean, or a diagnostic.
    pub fn bool(&self, key: &str, v: &Node, diags: &mut Diagnostics) -> Option<bool> {
        match v.kind {
            NodeKind::Bool(b) => Some(b),
            _ => {
                diags.push(
                    Diagnostic::error(
                        self.path,
                        v.pos,
                        format!("`{key}` must be true or false, not {}", v.type_name()),
                    )
                    .with_help(format!("write `{key}: true` or `{key}: false`, without quotes")),
                );
                None
            }
        }
    }
}
