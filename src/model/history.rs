//! A site's history from git: which commits changed each record, newest
//! first. Plain data; `crate::history` reads it from the repository the
//! content lives in, and record pages, the "What changed" page and its feed
//! show it.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::Key;

/// How many of the newest commits keep the list of records they touched
/// (the "What changed" page and feed show no more).
pub const RECENT_COMMITS: usize = 200;

/// Whether history was read, and if not, why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum HistoryStatus {
    /// Not read: `[history] enabled = false`, or a command that shows no
    /// pages (`check`, `export`).
    #[default]
    Off,
    /// Read from the repository, every commit reachable from HEAD.
    Full,
    /// The content folder is not in a git repository.
    NotARepository,
    /// A shallow clone: its oldest commits are missing, so first-published
    /// dates would be wrong.
    Shallow,
    /// The repository could not be read; the reason.
    Unreadable(String),
}

/// One commit that changed a record file (or a translation of one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full hexadecimal id.
    pub id: String,
    /// Its first 7 hexadecimal digits, as `git log --oneline` shows it.
    pub short: String,
    /// The committer's time, seconds since 1970 (UTC).
    pub time: i64,
    /// That time's date in UTC.
    pub date: Date,
    /// The first line of the message.
    pub summary: String,
    /// The site's records it touched, sorted; kept for the newest
    /// [`RECENT_COMMITS`] only (empty for older ones).
    pub records: Vec<Key>,
    /// The records it removed (their files gone, no record of the site
    /// holding them), as their keys: kept as [`records`](Self::records) is.
    pub removed: Vec<String>,
}

/// The history of a site's records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Whether it was read.
    pub status: HistoryStatus,
    /// The commit HEAD named (full hex), when read.
    pub head: Option<String>,
    /// Every commit reachable from HEAD that changed a record file, newest
    /// first (by commit time).
    pub commits: Vec<Commit>,
    /// Each record's changes: indexes into `commits`, newest first.
    pub records: BTreeMap<Key, Vec<u32>>,
}

impl History {
    /// Whether pages show history: it was read and has commits.
    pub fn is_shown(&self) -> bool {
        self.status == HistoryStatus::Full && !self.commits.is_empty()
    }

    /// The changes of `key`, newest first (none when history was not read
    /// or the record was never committed).
    pub fn changes<'a>(&'a self, key: &Key) -> impl Iterator<Item = &'a Commit> + 'a {
        let ids = self.records.get(key).map_or(&[][..], Vec::as_slice);
        ids.iter().filter_map(|i| self.commits.get(*i as usize))
    }

    /// How many changes `key` has.
    pub fn change_count(&self, key: &Key) -> usize {
        self.records.get(key).map_or(0, Vec::len)
    }

    /// The date of the commit that first added the record's files.
    pub fn first_published(&self, key: &Key) -> Option<Date> {
        self.changes(key).last().map(|c| c.date)
    }

    /// The date of its newest change.
    pub fn last_changed(&self, key: &Key) -> Option<Date> {
        self.changes(key).next().map(|c| c.date)
    }

    /// The newest commits, at most [`RECENT_COMMITS`], each with the
    /// records it touched.
    pub fn recent(&self) -> &[Commit] {
        &self.commits[..self.commits.len().min(RECENT_COMMITS)]
    }

    /// The one line `build` and `serve` print when pages cannot show
    /// history (none when it was read, or turned off on purpose).
    pub fn note(&self) -> Option<String> {
        let why = match &self.status {
            HistoryStatus::Off | HistoryStatus::Full => return None,
            HistoryStatus::NotARepository => "content is not in a git repository".to_owned(),
            HistoryStatus::Shallow => {
                "content is in a shallow clone (`git fetch --unshallow` fetches its whole history)"
                    .to_owned()
            }
            HistoryStatus::Unreadable(why) => {
                format!("cannot read the content's git history ({why})")
            }
        };
        Some(format!("{why}: record pages show their `updated` field instead of their history"))
    }
}
