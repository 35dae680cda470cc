//! A CSL style partially evaluated for one shape of entry.
//!
//! APA's style asks "is this item a book? a chapter? a journal article?
//! has it a DOI? a volume? an editor?" hundreds of times per rendering,
//! and hayagriva answers each question afresh: a third of a 10,000-record
//! build went there. Every record of a site is the same kind of entry
//! with the same few fields, so those questions have the same answers for
//! all of them. [`prune`] answers them once: each `<choose>` branch whose
//! outcome its `type` tests and its tests of absent variables decide is
//! replaced by that outcome, and the tests that do not decide it are
//! dropped from the branch. A test of a variable the entry has is left to
//! hayagriva (a substituted variable reads as empty later in the same
//! rendering), as is every other kind of test, so a pruned style renders
//! exactly what the full one does (the tests compare both).
//!
//! Which types an entry matches and which variables it has come from
//! hayagriva itself: [`probe`] renders the entry with a style of one
//! `<if type="…">` per type and one `<if variable="…">` per variable.

use std::collections::{BTreeSet, HashSet};

use hayagriva::citationberg::taxonomy::{Kind, NumberVariable, StandardVariable, Variable};
use hayagriva::citationberg::{
    Choose, ChooseBranch, ChooseMatch, ElseBranch, IndependentStyle, LayoutRenderingElement,
    Locale, LocaleCode, NamesChild, SortKey, TextTarget,
};
use hayagriva::{CitationItem, CitationRequest, Entry};

/// What the probe learnt of one entry.
#[derive(Debug, Default)]
pub(super) struct Known {
    /// The types it matches.
    pub(super) kinds: HashSet<Kind>,
    /// The tested variables it lacks.
    pub(super) absent: HashSet<Variable>,
}

impl Known {
    /// A test's outcome, where it is certain.
    fn variable(&self, v: &Variable) -> Option<bool> {
        // Querying these records which identifier a citation used (a side
        // effect on the rendering), so their tests stay.
        let effect = matches!(
            v,
            Variable::Standard(StandardVariable::CitationLabel)
                | Variable::Number(NumberVariable::CitationNumber)
        );
        (!effect && self.absent.contains(v)).then_some(false)
    }
}

/// `style` with every `type` test and every test of an absent variable
/// answered for an entry `known` describes.
pub(super) fn prune(style: &IndependentStyle, known: &Known) -> IndependentStyle {
    let mut out = style.clone();
    for m in &mut out.macros {
        elements(&mut m.children, known);
    }
    elements(&mut out.citation.layout.elements, known);
    if let Some(b) = out.bibliography.as_mut() {
        elements(&mut b.layout.elements, known);
    }
    // hayagriva finds a macro by reading the list from the start, for
    // every use: the macros no branch left can reach go.
    let reachable = reachable_macros(&out);
    out.macros.retain(|m| reachable.contains(m.name.as_str()));
    out
}

/// A `<choose>` left with no test and nothing in its branches: it prints
/// nothing and no group counts it (hayagriva skips it).
fn is_dead(el: &LayoutRenderingElement) -> bool {
    let LayoutRenderingElement::Choose(c) = el else { return false };
    let empty = |b: &ChooseBranch| {
        b.children.is_empty()
            && b.disambiguate.is_none()
            && b.is_numeric.is_none()
            && b.is_uncertain_date.is_none()
            && b.locator.is_none()
            && b.position.is_none()
            && b.type_.is_none()
            && b.variable.is_none()
    };
    empty(&c.if_)
        && c.else_if.is_empty()
        && c.otherwise.as_ref().is_none_or(|e| e.children.is_empty())
}

