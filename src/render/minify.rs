//! Minifying once, when the theme loads, instead of every page after it
//! is rendered: [`squeeze`] takes the layout whitespace out of a tera
//! template's HTML.
//!
//! Minifying each rendered page cost a fifth of a build's CPU and redid the
//! same work on the same template text tens of thousands of times. An HTML
//! minifier cannot take a template instead: tera tags inside a start tag
//! (`<li class="a"{% if x %} id="b"{% endif %}>`) are not HTML, and
//! minify-html (which minified pages until then) scrambles them, even with
//! its `preserve_brace_template_syntax`. So this is a small scanner that knows both
//! syntaxes and changes only what cannot change how a page renders:
//!
//! - a run of whitespace holding a line break, in text, goes when it
//!   touches a block-level tag (`<li>`, `</ul>`, `<meta>`; where a line box
//!   starts or ends, browsers drop it anyway) and becomes one space
//!   otherwise (`</a>⏎  <a>` still shows a space between the links);
//! - the same inside a start tag, between attributes, becomes one space;
//! - HTML comments go (those holding a tera tag stay: they may print);
//! - tera tags, attribute values, `{% raw %}` blocks and the contents of
//!   `<pre>`, `<textarea>`, `<script>` and `<style>` are copied as they are.
//!
//! Only the template's own text is touched: record text reaches the page
//! through tera's escaping, exactly as written.

/// Elements whose contents are copied as they are.
const VERBATIM: &[&str] = &["pre", "textarea", "script", "style"];

/// The template with its layout whitespace and comments taken out (see the
/// module docs). Never fails: what it does not understand it copies.
pub fn squeeze(template: &str) -> String {
    let s = template.as_bytes();
    let n = s.len();
    let mut out = String::with_capacity(n);
    // Whether the last thing written was the `>` of a block-level tag.
    let mut after_block = false;
    let mut i = 0;
    while i < n {
        if let Some(end) = tera_tag(s, i) {
            let end = raw_block_end(s, i, end).unwrap_or(end);
            out.push_str(&template[i..end]);
            // A statement or comment prints nothing here, but may be an `if`
            // whose other branch does: only an expression counts as text.
            if s[i + 1] == b'{' {
                after_block = false;
            }
            i = end;
        } else if s[i].is_ascii_whitespace() {
            let end = whitespace_end(s, i);
            let run = &template[i..end];
            if !run.contains(['\n', '\r']) {
                out.push_str(run);
            } else if !(after_block || starts_block_tag(s, end)) {
                out.push(' ');
            }
            i = end;
        } else if s[i..].starts_with(b"<!--") {
            let end = find(s, i + 4, b"-->").map_or(n, |e| e + 3);
            if template[i..end].contains(['{', '}']) {
                out.push_str(&template[i..end]);
                after_block = false;
            }
            i = end;
        } else if let Some(tag) = Tag::at(s, i) {
            i = copy_tag(template, i, &mut out);
            after_block = tag.is_block();
            if !tag.closing && VERBATIM.contains(&tag.name.as_str()) {
                let end = find_close(s, i, &tag.name).unwrap_or(n);
                out.push_str(&template[i..end]);
                i = end;
            }
        } else {
            let end = text_end(s, i);
            out.push_str(&template[i..end]);
            after_block = false;
            i = end;
        }
    }
    out
}

/// An HTML start or end tag's name (lower case) and kind.
struct Tag {
    name: String,
    closing: bool,
}

impl Tag {
    fn at(s: &[u8], i: usize) -> Option<Tag> {
        let rest = s.get(i..)?.strip_prefix(b"<")?;
        let (closing, rest) = match rest.strip_prefix(b"/") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        if !rest.first()?.is_ascii_alphabetic() {
            return None;
        }
        let len = rest.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(rest.len());
        // `<h{{ level }}>`: a name that goes on in a tera tag is unknown.
        let dynamic = rest.get(len) == Some(&b'{');
        let name = if dynamic { Vec::new() } else { rest[..len].to_ascii_lowercase() };
        Some(Tag { name: String::from_utf8_lossy(&name).into_owned(), closing })
    }

