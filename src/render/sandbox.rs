//! tera builtins a hostile theme could abuse, replaced.
//!
//! A theme can arrive in a pull request, and CI builds it with secrets in
//! the environment. tera 1 registers `get_env` and `range` whatever its
//! features: `get_env` would write a secret into the site, and `range`
//! allocates its whole list, so `range(end=3000000000)` asks for gigabytes.
//! Both are registered again under their names, after tera's own.

use std::collections::HashMap;

use tera::{Tera, Value};

/// The most items one `range(…)` may make. A theme's loops run over
/// records; a counted loop longer than this is a mistake or an attack.
pub const RANGE_MAX: usize = 100_000;

/// Replaces tera's `get_env` and `range` on `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_function("get_env", get_env);
    tera.register_function("range", range);
}

/// Always an error: a site must build to the same bytes on any machine,
/// and the environment of a CI build holds its secrets.
fn get_env(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let name = args.get("name").and_then(Value::as_str).unwrap_or("");
    Err(tera::Error::msg(format!(
        "get_env(name=\"{name}\"): themes cannot read environment variables (a site must \
         build to the same bytes anywhere, and the environment may hold secrets)"
    )))
}

/// A `usize` argument, with tera's wording when it is not one.
fn number(args: &HashMap<String, Value>, key: &str, called: &str) -> tera::Result<Option<usize>> {
    match args.get(key) {
        None => Ok(None),
        Some(val) => tera::from_value::<usize>(val.clone()).map(Some).map_err(|_| {
            tera::Error::msg(format!(
                "Function `range` received {key}={val} but `{called}` can only be a number"
            ))
        }),
    }
}

/// tera 1.20's `range` (same arguments, defaults and errors), except that
/// it refuses to make more than [`RANGE_MAX`] items, or to step by 0
/// (tera's loops for ever there).
fn range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let start = number(args, "start", "start")?.unwrap_or(0);
    // tera names this one `step` in its message.
    let step_by = number(args, "step_by", "step")?.unwrap_or(1);
    let Some(end) = number(args, "end", "end")? else {
        return Err(tera::Error::msg("Function `range` was called without a `end` argument"));
    };
    if start > end {
        return Err(tera::Error::msg(
            "Function `range` was called with a `start` argument greater than the `end` one",
        ));
    }
    if step_by == 0 {
        return Err(tera::Error::msg(
            "Function `range` was called with step_by=0, which would never reach `end`",
        ));
    }
    let count = (end - start).div_ceil(step_by);
    if count > RANGE_MAX {
        return Err(tera::Error::msg(format!(
            "Function `range` would make {count} items; a theme may make at most {RANGE_MAX} \
             in one range (a longer one could exhaust the memory of the machine that builds \
             the site)"
        )));
    }
    Ok(Value::Array((start..end).step_by(step_by).map(Value::from).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `body` with tera's builtins, or with ours laid over them.
    fn render(body: &str, ours: bool) -> Result<String, String> {
        let mut tera = Tera::default();
        if ours {
            register(&mut tera);
        }
        tera.add_raw_template("t", body).map_err(|e| e.to_string())?;
        tera.render("t", &tera::Context::new()).map_err(|e| {
            let mut parts = vec![e.to_string()];
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                parts.push(s.to_string());
                source = s.source();
            }
            parts.join(": ")
        })
    }

    #[test]
    fn range_within_the_cap_is_teras_range() {
        for args in [
            "end=5",
            "end=0",
            "start=2, end=5",
            "start=5, end=5",
            "start=1, end=10, step_by=3",
            "start=0, end=10, step_by=20",
            "end=100000",
            "start=6, end=5",
            "start=1",
            "end=-1",
            "end=2.5",
            "end=\"3\"",
            "start=-2, end=3",
            "end=3, step_by=\"x\"",
            "end=3, step_by=-1",
        ] {
            let body = format!("{{% for i in range({args}) %}}{{{{ i }}}},{{% endfor %}}");
            assert_eq!(render(&body, true), render(&body, false), "range({args})");
        }
        assert_eq!(render("{{ range(start=1, end=8, step_by=3) }}", true).unwrap(), "[1, 4, 7]");
    }

    #[test]
    fn range_over_the_cap_is_refused_without_allocating() {
        let e = render("{% for i in range(end=3000000000) %}{% endfor %}", true).unwrap_err();
        assert!(e.contains("would make 3000000000 items") && e.contains("at most 100000"), "{e}");
        let e = render("{{ range(end=100001) | length }}", true).unwrap_err();
        assert!(e.contains("at most 100000"), "{e}");
        // Stepping keeps the count in bounds.
        assert_eq!(
            render("{{ range(end=3000000000, step_by=30000) | length }}", true).unwrap(),
            "100000"
        );
        let e = render("{{ range(end=3, step_by=0) }}", true).unwrap_err();
        assert!(e.contains("step_by=0"), "{e}");
    }

    #[test]
    fn get_env_is_refused() {
        // tera's own reads PATH, which every process has.
        assert!(render("{{ get_env(name=\"PATH\") }}", false).is_ok());
        let e = render("{{ get_env(name=\"PATH\") }}", true).unwrap_err();
        assert!(e.contains("themes cannot read environment variables"), "{e}");
        assert!(e.contains("get_env(name=\"PATH\")"), "{e}");
        let e = render("{{ get_env(name=\"PATH\", default=\"x\") }}", true).unwrap_err();
        assert!(e.contains("themes cannot read"), "{e}");
    }
}
