//! Refuses theme templates that grow a value or a loop without bound.
//!
//! tera has no output or memory limit, and its `~` and filters cannot be
//! hooked, so this is a static check of what a hostile theme most easily
//! does: `{% set_global s = s ~ s %}` in a loop doubles `s` each time
//! (40 turns ask for a terabyte), and `range` loops nested in each other
//! multiply (each is capped at [`RANGE_MAX`] alone). It is not a proof of
//! bounded memory: a theme is code the site trusts, as a Hugo or Zola
//! theme is (see the README's security notes).

use tera::Tera;
use tera::ast::{Expr, ExprVal, FunctionCall, Node};

use super::sandbox::RANGE_MAX;

/// Each template of `tera` (its name) with the first thing that makes it
/// unbounded, in name order.
pub fn find_all(tera: &Tera) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut names: Vec<&String> = tera.templates.keys().collect();
    names.sort();
    for name in names {
        let tpl = &tera.templates[name];
        let mut bodies = std::iter::once(&tpl.ast).chain(tpl.macros.values().map(|m| &m.body));
        if let Some(why) = bodies.find_map(|body| nodes(body, 1)) {
            out.push((name.clone(), why));
        }
    }
    out
}

/// `turns`: how many times the loops around `body` can run it, at most.
fn nodes(body: &[Node], turns: u128) -> Option<String> {
    body.iter().find_map(|n| node(n, turns))
}

fn node(node: &Node, turns: u128) -> Option<String> {
    match node {
        Node::Set(_, set) if uses(&set.value, &set.key) > 1 => Some(format!(
            "`{{% set {} = … %}}` names `{}` more than once: each time it runs the value can \
             double, without bound; build the text in one expression or with a loop that \
             prints it",
            set.key, set.key
        )),
        Node::Forloop(_, f, _) => {
            let inner = match range_count(&f.container) {
                Some(n) => turns.saturating_mul(n),
                None => turns,
            };
            if inner > RANGE_MAX as u128 && inner != turns {
                return Some(format!(
                    "`range` loops nested in each other can run {inner} times; a theme may run \
                     at most {RANGE_MAX} (a `range` whose bounds are not numbers counts as \
                     {RANGE_MAX})"
                ));
            }
            nodes(&f.body, inner).or_else(|| f.empty_body.as_deref().and_then(|b| nodes(b, turns)))
        }
        Node::Block(_, b, _) => nodes(&b.body, turns),
        Node::FilterSection(_, s, _) => nodes(&s.body, turns),
        Node::If(cond, _) => cond
            .conditions
            .iter()
            .find_map(|(_, _, body)| nodes(body, turns))
            .or_else(|| cond.otherwise.as_ref().and_then(|(_, body)| nodes(body, turns))),
        _ => None,
    }
}

/// How many items a loop over `range(…)` makes: its literal count, else
/// the most `range` allows; `None` when the container is not a `range`.
fn range_count(e: &Expr) -> Option<u128> {
    let ExprVal::FunctionCall(f) = &e.val else { return None };
    if f.name != "range" {
        return None;
    }
    let int = |k: &str| match f.args.get(k).map(|a| &a.val) {
        None => Some(None),
        Some(ExprVal::Int(i)) => Some(Some(*i)),
        Some(_) => None,
    };
    let count = match (int("start"), int("end"), int("step_by")) {
        (Some(start), Some(Some(end)), Some(step)) => {
            let (start, step) = (start.unwrap_or(0), step.unwrap_or(1).max(1));
            u128::try_from((end - start).max(0)).ok().map(|d| d.div_ceil(step as u128))
        }
        _ => None,
    };
    Some(count.unwrap_or(RANGE_MAX as u128).min(RANGE_MAX as u128))
}

/// How many times `e` reads the variable `key` (or a part of it).
fn uses(e: &Expr, key: &str) -> usize {
    val(&e.val, key) + e.filters.iter().map(|f| call(f, key)).sum::<usize>()
}

fn call(f: &FunctionCall, key: &str) -> usize {
    f.args.values().map(|a| uses(a, key)).sum()
}

fn val(v: &ExprVal, key: &str) -> usize {
    match v {
        ExprVal::Ident(name) => {
            let rest = name.strip_prefix(key);
            usize::from(rest.is_some_and(|r| r.is_empty() || r.starts_with(['.', '['])))
        }
        ExprVal::MacroCall(m) => m.args.values().map(|a| uses(a, key)).sum(),
        ExprVal::FunctionCall(f) => call(f, key),
        ExprVal::Math(m) => uses(&m.lhs, key) + uses(&m.rhs, key),
        ExprVal::Logic(l) => uses(&l.lhs, key) + uses(&l.rhs, key),
        ExprVal::In(i) => uses(&i.lhs, key) + uses(&i.rhs, key),
        ExprVal::Test(t) => t.args.iter().map(|a| uses(a, key)).sum(),
        ExprVal::Array(items) => items.iter().map(|a| uses(a, key)).sum(),
        ExprVal::StringConcat(c) => c.values.iter().map(|v| val(v, key)).sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    fn why(body: &str) -> Option<String> {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t.html", body).unwrap();
        super::find_all(&tera).into_iter().next().map(|(_, why)| why)
    }

    #[test]
    fn doubling_and_nested_ranges_are_refused() {
        for bad in [
            "{% set_global s = \"x\" %}{% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}",
            "{% set s = s ~ \"-\" ~ s %}",
            "{% set l = l | concat(with=l) %}",
            "{% set s = s | replace(from=\"x\", to=s) %}",
            "{% macro m(s) %}{% set s = s ~ s %}{{ s }}{% endmacro m %}",
            "{% for i in range(end=1000) %}{% for j in range(end=1000) %}x{% endfor %}{% endfor %}",
            "{% for i in range(end=n) %}{% if a %}{% for j in range(end=2) %}{% endfor %}{% endif %}{% endfor %}",
        ] {
            assert!(why(bad).is_some(), "{bad}");
        }
        for ok in [
            "{% set_global n = 0 %}{% for r in records %}{% set_global n = n + 1 %}{% endfor %}",
            "{% set_global out = \"\" %}{% for r in records %}{% set_global out = out ~ r.title %}{% endfor %}",
            "{% set s2 = s ~ s %}",
            "{% for i in range(end=100) %}{% for j in range(end=1000) %}{% endfor %}{% endfor %}",
            "{% for i in range(end=100000) %}{% for r in records %}{% endfor %}{% endfor %}",
        ] {
            assert_eq!(why(ok), None, "{ok}");
        }
    }
}
