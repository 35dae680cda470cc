//! A theme file that cannot be used, as an error that keeps the file and
//! the position in it: `check`, `build` and `serve` report it there (an
//! annotation on the file, not on the theme folder), with help that fits
//! the kind of file.

use crate::core::diag::{Diagnostic, Pos};

/// What kind of theme file is broken: the help differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A tera template (`record.html`).
    Template,
    /// An interface string file (`i18n/ja.toml`).
    Strings,
    /// A file published as it is (a theme asset, a file of `static/`).
    File,
}

/// A theme file that does not load, at its own line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// From the project root, `/`-separated.
    pub path: String,
    pub pos: Pos,
    pub message: String,
    pub kind: Kind,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: {}", self.path, self.pos.line, self.pos.col, self.message)
    }
}

impl std::error::Error for FileError {}

impl FileError {
    /// How to fix it.
    pub fn help(&self) -> &'static str {
        match self.kind {
            Kind::Template => {
                "fix the template; `build` and `serve` refuse the theme until then (tera's \
                 syntax: https://keats.github.io/tera/docs/#templates)"
            }
            Kind::Strings => {
                "each line of a string file is `key = \"text\"` or `key = { one = \"…\", other = \
                 \"…\" }` (TOML); `build` and `serve` refuse the theme until then"
            }
            Kind::File => "`build` and `serve` refuse the theme and `static/` until then",
        }
    }

    /// What is wrong with the template at `path`, at `pos`.
    pub fn new(path: &str, pos: Pos, message: &str) -> FileError {
        FileError { path: path.to_owned(), pos, message: message.to_owned(), kind: Kind::Template }
    }

    /// The file at `path` as a whole is wrong: "the template is `why`".
    pub fn whole(path: &str, why: &str, kind: Kind) -> FileError {
        let what = match kind {
            Kind::Template => "the template",
            Kind::Strings => "the string file",
            Kind::File => "the file",
        };
        let message = format!("{what} is {why}");
        FileError { path: path.to_owned(), pos: Pos::START, message, kind }
    }

    /// [`FileError::whole`] as an error.
    pub fn at_start(path: &str, why: &str, kind: Kind) -> anyhow::Error {
        anyhow::Error::new(FileError::whole(path, why, kind))
    }

    /// As a diagnostic at its file.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::error(&self.path, self.pos, &self.message).with_help(self.help())
    }

    /// A tera parse error of the template at `path`: tera's ` --> line:col`
    /// is the position, its `= …` line what it expected.
    pub fn template(path: &str, tera_text: &str) -> FileError {
        let pos = tera_position(tera_text);
        let expected = tera_text.lines().find_map(|l| l.trim().strip_prefix("= "));
        let message = match (pos, expected) {
            (Some(_), Some(what)) => format!("the template does not parse: {what}"),
            _ => format!("the template does not parse: {}", tera_text.trim()),
        };
        FileError {
            path: path.to_owned(),
            pos: pos.unwrap_or(Pos::START),
            message,
            kind: Kind::Template,
        }
    }
}

/// Every theme file that does not load, found in one pass: a designer
/// fixes them all before the next run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileErrors(pub Vec<FileError>);

impl std::fmt::Display for FileErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

impl std::error::Error for FileErrors {}

impl FileErrors {
    /// One error for all of `errors`, or the only one as itself.
    pub fn into_error(mut errors: Vec<FileError>) -> anyhow::Error {
        if errors.len() == 1
            && let Some(one) = errors.pop()
        {
            return anyhow::Error::new(one);
        }
        anyhow::Error::new(FileErrors(errors))
    }
}

/// The first [`FileError`] in `e`, if that is what it is.
pub fn file_error(e: &anyhow::Error) -> Option<&FileError> {
    file_errors(e).into_iter().next()
}

/// The [`FileError`]s in `e`: one, several, or none when it is no file's.
pub fn file_errors(e: &anyhow::Error) -> Vec<&FileError> {
    if let Some(all) = e.downcast_ref::<FileErrors>() {
        return all.0.iter().collect();
    }
    e.downcast_ref::<FileError>().into_iter().collect()
}

/// tera's ` --> line:col` in a message.
pub fn tera_position(message: &str) -> Option<Pos> {
    let rest = &message[message.find("--> ")? + 4..];
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(rest.len());
    let (line, col) = rest[..end].split_once(':')?;
    Some(Pos::new(line.parse().ok()?, col.parse().ok()?))
}

