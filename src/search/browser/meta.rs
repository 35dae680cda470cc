//! `search/meta.js`, the one file of fixed name: what a first query needs
//! before any other (collections, facets, field statistics for BM25, the
//! folding table, the first term of each chunk), the names of every other
//! file, and the rules the scripts share with the Rust side.
//!
//! The scripts hold no copy of a Rust constant or list: every limit, list
//! and table they must apply exactly as the command line does is written
//! here from its one Rust definition ([`shared`], `meta.js`'s `k`; the CJK
//! ranges with the language rules, [`cjk`]; the right-to-left tags with the
//! version rules, [`rtl`]), and the scripts read it from `meta.js`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::naming::{BUCKET_CHARS, NAME_CHARS};
use super::{DOC_BUCKET, NUM_FIELDS, codec};
use crate::core::lang;
use crate::search::analysis::{self, script};
use crate::search::catalog::{self, Catalog};
use crate::search::schema::TEXT_FIELDS;
use crate::search::spelling;
use crate::search::{engine, function_words, plan, query, snippet, vocabulary};

/// The names `meta.js` gives the content files.
#[derive(Default)]
pub(super) struct Names {
    pub(super) boundaries: Vec<String>,
    pub(super) postings: Vec<String>,
    pub(super) buckets: Vec<String>,
    pub(super) facets: Vec<String>,
    pub(super) ranges: Vec<String>,
}

/// The rules `search.js` applies as the Rust side does, from their Rust
/// definitions: `meta.js`'s `k`. Short keys, as every first query loads
/// them; none is a key of `meta.js` itself.
pub(super) fn shared() -> Value {
    json!({
        // codec.rs: the bit streams' alphabet.
        "abc": String::from_utf8_lossy(codec::ALPHABET),
        // range.rs: values lie within ±LIMIT, the ends of an open range.
        "rl": crate::search::range::LIMIT,
        // analysis.rs: the longest token, compounds, what joins them.
        "tok": analysis::MAX_TOKEN_CHARS,
        "cmp": analysis::MAX_COMPOUND_PARTS,
        "jn": analysis::JOINERS.iter().collect::<String>(),
        // spelling.rs: British spellings to American ones; word lists
        // space-separated (fewer bytes than JSON arrays; `OUR_TAILS` starts
        // with the empty ending).
        "am": {
            "ok": spelling::OUR_KEEP.join(" "),
            "ot": spelling::OUR_TAILS.join(" "),
            "it": spelling::ISE_TAILS.join(" "),
            "iks": spelling::ISE_KEEP_SUFFIX.join(" "),
            "ik": spelling::ISE_KEEP.join(" "),
            "yt": spelling::YSE_TAILS.join(" "),
            "tk": spelling::TRE_KEEP.join(" "),
            "tf": spelling::TRE_FORMS,
            "tt": spelling::TRE_TAILS,
            "lf": spelling::LOGUE_FORMS,
        },
        // query.rs: how much of a query is read.
        "qc": query::MAX_QUERY_CHARS,
        "qp": query::MAX_PARTS,
        "el": query::ELISIONS.join(" "),
        // Names before a colon that are no filter's, the filters a note lists.
        "sch": [query::SCHEMES.join(" "), query::LISTED_FILTERS],
        // filters.rs: the most values a note on an unknown value lists.
        "lv": crate::search::filters::LISTED_VALUES,
        // plan.rs and engine.rs: near spellings, words found when not all are.
        "ed": plan::EDIT_STEPS,
        "cb": [plan::CODE_BOOST, plan::CODE_FIELDS.join(" ")],
        "fz": plan::MAX_FUZZY_TERMS,
        // vocabulary.rs: the shortest prefix `word*` expands, its most words.
        "pm": [vocabulary::MIN_PREFIX_CHARS, vocabulary::MAX_PREFIX_WORDS],
        "cov": engine::COVERAGE,
        // snippet.rs: window, lead, matches considered; a block's ends.
        "snip": [snippet::WINDOW, snippet::LEAD, snippet::MAX_HITS],
        "blk": [snippet::BLOCK_ENDS, snippet::CLOSERS],
    })
}

/// The scripts split into character bigrams (script.rs `CJK`), as a flat
/// `[from, to, …]` list: `meta.js`'s `cjk`, only beside the language rules
/// that use it (`search-lang.js`).
pub(super) fn cjk() -> Value {
    json!(script::CJK.iter().flat_map(|&(from, to)| [from, to]).collect::<Vec<u32>>())
}

