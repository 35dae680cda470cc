//! The browser's scripts, as the theme ships them, minified for the site:
//! `search.js` (what a first visit downloads), and the parts it loads only
//! when needed (the version rules, the filter panel, near spellings).

/// The browser search script, as the theme ships it.
pub const SCRIPT: &str = include_str!("../../../themes/default/assets/search.js");

/// The version rules of a site with several languages, which `search.js`
/// loads from `search/versions.js` only on such a site.
pub const VERSIONS_SCRIPT: &str = include_str!("../../../themes/default/assets/search-versions.js");

/// The filter panel of the search page, which `search.js` loads from
/// `search/facets.js` when the panel is first opened: a first search
/// downloads none of it.
pub const FACETS_SCRIPT: &str = include_str!("../../../themes/default/assets/search-facets.js");

/// The rules a first search seldom needs (near spellings, the words a
/// half-typed word begins, a member's bloc, filters and words written like
/// them), which `search.js` loads from `search/more.js` the first time one
/// is asked for, or first when a query has a colon.
pub const MORE_SCRIPT: &str = include_str!("../../../themes/default/assets/search-more.js");

/// [`SCRIPT`] minified and mangled with oxc: it is part of what a first
/// visit downloads, so every byte counts. Falls back to the source if oxc
/// cannot parse it (a test makes sure it can).
pub fn script() -> String {
    static MINIFIED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MINIFIED.get_or_init(|| minify(SCRIPT)).clone()
}

/// [`VERSIONS_SCRIPT`] minified, likewise.
pub fn versions_script() -> String {
    static MINIFIED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MINIFIED.get_or_init(|| minify(VERSIONS_SCRIPT)).clone()
}

/// [`FACETS_SCRIPT`] minified, likewise.
pub fn facets_script() -> String {
    static MINIFIED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MINIFIED.get_or_init(|| minify(FACETS_SCRIPT)).clone()
}

/// [`MORE_SCRIPT`] minified, likewise.
pub fn more_script() -> String {
    static MINIFIED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MINIFIED.get_or_init(|| minify(MORE_SCRIPT)).clone()
}

/// `source` minified and mangled (itself if oxc cannot parse it).
pub(super) fn minify(source: &str) -> String {
    use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
    let allocator = oxc_allocator::Allocator::default();
    let parsed = oxc_parser::Parser::new(&allocator, source, oxc_span::SourceType::cjs()).parse();
    if !parsed.errors.is_empty() {
        return source.to_owned();
    }
    let mut program = parsed.program;
    let options = MinifierOptions {
        mangle: Some(MangleOptions::default()),
        compress: Some(CompressOptions::safest()),
    };
    let ret = Minifier::new(options).minify(&allocator, &mut program);
    let code = oxc_codegen::Codegen::new()
        .with_options(oxc_codegen::CodegenOptions::minify())
        .with_scoping(ret.scoping)
        .build(&program)
        .code;
    format!("{code}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_scripts_minify() {
        for (source, minified) in [
            (SCRIPT, script()),
            (VERSIONS_SCRIPT, versions_script()),
            (FACETS_SCRIPT, facets_script()),
            (MORE_SCRIPT, more_script()),
        ] {
            assert!(minified.len() < source.len() * 2 / 3, "oxc did not minify a script");
        }
        for v in [versions_script(), facets_script(), more_script()] {
            assert!(v.starts_with("CSI(") && v[4..].starts_with(['"', '\'', '`']), "{v}");
        }
    }
}
