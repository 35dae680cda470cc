//! Gives a freshly written tantivy index the same bytes from build to
//! build. tantivy names each segment by a random UUID (its files
//! `UUID.term`, `UUID.idx`…, listed in `meta.json` and `.managed.json`),
//! so two builds of the same records differ in every name even when the
//! segments hold the same bytes. Once the writer is done, each segment is
//! renamed after what it holds (its document count and its files' sizes,
//! in a stable hash), and the two lists are written sorted.
//!
//! The segments' contents are the same from build to build because one
//! indexing thread takes the records in order and nothing merges them in
//! the background ([`crate::search::writer`]).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, anyhow};
use serde_json::Value as Json;
use sha2::{Digest, Sha256};

/// tantivy's list of an index's files.
const MANAGED: &str = ".managed.json";
/// tantivy's index description: settings, schema, segments.
const META: &str = "meta.json";

/// Renames the segments of the index in `dir` (no writer open on it) after
/// their contents, and rewrites `meta.json` and `.managed.json` sorted.
pub fn settle(dir: &Path) -> Result<()> {
    let meta_path = dir.join(META);
    let mut meta: Json = serde_json::from_slice(
        &std::fs::read(&meta_path).with_context(|| format!("cannot read `{META}`"))?,
    )
    .with_context(|| format!("cannot read `{META}`"))?;
    let files = file_names(dir)?;
    let segments = meta
        .get_mut("segments")
        .and_then(Json::as_array_mut)
        .ok_or_else(|| anyhow!("`{META}` lists no segments"))?;
    // Old short id (the files' prefix) → (content key, segment entry).
    let mut keyed: Vec<(Vec<u8>, String, Json)> = Vec::new();
    for seg in segments.drain(..) {
        let id = seg.get("segment_id").and_then(Json::as_str).unwrap_or_default().to_owned();
        let short = id.replace('-', "");
        if short.len() != 32 || seg.get("deletes").is_some_and(|d| !d.is_null()) {
            // Not a fresh segment as written here: leave the index as it is.
            return Ok(());
        }
        let mut key = seg.get("max_doc").map(Json::to_string).unwrap_or_default().into_bytes();
        for (name, len) in files.range(format!("{short}.")..) {
            let Some(ext) = name.strip_prefix(&format!("{short}.")) else { break };
            key.extend_from_slice(format!("\n{ext}:{len}").as_bytes());
        }
        keyed.push((key, short, seg));
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    for (n, (key, short, mut seg)) in keyed.into_iter().enumerate() {
        // The ordinal keeps two segments of equal shape apart.
        let digest =
            Sha256::new().chain_update(&key).chain_update((n as u64).to_le_bytes()).finalize();
        let new: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        let hyphenated = format!(
            "{}-{}-{}-{}-{}",
            &new[..8],
            &new[8..12],
            &new[12..16],
            &new[16..20],
            &new[20..]
        );
        seg["segment_id"] = Json::String(hyphenated);
        segments.push(seg);
        renames.insert(short, new);
    }
    for name in files.keys() {
        let Some((short, ext)) = name.split_once('.') else { continue };
        if let Some(new) = renames.get(short) {
            std::fs::rename(dir.join(name), dir.join(format!("{new}.{ext}")))
                .with_context(|| format!("cannot rename the index file `{name}`"))?;
        }
    }
    write_json(&meta_path, &meta)?;
    let managed_path = dir.join(MANAGED);
    if let Ok(bytes) = std::fs::read(&managed_path) {
        let listed: Vec<String> = serde_json::from_slice(&bytes).unwrap_or_default();
        let mut listed: Vec<String> = listed
            .into_iter()
            .map(|name| {
                let renamed = name
                    .split_once('.')
                    .and_then(|(short, ext)| renames.get(short).map(|new| format!("{new}.{ext}")));
                renamed.unwrap_or(name)
            })
            .collect();
        listed.sort();
        write_json(&managed_path, &Json::from(listed))?;
    }
    Ok(())
}

/// Every file in `dir` with its size, by name.
fn file_names(dir: &Path) -> Result<BTreeMap<String, u64>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).context("cannot list the index folder")? {
        let entry = entry.context("cannot list the index folder")?;
        let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
        out.insert(entry.file_name().to_string_lossy().into_owned(), len);
    }
    Ok(out)
}

fn write_json(path: &Path, value: &Json) -> Result<()> {
    let bytes = serde_json::to_vec_pretty(value).context("cannot serialise the index's lists")?;
    crate::output::write_file(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{STORED, Schema, TEXT};
    use tantivy::{Index, IndexWriter, TantivyDocument, doc};

    /// An index of three segments (a commit each), settled.
    fn made(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT | STORED);
        let index = Index::create_in_dir(dir, schema.build()).unwrap();
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        for batch in [["a b", "b c"], ["c d", "d e"], ["e f", "f g"]] {
            for t in batch {
                writer.add_document(doc!(text => t)).unwrap();
            }
            writer.commit().unwrap();
        }
        writer.wait_merging_threads().unwrap();
        settle(dir).unwrap();
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap())
            .map(|e| {
                (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
            })
            .collect()
    }

    #[test]
    fn the_same_documents_give_the_same_files() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (first, second) = (made(a.path()), made(b.path()));
        assert_eq!(first.keys().filter(|n| n.ends_with(".term")).count(), 3, "{:?}", first.keys());
        assert_eq!(first, second);
        // tantivy still opens it, and finds every document.
        let index = Index::open_in_dir(a.path()).unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.num_docs(), 6);
        assert_eq!(searcher.segment_readers().len(), 3);
    }
}
