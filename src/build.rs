//! A whole build of a loaded [`Site`]: every page, dataset, feed and both
//! search indexes, staged beside the output folders and swapped in only
//! once complete. `cmd::build` calls it; `serve::engine`
//! reuses its parts to re-make only what a change touched.

use std::io::IsTerminal as _;
use std::path::Path;

use anyhow::Result;
use rayon::prelude::*;

use crate::core::diag::{Diagnostic, Pos};
use crate::core::timings::Timings;
use crate::model::Site;
use crate::output::{self, OutputFile, Staging};
use crate::render::{self, Theme};
use crate::{export, feeds, fingerprint, search};

/// Above this many pages, a terminal gets a progress bar.
const PROGRESS_PAGES: usize = 2000;

/// What a failed build left in the output folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Left {
    /// The previous site and index, untouched.
    AsTheyWere,
    /// The new index (without a build manifest, so that the next build
    /// renders again) beside the previous site.
    NewIndexOldSite,
}

/// A failed build: why, and what it left.
#[derive(Debug)]
pub struct Failed {
    /// The error.
    pub error: anyhow::Error,
    /// What is in the output folders now.
    pub left: Left,
}

impl<E: Into<anyhow::Error>> From<E> for Failed {
    fn from(e: E) -> Self {
        Failed { error: e.into(), left: Left::AsTheyWere }
    }
}

/// A finished build.
#[derive(Debug)]
pub struct Built {
    /// Files written into the site.
    pub files: usize,
    /// What went wrong after the new site and index were in place (the old
    /// folders not removed, no build manifest), for the user to know.
    pub warnings: Vec<String>,
}

/// Every output file of the site, in path order: rendered pages (in every
/// language) and theme assets, datasets, the feeds, and the sitemaps and
/// `robots.txt` when a base URL is set (or the theme has its own).
pub fn outputs(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>> {
    let mut files = render::render_site(site, theme)?;
    files.extend(site_wide(site, theme)?);
    files.extend(bundles(site)?);
    let statics = statics(theme, files.iter().map(|f| f.path.as_str()))?;
    files.extend(statics);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The project's `static/` files that would land where the build writes a
/// file, found without rendering (`check`): every page's path in every
/// language, the theme's assets, records' alias pages (with the record
/// whose alias it is), and the files and folders only the build writes
/// (`search/`, `data/`, `compare/`, feeds and sitemaps). `build`
/// compares with what it wrote ([`statics`]), which is exact.
pub fn static_clashes(site: &Site, theme: &Theme) -> Vec<(String, Option<String>)> {
    let statics = theme.statics();
    if statics.is_empty() {
        return Vec::new();
    }
    let book = &site.project.config.book;
    let mut taken: std::collections::HashSet<String> =
        theme.assets().into_iter().map(|f| f.path).collect();
    let plan = render::pages(site, theme);
    for lang in site.languages() {
        for page in &plan {
            taken.insert(render::page_path_in(book, lang, page));
        }
    }
    // Records' aliases: their redirect pages, in every language, each
    // with the record whose alias it is.
    let languages = site.languages();
    let aliases =
        crate::validate::aliases::accepted(&site.records, &site.schema, &languages, &mut drop);
    let mut alias_of: std::collections::HashMap<String, String> = Default::default();
    for (alias, key) in &aliases {
        for lang in &languages {
            alias_of.insert(format!("{}{alias}", render::lang_prefix(book, lang)), key.to_string());
        }
    }
    taken.extend(bundle_paths(site).into_iter().map(|(at, _)| at));
    // A static file where the build makes a folder (`static/regulations`,
    // `static/CNAME` beside an alias `CNAME`) cannot be written either.
    let made_folders = folders_of(taken.iter().chain(alias_of.keys()).map(String::as_str));
    let folders: Vec<String> = languages.iter().map(|l| render::lang_prefix(book, l)).collect();
    statics
        .into_iter()
        .map(|f| f.path)
        .filter(|p| {
            let (folder, name) = folders
                .iter()
                .filter(|f| !f.is_empty())
                .find_map(|f| p.strip_prefix(f.as_str()).map(|rest| (f.as_str(), rest)))
                .unwrap_or(("", p.as_str()));
            let first = name.split('/').next().unwrap_or(name);
            taken.contains(p)
                || alias_of.contains_key(p)
                || made_folders.contains(p.as_str())
                || crate::core::names::GENERATED_FILES.contains(&name)
                || (folder.is_empty() && crate::core::names::BUILD_OWNED_FOLDERS.contains(&first))
                || name.starts_with("sitemap")
        })
        .map(|p| {
            let key = alias_of.get(&p).cloned();
            (format!("{}/{p}", crate::config::STATIC_DIR), key)
        })
        .collect()
}

/// [`static_clashes`] as diagnostics, an error at each file: what `check`
/// says, and what `build` refuses before rendering anything.
pub fn static_clash_diagnostics(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    static_clashes(site, theme)
        .iter()
        .map(|(path, alias_of)| {
            let (message, help) = match alias_of {
                Some(key) => (
                    format!(
                        "this static file is where the build writes the redirect of an alias \
                         of `{key}`"
                    ),
                    format!("remove the alias from `{key}`'s `aliases`, or this file"),
                ),
                None => (
                    "this static file would replace a file or folder the build writes at the \
                     same place in the site"
                        .to_owned(),
                    static_help(
                        path.strip_prefix(crate::config::STATIC_DIR)
                            .map(|p| p.trim_start_matches('/')),
                    ),
                ),
            };
            Diagnostic::error(path, Pos::START, message).with_help(help)
        })
        .collect()
}

/// `static/` files a build refused before rendering: each one's error.
#[derive(Debug)]
pub struct StaticClashes(pub Vec<Diagnostic>);

impl std::fmt::Display for StaticClashes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let paths: Vec<&str> = self.0.iter().map(|d| d.path.as_str()).collect();
        write!(f, "{} would replace what the build writes", paths.join(", "))
    }
}

