//! `compendium export --format json|csv [--collection C]`: the dataset on stdout.

use std::io::Write as _;
use std::path::Path;

use crate::cli::ExportFormat;
use crate::cmd::{CONTENT_ERROR, OK, USAGE};
use crate::core::diag::report;
use crate::core::diag::{Format, did_you_mean};
use crate::{export, pipeline};

/// Prints the records; content errors are reported and exit 1.
pub fn run(root: &Path, format: ExportFormat, collection: Option<&str>) -> u8 {
    let loaded = pipeline::load(root);
    let Some(site) = loaded.site else {
        report(&loaded.diagnostics, Format::Human);
        return CONTENT_ERROR;
    };
    if let Some(c) = collection
        && !site.schema.collections.contains_key(c)
    {
        let hint = did_you_mean(c, site.schema.collections.keys().map(String::as_str))
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default();
        eprintln!("error: there is no collection `{c}`{hint}");
        return USAGE;
    }
    // Streamed: a large site's export is never whole in memory.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match format {
        ExportFormat::Json => export::write_json(&site, collection, &mut out),
        ExportFormat::Csv => export::write_csv(&site, collection, &mut out),
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            eprintln!("error: cannot write to stdout: {e}");
            CONTENT_ERROR
        }
    }
}
