//! Markdown bodies: sanitised HTML for pages, plain text for search.
//!
//! Records come from contributors, so whatever raw HTML they hold goes
//! through ammonia: no `<script>`, event handlers, `javascript:` URLs or
//! frames reach a page, whoever wrote the record.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

mod attributes;
mod directives;
mod footnotes;
mod heading_ids;
mod hebrew;
mod plain;
mod raw_links;
mod sanitize;
pub mod unclosed;

use heading_ids::HeadingIds;
pub use plain::to_text;
pub use sanitize::ThemeIds;
use sanitize::{SANITIZER, sanitizer};

/// The Markdown extensions records may use.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Markdown to HTML for one theme's pages: [`to_html`], with the ids the
/// theme uses kept for it. Make one per theme.
pub struct Renderer {
    sanitizer: ammonia::Builder<'static>,
    /// The ids the sanitiser was made with, for one made per body whose
    /// raw HTML has addresses to rewrite.
    ids: ThemeIds,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer").finish_non_exhaustive()
    }
}

impl Renderer {
    /// A renderer whose bodies leave `ids` to the theme.
    pub fn new(ids: ThemeIds) -> Renderer {
        Renderer { sanitizer: sanitizer(Some(ids.clone()), HashMap::new()), ids }
    }

    /// [`to_html`] for this theme's pages.
    pub fn to_html(&self, md: &str) -> String {
        render(md, &self.sanitizer, Some(&self.ids), &|_| None)
    }

    /// [`Renderer::to_html`], with each link's and image's address given
    /// to `rewrite` first: `Some(new)` replaces it (a body's address made
    /// relative to the page that shows it, `core::links`).
    pub fn to_html_with(&self, md: &str, rewrite: &dyn Fn(&str) -> Option<String>) -> String {
        render(md, &self.sanitizer, Some(&self.ids), rewrite)
    }
}

/// Renders Markdown to sanitised HTML. Headings get ids (from `{#id}` or
/// slugged from their text), and heading levels are shifted down by one so
/// that the record title stays the page's only `<h1>`.
pub fn to_html(md: &str) -> String {
    render(md, &SANITIZER, None, &|_| None)
}