impl std::error::Error for StaticClashes {}

/// Every folder that holds one of `paths` (`a` and `a/b` for `a/b/c.html`).
fn folders_of<'a>(paths: impl Iterator<Item = &'a str>) -> std::collections::HashSet<&'a str> {
    let mut out = std::collections::HashSet::new();
    for p in paths {
        for (i, _) in p.match_indices('/') {
            out.insert(&p[..i]);
        }
    }
    out
}

/// What to do about static files where the build writes, `names` the
/// files' paths in the site: the theme's own place for the files a theme
/// gives (Hugo's and Zola's `static/robots.txt` and `static/favicon.ico`).
pub fn static_help<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let mut help = "rename or move it (a static file goes where no page, asset or index file is: \
         `static/files/`, `static/images/`)"
        .to_owned();
    for name in names {
        match name {
            "robots.txt" => help
                .push_str("; a site's own robots.txt goes in its theme (themes/NAME/robots.txt)"),
            "favicon.ico" | "assets/favicon.svg" => help.push_str(
                "; a site's own icon goes in its theme's assets (themes/NAME/assets/favicon.ico \
                 and favicon.svg), with [build] theme = \"NAME\"",
            ),
            _ => {}
        }
    }
    help
}

/// The project's `static/` files, once everything else is made: one at a
/// path the build writes too would replace a page or an index file (or be
/// replaced by it, whichever came last), so that is an error naming each.
pub fn statics<'a>(
    theme: &Theme,
    written: impl Iterator<Item = &'a str>,
) -> Result<Vec<OutputFile>> {
    let files = theme.statics();
    if files.is_empty() {
        return Ok(files);
    }
    let written: std::collections::HashSet<&str> = written.collect();
    let made_folders = folders_of(written.iter().copied());
    let clashes: Vec<&str> = files
        .iter()
        .filter(|f| {
            written.contains(f.path.as_str())
                || made_folders.contains(f.path.as_str())
                || f.path == crate::core::names::MARKER
        })
        .map(|f| f.path.as_str())
        .collect();
    if !clashes.is_empty() {
        let named: Vec<String> =
            clashes.iter().map(|p| format!("`{}/{p}`", crate::config::STATIC_DIR)).collect();
        anyhow::bail!(
            "{} would replace a file or folder the build writes at the same place in the site; {}",
            named.join(", "),
            static_help(clashes.iter().copied())
        );
    }
    Ok(files)
}

/// The files of page bundles ([`crate::load::bundle_files`]), published
/// beside their records' pages in the default language (whose address a
/// body's relative one is read from, and rewritten from on the others).
pub fn bundles(site: &Site) -> Result<Vec<OutputFile>> {
    let project = &site.project;
    let mut out = Vec::new();
    for (at, path) in bundle_paths(site) {
        let shown = crate::core::diag::rel_path(&project.root, &path);
        let bytes = crate::core::confine::read_file(&project.root, &path, render::MAX_STATIC_BYTES)
            .map_err(|e| match e {
                crate::core::confine::ReadError::TooLarge(_)
                | crate::core::confine::ReadError::Grew => anyhow::anyhow!(
                    "`{shown}` is larger than {} bytes, the most a published file may have: \
                     make it smaller, or publish it elsewhere and link to it",
                    render::MAX_STATIC_BYTES
                ),
                e => anyhow::anyhow!("cannot read `{shown}`: {e}"),
            })?;
        out.push(OutputFile::new(at, bytes));
    }
    Ok(out)
}