/// The right-to-left languages and scripts, and the left-to-right scripts
/// (`core::lang::is_rtl`): `meta.js`'s `rtl`, only beside the version rules
/// (`search/versions.js`) that mark results in another language.
fn rtl() -> Value {
    json!([lang::RTL_LANGUAGES, lang::RTL_SCRIPTS, lang::LTR_SCRIPTS])
}

/// Per site language (lower case), the documents' tags it covers though
/// it is not a prefix of them (`zh-hans`: `zh`, `zh-cn`), as
/// `core::lang::covers` decides from CLDR's likely subtags: `meta.js`'s
/// `cv`, so that `versions.js` needs no copy of CLDR. `None` when there
/// are none (most sites).
pub(super) fn covered<'a>(
    site: &[String],
    tags: impl Iterator<Item = &'a String> + Clone,
) -> Option<Value> {
    let cv: serde_json::Map<String, Value> = site
        .iter()
        .filter_map(|s| {
            let s_low = s.to_ascii_lowercase();
            let mut more: Vec<String> = tags
                .clone()
                .map(|t| t.to_ascii_lowercase())
                .filter(|t| !lang::is_prefix(&s_low, t) && lang::covers(&s_low, t))
                .collect();
            more.sort();
            more.dedup();
            (!more.is_empty()).then(|| (s_low, json!(more)))
        })
        .collect();
    (!cv.is_empty()).then_some(Value::Object(cv))
}

