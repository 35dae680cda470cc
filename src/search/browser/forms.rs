//! The stems table of the browser index: for every word of the records not
//! written in English, its stem in each of the index's other stemmed
//! languages, as the command line's query analysis computes them.
//!
//! Why a table: the browser ports only the English stemmer (Snowball's
//! other stemmers are not ours to copy, and shipping each would cost every
//! visitor its bytes). The command line analyses a query word once per
//! index language, so the browser needs, for a word the query holds, its
//! French, Russian, … stems: the table gives them for every word the
//! index's non-English texts hold, which is every word a query in those
//! languages can match by its own form. A word the table lacks (an
//! inflection no record uses) falls back in `search.js` to the word less
//! the longest ending the stemmer took off some word of the index
//! (`meta.js`'s `w.e`, per language), when what is left is a stem of that
//! language in the loaded chunks, as Snowball takes off the longest suffix
//! it knows: `consommateurs` is `consomm` + `ateurs`, but `Allemagne` is
//! not `all` + `emagne`.
//!
//! The table is split by word like the term chunks: `search/i/wHASH.js`,
//! each `["word","stems",…]` with one stem per language of the table,
//! space-separated, empty where the stem is the word itself; `meta.js`
//! gives `w: {l: languages, c: first word of each chunk, h: chunk hashes}`.
//! A query loads the chunks of its words only.
//!
//! The rules of other scripts and of the table live in a script of their
//! own, `search-lang.js`, written as `search/i/xHASH.js` and named by
//! `meta.js`'s `x` only for an index that needs it (a stemmed language
//! other than English, or CJK or Arabic-script text): an English site's
//! index and first-query bytes are as before. Without it the browser
//! does not split CJK nor normalise Arabic script, which cannot change what
//! it finds there, as no index term holds those characters (but for one
//! case: Arabic-Indic digits in a query, which the command line reads as
//! ASCII digits).

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use serde_json::json;

use super::chunking::{mix, shortest_after};
use super::naming::{content_hash, content_path, js_string, put_file};
use crate::output::OutputFile;
use crate::search::analysis::{Analyzers, Lang, script};

/// A chunk holds at least this many bytes before a word may start the next.
pub(super) const CHUNK_MIN: usize = 3_000;

/// Past [`CHUNK_MIN`], a word starts a new chunk with a probability of its
/// entry's bytes over this (a hash of the word decides, so the same words
/// cut the same chunks and an edit renames few of them).
const CHUNK_BYTES: usize = 3_000;

/// No chunk grows past this.
pub(super) const CHUNK_MAX: usize = 12_000;

/// Longest ending listed (Snowball's longest suffixes are about this long).
const MAX_ENDING_CHARS: usize = 10;

