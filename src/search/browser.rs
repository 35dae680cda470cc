//! The browser index: what `search/index.html` loads to search with no
//! server, under `file://` as on a web host.
//!
//! `fetch` and module scripts are blocked under `file://`, so every file is
//! a classic script that hands its data to a global callback,
//! `CSI(name, data)`, defined by `search.js`. The index is split so that a
//! query loads only what it needs:
//!
//! - `search/meta.js` (fixed name, small): collections, facets, field
//!   statistics for BM25, ASCII-folding table, the first term of each chunk,
//!   and the generation folder of everything else;
//! - `search/i-GEN/tN.js`: term chunks, terms in sorted order, each with its
//!   postings per field (record, term frequency, field-norm id: all BM25
//!   needs, so the browser ranks exactly as tantivy does);
//! - `search/i-GEN/pN.js`: the positions of the same terms, loaded only for
//!   phrases;
//! - `search/i-GEN/dN.js`: one file per record (title, key, summary, body
//!   text for snippets, facet values), loaded only for the hits shown;
//! - `search/i-GEN/fN.js`: records per value of facet field N, loaded when
//!   filters are used or shown.
//!
//! `GEN` is a hash of all those files, so a host may cache them forever.
//! Pure: `(&Site) → files`, byte-identical for the same site.

use std::collections::HashMap;

use anyhow::Result;
use rayon::prelude::*;
use serde_json::json;
use sha2::{Digest, Sha256};
use tantivy::fieldnorm::FieldNormReader;

use crate::model::Site;
use crate::output::OutputFile;
use crate::search::analysis::{self, Analyzers};
use crate::search::catalog::{self, Catalog};
use crate::search::schema::TEXT_FIELDS;
use crate::search::spelling;
use crate::search::writer;

/// Folder of the browser index in the site.
pub const DIR: &str = "search";

/// A term chunk is closed once it holds this many bytes; a term whose
/// postings alone exceed it gets a chunk of its own.
pub const CHUNK_BYTES: usize = 12_000;

/// Most characters of a body kept in a record's file, for snippets.
pub const BODY_CHARS: usize = 5_000;

/// Records analysed per parallel batch.
const BATCH: usize = 512;

const NUM_FIELDS: usize = TEXT_FIELDS.len();

/// The 92 characters of the number encoding: printable ASCII but `"` and
/// `\`, so encoded numbers sit in a JS string literal as they are. The first
/// 64 end a number (6 bits), the other 28 carry its higher digits.
const ALPHABET: &[u8] =
    b"!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
const LOW: u64 = 64;
const HIGH: u64 = 28;

/// Appends `v` in the number encoding.
pub fn push_num(out: &mut String, v: u64) {
    let mut high = [0u8; 16];
    let mut n = 0;
    let mut rest = v / LOW;
    while rest > 0 {
        high[n] = ALPHABET[(LOW + rest % HIGH) as usize];
        rest /= HIGH;
        n += 1;
    }
    for c in high[..n].iter().rev() {
        out.push(char::from(*c));
    }
    out.push(char::from(ALPHABET[(v % LOW) as usize]));
}

/// Postings of one term in one field, encoded as records are added in order.
#[derive(Debug, Default, Clone)]
struct FieldPostings {
    /// `(record delta, tf - 1, norm id)` per record, as numbers.
    postings: String,
    /// Per record, its positions: first absolute, then deltas.
    positions: String,
    count: u32,
    last: Option<u32>,
}

#[derive(Debug, Default, Clone)]
struct TermPostings {
    fields: [FieldPostings; NUM_FIELDS],
}

/// One field of a record: its field-norm id, its terms with their
/// positions, and its number of tokens.
type AnalysedField = (u8, Vec<(String, Vec<u32>)>, u64);

/// What one record contributes: per field, its terms with positions, and
/// the field-norm id.
struct Analysed {
    fields: Vec<AnalysedField>,
    doc_file: String,
}

