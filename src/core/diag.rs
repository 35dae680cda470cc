//! Diagnostics: content problems found by `check` and `build`.
//!
//! Content problems are data, not errors: every stage pushes them into a
//! [`Diagnostics`] sink and keeps going, so one run reports all of them. This
//! module owns their three printed forms (human, JSON, GitHub annotations).

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

/// How bad a diagnostic is. Only errors fail a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails `check` and `build` (exit code 1).
    Error,
    /// Reported, but does not fail the run.
    Warning,
}

/// A 1-based line and 1-based column (counted in characters) in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
}

impl Pos {
    /// A position; both numbers are 1-based.
    pub const fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }

    /// The start of a file.
    pub const START: Pos = Pos { line: 1, col: 1 };
}

/// One problem, anchored at a file position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Path relative to the project root, with `/` separators.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub col: u32,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, one sentence without a trailing period.
    pub message: String,
    /// How to fix it, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Other places this problem causes trouble (references to a record
    /// whose id is invalid), reported here instead of as errors of their own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

/// A place affected by a [`Diagnostic`]'s problem.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Note {
    /// Path relative to the project root, with `/` separators.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub col: u32,
    /// What happens there, one sentence without a trailing period.
    pub message: String,
}

impl Note {
    /// A note at `pos` in `path`.
    pub fn new(path: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Note {
            path: path.into(),
            line: pos.line.max(1),
            col: pos.col.max(1),
            message: message.into(),
        }
    }
}

impl Diagnostic {
    /// An error at `pos` in `path`.
    pub fn error(path: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: pos.line.max(1),
            col: pos.col.max(1),
            severity: Severity::Error,
            message: bounded(message.into()),
            help: None,
            notes: Vec::new(),
        }
    }

    /// A warning at `pos` in `path`.
    pub fn warning(path: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, pos, message) }
    }

    /// Adds a `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(bounded(help.into()));
        self
    }

    /// Adds a `help:` line when `help` is `Some`.
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help.map(bounded);
        self
    }

    /// `path:line:col: error: message` and, when known, `  help: …`.
    pub fn to_human(&self) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // No file: the environment's (`SOURCE_DATE_EPOCH`), said as itself.
        let mut out = if self.path.is_empty() {
            format!("{sev}: {}", printable(&self.message))
        } else {
            format!(
                "{}:{}:{}: {sev}: {}",
                printable(&self.path),
                self.line,
                self.col,
                printable(&self.message)
            )
        };
        if let Some(help) = &self.help {
            let _ = write!(out, "\n  help: {}", printable(help));
        }
        for n in &self.notes {
            let _ = write!(
                out,
                "\n  note: {}:{}:{}: {}",
                printable(&n.path),
                n.line,
                n.col,
                printable(&n.message)
            );
        }
        out
    }

    /// A GitHub Actions workflow command (`::error file=…,line=…,col=…::message`).
    pub fn to_github(&self) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Line breaks are escaped below: no indent is needed here.
        let mut msg = inert(&self.message, "\n");
        if let Some(help) = &self.help {
            msg.push_str("\nhelp: ");
            msg.push_str(&inert(help, "\n"));
        }
        workflow_command(sev, &self.path, self.line, self.col, &msg)
    }
}

/// `::KIND file=…,line=…,col=…,title=compendium check::message`, escaped as
/// GitHub's toolkit does; `msg` has its line breaks as they are.
fn workflow_command(kind: &str, path: &str, line: u32, col: u32, msg: &str) -> String {
    // An annotation on no file is the run's own.
    if path.is_empty() {
        return format!(
            "::{kind} title={}::{}",
            gh_escape_property("compendium check"),
            gh_escape_data(msg)
        );
    }
    format!(
        "::{kind} file={},line={line},col={col},title={}::{}",
        // A line break in a file name is escaped (%0A) as it is, not
        // indented as on a terminal: GitHub must find the file.
        gh_escape_property(&inert(path, "\n")),
        gh_escape_property("compendium check"),
        gh_escape_data(msg)
    )
}

/// `s` made safe to print on a terminal or in a CI log: messages quote
/// contributors' values, which may hold escape sequences (that recolour or
/// rewrite the terminal), bidirectional overrides (that reorder what is
/// shown) or line breaks (that forge a diagnostic line of their own). Those
/// characters are written as `\u{..}`, and a line break in a message is
/// indented so that no line it makes starts like a diagnostic.
pub fn printable(s: &str) -> String {
    inert(s, "\n    ")
}

/// [`printable`] for text of several lines printed as it is (a citation):
/// line breaks, `\r\n` (which RIS requires) and tabs stay.
pub fn printable_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix("\r\n") {
            Some(b) => (b, "\r\n"),
            None => line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n")),
        };
        let parts: Vec<String> = body.split('\t').map(|p| inert(p, "\n")).collect();
        out.push_str(&parts.join("\t"));
        out.push_str(end);
    }
    out
}