/// The stemmed languages other than English among the index's (codes as
/// the catalog gives them), in the order the table lists their stems.
fn stemmed(languages: &[String]) -> Vec<Lang> {
    let mut out: Vec<Lang> = languages
        .iter()
        .map(|code| Lang::from_bcp47(code))
        .filter(|l| matches!(l, Lang::Stemmed(_)))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The source of the browser's language rules.
pub(super) const SCRIPT: &str = include_str!("../../../themes/default/assets/search-lang.js");

/// What the language files add to `meta.js`, and their paths.
pub(super) type Added = (Vec<(&'static str, serde_json::Value)>, Vec<String>);

/// Writes the language files the index needs through `put` (unless `have`
/// has them): the stems table, the rules script. `forms`: each word with
/// how many records hold it; `chars`: the content's non-ASCII characters.
pub(super) fn emit(
    forms: &HashMap<String, u32>,
    chars: &BTreeMap<char, u32>,
    languages: &[String],
    have: &dyn Fn(&str) -> bool,
    put: &mut dyn FnMut(OutputFile) -> Result<()>,
) -> Result<Added> {
    let mut meta = Vec::new();
    let mut paths = Vec::new();
    if let Some((w, p)) = table(forms, languages, have, put)? {
        meta.push(("w", w));
        paths.extend(p);
    }
    let other_script =
        chars.keys().any(|&c| script::is_cjk(c) || ('\u{0600}'..='\u{06ff}').contains(&c));
    if !meta.is_empty() || other_script {
        let code = script_data();
        let hash = content_hash([code.as_bytes()]);
        let name = format!("x{hash}");
        paths.push(content_path(&name));
        put_file(put, have, name, &code)?;
        meta.push(("x", json!(hash)));
        meta.push(("cjk", super::meta::cjk()));
    }
    Ok((meta, paths))
}

/// The rules script as the function `CSI` hands to `search.js`: minified
/// like it (the file's `CSI('x', …)` call is the wrapper the index adds).
fn script_data() -> String {
    static DATA: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DATA.get_or_init(|| {
        let source = SCRIPT.trim();
        let minified = super::scripts::minify(source);
        // The function passed to CSI, of the minified or else the plain source.
        [minified.trim(), source]
            .into_iter()
            .find_map(|code| {
                // `CSI("x", function …);`, however the minifier quotes "x".
                let (_, inner) = code.strip_prefix("CSI(")?.split_once(',')?;
                let inner = inner.trim_end_matches(';').strip_suffix(')')?.trim();
                inner.starts_with("function").then(|| inner.to_owned())
            })
            .unwrap_or_else(|| "function(){}".to_owned())
    })
    .clone()
}

/// Writes the table's chunks through `put` (unless `have` has them) and
/// returns `meta.js`'s `w` entry and the chunks' paths; `None` when the
/// index holds no stemmed language but English.
fn table(
    forms: &HashMap<String, u32>,
    languages: &[String],
    have: &dyn Fn(&str) -> bool,
    put: &mut dyn FnMut(OutputFile) -> Result<()>,
) -> Result<Option<(serde_json::Value, Vec<String>)>> {
    let langs = stemmed(languages);
    if langs.is_empty() {
        return Ok(None);
    }
    let mut analyzers = Analyzers::default();
    let replaced: Vec<Vec<(char, char)>> =
        langs.iter().map(|l| replacements(analyzers.get(*l))).collect();
    // A word as a query may write it without what the stemmer replaces
    // (Russian `елка` for the records' `ёлка`): a word of its own, so that
    // its stem is known, and known among the words it sorts with.
    let spelt: std::collections::BTreeSet<String> = forms
        .keys()
        .flat_map(|w| replaced.iter().map(move |r| replace(w, r)))
        .filter(|v| !forms.contains_key(v.as_str()))
        .collect();
    let mut words: Vec<&str> =
        forms.keys().map(String::as_str).chain(spelt.iter().map(String::as_str)).collect();
    // JavaScript compares strings by UTF-16 code units.
    words.sort_unstable_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    let mut entries: Vec<String> = Vec::with_capacity(words.len());
    // Per language, the endings its stemmer took off the index's words.
    let mut endings: Vec<std::collections::BTreeSet<&str>> = vec![Default::default(); langs.len()];
    for w in &words {
        let stems: Vec<String> = langs
            .iter()
            .map(|l| analyzers.get(*l).term(w))
            .zip(&mut endings)
            .map(|(s, seen)| {
                if let Some(ending) = w.strip_prefix(s.as_str())
                    && !ending.is_empty()
                    && ending.chars().count() <= MAX_ENDING_CHARS
                {
                    seen.insert(ending);
                }
                s
            })
            // A stem the format cannot carry stands as the word (never seen:
            // terms are folded alphanumerics).
            .map(|s| if s == *w || s.is_empty() || s.contains(' ') { String::new() } else { s })
            .collect();
        let stems = stems.join(" ");
        entries.push(format!("{},{},", js_string(w), js_string(stems.trim_end_matches(' '))));
    }
    let (mut firsts, mut hashes, mut paths) = (Vec::new(), Vec::new(), Vec::new());
    let mut start = 0;
    let mut bytes = 0;
    for i in 0..=words.len() {
        let cut = i == words.len()
            || (i > start
                && (bytes + entries[i].len() > CHUNK_MAX
                    || (bytes >= CHUNK_MIN && cuts(words[i], entries[i].len()))));
        if cut && i > start {
            let prev = if start == 0 { "" } else { words[start - 1] };
            firsts.push(shortest_after(prev, words[start]));
            let data = format!("[{}]", concat(&entries[start..i]));
            let hash = content_hash([data.as_bytes()]);
            let name = format!("w{hash}");
            paths.push(content_path(&name));
            put_file(put, have, name, &data)?;
            hashes.push(hash);
            start = i;
            bytes = 0;
        }
        if let Some(e) = entries.get(i) {
            bytes += e.len();
        }
    }
    let codes: Vec<&str> = langs.iter().map(|l| l.code()).collect();
    let endings: Vec<String> =
        endings.iter().map(|e| e.iter().copied().collect::<Vec<_>>().join(" ")).collect();
    let mut w = json!({"l": codes, "c": firsts, "h": hashes, "e": endings});
    // Per language, the letters its stemmer replaces, as pairs (`ёе`):
    // only when some language has any, so other sites' meta.js is as before.
    if replaced.iter().any(|r| !r.is_empty()) {
        let pairs: Vec<String> =
            replaced.iter().map(|r| r.iter().flat_map(|&(a, b)| [a, b]).collect()).collect();
        w["r"] = json!(pairs);
    }
    Ok(Some((w, paths)))
}

/// The letters (that folding keeps) which `analyzer`'s stemmer writes as
/// another letter wherever they are: Russian's `ё` is `е`, so that `ёлка`
/// stems to `елк` as `елка` does. `search-lang.js` replaces them in a
/// word the table lacks before guessing its stem (the stemmer never
/// leaves them), and looks the word up so spelt.
fn replacements(analyzer: &mut crate::search::analysis::Analyzer) -> Vec<(char, char)> {
    let mut out = Vec::new();
    for c in ('\u{c0}'..='\u{52f}').chain('\u{1f00}'..='\u{1fff}') {
        let one = c.to_string();
        if !c.is_alphabetic() || crate::search::analysis::fold(&one) != one {
            continue;
        }
        let term = analyzer.term(&one);
        let mut t = term.chars();
        if let (Some(r), None) = (t.next(), t.next())
            && r != c
        {
            out.push((c, r));
        }
    }
    out
}

/// `word` with the letters of `pairs` replaced.
fn replace(word: &str, pairs: &[(char, char)]) -> String {
    if pairs.is_empty() {
        return word.to_owned();
    }
    word.chars().map(|c| pairs.iter().find(|p| p.0 == c).map_or(c, |p| p.1)).collect()
}

/// Entries joined, without the last one's trailing comma.
fn concat(entries: &[String]) -> String {
    let mut s = entries.concat();
    s.pop();
    s
}

/// Whether `word` starts a chunk (see [`CHUNK_BYTES`]).
pub(super) fn cuts(word: &str, bytes: usize) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (mix(h) >> 32) * (CHUNK_BYTES as u64) < (bytes as u64) << 32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_script_is_a_minified_function() {
        let code = script_data();
        assert!(code.starts_with("function(") && code.ends_with('}'), "{code}");
        assert!(code.contains("loadForms") && code.contains("analyze"), "{code}");
        assert!(code.len() > 2_000 && code.len() < SCRIPT.len() / 2, "{} bytes", code.len());
    }

    #[test]
    fn the_rules_script_comes_with_the_table_or_with_other_scripts() {
        let run = |langs: &[&str], chars: &[char]| {
            let langs: Vec<String> = langs.iter().map(|l| l.to_string()).collect();
            let chars: BTreeMap<char, u32> = chars.iter().map(|c| (*c, 1)).collect();
            let mut files = Vec::new();
            let (meta, _) = emit(&HashMap::new(), &chars, &langs, &|_| false, &mut |f| {
                files.push(f.path);
                Ok(())
            })
            .expect("emit");
            meta.iter().map(|(k, _)| *k).collect::<Vec<_>>()
        };
        assert!(run(&["en"], &['é', 'ß']).is_empty());
        // The rules come with the CJK ranges they read (`cjk`).
        assert_eq!(run(&["en"], &['中']), ["x", "cjk"]);
        assert_eq!(run(&["en", "plain"], &['ب']), ["x", "cjk"]);
        assert_eq!(run(&["en", "fr"], &[]), ["w", "x", "cjk"]);
    }

    fn table(words: &[&str], langs: &[&str]) -> (serde_json::Value, Vec<(String, String)>) {
        let forms: HashMap<String, u32> = words.iter().map(|w| (w.to_string(), 1)).collect();
        let langs: Vec<String> = langs.iter().map(|l| l.to_string()).collect();
        let mut files = Vec::new();
        let got = super::table(&forms, &langs, &|_| false, &mut |f| {
            files.push(f);
            Ok(())
        })
        .expect("emit");
        let files = files
            .into_iter()
            .map(|f| (f.path.clone(), String::from_utf8_lossy(&f.bytes).into_owned()))
            .collect();
        (got.map(|g| g.0).unwrap_or_default(), files)
    }

    #[test]
    fn english_and_unstemmed_sites_have_no_table() {
        assert_eq!(table(&["word"], &["en", "plain"]).0, serde_json::Value::Null);
    }

    #[test]
    fn each_word_gets_its_stem_in_each_language() {
        let (meta, files) =
            table(&["regulations", "законы", "nationale", "b"], &["en", "fr", "ru"]);
        assert_eq!(meta["l"], json!(["fr", "ru"]));
        assert_eq!(meta["c"], json!(["b"]));
        assert_eq!(files.len(), 1);
        let (path, data) = &files[0];
        assert!(path.starts_with("search/i/w") && path.ends_with(".js"), "{path}");
        assert_eq!(
            data,
            &format!(
                "CSI(\"w{}\",[\"b\",\"\",\"nationale\",\"national\",\"regulations\",\"regul\",\"законы\",\" закон\"]);\n",
                meta["h"][0].as_str().unwrap_or("")
            )
        );
    }

    #[test]
    fn a_word_is_also_listed_without_the_letters_its_stemmer_replaces() {
        let (meta, files) = table(&["ёлка", "учёт", "учет", "nationale"], &["fr", "ru"]);
        // Russian writes `ё` as `е`; French replaces no letter it keeps.
        assert_eq!(meta["r"], json!(["", "ёе"]));
        let data = &files[0].1;
        assert!(data.contains("\"елка\",\" елк\""), "{data}");
        assert!(data.contains("\"ёлка\",\" елк\""), "{data}");
        // Once: `учет` is a word of the records already.
        assert_eq!(data.matches("\"учет\"").count(), 1, "{data}");
        // A site whose stemmers replace nothing has no `r`.
        assert_eq!(table(&["nationale"], &["fr", "es"]).0.get("r"), None);
    }

    #[test]
    fn many_words_make_several_chunks_in_order() {
        let words: Vec<String> = (0..3000).map(|i| format!("mot{i}s")).collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let (meta, files) = table(&refs, &["fr"]);
        let firsts: Vec<&str> =
            meta["c"].as_array().into_iter().flatten().filter_map(|v| v.as_str()).collect();
        assert!(firsts.len() > 3 && firsts.len() == files.len(), "{}", firsts.len());
        assert!(firsts.windows(2).all(|w| w[0] < w[1]));
        assert!(files.iter().all(|(_, d)| d.len() <= CHUNK_MAX + 100));
    }
}
