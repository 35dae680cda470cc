//! `[history]`: record pages' history, read from the git repository the
//! content lives in.

use serde::Deserialize;

use crate::core::diag::{Diagnostic, Pos};

/// The most changes `max-changes` may list on a record page.
pub const MAX_CHANGES: i64 = 1000;

/// `[history]` in `book.toml`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct HistoryConfig {
    /// Read the history at all (default true).
    pub enabled: bool,
    /// The repository's web address (`https://github.com/org/repo`):
    /// changes link to `{url}/commit/{id}`.
    pub repository_url: Option<String>,
    /// Changes listed on a record page, newest first. Signed so that a
    /// negative value reaches our own check rather than serde's.
    pub max_changes: i64,
}

impl Default for HistoryConfig {
    fn default() -> Self {
        HistoryConfig { enabled: true, repository_url: None, max_changes: 10 }
    }
}

impl HistoryConfig {
    /// A commit's web page, when `repository-url` is set.
    pub fn commit_url(&self, id: &str) -> Option<String> {
        let base = self.repository_url.as_deref()?.trim_end_matches('/');
        Some(format!("{base}/commit/{id}"))
    }

    /// `max-changes` as a count.
    pub fn max_changes(&self) -> usize {
        usize::try_from(self.max_changes).unwrap_or(0)
    }

    /// Problems with the table's values, at their keys (`key_pos`).
    pub(super) fn check(&self, key_pos: &dyn Fn(&str, &str) -> Pos, diags: &mut Vec<Diagnostic>) {
        if let Some(url) = &self.repository_url {
            let http = url.starts_with("https://") || url.starts_with("http://");
            // It goes verbatim into links on every record page.
            if !http || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
                diags.push(
                    Diagnostic::error(
                        super::CONFIG_FILE,
                        key_pos("history", "repository-url"),
                        format!(
                            "repository-url `{}` is not an absolute http(s) URL",
                            url.escape_debug()
                        ),
                    )
                    .with_help(
                        "write the repository's web address in full, e.g. repository-url = \
                         \"https://github.com/org/repo\" (changes link to URL/commit/ID)",
                    ),
                );
            }
        }
        if !(0..=MAX_CHANGES).contains(&self.max_changes) {
            diags.push(
                Diagnostic::error(
                    super::CONFIG_FILE,
                    key_pos("history", "max-changes"),
                    format!("`max-changes` is {}, not a number of changes", self.max_changes),
                )
                .with_help(format!(
                    "set max-changes to the changes a record page lists, from 0 to {MAX_CHANGES} \
                     (default 10)"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_http_and_counts_in_range() {
        let at = |_: &str, _: &str| Pos::new(2, 1);
        let mut d = Vec::new();
        let ok = HistoryConfig {
            repository_url: Some("https://github.com/org/repo/".into()),
            ..HistoryConfig::default()
        };
        ok.check(&at, &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(ok.commit_url("abc").as_deref(), Some("https://github.com/org/repo/commit/abc"));
        for bad in ["github.com/org/repo", "javascript:alert(1)", "https://x.org/a b"] {
            let c = HistoryConfig { repository_url: Some(bad.into()), ..HistoryConfig::default() };
            let mut d = Vec::new();
            c.check(&at, &mut d);
            assert_eq!(d.len(), 1, "{bad}");
            assert_eq!(d[0].line, 2);
        }
        let c = HistoryConfig { max_changes: -1, ..HistoryConfig::default() };
        let mut d = Vec::new();
        c.check(&at, &mut d);
        assert_eq!(d.len(), 1);
        assert!(HistoryConfig::default().commit_url("abc").is_none());
    }
}
