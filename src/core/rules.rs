//! The rules a field's value must follow beyond its type, in one place for
//! both readers: `check` (validate.rs) tests values with them, and the JSON
//! Schema that editors and CI validators use (json.rs) states them.
//!
//! Patterns are written in the subset that ECMA-262 (JSON Schema's regular
//! expressions, as ajv and yaml-language-server run them) and the regex
//! crate read alike: anchors, ASCII classes and explicit code points, never
//! `\d`, `\s` or `\w`, whose meaning differs between the two. `check` runs
//! the same patterns through the regex crate, so the text here is the rule.

use std::sync::LazyLock;

use regex::Regex;

use super::diag::{Diagnostic, Pos};

/// The id rule.
pub const ID_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// A BCP 47 tag checked by shape (`en`, `fr-CA`, `zh-Hant-TW`, `es-419`): a
/// 2-3 or 5-8 letter language, then 1-8 character alphanumeric subtags.
pub const LANGUAGE_TAG_PATTERN: &str = "^([A-Za-z]{2,3}|[A-Za-z]{5,8})(-[A-Za-z0-9]{1,8})*$";

/// A date's shape; JSON Schema's `format: date` adds the calendar.
pub const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// The longest summary, in characters (code points, as JSON Schema counts).
pub const MAX_SUMMARY_CHARS: usize = 400;

/// The longest title, in characters: a heading, a tab's name and a
/// citation's title, not a paragraph (the shipped titles are under 150).
pub const MAX_TITLE_CHARS: usize = 300;

/// The largest whole number search can filter and sort on exactly, either
/// way from zero (2^50 − 1, about 1.1 × 10^15: trade values in US dollars
/// fit). Search packs a field's number beside each value in one 64-bit
/// column, and the browser reads values as JavaScript numbers (exact to
/// 2^53). A value beyond it is searched as this, and `check` says so.
pub const SEARCH_INT_LIMIT: i64 = (1 << 50) - 1;

/// The longest description in a schema file or `book.toml`, in
/// characters. Their titles and labels take [`MAX_TITLE_CHARS`]: each shows
/// on many pages (a collection's title in every page's navigation), so one
/// long text from a pull request multiplied the site (a 960 kB collection
/// title made a 48 MB site 4.4 GB).
pub const MAX_DESCRIPTION_CHARS: usize = 2000;

/// The longest text key `key` of a schema file or `book.toml` may hold:
/// [`MAX_DESCRIPTION_CHARS`] for a `description`, else [`MAX_TITLE_CHARS`].
pub fn text_limit(key: &str) -> usize {
    if key == "description" { MAX_DESCRIPTION_CHARS } else { MAX_TITLE_CHARS }
}

/// Every character Rust's `char::is_whitespace` accepts (Unicode's
/// White_Space), as a class body. Blank values and URLs are judged by it.
const SPACE: &str =
    "\\t\\n\\x0B\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";

/// Characters that do not show, or turn the text around them (bidi
/// controls, zero-width spaces and joiners, the BOM): in an address they
/// make the link shown differ from the link followed (`…/\u{202E}fdp.exe`).
const INVISIBLE: &str =
    "\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF";

/// Only white space (or nothing): a blank value, which means "left out".
pub static BLANK_PATTERN: LazyLock<String> = LazyLock::new(|| format!("^[{SPACE}]*$"));

/// At least one character that is not white space.
pub static NOT_BLANK_PATTERN: LazyLock<String> = LazyLock::new(|| format!("[^{SPACE}]"));

/// No line break before the trailing white space (a `string` field).
pub static ONE_LINE_PATTERN: LazyLock<String> = LazyLock::new(|| format!("^[^\\n]*[{SPACE}]*$"));

/// An absolute `http(s)://` URL with a host name (one with a dot, or
/// `localhost`), or `mailto:`; no white space anywhere.
pub static URL_PATTERN: LazyLock<String> = LazyLock::new(|| {
    let host = format!("[^/?#{SPACE}{INVISIBLE}]*");
    format!(
        "^([Hh][Tt][Tt][Pp][Ss]?://(localhost{host}|{host}\\.{host})([/?#][^{SPACE}{INVISIBLE}]*)?|[Mm][Aa][Ii][Ll][Tt][Oo]:[^{SPACE}{INVISIBLE}]+)$"
    )
});

/// A record id of `collection`, or its key `collection/ID`.
pub fn ref_pattern(collection: &str) -> String {
    format!("^({}/)?{}", escape(collection), &ID_PATTERN[1..])
}

/// A key `COLLECTION/ID` naming one of `collections`.
pub fn key_pattern<'a>(collections: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<String> = collections.map(escape).collect();
    format!("^({})/{}", names.join("|"), &ID_PATTERN[1..])
}

