//! Refuses a theme whose macros, includes or imports can recurse.
//!
//! tera has no recursion limit: a macro that calls itself, templates that
//! include each other, or macro files that import each other recurse until
//! the stack overflows, and the process aborts (taking `serve` with it). A
//! theme can come in a pull request, so when it loads every template's
//! syntax tree is walked for macro calls, includes and imports, and a
//! cycle among them refuses the theme. Recursion that would end is refused
//! too: nothing could stop it if it did not, and a loop does the same work.
//!
//! A call `ns::name` is taken to reach every macro `name` in any file that
//! `ns` names anywhere in the theme (`self` names each file with macros):
//! tera looks a macro up in the namespaces of the template being rendered
//! (a block's, an includer's), not always the file the call is written in,
//! so the check errs on the side of refusing.

use std::collections::{BTreeMap, BTreeSet};

use tera::Tera;
use tera::ast::{Expr, ExprVal, FunctionCall, Node};

/// What runs when a template renders: its top level (blocks included), one
/// of its macros, or the loading of the macro files it imports.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    Top(String),
    Macro(String, String),
    Imports(String),
}

/// The first cycle among the theme's templates, as the units on it (the
/// first one again at the end), or `None`.
pub fn find_cycle(tera: &Tera) -> Option<Vec<Unit>> {
    let graph = graph(tera);
    cycle(&graph)
}

/// The cycle in words, each template shown by `describe`.
pub fn explain(cycle: &[Unit], describe: impl Fn(&str) -> String) -> String {
    let steps: Vec<String> = cycle
        .iter()
        .map(|u| match u {
            Unit::Top(file) => format!("template {}", describe(file)),
            Unit::Macro(file, name) => format!("macro `{name}` in {}", describe(file)),
            Unit::Imports(file) => format!("the imports of {}", describe(file)),
        })
        .collect();
    format!(
        "the theme can recurse without end: {}; a recursive macro, include or import can \
         recurse without end and would crash the build: write it as a loop",
        steps.join(" -> ")
    )
}

/// The macro calls (`namespace`, `name`) and includes a piece of template
/// makes, at any depth of its expressions.
#[derive(Default)]
struct Reach<'a> {
    calls: BTreeSet<(&'a str, &'a str)>,
    includes: BTreeSet<&'a str>,
    /// Includes without `ignore missing`: each must be a template.
    required: BTreeSet<&'a str>,
    filters: BTreeSet<&'a str>,
    functions: BTreeSet<&'a str>,
    tests: BTreeSet<&'a str>,
}

impl<'a> Reach<'a> {
    fn nodes(&mut self, body: &'a [Node]) {
        for node in body {
            self.node(node);
        }
    }

