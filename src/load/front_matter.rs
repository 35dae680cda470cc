//! A Markdown record's front matter: the YAML between its `---` lines,
//! split from the body with the lines each starts on.

use crate::core::diag::{Diagnostic, Pos};

/// Front matter split out of a Markdown file.
#[derive(Debug, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// The 1-based line the YAML starts on.
    pub yaml_line: u32,
    /// Everything after the closing line.
    pub body: &'a str,
    /// The 1-based line the body starts on.
    pub body_line: u32,
}

/// Why front matter could not be split.
#[derive(Debug, PartialEq, Eq)]
pub enum FrontMatterError {
    /// The file does not start with `---`.
    Missing,
    /// It starts with `+++`: TOML front matter (Hugo's, Zola's).
    Toml,
    /// The opening `---` is never closed.
    Unclosed,
}

impl FrontMatterError {
    pub(super) fn into_diagnostic(self, path: String) -> Diagnostic {
        match self {
            FrontMatterError::Missing => Diagnostic::error(path, Pos::START, "a Markdown record must start with YAML front matter")
                .with_help("start the file with a line `---`, the fields (`title:`, `summary:`…), then another `---` line before the body"),
            FrontMatterError::Toml => Diagnostic::error(path, Pos::START, "the front matter is TOML (`+++`), which Compendium does not read")
                .with_help("write it as YAML between `---` lines: `title = \"…\"` becomes `title: \"…\"`"),
            FrontMatterError::Unclosed => Diagnostic::error(path, Pos::START, "the front matter opened here is never closed")
                .with_help("add a line `---` after the last field, before the Markdown body"),
        }
    }
}

/// Splits `---\nYAML\n---\nBODY`. The closing line may also be `...`.
pub fn split_front_matter(text: &str) -> Result<FrontMatter<'_>, FrontMatterError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        let first = first.strip_prefix('\u{feff}').unwrap_or(first);
        return Err(if first.trim_end() == "+++" {
            FrontMatterError::Toml
        } else {
            FrontMatterError::Missing
        });
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no: u32 = 1;
    for line in lines {
        line_no = line_no.saturating_add(1);
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return Ok(FrontMatter {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: line_no.saturating_add(1),
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError::Unclosed)
}
