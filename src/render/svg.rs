//! Views drawn at build time as inline SVG, so they need no script or
//! library in the browser and work from `file://`: the world map
//! ([`map`], on [`geo`]'s embedded geometry) and bar charts ([`chart`]).
//!
//! What they show is summed once per page and shared by its versions in
//! every language ([`Cache`]); each language then only writes markup.

pub mod chart;
pub mod geo;
pub mod map;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::model::Value;

/// What a page's map and charts show, the same in every language.
#[derive(Debug, Default)]
pub struct Summary {
    /// Countries with records, by code.
    pub countries: Vec<CountrySummary>,
    /// The field shading the map, when `[map] facet` applies to the page.
    pub facet: Option<String>,
    /// `(year, records)`, by year.
    pub years: Vec<(i32, usize)>,
    /// The taxonomy of the terms chart, and `(term id, records)` most
    /// first, then by id.
    pub terms: Option<(String, Vec<(String, usize)>)>,
}

/// One country on a map.
#[derive(Debug)]
pub struct CountrySummary {
    /// Upper-case alpha-3 code.
    pub code: String,
    /// Its records on this page's map (through blocs too), each once.
    pub count: usize,
    /// With a facet: the value most of its records have, if any has one.
    pub value: Option<Value>,
}

/// [`Summary`] by page, shared by the pages of one render (in parallel).
#[derive(Debug, Default)]
pub struct Cache {
    map: Mutex<HashMap<String, Arc<Summary>>>,
}

impl Cache {
    /// The summary named `key`, made by `make` the first time.
    pub fn get(&self, key: &str, make: impl FnOnce() -> Summary) -> Arc<Summary> {
        // A panic elsewhere while the lock was held leaves only a cache.
        if let Some(s) = self.map.lock().unwrap_or_else(|e| e.into_inner()).get(key) {
            return Arc::clone(s);
        }
        let made = Arc::new(make());
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(map.entry(key.to_owned()).or_insert(made))
    }
}
