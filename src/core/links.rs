//! Where a link or image in a record's body points, so that one address
//! works on the record's page in every language, under any base path and
//! opened from disk.
//!
//! A body is written once and shown on pages at different depths (a
//! record's page, its copies in `fr/`, `ar/`, …). So the addresses in it are
//! read as the record's page in the site's default language
//! (`COLLECTION/ID/index.html`) would read them, and each page gets them
//! back relative to itself:
//!
//! - `@/COLLECTION/ID` (Zola's form; `.md` or `.yaml` may follow) names a
//!   record: its page in the page's language, checked by `check`;
//! - `/PATH` is a path from the site's root (the base URL's own path, such
//!   as `/kb/`, may lead it);
//! - `../other-id/`, `../../assets/map.png`: relative, as from the record's
//!   page in the default language.
//!
//! A path to a page (a folder, or no file extension, or `.html`) goes to
//! that page in the page's language, with `index.html` named, as pages
//! opened from disk need; a path to a file (`.png`, `.pdf`) goes to its one
//! copy at the root. Anything else (a scheme, `#anchor`, `//host`, a
//! relative path that climbs above the root) is left as written.

/// What a body's address points at, as a path from the site's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A record, named by `@/` or by a path to its page: `(collection,
    /// id, "#anchor" or "?query" as written, or "")`. `explicit` is true
    /// for `@/`, which must name a record.
    Record { collection: String, id: String, suffix: String, explicit: bool },
    /// `@/COLLECTION`: a collection's listing, which `check` requires to
    /// exist, then the suffix.
    Listing { collection: String, suffix: String },
    /// A page of the site, without its language folder (`measures/`,
    /// `countries/ken/index.html`), then the suffix.
    Page { path: String, suffix: String },
    /// A file or a page named with its language folder: the same on every
    /// page (`assets/map.png`, `fr/index.html`), then the suffix.
    Shared { path: String, suffix: String },
    /// A path that climbs above the site's root (`../../../../etc/passwd`,
    /// `/../x`): nothing the site publishes is there. Left as written on
    /// pages; `check` says so.
    Outside,
    /// Left as written.
    Unchanged,
}

/// The folder of a record's file `path` from the content folder, ending in
/// `/`: `best-practices/a/` for `content/best-practices/a/x.md`, where
/// mdBook-style links (`../b.md`) are read from. The collection's folder
/// when `path` holds no folder of that name.
pub fn record_folder(path: &str, collection: &str) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    let folder = segments.split_last().map_or(&[][..], |(_, f)| f);
    match folder.iter().position(|s| *s == collection) {
        Some(i) => format!("{}/", folder[i..].join("/")),
        None => format!("{collection}/"),
    }
}

/// Where `dest` points, written in the body of record `collection/id`,
/// whose file is in `folder` ([`record_folder`]).
/// `base_path` is the base URL's path (`/kb/`; `/` without one);
/// `languages` the site's language folders; `is_collection` says whether a
/// first path segment is a collection's folder.
pub fn target(
    dest: &str,
    (collection, id): (&str, &str),
    folder: &str,
    base_path: &str,
    languages: &[&str],
    is_collection: &dyn Fn(&str) -> bool,
) -> Target {
    let dest = dest.trim();
    if let Some(rest) = dest.strip_prefix("@/") {
        let (path, suffix) = split_suffix(rest);
        // Zola's home page (`@/`, `@/_index.md`): the home of each page's
        // language, as `/` is.
        if matches!(path.trim_matches('/'), "" | "_index.md" | "index.md" | "_index" | "index") {
            let home = format!("/{suffix}");
            return target(&home, (collection, id), folder, base_path, languages, is_collection);
        }
        let mut parts = path.trim_end_matches('/').splitn(2, '/');
        let (Some(c), Some(i)) = (parts.next(), parts.next()) else {
            return match path.trim_end_matches('/') {
                "" => Target::Unchanged,
                c => Target::Listing { collection: c.to_owned(), suffix: suffix.to_owned() },
            };
        };
        // Zola's section file names the listing (`@/practices/_index.md`).
        if record_stem(i) == Some("_index") {
            return Target::Listing { collection: c.to_owned(), suffix: suffix.to_owned() };
        }
        let file = record_stem(i).unwrap_or(i);
        return Target::Record {
            collection: c.to_owned(),
            id: file_id(file).to_owned(),
            suffix: suffix.to_owned(),
            explicit: true,
        };
    }
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
        return Target::Unchanged;
    }
    let (path, suffix) = split_suffix(dest);
    // A record's file, as mdBook links chapters: from the record's file
    // (`content/COLLECTION/ID.md`, or in a folder of the collection),
    // `../agreements/wto-tfa.md`.
    if let Some(stem) = record_stem(path)
        && !path.starts_with('/')
    {
        let Some(file) = resolve(folder, stem) else { return Target::Outside };
        // A file beside the collections (`content/x.md`) is no record:
        // no collection, which `check` says.
        let (c, i) = match file.split_once('/') {
            Some((c, rest)) => (c, file_id(rest)),
            None => ("", file.as_str()),
        };
        return Target::Record {
            collection: c.to_owned(),
            id: i.to_owned(),
            suffix: suffix.to_owned(),
            explicit: true,
        };
    }
    let from_root = match path.strip_prefix('/') {
        Some(abs) => {
            // The base URL's path is the root too: `/kb/assets/x.png`.
            let base = base_path.trim_matches('/');
            let abs = match abs.strip_prefix(base).filter(|_| !base.is_empty()) {
                Some(r) if r.is_empty() || r.starts_with('/') => r.trim_start_matches('/'),
                _ => abs,
            };
            // `.` and `..` settled here too: `/../x` is no page of the site.
            match resolve("", abs) {
                Some(p) => p,
                None => return Target::Outside,
            }
        }
        None => match resolve(&format!("{collection}/{id}/"), path) {
            Some(p) => p,
            None => return Target::Outside,
        },
    };
    classify(&from_root, suffix, languages, is_collection)
}