/// Every file of the browser index, paths relative to the site root.
pub fn files(site: &Site) -> Result<Vec<OutputFile>> {
    let (catalog, facets) = catalog::build(site);
    let facet_js = facet_files(&catalog, &facets);
    let records: Vec<_> = site.records.values().zip(facets).enumerate().collect();
    let mut terms: HashMap<String, TermPostings> = HashMap::new();
    let mut total_tokens = [0u64; NUM_FIELDS];
    let mut docs: Vec<String> = Vec::with_capacity(records.len());
    let mut fold_chars: std::collections::BTreeSet<char> = std::collections::BTreeSet::new();
    for batch in records.chunks(BATCH) {
        let analysed: Vec<(Analysed, Vec<char>)> = batch
            .par_iter()
            .map_init(Analyzers::default, |analyzers, (ord, (record, facets))| {
                let doc = catalog::doc(site, *ord as u32, record, facets.clone());
                analyse(&doc, analyzers)
            })
            .collect();
        for ((a, chars), (ord, _)) in analysed.into_iter().zip(batch) {
            let ord = *ord as u32;
            fold_chars.extend(chars);
            for (fi, (norm, by_term, tokens)) in a.fields.into_iter().enumerate() {
                total_tokens[fi] += tokens;
                for (term, positions) in by_term {
                    let p = &mut terms.entry(term).or_default().fields[fi];
                    let delta = ord - p.last.map_or(0, |l| l + 1);
                    push_num(&mut p.postings, u64::from(delta));
                    push_num(&mut p.postings, positions.len().saturating_sub(1) as u64);
                    push_num(&mut p.postings, u64::from(norm));
                    let mut prev = 0;
                    for (i, pos) in positions.iter().enumerate() {
                        push_num(
                            &mut p.positions,
                            u64::from(if i == 0 { *pos } else { pos - prev }),
                        );
                        prev = *pos;
                    }
                    p.count += 1;
                    p.last = Some(ord);
                }
            }
            docs.push(a.doc_file);
        }
    }

    // Terms in UTF-16 order, which is how JavaScript compares strings.
    let mut sorted: Vec<(String, TermPostings)> = terms.into_iter().collect();
    sorted.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));

    let mut chunks: Vec<(String, String, String)> = Vec::new(); // (first term, postings js, positions js)
    let mut cur_p = String::new();
    let mut cur_x = String::new();
    let mut first: Option<String> = None;
    let mut last_term = String::new();
    let mut boundaries: Vec<String> = Vec::new();
    let flush = |chunks: &mut Vec<(String, String, String)>,
                 first: &mut Option<String>,
                 p: &mut String,
                 x: &mut String| {
        if let Some(f) = first.take() {
            chunks.push((f, std::mem::take(p), std::mem::take(x)));
        }
    };
    for (term, tp) in &sorted {
        let mut postings = String::new();
        let mut positions = String::new();
        for f in &tp.fields {
            push_num(&mut postings, u64::from(f.count));
            postings.push_str(&f.postings);
            positions.push_str(&f.positions);
        }
        let entry_p = format!("{},\"{postings}\",", js_string(term));
        let entry_x = format!("\"{positions}\",");
        if first.is_some() && cur_p.len() + entry_p.len() > CHUNK_BYTES {
            flush(&mut chunks, &mut first, &mut cur_p, &mut cur_x);
        }
        if first.is_none() {
            boundaries.push(shortest_after(&last_term, term));
            first = Some(term.clone());
        }
        cur_p.push_str(&entry_p);
        cur_x.push_str(&entry_x);
        last_term.clone_from(term);
    }
    flush(&mut chunks, &mut first, &mut cur_p, &mut cur_x);

    let mut body: Vec<(String, String)> = Vec::new();
    for (i, (_, p, x)) in chunks.iter().enumerate() {
        body.push((format!("t{i}"), format!("[{}]", p.trim_end_matches(','))));
        body.push((format!("p{i}"), format!("[{}]", x.trim_end_matches(','))));
    }
    for (i, d) in docs.into_iter().enumerate() {
        body.push((format!("d{i}"), d));
    }
    for (i, f) in facet_js.into_iter().enumerate() {
        body.push((format!("f{i}"), f));
    }
    let mut hasher = Sha256::new();
    for (name, data) in &body {
        hasher.update(name.as_bytes());
        hasher.update(data.as_bytes());
    }
    let generation: String = hasher.finalize().iter().take(5).map(|b| format!("{b:02x}")).collect();
    let gen_dir = format!("{DIR}/i-{generation}");

    let mut out: Vec<OutputFile> = body
        .into_iter()
        .map(|(name, data)| {
            OutputFile::new(format!("{gen_dir}/{name}.js"), format!("CSI(\"{name}\",{data});\n"))
        })
        .collect();
    out.push(OutputFile::new(format!("{DIR}/search.js"), script()));
    out.push(OutputFile::new(
        format!("{DIR}/meta.js"),
        format!(
            "CSI(\"meta\",{});\n",
            meta(&catalog, &generation, &boundaries, &total_tokens, &fold_chars)
        ),
    ));
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn analyse(doc: &catalog::Doc<'_>, analyzers: &mut Analyzers) -> (Analysed, Vec<char>) {
    let fields = writer::doc_tokens(doc, analyzers);
    let mut chars = Vec::new();
    let mut out = Vec::with_capacity(NUM_FIELDS);
    for (text, tokens) in &fields {
        chars.extend(text.chars().filter(|c| !c.is_ascii()).flat_map(char::to_lowercase));
        let norm = FieldNormReader::fieldnorm_to_id(tokens.len() as u32);
        let mut by_term: HashMap<&str, Vec<u32>> = HashMap::new();
        for t in tokens {
            by_term.entry(t.term.as_str()).or_default().push(t.position);
        }
        let mut by_term: Vec<(String, Vec<u32>)> = by_term
            .into_iter()
            .map(|(t, mut p)| {
                p.sort_unstable();
                (t.to_owned(), p)
            })
            .collect();
        by_term.sort();
        out.push((norm, by_term, tokens.len() as u64));
    }
    chars.sort_unstable();
    chars.dedup();
    let r = doc.record;
    let body: String = doc.body.chars().take(BODY_CHARS).collect();
    let doc_file = json!({
        "k": r.key.to_string(),
        "t": r.title(),
        "s": r.summary(),
        "b": body,
        "l": doc.lang.code(),
        "f": doc.facets,
    })
    .to_string();
    (Analysed { fields: out, doc_file }, chars)
}