/// Each page bundle file's place in the site (beside its record's page in
/// the default language) and on disk: what [`bundles`] publishes and
/// [`static_clashes`] keeps `static/` out of.
fn bundle_paths(site: &Site) -> Vec<(String, std::path::PathBuf)> {
    let mut out = Vec::new();
    for r in site.records.values() {
        let Some(dir) = crate::load::bundle_of(&site.project, &r.key.collection, &r.path) else {
            continue;
        };
        let page = r.key.page_path();
        let folder = page.strip_suffix("index.html").unwrap_or(&page);
        for (name, path) in crate::load::bundle_files(&site.project, &dir) {
            out.push((format!("{folder}{name}"), path));
        }
    }
    out
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
    /// `feed.xml` of a language (`fr/feed.xml`).
    Feed(String),
    /// `changes.xml` of a language: the commits that changed records, when
    /// the site has history from git.
    ChangesFeed(String),
    /// The browser search index (`search/meta.js`, `search/i/*`, …).
    BrowserIndex,
    /// `sitemap.xml` of a language (`fr/sitemap.xml`), when a base URL is set.
    Sitemap(String),
    /// `sitemap-index.xml`, naming every language's sitemap, when a base
    /// URL is set and the site has more than one language.
    SitemapIndex,
    /// `robots.txt`: the theme's, or one naming the sitemap when a base
    /// URL is set.
    Robots,
    /// The compare page's data in a language (`fr/compare/data.js`,
    /// `fr/compare/d/…`; see [`render::compare_files`]).
    Compare(String),
    /// The pages at records' earlier addresses (`aliases`), sending
    /// readers on ([`render::redirects`]).
    Redirects,
}

/// The site-wide outputs of `site`.
pub fn site_wide_parts(site: &Site) -> Vec<SiteWide> {
    let mut parts = vec![SiteWide::Records];
    parts.extend(site.schema.collections.keys().map(|c| SiteWide::Csv(c.clone())));
    let langs = site.languages();
    parts.extend(langs.iter().map(|l| SiteWide::Feed((*l).to_owned())));
    if site.history.is_shown() {
        parts.extend(langs.iter().map(|l| SiteWide::ChangesFeed((*l).to_owned())));
    }
    parts.push(SiteWide::BrowserIndex);
    if site.project.config.book.base_url.is_some() {
        parts.extend(langs.iter().map(|l| SiteWide::Sitemap((*l).to_owned())));
        if langs.len() > 1 {
            parts.push(SiteWide::SitemapIndex);
        }
    }
    // The theme (not known here) may ship its own.
    parts.push(SiteWide::Robots);
    parts.extend(langs.iter().map(|l| SiteWide::Compare((*l).to_owned())));
    parts.push(SiteWide::Redirects);
    parts
}

/// Makes the files of one site-wide output (none for a sitemap without a
/// base URL, or for `robots.txt` without one or the theme's).
pub fn site_wide_part(site: &Site, theme: &Theme, part: &SiteWide) -> Result<Vec<OutputFile>> {
    Ok(match part {
        SiteWide::Records => vec![OutputFile::new("data/records.json", export::json(site, None))],
        SiteWide::Csv(name) => {
            vec![OutputFile::new(format!("data/{name}.csv"), export::csv(site, Some(name)))]
        }
        SiteWide::Feed(lang) => vec![feeds::feed(site, lang)],
        SiteWide::ChangesFeed(lang) => feeds::changes(site, theme, lang).into_iter().collect(),
        // search: the browser index (search/meta.js and search/i/*).
        SiteWide::BrowserIndex => search::browser::files(site)?,
        SiteWide::Sitemap(lang) => {
            feeds::sitemap(site, lang, &render::pages(site, theme)).into_iter().collect()
        }
        SiteWide::SitemapIndex => feeds::sitemap_index(site).into_iter().collect(),
        SiteWide::Robots => feeds::robots(site, theme).into_iter().collect(),
        SiteWide::Compare(lang) if theme.has_template("compare.html") => {
            render::compare_files(site, theme, lang)
        }
        SiteWide::Compare(_) => Vec::new(),
        SiteWide::Redirects => render::redirects::redirects(site),
    })
}

