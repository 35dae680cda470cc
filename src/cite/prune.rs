//! A CSL style partially evaluated for one kind of entry.
//!
//! APA's style asks "is this item a book? a chapter? a journal article?"
//! hundreds of times per rendering, and hayagriva answers each question
//! afresh (building selectors as it goes): a third of a 10,000-record
//! build went there. Every record of a site is the same kind of entry, so
//! those questions have the same answers for all of them. [`prune`]
//! answers them once: each `<choose>` branch whose outcome its `type`
//! tests decide is replaced by that outcome, and a `type` test that does
//! not decide it is dropped from the branch. Only `type` tests are
//! touched; every other test is left to hayagriva, so a pruned style
//! renders exactly what the full one does (the tests compare both).
//!
//! Which types an entry matches comes from hayagriva itself: [`kinds`]
//! renders the entry with a probe style of one `<if type="…">` per type.

use std::collections::{BTreeSet, HashSet};

use hayagriva::citationberg::taxonomy::Kind;
use hayagriva::citationberg::{
    Choose, ChooseBranch, ChooseMatch, ElseBranch, IndependentStyle, LayoutRenderingElement,
    Locale, LocaleCode, NamesChild,
};
use hayagriva::{CitationItem, CitationRequest, Entry};

/// `style` with every `type` test answered for an entry of `kinds`.
pub(super) fn prune(style: &IndependentStyle, kinds: &HashSet<Kind>) -> IndependentStyle {
    let mut out = style.clone();
    let is = |k: &Kind| kinds.contains(k);
    for m in &mut out.macros {
        elements(&mut m.children, &is);
    }
    elements(&mut out.citation.layout.elements, &is);
    if let Some(b) = out.bibliography.as_mut() {
        elements(&mut b.layout.elements, &is);
    }
    out
}

fn elements(list: &mut [LayoutRenderingElement], is: &dyn Fn(&Kind) -> bool) {
    for el in list {
        match el {
            LayoutRenderingElement::Group(g) => elements(&mut g.children, is),
            LayoutRenderingElement::Choose(c) => choose(c, is),
            LayoutRenderingElement::Names(n) => {
                for child in &mut n.children {
                    if let NamesChild::Substitute(s) = child {
                        elements(&mut s.children, is);
                    }
                }
            }
            LayoutRenderingElement::Text(_)
            | LayoutRenderingElement::Date(_)
            | LayoutRenderingElement::Number(_)
            | LayoutRenderingElement::Label(_) => {}
        }
    }
}

/// What a branch's `type` tests make of it.
enum Outcome {
    /// Taken, with these children.
    Always(Vec<LayoutRenderingElement>),
    Never,
    /// Still up to its other tests (its `type` tests gone).
    Open(ChooseBranch),
}

fn branch(mut b: ChooseBranch, is: &dyn Fn(&Kind) -> bool) -> Outcome {
    let Some(types) = b.type_.take() else { return Outcome::Open(b) };
    let any_type = types.iter().any(is);
    let all_types = types.iter().all(is);
    let others = b.disambiguate.is_some()
        || b.is_numeric.is_some()
        || b.is_uncertain_date.is_some()
        || b.locator.is_some()
        || b.position.is_some()
        || b.variable.is_some();
    // hayagriva tests `match` over the type tests followed by the others:
    // all(types ++ rest), any(types ++ rest), none(types ++ rest).
    let (decided, rest_empty) = match b.match_ {
        ChooseMatch::All if !all_types => (Some(false), false),
        ChooseMatch::Any if any_type => (Some(true), false),
        ChooseMatch::None if any_type => (Some(false), false),
        // Undecided: the rest decides; with no rest, the empty test does.
        ChooseMatch::All | ChooseMatch::None => (None, true),
        ChooseMatch::Any => (None, false),
    };
    match decided {
        Some(true) => Outcome::Always(b.children),
        Some(false) => Outcome::Never,
        None if others => Outcome::Open(b),
        None if rest_empty => Outcome::Always(b.children),
        None => Outcome::Never,
    }
}