/// Escapes ECMA-262's syntax characters only: under the `u` flag (ajv's
/// default) escaping anything else, such as `-`, is itself an error.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "^$\\.*+?()[]{}|/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Limits on one field's value, or on each item of a list field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bounds {
    /// Smallest whole number allowed.
    pub minimum: Option<i64>,
    /// Largest whole number allowed.
    pub maximum: Option<i64>,
    /// Longest text, in characters.
    pub max_chars: Option<usize>,
    /// A pattern the text must match.
    pub pattern: Option<&'static str>,
}

/// The limits of the common fields that have them.
pub fn bounds(field: &str) -> Bounds {
    match field {
        "summary" => Bounds { max_chars: Some(MAX_SUMMARY_CHARS), ..Bounds::default() },
        "title" => Bounds { max_chars: Some(MAX_TITLE_CHARS), ..Bounds::default() },
        "sdgs" => Bounds { minimum: Some(1), maximum: Some(17), ..Bounds::default() },
        "year" => Bounds { minimum: Some(1000), maximum: Some(9999), ..Bounds::default() },
        "language" => Bounds { pattern: Some(LANGUAGE_TAG_PATTERN), ..Bounds::default() },
        _ => Bounds::default(),
    }
}

// The patterns are this file's constants and the unit tests compile each,
// so `None` (which matches nothing) cannot happen.
type Compiled = LazyLock<Option<Regex>>;

static ID: Compiled = LazyLock::new(|| Regex::new(ID_PATTERN).ok());
static LANGUAGE_TAG: Compiled = LazyLock::new(|| Regex::new(LANGUAGE_TAG_PATTERN).ok());
static DATE: Compiled = LazyLock::new(|| Regex::new(DATE_PATTERN).ok());
static URL: Compiled = LazyLock::new(|| Regex::new(&URL_PATTERN).ok());

fn hit(re: &Compiled, s: &str) -> bool {
    re.as_ref().is_some_and(|re| re.is_match(s))
}

/// Longest id, in bytes: an id is a folder's name in the site, and file
/// systems refuse names over 255 bytes (with room left for what a build
/// or an editor adds to one).
pub const MAX_ID_BYTES: usize = 200;

/// Whether `s` is a valid record id.
pub fn is_id(s: &str) -> bool {
    s.len() <= MAX_ID_BYTES && is_id_shaped(s)
}

/// Whether `s` has an id's characters, whatever its length.
pub fn is_id_shaped(s: &str) -> bool {
    hit(&ID, s)
}

/// Whether `s` is a well-formed BCP 47 tag (by shape).
pub fn is_language_tag(s: &str) -> bool {
    hit(&LANGUAGE_TAG, s)
}

/// Whether `s` has a date's shape (YYYY-MM-DD, ASCII digits).
pub fn is_date_shaped(s: &str) -> bool {
    hit(&DATE, s)
}

/// Whether `s` is blank: empty or white space only.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// Whether `s` has no line break before its trailing white space.
pub fn is_one_line(s: &str) -> bool {
    !s.trim_end().contains('\n')
}

/// Why `s` is not an allowed URL, or `Ok`.
pub fn check_url(s: &str) -> Result<(), &'static str> {
    if hit(&URL, s) {
        return Ok(());
    }
    // The pattern decides; the rest only explains.
    if s.chars().any(char::is_whitespace) {
        return Err("it contains spaces");
    }
    if s.chars().any(|c| {
        matches!(c, '\u{61C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    }) {
        return Err(
            "it contains an invisible or direction-changing character, which can make the \
             address shown differ from the one followed",
        );
    }
    let Some((scheme, rest)) = s.split_once(':') else {
        return Err("it has no scheme (https://…)");
    };
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" if !rest.starts_with("//") => Err("http(s) URLs start with //"),
        "http" | "https" => Err("its host name has no dot (only `localhost` may have none)"),
        "mailto" => Err("the address is empty"),
        _ => Err("only http, https and mailto links are allowed"),
    }
}