    // Every variant is named so that a new one in tera fails to compile
    // here rather than going unchecked.
    fn node(&mut self, node: &'a Node) {
        match node {
            Node::VariableBlock(_, e) => self.expr(e),
            Node::Set(_, set) => self.expr(&set.value),
            Node::Include(_, names, ignore_missing) => {
                self.includes.extend(names.iter().map(String::as_str));
                // With several names, tera takes the first that exists.
                if !ignore_missing && names.len() == 1 {
                    self.required.extend(names.iter().map(String::as_str));
                }
            }
            Node::FilterSection(_, section, _) => {
                self.filters.insert(&section.filter.name);
                self.call(&section.filter);
                self.nodes(&section.body);
            }
            Node::Block(_, block, _) => self.nodes(&block.body),
            Node::Forloop(_, forloop, _) => {
                self.expr(&forloop.container);
                self.nodes(&forloop.body);
                if let Some(empty) = &forloop.empty_body {
                    self.nodes(empty);
                }
            }
            Node::If(cond, _) => {
                for (_, e, body) in &cond.conditions {
                    self.expr(e);
                    self.nodes(body);
                }
                if let Some((_, body)) = &cond.otherwise {
                    self.nodes(body);
                }
            }
            // Macro bodies are units of their own (`Template::macros`);
            // extends and imports are edges of the template.
            Node::MacroDefinition(..)
            | Node::Extends(..)
            | Node::ImportMacro(..)
            | Node::Super
            | Node::Text(_)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }

    fn expr(&mut self, e: &'a Expr) {
        self.val(&e.val);
        for filter in &e.filters {
            self.filters.insert(&filter.name);
            self.call(filter);
        }
    }

    fn call(&mut self, f: &'a FunctionCall) {
        for arg in f.args.values() {
            self.expr(arg);
        }
    }

    fn val(&mut self, v: &'a ExprVal) {
        match v {
            ExprVal::MacroCall(m) => {
                self.calls.insert((&m.namespace, &m.name));
                for arg in m.args.values() {
                    self.expr(arg);
                }
            }
            ExprVal::FunctionCall(f) => {
                self.functions.insert(&f.name);
                self.call(f);
            }
            ExprVal::Math(m) => {
                self.expr(&m.lhs);
                self.expr(&m.rhs);
            }
            ExprVal::Logic(l) => {
                self.expr(&l.lhs);
                self.expr(&l.rhs);
            }
            ExprVal::In(i) => {
                self.expr(&i.lhs);
                self.expr(&i.rhs);
            }
            ExprVal::Test(t) => {
                self.tests.insert(&t.name);
                for arg in &t.args {
                    self.expr(arg);
                }
            }
            ExprVal::Array(items) => {
                for item in items {
                    self.expr(item);
                }
            }
            ExprVal::StringConcat(c) => {
                for v in &c.values {
                    self.val(v);
                }
            }
            ExprVal::String(_)
            | ExprVal::Int(_)
            | ExprVal::Float(_)
            | ExprVal::Bool(_)
            | ExprVal::Ident(_) => {}
        }
    }
}

/// Where `what` (as [`find_unknown`] says it: the name in backticks) is
/// first used in the template's source, as a 1-based position.
pub fn first_use(source: &str, what: &str) -> crate::core::diag::Pos {
    let name = what.split('`').nth(1).unwrap_or("");
    let found = if what.starts_with("the filter") {
        regex::Regex::new(&format!(r"\|\s*{}\b", regex::escape(name)))
            .ok()
            .and_then(|re| re.find(source))
            .map(|m| m.end() - name.len())
    } else if what.starts_with("the included") {
        source.find(&format!("\"{name}\"")).or_else(|| source.find(&format!("'{name}'")))
    } else if what.starts_with("the test") {
        regex::Regex::new(&format!(r"\bis\s+(?:not\s+)?{}\b", regex::escape(name)))
            .ok()
            .and_then(|re| re.find(source))
            .map(|m| m.end() - name.len())
    } else {
        regex::Regex::new(&format!(r"\b{}\s*\(", regex::escape(name)))
            .ok()
            .and_then(|re| re.find(source))
            .map(|m| m.start())
    };
    let Some(at) = found else { return crate::core::diag::Pos::START };
    pos_at(source, at)
}

/// The line and column of byte `at` of `source`.
pub fn pos_at(source: &str, at: usize) -> crate::core::diag::Pos {
    let before = source.get(..at).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    crate::core::diag::Pos::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

/// Every template `extends` or `import`s that the theme does not have, in
/// the templates of `parsed` (name, parsed, source), as (template, where,
/// what is wrong, in words): tera says only that the templates do not fit
/// together, naming no place.
pub fn find_missing_parents<'a>(
    parsed: impl IntoIterator<Item = (&'a str, &'a tera::Template, &'a str)>,
    names: &std::collections::BTreeSet<&str>,
) -> Vec<(String, crate::core::diag::Pos, String)> {
    let mut out = Vec::new();
    for (name, template, source) in parsed {
        let wanted = template
            .parent
            .iter()
            .map(|p| ("extends", p.as_str()))
            .chain(template.imported_macro_files.iter().map(|(f, _)| ("imports", f.as_str())));
        for (how, file) in wanted {
            if names.contains(file) {
                continue;
            }
            let at = quoted_at(source, file);
            let near = crate::core::diag::did_you_mean(file, names.iter().copied())
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            let what = format!("the template {how} `{file}`, which the theme does not have{near}");
            out.push((name.to_owned(), at, what));
        }
    }
    out
}

/// Where `name` is first written quoted in `source` (a template named by
/// `extends`, `import` or `include`), or its start.
pub fn quoted_at(source: &str, name: &str) -> crate::core::diag::Pos {
    source
        .find(&format!("\"{name}\""))
        .or_else(|| source.find(&format!("'{name}'")))
        .or_else(|| source.find(&format!("`{name}`")))
        .map_or(crate::core::diag::Pos::START, |i| pos_at(source, i))
}

/// Every name a template uses that the theme cannot resolve (a filter,
/// function or test tera does not have, a template included that is not
/// there), as (template, what is wrong, in words), in template order. tera
/// finds these only when the template renders, so `check` would pass a
/// theme `build` refuses.
pub fn find_unknown(tera: &Tera) -> Vec<(String, String)> {
    let mut names: Vec<&String> = tera.templates.keys().collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let reach = reach_of(&tera.templates[name]);
        // `safe` and `default` are the renderer's own, never registered.
        let kinds: [(&BTreeSet<&str>, &str, Known<'_>); 4] = [
            (&reach.filters, "the filter", &|f| {
                matches!(f, "safe" | "default") || tera.get_filter(f).is_ok()
            }),
            (&reach.functions, "the function", &|f| tera.get_function(f).is_ok()),
            (&reach.tests, "the test", &|t| tera.get_tester(t).is_ok()),
            (&reach.required, "the included template", &|i| tera.templates.contains_key(i)),
        ];
        for (found, what, known) in &kinds {
            for n in found.iter().filter(|n| !known(n)) {
                out.push((name.clone(), format!("{what} `{n}` does not exist")));
            }
        }
    }
    out
}

/// The macro calls of `tpl` (its top level, blocks and macros), as
/// (namespace, macro).
pub fn macro_calls(tpl: &tera::Template) -> BTreeSet<(&str, &str)> {
    reach_of(tpl).calls
}

/// What `tpl` reaches: its top level, blocks and macros.
fn reach_of(tpl: &tera::Template) -> Reach<'_> {
    let mut reach = Reach::default();
    reach.nodes(&tpl.ast);
    for block in tpl.blocks.values() {
        reach.nodes(&block.body);
    }
    for m in tpl.macros.values() {
        reach.nodes(&m.body);
    }
    reach
}

/// Whether tera has a name of one kind (filter, function, test, template).
type Known<'t> = &'t dyn Fn(&str) -> bool;

type Graph = BTreeMap<Unit, BTreeSet<Unit>>;

/// Who runs whom, over every template of `tera`.
fn graph(tera: &Tera) -> Graph {
    let names: BTreeSet<&str> = tera.templates.keys().map(String::as_str).collect();
    // Each namespace to the files it can name, in any template.
    let mut spaces: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (name, tpl) in &tera.templates {
        if !tpl.macros.is_empty() {
            spaces.entry("self").or_default().insert(name);
        }
        for (file, ns) in &tpl.imported_macro_files {
            spaces.entry(ns).or_default().insert(file);
        }
    }
    let mut graph = Graph::new();
    let mut edges = |from: Unit, reach: Reach| {
        let to = graph.entry(from).or_default();
        for (ns, name) in reach.calls {
            for file in spaces.get(ns).into_iter().flatten() {
                let defines =
                    tera.templates.get(*file).is_some_and(|t| t.macros.contains_key(name));
                if defines {
                    to.insert(Unit::Macro((*file).to_owned(), name.to_owned()));
                }
            }
        }
        for inc in reach.includes.into_iter().filter(|n| names.contains(n)) {
            to.insert(Unit::Top(inc.to_owned()));
        }
    };
    for name in &names {
        let Some(tpl) = tera.templates.get(*name) else { continue };
        let mut top = Reach::default();
        top.nodes(&tpl.ast);
        edges(Unit::Top((*name).to_owned()), top);
        for (mname, def) in &tpl.macros {
            // Argument defaults are literals in tera's grammar: no calls.
            let mut body = Reach::default();
            body.nodes(&def.body);
            edges(Unit::Macro((*name).to_owned(), mname.clone()), body);
        }
    }
    for name in &names {
        let Some(tpl) = tera.templates.get(*name) else { continue };
        // A child renders its parent's top level.
        if let Some(parent) = &tpl.parent {
            graph
                .entry(Unit::Top((*name).to_owned()))
                .or_default()
                .insert(Unit::Top(parent.clone()));
        }
        let imports = graph.entry(Unit::Imports((*name).to_owned())).or_default();
        for (file, _) in &tpl.imported_macro_files {
            imports.insert(Unit::Imports(file.clone()));
        }
    }
    graph
}

/// A cycle of `graph`, found by a depth-first walk kept on the heap (a
/// theme may be long; the walk must not be what overflows).
fn cycle(graph: &Graph) -> Option<Vec<Unit>> {
    let mut done: BTreeSet<&Unit> = BTreeSet::new();
    for start in graph.keys() {
        if done.contains(start) {
            continue;
        }
        // The path from `start`, each unit with the edges left to follow.
        let mut path: Vec<(&Unit, std::collections::btree_set::Iter<Unit>)> = Vec::new();
        let mut on_path: BTreeSet<&Unit> = BTreeSet::new();
        let next_of = |u: &Unit| graph.get(u).map(|s| s.iter()).unwrap_or_default();
        path.push((start, next_of(start)));
        on_path.insert(start);
        while let Some((unit, next)) = path.last_mut() {
            let unit = *unit;
            match next.next() {
                Some(to) if on_path.contains(to) => {
                    let at = path.iter().position(|(u, _)| *u == to).unwrap_or(0);
                    let mut cycle: Vec<Unit> =
                        path[at..].iter().map(|(u, _)| (*u).clone()).collect();
                    cycle.push(to.clone());
                    return Some(cycle);
                }
                Some(to) if !done.contains(to) => {
                    on_path.insert(to);
                    path.push((to, next_of(to)));
                }
                Some(_) => {}
                None => {
                    on_path.remove(unit);
                    done.insert(unit);
                    path.pop();
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(files: &[(&str, &str)]) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(files.iter().copied()).unwrap();
        tera
    }

    /// The cycle in words, templates shown by name.
    fn refused(files: &[(&str, &str)]) -> String {
        let cycle = find_cycle(&tera(files)).expect("a cycle");
        explain(&cycle, |f| format!("`{f}`"))
    }

    const PAGE: &str = "{% import \"m.html\" as m %}{{ m::start(n=1) }}";

    #[test]
    fn a_macro_calling_itself_is_refused() {
        let msg = refused(&[
            (
                "m.html",
                "{% macro start(n) %}{{ self::rec(n=n) }}{% endmacro start %}{% macro rec(n) %}{{ self::rec(n=n+1) }}{% endmacro rec %}",
            ),
            ("page.html", PAGE),
        ]);
        assert!(msg.contains("macro `rec` in `m.html` -> macro `rec` in `m.html`"), "{msg}");
        assert!(msg.contains("would crash the build") && msg.contains("as a loop"), "{msg}");
    }

    #[test]
    fn macros_calling_each_other_across_files_are_refused() {
        let msg = refused(&[
            (
                "m.html",
                "{% import \"n.html\" as n %}{% macro start(n) %}{{ n::ping(n=n) }}{% endmacro start %}",
            ),
            (
                "n.html",
                "{% import \"m.html\" as back %}{% macro ping(n) %}{% if n < 3 %}{{ back::start(n=n+1) }}{% endif %}{% endmacro ping %}",
            ),
            ("page.html", PAGE),
        ]);
        assert!(
            msg.contains("macro `start` in `m.html`") && msg.contains("macro `ping` in `n.html`"),
            "{msg}"
        );
    }

    #[test]
    fn a_call_hidden_in_an_argument_is_found() {
        for hidden in [
            "{{ self::other(x=self::rec(n=n)) }}",
            "{{ n | default(value=self::rec(n=n)) }}",
            "{% set x = [1, self::rec(n=n)] %}",
            "{% set_global x = range(end=self::rec(n=n)) | length %}",
            "{% for i in [self::rec(n=n)] %}{% endfor %}",
            "{% if n is divisibleby(self::rec(n=n)) %}{% endif %}",
            "{% if (1 + self::rec(n=n)) > 2 %}{% endif %}",
            "{% if n > 1 and not self::rec(n=n) %}{% endif %}",
            "{% if n in [self::rec(n=n)] %}{% endif %}",
            "{% if self::rec(n=n) in [1] %}{% endif %}",
            "{{ \"a\" ~ t(key=self::rec(n=n)) }}",
            "{% for i in range(end=3) | slice(end=self::rec(n=n)) %}{% endfor %}",
            "{% for i in [] %}{% else %}{{ self::rec(n=n) }}{% endfor %}",
            "{% if n %}{% elif n %}{% else %}{{ self::rec(n=n) }}{% endif %}",
            "{% filter upper(x=self::rec(n=n)) %}{% endfilter %}",
            "{{ t(key=self::rec(n=n)) }}",
        ] {
            let body = format!(
                "{{% macro other(x) %}}{{% endmacro other %}}{{% macro rec(n) %}}{hidden}{{% endmacro rec %}}"
            );
            let msg = refused(&[("m.html", &body)]);
            assert!(
                msg.contains("macro `rec` in `m.html` -> macro `rec` in `m.html`"),
                "{hidden}: {msg}"
            );
        }
    }

    #[test]
    fn a_call_is_resolved_as_tera_resolves_it_in_a_block() {
        // Inside a block, tera looks `self::` up in the block's template:
        // m.html has no `b`, yet `m::a()` renders page.html's.
        let files = [
            ("base.html", "{% block main %}{% endblock main %}"),
            ("m.html", "{% macro a() %}{{ self::b() }}{% endmacro a %}"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% import \"m.html\" as m %}{% macro b() %}B{% endmacro b %}{% block main %}{{ m::a() }}{% endblock main %}",
            ),
        ];
        let t = tera(&files);
        assert_eq!(t.render("page.html", &tera::Context::new()).unwrap(), "B");
        assert_eq!(find_cycle(&t), None);
        // So page.html's `b` calling back into `m::a` is a cycle.
        let back = "{% extends \"base.html\" %}{% import \"m.html\" as m %}{% macro b() %}{{ m::a() }}{% endmacro b %}{% block main %}{{ m::a() }}{% endblock main %}";
        let msg = refused(&[files[0], files[1], ("page.html", back)]);
        assert!(msg.contains("macro `a` in `m.html` -> macro `b` in `page.html`"), "{msg}");
    }

    #[test]
    fn an_include_cycle_is_refused() {
        let msg = refused(&[
            ("a.html", "{% include \"b.html\" %}"),
            (
                "b.html",
                "{% block x %}{% include [\"none.html\", \"a.html\"] ignore missing %}{% endblock x %}",
            ),
        ]);
        assert!(
            msg.contains("template `a.html` -> template `b.html` -> template `a.html`"),
            "{msg}"
        );
        // Through a parent: the child's page renders the parent, which includes the child.
        let msg = refused(&[
            ("base.html", "{% include \"child.html\" %}"),
            ("child.html", "{% extends \"base.html\" %}"),
        ]);
        assert!(msg.contains("template `child.html` -> template `base.html`"), "{msg}");
    }

    #[test]
    fn macro_files_importing_each_other_are_refused() {
        let msg = refused(&[
            ("m.html", "{% import \"n.html\" as n %}{% macro a() %}{% endmacro a %}"),
            ("n.html", "{% import \"m.html\" as m %}{% macro b() %}{% endmacro b %}"),
        ]);
        assert!(msg.contains("the imports of `m.html` -> the imports of `n.html`"), "{msg}");
    }

    #[test]
    fn macros_calling_macros_without_a_cycle_are_accepted() {
        let t = tera(&[
            (
                "m.html",
                "{% import \"n.html\" as leaves %}{% macro start(n) %}{{ self::item(n=n) }}{{ leaves::leaf(x=self::item(n=n)) }}{% endmacro start %}{% macro item(n) %}{{ leaves::leaf(x=n) }}{% endmacro item %}",
            ),
            ("n.html", "{% macro leaf(x) %}{{ x }}{% endmacro leaf %}"),
            ("part.html", "{{ 1 }}"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% import \"m.html\" as m %}{% block main %}{{ m::start(n=1) }}{% include \"part.html\" %}{% endblock main %}",
            ),
            ("base.html", "{% include \"part.html\" %}{% block main %}{% endblock main %}"),
        ]);
        assert_eq!(find_cycle(&t), None);
        assert_eq!(t.render("page.html", &tera::Context::new()).unwrap(), "1111");
    }
}