pub(super) fn meta(
    catalog: &Catalog,
    names: &Names,
    total_tokens: &[u64; NUM_FIELDS],
    fold_chars: &BTreeMap<char, u32>,
    translations: &[(String, Vec<u32>)],
    languages: Vec<(&str, Value)>,
) -> String {
    // Folding table: what queries are likely to hold (Latin letters with
    // accents, super- and subscripts, number forms, ligatures), plus every
    // other non-ASCII character of the content.
    let mut fold = String::new();
    let typed = [
        '\u{a0}'..='\u{24f}',
        '\u{1e00}'..='\u{1eff}',
        '\u{2070}'..='\u{209f}',
        '\u{2150}'..='\u{218f}',
        '\u{fb00}'..='\u{fb06}',
    ];
    let mut all: BTreeSet<char> =
        typed.into_iter().flatten().flat_map(char::to_lowercase).collect();
    all.extend(fold_chars.keys().copied());
    let mut pairs: Vec<(String, String)> = Vec::new();
    for c in all {
        let f = analysis::fold_char(c);
        if f != c.to_string() {
            pairs.push((c.to_string(), f));
        }
    }
    for (c, f) in &pairs {
        fold.push_str(c);
        fold.push_str(f);
        fold.push(' ');
    }
    let facets: Vec<Value> = catalog
        .facets
        .iter()
        .map(|f| {
            // Other names and members are in the field's own file (see
            // `emit::facet_files`), loaded with its records when a filter
            // needs them: names in every site language would weigh on
            // every first search.
            let values: Vec<Value> =
                f.values.iter().map(|v| json!([v.value, v.label, v.count])).collect();
            json!([f.field, f.label, values])
        })
        .collect();
    let ranges: Vec<Value> = catalog
        .ranges
        .iter()
        .map(|r| {
            let (lo, hi) = r.span.map_or((None, None), |(lo, hi)| (Some(lo), Some(hi)));
            // The collections with values, by their place in `collections`.
            let with: Vec<usize> = r
                .collections
                .iter()
                .filter_map(|c| catalog.collections.iter().position(|x| &x.name == c))
                .collect();
            json!([r.field, r.label, r.kind.name(), lo, hi, with])
        })
        .collect();
    let collections: Vec<Value> = catalog
        .collections
        .iter()
        .map(|c| json!([c.name, c.title, c.singular, c.first, c.count]))
        .collect();
    let fields: Vec<Value> = TEXT_FIELDS.iter().map(|(n, b)| json!([n, b])).collect();
    let pairs: Vec<[&str; 2]> = spelling::PAIRS.iter().map(|(b, a)| [*b, *a]).collect();
    let mut meta = json!({
        "v": catalog::FORMAT,
        "n": catalog.documents,
        "fields": fields,
        "tokens": total_tokens,
        "langs": catalog.languages,
        "fold": fold,
        "pairs": pairs,
        "collections": collections,
        "facets": facets,
        "chunks": super::chunking::front_coded(&names.boundaries),
        // Name hashes, each NAME_CHARS (BUCKET_CHARS for buckets) long,
        // end to end: the most numerous names of a large site, without
        // quotes and commas.
        "th": names.postings.concat(),
        "db": DOC_BUCKET,
        "dh": names.buckets.concat(),
        "nh": NAME_CHARS,
        "bh": BUCKET_CHARS,
        "fh": names.facets,
        "ranges": ranges,
        "rh": names.ranges,
        "k": shared(),
    });
    // Only multilingual sites carry these, so that a one-language site's
    // first query loads no more than before.
    if !translations.is_empty() {
        meta["tr"] = translations
            .iter()
            .map(|(lang, ords)| json!([lang, codec::encode_records(ords)]))
            .collect();
    }
    // function_words.rs: each site language's function words, the
    // default language's first.
    // Then those of the other languages records are written in, which
    // `search.js` (`unit`) needs as the command line's `plan::unit` does.
    let site = catalog.site_languages.iter().map(String::as_str);
    let primary = |l: &str| l.split(['-', '_']).next().unwrap_or(l).to_ascii_lowercase();
    let listed: Vec<String> = catalog.site_languages.iter().map(|l| primary(l)).collect();
    let others =
        catalog.langs().into_iter().map(|l| l.code()).filter(|c| !listed.iter().any(|p| p == c));
    let sw: Vec<Value> = site
        .chain(others)
        .filter_map(|l| Some(json!([l, function_words::list(l)?.join(" ")])))
        .collect();
    if !sw.is_empty() {
        meta["sw"] = json!(sw);
    }
    if catalog.site_languages.len() > 1 || !translations.is_empty() {
        meta["sl"] = json!(catalog.site_languages);
        meta["rtl"] = rtl();
    }
    if let Some(m) = meta.as_object_mut() {
        m.extend(languages.into_iter().map(|(k, v)| (k.to_owned(), v)));
    }
    meta.to_string()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::search::browser::{FACETS_SCRIPT, MORE_SCRIPT, SCRIPT, VERSIONS_SCRIPT, forms};

    /// The names read after `prefix` (`K.tok`, `m.k.ed`) in `source`, where
    /// `prefix` does not end a longer name. The scripts read `k` as `K`, or
    /// through the meta object (`m`, `….meta`).
    fn read_after(source: &str, prefix: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (at, _) in source.match_indices(prefix) {
            let before = source[..at].chars().next_back();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = source[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
        out
    }

    fn keys(v: &Value) -> BTreeSet<String> {
        v.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default()
    }

    /// The scripts read exactly the rules `meta.js` carries: none missing
    /// (a script would read `undefined`), none carried for nothing.
    #[test]
    fn the_scripts_read_every_shared_rule_and_no_other() {
        let scripts = [SCRIPT, VERSIONS_SCRIPT, FACETS_SCRIPT, MORE_SCRIPT, forms::SCRIPT];
        let mut read = BTreeSet::new();
        for s in scripts {
            for prefix in ["K.", "m.k.", "meta.k."] {
                read.extend(read_after(s, prefix));
            }
        }
        let shared = shared();
        assert_eq!(read, keys(&shared), "keys of meta.js `k` the scripts read");
        // The spelling lists, read as `L.…` in americanize.
        assert_eq!(read_after(SCRIPT, "L."), keys(&shared["am"]));
    }

    #[test]
    fn covered_tags_are_those_of_the_same_language_and_script() {
        let site = ["fr".to_owned(), "zh-Hans".to_owned()];
        let tags = ["fr-CA", "zh", "zh-CN", "zh-TW", "zh-Hans"].map(String::from);
        assert_eq!(covered(&site, tags.iter()), Some(json!({"zh-hans": ["zh", "zh-cn"]})));
        assert_eq!(covered(&site, tags[..1].iter()), None);
    }

    #[test]
    fn shared_rules_are_the_rust_ones() {
        let k = shared();
        assert_eq!(k["abc"].as_str().map(str::len), Some(64));
        assert_eq!(k["jn"].as_str().map(|s| s.chars().count()), Some(analysis::JOINERS.len()));
        assert_eq!(k["ed"], json!([4, 8]));
        // No key of `k` shadows one of meta.js that tests and scripts look for.
        for top in ["n", "w", "x", "tr", "sl", "g", "vw", "cv", "lh"] {
            assert!(!k.to_string().contains(&format!("\"{top}\":")), "{top}");
        }
        let cjk = cjk();
        assert_eq!(cjk.as_array().map(Vec::len), Some(script::CJK.len() * 2));
    }
}
