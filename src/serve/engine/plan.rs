//! The engine's decisions, made without touching the disk: which path a
//! batch of changes takes, whether a saved record file may take the fast
//! path, which pages and site-wide files a change touches, and which files
//! on disk are no longer produced. `apply` and `write` carry them out.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::{ChangeKind, Page, classify};
use crate::build::{self, SiteWide};
use crate::model::{Key, Site};
use crate::render::{self, Theme};
use crate::{load, resolve};

/// What the plan needs to know of the engine's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Readiness {
    /// A good build exists.
    pub good: bool,
    /// The diagnostics were computed from the good build by the fast path
    /// (or a full load), so it may go on from them.
    pub exact: bool,
    /// The content has errors.
    pub errors: bool,
}

/// The path a batch takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Plan {
    /// An empty batch: nothing to do.
    Nothing,
    /// Only theme assets changed: copy them again.
    Assets,
    /// Only record files changed: read and validate just these, patch the
    /// site. Falls back to the full path when a file needs more.
    Fast(BTreeSet<PathBuf>),
    /// Only templates changed: re-render the pages that read them, without
    /// reading content. Falls back when a template was added or removed.
    Templates,
    /// Reload content; `all` re-renders every page (schema, configuration
    /// or theme changed), otherwise only pages of records that differ.
    Full { all: bool },
}

impl Plan {
    /// When [`Plan::Fast`] or [`Plan::Templates`] turns out not to do, the
    /// full path takes over: whether it re-renders every page (after a
    /// template change it must).
    pub(super) fn fallback_all(&self) -> bool {
        !matches!(self, Plan::Fast(_))
    }
}

/// The path a batch of changes takes, given the engine's state.
pub(super) fn plan(changes: &[ChangeKind], now: Readiness) -> Plan {
    if changes.is_empty() {
        return Plan::Nothing;
    }
    let mut records = BTreeSet::new();
    let (mut everything, mut templates, mut assets, mut assets_only) = (false, false, false, true);
    for c in changes {
        match c {
            ChangeKind::Record(p) => {
                assets_only = false;
                records.insert(p.clone());
            }
            ChangeKind::Schema | ChangeKind::Config => {
                assets_only = false;
                everything = true;
            }
            ChangeKind::Template(_) => {
                assets_only = false;
                templates = true;
            }
            ChangeKind::Asset(_) => assets = true,
        }
    }
    // The fast paths go on from the last good build and what is known of
    // its errors; without both, content is read again.
    let known = now.good && now.exact;
    if assets_only && known && !now.errors {
        return Plan::Assets;
    }
    // An asset saved with records (a checkout, a script) is a theme change:
    // the fast path would leave the asset uncopied.
    if !everything && !templates && !assets && !records.is_empty() {
        return if known { Plan::Fast(records) } else { Plan::Full { all: false } };
    }
    let only_templates = changes.iter().all(|c| matches!(c, ChangeKind::Template(_)));
    if only_templates && known && !now.errors {
        return Plan::Templates;
    }
    Plan::Full { all: everything || templates || assets || records.is_empty() }
}

/// The collection of a record file the fast path may read, or `None` when
/// the file needs the full path: not a record, a translation (`ID.LANG.md`
/// changes a record it does not name as its own key: the full path loads it
/// with its original), a `sources` record, or one of an unknown collection.
pub(super) fn fast_collection(
    content_dir: &Path,
    path: &Path,
    is_collection: impl Fn(&str) -> bool,
) -> Option<String> {
    let collection = classify::record_collection(content_dir, path)?;
    if classify::is_translation_file(path) {
        return None;
    }
    if collection == load::SOURCES || !is_collection(&collection) {
        return None;
    }
    Some(collection)
}

/// What the last good site holds under a key a saved file claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Held {
    /// No record.
    No,
    /// A record without translations.
    Plain,
    /// A record with translations: kept when the record's own file is
    /// saved keeping its key and language (the translations' files did not
    /// change, and nothing else of the record checks them); anything else
    /// goes the full path, which attaches and checks them.
    Translated,
}

