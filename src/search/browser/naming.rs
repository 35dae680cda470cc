//! How the index's files are named: every file but `meta.js` and the
//! scripts is named by a hash of its contents (a host may cache them
//! forever; a change renames only the files it touches), lives in
//! `search/i/`, and wraps its data in the `CSI(name, data)` call that hands
//! it to `search.js`.

use anyhow::Result;
use sha2::{Digest, Sha256};

use super::{DOC_BUCKET, Index};
use crate::output::OutputFile;

/// Folder of its content-named files.
pub(super) const FILES: &str = "search/i";

/// Hex digits of a content hash in a file name (40 bits: no two files of a
/// site, nor a file and an old one a browser cached, share a name).
pub(super) const NAME_HEX: usize = 10;

impl Index {
    /// The name hash of bucket `b`, computed once.
    pub(super) fn bucket_hash(&mut self, b: usize) -> &str {
        let first = b * DOC_BUCKET;
        let docs = &self.docs[first..(first + DOC_BUCKET).min(self.docs.len())];
        self.buckets[b].get_or_insert_with(|| {
            let ords: Vec<String> = (first..first + docs.len()).map(|o| o.to_string()).collect();
            content_hash(ords.iter().zip(docs).flat_map(|(o, d)| [o.as_bytes(), d.as_bytes()]))
        })
    }
}

pub(super) fn content_path(name: &str) -> String {
    format!("{FILES}/{name}.js")
}

/// The first [`NAME_HEX`] hex digits of the SHA-256 of `parts`.
pub(super) fn content_hash<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = Sha256::new();
    for p in parts {
        hasher.update((p.len() as u64).to_le_bytes());
        hasher.update(p);
    }
    let digest = hasher.finalize();
    let mut s: String =
        digest.iter().take(NAME_HEX.div_ceil(2)).map(|b| format!("{b:02x}")).collect();
    s.truncate(NAME_HEX);
    s
}

pub(super) fn put_file(
    put: &mut dyn FnMut(OutputFile) -> Result<()>,
    have: &dyn Fn(&str) -> bool,
    name: String,
    data: &str,
) -> Result<()> {
    if have(&content_path(&name)) {
        return Ok(());
    }
    put(content_file(name, data))
}

/// The content file `name`: its data, wrapped in the call that hands it to
/// `search.js` (files opened from disk cannot be fetched, only loaded as
/// scripts).
pub(super) fn content_file(name: String, data: &str) -> OutputFile {
    OutputFile::new(content_path(&name), format!("CSI(\"{name}\",{data});\n"))
}

pub(super) fn js_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}
