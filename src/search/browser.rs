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
//! - `search/i-GEN/dN.js`: one file per record (title, key, summary,
//!   deflated body text for snippets, facet values), loaded only for the
//!   hits shown;
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
pub const BODY_CHARS: usize = 20_000;

/// Records analysed per parallel batch.
const BATCH: usize = 512;

const NUM_FIELDS: usize = TEXT_FIELDS.len();

/// The 64 characters of the bit streams (URL-safe base64's), which sit in a
/// JS string literal as they are.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Postings of one term in one field, as records are added in order:
/// varint bytes, decoded again when the chunk is written (this keeps a
/// 100,000-record site's postings in a few hundred megabytes).
#[derive(Debug, Default, Clone)]
struct FieldPostings {
    /// Per record: gap to the previous record minus one, tf, norm id.
    postings: Vec<u8>,
    /// Per record, its positions: first absolute, then gaps.
    positions: Vec<u8>,
    count: u32,
    last: Option<u32>,
}

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    v
}

/// A bit stream written six bits to a character of [`ALPHABET`], least
/// significant bit first. `search.js` reads it back.
#[derive(Debug, Default)]
pub struct Bits {
    out: String,
    cur: u8,
    n: u8,
}

impl Bits {
    /// Appends one bit.
    pub fn bit(&mut self, b: bool) {
        self.cur |= u8::from(b) << self.n;
        self.n += 1;
        if self.n == 6 {
            self.out.push(char::from(ALPHABET[usize::from(self.cur)]));
            self.cur = 0;
            self.n = 0;
        }
    }

    /// Appends the `width` low bits of `v`, least significant first.
    pub fn fixed(&mut self, v: u64, width: u32) {
        for i in 0..width {
            self.bit((v >> i) & 1 == 1);
        }
    }

    /// Appends `v` as an Exp-Golomb code of order `k`: as many zeros as
    /// `v + 2^k` has bits beyond `k + 1`, then those bits, most significant first.
    pub fn eg(&mut self, v: u64, k: u32) {
        let x = v + (1u64 << k);
        let bits = 64 - x.leading_zeros();
        for _ in 0..bits - 1 - k {
            self.bit(false);
        }
        for i in (0..bits).rev() {
            self.bit((x >> i) & 1 == 1);
        }
    }

    /// The characters written, the last one padded with zeros.
    pub fn finish(mut self) -> String {
        if self.n > 0 {
            self.out.push(char::from(ALPHABET[usize::from(self.cur)]));
        }
        self.out
    }
}

fn eg_len(v: u64, k: u32) -> u64 {
    let x = v + (1u64 << k);
    u64::from(2 * (64 - x.leading_zeros()) - 1 - k)
}

/// The Exp-Golomb order (below `limit`) that codes `values` in the fewest bits.
fn best_order(values: &[u64], limit: u32) -> u32 {
    (0..limit).min_by_key(|&k| values.iter().map(|&v| eg_len(v, k)).sum::<u64>()).unwrap_or(0)
}

/// Bits needed for `v`.
fn width(v: u64) -> u32 {
    64 - v.leading_zeros()
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
                    let gap = ord - p.last.map_or(0, |l| l + 1);
                    push_varint(&mut p.postings, u64::from(gap));
                    push_varint(&mut p.postings, positions.len() as u64);
                    p.postings.push(norm);
                    let mut prev = 0;
                    for (i, pos) in positions.iter().enumerate() {
                        push_varint(
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
        let (postings, positions) = encode_term(tp);
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

/// `text` deflated (raw, level 9) and written as a bit stream, eight bits a
/// byte: record bodies are the bulk of what showing results downloads, and
/// browsers inflate with `DecompressionStream("deflate-raw")`.
fn deflate(text: &str) -> String {
    let mut bits = Bits::default();
    for b in miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9) {
        bits.fixed(u64::from(b), 8);
    }
    bits.finish()
}

/// A term's entry: its postings and its positions, each a bit stream.
///
/// Postings, per field: the count (Exp-Golomb 0); then, if any, the order
/// (4 bits) and the gaps between records minus one; the order (2 bits) and
/// tf - 1; the smallest norm id (8 bits), the width (4 bits) and each norm
/// id minus the smallest. Positions: one order (4 bits), then for every
/// field, record and occurrence the first position or the gap from the
/// previous one.
fn encode_term(tp: &TermPostings) -> (String, String) {
    let mut bits = Bits::default();
    let mut all_positions: Vec<u64> = Vec::new();
    for f in &tp.fields {
        bits.eg(u64::from(f.count), 0);
        if f.count == 0 {
            continue;
        }
        let (mut gaps, mut tfs, mut norms) = (Vec::new(), Vec::new(), Vec::new());
        let mut at = 0;
        while at < f.postings.len() {
            gaps.push(read_varint(&f.postings, &mut at));
            tfs.push(read_varint(&f.postings, &mut at).saturating_sub(1));
            norms.push(u64::from(f.postings.get(at).copied().unwrap_or(0)));
            at += 1;
        }
        let k = best_order(&gaps, 16);
        bits.fixed(u64::from(k), 4);
        for g in &gaps {
            bits.eg(*g, k);
        }
        let k = best_order(&tfs, 4);
        bits.fixed(u64::from(k), 2);
        for t in &tfs {
            bits.eg(*t, k);
        }
        let min = norms.iter().copied().min().unwrap_or(0);
        let w = width(norms.iter().map(|n| n - min).max().unwrap_or(0));
        bits.fixed(min, 8);
        bits.fixed(u64::from(w), 4);
        for n in &norms {
            bits.fixed(n - min, w);
        }
        let mut at = 0;
        while at < f.positions.len() {
            all_positions.push(read_varint(&f.positions, &mut at));
        }
    }
    let mut pos = Bits::default();
    let k = best_order(&all_positions, 16);
    pos.fixed(u64::from(k), 4);
    for p in &all_positions {
        pos.eg(*p, k);
    }
    (bits.finish(), pos.finish())
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
        "z": deflate(&body),
        "l": doc.lang.code(),
        "f": doc.facets,
    })
    .to_string();
    (Analysed { fields: out, doc_file }, chars)
}