fn render(
    md: &str,
    sanitizer: &ammonia::Builder<'static>,
    ids: Option<&ThemeIds>,
    rewrite: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut headings = HeadingIds::default();
    // Each heading's event, and its `{#id}` and text: ids are given once
    // all are known (`HeadingIds::assign_all`).
    let mut starts: Vec<usize> = Vec::new();
    let mut found: Vec<(Option<String>, String)> = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading: Option<usize> = None;
    for (ev, at) in Parser::new_ext(md, options()).into_offset_iter() {
        match hebrew::marks_kept(md, ev, at) {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                heading = Some(events.len());
                events.push(Event::Start(Tag::Heading {
                    level: demote(level),
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading.take() {
                    let text: String = events[start + 1..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let given = match &events[start] {
                        Event::Start(Tag::Heading { id, .. }) => id.as_deref().map(str::to_owned),
                        _ => None,
                    };
                    starts.push(start);
                    found.push((given, text));
                }
                events.push(Event::End(TagEnd::Heading(demote(level))));
            }
            // An e-mail autolink (`<a@b.org>`) is an address, not a path:
            // the HTML writer adds its `mailto:`.
            Event::Start(Tag::Link { link_type, dest_url, title, id })
                if link_type != LinkType::Email =>
            {
                let dest_url = rewrite(&dest_url).map_or(dest_url, Into::into);
                events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = rewrite(&dest_url).map_or(dest_url, Into::into);
                events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            }
            // Form fields in raw HTML go (`check` says so): a contributor's
            // `<input type=password>` would ask readers for secrets.
            Event::Html(h) if has_input(&h) => events.push(Event::Html(without_inputs(&h).into())),
            Event::InlineHtml(h) if has_input(&h) => {
                events.push(Event::InlineHtml(without_inputs(&h).into()))
            }
            other => events.push(other),
        }
    }
    for (at, given) in starts.into_iter().zip(headings.assign_all(&found)) {
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[at] {
            *id = Some(given.into());
        }
    }
    footnotes::rewrite(&mut events, &mut headings.used);
    let mut html = String::with_capacity(md.len() * 3 / 2);
    let raw = events.iter().filter_map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Some(h.as_ref()),
        _ => None,
    });
    let raw = raw_links::rewritten(raw, rewrite);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if raw.is_empty() {
        return sanitizer.clean(&html).to_string();
    }
    self::sanitizer(ids.cloned(), raw).clean(&html).to_string()
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// The deepest nesting of Markdown blocks and raw HTML elements in `md`,
/// with the byte offset where it first exceeds `limit` (if it does).
/// Parsing is linear; sanitising deeply nested HTML is not, so bodies are
/// checked with this before they are ever rendered.
pub fn nesting_exceeds(md: &str, limit: usize) -> Option<(usize, usize)> {
    scan(md, limit).too_deep
}

/// What [`scan`] finds in a body.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// The depth and byte offset where nesting first exceeds the limit.
    pub too_deep: Option<(usize, usize)>,
    /// What the sanitiser will drop from pages, with byte offsets: raw
    /// elements it does not allow (`<script>`, `<iframe>`) and links or
    /// images whose scheme it refuses (`javascript:`), at most
    /// [`MAX_DROPPED`].
    pub dropped: Vec<(String, usize)>,
    /// How many things the sanitiser drops in all, listed or not.
    pub dropped_total: usize,
    /// Every link's and image's address, with its byte offset.
    pub links: Vec<(String, usize)>,
    /// Images without a text alternative (`![](x.png)`, `<img src=x>`),
    /// by byte offset: a screen reader says nothing or the file's name.
    pub no_alt: Vec<usize>,
    /// Footnote references with no definition (`[^nope]`), which pages
    /// show as written, with byte offsets.
    pub undefined_notes: Vec<(String, usize)>,
    /// Another generator's template directives in text (`{{< figure >}}`,
    /// `{{% notice %}}`, `{% note() %}`, `{{#include x.md}}`), which
    /// pages show as written, with the generator and byte offsets.
    pub directives: Vec<(String, &'static str, usize)>,
    /// Footnote definitions of a label defined before (pages show the
    /// first) and definitions no reference cites, with byte offsets.
    pub duplicate_notes: Vec<(String, usize)>,
    pub uncited_notes: Vec<(String, usize)>,
    /// The ids pages give the body's headings, which a link's `#anchor`
    /// may name.
    pub anchors: Vec<String>,
    /// The ids raw HTML gives its elements (`<span id="annex">`), with byte
    /// offsets: a link's `#anchor` may name them too, and one equal to a
    /// heading's or another element's makes a page's ids clash.
    pub raw_ids: Vec<(String, usize)>,
    /// Raw HTML that hides the rest of the body from pages, with its byte
    /// offset ([`unclosed::first`]).
    pub unclosed: Vec<(String, usize)>,
}

/// The `[^label]` left in `text` (starting at byte `start` of the body):
/// references with no definition, at most [`MAX_DROPPED`].
fn undefined_notes(text: &str, start: usize, out: &mut Vec<(String, usize)>) {
    for (at, _) in text.match_indices("[^") {
        if out.len() >= MAX_DROPPED {
            return;
        }
        let rest = &text[at + 2..];
        let label: String = rest.chars().take_while(|c| *c != ']' && !c.is_whitespace()).collect();
        if !label.is_empty() && rest[label.len()..].starts_with(']') {
            out.push((label, start + at));
        }
    }
}

/// Most dropped things [`scan`] lists of one body.
pub const MAX_DROPPED: usize = 5;

/// The tags the sanitiser keeps.
static KEPT_TAGS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| SANITIZER.clone_tags());

/// One pass over `md` for `check`: how deep it nests (stopping where it
/// exceeds `limit`) and what the sanitiser will drop, so that a
/// contributor's embed or link does not vanish from the page in silence.
pub fn scan(md: &str, limit: usize) -> Scan {
    let mut out = Scan::default();
    let mut depth: usize = 0;
    let mut html_depth: usize = 0;
    let dropped = |what: String, at: usize, out: &mut Scan| {
        out.dropped_total += 1;
        if out.dropped.len() < MAX_DROPPED {
            out.dropped.push((what, at));
        }
    };
    // The image being read: where it starts, and whether text was in it.
    let mut image: Option<(usize, bool)> = None;
    // A run of text events (pulldown-cmark cuts text at `[`), where a
    // footnote reference with no definition is left as written.
    let mut text: Option<(String, usize)> = None;
    let mut headings = HeadingIds::default();
    // Each heading's `{#id}` and text, for ids given once all are known.
    let mut found: Vec<(Option<String>, String)> = Vec::new();
    // The heading being read: its `{#id}` and its text.
    let mut heading: Option<(Option<String>, String)> = None;
    // Footnote labels cited, and each definition's label and offset.
    let mut cited: HashSet<String> = HashSet::new();
    let mut notes: Vec<(String, usize)> = Vec::new();
    // A code block shows a directive as code, as its writer meant.
    let mut in_code_block = false;
    // Styling attributes tried on the sanitiser (`attributes::dropped`).
    let mut trials: usize = 64;
    for (ev, range) in Parser::new_ext(md, options()).into_offset_iter() {
        match &ev {
            Event::FootnoteReference(l) => {
                cited.insert(l.to_string());
            }
            Event::Start(Tag::FootnoteDefinition(l)) => notes.push((l.to_string(), range.start)),
            _ => {}
        }
        match &ev {
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((id.as_deref().map(str::to_owned), String::new()))
            }
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                if let Some((_, text)) = &mut heading {
                    text.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    found.push(h);
                }
            }
            _ => {}
        }
        match &ev {
            Event::Text(t) => {
                text.get_or_insert_with(|| (String::new(), range.start)).0.push_str(t)
            }
            _ => {
                if let Some((t, start)) = text.take() {
                    undefined_notes(&t, start, &mut out.undefined_notes);
                    if !in_code_block {
                        directives::find(&t, md, start, &mut out.directives);
                    }
                }
            }
        }
        match &ev {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            _ => {}
        }
        match &ev {
            Event::Start(Tag::Image { .. }) => image = Some((range.start, false)),
            Event::Text(t) | Event::Code(t) if !t.trim().is_empty() => {
                if let Some((_, has)) = &mut image {
                    *has = true;
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((at, false)) = image.take() {
                    out.no_alt.push(at);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                // Raw HTML's addresses are checked as Markdown links are.
                for (address, i) in raw_links::addresses(h) {
                    if !refused_scheme(&address) {
                        out.links.push((address, range.start + i));
                    }
                }
                let tags = tag_texts(h);
                for (name, i, tag) in &tags {
                    if !KEPT_TAGS.contains(name.as_str()) || name == "input" {
                        dropped(format!("`<{name}>`"), range.start + i, &mut out);
                    }
                    if name == "img" && !tag.to_ascii_lowercase().contains("alt=") {
                        out.no_alt.push(range.start + i);
                    }
                }
                for (id, i) in raw_ids(&tags) {
                    out.raw_ids.push((id, range.start + i));
                }
                // Only the first: the rest of the body is inside it.
                if out.unclosed.is_empty() {
                    let names = tags.iter().map(|(name, i, _)| (name.as_str(), *i));
                    out.unclosed.extend(unclosed::first(md, range.start, h, names));
                }
            }
            _ => {}
        }
        if let Event::Start(Tag::Link { link_type: LinkType::Email, .. }) = &ev {
            // `<a@b.org>`: an e-mail address, which names no page.
        } else if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &ev {
            if refused_scheme(dest_url) {
                dropped(format!("the address `{dest_url}`"), range.start, &mut out);
            } else {
                out.links.push((dest_url.to_string(), range.start));
            }
        }
        match ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(h) | Event::InlineHtml(h) => {
                for (what, i) in attributes::dropped(&h, &mut trials) {
                    dropped(what, range.start + i, &mut out);
                }
                for (i, delta) in html_tag_deltas(&h) {
                    html_depth = html_depth.saturating_add_signed(delta);
                    if depth + html_depth > limit {
                        out.too_deep = Some((depth + html_depth, range.start + i));
                        return out;
                    }
                }
            }
            _ => {}
        }
        if depth + html_depth > limit {
            out.too_deep = Some((depth + html_depth, range.start));
            return out;
        }
    }
    if let Some((t, start)) = text.take() {
        undefined_notes(&t, start, &mut out.undefined_notes);
    }
    out.anchors = headings.assign_all(&found);
    let mut defined: HashSet<&str> = HashSet::new();
    for (label, at) in &notes {
        if !defined.insert(label) {
            out.duplicate_notes.push((label.clone(), *at));
        } else if !cited.contains(label) {
            out.uncited_notes.push((label.clone(), *at));
        }
    }
    out.duplicate_notes.truncate(MAX_DROPPED);
    out.uncited_notes.truncate(MAX_DROPPED);
    out
}

