//! The sanitiser every body goes through (ammonia), and the ids it leaves
//! to the theme.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The ids a theme gives the elements of its pages: `main`,
/// `cite-heading` exactly, and every id starting `cite-` where a template
/// writes `id="cite-{{ c.id }}"`. A body's id equal to one of them would
/// make a page's ids clash: its skip link, `aria-labelledby` or a copy
/// button's target would find the contributor's element first.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ThemeIds {
    exact: HashSet<String>,
    prefixes: Vec<String>,
}

impl ThemeIds {
    /// The ids written as `id="…"` in the templates' sources; where a tera
    /// tag makes part of one, the text before the tag is a prefix.
    pub fn from_sources<'a>(sources: impl IntoIterator<Item = &'a str>) -> ThemeIds {
        let mut ids = ThemeIds::default();
        for source in sources {
            for (at, _) in source.match_indices("id=\"") {
                // ` id="`, not `data-id="` or `aria-labelledby`'s.
                let before = source[..at].chars().next_back();
                if !before.is_some_and(char::is_whitespace) {
                    continue;
                }
                let rest = &source[at + 4..];
                let Some(end) = rest.find('"') else { continue };
                let value = &rest[..end];
                match value.find("{{").or_else(|| value.find("{%")) {
                    Some(0) => {}
                    Some(tag) => ids.prefixes.push(value[..tag].to_owned()),
                    None if !value.is_empty() => {
                        ids.exact.insert(value.to_owned());
                    }
                    None => {}
                }
            }
        }
        ids.prefixes.sort();
        ids.prefixes.dedup();
        ids
    }

    /// The exact ids, sorted, then the prefixes, each followed by `*`.
    pub fn listed(&self) -> Vec<String> {
        let mut exact: Vec<String> = self.exact.iter().cloned().collect();
        exact.sort();
        exact.extend(self.prefixes.iter().map(|p| format!("{p}*")));
        exact
    }

    /// Whether a body may not use `id`: the theme's, and the error box
    /// `serve` puts on every page (`src/serve/client.js`), which a body's
    /// element of that id would stand in for, keeping the box up once the
    /// errors are fixed.
    pub fn taken(&self, id: &str) -> bool {
        id == SERVE_ERRORS_ID
            || self.exact.contains(id)
            || self.prefixes.iter().any(|p| id.starts_with(p.as_str()))
    }

    /// `id`, or `section-id` (again, if need be) when the theme has it.
    fn free<'a>(&self, id: &'a str) -> std::borrow::Cow<'a, str> {
        let mut out = std::borrow::Cow::Borrowed(id);
        // Bounded: each round makes the id longer than any the theme names.
        for _ in 0..4 {
            if !self.taken(&out) {
                break;
            }
            out = std::borrow::Cow::Owned(format!("section-{out}"));
        }
        out
    }
}

/// The id of `serve`'s error box.
const SERVE_ERRORS_ID: &str = "compendium-errors";

/// The sanitiser for `ids` (bodies keep their ids, so `#anchor` links work,
/// except those the theme has: see [`ThemeIds`]).
pub(super) fn sanitizer(
    ids: Option<ThemeIds>,
    raw: HashMap<String, String>,
) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    // Footnotes and task lists need a few classes and attributes of their own.
    b.add_generic_attributes(["id"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tags(["input"])
        .add_allowed_classes("sup", ["footnote-reference"])
        .add_allowed_classes("div", ["footnote-definition"])
        .add_allowed_classes("sup", ["footnote-definition-label"])
        .add_allowed_classes("a", ["footnote-backref"])
        // A code block's language (`language-rust`), for a theme's
        // highlighter; no other class.
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        // No `rel` on body links, as Hugo, Zola and mdBook write them:
        // ammonia's default `noreferrer` hid even links from one record to
        // another from the site's own logs, and without `target` (which
        // is not kept) `noopener` changes nothing.
        .link_rel(None)
        .filter_style_properties(HashSet::from(["text-align"]));
    // Task lists' checkboxes are the only inputs: a raw `<input>` left by a
    // tag split over lines (see `render`) is no password box either.
    b.set_tag_attribute_value("input", "disabled", "");
    b.attribute_filter(move |element, attr, value| match (element, attr) {
        ("input", "type") => Some("checkbox".into()),
        ("code", "class") => code_language(value).map(Into::into),
        // Raw HTML's ids too (`<div id="main">`), not only headings'.
        (_, "id") => Some(ids.as_ref().map_or(value.into(), |ids| ids.free(value))),
        // Raw HTML's addresses, read as its Markdown links are (raw_links).
        (_, "href" | "src") => Some(raw.get(value).map_or(value.into(), |new| new.clone().into())),
        _ => Some(value.into()),
    });
    b
}

/// The `language-NAME` classes of a code element's `class`, if any: names
/// of letters, digits and `+#._-`, as highlighters spell them (`c++`,
/// `objective-c`).
fn code_language(class: &str) -> Option<String> {
    // `rust,ignore` (mdBook's and rustdoc's attributes after a comma):
    // the language is what comes first.
    let kept: Vec<&str> = class
        .split_ascii_whitespace()
        .map(|c| c.split(',').next().unwrap_or(c))
        .filter(|c| {
            c.strip_prefix("language-").is_some_and(|name| {
                (1..=40).contains(&name.len())
                    && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"+#._-".contains(&b))
            })
        })
        .collect();
    (!kept.is_empty()).then(|| kept.join(" "))
}

pub(super) static SANITIZER: LazyLock<ammonia::Builder<'static>> =
    LazyLock::new(|| sanitizer(None, HashMap::new()));