/// JSON text made safe to print: what [`printable`] hides is written as a
/// JSON escape (`\u202e`), so the document still reads the same.
pub fn printable_json(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if hidden(c) && !matches!(c, '\n' | '\r' | '\t') {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// What [`printable`] writes as `\u{..}`: control characters (line breaks
/// apart), bidirectional controls, the zero-width space and the BOM. The
/// zero-width (non-)joiners stay: Persian, the Indic scripts and emoji
/// spell words with them, and they reorder nothing.
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// [`printable`] with each line break written as `newline`.
fn inert(s: &str, newline: &str) -> String {
    if !s.chars().any(|c| hidden(c) || c == '\n') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\n' {
            out.push_str(newline);
        } else if hidden(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

// Workflow-command escaping, as GitHub's toolkit (`@actions/core`) does it.
fn gh_escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn gh_escape_property(s: &str) -> String {
    gh_escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Longest message or help line, in characters: values are quoted in
/// them, and a hostile one (a 100,000-character id) would fill a terminal.
const MAX_TEXT_CHARS: usize = 1000;

/// `text`, with its middle left out when longer than [`MAX_TEXT_CHARS`]
/// (both ends kept: a message names a value first and says what is wrong
/// with it last).
fn bounded(text: String) -> String {
    let n = text.chars().count();
    if n <= MAX_TEXT_CHARS {
        return text;
    }
    let head: String = text.chars().take(600).collect();
    let tail: String = text.chars().skip(n - 300).collect();
    format!("{head} … ({} characters left out) … {tail}", n - 900)
}

/// A sink that collects diagnostics from every stage of a run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// How many of `items` are errors: validators ask after every value
    /// (`error_count` before and after), which counting made quadratic in
    /// a record's mistakes (100,000 bad sources took 24 s).
    errors: usize,
    /// What [`push_once`](Self::push_once) said: file and message.
    once: std::collections::HashSet<(String, String)>,
}

impl Diagnostics {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.errors += usize::from(d.severity == Severity::Error);
        self.items.push(d);
    }

    /// Adds `d` unless `push_once` added one with its file and message
    /// before: what holds for a whole file, said at its first place.
    pub fn push_once(&mut self, d: Diagnostic) {
        if self.once.insert((d.path.clone(), d.message.clone())) {
            self.push(d);
        }
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        for d in ds {
            self.push(d);
        }
    }

    /// Whether any error (not warning) was reported.
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.errors
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.errors
    }

    /// The number of diagnostics, errors and warnings.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by (path, line, col) and deduplicated, so output is stable
    /// whatever order the parallel stages finished in.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        v.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.col, b.severity, &b.message))
        });
        v.dedup();
        v
    }

    /// Consumes the sink.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

/// The `--format` of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// `path:line:col: error: message` with `help:` lines.
    #[default]
    Human,
    /// One JSON object: `{"passed": …, "errors": N, "warnings": N, "diagnostics": [...]}`.
    Json,
    /// GitHub Actions workflow annotations; the full list also goes to
    /// `$GITHUB_STEP_SUMMARY` as Markdown when that is set.
    Github,
}

/// Prints diagnostics to stderr in `format`, sorted (a closed stderr is no
/// reason to stop, so write errors are ignored).
pub fn report(diags: &Diagnostics, format: Format) {
    use std::io::Write as _;
    let text = render(&diags.sorted(), format);
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// [`report`] with paths as read from the working folder (`kb/content/…`
/// for `--root kb`), as `check` prints them, so that a terminal opens them.
pub fn report_in(root: &Path, diags: &Diagnostics) {
    use std::io::Write as _;
    let text = render(&seen_from_cwd(root, diags.sorted()), Format::Human);
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// `diags` with paths as read from the working folder ([`seen_from`]).
pub fn seen_from_cwd(root: &Path, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let prefix = std::env::current_dir().map(|from| root_prefix(root, &from)).unwrap_or_default();
    seen_from(diags, &prefix)
}

/// The JSON report: `{"passed": …, "errors": N, "warnings": N,
/// "diagnostics": [...]}`; `passed` as the exit code says it (`check
/// --strict` fails on warnings too), so a CI reads one field.
pub fn render_json(diags: &[Diagnostic], passed: bool) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        passed: bool,
        errors: usize,
        warnings: usize,
        diagnostics: &'a [Diagnostic],
    }
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let report = Report { passed, errors, warnings: diags.len() - errors, diagnostics: diags };
    // Serialising plain strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    out.push('\n');
    out
}