/// A theme error as a diagnostic at its template's line and column where
/// the message says (tera's ` --> line:col`, a missing variable's first
/// use), else at `fallback`: a file that does not load knows where it is;
/// a page that does not render names its template in its message.
pub fn render_diagnostic(e: &anyhow::Error, fallback: &str) -> Diagnostic {
    // A file that does not load knows where it is; a page that does not
    // render says which (a branch only some records take fails only on
    // their pages, which `check` does not render).
    if let Some(f) = file_error(e) {
        let mut d = f.diagnostic();
        d.message = with_page(e, d.message);
        return d;
    }
    let text = format!("{e:#}");
    let mut message = text.as_str();
    let mut file = None;
    if let Some(at) = text.find("theme template `") {
        let rest = &text[at + "theme template `".len()..];
        if let Some((name, after)) = rest.split_once('`') {
            file = Some(name.to_owned());
            message = after.trim_start_matches(" is broken:").trim_start_matches(':');
        }
    } else if let Some(body) = text.strip_suffix("`)")
        && let Some(at) = body.rfind(" (`")
        && !body[at + 3..].contains(['`', ' '])
    {
        file = Some(body[at + 3..].to_owned());
        message = &text[..at];
    }
    // The page that hit a render error is the same error for every page.
    if let Some(at) = message.find("Failed to render") {
        message = &message[at..];
    }
    let pos = tera_position(message).unwrap_or(Pos::START);
    // A syntax error: tera's snippet says what it expected on a `= …` line;
    // the position is the diagnostic's own.
    let expected = message.lines().find_map(|l| l.trim().strip_prefix("= "));
    let message = match (tera_position(message), expected) {
        (Some(_), Some(what)) => format!("the template does not parse: {what}"),
        // The position is the diagnostic's own (a missing variable's).
        _ => message.split(" --> ").next().unwrap_or(message).trim().to_owned(),
    };
    let file = file.filter(|f| !f.is_empty() && !f.contains(char::is_whitespace));
    let path = file.unwrap_or_else(|| fallback.to_owned());
    Diagnostic::error(path, pos, with_page(e, message))
}

/// `message` naming the page whose rendering failed, when `e` says (a
/// branch only some records take fails only on their pages).
fn with_page(e: &anyhow::Error, message: String) -> String {
    match e.to_string().strip_prefix("cannot render ") {
        Some(page) => format!("{message} (rendering {page})"),
        None => message,
    }
}

/// What tera's text of a render error (its chain, `: `-joined) tells of
/// where it happened: the templates it names (`error happened in
/// 'base.html'`, `while rendering 'partials/banner.html'`), the namespace
/// of the macro it was in, and what to look for in a template's source.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Clues<'a> {
    pub named: Vec<&'a str>,
    pub macro_ns: Option<&'a str>,
    needle: Option<Needle<'a>>,
    /// Text the error quotes (`"una-participants"`, `` `count` ``): of a
    /// function's calls, the one whose arguments hold the most of it failed.
    quotes: Vec<&'a str>,
}

#[derive(Debug, PartialEq, Eq)]
enum Needle<'a> {
    Variable(&'a str),
    Filter(&'a str),
    Function(&'a str),
    Test(&'a str),
}

/// The text between `open` and the next `close` after each `open`.
fn quoted<'a>(text: &'a str, open: &str, close: char) -> impl Iterator<Item = &'a str> {
    text.match_indices(open).filter_map(move |(at, _)| {
        let rest = &text[at + open.len()..];
        rest.find(close).map(|end| &rest[..end]).filter(|n| !n.is_empty())
    })
}

pub(super) fn clues(text: &str) -> Clues<'_> {
    let mut named: Vec<&str> = Vec::new();
    for n in
        quoted(text, "error happened in '", '\'').chain(quoted(text, "while rendering '", '\''))
    {
        if !named.contains(&n) {
            named.push(n);
        }
    }
    let macro_ns = quoted(text, "while rendering macro `", '`')
        .next()
        .and_then(|m| m.split_once("::"))
        .map(|(ns, _)| ns);
    let needle = missing_variable(text)
        .map(Needle::Variable)
        .or_else(|| quoted(text, "Filter call '", '\'').next().map(Needle::Filter))
        .or_else(|| quoted(text, "Function call '", '\'').next().map(Needle::Function))
        .or_else(|| quoted(text, "Test call '", '\'').next().map(Needle::Test))
        .or_else(|| quoted(text, "Filter `", '`').next().map(Needle::Filter))
        .or_else(|| quoted(text, "Function `", '`').next().map(Needle::Function));
    let quotes = quoted(text, "\"", '"').chain(quoted(text, "`", '`')).collect();
    Clues { named, macro_ns, needle, quotes }
}