/// A branch with no test: `all` of nothing holds, `any` of nothing does not.
fn constant(holds: bool, children: Vec<LayoutRenderingElement>) -> ChooseBranch {
    ChooseBranch {
        disambiguate: None,
        is_numeric: None,
        is_uncertain_date: None,
        locator: None,
        position: None,
        type_: None,
        variable: None,
        match_: if holds { ChooseMatch::All } else { ChooseMatch::Any },
        children,
    }
}

fn choose(c: &mut Choose, is: &dyn Fn(&Kind) -> bool) {
    let branches = std::iter::once(c.if_.clone()).chain(c.else_if.drain(..));
    let mut open: Vec<ChooseBranch> = Vec::new();
    let mut otherwise = c.otherwise.take();
    for b in branches.collect::<Vec<_>>() {
        match branch(b, is) {
            Outcome::Never => {}
            Outcome::Open(b) => open.push(b),
            Outcome::Always(children) => {
                // Later branches can no longer be reached.
                otherwise = Some(ElseBranch { children });
                break;
            }
        }
    }
    let mut open = open.into_iter();
    match open.next() {
        Some(first) => {
            c.if_ = first;
            c.else_if = open.collect();
            c.otherwise = otherwise;
        }
        None => {
            c.if_ = match otherwise {
                Some(e) => constant(true, e.children),
                None => constant(false, Vec::new()),
            };
            c.else_if = Vec::new();
            c.otherwise = None;
        }
    }
    for b in std::iter::once(&mut c.if_).chain(c.else_if.iter_mut()) {
        elements(&mut b.children, is);
    }
    if let Some(e) = c.otherwise.as_mut() {
        elements(&mut e.children, is);
    }
}

/// Every type `style` tests for.
pub(super) fn tested_kinds(style: &IndependentStyle) -> HashSet<Kind> {
    fn walk(list: &[LayoutRenderingElement], out: &mut HashSet<Kind>) {
        for el in list {
            match el {
                LayoutRenderingElement::Group(g) => walk(&g.children, out),
                LayoutRenderingElement::Choose(c) => {
                    for b in c.branches() {
                        out.extend(b.type_.iter().flatten().copied());
                        walk(&b.children, out);
                    }
                    if let Some(e) = &c.otherwise {
                        walk(&e.children, out);
                    }
                }
                LayoutRenderingElement::Names(n) => {
                    for child in &n.children {
                        if let NamesChild::Substitute(s) = child {
                            walk(&s.children, out);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = HashSet::new();
    for m in &style.macros {
        walk(&m.children, &mut out);
    }
    walk(&style.citation.layout.elements, &mut out);
    if let Some(b) = &style.bibliography {
        walk(&b.layout.elements, &mut out);
    }
    out
}

/// The CSL name of `kind` (`webpage`, `article-journal`).
fn kind_name(kind: Kind) -> Option<String> {
    match serde_json::to_value(kind).ok()? {
        serde_json::Value::String(s) => Some(s),
        _ => None,
    }
}

/// Which of `candidates` hayagriva takes `entry` to be, asked of
/// hayagriva: `None` when the probe cannot be made or read.
pub(super) fn kinds(
    entry: &Entry,
    candidates: &HashSet<Kind>,
    locales: &[Locale],
) -> Option<HashSet<Kind>> {
    let named: Vec<(Kind, String)> =
        candidates.iter().filter_map(|k| Some((*k, kind_name(*k)?))).collect();
    if named.len() != candidates.len() {
        return None;
    }
    let tests: String = named
        .iter()
        .map(|(_, n)| format!(r#"<choose><if type="{n}"><text value="{n}"/></if></choose>"#))
        .collect();
    let xml = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
<info><title>Probe</title><id>probe</id><updated>2024-01-01T00:00:00+00:00</updated></info>
<citation><layout><group delimiter=" ">{tests}</group></layout></citation>
</style>"#
    );
    let style = IndependentStyle::from_xml(&xml).ok()?;
    let item = CitationItem::with_entry(entry);
    let request =
        CitationRequest::new(vec![item], &style, Some(LocaleCode::en_us()), locales, None);
    let mut text = String::new();
    super::engine::plain_of(&hayagriva::standalone_citation(request), &mut text);
    let said: BTreeSet<&str> = text.split_whitespace().collect();
    Some(named.into_iter().filter(|(_, n)| said.contains(n.as_str())).map(|(k, _)| k).collect())
}
