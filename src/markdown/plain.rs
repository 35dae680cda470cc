//! A body's plain text, for search and snippets: the words a page shows,
//! each block on a line of its own, so that no two words the page keeps
//! apart run together (a list item and the item nested in it, the two
//! sides of a `<br>`, the paragraphs of a raw `<div>`).

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use super::{SANITIZER, options};

/// Plain text of a Markdown body: no markup, blocks separated by newlines;
/// raw HTML read as the page shows it (sanitised: no `<script>` or
/// `<style>` text, no comments).
pub fn to_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    // Inside an inline element whose text the sanitiser drops from the
    // page with it (`<script>`, `<style>`, `<template>`, `<svg>`,
    // `<math>`): search must not find it either.
    let mut hidden: Option<&str> = None;
    // An HTML block comes a line at a time; it is read whole.
    let mut html_block = String::new();
    // A footnote label defined again: pages show the first definition only.
    let mut notes: HashSet<CowStr<'_>> = HashSet::new();
    let mut skipping = false;
    for (ev, at) in Parser::new_ext(md, options()).into_offset_iter() {
        // As pages show it: a Hebrew abbreviation's mark as written.
        let ev = super::hebrew::marks_kept(md, ev, at);
        if skipping {
            skipping = !matches!(ev, Event::End(TagEnd::FootnoteDefinition));
            continue;
        }
        match ev {
            Event::Start(Tag::FootnoteDefinition(label)) if !notes.insert(label.clone()) => {
                skipping = true;
            }
            Event::InlineHtml(h) => {
                let tag = h.trim_start_matches('<').to_ascii_lowercase();
                match hidden {
                    Some(name) if tag.strip_prefix('/').is_some_and(|t| t.starts_with(name)) => {
                        hidden = None;
                    }
                    Some(_) => {}
                    None => {
                        hidden = HIDDEN.iter().copied().find(|n| {
                            tag.strip_prefix(n)
                                .is_some_and(|rest| rest.starts_with(['>', ' ', '\t', '\n', '/']))
                        });
                        if hidden.is_none() {
                            separate(&mut out, separator(&tag));
                        }
                    }
                }
            }
            Event::Html(h) => html_block.push_str(&h),
            Event::End(TagEnd::HtmlBlock) => {
                html_text(&SANITIZER.clean(&html_block).to_string(), &mut out);
                html_block.clear();
                separate(&mut out, Some('\n'));
            }
            Event::Text(_) | Event::Code(_) if hidden.is_some() => {}
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            // A block that starts inside another's text (an item's nested
            // list, a footnote's paragraph) starts a line.
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::List(_)
                | Tag::TableCell
                | Tag::CodeBlock(_)
                | Tag::BlockQuote(_)
                | Tag::FootnoteDefinition(_),
            ) => separate(&mut out, Some('\n')),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => separate(&mut out, Some('\n')),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// Elements the sanitiser removes with their text.
const HIDDEN: &[&str] = &["script", "style", "template", "svg", "math"];

/// Ends what `out` holds with `with` (a newline outranks a space), unless
/// it is empty or already ends so.
fn separate(out: &mut String, with: Option<char>) {
    let Some(with) = with else { return };
    if out.is_empty() || out.ends_with('\n') {
        return;
    }
    if with == '\n' && out.ends_with(' ') {
        out.pop();
    } else if out.ends_with(with) {
        return;
    }
    out.push(with);
}

/// What a tag (its text after `<`, lower case) puts between the words
/// around it: a line break a space, a block a newline, an inline element
/// nothing (`<b>x</b>y` reads `xy`).
fn separator(tag: &str) -> Option<char> {
    let name: String =
        tag.trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
    if name == "br" || name == "wbr" {
        return Some(' ');
    }
    // `pre` too, which the minifier leaves out only to keep its text as is.
    let block = name == "pre" || crate::core::escape::BLOCK_ELEMENTS.contains(&name.as_str());
    block.then_some('\n')
}

/// The text of sanitised HTML (the serialiser's well-formed output, whose
/// text escapes only `&`, `<`, `>` and no-break spaces) appended to `out`.
fn html_text(html: &str, out: &mut String) {
    let mut rest = html;
    while !rest.is_empty() {
        let (text, after) = rest.split_once('<').unwrap_or((rest, ""));
        // White space collapses, as a browser shows it.
        for (i, word) in text.split_ascii_whitespace().enumerate() {
            if i > 0 || text.starts_with(|c: char| c.is_ascii_whitespace()) {
                separate(out, Some(' '));
            }
            out.push_str(&unescape(word));
        }
        if text.ends_with(|c: char| c.is_ascii_whitespace()) {
            separate(out, Some(' '));
        }
        let Some((tag, next)) = after.split_once('>') else { break };
        separate(out, separator(&tag.to_ascii_lowercase()));
        rest = next;
    }
}

fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_lines_and_inline_markup_is_not_a_break() {
        assert_eq!(
            to_text("# Title\n\nSome *bold* text.\n\n- a\n- b"),
            "Title\nSome bold text.\na\nb"
        );
        // A nested list's first item is not glued to its parent's text.
        assert_eq!(
            to_text("- alpha\n  - beta\n\n1. gamma\n   - delta"),
            "alpha\nbeta\ngamma\ndelta"
        );
        assert_eq!(to_text("one<br>two and th<b>re</b>e"), "one two and three");
        assert_eq!(to_text("Claim[^n].\n\n[^n]: The note.\n\n[^n]: Again."), "Claim.\nThe note.");
    }

    #[test]
    fn raw_html_blocks_read_as_the_page_shows_them() {
        let md = "<div class=\"note\">wombat &amp; co</div>\n\n<details>\n<summary>lemur</summary>\n\
                  platypus\n</details>\n\n<p>one</p><p>two</p>\n\nAfter.";
        assert_eq!(to_text(md), "wombat & co\nlemur\nplatypus\none\ntwo\nAfter.");
        // What the page does not show, search does not find.
        let hidden = "<div>shown<script>alert(9)</script><style>p{}</style><!-- note --></div>";
        assert_eq!(to_text(hidden), "shown");
    }

    #[test]
    fn inline_script_and_style_text_is_not_found() {
        let md =
            "Body with **bold** and <script>alert(9)</script> data <STYLE type=x>p{}</STYLE> end";
        assert_eq!(to_text(md), "Body with bold and  data  end");
        assert!(!super::super::to_html(md).contains("alert"));
        assert_eq!(to_text("a <scripted>b</scripted> c"), "a b c");
        let dropped = "A <template>t</template><svg><title>s</title></svg><math>m</math> z";
        assert_eq!(to_text(dropped), "A  z");
        // As the page: none of the three is shown.
        let page = super::super::to_html(dropped);
        assert!(![">t<", ">s<", ">m<"].iter().any(|t| page.contains(t)), "{page}");
    }
}