impl Clues<'_> {
    /// Where, in a template's `source`, the error's variable, filter,
    /// function or test is first written.
    pub(super) fn find_in(&self, source: &str) -> Option<Pos> {
        match self.needle.as_ref()? {
            Needle::Variable(v) => first_use_of(source, v),
            // `| name`, `name(`, `is name`: the name written in that place.
            Needle::Filter(f) => {
                first_use_where(source, f, |before, _| before.trim_end().ends_with('|'))
            }
            Needle::Function(f) => {
                // Each call, with how much of what the error quotes its
                // arguments hold; the first of the most.
                let held = |after: &str| {
                    let args = after.split(')').next().unwrap_or(after);
                    self.quotes.iter().filter(|q| args.contains(*q)).count()
                };
                let most = uses_where(source, f, |_, after| after.trim_start().starts_with('('))
                    .map(|(_, after)| held(after))
                    .max()?;
                first_use_where(source, f, |_, after| {
                    after.trim_start().starts_with('(') && held(after) == most
                })
            }
            Needle::Test(t) => first_use_where(source, t, |before, _| {
                before
                    .trim_end()
                    .strip_suffix("is")
                    .is_some_and(|b| b.ends_with(char::is_whitespace))
                    || before.trim_end().ends_with(" is not")
            }),
        }
    }

    /// Whether the error has a thing to look for in sources.
    pub(super) fn has_needle(&self) -> bool {
        self.needle.is_some()
    }
}

/// The variable tera names as missing (`Variable `x` not found`).
pub(super) fn missing_variable(text: &str) -> Option<&str> {
    let rest = &text[text.find("Variable `")? + "Variable `".len()..];
    let name = &rest[..rest.find('`')?];
    (!name.is_empty() && rest[name.len()..].starts_with("` not found")).then_some(name)
}

/// For a render error about a missing variable, what the page's
/// `context` does have there: the nearest name (`record_cout`: did you
/// mean `record_count`?), else the names there are, when few. `None` for
/// a name the context cannot tell of (a loop's variable).
pub(super) fn variable_hint(text: &str, context: &tera::Context) -> Option<String> {
    let var = missing_variable(text)?;
    let json = context.clone().into_json();
    let mut at = &json;
    let mut path = String::new();
    for part in var.split('.') {
        let fields = at.as_object()?;
        match fields.get(part) {
            Some(inner) => at = inner,
            None => {
                let names = fields.keys().map(String::as_str);
                if let Some(near) = crate::core::diag::did_you_mean(part, names) {
                    return Some(format!("did you mean `{path}{near}`?"));
                }
                // The top level holds every page's variables: too many.
                if path.is_empty() || fields.len() > 24 {
                    return None;
                }
                let list: Vec<String> = fields.keys().map(|k| format!("`{k}`")).collect();
                return Some(format!("`{}` has {}", path.trim_end_matches('.'), list.join(", ")));
            }
        }
        path.push_str(part);
        path.push('.');
    }
    None
}

/// Where `name` is first written in `source` as a whole name (not inside
/// a longer one), 1-based.
pub(super) fn first_use_of(source: &str, name: &str) -> Option<Pos> {
    first_use_where(source, name, |_, _| true)
}

/// Each use of `name` in `source` as a whole name where `fits(text
/// before, text after)`: the text before and after it.
fn uses_where<'s>(
    source: &'s str,
    name: &'s str,
    fits: impl Fn(&str, &str) -> bool,
) -> impl Iterator<Item = (&'s str, &'s str)> {
    let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    source.match_indices(name).map(|(i, _)| (&source[..i], &source[i + name.len()..])).filter(
        move |(before, after)| {
            !before.chars().next_back().is_some_and(is_name)
                && !after.chars().next().is_some_and(is_name)
                && fits(before, after)
        },
    )
}

/// As [`first_use_of`], where `fits(text before, text after)` too.
fn first_use_where(source: &str, name: &str, fits: impl Fn(&str, &str) -> bool) -> Option<Pos> {
    let (before, _) = uses_where(source, name, fits).next()?;
    let at = before.len();
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some(Pos::new(u32::try_from(line).ok()?, u32::try_from(col).ok()?))
}