/// Per facet field: for each of its values (catalog order), the records
/// with it, as encoded deltas.
fn facet_files(catalog: &Catalog, per_doc: &[Vec<(usize, usize)>]) -> Vec<String> {
    let mut lists: Vec<Vec<Vec<u32>>> =
        catalog.facets.iter().map(|f| vec![Vec::new(); f.values.len()]).collect();
    for (ord, facets) in per_doc.iter().enumerate() {
        for (fi, vi) in facets {
            if let Some(l) = lists.get_mut(*fi).and_then(|f| f.get_mut(*vi)) {
                l.push(ord as u32);
            }
        }
    }
    lists
        .into_iter()
        .map(|values| {
            let encoded: Vec<String> = values
                .into_iter()
                .map(|ords| {
                    let mut s = String::new();
                    let mut next = 0;
                    for o in ords {
                        push_num(&mut s, u64::from(o - next));
                        next = o + 1;
                    }
                    format!("\"{s}\"")
                })
                .collect();
            format!("[{}]", encoded.join(","))
        })
        .collect()
}

/// The shortest prefix of `term` (whole characters) that sorts after
/// `prev`, in UTF-16 order; chunk boundaries need no more.
fn shortest_after(prev: &str, term: &str) -> String {
    let mut p = String::new();
    for c in term.chars() {
        p.push(c);
        if p.encode_utf16().cmp(prev.encode_utf16()) == std::cmp::Ordering::Greater {
            return p;
        }
    }
    term.to_owned()
}

