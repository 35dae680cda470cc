//! `compendium export --format json|csv|ndjson|opensearch [--collection C]
//! [--index NAME]`: the dataset, or the search documents, on stdout.

use std::io::Write as _;
use std::path::Path;

use crate::cli::ExportFormat;
use crate::cmd::{CONTENT_ERROR, OK, USAGE};
use crate::core::diag::did_you_mean;
use crate::core::diag::report_in;
use crate::search::bulk;
use crate::{export, pipeline};

/// Prints the records; content errors are reported and exit 1.
pub fn run(root: &Path, format: ExportFormat, collection: Option<&str>, index: Option<&str>) -> u8 {
    let loaded = pipeline::load(root);
    let Some(site) = loaded.site else {
        report_in(root, &loaded.diagnostics);
        return CONTENT_ERROR;
    };
    if let Some(c) = collection
        && !site.schema.collections.contains_key(c)
    {
        let known = site.schema.collections.keys().map(String::as_str);
        let hint = did_you_mean(c, known.clone())
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default();
        let known: Vec<&str> = known.collect();
        eprintln!("error: there is no collection `{c}`{hint}; known: {}", known.join(", "));
        return USAGE;
    }
    if let Some(name) = index {
        if format != ExportFormat::Opensearch {
            eprintln!("error: --index names the target of `--format opensearch` only");
            return USAGE;
        }
        if let Err(why) = bulk::check_index_name(name) {
            eprintln!("error: --index `{}`: {why}", name.escape_debug());
            return USAGE;
        }
    }
    // Streamed: a large site's export is never whole in memory.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match format {
        ExportFormat::Json => export::write_json(&site, collection, &mut out),
        ExportFormat::Csv => export::write_csv(&site, collection, &mut out),
        ExportFormat::Ndjson => bulk::write(&site, collection, &bulk::Flavor::Lines, &mut out),
        ExportFormat::Opensearch => {
            let book = &site.project.config.book;
            let index = index.or(book.id.as_deref()).unwrap_or("compendium").to_owned();
            bulk::write(&site, collection, &bulk::Flavor::Bulk { index }, &mut out)
        }
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => OK,
        Err(e) if super::broken_pipe(&e) => OK,
        Err(e) => {
            eprintln!("error: cannot write to stdout: {e}");
            CONTENT_ERROR
        }
    }
}