/// Whether the record file `rel`, claiming `claimed`, may take the fast
/// path: it keeps the key it had, or is a new file bringing a key nobody
/// else holds (`held` in the site, `added` since, `batch` in this batch)
/// and keeping the key it brought when it was first seen.
pub(super) fn admit(
    rel: &str,
    claimed: &Key,
    held: Held,
    by_path: &HashMap<String, Key>,
    added: &BTreeMap<Key, String>,
    batch: &[&Key],
) -> bool {
    match by_path.get(rel) {
        Some(old) => old == claimed,
        None => {
            let taken = held != Held::No
                || added.get(claimed).is_some_and(|p| p != rel)
                || added.iter().any(|(k, p)| p == rel && k != claimed);
            !taken && !batch.contains(&claimed)
        }
    }
}

/// How the full path writes, given the sites before and after it.
#[derive(Debug)]
pub(super) enum FullWrite {
    /// Re-render these pages (the records that differ first).
    Pages(BTreeSet<Key>, BTreeSet<Page>),
    /// Render everything; write what changed, remove what is no longer made.
    All,
    /// What is on disk is unknown: a whole staged build, swapped in.
    Staged,
}

/// How the full path writes `new`, after `old` (the last good site), when
/// our files are `on_disk` (their hashes known); `all` after a theme change.
pub(super) fn full_write(old: Option<&Site>, new: &Site, on_disk: bool, all: bool) -> FullWrite {
    match old {
        Some(old)
            if on_disk
                && !all
                && old.schema == new.schema
                && old.project.config == new.project.config =>
        {
            let keys: BTreeSet<Key> = old
                .records
                .keys()
                .chain(new.records.keys())
                .filter(|k| old.records.get(*k) != new.records.get(*k))
                .cloned()
                .collect();
            // A page bundle that comes, goes or changes its key moves the
            // files published beside its page: written the whole way.
            let moves_files = keys.iter().any(|k| {
                let (a, b) = (old.records.get(k), new.records.get(k));
                a.is_none() != b.is_none()
                    && a.or(b).is_some_and(|r| {
                        load::bundle_of(&new.project, &k.collection, &r.path).is_some()
                    })
            });
            if moves_files {
                return FullWrite::All;
            }
            let mut pages = affected_pages(old, &keys);
            pages.extend(affected_pages(new, &keys));
            let before: BTreeSet<String> = old.countries.keys().cloned().collect();
            let after: BTreeSet<String> = new.countries.keys().cloned().collect();
            pages.extend(country_pages(new, &before, &after));
            FullWrite::Pages(keys, pages)
        }
        _ if on_disk => FullWrite::All,
        _ => FullWrite::Staged,
    }
}

/// The pages of `site` whose template reads a template that differs
/// between `old` and `new` (extends, includes or imports it); `None` when
/// a template was added or removed.
pub(super) fn template_pages(site: &Site, old: &Theme, new: &Theme) -> Option<Vec<Page>> {
    let changed = old.changed_templates(new)?;
    let mut reads: HashMap<&'static str, bool> = HashMap::new();
    let pages = render::pages(site, new)
        .into_iter()
        .filter(|p| {
            *reads.entry(p.template()).or_insert_with(|| {
                new.dependencies(p.template()).iter().any(|t| changed.contains(t))
            })
        })
        .collect();
    Some(pages)
}

/// `pages` split into the own pages of `keys` (what the editor is looking
/// at, written at once) and the rest (queued).
pub(super) fn split_first(
    keys: &BTreeSet<Key>,
    pages: BTreeSet<Page>,
) -> (BTreeSet<Page>, BTreeSet<Page>) {
    pages.into_iter().partition(|p| matches!(p, Page::Record(k) if keys.contains(k)))
}

/// The site-wide parts a change queues: all of them, but the browser index
/// when the caller makes it `elsewhere`.
pub(super) fn site_wide(site: &Site, elsewhere: bool) -> Vec<SiteWide> {
    build::site_wide_parts(site)
        .into_iter()
        .filter(|p| !(elsewhere && *p == SiteWide::BrowserIndex))
        .collect()
}

/// The files of ours on disk that `goes` says are no longer produced,
/// sorted.
pub(super) fn stale<'a>(
    on_disk: impl IntoIterator<Item = &'a String>,
    goes: impl Fn(&str) -> bool,
) -> Vec<String> {
    let mut out: Vec<String> = on_disk.into_iter().filter(|p| goes(p)).cloned().collect();
    out.sort();
    out
}

