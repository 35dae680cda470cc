//! History from git on pages: a record page's dates and changes, and the
//! site-wide "What changed" page.

use anyhow::Result;
use serde::Serialize;
use tera::Context;

use super::*;
use crate::model::Commit;

/// Records listed under one commit on "What changed" (a commit touching
/// every record would otherwise make a page of the whole site).
pub const RECORDS_PER_COMMIT: usize = 50;

/// One change of a record, or one commit on "What changed".
#[derive(Serialize)]
struct ChangeView<'a> {
    id: &'a str,
    short: &'a str,
    date: items::DateView,
    /// Text from the commit message: tera escapes it.
    summary: &'a str,
    /// The commit's page, with `[history] repository-url`.
    url: Option<String>,
    records: Vec<Item<'a>>,
    /// Records it removed, by key (their pages are gone).
    removed: &'a [String],
    /// Records it touched beyond those listed.
    more: usize,
}

/// A record page's `record.history`.
#[derive(Serialize)]
pub(super) struct HistoryView<'a> {
    first_published: items::DateView,
    /// Only when it differs from the first change (there are several).
    last_changed: Option<items::DateView>,
    /// The newest `[history] max-changes`.
    changes: Vec<ChangeView<'a>>,
    /// Changes in all.
    count: usize,
}

impl<'a> View<'a> {
    fn change(&self, c: &'a Commit, records: Vec<Item<'a>>, more: usize) -> ChangeView<'a> {
        ChangeView {
            id: &c.id,
            short: &c.short,
            date: self.date(c.date),
            summary: &c.summary,
            url: self.site.project.config.history.commit_url(&c.id),
            records,
            removed: &c.removed,
            more,
        }
    }

    /// The history of `key`, when its files were committed.
    pub(super) fn record_history(&self, key: &Key) -> Option<HistoryView<'a>> {
        let history = &*self.site.history;
        if !history.is_shown() {
            return None;
        }
        let first = history.first_published(key)?;
        let count = history.change_count(key);
        let last = history.last_changed(key).filter(|_| count > 1);
        let max = self.site.project.config.history.max_changes();
        Some(HistoryView {
            first_published: self.date(first),
            last_changed: last.map(|d| self.date(d)),
            changes: history
                .changes(key)
                .take(max)
                .map(|c| ChangeView { removed: &[], ..self.change(c, Vec::new(), 0) })
                .collect(),
            count,
        })
    }

    /// "What changed": the newest commits, each with the records it touched.
    pub(super) fn changes_page(&self, ctx: &mut Context) -> Result<()> {
        let history = &*self.site.history;
        let changes: Vec<ChangeView<'_>> = history
            .recent()
            .iter()
            .map(|c| {
                let shown = c.records.iter().take(RECORDS_PER_COMMIT);
                let items = shown.filter_map(|k| self.item(k)).collect();
                self.change(c, items, c.records.len().saturating_sub(RECORDS_PER_COMMIT))
            })
            .collect();
        let i18n = self.theme.i18n();
        let book = &self.site.project.config.book;
        let description = i18n
            .text(self.lang, "what-changed-description")
            .replace("{title}", book.title_in(self.lang));
        ctx.insert("description", &description);
        ctx.insert("changes", &changes);
        Ok(())
    }
}
