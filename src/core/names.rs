//! File names the output folders reserve, and those no folder's content
//! is ([`is_editor_leftover`]). The folder policy (`config`)
//! must recognise them before any build writes them (`output`, `search`,
//! `fingerprint`), so they live below both.

/// The marker file in every folder a build writes (see `output`).
pub const MARKER: &str = ".compendium";

/// The build manifest in the index folder (see `fingerprint`).
pub const BUILD_MANIFEST: &str = "build-manifest.json";

/// The search catalog in the index folder (see `search::catalog`).
pub const CATALOG: &str = "compendium.json";

/// Folders at the site root that hold no language's pages: shared files
/// and the default language's own sections (`render` writes them). Another
/// language's folder (`fr/`) may not take one of these names.
pub const SHARED_FOLDERS: &[&str] = &["countries", "compare", "search", "assets", "data"];

/// The built-in theme's assets, by path in the site (`render::theme`
/// compiles them in; a test there keeps the two lists the same): a body
/// may link them, and `check` knows they exist.
pub const BUILT_IN_ASSETS: &[&str] = &[
    "assets/style.css",
    "assets/filter.js",
    "assets/compare.js",
    "assets/cite.js",
    "assets/language-switcher.js",
    "assets/has-js.js",
    "assets/favicon.svg",
    "favicon.ico",
];

/// Files the build writes at the site's root or a language's folder,
/// besides pages (`feed.xml`, `fr/feed.xml`).
pub const GENERATED_FILES: &[&str] =
    &["feed.xml", "changes.xml", "sitemap.xml", "robots.txt", "favicon.ico", "404.html", MARKER];

/// Folders at the site's root that the build writes whole (the browser
/// index, the datasets, the compare view's data): no `static/` file may
/// go inside them.
pub const BUILD_OWNED_FOLDERS: &[&str] = &["search", "data", "compare"];

/// Whether a `static/` file at `path` in the site (`/`-separated, from
/// the root) would land where only the build writes, whatever the pages:
/// inside [`BUILD_OWNED_FOLDERS`], a [`GENERATED_FILES`] name at the root,
/// or a sitemap.
pub fn only_the_build_writes(path: &str) -> bool {
    let first = path.split('/').next().unwrap_or(path);
    (path.contains('/') && BUILD_OWNED_FOLDERS.contains(&first))
        || GENERATED_FILES.contains(&path)
        || path.starts_with("sitemap")
}

/// The folder of the "What changed" page, in each language's folder
/// (`render` writes it when the site is in git).
pub const CHANGES: &str = "changes";

/// Every folder the build itself may write at the top of a language's
/// pages: [`SHARED_FOLDERS`] and [`CHANGES`]. A collection, a taxonomy or
/// a language taking one would replace the site's page silently, so all
/// three refuse these names, whether the build writes the folder or not.
pub const RESERVED_FOLDERS: &[&str] =
    &["countries", "compare", "search", "assets", "data", CHANGES];

/// The ids the built-in theme gives a record's page around its body,
/// which a body's `#anchor` may name (`[cite it](#cite-heading)`); one
/// ending in `*` is a prefix (`cite-apa`). A test in `render::theme` keeps
/// the list the same as the templates'.
pub const RECORD_PAGE_IDS: &[&str] = &[
    "backlinks-heading",
    "body-heading",
    "cite-heading",
    "details-heading",
    "footer-browse",
    "history-heading",
    "language-switcher-label",
    "main",
    "related-heading",
    "site-search-q",
    "sources-heading",
    "cite-*",
];

/// The body `compendium new` writes in a record, for the author to replace
/// (`check` warns while it is still there).
pub const NEW_BODY: &str = "Write the body in Markdown here.";

/// The body `compendium new --lang` writes in a translation, likewise.
pub const NEW_TRANSLATION_BODY: &str =
    "Translate the body here, or delete this text to show the original's body.";

/// An editor's or a file manager's leftover, no one's content: vim's
/// `.x.swp` (and `.swx`, `.swo`), `x~` and `4913` probe, emacs' `#x#` and
/// `.#x`, JetBrains' `___jb_tmp___`, `.bak`, `.tmp` (also our own
/// atomic-write temporaries), half-downloaded files, `.DS_Store`,
/// `Thumbs.db` and `desktop.ini`. `check`, `serve` and `static/` pass
/// over them in silence.
pub fn is_editor_leftover(name: &str) -> bool {
    matches!(name, "4913" | ".DS_Store" | "Thumbs.db" | "desktop.ini")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with('~')
        || [".swp", ".swx", ".swo", ".tmp", ".bak", "___jb_tmp___", "___jb_old___", ".crdownload"]
            .iter()
            .any(|e| name.ends_with(e))
}

/// Whether Windows reserves `name` for a device (`con`, `nul`, `aux`,
/// `prn`, `com1`…`com9`, `lpt1`…`lpt9`, in any case and with any
/// extension: `com1.txt`): no file or folder can have it there, so a site
/// with one cannot be checked out or copied onto Windows.
pub fn is_windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default().trim_end().to_ascii_lowercase();
    match stem.as_str() {
        "con" | "prn" | "aux" | "nul" => true,
        _ => ["com", "lpt"]
            .iter()
            .any(|p| stem.strip_prefix(p).is_some_and(|n| matches!(n.as_bytes(), [b'1'..=b'9']))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_device_names_are_known() {
        for name in ["con", "NUL", "aux", "prn", "com1", "LPT9", "com1.txt", "nul.html"] {
            assert!(is_windows_reserved(name), "{name}");
        }
        for name in ["console", "null", "com", "com10", "lpt0", "auxiliary", "a-con", "", "comé"] {
            assert!(!is_windows_reserved(name), "{name}");
        }
    }

    #[test]
    fn reserved_folders_hold_the_shared_ones() {
        for f in SHARED_FOLDERS {
            assert!(RESERVED_FOLDERS.contains(f), "{f}");
        }
    }

    #[test]
    fn editor_leftovers_are_known_and_records_are_not() {
        for name in [".gdpr.md.swp", "gdpr.md~", "#gdpr.md#", ".#gdpr.md", "4913", "a.md.bak"] {
            assert!(is_editor_leftover(name), "{name}");
        }
        for name in ["gdpr.md", "notes.yaml", "#hashtag.md", "CNAME"] {
            assert!(!is_editor_leftover(name), "{name}");
        }
    }
}
