//! `compendium build`: validate, render, write the site and index atomically.

use std::io::IsTerminal as _;
use std::path::Path;
use std::time::Instant;

use anyhow::Result;

use crate::cmd::{CONTENT_ERROR, OK, report};
use crate::diag::Format;
use crate::model::Site;
use crate::output::{OutputFile, Staging};
use crate::render::{self, Theme};
use crate::{export, pipeline, search};

/// Above this many pages, a terminal gets a progress bar.
const PROGRESS_PAGES: usize = 2000;

/// Runs `build`: nothing is written unless the whole build succeeds.
pub fn run(root: &Path) -> u8 {
    let start = Instant::now();
    let loaded = pipeline::load(root);
    report(&loaded.diagnostics, Format::Human);
    let Some(site) = loaded.site else {
        eprintln!(
            "build failed: {} error(s); the previous site was left as it was",
            loaded.diagnostics.error_count()
        );
        return CONTENT_ERROR;
    };
    match build(&site) {
        Ok(files) => {
            eprintln!(
                "built {} records into {} files in {} ({:.2?})",
                site.records.len(),
                files,
                crate::diag::rel_path(&site.project.root, &site.project.build_dir),
                start.elapsed()
            );
            OK
        }
        Err(e) => {
            eprintln!("error: {e:#}\nbuild failed; the previous site was left as it was");
            CONTENT_ERROR
        }
    }
}

/// Every output file of the site, in path order: rendered pages and theme
/// assets, datasets, the feed, and `sitemap.xml` when a base URL is set.
pub fn outputs(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>> {
    outputs_with(site, theme, &|| {})
}

fn outputs_with(
    site: &Site,
    theme: &Theme,
    progress: &(dyn Fn() + Sync),
) -> Result<Vec<OutputFile>> {
    let mut files = render::render_site_with(site, theme, progress)?;
    files.extend(site_wide(site, theme)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The outputs made from the whole site at once (datasets, the feed, the
/// sitemap), which `serve` regenerates on every change, as opposed to pages,
/// which it re-renders one by one.
pub fn site_wide(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    for part in site_wide_parts(site) {
        files.extend(site_wide_part(site, theme, &part)?);
    }
    Ok(files)
}

/// One of the site-wide outputs (see [`site_wide`]): `serve` makes them one
/// at a time, so that a save never waits for all of them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SiteWide {
    /// `data/records.json`.
    Records,
    /// `data/COLLECTION.csv`.
    Csv(String),
    /// `feed.xml`.
    Feed,
    /// The browser search index (`search/meta.js`, `search/i-GEN/*`, …).
    BrowserIndex,
    /// `sitemap.xml`, when a base URL is set.
    Sitemap,
}

/// The site-wide outputs of `site`.
pub fn site_wide_parts(site: &Site) -> Vec<SiteWide> {
    let mut parts = vec![SiteWide::Records];
    parts.extend(site.schema.collections.keys().map(|c| SiteWide::Csv(c.clone())));
    parts.push(SiteWide::Feed);
    parts.push(SiteWide::BrowserIndex);
    if site.project.config.book.base_url.is_some() {
        parts.push(SiteWide::Sitemap);
    }
    parts
}

/// Makes the files of one site-wide output (none for a sitemap without a
/// base URL).
pub fn site_wide_part(site: &Site, theme: &Theme, part: &SiteWide) -> Result<Vec<OutputFile>> {
    Ok(match part {
        SiteWide::Records => vec![OutputFile::new("data/records.json", export::json(site, None))],
        SiteWide::Csv(name) => {
            vec![OutputFile::new(format!("data/{name}.csv"), export::csv(site, Some(name)))]
        }
        SiteWide::Feed => vec![export::feed(site)],
        // search: the browser index (search/meta.js and search/i-GEN/*).
        SiteWide::BrowserIndex => search::browser::files(site)?,
        SiteWide::Sitemap => {
            let paths: Vec<String> =
                render::pages(site, theme).iter().map(render::Page::path).collect();
            let pages: Vec<&str> = paths
                .iter()
                .map(String::as_str)
                .filter(|p| *p == "index.html" || p.ends_with("/index.html"))
                .collect();
            export::sitemap(site, &pages).into_iter().collect()
        }
    })
}

/// Whether `path` is a file of the browser search index (which `serve`
/// replaces as a whole: its chunk names change with its contents).
pub fn is_browser_index_file(path: &str) -> bool {
    path.starts_with("search/") && path != render::Page::Search.path()
}

/// Renders and writes the site; returns how many files were written.
pub fn build(site: &Site) -> Result<usize> {
    let theme = Theme::load(&site.project)?;
    let bar = progress_bar(site, &theme);
    let files = outputs_with(site, &theme, &|| {
        if let Some(b) = &bar {
            b.inc(1);
        }
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let staging = Staging::new(&site.project.build_dir)?;
    staging.write_all(&files)?;
    // search: the tantivy index is staged beside the site and swapped in
    // with it, only once both are complete.
    let index = Staging::new(&site.project.index_dir)?;
    search::writer::write_staged(site, &index)?;
    staging.commit()?;
    index.commit()?;
    Ok(files.len())
}

// Large sites on a terminal only: a bar in a log or CI output is noise.
fn progress_bar(site: &Site, theme: &Theme) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let n = render::pages(site, theme).len();
    if n <= PROGRESS_PAGES {
        return None;
    }
    let bar = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("rendering {bar:40} {pos}/{len} pages ({eta})")
    {
        bar.set_style(style);
    }
    Some(bar)
}