fn classify(
    path: &str,
    suffix: &str,
    languages: &[&str],
    is_collection: &dyn Fn(&str) -> bool,
) -> Target {
    let suffix = suffix.to_owned();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let last = segments.last().copied().unwrap_or("");
    let folder = path.is_empty() || path.ends_with('/');
    if !folder && last.contains('.') && !last.ends_with(".html") {
        return Target::Shared { path: path.to_owned(), suffix };
    }
    // A page: a folder (`COLLECTION/ID/`, `…/index.html`, or no extension,
    // whose `index.html` is named), or an `.html` file as written.
    let named = last.ends_with(".html") && last != "index.html";
    let folder_segments = match segments.as_slice() {
        [rest @ .., "index.html"] => rest,
        all => all,
    };
    if !named
        && let [c, i] = folder_segments
        && is_collection(c)
    {
        let (collection, id) = ((*c).to_owned(), (*i).to_owned());
        return Target::Record { collection, id, suffix, explicit: false };
    }
    let page = match (named, folder_segments.is_empty()) {
        (true, _) => segments.join("/"),
        (false, true) => "index.html".to_owned(),
        (false, false) => format!("{}/index.html", folder_segments.join("/")),
    };
    match segments.first() {
        Some(first) if languages.iter().any(|l| l.eq_ignore_ascii_case(first)) => {
            Target::Shared { path: page, suffix }
        }
        _ => Target::Page { path: page, suffix },
    }
}

/// The id of the record whose file is `file` (from its collection's
/// folder, without the extension), as `load` names it: the file's name
/// (`2024/dates1` is `dates1`), a page bundle's folder for its `index`
/// file (`kesws/index` is `kesws`), a translation's record for its file
/// (`x.fr` is `x`).
fn file_id(file: &str) -> &str {
    let mut segments = file.rsplit('/');
    let last = segments.next().unwrap_or(file);
    let stem = last.split('.').next().unwrap_or(last);
    match segments.next() {
        Some(folder) if stem == "index" && !folder.is_empty() => folder,
        _ => stem,
    }
}

/// `x` of a record's file name `x.md`, `x.yaml` or `x.yml`.
fn record_stem(name: &str) -> Option<&str> {
    [".md", ".yaml", ".yml"].iter().find_map(|x| name.strip_suffix(x))
}

/// `path` read from the folder `dir` (both from the root, `dir` ending in
/// `/`), with `.` and `..` settled; `None` when it climbs above the root.
fn resolve(dir: &str, path: &str) -> Option<String> {
    let mut out: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let folder = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    let mut joined = out.join("/");
    if folder && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// The path of an absolute URL, from its first `/` after the host, without
/// query or fragment: `/kb/` for `https://example.org/kb/`, `/` for a bare
/// host.
pub fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let before_query = after_scheme.split(['?', '#']).next().unwrap_or("");
    let path = before_query.find('/').map_or("/", |i| &before_query[i..]);
    if path.ends_with('/') { path.to_owned() } else { format!("{path}/") }
}

// `path#frag` or `path?query`: the path, and the rest as written.
fn split_suffix(dest: &str) -> (&str, &str) {
    match dest.find(['#', '?']) {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    }
}

