//! Raw HTML that hides or garbles the rest of a body on pages: an element
//! whose text runs to the end of the body when it is never closed (the
//! sanitiser drops a `<script>`'s, shows a `<textarea>`'s as raw markup),
//! or a comment never closed.

/// What an element never closed does to the rest of the body.
const LOST: &[&str] = &["script", "style", "template"];
/// Read as plain text, shown with its tags as text.
const RAW: &[&str] =
    &["textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"];
/// Read as a drawing or formula, up to the next paragraph or heading.
const FOREIGN: &[&str] = &["svg", "math"];

/// The first element or comment that the raw HTML `html` (at byte `start`
/// of `md`; `tags`, its opening tags' names and offsets in it) opens and
/// `md` never closes after it, named as `check` says it, with its offset
/// and what pages make of the rest of the body.
pub(super) fn first<'a>(
    md: &str,
    start: usize,
    html: &str,
    tags: impl Iterator<Item = (&'a str, usize)>,
) -> Option<(String, usize)> {
    let (name, i) = tags
        .filter(|(name, _)| [LOST, RAW, FOREIGN].iter().any(|l| l.contains(name)))
        .chain(html.find("<!--").map(|i| ("!--", i)))
        .filter(|(name, i)| !closes(name, md.get(start + i + 1 + name.len()..).unwrap_or("")))
        .min_by_key(|(_, i)| *i)?;
    let what = if name == "!--" { "the comment `<!--`".to_owned() } else { format!("`<{name}>`") };
    Some((what, start + i))
}

/// What pages make of the body after `what` (as [`first`] names it) when
/// it is never closed, `lines` lines of it.
pub fn effect(what: &str, lines: usize) -> String {
    let name = what.trim_start_matches("`<").trim_end_matches(">`");
    if RAW.contains(&name) {
        format!("pages show the rest of the body ({lines} line(s) after it) as raw markup")
    } else if FOREIGN.contains(&name) {
        format!(
            "pages can lose the rest of the body ({lines} line(s) after it), read as part of \
             the element"
        )
    } else {
        format!("pages lose the rest of the body ({lines} line(s) after it), read as its text")
    }
}

/// Whether `rest` (what follows an opening `<script>` or `<style>`, or a
/// comment's `<!--`) closes it: without, the HTML parser reads everything
/// after as the element's text or the comment, and pages lose it.
fn closes(opened: &str, rest: &str) -> bool {
    if opened == "!--" {
        return rest.contains("-->");
    }
    // Nothing ends `<plaintext>`.
    if opened == "plaintext" {
        return false;
    }
    let close = format!("</{opened}");
    rest.as_bytes().windows(close.len()).any(|w| w.eq_ignore_ascii_case(close.as_bytes()))
}
