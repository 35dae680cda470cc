//! Raw HTML that hides the rest of a body from pages: a `<script>` or
//! `<style>` never closed (the sanitiser drops its text, which runs to the
//! end of the body) or a comment never closed.

/// The first element or comment that the raw HTML `html` (at byte `start`
/// of `md`; `tags`, its opening tags' names and offsets in it) opens and
/// `md` never closes after it, named as `check` says it, with its offset.
pub(super) fn first<'a>(
    md: &str,
    start: usize,
    html: &str,
    tags: impl Iterator<Item = (&'a str, usize)>,
) -> Option<(String, usize)> {
    let (name, i) = tags
        .filter(|(name, _)| matches!(*name, "script" | "style"))
        .chain(html.find("<!--").map(|i| ("!--", i)))
        .filter(|(name, i)| !closes(name, md.get(start + i + 1 + name.len()..).unwrap_or("")))
        .min_by_key(|(_, i)| *i)?;
    let what = if name == "!--" { "the comment `<!--`".to_owned() } else { format!("`<{name}>`") };
    Some((what, start + i))
}

/// Whether `rest` (what follows an opening `<script>` or `<style>`, or a
/// comment's `<!--`) closes it: without, the HTML parser reads everything
/// after as the element's text or the comment, and pages lose it.
fn closes(opened: &str, rest: &str) -> bool {
    if opened == "!--" {
        return rest.contains("-->");
    }
    let close = format!("</{opened}");
    rest.as_bytes().windows(close.len()).any(|w| w.eq_ignore_ascii_case(close.as_bytes()))
}
