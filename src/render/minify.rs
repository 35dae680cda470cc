//! Minifying pages with minify-html, without letting escaped text turn
//! back into raw `<`.
//!
//! minify-html decodes entities and re-encodes only what the context
//! requires, so a title `&lt;script&gt;` comes out as `<title><script>…`
//! (correct: `<title>` content is text) and an attribute value as
//! `content='"><img …>'` (correct: it is quoted). Correct, but it makes the
//! output look like hostile markup to every scanner and to anyone reading
//! it, so a last pass puts `&lt;`/`&gt;` back in text and attribute values.

/// Minifies a page: closing tags, `<html>`/`<head>` and the doctype stay
/// (valid HTML, not just what browsers tolerate); inline CSS is minified,
/// inline JS is left alone (a JS minifier bug would break pages silently).
pub fn minify(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: true,
        minify_js: false,
        ..minify_html::Cfg::default()
    };
    reescape(&minify_html::minify(html, &cfg))
}

/// Encodes every `<` and `>` that is text or inside an attribute value as
/// `&lt;`/`&gt;`, leaving tags, comments, and the raw text of `<script>` and
/// `<style>` as they are. The document means the same afterwards.
pub fn reescape(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + 64);
    let n = html.len();
    let mut i = 0;
    while i < n {
        let c = html[i];
        if c == b'>' {
            out.extend_from_slice(b"&gt;");
            i += 1;
            continue;
        }
        if c != b'<' {
            out.push(c);
            i += 1;
            continue;
        }
        let next = html.get(i + 1).copied().unwrap_or(b' ');
        if html[i..].starts_with(b"<!--") {
            let end = find(html, i + 4, b"-->").map_or(n, |e| e + 3);
            out.extend_from_slice(&html[i..end]);
            i = end;
        } else if next == b'!' || next == b'?' || next == b'/' {
            // Doctype, processing instruction or end tag: up to the next `>`.
            let end = html[i..].iter().position(|&b| b == b'>').map_or(n, |p| i + p + 1);
            out.extend_from_slice(&html[i..end]);
            i = end;
        } else if next.is_ascii_alphabetic() {
            i = start_tag(html, i, &mut out);
        } else {
            out.extend_from_slice(b"&lt;");
            i += 1;
        }
    }
    out
}

// Copies the start tag at `i` (escaping inside attribute values) and, for
// `<script>` and `<style>`, their raw text (for `<title>` and `<textarea>`,
// their text escaped); returns where it stopped.
fn start_tag(html: &[u8], start: usize, out: &mut Vec<u8>) -> usize {
    let n = html.len();
    let mut i = start + 1;
    while i < n && !html[i].is_ascii_whitespace() && html[i] != b'>' && html[i] != b'/' {
        i += 1;
    }
    let name = html[start + 1..i].to_ascii_lowercase();
    out.extend_from_slice(&html[start..i]);
    while i < n {
        let c = html[i];
        if c == b'>' {
            out.push(c);
            i += 1;
            break;
        }
        if c == b'=' {
            out.push(c);
            i += 1;
            match html.get(i).copied() {
                Some(q @ (b'"' | b'\'')) => {
                    out.push(q);
                    i += 1;
                    while i < n && html[i] != q {
                        escape_byte(html[i], out);
                        i += 1;
                    }
                    if i < n {
                        out.push(q);
                        i += 1;
                    }
                }
                _ => {
                    while i < n && !html[i].is_ascii_whitespace() && html[i] != b'>' {
                        escape_byte(html[i], out);
                        i += 1;
                    }
                }
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    if name == b"script" || name == b"style" {
        let mut close = b"</".to_vec();
        close.extend_from_slice(&name);
        let end = find_ci(html, i, &close).unwrap_or(n);
        out.extend_from_slice(&html[i..end]);
        return end;
    }
    if name == b"title" || name == b"textarea" {
        // RCDATA: no tags inside, only text up to the end tag.
        let mut close = b"</".to_vec();
        close.extend_from_slice(&name);
        let end = find_ci(html, i, &close).unwrap_or(n);
        for &b in &html[i..end] {
            escape_byte(b, out);
        }
        return end;
    }
    i
}

fn escape_byte(b: u8, out: &mut Vec<u8>) {
    match b {
        b'<' => out.extend_from_slice(b"&lt;"),
        b'>' => out.extend_from_slice(b"&gt;"),
        b => out.push(b),
    }
}

fn find(h: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    h.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

fn find_ci(h: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    h.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn re(s: &str) -> String {
        String::from_utf8(reescape(s.as_bytes())).unwrap()
    }

    #[test]
    fn text_and_attribute_values_are_escaped_again() {
        assert_eq!(
            re("<title><script>x</script> T</title>"),
            "<title>&lt;script&gt;x&lt;/script&gt; T</title>"
        );
        assert_eq!(
            re(r#"<meta content='"><img src=x>' name=d><p class=a>1 < 2 > 0</p>"#),
            r#"<meta content='"&gt;&lt;img src=x&gt;' name=d><p class=a>1 &lt; 2 &gt; 0</p>"#
        );
        assert_eq!(re("<a href=a>x</a>"), "<a href=a>x</a>");
    }

    #[test]
    fn markup_scripts_and_comments_are_kept() {
        let page = "<!doctype html><html lang=en><head><script>if (a<b && c>d) x()</script><style>a>b{}</style></head><body><!-- <x> --><br/></body></html>";
        assert_eq!(re(page), page);
    }

    #[test]
    fn minified_hostile_title_stays_escaped() {
        let out = minify(b"<!DOCTYPE html><html><head><title>&lt;script&gt;alert(1)&lt;/script&gt;</title></head><body><p title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">&lt;script&gt;</p></body></html>");
        let out = String::from_utf8(out).unwrap();
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
    }
}