/// A render error's text worded without the page being rendered (tera's
/// `Failed to render 'index.html' (error happened in …)` and `while
/// rendering 'index.html'`): `template` is where it happened, so one
/// mistake in a shared template is one error however many pages hit it.
pub(super) fn page_free(text: &str, template: &str) -> String {
    let parts: Vec<&str> = text.split(": ").collect();
    let in_macro = quoted(text, "while rendering macro `", '`').next();
    // The cause: what follows tera's "Failed to render …" and "… call
    // '…' failed" parts.
    let cause: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|p| {
            !p.starts_with("Failed to render '") && !p.starts_with("error while rendering macro")
        })
        .collect();
    let mut cause = cause.join(": ");
    if let Some(at) = cause.find(" while rendering '")
        && let Some(end) = cause[at + " while rendering '".len()..].find('\'')
    {
        let end = at + " while rendering '".len() + end + 1;
        cause.replace_range(at..end, "");
    }
    let within = in_macro.map_or_else(String::new, |m| format!(" (in the macro `{m}`)"));
    format!("Failed to render '{template}'{within}: {cause}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_errors_clues_name_its_template_and_what_to_look_for() {
        let base = "Failed to render 'index.html' (error happened in a parent template): \
                    Variable `no_such_var` not found in context while rendering 'index.html'";
        let c = clues(base);
        assert_eq!(c.named, ["index.html"]);
        assert_eq!(c.find_in("<p>\n  {{ no_such_var }}"), Some(Pos::new(2, 6)));
        assert_eq!(c.find_in("{{ no_such_var_2 }}"), None);
        assert_eq!(
            page_free(base, "base.html"),
            "Failed to render 'base.html': Variable `no_such_var` not found in context"
        );
        let filter = "Failed to render 'record.html' (error happened in 'base.html').: Filter call \
                      'round' failed: Filter `round` was called on an incorrect value";
        let c = clues(filter);
        assert_eq!(c.named, ["base.html"]);
        assert_eq!(c.find_in("{{ round }}\n{{ x |  round }}"), Some(Pos::new(2, 9)));
        let mac = "Failed to render 'term.html': error while rendering macro `sec::notice`: \
                   Variable `oops` not found in context while rendering 'term.html'";
        let c = clues(mac);
        assert_eq!(c.macro_ns, Some("sec"));
        assert_eq!(
            page_free(mac, "sec.html"),
            "Failed to render 'sec.html' (in the macro `sec::notice`): Variable `oops` not found in context"
        );
        // Of several calls, the one whose arguments hold what the error quotes.
        let t = clues(
            "Function call 't' failed: t(key=\"una-participants\"): `count` must be a number, not \"abc\"",
        );
        let src = "{{ t(key=\"una-participants\", lang=lang) }}\n{{ t(key=\"una-participants\", lang=lang, count=\"abc\") }}";
        assert_eq!(t.find_in(src), Some(Pos::new(2, 4)));
        let f = clues("Function call 'get_url' failed: x");
        assert_eq!(f.find_in("get_url\n{{ get_url (path=1) }}"), Some(Pos::new(2, 4)));
        let t = clues("Test call 'odd' failed: x");
        assert_eq!(t.find_in("odd {% if x is odd %}"), Some(Pos::new(1, 16)));
        for odd in ["", "'", "Filter call '", "while rendering macro `x", "Variable `"] {
            let _ = (clues(odd).find_in("x"), page_free(odd, "a"));
        }
    }

    #[test]
    fn a_template_error_is_at_teras_position() {
        let text = " --> 4:24\n  |\n4 | {{ x | }}\n  |\n  = expected an identifier";
        let e = FileError::template("themes/t/a.html", text);
        assert_eq!((e.pos.line, e.pos.col), (4, 24));
        assert_eq!(e.message, "the template does not parse: expected an identifier");
        assert_eq!(
            e.to_string(),
            "themes/t/a.html:4:24: the template does not parse: expected an identifier"
        );
        let wrapped = anyhow::Error::new(e.clone());
        assert_eq!(file_error(&wrapped), Some(&e));
        for odd in ["", "--> ", "--> 9:", "--> :1"] {
            assert_eq!(FileError::template("a", odd).pos, Pos::START);
        }
    }
}