fn has_scheme(dest: &str) -> bool {
    let Some(colon) = dest.find(':') else { return false };
    let scheme = &dest[..colon];
    !scheme.is_empty()
        && !scheme.contains(['/', '?', '#'])
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(dest: &str) -> Target {
        let colls = |c: &str| c == "measures" || c == "agreements";
        target(dest, ("measures", "kenya"), "measures/", "/kb/", &["en", "ar"], &colls)
    }

    fn record(c: &str, i: &str, suffix: &str, explicit: bool) -> Target {
        Target::Record { collection: c.into(), id: i.into(), suffix: suffix.into(), explicit }
    }

    fn page(p: &str, s: &str) -> Target {
        Target::Page { path: p.into(), suffix: s.into() }
    }

    fn shared(p: &str, s: &str) -> Target {
        Target::Shared { path: p.into(), suffix: s.into() }
    }

    #[test]
    fn records_by_at_slash_or_by_their_page() {
        assert_eq!(t("@/agreements/wto-tfa"), record("agreements", "wto-tfa", "", true));
        assert_eq!(
            t("@/agreements/wto-tfa.md#art-10"),
            record("agreements", "wto-tfa", "#art-10", true)
        );
        assert_eq!(t("@/agreements/rkc.yaml"), record("agreements", "rkc", "", true));
        assert_eq!(t("../rwanda/"), record("measures", "rwanda", "", false));
        assert_eq!(t("../rwanda"), record("measures", "rwanda", "", false));
        assert_eq!(t("../../agreements/rkc/index.html"), record("agreements", "rkc", "", false));
        assert_eq!(t("/agreements/rkc/"), record("agreements", "rkc", "", false));
        assert_eq!(t("/kb/agreements/rkc/?x=1"), record("agreements", "rkc", "?x=1", false));
        // Files, from the record's file: a wrong folder keeps the id, so
        // that `check` can say which record was meant.
        assert_eq!(t("../agreements/rkc.md"), record("agreements", "rkc", "", true));
        assert_eq!(t("rwanda.md#x"), record("measures", "rwanda", "#x", true));
        assert_eq!(t("agreements/rkc.md"), record("measures", "rkc", "", true));
        assert_eq!(t("../x.md"), record("", "x", "", true));
        // A bundle's `index` file is its folder's record; a record in a
        // folder of its collection is named by its file; a translation's
        // file by its record; Zola's section file is the listing.
        assert_eq!(t("kesws/index.md"), record("measures", "kesws", "", true));
        assert_eq!(t("@/measures/kesws/index.md#a"), record("measures", "kesws", "#a", true));
        assert_eq!(t("@/measures/2024/dates1.md"), record("measures", "dates1", "", true));
        assert_eq!(t("../measures/rwanda.fr.md"), record("measures", "rwanda", "", true));
        assert_eq!(
            t("@/measures/_index.md"),
            Target::Listing { collection: "measures".into(), suffix: String::new() }
        );
    }

    #[test]
    fn pages_files_and_what_is_left_alone() {
        let listing = Target::Listing { collection: "measures".into(), suffix: "#x".into() };
        assert_eq!(t("@/measures/#x"), listing);
        assert_eq!(t("../"), page("measures/index.html", ""));
        assert_eq!(t("../../countries/ken/"), page("countries/ken/index.html", ""));
        assert_eq!(t("/"), page("index.html", ""));
        assert_eq!(t("../../assets/img/map.png"), shared("assets/img/map.png", ""));
        assert_eq!(t("/kb/assets/a.svg"), shared("assets/a.svg", ""));
        assert_eq!(t("/kbx/a.svg"), shared("kbx/a.svg", ""));
        assert_eq!(t("/ar/"), shared("ar/index.html", ""));
        assert_eq!(t("../../search/index.html?q=x"), page("search/index.html", "?q=x"));
        for home in ["@/", "@/_index.md", "@/index.md#top"] {
            let root = if home.ends_with("#top") { "/#top" } else { "/" };
            assert_eq!(t(home), t(root), "{home}");
        }
        for kept in ["https://e.org/x", "mailto:a@b.org", "#top", "//cdn.org/x.js", ""] {
            assert_eq!(t(kept), Target::Unchanged, "{kept}");
        }
        // Above the site's root, however written.
        for out in ["../../../up.png", "/../../etc/passwd", "/kb/../../x/", "../../../../a.md"] {
            assert_eq!(t(out), Target::Outside, "{out}");
        }
        assert_eq!(t("/a/../assets/x.png"), shared("assets/x.png", ""));
    }

    #[test]
    fn url_paths() {
        assert_eq!(url_path("https://example.org/kb/"), "/kb/");
        assert_eq!(url_path("https://example.org/kb"), "/kb/");
        assert_eq!(url_path("https://example.org"), "/");
        assert_eq!(url_path("http://example.org:8080/a/b/?x=1#y"), "/a/b/");
        assert_eq!(url_path("https://example.org?x=/y"), "/");
    }
}
