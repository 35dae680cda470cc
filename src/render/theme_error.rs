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
        }
    }

    /// The file at `path` as a whole is wrong: "the template is `why`".
    pub fn at_start(path: &str, why: &str, kind: Kind) -> anyhow::Error {
        let what = match kind {
            Kind::Template => "the template",
            Kind::Strings => "the string file",
        };
        let message = format!("{what} is {why}");
        anyhow::Error::new(FileError { path: path.to_owned(), pos: Pos::START, message, kind })
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

/// The [`FileError`] in `e`, if that is what it is.
pub fn file_error(e: &anyhow::Error) -> Option<&FileError> {
    e.downcast_ref::<FileError>()
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
    // A file that does not load knows where it is.
    if let Some(f) = file_error(e) {
        return f.diagnostic();
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
    Diagnostic::error(path, pos, message)
}

#[cfg(test)]
mod tests {
    use super::*;

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