/// Calls `f` on each element of `list` and on everything nested in it
/// (a group's children, every branch of a choice, a name's substitutes).
fn each(list: &[LayoutRenderingElement], f: &mut dyn FnMut(&LayoutRenderingElement)) {
    for el in list {
        f(el);
        match el {
            LayoutRenderingElement::Group(g) => each(&g.children, f),
            LayoutRenderingElement::Choose(c) => {
                for b in c.branches() {
                    each(&b.children, f);
                }
                if let Some(e) = &c.otherwise {
                    each(&e.children, f);
                }
            }
            LayoutRenderingElement::Names(n) => {
                for child in &n.children {
                    if let NamesChild::Substitute(s) = child {
                        each(&s.children, f);
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

/// The names of the macros `style`'s layouts and sort keys use, directly
/// or through other macros.
fn reachable_macros(style: &IndependentStyle) -> HashSet<String> {
    fn uses(list: &[LayoutRenderingElement], out: &mut Vec<String>) {
        each(list, &mut |el| {
            if let LayoutRenderingElement::Text(t) = el
                && let TextTarget::Macro { name } = &t.target
            {
                out.push(name.clone());
            }
        });
    }
    let mut todo = Vec::new();
    uses(&style.citation.layout.elements, &mut todo);
    let sorts =
        style.citation.sort.iter().chain(style.bibliography.iter().filter_map(|b| b.sort.as_ref()));
    for sort in sorts {
        for key in &sort.keys {
            if let SortKey::MacroName { name, .. } = key {
                todo.push(name.clone());
            }
        }
    }
    if let Some(b) = &style.bibliography {
        uses(&b.layout.elements, &mut todo);
    }
    let mut seen = HashSet::new();
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            for m in style.macros.iter().filter(|m| m.name == name) {
                uses(&m.children, &mut todo);
            }
        }
    }
    seen
}

fn elements(list: &mut Vec<LayoutRenderingElement>, known: &Known) {
    walk(list, known);
    list.retain(|el| !is_dead(el));
}

fn walk(list: &mut [LayoutRenderingElement], known: &Known) {
    for el in list {
        match el {
            LayoutRenderingElement::Group(g) => elements(&mut g.children, known),
            LayoutRenderingElement::Choose(c) => choose(c, known),
            LayoutRenderingElement::Names(n) => {
                for child in &mut n.children {
                    if let NamesChild::Substitute(s) = child {
                        elements(&mut s.children, known);
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

/// What a branch's decided tests make of it.
enum Outcome {
    /// Taken, with these children.
    Always(Vec<LayoutRenderingElement>),
    Never,
    /// Still up to its other tests (its decided tests gone).
    Open(ChooseBranch),
}

fn branch(mut b: ChooseBranch, known: &Known) -> Outcome {
    // The outcomes of the tests answered here, taken out of the branch.
    let mut decided: Vec<bool> = Vec::new();
    if let Some(types) = b.type_.take() {
        decided.extend(types.iter().map(|k| known.kinds.contains(k)));
    }
    if let Some(vars) = b.variable.take() {
        let mut open = Vec::new();
        for v in vars {
            match known.variable(&v) {
                Some(outcome) => decided.push(outcome),
                None => open.push(v),
            }
        }
        b.variable = (!open.is_empty()).then_some(open);
    }
    if decided.is_empty() {
        return Outcome::Open(b);
    }
    let others = b.disambiguate.is_some()
        || b.is_numeric.is_some()
        || b.is_uncertain_date.is_some()
        || b.locator.is_some()
        || b.position.is_some()
        || b.variable.is_some();
    // hayagriva tests `match` over all of a branch's tests:
    // all(decided ++ rest), any(decided ++ rest), none(decided ++ rest).
    let (outcome, rest_empty) = match b.match_ {
        ChooseMatch::All if decided.contains(&false) => (Some(false), false),
        ChooseMatch::Any if decided.contains(&true) => (Some(true), false),
        ChooseMatch::None if decided.contains(&true) => (Some(false), false),
        // Undecided: the rest decides; with no rest, the empty test does.
        ChooseMatch::All | ChooseMatch::None => (None, true),
        ChooseMatch::Any => (None, false),
    };
    match outcome {
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

fn choose(c: &mut Choose, known: &Known) {
    let branches = std::iter::once(c.if_.clone()).chain(c.else_if.drain(..));
    let mut open: Vec<ChooseBranch> = Vec::new();
    let mut otherwise = c.otherwise.take();
    for b in branches.collect::<Vec<_>>() {
        match branch(b, known) {
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
        elements(&mut b.children, known);
    }
    if let Some(e) = c.otherwise.as_mut() {
        elements(&mut e.children, known);
    }
}

/// Every type and every variable `style`'s `<choose>` branches test.
pub(super) fn tested(style: &IndependentStyle) -> (HashSet<Kind>, HashSet<Variable>) {
    let mut kinds = HashSet::new();
    let mut variables = HashSet::new();
    let mut take = |el: &LayoutRenderingElement| {
        if let LayoutRenderingElement::Choose(c) = el {
            for b in c.branches() {
                kinds.extend(b.type_.iter().flatten().copied());
                variables.extend(b.variable.iter().flatten().copied());
            }
        }
    };
    for m in &style.macros {
        each(&m.children, &mut take);
    }
    each(&style.citation.layout.elements, &mut take);
    if let Some(b) = &style.bibliography {
        each(&b.layout.elements, &mut take);
    }
    (kinds, variables)
}

/// The CSL name of a type or variable (`webpage`, `container-title`).
fn csl_name(value: impl serde::Serialize) -> Option<String> {
    match serde_json::to_value(value).ok()? {
        serde_json::Value::String(s) => Some(s),
        _ => None,
    }
}

/// Which of `kinds` hayagriva takes `entry` to be and which of
/// `variables` it lacks, asked of hayagriva: `None` when the probe cannot
/// be made or read.
pub(super) fn probe(
    entry: &Entry,
    kinds: &HashSet<Kind>,
    variables: &HashSet<Variable>,
    locales: &[Locale],
) -> Option<Known> {
    let kinds: Vec<(Kind, String)> =
        kinds.iter().map(|k| Some((*k, csl_name(k)?))).collect::<Option<_>>()?;
    let variables: Vec<(Variable, String)> =
        variables.iter().map(|v| Some((*v, csl_name(v)?))).collect::<Option<_>>()?;
    // Each test prints a token of its own (`t3`, `v12`) when it holds.
    // `probe` always prints: a probe that printed nothing failed.
    let mut tests = String::from(r#"<text value="probe"/>"#);
    for (i, (_, name)) in kinds.iter().enumerate() {
        tests += &format!(r#"<choose><if type="{name}"><text value="t{i}"/></if></choose>"#);
    }
    for (i, (_, name)) in variables.iter().enumerate() {
        tests += &format!(r#"<choose><if variable="{name}"><text value="v{i}"/></if></choose>"#);
    }
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
    if !said.contains("probe") {
        return None;
    }
    let holds = |prefix: char, i: usize| said.contains(format!("{prefix}{i}").as_str());
    Some(Known {
        kinds: kinds.iter().enumerate().filter(|(i, _)| holds('t', *i)).map(|(_, k)| k.0).collect(),
        absent: variables
            .iter()
            .enumerate()
            .filter(|(i, _)| !holds('v', *i))
            .map(|(_, v)| v.0)
            .collect(),
    })
}
