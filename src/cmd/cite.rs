//! `compendium cite KEY [--style S] [--lang L]`: a record's citation; the
//! data and its renderings live in `cite`, shared with record pages.

use std::path::Path;

use crate::cite::{self, Output};
use crate::cli::{CiteArgs, CiteFormat};
use crate::cmd::{CONTENT_ERROR, USAGE, error};
use crate::config::CitationStyle;
use crate::core::diag::{printable_json, printable_lines, report_in};
use crate::pipeline;

/// Prints the citation; content errors exit 1, an unknown record or
/// language 2.
pub fn run(root: &Path, args: &CiteArgs) -> u8 {
    let loaded = pipeline::load(root);
    let Some(site) = loaded.site else {
        report_in(root, &loaded.diagnostics);
        return CONTENT_ERROR;
    };
    let key = match cite::find(&site, &args.key) {
        Ok(k) => k,
        Err(message) => {
            error(message);
            return USAGE;
        }
    };
    let lang = match cite::language(&site, args.lang.as_deref()) {
        Ok(l) => l.to_owned(),
        Err(message) => {
            error(message);
            return USAGE;
        }
    };
    let output = match args.style {
        None => Output::Style(site.project.config.book.citation_style),
        Some(CiteFormat::Apa) => Output::Style(CitationStyle::Apa),
        Some(CiteFormat::Chicago) => Output::Style(CitationStyle::Chicago),
        Some(CiteFormat::Bibtex) => Output::Bibtex,
        Some(CiteFormat::Ris) => Output::Ris,
        Some(CiteFormat::CslJson) => Output::CslJson,
    };
    let json = matches!(output, Output::CslJson);
    let text = cite::print(&site, &key, &lang, output).unwrap_or_default();
    // The site's texts are contributors': nothing in them may recolour or
    // retitle the terminal (`search` prints through the same filter).
    let text = if json { printable_json(&text) } else { printable_lines(&text) };
    crate::core::exit::print_out(&text)
}
