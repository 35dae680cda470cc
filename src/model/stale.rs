//! Staleness: how long a collection's records stay current, and the cutoff
//! date a run judges them by (`stale-after`, see [`crate::core::period`]).

use jiff::civil::Date;

use super::{Collection, Site};

/// How long records of `collection` stay current: its own `stale-after`,
/// else book.toml's `[check] stale-after`; `None` when they never go stale.
pub fn stale_after(
    project: &crate::config::Project,
    collection: Option<&Collection>,
) -> Option<crate::core::period::Period> {
    use crate::core::period::Staleness;
    match collection.and_then(|c| c.stale_after).or(project.config.check.staleness)? {
        Staleness::Never => None,
        Staleness::After(p) => Some(p),
    }
}

impl Site {
    /// The earliest last-review date still current for a record of
    /// `collection` on the run's date, and the period it is measured by;
    /// `None` when its records never go stale.
    pub fn stale_cutoff(&self, collection: &str) -> Option<(Date, crate::core::period::Period)> {
        let p = stale_after(&self.project, self.schema.collections.get(collection))?;
        Some((p.cutoff(self.project.today)?, p))
    }
}
