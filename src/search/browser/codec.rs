//! How the browser index is coded: posting lists kept compact in memory
//! while the index is made or updated, and the bit streams `search.js`
//! decodes.

use super::NUM_FIELDS;

/// The 64 characters of the bit streams (URL-safe base64's), which sit in a
/// JS string literal as they are.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// One record's occurrences of a term in a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub ord: u32,
    /// The record's field-norm id for the field.
    pub norm: u8,
    /// Token positions, ascending; never empty.
    pub positions: Vec<u32>,
}

/// Postings of one term in one field, records in order, as varint bytes
/// (this keeps a 100,000-record site's postings in a few hundred
/// megabytes); decoded again when the term is coded or edited.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldPostings {
    /// Per record: gap to the previous record minus one, tf, norm id.
    postings: Vec<u8>,
    /// Per record, its positions: first absolute, then gaps.
    positions: Vec<u8>,
    pub count: u32,
    last: Option<u32>,
}

/// Makes room for `more` bytes in `v`, growing it by a quarter rather than
/// doubling it: a build holds every term's postings at once (270 MB of
/// capacity for 170 MB of postings at 100,000 records when doubling), and
/// the copies a smaller step costs are cheap next to coding them.
fn grow(v: &mut Vec<u8>, more: usize) {
    if v.capacity() - v.len() < more {
        v.reserve_exact(more.max(v.len() / 4).max(8));
    }
}

impl FieldPostings {
    /// The bytes it holds, coded.
    pub fn bytes(&self) -> usize {
        self.postings.len() + self.positions.len()
    }

    /// Appends the posting of a record numbered above every one held.
    pub fn push(&mut self, p: &Posting) {
        // Worst cases: two 10-byte varints and a norm; 5 bytes a position.
        grow(&mut self.postings, 21);
        grow(&mut self.positions, 5 * p.positions.len());
        let gap = p.ord - self.last.map_or(0, |l| l + 1);
        push_varint(&mut self.postings, u64::from(gap));
        push_varint(&mut self.postings, p.positions.len() as u64);
        self.postings.push(p.norm);
        let mut prev = 0;
        for (i, pos) in p.positions.iter().enumerate() {
            push_varint(&mut self.positions, u64::from(if i == 0 { *pos } else { pos - prev }));
            prev = *pos;
        }
        self.count += 1;
        self.last = Some(p.ord);
    }

    /// Every posting, in record order.
    pub fn decode(&self) -> Vec<Posting> {
        let mut out = Vec::with_capacity(self.count as usize);
        let (mut at, mut at_pos, mut next) = (0, 0, 0u64);
        while at < self.postings.len() {
            let ord = next + read_varint(&self.postings, &mut at);
            let tf = read_varint(&self.postings, &mut at);
            let norm = self.postings.get(at).copied().unwrap_or(0);
            at += 1;
            let mut positions = Vec::with_capacity(tf as usize);
            let mut prev = 0u64;
            for i in 0..tf {
                let v = read_varint(&self.positions, &mut at_pos);
                prev = if i == 0 { v } else { prev + v };
                positions.push(prev as u32);
            }
            out.push(Posting { ord: ord as u32, norm, positions });
            next = ord + 1;
        }
        out
    }

    /// The postings of `postings` (in record order).
    pub fn from_postings(postings: &[Posting]) -> Self {
        let mut f = FieldPostings::default();
        for p in postings {
            f.push(p);
        }
        f
    }
}

/// A term's postings in every field.
pub type TermPostings = [FieldPostings; NUM_FIELDS];

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

/// The Exp-Golomb order (below `limit`) that codes `values` in about the
/// fewest bits. Counted from a histogram of the values' bit lengths, so in
/// one pass over them: a value of `b` bits takes `2 max(k + 1, b) - 1 - k`
/// bits at order `k`, or two more when adding `2^k` carries into a new bit,
/// which the estimate leaves out. Any order decodes; this one is the same
/// for the same values.
pub fn best_order(values: &[u64], limit: u32) -> u32 {
    let mut hist = [0u64; 65];
    for &v in values {
        hist[width(v) as usize] += 1;
    }
    let cost = |k: u32| -> u64 {
        hist.iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(b, n)| n * u64::from(2 * (k + 1).max(b as u32) - 1 - k))
            .sum()
    };
    (0..limit).min_by_key(|&k| cost(k)).unwrap_or(0)
}