/// Those of `pages` that exist in `site`, in every site language (each
/// page is in all of them), and the output files of those that no longer
/// do.
pub(super) fn live_and_gone<'a>(
    site: &'a Site,
    theme: &Theme,
    pages: &'a BTreeSet<Page>,
) -> (Vec<(&'a str, &'a Page)>, Vec<String>) {
    let (live, gone): (Vec<&Page>, Vec<&Page>) =
        pages.iter().partition(|p| page_exists(site, theme, p));
    let langs = site.languages();
    let live = live.into_iter().flat_map(|p| langs.iter().map(move |l| (*l, p))).collect();
    let gone = gone.into_iter().flat_map(|p| langs.iter().map(|l| p.path_in(site, l))).collect();
    (live, gone)
}

/// The pages that show any of `keys` in `site`: each record's own page, the
/// pages of records it links to and that link to it (they show its title),
/// its collection's listing, its terms and their taxonomy indexes, its
/// countries (directly or through a bloc) and the country index, and home;
/// listings, terms and countries with all their pages.
pub fn affected_pages(site: &Site, keys: &BTreeSet<Key>) -> BTreeSet<Page> {
    let mut pages = BTreeSet::new();
    if keys.is_empty() {
        return pages;
    }
    pages.insert(Page::Home);
    // The search page shows each collection's record count.
    pages.insert(Page::Search);
    // The compare page's matrix counts every jurisdiction's records.
    pages.insert(Page::Compare);
    // "What changed" shows the titles of the records each commit touched.
    pages.insert(Page::Changes);
    for key in keys {
        // A record's later pages list records that link to it, under its title.
        pages.extend(all_pages(site, Page::Record(key.clone())));
        pages.extend(all_pages(site, Page::Collection(key.collection.to_string())));
        let Some(r) = site.records.get(key) else { continue };
        let c = resolve::contributions(&site.schema, r);
        for target in c.links {
            pages.extend(all_pages(site, Page::Record(target)));
        }
        if let Some(back) = site.backlinks.get(key) {
            pages.extend(back.iter().cloned().map(Page::Record));
        }
        for (tax, term) in c.terms {
            if tax == resolve::REGIONS
                && let Some(t) = site.schema.taxonomies.get(&tax).and_then(|t| t.terms.get(&term))
            {
                for m in &t.members {
                    pages.extend(all_pages(site, Page::Country(m.clone())));
                }
                pages.insert(Page::CountryIndex);
            }
            pages.insert(Page::TaxonomyIndex(tax.clone()));
            pages.extend(all_pages(site, Page::Term(tax, term)));
        }
        if !c.countries.is_empty() {
            pages.insert(Page::CountryIndex);
        }
        for code in c.countries {
            pages.extend(all_pages(site, Page::Country(code)));
        }
    }
    pages
}

/// Every page of a listing, term or country page in `site`: a record added,
/// removed or re-sorted shifts the records of every later page, and may
/// change how many pages there are (affected pages are taken from the site
/// before and after a change, so pages that go are named too).
fn all_pages(site: &Site, first: Page) -> Vec<Page> {
    render::paging::all(site, first)
}

/// Country pages whose existence changed between two sites, and what links
/// to them: the country index and the pages of blocs listing them as members.
pub(super) fn country_pages(
    site: &Site,
    before: &BTreeSet<String>,
    after: &BTreeSet<String>,
) -> Vec<Page> {
    let changed: BTreeSet<&String> = before.symmetric_difference(after).collect();
    if changed.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Page::CountryIndex];
    for c in &changed {
        out.extend(all_pages(site, Page::Country((*c).clone())));
    }
    if let Some(regions) = site.schema.taxonomies.get(resolve::REGIONS) {
        for term in regions.terms.values() {
            if term.members.iter().any(|m| changed.contains(m)) {
                out.push(Page::TaxonomyIndex(resolve::REGIONS.to_owned()));
                out.extend(all_pages(
                    site,
                    Page::Term(resolve::REGIONS.to_owned(), term.id.clone()),
                ));
            }
        }
    }
    out
}

