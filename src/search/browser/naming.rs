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

/// Characters of a content hash in a file name, five bits each (40 bits:
/// no two files of a site, nor a file and an old one a browser cached,
/// share a name).
pub(super) const NAME_CHARS: usize = 8;

/// Characters of a bucket's hash in its record files' names (30 bits).
/// Those names start with the record's number, so a name can only meet an
/// older version of the same bucket's: one chance in a billion per edit.
/// `meta.js` lists one per 64 records, so at 100,000 records each character
/// saves 1.6 kB of every first search.
pub(super) const BUCKET_CHARS: usize = 6;

/// The digits of a hash: lower-case letters and digits only, so that no two
/// names differ only by case (a site copied to a case-insensitive disk, as
/// on Windows and macOS, keeps every file).
const DIGITS: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

impl Index {
    /// The name hash of bucket `b`, computed once.
    pub(super) fn bucket_hash(&mut self, b: usize) -> &str {
        let first = b * DOC_BUCKET;
        let docs = &self.docs[first..(first + DOC_BUCKET).min(self.docs.len())];
        self.buckets[b].get_or_insert_with(|| {
            let ords: Vec<String> = (first..first + docs.len()).map(|o| o.to_string()).collect();
            let parts = ords.iter().zip(docs).flat_map(|(o, d)| [o.as_bytes(), d.as_bytes()]);
            hash_of(parts, BUCKET_CHARS)
        })
    }
}

pub(super) fn content_path(name: &str) -> String {
    format!("{FILES}/{name}.js")
}

/// The first [`NAME_CHARS`] digits of the SHA-256 of `parts`.
pub(super) fn content_hash<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    hash_of(parts, NAME_CHARS)
}

/// The first `chars` [`DIGITS`] of the SHA-256 of `parts` (at most 51).
fn hash_of<'a>(parts: impl IntoIterator<Item = &'a [u8]>, chars: usize) -> String {
    let mut hasher = Sha256::new();
    for p in parts {
        hasher.update((p.len() as u64).to_le_bytes());
        hasher.update(p);
    }
    let digest = hasher.finalize();
    // Five bits a digit, from the digest's first bits on.
    (0..chars.min(digest.len() * 8 / 5))
        .map(|i| {
            let bit = i * 5;
            let pair = u16::from(digest[bit / 8]) << 8
                | u16::from(digest.get(bit / 8 + 1).copied().unwrap_or(0));
            let v = (pair >> (11 - bit % 8)) & 31;
            char::from(DIGITS[usize::from(v)])
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_lower_case_digits_of_the_digest() {
        let h = hash_of([b"abc".as_slice()], 51);
        assert_eq!(h.len(), 51);
        assert!(h.bytes().all(|b| DIGITS.contains(&b)));
        // The digits read the digest's bits in order: its first byte's top
        // five bits are the first digit.
        let digest = Sha256::new_with_prefix(3u64.to_le_bytes()).chain_update(b"abc").finalize();
        assert_eq!(h.as_bytes()[0], DIGITS[usize::from(digest[0] >> 3)]);
        assert_eq!(h.as_bytes()[1], DIGITS[usize::from((digest[0] & 7) << 2 | digest[1] >> 6)]);
        assert_eq!(content_hash([b"abc".as_slice()]), h[..NAME_CHARS]);
        assert_ne!(content_hash([b"abd".as_slice()]), content_hash([b"abc".as_slice()]));
    }
}