fn has_input(html: &str) -> bool {
    html.len() >= 6 && html.as_bytes().windows(6).any(|w| w.eq_ignore_ascii_case(b"<input"))
}

// `html` without its `<input …>` tags.
fn without_inputs(html: &str) -> String {
    static INPUT: LazyLock<Option<regex::Regex>> =
        LazyLock::new(|| regex::Regex::new(r"(?i)<input\b[^>]*>?").ok());
    match INPUT.as_ref() {
        Some(re) => re.replace_all(html, "").into_owned(),
        None => html.replace('<', "&lt;"),
    }
}

/// Whether `url` names a scheme the sanitiser refuses (`javascript:`,
/// `data:`); relative addresses and `#anchors` name none. Tabs and line
/// breaks are not part of an address (`java\tscript:` is `javascript:`).
fn refused_scheme(url: &str) -> bool {
    let url: String = url.trim().chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let Some((scheme, _)) = url.split_once(':') else { return false };
    let is_scheme = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme && !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https" | "mailto")
}

/// The `id` attributes' values in `tags` ([`tag_texts`]), with the offsets
/// of their values (as the sanitiser keeps them: see `sanitize::sanitizer`).
fn raw_ids(tags: &[(String, usize, &str)]) -> Vec<(String, usize)> {
    static ID: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
        regex::Regex::new(r#"(?i)\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^"'\s>]+))"#).ok()
    });
    let Some(re) = ID.as_ref() else { return Vec::new() };
    tags.iter()
        .filter_map(|(_, at, tag)| {
            let v = re.captures(tag)?;
            let v = v.get(1).or(v.get(2)).or(v.get(3))?;
            let id = v.as_str().trim();
            (!id.is_empty()).then(|| (id.to_owned(), at + v.start()))
        })
        .collect()
}

