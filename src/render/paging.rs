//! Pagination of listings, term and country pages (`[build] paginate`).
//!
//! Listings, term and country pages are split by their records, a record's
//! page by the records that link to it (pages after the first show only
//! those, under the record's title).
//!
//! Page 1 keeps the page's own address (`regulations/index.html`); page
//! `n` of it is [`Page::Paged`] at `regulations/page/n/index.html`, the
//! convention of Zola and Hugo, in every language's folder alike. The
//! number of pages comes from counts the [`Site`] already holds, so the
//! plan, `serve`'s incremental re-render and the contexts agree on it
//! without rendering anything.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::model::{Key, Site};

use super::Page;

/// Whether `page` is one that pagination splits: listings, terms and
/// countries by their records, a record's page by the records that link
/// to it (a source every record cites would otherwise list them all).
pub fn is_paginated(page: &Page) -> bool {
    matches!(page, Page::Collection(_) | Page::Term(..) | Page::Country(_) | Page::Record(_))
}

/// How many records `page` (page 1 of a listing, term or country page)
/// shows in all: for a country, those naming it directly and those
/// through each bloc, as separate sections; for a record, those linking to
/// it. 0 for other pages.
pub fn total(site: &Site, page: &Page) -> usize {
    match page {
        Page::Collection(c) => site.listings.get(c).map_or(0, Vec::len),
        Page::Term(t, id) => site.terms.get(t).and_then(|m| m.get(id)).map_or(0, Vec::len),
        Page::Country(code) => site
            .countries
            .get(code)
            .map_or(0, |c| c.direct.len() + c.via.values().map(Vec::len).sum::<usize>()),
        Page::Record(k) => site.backlinks.get(k).map_or(0, Vec::len),
        _ => 0,
    }
}

/// Records per page, or `None` when pagination is off.
pub fn page_size(site: &Site) -> Option<usize> {
    site.project.config.build.page_size()
}

/// How many pages `page` takes: 1 for pages that are not split, or when
/// pagination is off, or when its records fit on one.
pub fn page_count(site: &Site, page: &Page) -> usize {
    match page_size(site) {
        Some(size) if is_paginated(page) => total(site, page).div_ceil(size).max(1),
        _ => 1,
    }
}

/// `page` and the further pages of it, in order.
pub fn all(site: &Site, page: Page) -> Vec<Page> {
    let n = page_count(site, &page);
    let mut out = Vec::with_capacity(n);
    out.extend((2..=n).map(|i| Page::Paged(Box::new(page.clone()), i)));
    out.insert(0, page);
    out
}

/// Page `number` (from 1) of `first`: `first` itself for 1.
pub fn nth(first: &Page, number: usize) -> Page {
    if number <= 1 { first.clone() } else { Page::Paged(Box::new(first.clone()), number) }
}

/// The records of page `number` (from 1) out of `total`: a range of
/// positions in the page's order; empty past the last page.
pub fn window(site: &Site, number: usize, total: usize) -> std::ops::Range<usize> {
    match page_size(site) {
        Some(size) => {
            let start = number.saturating_sub(1).saturating_mul(size).min(total);
            start..start.saturating_add(size).min(total)
        }
        None => 0..total,
    }
}

/// What the pages of one listing, term or country page share in one
/// language: its records in order, and the listing's facet counts. Worked
/// out once per render of many pages ([`Memo`]) rather than once per page,
/// which at 100,000 records would be quadratic.
#[derive(Debug, Default)]
pub struct Prepared {
    /// Sections of the page (a country page's direct records, then those
    /// through each bloc), each a list of runs: a collection's name and its
    /// records in the order shown.
    pub sections: Vec<Vec<(String, Vec<Key>)>>,
    /// A listing's facets with their counts over every record, as the
    /// template receives them.
    pub facets: serde_json::Value,
    /// [`distinct`](Self::distinct), counted on first use.
    distinct: OnceLock<usize>,
}

impl Prepared {
    /// A page's sections and facets.
    pub fn new(sections: Vec<Vec<(String, Vec<Key>)>>, facets: serde_json::Value) -> Prepared {
        Prepared { sections, facets, distinct: OnceLock::new() }
    }

