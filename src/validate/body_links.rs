//! Links in a record's body: to records (`@/COLLECTION/ID`, mdBook's
//! `../x.md`, a path to a record's page), listings and files, each checked
//! where it is written.

use super::Ctx;
use super::references::Pending;
use crate::core::diag::{Diagnostic, Diagnostics, Pos, did_you_mean};
use crate::core::rules::is_id;
use crate::load::RawRecord;
use crate::model::Key;

mod at_links;
mod published;

impl Ctx<'_> {
    /// The records the body links to, each once, but `own`: sorted (a
    /// body of 25,000 links deduplicated by search was quadratic).
    pub(super) fn take_body_links(&self, own: &Key) -> Vec<Key> {
        let mut links = self.body_links.take();
        links.retain(|k| k != own);
        links.sort();
        links.dedup();
        links
    }

    /// Links to records in a body (`@/COLLECTION/ID`, or a path to a
    /// record's page) must name a record, as a reference field's value
    /// must; `@/` to anything else is an error at once.
    pub(super) fn check_body_links(
        &self,
        raw: &RawRecord,
        links: &[(String, usize)],
        pos: &dyn Fn(usize) -> Pos,
        diags: &mut Diagnostics,
    ) {
        use crate::core::links::{Target, target};
        // A translation's file is `ID.LANG.md`; ids hold no `.`.
        let id = raw.stem.split('.').next().unwrap_or(&raw.stem);
        // A collection whose `_collection.yaml` is broken still names a
        // folder of records: links into it are not "no file".
        let is_collection = |c: &str| {
            self.schema.collections.contains_key(c)
                || self.schema.collections_unreadable.contains(c)
        };
        let folders: Vec<&str> = self.language_folders.iter().map(String::as_str).collect();
        let folder = crate::core::links::record_folder(&raw.path, &raw.collection);
        // Not a translation (whose aliases are an error of their own).
        if !raw.stem.contains('.') {
            self.check_aliases(raw, diags);
        }
        for (dest, offset) in links {
            // `[text]()`: a link to the page itself, most likely an address
            // left to fill in.
            if dest.trim().is_empty() {
                diags.push(
                    Diagnostic::warning(&raw.path, pos(*offset), "the link has no address: it points at this page")
                        .with_help("write the address between the brackets, e.g. [text](https://example.org/) or [text](@/regulations/ID), or remove the link"),
                );
                continue;
            }
            if self.check_at_link(&raw.path, dest, pos(*offset), diags) {
                continue;
            }
            let at = (raw.collection.as_str(), id);
            let mut found = target(dest, at, &folder, &self.base_path, &folders, &is_collection);
            // `/fr/regulations/x/`: another language's page of a record is
            // checked as the record's (the page exists when the record does),
            // its `#anchor` against that language's version.
            let mut page_lang = None;
            if let Target::Shared { path, suffix } = &found
                && let Some((lang, rest)) = path.split_once('/')
                && folders.iter().any(|f| f.eq_ignore_ascii_case(lang))
                && !rest.is_empty()
            {
                let again =
                    target(&format!("/{rest}{suffix}"), at, &folder, "/", &folders, &is_collection);
                if matches!(again, Target::Record { .. } | Target::Listing { .. }) {
                    page_lang = Some(lang.to_ascii_lowercase());
                    found = again;
                }
            }
            // `#anchor`: of this page, or of a record's (checked once
            // every body's headings are known; not when checking one file).
            let anchor = match &found {
                Target::Record { collection, id, suffix, .. } => {
                    suffix.split_once('#').map(|(_, f)| (Key::new(collection, id), f))
                }
                _ => dest.trim().strip_prefix('#').map(|f| (Key::new(&raw.collection, id), f)),
            };
            if let Some((key, fragment)) = anchor.filter(|(_, f)| !f.is_empty())
                && self.known.is_none()
            {
                self.anchors.borrow_mut().push(super::anchors::Anchor {
                    key,
                    fragment: percent_encoding::percent_decode_str(fragment)
                        .decode_utf8_lossy()
                        .into_owned(),
                    pos: pos(*offset),
                    dest: dest.clone(),
                    lang: page_lang,
                });
            }
            if let Target::Page { path, .. } | Target::Shared { path, .. } = &found
                && self.in_bundle(raw, id, path)
            {
                continue;
            }
            match found {
                Target::Record { collection, id, explicit, .. } => {
                    let key = Key::new(&collection, &id);
                    let valid = !explicit || (is_id(&key.collection) && is_id(&key.id));
                    // `@/regulations/EU-GDPR`: said as a record that does
                    // not exist, with the one its id in lower case names.
                    let case_slip = dest.trim().starts_with("@/")
                        && is_collection(&key.collection)
                        && is_id(&key.id.to_lowercase());
                    if valid || case_slip {
                        if valid {
                            self.body_links.borrow_mut().push(key.clone());
                        }
                        let p = Pending::Exists {
                            key,
                            pos: pos(*offset),
                            suggest: true,
                            field: "body".into(),
                            fixed: false,
                        };
                        self.reference_target(p, &raw.path, diags);
                        continue;
                    }
                    // `Paperless-Trade.md`: a file whose name is no id (its
                    // record's `id:` gives one); links name records by id.
                    let help = if is_collection(&key.collection) {
                        format!(
                            "link the record by its id, e.g. @/{}/{}",
                            key.collection,
                            crate::markdown::id_example(&key.id)
                        )
                    } else {
                        "write @/COLLECTION/ID, e.g. @/regulations/eu-gdpr".to_owned()
                    };
                    diags.push(
                        Diagnostic::error(
                            &raw.path,
                            pos(*offset),
                            format!("`{dest}` in the body is not a link to a record"),
                        )
                        .with_help(help),
                    );
                }
                Target::Listing { collection: c, .. } if !is_collection(&c) => {
                    let names = self.schema.collections.keys().map(String::as_str);
                    let help = match did_you_mean(&c, names) {
                        Some(n) => format!("did you mean `@/{n}`?"),
                        None => "write @/COLLECTION for a listing or @/COLLECTION/ID for a record"
                            .into(),
                    };
                    diags.push(
                        Diagnostic::error(
                            &raw.path,
                            pos(*offset),
                            format!("`{dest}` in the body names no collection"),
                        )
                        .with_help(help),
                    );
                }
                Target::Shared { path, .. } if self.missing_file(&path) => {
                    // A bundle's own files are found beside its record file.
                    let own = format!("{}/{id}/", raw.collection);
                    let bundle = path.strip_prefix(&own).and_then(|rest| {
                        let dir = raw.path.rsplit_once('/')?.0;
                        let on_disk = crate::load::bundle_of(self.project, &raw.collection, &raw.path)?;
                        Some(match same_but_for_form(&on_disk, rest) {
                            Some(named) => differs_help(&named),
                            None => format!("put the file at `{dir}/{rest}`, beside the record"),
                        })
                    });
                    let bundle = bundle.or_else(|| {
                        same_but_for_form(&self.static_dir, &path).map(|named| differs_help(&named))
                    });
                    diags.push(
                        Diagnostic::warning(
                            &raw.path,
                            pos(*offset),
                            format!("`{dest}` in the body names no file the site publishes"),
                        )
                        .with_help(bundle.unwrap_or_else(|| {
                            format!(
                                "put the file at `static/{path}` (published as `/{path}`){}",
                                if path.starts_with("assets/") {
                                    ", or in the site theme's `assets/`"
                                } else {
                                    ""
                                }
                            )
                        })),
                    );
                }
                Target::Page { path, .. } | Target::Shared { path, .. } => {
                    // Nothing is published below a record's own page, so a
                    // link there lost its `../` (`measures/x` for `../../measures/x/`).
                    let own = format!("{}/{id}/", raw.collection);
                    let Some(rest) = path.strip_prefix(&own).filter(|r| *r != "index.html") else {
                        // A page (not a file) elsewhere: does the build
                        // write it?
                        let last = path.rsplit('/').next().unwrap_or(&path);
                        if !last.contains('.') || last.ends_with(".html") {
                            self.check_page_link(&raw.path, (dest, &path), pos(*offset), diags);
                        }
                        continue;
                    };
                    // A file of `static/` published there (what the
                    // missing-file help asks for) is found.
                    let decoded = percent_encoding::percent_decode_str(&path).decode_utf8_lossy();
                    if !decoded.contains("..") && self.static_dir.join(decoded.as_ref()).is_file() {
                        continue;
                    }
                    let rest = rest.trim_end_matches("index.html").trim_end_matches('/');
                    let help = match rest.split_once('/') {
                        Some((c, i)) if is_collection(c) && !i.contains('/') => {
                            // Whether that record exists is not known
                            // yet; `check` says so once the link is @/.
                            format!("to link the record `{c}/{i}`, write @/{c}/{i}")
                        }
                        _ => "addresses in a body are read from the record's page \
                              (COLLECTION/ID/index.html): write @/COLLECTION/ID for a \
                              record, or /PATH from the site's root"
                            .to_owned(),
                    };
                    // Broken on the published page whatever the host
                    // serves beside the site: an error, as a missing record.
                    diags.push(
                        Diagnostic::error(
                            &raw.path,
                            pos(*offset),
                            format!("`{dest}` in the body points below the record's own page, where nothing is published"),
                        )
                        .with_help(help),
                    );
                }
                Target::Outside => diags.push(
                    Diagnostic::warning(
                        &raw.path,
                        pos(*offset),
                        format!("`{dest}` in the body climbs above the site's root, where the site publishes nothing"),
                    )
                    .with_help(
                        "link a record with @/COLLECTION/ID, or a file from the site's root \
                         (/files/report.pdf, with the file in static/)",
                    ),
                ),
                Target::Listing { .. } | Target::Unchanged => {}
            }
        }
    }

    /// Whether `path` (from the site's root) is a file that `raw`'s page
    /// bundle publishes beside its page (`COLLECTION/ID/diagram.png`).
    fn in_bundle(&self, raw: &RawRecord, id: &str, path: &str) -> bool {
        let own = format!("{}/{id}/", raw.collection);
        let Some(rest) = path.strip_prefix(&own) else {
            return false;
        };
        let Some(dir) = crate::load::bundle_of(self.project, &raw.collection, &raw.path) else {
            return false;
        };
        let rest = percent_encoding::percent_decode_str(rest).decode_utf8_lossy();
        crate::load::bundle_files(self.project, &dir).iter().any(|(name, _)| *name == rest)
    }

    /// Whether `path` (from the site's root) is a file, not a page, that
    /// nothing publishes: not in `static/`, the theme's assets or the
    /// built-in ones, and not a file the build writes (feeds, datasets,
    /// the search files, a language's folder).
    fn missing_file(&self, path: &str) -> bool {
        use crate::core::names::{BUILT_IN_ASSETS, GENERATED_FILES, SHARED_FOLDERS};
        // `/my%20files/a.png` names `my files/a.png`, as a browser asks.
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let path = decoded.as_ref();
        let last = path.rsplit('/').next().unwrap_or(path);
        if !last.contains('.') || last.ends_with(".html") || path.contains("..") {
            return false;
        }
        let first = path.split('/').next().unwrap_or(path);
        let generated_folder = first != "assets" && SHARED_FOLDERS.contains(&first);
        let language = self.language_folders.iter().any(|l| l.eq_ignore_ascii_case(first));
        if generated_folder || language || GENERATED_FILES.contains(&path) {
            return false;
        }
        if BUILT_IN_ASSETS.contains(&path) || self.static_dir.join(path).is_file() {
            return false;
        }
        // Another record's page bundle (`/practices/e-payments/flow.svg`).
        if let [c, id, rest] = path.splitn(3, '/').collect::<Vec<_>>().as_slice()
            && self.schema.collections.contains_key(*c)
            && self.bundle_publishes(c, id, rest)
        {
            return false;
        }
        !self.theme_dir.as_ref().is_some_and(|t| t.join(path).is_file())
    }
}

/// The file in `dir` whose path differs from `wanted` (`/`-separated) only
/// in letter case or Unicode form (`Photo.PNG` for `photo.png`, `résumé`
/// written with a combining accent, as macOS names files): published under
/// its own name, which a host on Linux does not match to the link.
fn same_but_for_form(dir: &std::path::Path, wanted: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let key = |s: &str| s.nfc().collect::<String>().to_lowercase();
    let wanted = percent_encoding::percent_decode_str(wanted).decode_utf8_lossy();
    let (parent, name) = wanted.rsplit_once('/').unwrap_or(("", &wanted));
    if parent.split('/').any(|s| s == ".." || s == ".") {
        return None;
    }
    let entries = std::fs::read_dir(dir.join(parent)).ok()?;
    let want = key(name);
    let mut found: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != name && key(n) == want)
        .collect();
    found.sort();
    let first = found.into_iter().next()?;
    Some(if parent.is_empty() { first } else { format!("{parent}/{first}") })
}

fn differs_help(named: &str) -> String {
    format!(
        "a file there differs only in letter case or in how its accents are stored: `{named}`; \
         hosts match names exactly, so write the link as the file is named, or rename the file"
    )
}
