//! `compendium build`: validate, render, write the site and index atomically.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;

use crate::cmd::{CONTENT_ERROR, OK, report};
use crate::diag::Format;
use crate::model::Site;
use crate::output::{OutputFile, Staging};
use crate::{export, pipeline, search};

/// Runs `build`: nothing is written unless the whole build succeeds.
pub fn run(root: &Path) -> u8 {
    let start = Instant::now();
    let loaded = pipeline::load(root);
    report(&loaded.diagnostics, Format::Human);
    let Some(site) = loaded.site else {
        eprintln!(
            "build failed: {} error(s); the previous site was left as it was",
            loaded.diagnostics.error_count()
        );
        return CONTENT_ERROR;
    };
    match build(&site) {
        Ok(pages) => {
            eprintln!(
                "built {} records into {} files in {} ({:.2?})",
                site.records.len(),
                pages,
                crate::diag::rel_path(&site.project.root, &site.project.build_dir),
                start.elapsed()
            );
            OK
        }
        Err(e) => {
            eprintln!("error: {e:#}\nbuild failed; the previous site was left as it was");
            CONTENT_ERROR
        }
    }
}

/// Every output file of the site, in path order.
pub fn outputs(site: &Site) -> Result<Vec<OutputFile>> {
    let mut files = export::datasets(site);
    files.push(export::feed(site));
    // search: the browser index (search/meta.js and search/i-GEN/*).
    files.extend(search::browser::files(site)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Renders and writes the site; returns how many files were written.
pub fn build(site: &Site) -> Result<usize> {
    let files = outputs(site)?;
    let staging = Staging::new(&site.project.build_dir)?;
    staging.write_all(&files)?;
    // search: the tantivy index is staged beside the site and swapped in
    // with it, only once both are complete.
    let index = Staging::new(&site.project.index_dir)?;
    search::writer::write_staged(site, &index)?;
    staging.commit()?;
    index.commit()?;
    Ok(files.len())
}