/// The opening tags of `html`: each one's name (lower case), offset and
/// text up to its `>`. A tag's text runs to the next tag at most: one pass
/// over the HTML, however many tags never close (`<b/<b/…`).
fn tag_texts(html: &str) -> Vec<(String, usize, &str)> {
    let tags = opening_tags(html);
    let ends = tags.iter().skip(1).map(|t| t.1).chain(std::iter::once(html.len()));
    tags.iter()
        .zip(ends)
        .map(|((name, at), next)| {
            let tag = &html[*at..next];
            (name.clone(), *at, &tag[..tag.find('>').unwrap_or(tag.len())])
        })
        .collect()
}

/// The names (lower case) and offsets of the opening tags in `html`.
fn opening_tags(html: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (at, _) in html.match_indices('<') {
        let name: String = html[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            out.push((name, at));
        }
    }
    out
}

// +1 for each opening tag that nests, -1 for each closing tag, with offsets.
// Void elements and those the HTML parser closes implicitly do not nest.
fn html_tag_deltas(html: &str) -> Vec<(usize, isize)> {
    const FLAT: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th", "!--", "!doctype",
    ];
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    // The first `>` at or after the current `<`, found once and reused:
    // searching from every `<` anew was quadratic (`<b/` repeated 300 000
    // times took 20 s to check).
    let mut next_gt: Option<usize> = html.find('>');
    while let Some(off) = html[i..].find('<') {
        let at = i + off;
        let rest = &html[at + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!' || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if next_gt.is_some_and(|e| e < at) {
            next_gt = html[at..].find('>').map(|e| at + e);
        }
        let end = next_gt;
        let self_closing = end.is_some_and(|e| e > 0 && bytes[e - 1] == b'/');
        if !name.is_empty() && !FLAT.contains(&name.as_str()) && !self_closing {
            out.push((at, if closing { -1 } else { 1 }));
        }
        i = at + 1;
    }
    out
}

/// An id like `text` would make, for a hint: its [`slug`], or an example
/// when nothing of it is left (`..`, an empty string, a title in another
/// script).
pub fn id_example(text: &str) -> String {
    let mut s = id_slug(text);
    // No longer than an id may be, cut after a whole word (slugs are ASCII).
    let max = crate::core::rules::MAX_ID_BYTES;
    if s.len() > max {
        let cut = s[..=max].rfind('-').filter(|&i| i > 0).unwrap_or(max);
        s.truncate(cut);
    }
    if s.is_empty() { "record-1".to_owned() } else { s }
}

/// An id made from `text` in any script: transliterated to Latin letters
/// first (`Закон 152-ФЗ` is `zakon-152-fz`, `北京` `bei-jing`), as Zola's
/// and Hugo's slugs are, then [`slug`].
pub fn id_slug(text: &str) -> String {
    let s = slug(text);
    if text.is_ascii() {
        return s;
    }
    // Latin letters with accents fold as slug() folds them; other scripts
    // are spelt in Latin letters.
    let mut spelt = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() || fold_char(c).is_ascii() {
            spelt.push(c);
        } else {
            // Ideographs come with a space after them ("Bei "), letters not.
            spelt.push_str(deunicode::deunicode_char(c).unwrap_or(" "));
        }
    }
    slug(&spelt)
}

/// A URL-safe slug: lower-case ASCII letters and digits joined by `-`.
/// Non-ASCII letters are folded where possible (é → e).
pub fn slug(s: &str) -> String {
    slug_keeping(s, false)
}