/// Bits needed for `v`.
fn width(v: u64) -> u32 {
    64 - v.leading_zeros()
}

/// A term's coded entry.
pub struct Entry {
    /// What its term chunk holds: the whole postings, or, for a term in
    /// many records, its head ([`tiers`](super::tiers)).
    pub postings: String,
    /// The whole postings when `postings` is a head: loaded only when the
    /// head cannot settle a query's top results.
    pub full: Option<String>,
    /// With a head, the postings of each of its listed bands: loaded when
    /// the head leaves some of their records among the results open.
    pub bands: Vec<String>,
    pub positions: String,
}

/// A term's entry: its postings and its positions, each a bit stream;
/// `docs` is the number of documents of the index.
///
/// Postings start with one bit: 0 for the whole postings, 1 for a head
/// ([`tiers::encode_head`](super::tiers::encode_head)). The whole
/// postings, per field: the count (Exp-Golomb 0); then, if any, one bit
/// saying whether the records listed are those holding the term or (when
/// they are more than half of the `docs` documents) those not holding it;
/// the order (4 bits) and the gaps between them minus one; the order (2 bits) and
/// tf - 1; the smallest norm id (8 bits), the width (4 bits) and each norm
/// id minus the smallest. Positions: one order (4 bits), then for every
/// field, record and occurrence the first position or the gap from the
/// previous one.
pub fn encode_term(tp: &TermPostings, docs: u32) -> Entry {
    let mut bits = Bits::default();
    bits.bit(false);
    let mut all_positions: Vec<u64> = Vec::new();
    for f in tp {
        bits.eg(u64::from(f.count), 0);
        if f.count == 0 {
            continue;
        }
        let postings = triples(f);
        let ords: Vec<u32> = postings.iter().map(|p| p.0).collect();
        let pairs: Vec<(u64, u8)> = postings.iter().map(|p| (p.1, p.2)).collect();
        // In most of the documents, the gaps between the others are fewer
        // and shorter to code.
        let complement = u64::from(f.count) * 2 > u64::from(docs);
        bits.bit(complement);
        let gaps = if complement { gaps(&missing(&ords, docs)) } else { gaps(&ords) };
        gaps_into(&mut bits, &gaps);
        tfs_and_norms(&mut bits, &pairs);
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
    let whole = bits.finish();
    match super::tiers::encode_head(tp, docs) {
        Some(head) => Entry {
            postings: head.postings,
            full: Some(whole),
            bands: head.bands,
            positions: pos.finish(),
        },
        None => Entry { postings: whole, full: None, bands: Vec::new(), positions: pos.finish() },
    }
}

/// The documents below `docs` missing from `ords` (ascending, each below
/// `docs`).
pub(super) fn missing(ords: &[u32], docs: u32) -> Vec<u32> {
    let mut out = Vec::with_capacity((docs as usize).saturating_sub(ords.len()));
    let mut it = ords.iter().peekable();
    for o in 0..docs {
        if it.peek() == Some(&&o) {
            it.next();
        } else {
            out.push(o);
        }
    }
    out
}

/// The gaps between record numbers (ascending), each minus one.
fn gaps(ords: &[u32]) -> Vec<u64> {
    let mut next = 0;
    ords.iter()
        .map(|&o| {
            let g = u64::from(o - next);
            next = o + 1;
            g
        })
        .collect()
}

/// `gaps` coded: the order (4 bits), then each gap (Exp-Golomb).
fn gaps_into(bits: &mut Bits, gaps: &[u64]) {
    let k = best_order(gaps, 16);
    bits.fixed(u64::from(k), 4);
    for g in gaps {
        bits.eg(*g, k);
    }
}

/// Each posting's tf and norm id, as [`encode_term`] codes them: the order
/// (2 bits) and every tf - 1, then the smallest norm id (8 bits), the width
/// (4 bits) and every norm id minus the smallest.
pub(super) fn tfs_and_norms(bits: &mut Bits, pairs: &[(u64, u8)]) {
    let tfs: Vec<u64> = pairs.iter().map(|p| p.0.saturating_sub(1)).collect();
    let k = best_order(&tfs, 4);
    bits.fixed(u64::from(k), 2);
    for t in &tfs {
        bits.eg(*t, k);
    }
    let min = pairs.iter().map(|p| u64::from(p.1)).min().unwrap_or(0);
    let w = width(pairs.iter().map(|p| u64::from(p.1) - min).max().unwrap_or(0));
    bits.fixed(min, 8);
    bits.fixed(u64::from(w), 4);
    for p in pairs {
        bits.fixed(u64::from(p.1) - min, w);
    }
}

/// A field's postings as (record, tf, norm id), in record order.
pub(super) fn triples(f: &FieldPostings) -> Vec<(u32, u64, u8)> {
    let mut out = Vec::with_capacity(f.count as usize);
    let (mut at, mut next) = (0, 0u64);
    while at < f.postings.len() {
        let ord = next + read_varint(&f.postings, &mut at);
        let tf = read_varint(&f.postings, &mut at);
        out.push((ord as u32, tf, f.postings.get(at).copied().unwrap_or(0)));
        at += 1;
        next = ord + 1;
    }
    out
}

/// Record numbers (ascending) as [`encode_records`] codes them, into `bits`.
pub(super) fn records_into(bits: &mut Bits, ords: &[u32]) {
    bits.eg(ords.len() as u64, 0);
    gaps_into(bits, &gaps(ords));
}

/// A list of record numbers (ascending): their count, then the gaps
/// between them (Exp-Golomb), as a bit stream.
pub fn encode_records(ords: &[u32]) -> String {
    let mut bits = Bits::default();
    records_into(&mut bits, ords);
    bits.finish()
}

/// `text` deflated (raw, level 6: as small as level 9 on prose, at half the
/// time) and written as a bit stream, eight bits a
/// byte: record bodies are the bulk of what showing results downloads, and
/// browsers inflate with `DecompressionStream("deflate-raw")`.
pub fn deflate(text: &str) -> String {
    let mut bits = Bits::default();
    for b in compress(text.as_bytes()) {
        bits.fixed(u64::from(b), 8);
    }
    bits.finish()
}

/// Raw deflate (no zlib header) at level 6.
fn compress(input: &[u8]) -> Vec<u8> {
    let config = zlib_rs::DeflateConfig { level: 6, window_bits: -15, ..Default::default() };
    let mut out = vec![0; zlib_rs::compress_bound(input.len()) + 16];
    let (written, code) = zlib_rs::compress_slice(&mut out, input, config);
    if code != zlib_rs::ReturnCode::Ok {
        // Never for a buffer of the bound's size; should it happen, the
        // record shows no text rather than failing the build.
        return EMPTY.to_vec();
    }
    let len = written.len();
    out.truncate(len);
    out
}

/// A deflate stream of no bytes: one final, empty stored block.
const EMPTY: [u8; 5] = [1, 0, 0, 0xff, 0xff];

#[cfg(test)]
mod tests {
    use super::*;

    /// Inflates raw deflate as a browser's `DecompressionStream("deflate-raw")`.
    fn inflate(data: &[u8]) -> Vec<u8> {
        let mut out = vec![0; 1 << 20];
        let (text, code) =
            zlib_rs::decompress_slice(&mut out, data, zlib_rs::InflateConfig { window_bits: -15 });
        assert_eq!(code, zlib_rs::ReturnCode::Ok);
        text.to_vec()
    }

    #[test]
    fn compressed_text_inflates_back() {
        let long = "cross-border data flows ".repeat(4000);
        let cases = ["", "a", "données personnelles", long.as_str(), "电子商务 电子商务 电子商务"];
        for text in cases {
            assert_eq!(inflate(&compress(text.as_bytes())), text.as_bytes());
        }
        assert!(compress(long.as_bytes()).len() < long.len() / 20);
        assert_eq!(inflate(&EMPTY), b"");
    }

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
    fn posting_lists_decode_to_what_was_pushed() {
        let postings = vec![
            Posting { ord: 0, norm: 3, positions: vec![0, 5, 6] },
            Posting { ord: 7, norm: 0, positions: vec![200] },
            Posting { ord: 8, norm: 255, positions: vec![1, 100_000] },
        ];
        let f = FieldPostings::from_postings(&postings);
        assert_eq!(f.count, 3);
        assert_eq!(f.decode(), postings);
        assert_eq!(FieldPostings::from_postings(&f.decode()), f);
    }
}