/// Whether `path` is a file of the browser search index (`serve` removes
/// those a new one no longer names). One index serves every language, at
/// the root; each language's search page is under its own folder.
pub fn is_browser_index_file(path: &str) -> bool {
    path.starts_with("search/") && path != render::Page::Search.path()
}

/// Whether `path` is a data file of the compare page in `lang` (`serve`
/// removes those a new build no longer makes: a jurisdiction's records
/// may all go).
pub fn is_compare_file(site: &Site, lang: &str, path: &str) -> bool {
    let folder = render::page_path_in(&site.project.config.book, lang, &render::Page::Compare);
    let folder = folder.strip_suffix("index.html").unwrap_or(&folder);
    path.strip_prefix(folder).is_some_and(|rest| rest == "data.js" || rest.starts_with("d/"))
}

/// Renders and writes the site; returns how many files were written.
pub fn build(site: &Site) -> Result<usize> {
    build_timed(site, &Timings::default(), None).map(|b| b.files).map_err(|f| f.error)
}

/// [`build`], recording each stage's time in `timings`; with a
/// `(fingerprint, warnings)`, writes the manifest that lets the next build
/// with the same inputs skip (see [`fingerprint`]).
///
/// Pages are written into the staging folder as they are rendered (never
/// all held in memory), the site-wide files are made beside them, and the
/// tantivy index is written on its own thread at the same time: the stages
/// share nothing but the read-only site.
///
/// The index is swapped in first, then the site, and the manifest is
/// written last, into the index folder in place: a build stopped anywhere
/// leaves either the previous site and index, or the new index beside the
/// previous site with no manifest (the next build renders again), or both
/// new; never a manifest that vouches for a site it did not write.
pub fn build_timed(
    site: &Site,
    timings: &Timings,
    manifest: Option<&(String, String)>,
) -> Result<Built, Failed> {
    let theme = Theme::load(&site.project)?;
    // `static/` files where the build writes: all of them, before any work.
    if !theme.statics().is_empty() {
        let clashes = static_clash_diagnostics(site, &theme);
        if !clashes.is_empty() {
            return Err(anyhow::Error::new(StaticClashes(clashes)).into());
        }
    }
    let staging = Staging::new(&site.project.build_dir)?;
    // search: the tantivy index is staged beside the site and swapped in
    // with it, only once both are complete.
    let index = Staging::new(&site.project.index_dir)?;
    let pages = render::site_pages(site, &theme)?;
    let bar = progress_bar(pages.len());
    let progress = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    // Both search indexes from one analysis of each record; the browser
    // index's files go into the site's staging folder.
    let sink = |files: Vec<OutputFile>| staging.write_all(&files);
    let (written, indexed) = std::thread::scope(|s| {
        let (sink, index) = (&sink, &index);
        let indexer = s.spawn(move || {
            timings.time(INDEX_STAGE, || search::writer::write_staged(site, index, Some(sink)))
        });
        let written = write_site(site, &theme, &pages, &staging, timings, &progress);
        let indexed = indexer
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the search index writer stopped")));
        (written, indexed)
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    written?;
    indexed?;
    staging.write_all(&bundles(site)?)?;
    // The static files last, where nothing else was written.
    let statics = statics(&theme, staging.written().iter().map(|(p, _)| p.as_str()))?;
    staging.write_all(&statics)?;
    // A body that could not be read back rendered empty: nothing goes in.
    if let Some(why) = site.spool.as_deref().and_then(|s| s.error()) {
        return Err(anyhow::anyhow!(
            "cannot read record bodies back from the build's temporary file ({why}); check \
             the free space and permissions of the temporary folder (TMPDIR), then build again"
        )
        .into());
    }
    // Pages, datasets and the browser index, which the indexer wrote.
    let written_files = staging.written();
    let files = written_files.len();
    let mut warnings = Vec::new();
    let rel = |p: &Path| crate::core::diag::rel_path(&site.project.root, p);
    let mut leftover = |c: output::Committed| {
        if let Some((old, e)) = c.leftover {
            warnings.push(format!(
                "cannot remove the previous build in `{}` ({e}); the next build removes it",
                rel(&old)
            ));
        }
    };
    // The index first, then the site; the previous index is kept until the
    // site is in, and put back if the site cannot be.
    timings.time("swap in", || -> Result<(), Failed> {
        let index = index.swap()?;
        match staging.swap() {
            Ok(site) => {
                leftover(index.finish());
                leftover(site.finish());
                Ok(())
            }
            Err(error) => match index.undo() {
                Ok(()) => Err(Failed { error, left: Left::AsTheyWere }),
                Err(back) => Err(Failed {
                    error: error.context(format!("cannot put the previous index back: {back:#}")),
                    left: Left::NewIndexOldSite,
                }),
            },
        }
    })?;
    if let Some((fp, warned)) = manifest {
        let m = fingerprint::Manifest {
            fingerprint: fp.clone(),
            records: site.records.len(),
            warnings: warned.clone(),
            files: written_files,
        };
        if let Err(e) = fingerprint::write(&site.project.index_dir, &m) {
            warnings.push(format!(
                "{e:#}: the site and index are built, but the next build renders everything \
                 again"
            ));
        }
    }
    Ok(Built { files, warnings })
}

/// The stage names that run at the same time as others.
pub const PARALLEL_STAGES: &[&str] =
    &[crate::pipeline::HISTORY_STAGE, INDEX_STAGE, PAGES_STAGE, SITE_WIDE_STAGE];
const INDEX_STAGE: &str = "search indexes";
const PAGES_STAGE: &str = "pages (render + write)";
const SITE_WIDE_STAGE: &str = "datasets, feed";

/// Renders every page and site-wide file into `staging`, in parallel;
/// returns how many files were written.
fn write_site(
    site: &Site,
    theme: &Theme,
    pages: &[(&str, render::Page)],
    staging: &Staging,
    timings: &Timings,
    progress: &(dyn Fn() + Sync),
) -> Result<usize> {
    let parts = site_wide_parts(site);
    let (pages_written, parts_written) = rayon::join(
        || {
            timings.time(PAGES_STAGE, || -> Result<usize> {
                let memo = render::paging::Memo::default();
                pages.par_iter().try_for_each(|(lang, p)| {
                    let f = render::render_page_with(site, theme, lang, p, &memo)?;
                    progress();
                    staging.write(&f)
                })?;
                let assets = theme.assets();
                staging.write_all(&assets)?;
                Ok(pages.len() + assets.len())
            })
        },
        || {
            timings.time(SITE_WIDE_STAGE, || -> Result<usize> {
                // The browser index is made with the tantivy one.
                let parts: Vec<SiteWide> =
                    parts.iter().filter(|p| **p != SiteWide::BrowserIndex).cloned().collect();
                let counts: Vec<usize> = parts
                    .par_iter()
                    .map(|part| {
                        // The datasets are the largest files: streamed.
                        match part {
                            SiteWide::Records => staging.write_with("data/records.json", |w| {
                                export::write_json(site, None, w)
                            })?,
                            SiteWide::Csv(name) => staging
                                .write_with(&format!("data/{name}.csv"), |w| {
                                    export::write_csv(site, Some(name), w)
                                })?,
                            part => {
                                let files = site_wide_part(site, theme, part)?;
                                staging.write_all(&files)?;
                                return Ok(files.len());
                            }
                        }
                        Ok(1)
                    })
                    .collect::<Result<_>>()?;
                Ok(counts.iter().sum())
            })
        },
    );
    Ok(pages_written? + parts_written?)
}

// Large sites on a terminal only: a bar in a log or CI output is noise.
fn progress_bar(n: usize) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || n <= PROGRESS_PAGES {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::spool::Spool;
    use crate::pipeline::testing::{load_spooled, site_from};

    #[test]
    fn bodies_that_cannot_be_read_back_fail_the_build_and_leave_the_previous_site() {
        let body = "A body only the spool holds.";
        let record = format!("---\ntitle: Act\nsummary: s\n---\n{body}\n");
        let (dir, site) = site_from(&[
            ("book.toml", "[book]\ntitle = \"Atlas\"\n"),
            ("content/laws/_collection.yaml", "title: Laws\nsingular: Law\ndescription: Laws.\n"),
            ("content/laws/a.md", &record),
        ]);
        build(&site).expect("the first build");
        let page = dir.path().join("site/laws/a/index.html");
        let before = std::fs::read_to_string(&page).expect("the record page");
        assert!(before.contains(body), "{before}");
        let index_before = std::fs::read(dir.path().join("index/meta.json")).ok();
        assert!(index_before.is_some(), "the first build wrote an index");

        // The same content again, with every read of a body failing.
        let spool = Spool::unreadable(dir.path()).expect("a write-only spool");
        let site = load_spooled(dir.path(), spool);
        let error = format!("{:#}", build(&site).expect_err("the build fails"));
        assert!(error.contains("cannot read record bodies back"), "{error}");
        assert!(error.contains("TMPDIR"), "{error}");
        assert_eq!(std::fs::read_to_string(&page).expect("the page is still there"), before);
        assert_eq!(std::fs::read(dir.path().join("index/meta.json")).ok(), index_before);
    }
}