/// Per facet field: for each of its values (catalog order), the records
/// with it: their count, then the gaps between them (Exp-Golomb).
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
                    let mut gaps = Vec::with_capacity(ords.len());
                    let mut next = 0;
                    for o in ords {
                        gaps.push(u64::from(o - next));
                        next = o + 1;
                    }
                    let mut bits = Bits::default();
                    bits.eg(gaps.len() as u64, 0);
                    let k = best_order(&gaps, 16);
                    bits.fixed(u64::from(k), 4);
                    for g in gaps {
                        bits.eg(g, k);
                    }
                    format!("\"{}\"", bits.finish())
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

    /// Reads a stream back the way `search.js` does.
    struct Reader<'a> {
        s: &'a [u8],
        i: usize,
        cur: u8,
        n: u8,
    }

    impl Reader<'_> {
        fn bit(&mut self) -> u64 {
            if self.n == 0 {
                self.cur = ALPHABET.iter().position(|&c| c == self.s[self.i]).unwrap() as u8;
                self.i += 1;
                self.n = 6;
            }
            let b = self.cur & 1;
            self.cur >>= 1;
            self.n -= 1;
            u64::from(b)
        }
        fn fixed(&mut self, w: u32) -> u64 {
            (0..w).map(|i| self.bit() << i).sum()
        }
        fn eg(&mut self, k: u32) -> u64 {
            let mut z = 0;
            while self.bit() == 0 {
                z += 1;
            }
            let mut x = 1u64;
            for _ in 0..z + k {
                x = x * 2 + self.bit();
            }
            x - (1 << k)
        }
    }

    #[test]
    fn bit_streams_round_trip() {
        assert!(!ALPHABET.contains(&b'"') && !ALPHABET.contains(&b'\\'));
        let mut set = std::collections::BTreeSet::new();
        assert!(ALPHABET.iter().all(|c| set.insert(*c)));
        let values = [0u64, 1, 2, 3, 7, 8, 63, 64, 1000, 100_000, u64::from(u32::MAX)];
        let mut bits = Bits::default();
        for k in [0, 1, 3, 15] {
            for v in values {
                bits.eg(v, k);
            }
        }
        bits.fixed(0b1011, 4);
        bits.fixed(200, 8);
        let s = bits.finish();
        let mut r = Reader { s: s.as_bytes(), i: 0, cur: 0, n: 0 };
        for k in [0, 1, 3, 15] {
            for v in values {
                assert_eq!(r.eg(k), v, "order {k}");
            }
        }
        assert_eq!(r.fixed(4), 0b1011);
        assert_eq!(r.fixed(8), 200);
        assert_eq!(best_order(&[0, 0, 1, 0], 16), 0);
        assert!(best_order(&[1000, 1200, 900], 16) >= 8);
    }

    #[test]
    fn boundaries_are_short() {
        assert_eq!(shortest_after("", "apple"), "a");
        assert_eq!(shortest_after("apple", "apricot"), "apr");
        assert_eq!(shortest_after("ab", "abc"), "abc");
    }
}
