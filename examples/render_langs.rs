//! The cost of rendering a site's pages in every language against
//! rendering them in its default language alone, on the same records.
//!
//! ```sh
//! cargo run --release --example render_langs -- SITE [RUNS]
//! ```
//!
//! Loads SITE (a folder with `book.toml`), then RUNS times (default 3)
//! renders every page in memory (in parallel, minified as the site says,
//! nothing written): once with `[book] languages` cut down to the default
//! language, once with the site's own languages. Prints the pages, bytes
//! and median wall time of each, and the time per page. Only rendering is
//! timed: loading, the search indexes and writing are the same work
//! whatever the number of languages (the indexes grow with translations,
//! not with languages).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use compendium::render::{self, Theme};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: render_langs SITE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(3).max(1);
    let loaded = compendium::pipeline::load(&root);
    let Some(site) = loaded.site else {
        eprintln!("{} does not load: run `compendium check` on it", root.display());
        std::process::exit(1);
    };
    let theme = match Theme::load(&site.project) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e:#}");
            std::process::exit(1);
        }
    };
    let mut one = site.clone();
    one.project.config.book.languages = Vec::new();
    let langs = site.languages().len();
    println!("{} records, {langs} languages", site.records.len());
    let base = measure("default language only", &one, &theme, runs);
    let all = measure(&format!("{langs} languages"), &site, &theme, runs);
    println!(
        "ratio: {:.2}x the time for {:.2}x the pages",
        all.0.as_secs_f64() / base.0.as_secs_f64().max(1e-9),
        all.1 as f64 / base.1.max(1) as f64
    );
}

/// Median time and page count of rendering every page of `site`.
fn measure(what: &str, site: &compendium::Site, theme: &Theme, runs: usize) -> (Duration, usize) {
    let pages = render::site_pages(site, theme).unwrap_or_else(|e| panic!("{e:#}"));
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..runs {
        let start = Instant::now();
        bytes = pages
            .par_iter()
            .map(|(lang, p)| render::render_page(site, theme, lang, p).map(|f| f.bytes.len()))
            .collect::<anyhow::Result<Vec<usize>>>()
            .unwrap_or_else(|e| panic!("{e:#}"))
            .iter()
            .sum::<usize>();
        times.push(start.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{what}: {} pages, {:.1} MB, median {:.2?} over {runs} runs ({:.2?} per page)",
        pages.len(),
        bytes as f64 / 1e6,
        median,
        median / pages.len().max(1) as u32
    );
    (median, pages.len())
}