    fn is_block(&self) -> bool {
        crate::core::escape::BLOCK_ELEMENTS.contains(&self.name.as_str())
    }
}

// Whether a block-level start or end tag begins at `i`.
fn starts_block_tag(s: &[u8], i: usize) -> bool {
    Tag::at(s, i).is_some_and(|t| t.is_block())
}

// Copies the start or end tag at `i` up to its `>`: attribute values and
// tera tags as they are, line-broken whitespace between attributes as one
// space. Returns where it stopped.
fn copy_tag(template: &str, start: usize, out: &mut String) -> usize {
    let s = template.as_bytes();
    let n = s.len();
    let mut i = start;
    let mut quote: Option<u8> = None;
    while i < n {
        if let Some(end) = tera_tag(s, i) {
            out.push_str(&template[i..end]);
            i = end;
            continue;
        }
        let c = s[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => {
                out.push('>');
                return i + 1;
            }
            None if c.is_ascii_whitespace() => {
                let end = whitespace_end(s, i);
                let run = &template[i..end];
                out.push_str(if run.contains(['\n', '\r']) { " " } else { run });
                i = end;
                continue;
            }
            None => {}
        }
        let end = next_char(template, i);
        out.push_str(&template[i..end]);
        i = end;
    }
    n
}

// The end of the tera tag (`{{ }}`, `{% %}`, `{# #}`) at `i`, if one starts
// there; quoted strings inside expressions and statements may hold the
// closing pair. An unclosed tag runs to the end (tera rejects it anyway).
fn tera_tag(s: &[u8], i: usize) -> Option<usize> {
    if s.get(i) != Some(&b'{') {
        return None;
    }
    let close = match s.get(i + 1)? {
        b'{' => b'}',
        b'%' => b'%',
        b'#' => b'#',
        _ => return None,
    };
    let n = s.len();
    let mut j = i + 2;
    let mut quote: Option<u8> = None;
    while j < n {
        let c = s[j];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if close != b'#' && matches!(c, b'"' | b'\'' | b'`') => quote = Some(c),
            None if c == close && s.get(j + 1) == Some(&b'}') => return Some(j + 2),
            None => {}
        }
        j += 1;
    }
    Some(n)
}

// When the tag at `start..end` is `{% raw %}`, the end of its
// `{% endraw %}`: nothing between them is tera or ours to change.
fn raw_block_end(s: &[u8], start: usize, end: usize) -> Option<usize> {
    if statement(&s[start..end])? != b"raw" {
        return None;
    }
    let mut i = end;
    while i < s.len() {
        let at = find(s, i, b"{%")?;
        let close = tera_tag(s, at)?;
        if statement(&s[at..close]) == Some(&b"endraw"[..]) {
            return Some(close);
        }
        i = close;
    }
    None
}

// The words of a `{% … %}` tag, without whitespace control.
fn statement(tag: &[u8]) -> Option<&[u8]> {
    let inner = tag.strip_prefix(b"{%")?.strip_suffix(b"%}")?;
    let inner = inner.strip_prefix(b"-").unwrap_or(inner);
    let inner = inner.strip_suffix(b"-").unwrap_or(inner);
    Some(inner.trim_ascii())
}

fn whitespace_end(s: &[u8], i: usize) -> usize {
    s[i..].iter().position(|b| !b.is_ascii_whitespace()).map_or(s.len(), |p| i + p)
}

// Text runs up to the next `<`, `{` or whitespace (all ASCII, so always at
// a character boundary).
fn text_end(s: &[u8], i: usize) -> usize {
    s[i + 1..]
        .iter()
        .position(|&b| b == b'<' || b == b'{' || b.is_ascii_whitespace())
        .map_or(s.len(), |p| i + 1 + p)
}

