//! Attributes of a body's raw HTML that pages lose: event handlers,
//! addresses of a refused scheme, styling. `check` says each, at its place.

use std::sync::LazyLock;

use super::sanitize::SANITIZER;
use super::{raw_links, refused_scheme, tag_texts};

/// Event handlers (`onclick`) and addresses of a refused scheme
/// (`href="javascript:…"`) in raw HTML, with their offsets: the sanitiser
/// drops both.
pub(super) fn dropped(html: &str, trials: &mut usize) -> Vec<(String, usize)> {
    static ATTRIBUTE: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
        regex::Regex::new(
            r#"(?i)\s(on[a-z]+|href|src|action|formaction)\s*=\s*(?:"\s*([^"]*)"|'\s*([^']*)'|([^"'\s>]*))"#,
        )
        .ok()
    });
    let Some(re) = ATTRIBUTE.as_ref() else { return Vec::new() };
    let mut out = presentation(html, trials);
    for c in re.captures_iter(html) {
        let (Some(name), Some(value)) = (c.get(1), c.get(2).or(c.get(3)).or(c.get(4))) else {
            continue;
        };
        let lower = name.as_str().to_ascii_lowercase();
        if lower.starts_with("on") {
            out.push((format!("the `{lower}` attribute"), name.start()));
        } else if refused_scheme(&raw_links::decode(value.as_str())) {
            out.push((format!("the address `{}`", value.as_str()), value.start()));
        }
    }
    out
}

/// Styling attributes the sanitiser drops from raw HTML (`class`,
/// `style`, `align`, `width`, `data-*`, an image's `srcset` and `sizes`), with offsets: a page migrated with
/// its markup loses its look, which is said. Each is tried on the
/// sanitiser itself, so a table cell's alignment or an image's width,
/// which pages keep, is not reported. At most `trials` tries in a body
/// (a body of thousands of styled tags is not sanitised thousands of times).
fn presentation(html: &str, trials: &mut usize) -> Vec<(String, usize)> {
    static STYLING: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
        regex::Regex::new(
            r#"(?i)\s(class|style|align|width|height|bgcolor|srcset|sizes|data-[a-z0-9_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^"'\s>]*))"#,
        )
        .ok()
    });
    let Some(re) = STYLING.as_ref() else { return Vec::new() };
    let mut out = Vec::new();
    for (tag, at, text) in tag_texts(html) {
        for c in re.captures_iter(text) {
            let (Some(name), Some(value)) = (c.get(1), c.get(2).or(c.get(3)).or(c.get(4))) else {
                continue;
            };
            let attr = name.as_str().to_ascii_lowercase();
            let value = value.as_str().trim();
            if *trials == 0 {
                return out;
            }
            *trials -= 1;
            // Table parts outside a table are no elements to a parser.
            let (open, close) = match tag.as_str() {
                "td" | "th" => ("<table><tr>", "</tr></table>"),
                "tr" | "col" => ("<table>", "</table>"),
                "tbody" | "thead" | "tfoot" | "caption" | "colgroup" => ("<table>", "</table>"),
                _ => ("", ""),
            };
            let escaped = crate::core::escape::html(value);
            let tried = format!("{open}<{tag} {attr}=\"{escaped}\">x</{tag}>{close}");
            let kept = SANITIZER.clean(&tried).to_string();
            let survives =
                kept.contains(&format!("{attr}=\"")) && !kept.contains(&format!("{attr}=\"\""));
            if !value.is_empty() && !survives {
                out.push((format!("the `{attr}` attribute of `<{tag}>`"), at + name.start()));
            }
        }
    }
    out
}
