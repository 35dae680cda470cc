//! Whether the build publishes a page at a path a body links from the
//! site's root (`/topics/nope/`, `/regulations/page/9/`), from what
//! validation knows: the schema, the languages, `[build] paginate`,
//! `static/` and page bundles, and (once every file is read) the keys.
//!
//! The build's own rules for naming pages (`render::urls`, `render::paging`)
//! sit above `validate` in the layers; the few they rest on are restated
//! here as the folders they make: `COLLECTION/`, its `page/N/` (page 1 is
//! the listing's own address), `COLLECTION/ID/`, `TAXONOMY/TERM/`,
//! `countries/CODE/` (lower-case alpha-3), `search/` and `compare/`, the
//! same under each language's folder. What validation cannot know is left
//! alone, so that no good link is refused: a term's or a country's page
//! exists only when some record names it, `changes/` only with git
//! history, how many pages lists the records linking to a record.

use super::super::Ctx;
use super::super::references::{Need, Pending};
use crate::core::diag::{Diagnostic, Diagnostics, Pos, did_you_mean};
use crate::core::names::{GENERATED_FILES, RESERVED_FOLDERS};
use crate::model::Key;

/// What the build publishes at a page's path, as far as validation knows.
enum Verdict {
    /// Published, or not known to be missing.
    Fine,
    /// Known once every key is.
    Later(Need),
    /// Not published: the message's end and the help (always an error: a
    /// page in a folder the build owns).
    Missing(String, String),
}

impl Ctx<'_> {
    /// Checks the link `dest`, found to name the page `page` (from the
    /// site's root, a folder's as `x/index.html`), at once or once every
    /// key is known.
    pub(super) fn check_page_link(
        &self,
        file: &str,
        (dest, page): (&str, &str),
        pos: Pos,
        diags: &mut Diagnostics,
    ) {
        match self.page_verdict(page) {
            Verdict::Fine => {}
            Verdict::Later(need) => {
                let p = Pending::Page { dest: dest.to_owned(), pos, need };
                self.reference_target(p, file, diags);
            }
            Verdict::Missing(what, help) => diags.push(
                Diagnostic::error(file, pos, format!("`{dest}` in the body {what}"))
                    .with_help(help),
            ),
        }
    }

    fn page_verdict(&self, page: &str) -> Verdict {
        let decoded = percent_encoding::percent_decode_str(page).decode_utf8_lossy();
        let page = decoded.as_ref();
        // A file of `static/` (`static/about/index.html` is `/about/`).
        if page.contains("..") || self.static_dir.join(page).is_file() {
            return Verdict::Fine;
        }
        let mut parts: Vec<&str> = page.split('/').filter(|s| !s.is_empty()).collect();
        if parts.last() == Some(&"index.html") {
            parts.pop();
        }
        let mut lang = String::new();
        if let Some(first) = parts.first().copied()
            && let Some(folder) =
                self.language_folders.iter().find(|l| l.eq_ignore_ascii_case(first))
        {
            if first != folder {
                return wrong_case(first, folder, "", &parts[1..]);
            }
            lang = format!("{folder}/");
            parts.remove(0);
        }
        let Some((&first, rest)) = parts.split_first() else { return Verdict::Fine };
        if self.schema.collections.contains_key(first) {
            return self.in_collection(first, rest, &lang);
        }
        if let Some(t) = self.schema.taxonomies.get(first) {
            return match rest {
                [] => Verdict::Fine,
                [term, tail @ ..] if t.terms.contains_key(*term) => match tail {
                    [] | ["page", _] => Verdict::Fine,
                    _ => missing_below(&format!("/{lang}{first}/{term}/")),
                },
                [term, ..] => Verdict::Missing(
                    format!("names no term `{term}` of `{first}`"),
                    match did_you_mean(term, t.terms.keys().map(String::as_str)) {
                        Some(near) => format!("did you mean /{lang}{first}/{near}/?"),
                        None => format!("the terms of `{first}` are listed at /{lang}{first}/"),
                    },
                ),
            };
        }
        if first == crate::core::names::SHARED_FOLDERS[0] {
            return countries(rest, &lang);
        }
        if matches!(first, "search" | "compare") {
            return match rest {
                [] => Verdict::Fine,
                _ => missing_below(&format!("/{lang}{first}/")),
            };
        }
        // A folder the build owns, in other letters (`/Regulations/`):
        // published on hosts that do not tell case apart only.
        let owned = self.schema.collections.keys().chain(self.schema.taxonomies.keys());
        let owned = owned.map(String::as_str).chain(RESERVED_FOLDERS.iter().copied());
        if let Some(right) = owned.clone().find(|o| o.eq_ignore_ascii_case(first) && *o != first) {
            return wrong_case(first, right, &lang, rest);
        }
        if RESERVED_FOLDERS.contains(&first) {
            // `changes/` (with git history), `assets/`, `data/`: files.
            return Verdict::Fine;
        }
        if rest.is_empty() && (first == "404.html" || GENERATED_FILES.contains(&first)) {
            return Verdict::Fine;
        }
        // Only an alias may be there: aliases are written in every
        // language, by the path without the language's folder.
        let tail = parts.join("/");
        let file = match tail.ends_with(".html") {
            true => tail,
            false => format!("{tail}/index.html"),
        };
        Verdict::Later(Need::Unowned { file })
    }

    /// A page in collection `c`'s folder, but a record's own page (which
    /// `core::links` names a record).
    fn in_collection(&self, c: &str, rest: &[&str], lang: &str) -> Verdict {
        match rest {
            [] => Verdict::Fine,
            ["page", n] => {
                let size = self.project.config.build.page_size();
                match (n.parse::<usize>(), size) {
                    (Ok(n), Some(size)) if n >= 2 => {
                        let (collection, lang) = (c.to_owned(), lang.to_owned());
                        Verdict::Later(Need::ListingPage { collection, n, size, lang })
                    }
                    (Ok(1), Some(_)) => Verdict::Missing(
                        format!(
                            "names `page/1/` of the `{c}` listing, which is the listing itself"
                        ),
                        format!("link /{lang}{c}/"),
                    ),
                    (_, None) => Verdict::Missing(
                        format!("names a page of the `{c}` listing, which is one page"),
                        format!(
                            "link /{lang}{c}/ (`[build] paginate = 0` lists every record on it)"
                        ),
                    ),
                    _ => missing_below(&format!("/{lang}{c}/")),
                }
            }
            [_] => Verdict::Fine,
            // The pages listing the records that link to it.
            [_, "page", _] => Verdict::Fine,
            [id, tail @ ..] => {
                if self.bundle_publishes(c, id, &tail.join("/")) {
                    return Verdict::Fine;
                }
                Verdict::Later(Need::InsideRecord { key: Key::new(c, id) })
            }
        }
    }

    /// Whether the page bundle of record `collection/id`, wherever in its
    /// collection's folder, publishes the file `rest` (from its folder).
    pub(super) fn bundle_publishes(&self, collection: &str, id: &str, rest: &str) -> bool {
        let dir = self.project.content_dir.join(collection);
        let is_bundle = |d: &std::path::Path| {
            ["md", "yaml", "yml"].iter().any(|x| d.join(format!("index.{x}")).is_file())
        };
        // Where it usually is, else in a folder grouping its collection's
        // records (`2024/e-payments/`): the walk reads folders only.
        let direct = dir.join(id);
        let found = if is_bundle(&direct) {
            Some(direct)
        } else {
            walkdir::WalkDir::new(&dir)
                .min_depth(2)
                .max_depth(8)
                .into_iter()
                .filter_entry(|e| {
                    e.file_type().is_dir()
                        && !e.file_name().to_string_lossy().starts_with(['.', '_'])
                })
                .flatten()
                .find(|e| e.file_name() == id && is_bundle(e.path()))
                .map(walkdir::DirEntry::into_path)
        };
        found.is_some_and(|d| {
            crate::load::bundle_files(self.project, &d).iter().any(|(name, _)| name == rest)
        })
    }
}