/// Whether [`render::pages`] lists `page`, without listing them all (which
/// costs milliseconds on a large site, on every save).
pub fn page_exists(site: &Site, theme: &Theme, page: &Page) -> bool {
    match page {
        Page::Home | Page::CountryIndex | Page::NotFound => true,
        Page::Collection(c) => site.schema.collections.contains_key(c),
        Page::Record(k) => site.records.contains_key(k),
        Page::TaxonomyIndex(t) => site.schema.taxonomies.contains_key(t),
        Page::Term(t, id) => render::has_term_page(site, t, id),
        Page::Country(c) => site.countries.contains_key(c),
        Page::Search => theme.has_template("search.html"),
        Page::Compare => theme.has_template("compare.html"),
        Page::Changes => render::has_changes_page(site, theme),
        Page::Paged(first, n) => {
            *n >= 2
                && *n <= render::paging::page_count(site, first)
                && page_exists(site, theme, first)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline;

    fn ready() -> Readiness {
        Readiness { good: true, exact: true, errors: false }
    }

    fn record(p: &str) -> ChangeKind {
        ChangeKind::Record(PathBuf::from(p))
    }

    #[test]
    fn an_empty_batch_does_nothing() {
        assert_eq!(plan(&[], ready()), Plan::Nothing);
        assert_eq!(plan(&[], Readiness { good: false, exact: false, errors: true }), Plan::Nothing);
    }

    #[test]
    fn record_saves_take_the_fast_path_from_a_known_state() {
        let batch =
            [record("/r/content/p/a.md"), record("/r/content/p/b.md"), record("/r/content/p/a.md")];
        let files: BTreeSet<PathBuf> =
            ["/r/content/p/a.md", "/r/content/p/b.md"].into_iter().map(PathBuf::from).collect();
        assert_eq!(plan(&batch, ready()), Plan::Fast(files.clone()));
        // Errors the fast path computed itself do not stop it.
        assert_eq!(plan(&batch, Readiness { errors: true, ..ready() }), Plan::Fast(files));
        // Without a good build, or with errors it did not compute, content is read again.
        assert_eq!(plan(&batch, Readiness { exact: false, ..ready() }), Plan::Full { all: false });
        assert_eq!(plan(&batch, Readiness { good: false, ..ready() }), Plan::Full { all: false });
        assert!(!Plan::Fast(BTreeSet::new()).fallback_all());
    }

    #[test]
    fn schema_and_configuration_re_render_everything() {
        for c in [ChangeKind::Schema, ChangeKind::Config] {
            assert_eq!(
                plan(&[record("/r/content/p/a.md"), c.clone()], ready()),
                Plan::Full { all: true }
            );
            assert_eq!(plan(&[c], ready()), Plan::Full { all: true });
        }
    }

    #[test]
    fn templates_and_assets_alone_keep_the_content() {
        let t = ChangeKind::Template(PathBuf::from("/r/themes/t/base.html"));
        let a = ChangeKind::Asset(PathBuf::from("/r/themes/t/assets/style.css"));
        assert_eq!(plan(std::slice::from_ref(&t), ready()), Plan::Templates);
        assert!(Plan::Templates.fallback_all());
        assert_eq!(plan(std::slice::from_ref(&a), ready()), Plan::Assets);
        // While content has errors the theme cannot be checked against it.
        let errors = Readiness { errors: true, ..ready() };
        assert_eq!(plan(std::slice::from_ref(&t), errors), Plan::Full { all: true });
        assert_eq!(plan(std::slice::from_ref(&a), errors), Plan::Full { all: true });
        // A template with a record or an asset is a theme change: everything.
        assert_eq!(plan(&[t.clone(), a.clone()], ready()), Plan::Full { all: true });
        assert_eq!(plan(&[t, record("/r/content/p/a.md")], ready()), Plan::Full { all: true });
        assert_eq!(plan(&[record("/r/content/p/a.md"), a], ready()), Plan::Full { all: true });
    }

    #[test]
    fn only_record_files_of_known_collections_are_fast() {
        let content = Path::new("/r/content");
        let known = |c: &str| c == "p" || c == "sources";
        let f = |p: &str| fast_collection(content, Path::new(p), known);
        assert_eq!(f("/r/content/p/a.md").as_deref(), Some("p"));
        assert_eq!(f("/r/content/p/sub/a.yaml").as_deref(), Some("p"));
        assert_eq!(f("/r/content/p/a.fr.md"), None);
        assert_eq!(f("/r/content/sources/g20.yaml"), None);
        assert_eq!(f("/r/content/q/a.md"), None);
        assert_eq!(f("/r/content/p/_collection.yaml"), None);
        assert_eq!(f("/r/content/a.md"), None);
    }

    #[test]
    fn a_saved_file_keeps_its_key_and_a_new_one_brings_a_free_key() {
        let (a, b, c) = (Key::new("p", "a"), Key::new("p", "b"), Key::new("p", "c"));
        let by_path: HashMap<String, Key> = [("content/p/a.md".to_owned(), a.clone())].into();
        let none = BTreeMap::new();
        // An existing file: the same key, not another one, and never a translated record.
        assert!(admit("content/p/a.md", &a, Held::Plain, &by_path, &none, &[]));
        assert!(!admit("content/p/a.md", &b, Held::No, &by_path, &none, &[]));
        // Its own file, keeping its key: its translations are kept.
        assert!(admit("content/p/a.md", &a, Held::Translated, &by_path, &none, &[]));
        assert!(!admit("content/p/a.md", &b, Held::Translated, &by_path, &none, &[]));
        assert!(!admit("content/p/new.md", &a, Held::Translated, &by_path, &none, &[]));
        // A new file: a key no record holds and no other new file took.
        assert!(admit("content/p/c.md", &c, Held::No, &by_path, &none, &[]));
        assert!(!admit("content/p/c.md", &a, Held::Plain, &by_path, &none, &[]));
        assert!(!admit("content/p/c.md", &c, Held::No, &by_path, &none, &[&c]));
        let added: BTreeMap<Key, String> = [(c.clone(), "content/p/c.md".to_owned())].into();
        assert!(admit("content/p/c.md", &c, Held::No, &by_path, &added, &[]));
        assert!(!admit("content/p/other.md", &c, Held::No, &by_path, &added, &[]));
        // A new file that changed the key it first brought.
        assert!(!admit("content/p/c.md", &b, Held::No, &by_path, &added, &[]));
    }

    #[test]
    fn the_edited_records_own_pages_go_first() {
        let (a, b) = (Key::new("p", "a"), Key::new("p", "b"));
        let pages: BTreeSet<Page> = [
            Page::Home,
            Page::Record(a.clone()),
            Page::Record(b.clone()),
            Page::Paged(Box::new(Page::Record(a.clone())), 2),
            Page::Collection("p".into()),
        ]
        .into();
        let (first, rest) = split_first(&[a.clone()].into(), pages);
        assert_eq!(first, BTreeSet::from([Page::Record(a.clone())]));
        assert_eq!(rest.len(), 4);
        assert!(rest.contains(&Page::Record(b)) && rest.contains(&Page::Home));
    }

    #[test]
    fn stale_files_are_those_no_longer_made_sorted() {
        let on_disk: HashMap<String, u64> =
            ["search/b.js", "assets/x.css", "search/a.js", "index.html"]
                .into_iter()
                .map(|p| (p.to_owned(), 0))
                .collect();
        let produced: BTreeSet<&str> = ["search/b.js", "index.html"].into();
        let gone = stale(on_disk.keys(), |p| !produced.contains(p));
        assert_eq!(gone, ["assets/x.css", "search/a.js"]);
        let gone = stale(on_disk.keys(), |p| p.starts_with("search/") && !produced.contains(p));
        assert_eq!(gone, ["search/a.js"]);
        assert!(stale(None::<&String>, |_| true).is_empty());
    }

    #[test]
    fn page_exists_agrees_with_the_page_list() {
        let (_dir, site) = pipeline::testing::site_from(&[
            ("book.toml", "[book]\ntitle = \"T\"\n"),
            (
                "content/_taxonomies.yaml",
                "topics:\n  title: Topics\n  terms:\n    trade: {label: Trade}\n    unused: {label: Unused}\nregions:\n  title: Regions\n  terms:\n    eu: {label: EU, members: [FRA]}\n",
            ),
            ("content/p/_collection.yaml", "title: P\nsingular: P\n"),
            (
                "content/p/a.md",
                "---\ntitle: A\nsummary: S.\ntopics: [trade]\ncountries: [eu, KEN]\n---\n",
            ),
        ]);
        let theme = Theme::load(&site.project).unwrap();
        let listed: BTreeSet<Page> = render::pages(&site, &theme).into_iter().collect();
        let mut candidates = listed.clone();
        candidates.extend([
            Page::Term("topics".into(), "unused".into()),
            Page::Term("nope".into(), "x".into()),
            Page::Country("DEU".into()),
            Page::Record(Key::new("p", "missing")),
            Page::Collection("nope".into()),
            Page::TaxonomyIndex("nope".into()),
        ]);
        for p in &candidates {
            assert_eq!(page_exists(&site, &theme, p), listed.contains(p), "{p:?}");
        }
    }
}
