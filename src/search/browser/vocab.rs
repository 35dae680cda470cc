//! The vocabulary's files ([`crate::search::vocabulary`]), which
//! `search.js` loads only when a query word matches nothing, to find the
//! words it may have meant: `search/i/nHASH.js` chunks, in UTF-16 order,
//! each `["word",count,"terms",…]` (terms space-separated, as in
//! `words.tsv`), and a root `search/i/oHASH.js`, `[[first word of each
//! chunk…],[each chunk's hash…]]`, which `meta.js` names as `vw`. Where
//! documents write a word otherwise than folded, its terms are followed by
//! a tab and the word as a note names it ([`Entry::shown`]). A first
//! search loads none of them, so `meta.js` carries one hash, not the
//! chunks' list.

use anyhow::Result;
use serde_json::json;

use super::chunking::shortest_after;
use super::forms::{CHUNK_MAX, CHUNK_MIN, cuts};
use super::naming::{content_hash, content_path, js_string, put_file};
use crate::output::OutputFile;
use crate::search::vocabulary::Entry;

/// Writes the files through `put` (unless `have` has them); returns
/// `meta.js`'s `vw` entry and the files' paths, or `None` for an empty
/// vocabulary.
pub(super) fn emit(
    entries: &[Entry],
    have: &dyn Fn(&str) -> bool,
    put: &mut dyn FnMut(OutputFile) -> Result<()>,
) -> Result<Option<(serde_json::Value, Vec<String>)>> {
    if entries.is_empty() {
        return Ok(None);
    }
    let coded: Vec<String> = entries
        .iter()
        .map(|e| {
            // The word as a note names it, when not the folded word.
            let mut terms = e.terms.join(" ");
            if e.shown() != e.word {
                terms.push('\t');
                terms.push_str(e.shown());
            }
            format!("{},{},{},", js_string(&e.word), e.count, js_string(&terms))
        })
        .collect();
    let (mut firsts, mut hashes, mut paths) = (Vec::new(), Vec::new(), Vec::new());
    let (mut start, mut bytes) = (0, 0);
    for i in 0..=entries.len() {
        let cut = i == entries.len()
            || (i > start
                && (bytes + coded[i].len() > CHUNK_MAX
                    || (bytes >= CHUNK_MIN && cuts(&entries[i].word, coded[i].len()))));
        if cut && i > start {
            let prev = if start == 0 { "" } else { entries[start - 1].word.as_str() };
            firsts.push(shortest_after(prev, &entries[start].word));
            let mut data = coded[start..i].concat();
            data.pop();
            let data = format!("[{data}]");
            let hash = content_hash([data.as_bytes()]);
            let name = format!("n{hash}");
            paths.push(content_path(&name));
            put_file(put, have, name, &data)?;
            hashes.push(hash);
            (start, bytes) = (i, 0);
        }
        if let Some(c) = coded.get(i) {
            bytes += c.len();
        }
    }
    let root = json!([firsts, hashes]).to_string();
    let hash = content_hash([root.as_bytes()]);
    let name = format!("o{hash}");
    paths.push(content_path(&name));
    put_file(put, have, name, &root)?;
    Ok(Some((json!(hash), paths)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analysis::Analyzer;
    use crate::search::analysis::Lang;
    use crate::search::vocabulary::{Counts, doc_words};

    #[test]
    fn chunks_cover_the_vocabulary_in_order_and_the_root_names_them() {
        let mut counts = Counts::default();
        let text: String = (0..3000).map(|i| format!("word{i:05} ")).collect();
        let mut a = Analyzer::new(Lang::English);
        a.collect_words();
        a.analyze(&text);
        counts.add(&doc_words(a.take_words()), 1);
        let entries = counts.entries(&[Lang::English]);
        let mut files = Vec::new();
        let (hash, paths) = emit(&entries, &|_| false, &mut |f| {
            files.push(f);
            Ok(())
        })
        .expect("emit")
        .expect("some");
        assert!(files.len() > 3, "{} files", files.len());
        assert_eq!(paths.len(), files.len());
        let root = files.last().expect("root");
        assert!(root.path.ends_with(&format!("o{}.js", hash.as_str().expect("hash"))));
        // Every word, once, in order, across the chunks.
        let words: Vec<String> = files[..files.len() - 1]
            .iter()
            .flat_map(|f| {
                let text = String::from_utf8(f.bytes.to_vec()).expect("utf-8");
                let data = text.split_once(',').expect("name").1.trim_end_matches(");\n");
                let v: Vec<serde_json::Value> = serde_json::from_str(data).expect("json");
                v.chunks(3).map(|e| e[0].as_str().expect("word").to_owned()).collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(words, entries.iter().map(|e| e.word.clone()).collect::<Vec<_>>());
        assert!(emit(&[], &|_| false, &mut |_| Ok(())).expect("emit").is_none());
    }
}