/// `countries/` and what is below it: `countries/fra/` and its pages
/// when `fra` is a country (whether a record names it is not known yet).
fn countries(rest: &[&str], lang: &str) -> Verdict {
    let Some((code, tail)) = rest.split_first() else { return Verdict::Fine };
    let upper = code.to_ascii_uppercase();
    if !crate::core::countries::is_alpha3(&upper) {
        return Verdict::Missing(
            format!("names no country: `{code}` is no ISO 3166 alpha-3 code"),
            format!(
                "a country's page is named by its alpha-3 code in lower case, e.g. \
                 /{lang}countries/fra/ for France; every country is listed at /{lang}countries/"
            ),
        );
    }
    let lower = code.to_ascii_lowercase();
    if *code != lower {
        return Verdict::Missing(
            format!("names `{code}`, which the site writes in lower case"),
            format!(
                "did you mean /{lang}countries/{lower}/? (hosts that tell case apart serve no `{code}`)"
            ),
        );
    }
    match tail {
        [] | ["page", _] => Verdict::Fine,
        _ => missing_below(&format!("/{lang}countries/{lower}/")),
    }
}

/// A page below one of the site's own that holds no pages of its own.
fn missing_below(page: &str) -> Verdict {
    Verdict::Missing(
        format!("names no page of the site: the build writes nothing below {page} but its pages"),
        format!("link {page}, or a record with @/COLLECTION/ID"),
    )
}

/// A folder `first` written in other letters than the site's `right`,
/// under the language folder `lang`, with the path `rest` after it.
fn wrong_case(first: &str, right: &str, lang: &str, rest: &[&str]) -> Verdict {
    let mut fixed = format!("/{lang}{right}/");
    for part in rest {
        fixed.push_str(part);
        if !part.ends_with(".html") {
            fixed.push('/');
        }
    }
    Verdict::Missing(
        format!("names `{first}/`, which the site writes `{right}/`"),
        format!(
            "did you mean {fixed}? (hosts that tell case apart, as most do, serve nothing at \
             `{first}/`)"
        ),
    )
}