/// A heading's id: [`slug`], but letters of other scripts are kept (lower
/// case), as GitHub and mdBook keep them: `## النتائج` is `#النتائج`, not
/// an id every Arabic or Chinese heading shares.
fn heading_slug(s: &str) -> String {
    slug_keeping(s, true)
}

fn slug_keeping(s: &str, other_scripts: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        let folded = fold_char(c);
        for f in folded.chars() {
            let kept = f.is_ascii_alphanumeric()
                || (other_scripts
                    && !f.is_ascii()
                    && (f.is_alphanumeric() || unicode_normalization::char::is_combining_mark(f)));
            if kept {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.extend(f.to_lowercase());
            } else {
                dash = true;
            }
        }
    }
    out
}

// A small Latin folding table for slugs; search has its own full analyser.
fn fold_char(c: char) -> String {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        _ => return c.to_string(),
    };
    s.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_style_or_comment_never_closed_is_found() {
        let open = |md: &str| scan(md, 64).unclosed;
        assert_eq!(
            open("First.\n\nInline <style> left open.\n\n## Next\n\nText."),
            vec![("`<style>`".to_owned(), 15)]
        );
        assert_eq!(
            open("a\n\n<!-- TODO fix this\n\nb"),
            vec![("the comment `<!--`".to_owned(), 3)]
        );
        assert_eq!(open("a <SCRIPT>x()\n\nb"), vec![("`<script>`".to_owned(), 2)]);
        for closed in
            ["<style>p{}</STYLE> b", "<!-- x -->\n\nb", "a <!-- x\n\ny --> b", "`<style>` in code"]
        {
            assert!(open(closed).is_empty(), "{closed}");
        }
    }

    #[test]
    fn other_generators_directives_are_found_in_text_not_in_code() {
        let md = "{{< figure src=\"x.png\" >}}\n\n{{ youtube(id=\"abc\") }} and {{ not a call }}\n\n{% note() %}\nx\n{% end %}\n\n`{{< code >}}`\n\n```\n{{#include x.md}}\n```\n";
        let found: Vec<(String, &str)> =
            scan(md, 100).directives.into_iter().map(|(s, g, _)| (s, g)).collect();
        assert_eq!(
            found,
            [
                ("{{< figure src=\"x.png\" >}}".to_owned(), "Hugo"),
                ("{{ youtube(id=\"abc\") }}".to_owned(), "Zola"),
                ("{% note() %}".to_owned(), "Zola"),
                ("{% end %}".to_owned(), "Zola"),
            ]
        );
        let at: Vec<usize> = scan(md, 100).directives.iter().map(|d| d.2).collect();
        assert_eq!(md[at[1]..].split_once(' ').map(|(w, _)| w), Some("{{"));
        assert!(md[at[2]..].starts_with("{% note"));
    }

    #[test]
    fn styling_attributes_pages_drop_are_found_and_those_they_keep_are_not() {
        let md = "<div class=\"note\" style=\"color:red\" data-x=\"1\">Hi</div>\n\n<table><tr><td style=\"text-align: center\" align=\"left\">x</td></tr></table>\n\n<img src=\"a.png\" alt=\"a\" width=\"20\">\n";
        let what: Vec<String> = scan(md, 64).dropped.into_iter().map(|(w, _)| w).collect();
        assert_eq!(
            what,
            [
                "the `class` attribute of `<div>`",
                "the `style` attribute of `<div>`",
                "the `data-x` attribute of `<div>`",
            ]
        );
    }

    #[test]
    fn a_given_heading_id_is_kept_as_written_when_it_is_a_plain_id() {
        let html = to_html("## One {#Custom_ID}\n\n## Two {#sec-2.1}\n\n## Three {#Ünïcode id}\n");
        assert!(html.contains("id=\"Custom_ID\""), "{html}");
        assert!(html.contains("id=\"sec-2.1\""), "{html}");
        assert!(!html.contains("Ünïcode id\""), "{html}");
    }

    #[test]
    fn hebrew_abbreviation_marks_stay_as_written() {
        let html =
            to_html("החוק (התשמ\"א-1981) חל על צה\"ל. ר' סעיף 2. \"ציטוט\" and \"quoted\" it's.");
        assert!(html.contains("התשמ\"א") || html.contains("התשמ&quot;א"), "{html}");
        assert!(html.contains("צה\"ל") || html.contains("צה&quot;ל"), "{html}");
        assert!(
            html.contains("ר'") || html.contains("ר&#39;") || html.contains("ר&#x27;"),
            "{html}"
        );
        // Quotations around Hebrew words, and English, are still curled.
        assert!(html.contains("“ציטוט”"), "{html}");
        assert!(html.contains("“quoted”") && html.contains("it’s"), "{html}");
    }

    #[test]
    fn hostile_html_is_removed() {
        let md = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n<iframe src=\"https://e.org\"></iframe>\n\n<a href=\"JaVaScRiPt:alert(1)\">y</a>";
        let html = to_html(md).to_lowercase();
        for bad in ["<script", "onerror", "javascript:", "<iframe", "alert(1)</"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }

    #[test]
    fn footnotes_have_their_own_ids_and_a_way_back() {
        // A note labelled as a heading, the theme's `main`, or an id a
        // heading already has, still gets an id of its own.
        let md = "## Main\n\n## VPN\n\n## fn vpn\n\nA[^vpn] b[^main] c[^vpn].\n\n[^vpn]: The VPN note.\n[^main]: The main note.\n\n[^unused]: Never cited.\n";
        let html = Renderer::new(ThemeIds::from_sources(["<main id=\"main\">"])).to_html(md);
        assert!(html.contains(r#"<h3 id="vpn">VPN</h3>"#), "{html}");
        assert!(html.contains(r#"<h3 id="fn-vpn">fn vpn</h3>"#), "{html}");
        let r1 =
            r##"<sup class="footnote-reference" id="fnref-vpn-1"><a href="#fn-vpn-1">1</a></sup>"##;
        let r2 =
            r##"<sup class="footnote-reference" id="fnref-main"><a href="#fn-main">2</a></sup>"##;
        let r3 = r##"<sup class="footnote-reference" id="fnref-vpn-1-1"><a href="#fn-vpn-1">1</a></sup>"##;
        for r in [r1, r2, r3] {
            assert!(html.contains(r), "{r} in {html}");
        }
        let d1 = r##"<div class="footnote-definition" id="fn-vpn-1"><sup class="footnote-definition-label">1</sup>\n<p>The VPN note. <a href="#fnref-vpn-1" class="footnote-backref">↩</a></p>\n</div>"##.replace("\\n", "\n");
        assert!(html.contains(&d1), "{html}");
        let d3 = r##"id="fn-unused"><sup class="footnote-definition-label">3</sup>\n<p>Never cited.</p>\n</div>"##;
        assert!(html.contains(&d3.replace("\\n", "\n")), "{html}");
        // Every id once.
        let ids: Vec<&str> =
            html.split("id=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
        let distinct: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(ids.len(), distinct.len(), "{ids:?}");
    }

    #[test]
    fn footnotes_without_a_definition_are_found() {
        let got = scan("A[^a] b[^nope] c [^x y] d[^a].\n\n[^a]: note\n", 64);
        let labels: Vec<&str> = got.undefined_notes.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["nope"]);
        assert_eq!(got.undefined_notes[0].1, 7);
    }

    #[test]
    fn code_blocks_keep_their_language_and_nothing_else() {
        let html = to_html("```rust\nfn main() {}\n```\n\n```c++\nx\n```\n\n```\nplain\n```\n");
        assert!(html.contains(r#"<pre><code class="language-rust">fn main() {}"#), "{html}");
        assert!(html.contains(r#"<code class="language-c++">"#), "{html}");
        assert!(html.contains("<pre><code>plain"), "{html}");
        let html = to_html("```rust,ignore\nx\n```\n");
        assert!(html.contains(r#"<code class="language-rust">"#), "{html}");
        let html = to_html(
            "<code class=\"evil language-js x\">a</code> <code class=\"language-\">b</code> <span class=\"language-js\">c</span>",
        );
        assert!(html.contains(r#"<code class="language-js">a</code>"#), "{html}");
        assert!(html.contains("<code>b</code>") && html.contains("<span>c</span>"), "{html}");
    }

    #[test]
    fn extensions_and_heading_ids() {
        let md = "# Key points\n\n## Key points\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ text[^1]\n\n- [x] done\n\n[^1]: a note\n";
        let html = to_html(md);
        assert!(html.contains("<h2 id=\"key-points\">"), "{html}");
        assert!(html.contains("<h3 id=\"key-points-1\">"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        // A raw form field goes; one split over lines is a disabled checkbox.
        let html = to_html("<input type=\"password\" value=\"x\"> a <input\ntype=text>\n");
        assert!(!html.contains("password") && !html.contains("type=\"text\""), "{html}");
        let got = scan("a <input type=password> <a href=\"javascript:alert('a')\">x</a>", 64);
        let what: Vec<&str> = got.dropped.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(what, ["`<input>`", "the address `javascript:alert('a')`"]);
        // A responsive image's other sizes are dropped too, and said.
        let got =
            scan("<img src=\"a.png\" srcset=\"a.png 1x, b.png 2x\" sizes=\"50vw\" alt=\"a\">", 64);
        let what: Vec<&str> = got.dropped.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(what, ["the `srcset` attribute of `<img>`", "the `sizes` attribute of `<img>`"]);
    }

    #[test]
    fn an_email_autolink_is_a_mailto_address_not_a_path() {
        let rewrite = |u: &str| Some(format!("../../c/id/{u}"));
        let html = Renderer::new(ThemeIds::default()).to_html_with("Write to <a@b.org>.", &rewrite);
        assert!(html.contains("href=\"mailto:a@b.org\""), "{html}");
        assert!(scan("Write to <a@b.org>.", 64).links.is_empty());
    }

    #[test]
    fn a_footnote_defined_twice_shows_its_first_definition_and_check_says_so() {
        let md = "Claim[^src].\n\n[^src]: First.\n\n[^src]: Second.\n\n[^lone]: Uncited.\n";
        let html = to_html(md);
        assert_eq!(html.matches("id=\"fn-src\"").count(), 1, "{html}");
        assert!(html.contains("First.") && !html.contains("Second."), "{html}");
        // Defined before it is cited: still a way back.
        let first = to_html("[^n]: Note.\n\nClaim[^n].");
        assert!(first.contains("<a href=\"#fnref-n\" class=\"footnote-backref\""), "{first}");
        let got = scan(md, 64);
        assert_eq!(got.duplicate_notes, [("src".to_owned(), md.find("[^src]: Second").unwrap())]);
        assert_eq!(got.uncited_notes, [("lone".to_owned(), md.find("[^lone]").unwrap())]);
    }

    #[test]
    fn what_pages_drop_is_found() {
        let got = scan(
            "Text <b>ok</b> <script>x()</script>\n\n<iframe src=\"https://e.org\"></iframe>\n\n[a](javascript:alert(1)) [b](https://ok.org) [c](#top) [d](page/) ![i](data:image/png;base64,AA)\n",
            64,
        );
        let what: Vec<&str> = got.dropped.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(
            what,
            [
                "`<script>`",
                "`<iframe>`",
                "the address `javascript:alert(1)`",
                "the address `data:image/png;base64,AA`"
            ]
        );
        assert_eq!(got.too_deep, None);
        assert!(
            scan("<details><summary>s</summary>x</details> <kbd>k</kbd>", 64).dropped.is_empty()
        );
        let got = scan(
            "<a href=\"javascript:go()\" onclick='x()'>y</a> <a href=\"https://e.org\">z</a> <img src=x.png>\n",
            64,
        );
        let what: Vec<&str> = got.dropped.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(what, ["the address `javascript:go()`", "the `onclick` attribute"]);
    }

    #[test]
    fn nesting_limit() {
        assert_eq!(nesting_exceeds("> a\n\n- b\n  - c\n", 10), None);
        assert!(nesting_exceeds(&">".repeat(100), 64).is_some());
        assert!(nesting_exceeds(&"<div>".repeat(100), 64).is_some());
        assert_eq!(nesting_exceeds(&"<div></div>".repeat(100), 64), None);
        assert_eq!(nesting_exceeds(&"<p>x<br>".repeat(100), 64), None);
    }

    #[test]
    fn bodies_leave_the_themes_ids_to_it() {
        let ids = ThemeIds::from_sources([
            r#"<main id="main"><h2 id="cite-heading">{% for c in cs %}<p id="cite-{{ c.id }}" data-id="x">{% endfor %}<i id="{{ v }}">"#,
        ]);
        assert!(ids.taken("main") && ids.taken("cite-heading") && ids.taken("cite-apa"));
        assert!(!ids.taken("x") && !ids.taken("mainly"));
        let html = Renderer::new(ids)
            .to_html("## Main\n\n# Copy {#cite-apa}\n\n<div id=\"main\">raw</div>\n\n## Mainly\n");
        assert!(html.contains(r#"<h3 id="section-main">Main</h3>"#), "{html}");
        assert!(html.contains(r#"<h2 id="section-cite-apa">Copy</h2>"#), "{html}");
        assert!(html.contains(r#"<div id="section-main">raw</div>"#), "{html}");
        assert!(html.contains(r#"<h3 id="mainly">"#), "{html}");
        // `serve`'s error box is no body's to stand in for.
        let html =
            Renderer::new(ThemeIds::default()).to_html("<p id=\"compendium-errors\">x</p>\n");
        assert!(html.contains(r#"<p id="section-compendium-errors">"#), "{html}");
        // Without a theme's ids, nothing is renamed.
        assert!(to_html("## Main\n").contains(r#"id="main""#));
    }

    // Regression (docs/fuzzing.md): ids of many same-text headings are
    // found in linear time, and stay those the one-at-a-time search gave.
    #[test]
    fn many_same_headings_are_fast() {
        let html = to_html("# A\n\n# A {#a-2}\n\n# A\n\n# A\n");
        for id in ["\"a\"", "\"a-2\"", "\"a-1\"", "\"a-3\""] {
            assert!(html.contains(&format!("id={id}")), "{id} in {html}");
        }
        let start = std::time::Instant::now();
        let html = to_html(&"#\n".repeat(30_000));
        assert!(html.contains("id=\"section-29999\""));
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "{:?}", start.elapsed());
    }

    // Regression (docs/fuzzing.md): one `>` search per tag, not one per `<`.
    #[test]
    fn many_unclosed_tags_are_fast() {
        let start = std::time::Instant::now();
        let md = format!("<div>{}\n", "<b/".repeat(300_000));
        assert!(nesting_exceeds(&md, 64).is_some());
        assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
        assert_eq!(html_tag_deltas("<b/>"), []);
        assert_eq!(html_tag_deltas("<b/<i>"), [(0, 1), (3, 1)]);
        assert_eq!(html_tag_deltas("<b></b>"), [(0, 1), (3, -1)]);
    }

    #[test]
    fn a_written_id_wins_over_a_slug_above_it() {
        let md = "## Scope 1\n\n## Other {#scope-1}\n\n## Other {#scope-1}\n";
        let html = to_html(md);
        assert!(html.contains("<h3 id=\"scope-1-1\">Scope 1</h3>"), "{html}");
        assert!(html.contains("<h3 id=\"scope-1\">Other</h3>"), "{html}");
        assert!(html.contains("<h3 id=\"scope-1-2\">Other</h3>"), "{html}");
        assert_eq!(scan(md, 100).anchors, ["scope-1-1", "scope-1", "scope-1-2"]);
    }

    #[test]
    fn check_finds_the_ids_pages_give_headings() {
        let md =
            "## Scope\n\n## Scope\n\n## *Data* `flows` {#flows}\n\n## Règles\n\n## 数据\n\n##\n";
        let html = to_html(md);
        let anchors = scan(md, 100).anchors;
        assert_eq!(anchors, ["scope", "scope-1", "flows", "regles", "数据", "section"]);
        for a in &anchors {
            assert!(html.contains(&format!("id=\"{a}\"")), "{a}: {html}");
        }
    }

    #[test]
    fn raw_html_ids_are_found_in_tags_only() {
        let md = "<div id=\"a\" class=x>id=\"no\"</div>\n\ntext <span ID = 'b'>s</span> \
                  <i id=c>i</i> <p data-id=\"d\" id=\"\">\n";
        let ids: Vec<String> = scan(md, 100).raw_ids.into_iter().map(|(i, _)| i).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        let (_, at) = &scan(md, 100).raw_ids[0];
        assert_eq!(&md[*at..*at + 1], "a");
    }

    #[test]
    fn ids_from_titles_in_any_script() {
        assert_eq!(id_slug("Exporta Fácil: the model!"), "exporta-facil-the-model");
        assert_eq!(id_slug("Закон 152-ФЗ"), "zakon-152-fz");
        assert_eq!(id_slug("北京 数据"), "bei-jing-shu-ju");
        assert_eq!(id_slug("Νόμος"), "nomos");
        assert!(!id_slug("พ.ร.บ. 2562").is_empty());
        assert!(crate::core::rules::is_id(&id_slug("ข้อมูล")));
        assert_eq!(id_example("закон"), "zakon");
        assert_eq!(id_example("!!!"), "record-1");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Exporta Fácil: the model!"), "exporta-facil-the-model");
        assert_eq!(slug("--"), "");
        assert_eq!(slug("النتائج"), "");
    }

    #[test]
    fn headings_in_other_scripts_keep_their_letters() {
        let html = to_html(
            "## النتائج الرئيسية\n\n## 主要成果\n\n## Données clés\n\n## Итоги 2024\n\n## ---",
        );
        for id in ["النتائج-الرئيسية", "主要成果", "donnees-cles", "итоги-2024", "section"]
        {
            assert!(html.contains(&format!("id=\"{id}\"")), "{id}: {html}");
        }
    }
}
