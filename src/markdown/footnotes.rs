//! Footnotes in their own namespace, with a way back.
//!
//! pulldown-cmark names a footnote's element by its label as written, so
//! `[^main]` took the id of the theme's `<main>` and `[^vpn]` that of a
//! `## VPN` heading: the reference jumped to the wrong place. As mdBook and
//! Zola do, definitions are `fn-LABEL` and references `fnref-LABEL`, kept
//! apart from every heading id of the body, and a definition ends with a
//! link back to where it is first cited.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::core::escape;

/// One footnote label's number and ids.
struct Note {
    number: usize,
    id: String,
    first_ref: Option<String>,
}

/// Replaces the footnote events of `events` with HTML of their own ids,
/// none of them in `used` (the body's heading ids), which they join.
pub(super) fn rewrite(events: &mut Vec<Event<'_>>, used: &mut HashSet<String>) {
    let has_notes = events.iter().any(|e| {
        matches!(e, Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)))
    });
    if !has_notes {
        return;
    }
    let mut notes: HashMap<String, Note> = HashMap::new();
    let unique = |base: String, used: &mut HashSet<String>| {
        let mut id = base.clone();
        let mut n = 0;
        while !used.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    };
    // Numbered in order of first appearance, reference or definition, as
    // pulldown-cmark numbers them.
    for e in events.iter() {
        let label = match e {
            Event::FootnoteReference(l) | Event::Start(Tag::FootnoteDefinition(l)) => l,
            _ => continue,
        };
        if !notes.contains_key(label.as_ref()) {
            let slug = super::heading_slug(label);
            let id = unique(format!("fn-{slug}").trim_end_matches('-').to_owned(), used);
            let number = notes.len() + 1;
            notes.insert(label.to_string(), Note { number, id, first_ref: None });
        }
    }
    // Each reference's id, in order, before anything is written: a note
    // defined before its first citation links back to it too.
    let mut ref_ids: std::collections::VecDeque<String> = std::collections::VecDeque::new();
    for e in events.iter() {
        let Event::FootnoteReference(label) = e else { continue };
        let Some(note) = notes.get_mut(label.as_ref()) else { continue };
        let ref_id = unique(note.id.replacen("fn", "fnref", 1), used);
        note.first_ref.get_or_insert_with(|| ref_id.clone());
        ref_ids.push_back(ref_id);
    }
    let mut open: Vec<String> = Vec::new();
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    // A label defined again: the first definition is the note (as GitHub
    // reads it); a second would repeat its number and its id.
    let mut defined: HashSet<String> = HashSet::new();
    let mut skipping = false;
    for e in events.drain(..) {
        if skipping {
            skipping = !matches!(e, Event::End(TagEnd::FootnoteDefinition));
            continue;
        }
        match e {
            Event::Start(Tag::FootnoteDefinition(label)) if !defined.insert(label.to_string()) => {
                skipping = true;
            }
            Event::FootnoteReference(label) => {
                let Some(note) = notes.get(label.as_ref()) else { continue };
                let Some(ref_id) = ref_ids.pop_front() else { continue };
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-reference\" id=\"{}\"><a href=\"#{}\">{}</a></sup>",
                    escape::html(&ref_id),
                    escape::html(&note.id),
                    note.number
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let Some(note) = notes.get(label.as_ref()) else { continue };
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"{}\">\
                     <sup class=\"footnote-definition-label\">{}</sup>",
                    escape::html(&note.id),
                    note.number
                ))));
                open.push(label.to_string());
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let back = open.pop().and_then(|l| notes.get(&l)).and_then(|n| {
                    let first = n.first_ref.as_deref()?;
                    Some(format!(
                        " <a href=\"#{}\" class=\"footnote-backref\">↩</a>",
                        escape::html(first)
                    ))
                });
                if let Some(back) = back {
                    // Inside the note's last paragraph, so that it follows
                    // the text rather than starting a line of its own.
                    let at = match out.last() {
                        Some(Event::End(TagEnd::Paragraph)) => out.len() - 1,
                        _ => out.len(),
                    };
                    out.insert(at, Event::InlineHtml(CowStr::from(back)));
                }
                out.push(Event::Html(CowStr::from("</div>\n")));
            }
            other => out.push(other),
        }
    }
    *events = out;
}