    /// How many different records the sections hold (a country page's
    /// record that applies directly and through a bloc counts once).
    /// Counted once for all the pages that share this: a country of
    /// 200,000 records has thousands of pages.
    pub fn distinct(&self) -> usize {
        *self.distinct.get_or_init(|| {
            let mut all: Vec<&Key> = self.sections.iter().flatten().flat_map(|(_, k)| k).collect();
            all.sort_unstable();
            all.dedup();
            all.len()
        })
    }

    /// How many records the sections hold in all.
    pub fn total(&self) -> usize {
        self.sections.iter().flatten().map(|(_, keys)| keys.len()).sum()
    }

    /// The records at positions `range` of the whole, section by section
    /// and run by run: `(collection, records shown, records of the run on
    /// every page)`. Sections with none in range come back empty.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Vec<Vec<(&str, &[Key], usize)>> {
        let mut at = 0;
        self.sections
            .iter()
            .map(|runs| {
                let mut out = Vec::new();
                for (name, keys) in runs {
                    let (from, to) = (at, at + keys.len());
                    at = to;
                    let start = range.start.clamp(from, to) - from;
                    let end = range.end.clamp(from, to) - from;
                    if start < end {
                        out.push((name.as_str(), &keys[start..end], keys.len()));
                    }
                }
                out
            })
            .collect()
    }
}

/// [`Prepared`] data by language, depth and first page, shared by the
/// pages one render makes (in parallel).
#[derive(Debug, Default)]
pub struct Memo {
    map: Mutex<HashMap<(String, String, Page), Arc<Prepared>>>,
    /// What maps and charts show, shared by every language.
    pub(crate) views: super::svg::Cache,
    /// The search page's help examples (`filter`, `range`), the same in
    /// every language: one pass over the records, not one per language.
    pub(crate) search_examples: std::sync::OnceLock<(String, String)>,
}

impl Memo {
    /// The data of `first` in `lang` for pages whose prefix back to the
    /// site root is `root` (the facets' links are relative to the page,
    /// and page 1 sits higher than the others), made by `make` the first
    /// time.
    pub fn get(
        &self,
        lang: &str,
        root: &str,
        first: &Page,
        make: impl FnOnce() -> anyhow::Result<Prepared>,
    ) -> anyhow::Result<Arc<Prepared>> {
        let key = (lang.to_owned(), root.to_owned(), first.clone());
        // A panic elsewhere while the lock was held leaves only a cache.
        if let Some(p) = self.map.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(Arc::clone(p));
        }
        // Made outside the lock: two threads may both make it, once.
        let made = Arc::new(make()?);
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        Ok(Arc::clone(map.entry(key).or_insert(made)))
    }
}

/// The page numbers a pager shows for page `current` of `count`: the first,
/// the last, and two either side of the current one, with a gap wherever
/// numbers are left out (a gap of one number shows the number instead).
pub fn numbers(current: usize, count: usize) -> Vec<Option<usize>> {
    const AROUND: usize = 2;
    let mut out = Vec::new();
    let mut last = 0;
    for n in 1..=count {
        let near = n + AROUND >= current && n <= current + AROUND;
        if n == 1 || n == count || near {
            if n > last + 2 {
                out.push(None);
            } else if n == last + 2 {
                out.push(Some(last + 1));
            }
            out.push(Some(n));
            last = n;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_numbers_keep_ends_and_neighbours() {
        let show = |c, n| {
            numbers(c, n)
                .into_iter()
                .map(|x| x.map_or("…".to_owned(), |n| n.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(show(1, 1), "1");
        assert_eq!(show(1, 3), "1 2 3");
        assert_eq!(show(1, 10), "1 2 3 … 10");
        assert_eq!(show(5, 10), "1 2 3 4 5 6 7 … 10");
        assert_eq!(show(6, 10), "1 … 4 5 6 7 8 9 10");
        assert_eq!(show(10, 10), "1 … 8 9 10");
        assert_eq!(show(500, 1000), "1 … 498 499 500 501 502 … 1000");
    }
}