/// Renders diagnostics in `format`. The result ends with a newline unless empty.
pub fn render(diags: &[Diagnostic], format: Format) -> String {
    let mut out = String::new();
    match format {
        Format::Human => {
            for d in diags {
                out.push_str(&d.to_human());
                out.push('\n');
            }
        }
        Format::Json => {
            let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
            out = render_json(diags, errors == 0);
        }
        Format::Github => {
            for d in diags {
                out.push_str(&d.to_github());
                out.push('\n');
                // Each affected place gets its own annotation, so the pull
                // request shows it on the referring line too.
                for n in &d.notes {
                    let msg = inert(&n.message, "\n");
                    out.push_str(&workflow_command("notice", &n.path, n.line, n.col, &msg));
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// The Markdown table written to `$GITHUB_STEP_SUMMARY`: GitHub shows only the
/// first ten annotations of a step, so the summary carries all of them.
pub fn github_summary(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.len() - errors;
    let mut out = format!("## compendium check: {errors} error(s), {warnings} warning(s)\n\n");
    if diags.is_empty() {
        out.push_str("No problems found.\n");
        return out;
    }
    out.push_str("| | file | line | problem | fix |\n|---|---|---|---|---|\n");
    for d in diags {
        let icon = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut problem = md_text(&d.message);
        for n in &d.notes {
            let _ = write!(
                problem,
                "<br>note: `{}` {}:{}: {}",
                md_cell(&printable(&n.path)),
                n.line,
                n.col,
                md_text(&n.message)
            );
        }
        let _ = writeln!(
            out,
            "| {icon} | `{}` | {}:{} | {problem} | {} |",
            md_cell(&printable(&d.path)),
            d.line,
            d.col,
            md_text(d.help.as_deref().unwrap_or(""))
        );
    }
    out
}

/// Text inside a code span of a table cell.
fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ").replace('`', "'")
}

/// Plain text in a table cell: every ASCII punctuation character escaped, so
/// a contributor's value cannot become a link, an image or HTML in the
/// step summary.
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in printable(s).chars() {
        match c {
            '\n' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A path relative to `root`, with `/` separators, for diagnostics.
/// What to put before a root-relative path so that it reads from `from`
/// (the current folder, or GitHub's workspace for annotations): `kb/` for
/// `--root kb`, `../` for `--root ..` run in `content/`; nothing when the
/// root is `from` itself or lies elsewhere (a project in another tree: its
/// paths then stay relative to the root, not `../../tmp/kb/…`).
pub fn root_prefix(root: &Path, from: &Path) -> String {
    let (Ok(root), Ok(from)) = (root.canonicalize(), from.canonicalize()) else {
        return String::new();
    };
    if let Ok(down) = root.strip_prefix(&from) {
        return match rel_path(Path::new(""), down) {
            d if d.is_empty() => d,
            d => format!("{d}/"),
        };
    }
    from.strip_prefix(&root).map_or(String::new(), |up| "../".repeat(up.components().count()))
}

/// `diags` with `prefix` ([`root_prefix`]) before each path.
pub fn seen_from(diags: Vec<Diagnostic>, prefix: &str) -> Vec<Diagnostic> {
    if prefix.is_empty() {
        return diags;
    }
    diags
        .into_iter()
        .map(|d| match d.path.is_empty() {
            true => d,
            false => Diagnostic { path: format!("{prefix}{}", d.path), ..d },
        })
        .collect()
}

pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let s = rel.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' { s.into_owned() } else { s.replace('\\', "/") }
}

/// The closest of `candidates` to `input`, when it is close enough to be a
/// plausible typo (Jaro-Winkler similarity, case-insensitive).
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let needle = input.to_lowercase();
    // Letters with each run of digits as its length: `practice-97` and
    // `practice-197` differ in a number's size, `g20` and `g21` in a digit.
    let shape = |s: &str| {
        let mut out = String::new();
        let mut run = 0;
        for c in s.chars().chain(['\0']) {
            if c.is_ascii_digit() {
                run += 1;
                continue;
            }
            if run > 0 {
                out.push_str(&format!("#{run}"));
                run = 0;
            }
            out.push(c);
        }
        out
    };
    let letters = |shape: &str| shape.replace(|c: char| c == '#' || c.is_ascii_digit(), "");
    let needle_shape = shape(&needle);
    let needle_letters = letters(&needle_shape);
    let mut best: Option<(f64, &'a str)> = None;
    for cand in candidates {
        let lower = cand.to_lowercase();
        // Names that differ only in a number of another size name different
        // things (`practice-97` is not a slip for `practice-197`, the record
        // just deleted): following such a hint would link the wrong record.
        // A digit mistyped in a number of the same size (`g21`) may be one.
        let cand_shape = shape(&lower);
        if letters(&cand_shape) == needle_letters && cand_shape != needle_shape {
            continue;
        }
        let score = strsim::jaro_winkler(&needle, &lower);
        if score >= 0.8 && best.is_none_or(|(s, c)| score > s || (score == s && cand < c)) {
            best = Some((score, cand));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_hint_between_names_that_differ_only_in_numbers() {
        assert_eq!(did_you_mean("practice-97", ["practice-197", "practice-9"]), None);
        assert_eq!(did_you_mean("regulation-10", ["regulation-9"]), None);
        assert_eq!(did_you_mean("sources/g21", ["sources/g20"]), Some("sources/g20"));
        assert_eq!(did_you_mean("practise-97", ["practice-97"]), Some("practice-97"));
        assert_eq!(did_you_mean("Practice-97", ["practice-97"]), Some("practice-97"));
    }

    #[test]
    fn paths_read_from_the_current_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, other) = (tmp.path().join("kb"), tmp.path().join("other"));
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(&other).unwrap();
        assert_eq!(root_prefix(&root, tmp.path()), "kb/");
        assert_eq!(root_prefix(&root, &root), "");
        assert_eq!(root_prefix(&root, &root.join("content")), "../");
        assert_eq!(root_prefix(&root, &other), "");
        assert_eq!(root_prefix(&root.join("missing"), &other), "");
    }

    #[test]
    fn long_texts_keep_both_ends() {
        let long = format!("`{}` in `id` is not valid", "x".repeat(100_000));
        let d = Diagnostic::error("a.md", Pos::START, long).with_help("y".repeat(2000));
        assert!(d.message.chars().count() < 1000 && d.message.ends_with("in `id` is not valid"));
        assert!(d.message.contains("characters left out"), "{}", d.message);
        assert!(d.help.is_some_and(|h| h.chars().count() < 1000));
    }

    #[test]
    fn values_cannot_drive_the_terminal_or_forge_lines() {
        let d = Diagnostic::error(
            "a.md",
            Pos::new(1, 1),
            "`x\u{1b}[2J\u{202e}y` is bad\nz.md:1:1: error: forged",
        );
        let h = d.to_human();
        assert_eq!(
            h,
            "a.md:1:1: error: `x\\u{1b}[2J\\u{202e}y` is bad\n    z.md:1:1: error: forged"
        );
        assert!(!h.lines().skip(1).any(|l| l.starts_with("z.md")));
        // A Persian word keeps its non-joiner; a zero-width space is shown.
        assert_eq!(printable("داده\u{200c}ها a\u{200b}b"), "داده\u{200c}ها a\\u{200b}b");
        assert_eq!(md_text("<img src=x> [a](b)"), "\\<img src\\=x\\> \\[a\\]\\(b\\)");
    }

    #[test]
    fn printed_citations_keep_their_lines_and_lose_escapes() {
        let s = "TY  - ELEC\r\nTI  - a\u{1b}]0;x\u{7}\tb\u{202e}c\r\n@misc{\n  x\n}";
        assert_eq!(
            printable_lines(s),
            "TY  - ELEC\r\nTI  - a\\u{1b}]0;x\\u{7}\tb\\u{202e}c\r\n@misc{\n  x\n}"
        );
        let json = "[{\"title\": \"a\u{202e}b\u{85}\\u001b\"}]\n";
        let safe = printable_json(json);
        assert_eq!(safe, "[{\"title\": \"a\\u202eb\\u0085\\u001b\"}]\n");
        let v: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(v[0]["title"], "a\u{202e}b\u{85}\u{1b}");
    }

    #[test]
    fn the_environments_mistakes_name_no_file() {
        let d = Diagnostic::error("", Pos::START, "SOURCE_DATE_EPOCH is `abc`");
        assert_eq!(d.to_human(), "error: SOURCE_DATE_EPOCH is `abc`");
        assert_eq!(d.to_github(), "::error title=compendium check::SOURCE_DATE_EPOCH is `abc`");
        let seen = seen_from(vec![d], "kb/");
        assert_eq!(seen[0].path, "");
    }

    #[test]
    fn human_format_has_help_line() {
        let d = Diagnostic::error("content/a.md", Pos::new(3, 7), "bad").with_help("fix it");
        assert_eq!(d.to_human(), "content/a.md:3:7: error: bad\n  help: fix it");
    }

    #[test]
    fn github_format_escapes() {
        let d = Diagnostic::error("a,b.md", Pos::new(1, 2), "x\ny");
        assert_eq!(
            d.to_github(),
            "::error file=a%2Cb.md,line=1,col=2,title=compendium check::x%0Ay"
        );
        let d = Diagnostic::error("new\nline.md", Pos::new(1, 1), "x");
        assert!(d.to_github().starts_with("::error file=new%0Aline.md,"), "{}", d.to_github());
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("titel", ["title", "summary"]), Some("title"));
        assert_eq!(did_you_mean("zzz", ["title", "summary"]), None);
    }
}