fn next_char(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(text.len(), |c| i + c.len_utf8())
}

fn find(h: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    h.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

// Where `</name` starts, in any case.
fn find_close(h: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut close = b"</".to_vec();
    close.extend_from_slice(name.as_bytes());
    h.get(from..)?
        .windows(close.len())
        .position(|w| w.eq_ignore_ascii_case(&close))
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_whitespace_goes_where_it_never_shows() {
        assert_eq!(
            squeeze("<ul>\n  {% for x in xs %}<li>{{ x }}</li>\n  {% endfor %}\n</ul>\n"),
            "<ul>{% for x in xs %}<li>{{ x }}</li>{% endfor %}</ul>"
        );
        assert_eq!(squeeze("<!DOCTYPE html>\n<html>\n<head>\n"), "<!DOCTYPE html><html><head>");
    }

    #[test]
    fn whitespace_between_inline_things_stays_one_space() {
        assert_eq!(squeeze("<a>x</a>\n    <a>y</a>"), "<a>x</a> <a>y</a>");
        assert_eq!(squeeze("{% endif %}\n  {% if b %}"), "{% endif %} {% if b %}");
        assert_eq!(squeeze("<span>a  b</span>"), "<span>a  b</span>");
        assert_eq!(squeeze("word\n<script>x()</script>\nword"), "word <script>x()</script> word");
    }

    #[test]
    fn tera_inside_tags_and_attribute_values_is_kept() {
        let t = "<li class=\"a\"{% if r.f %} data-f=\"{{ r.f }}\"{% endif %}>\n  <h{{ level }} class=\"t\">{{ r.title }}</h{{ level }}>\n</li>";
        assert_eq!(
            squeeze(t),
            "<li class=\"a\"{% if r.f %} data-f=\"{{ r.f }}\"{% endif %}><h{{ level }} class=\"t\">{{ r.title }}</h{{ level }}></li>"
        );
        assert_eq!(
            squeeze("<p title=\"a\n   b\"\n   class=x>{{ \"%}\" ~ '}}' }}</p>"),
            "<p title=\"a\n   b\" class=x>{{ \"%}\" ~ '}}' }}</p>"
        );
        assert_eq!(
            squeeze("<a {% if a > b %}x{% endif %}>\n<p>"),
            "<a {% if a > b %}x{% endif %}><p>"
        );
    }

    #[test]
    fn verbatim_contents_raw_blocks_and_comments() {
        let pre = "<pre>\n  a\n    b\n</pre>";
        assert_eq!(squeeze(pre), pre);
        let script = "<script>\nif (a < b) {\n  x()\n}\n</script>";
        assert_eq!(squeeze(script), script);
        let raw = "{% raw %}\n  {{ not tera }}\n{% endraw %}";
        assert_eq!(squeeze(raw), raw);
        assert_eq!(squeeze("<p>a<!-- note --></p>"), "<p>a</p>");
        assert_eq!(squeeze("<!-- {{ x }} -->"), "<!-- {{ x }} -->");
    }

    #[test]
    fn whatever_it_does_not_understand_it_copies() {
        for t in ["<", "{", "{{", "{% raw %}", "<a \"", "<pre>", "a < b", "é\n<é>\n", "<p\n"] {
            let _ = squeeze(t);
        }
        assert_eq!(squeeze("1 < 2\n and {x}"), "1 < 2 and {x}");
    }

    #[test]
    fn the_built_in_theme_still_compiles_and_shrinks() {
        for (name, source) in [
            ("macros.html", include_str!("../../themes/default/macros.html")),
            ("base.html", include_str!("../../themes/default/base.html")),
            ("record.html", include_str!("../../themes/default/record.html")),
        ] {
            let small = squeeze(source);
            assert!(small.len() < source.len(), "{name}: {} of {}", small.len(), source.len());
            tera::Template::new(name, None, &small).unwrap();
        }
    }
}