fn js_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn meta(
    catalog: &Catalog,
    generation: &str,
    boundaries: &[String],
    total_tokens: &[u64; NUM_FIELDS],
    fold_chars: &std::collections::BTreeSet<char>,
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
    let mut all: std::collections::BTreeSet<char> =
        typed.into_iter().flatten().flat_map(char::to_lowercase).collect();
    all.extend(fold_chars.iter().copied());
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
    let facets: Vec<serde_json::Value> = catalog
        .facets
        .iter()
        .map(|f| {
            let values: Vec<serde_json::Value> =
                f.values.iter().map(|v| json!([v.value, v.label, v.count])).collect();
            json!([f.field, f.label, values])
        })
        .collect();
    let collections: Vec<serde_json::Value> = catalog
        .collections
        .iter()
        .map(|c| json!([c.name, c.title, c.singular, c.first, c.count]))
        .collect();
    let fields: Vec<serde_json::Value> = TEXT_FIELDS.iter().map(|(n, b)| json!([n, b])).collect();
    let pairs: Vec<[&str; 2]> = spelling::PAIRS.iter().map(|(b, a)| [*b, *a]).collect();
    json!({
        "v": catalog::FORMAT,
        "g": generation,
        "n": catalog.records,
        "fields": fields,
        "tokens": total_tokens,
        "langs": catalog.languages,
        "fold": fold,
        "pairs": pairs,
        "collections": collections,
        "facets": facets,
        "chunks": boundaries,
    })
    .to_string()
}

/// The browser search script, as the theme ships it.
pub const SCRIPT: &str = include_str!("../../themes/default/assets/search.js");

/// [`SCRIPT`] minified and mangled with oxc: it is part of what a first
/// visit downloads, so every byte counts. Falls back to the source if oxc
/// cannot parse it (a test makes sure it can).
pub fn script() -> String {
    use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
    let allocator = oxc_allocator::Allocator::default();
    let parsed = oxc_parser::Parser::new(&allocator, SCRIPT, oxc_span::SourceType::cjs()).parse();
    if !parsed.errors.is_empty() {
        return SCRIPT.to_owned();
    }
    let mut program = parsed.program;
    let options = MinifierOptions {
        mangle: Some(MangleOptions::default()),
        compress: Some(CompressOptions::safest()),
    };
    let ret = Minifier::new(options).minify(&allocator, &mut program);
    let code = oxc_codegen::Codegen::new()
        .with_options(oxc_codegen::CodegenOptions::minify())
        .with_scoping(ret.scoping)
        .build(&program)
        .code;
    format!("{code}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_in_the_alphabet() {
        assert_eq!(ALPHABET.len() as u64, LOW + HIGH);
        assert!(!ALPHABET.contains(&b'"') && !ALPHABET.contains(&b'\\'));
        let decode = |s: &str| -> Vec<u64> {
            let mut out = Vec::new();
            let mut acc = 0u64;
            for b in s.bytes() {
                let d = ALPHABET.iter().position(|&c| c == b).unwrap() as u64;
                if d >= LOW {
                    acc = acc * HIGH + (d - LOW);
                } else {
                    out.push(acc * LOW + d);
                    acc = 0;
                }
            }
            out
        };
        let values = [0, 1, 63, 64, 1791, 1792, 50_175, 50_176, 1_000_000, u64::from(u32::MAX)];
        let mut s = String::new();
        for v in values {
            push_num(&mut s, v);
        }
        assert_eq!(decode(&s), values);
        let mut one = String::new();
        push_num(&mut one, 63);
        assert_eq!(one.len(), 1);
    }

    #[test]
    fn boundaries_are_short() {
        assert_eq!(shortest_after("", "apple"), "a");
        assert_eq!(shortest_after("apple", "apricot"), "apr");
        assert_eq!(shortest_after("ab", "abc"), "abc");
    }
}