/// The first control character of a contributor's text (C0 but tab and
/// line breaks, DEL, C1): pages show none, and an escape sequence rewrites
/// the terminal that prints it (`search`, `cite`, a CI log).
pub fn control_char(s: &str) -> Option<char> {
    s.chars().find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// `s` without control characters (a tab becomes a space) and without
/// the bidirectional embeddings, overrides and isolates: for text the
/// project shows but no contributor can be told to fix, such as a git
/// commit's subject (an override there turned `e070ecb` into `bce070e`
/// on the page).
pub fn shown_inert(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// The first direction override (Trojan Source): text after it shows in
/// another order than it is written.
pub fn direction_override(s: &str) -> Option<char> {
    s.chars().find(|c| matches!(c, '\u{202D}' | '\u{202E}'))
}

/// What records get for such characters in a field, for `what` (e.g.
/// "`title`") written elsewhere (schema files, book.toml): an error for a
/// control character, a warning for a direction override.
///
/// And an error for a text over `max` characters (see [`text_limit`]).
pub fn text_diagnostic(
    path: &str,
    pos: Pos,
    what: &str,
    s: &str,
    max: usize,
) -> Option<Diagnostic> {
    // Bytes bound characters from above: most texts need no count.
    if s.len() > max && s.chars().count() > max {
        return Some(
            Diagnostic::error(
                path,
                pos,
                format!("{what} is {} characters long, over the limit of {max}", s.chars().count()),
            )
            .with_help(
                "shorten it: the site's titles, labels and descriptions show on many pages each",
            ),
        );
    }
    if let Some(c) = control_char(s) {
        return Some(
            Diagnostic::error(
                path,
                pos,
                format!("{what} holds U+{:04X}, a control character", c as u32),
            )
            .with_help(
                "remove it: control characters show as nothing on pages, and an escape \
                     sequence rewrites the terminal that prints the text",
            ),
        );
    }
    let c = direction_override(s)?;
    Some(
        Diagnostic::warning(
            path,
            pos,
            format!(
                "{what} holds U+{:04X}, a direction override: pages show the text after it in \
                 another order than it is written",
                c as u32
            ),
        )
        .with_help("remove it: pages set each text's direction from its language"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_text_loses_what_would_turn_it_around() {
        assert_eq!(
            shown_inert("a\u{1b}]0;x\u{7}\tb\u{202e}c\u{2067}d\u{85} عربي"),
            "a]0;x bcd عربي"
        );
    }

    fn compiled(p: &str) -> Regex {
        Regex::new(p).unwrap()
    }

    #[test]
    fn every_pattern_compiles_in_the_regex_crate() {
        for p in [
            ID_PATTERN,
            LANGUAGE_TAG_PATTERN,
            DATE_PATTERN,
            &BLANK_PATTERN,
            &NOT_BLANK_PATTERN,
            &ONE_LINE_PATTERN,
            &URL_PATTERN,
            &ref_pattern("best-practices"),
            &key_pattern(["a", "b-c"].into_iter()),
        ] {
            assert!(Regex::new(p).is_ok(), "{p}");
        }
    }

    #[test]
    fn the_white_space_class_is_rusts() {
        let blank = compiled(&BLANK_PATTERN);
        let not_blank = compiled(&NOT_BLANK_PATTERN);
        for c in (0..=0x3100u32).chain([0xFEFF, 0x10FFFF]).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(blank.is_match(&s), is_blank(&s), "U+{:04X}", c as u32);
            assert_eq!(not_blank.is_match(&s), !is_blank(&s), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn one_line_pattern_agrees_with_trim_end() {
        let re = compiled(&ONE_LINE_PATTERN);
        for s in ["", "a", "a\n", "a \n \u{3000}", "a\nb", "\nb", " \n ", "a\rb", "a\u{2028}b"] {
            assert_eq!(re.is_match(s), is_one_line(s), "{s:?}");
        }
    }

    #[test]
    fn urls() {
        for ok in [
            "https://example.org",
            "HTTP://example.org/a?b#c",
            "http://localhost:8080/x",
            "mailto:a@b.org",
            "https://a.b/|<>",
        ] {
            assert_eq!(check_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "example.org",
            "ftp://example.org",
            "https://example",
            "https:/example.org",
            "https://exa mple.org",
            "https://example.org/\u{a0}",
            "mailto:",
            "https://",
            "https:///a.b",
            "https://a.example/\u{202e}fdp.exe",
            "https://exa\u{200b}mple.org",
            "mailto:a@b.org\u{2066}",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
        assert!(check_url("https://a.example/\u{202e}x").unwrap_err().contains("invisible"));
        assert!(check_url("https://example").unwrap_err().contains("no dot"));
    }

    #[test]
    fn ids_and_tags() {
        for ok in ["a", "a-1", "2030-agenda"] {
            assert!(is_id(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "é"] {
            assert!(!is_id(bad), "{bad}");
        }
        for ok in ["en", "fr-CA", "zh-Hant-TW", "es-419", "ast"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "e", "englishlanguage-x", "en-toolongsubtag", "en-", "en_US", "abcd"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
        assert!(compiled(&ref_pattern("best-practices")).is_match("best-practices/x-1"));
        assert!(compiled(&ref_pattern("best-practices")).is_match("x-1"));
        assert!(!compiled(&ref_pattern("best-practices")).is_match("regulations/x"));
        assert!(compiled(&key_pattern(["a", "b-c"].into_iter())).is_match("b-c/x"));
        assert!(!compiled(&key_pattern(["a", "b-c"].into_iter())).is_match("x"));
    }
}
