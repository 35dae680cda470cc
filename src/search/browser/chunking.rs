//! Content-defined chunking of the term list: where a chunk of postings
//! ends depends on the terms around the cut only (their coded entries'
//! sizes and a hash of the term), never on how full the chunks before it
//! are, so an edit moves at most the boundaries next to the terms it
//! changed. `meta.js` gives each chunk's first term, shortened to the
//! least that still sorts after the previous chunk's last.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::codec::{self, TermPostings};
use super::index::{Coded, Index};
use super::naming::js_string;

/// A chunk holds at least this many bytes of postings before a term may
/// start the next one.
pub const CHUNK_MIN: usize = 6_000;

/// Past [`CHUNK_MIN`], a term starts a new chunk with a probability of its
/// entry's bytes over this, decided by a hash of the term (so the same terms
/// cut the same chunks): chunks average about `CHUNK_MIN + CHUNK_BYTES`.
pub const CHUNK_BYTES: usize = 6_000;

/// A term whose entry alone is this large gets a chunk of its own.
pub const CHUNK_ALONE: usize = 12_000;

/// No chunk grows past this many bytes but by a term of its own.
pub const CHUNK_MAX: usize = 24_000;

/// Terms coded at a time (in parallel) before their chunks are cut and
/// written, at most: bounds what a build holds of coded entries to a
/// window's worth instead of the whole index's (150 MB at 100,000 records).
pub(super) const CODE_WINDOW: usize = 4096;

/// Postings (bytes, as held) coded at a time, at most, but for a single
/// term: the common words, which hold most of the postings, sort together.
pub(super) const CODE_BYTES: usize = 8 << 20;

impl Index {
    /// The end of the window of terms to code that starts at `start` (see
    /// [`CODE_WINDOW`], [`CODE_BYTES`]).
    pub(super) fn code_window(&self, start: usize) -> usize {
        let mut bytes = 0;
        let mut end = start;
        for term in self.order[start..].iter().take(CODE_WINDOW) {
            let t = self.terms.get(term).filter(|t| t.coded.is_none());
            bytes += t.map_or(0, |t| t.postings.iter().map(|f| f.bytes()).sum());
            if end > start && bytes > CODE_BYTES {
                break;
            }
            end += 1;
        }
        end
    }

    /// Codes the terms `range` of [`order`](Self::order) not coded since
    /// they last changed; `consume` drops each one's postings once coded.
    pub(super) fn code_terms(&mut self, range: std::ops::Range<usize>, consume: bool) {
        let docs = self.docs.len() as u32;
        let terms = &self.terms;
        let coded: Vec<(usize, Coded)> = self.order[range.clone()]
            .par_iter()
            .zip(range)
            .filter_map(|(term, i)| {
                let t = terms.get(term).filter(|t| t.coded.is_none())?;
                Some((i, code(term, &t.postings, docs)))
            })
            .collect();
        for (i, c) in coded {
            if let Some(t) = self.terms.get_mut(&self.order[i]) {
                t.coded = Some(c);
                if consume {
                    t.postings = TermPostings::default();
                }
            }
        }
    }
}

/// A term's entries in its chunks.
fn code(term: &str, postings: &TermPostings, docs: u32) -> Coded {
    let coded = codec::encode_term(postings, docs);
    let entry = format!("{},\"{}\",", js_string(term), coded.postings);
    let positions = format!("\"{}\",", coded.positions);
    let full = coded.full.map(|f| format!("[\"{f}\"]"));
    let bands: Vec<String> = coded.bands.iter().map(|b| format!("[\"{b}\"]")).collect();
    let mut h = std::hash::DefaultHasher::new();
    (&entry, &positions, &full, &bands).hash(&mut h);
    Coded { entry, positions, full, bands, id: h.finish() }
}

/// Cuts the term list into chunks as its terms come, in order: where a
/// chunk ends depends on its own terms only (their entries' sizes and
/// hashes), so that changing one term moves at most the boundaries next to
/// it.
#[derive(Default)]
pub(super) struct Cutter {
    start: usize,
    bytes: usize,
    /// The previous term's entry size and whether it has a head.
    prev: Option<(usize, bool)>,
}

impl Cutter {
    /// Takes term `i` (`term`, its entry `len` bytes, `alone` when it has a
    /// head, which is alone in its chunk, its `u` file then its whole
    /// postings and nothing else); returns the chunk it closes, if any.
    pub(super) fn next(
        &mut self,
        i: usize,
        term: &str,
        len: usize,
        alone: bool,
    ) -> Option<std::ops::Range<usize>> {
        let cut = self.prev.is_some_and(|(prev_len, prev_alone)| {
            len >= CHUNK_ALONE
                || prev_len >= CHUNK_ALONE
                || alone
                || prev_alone
                || self.bytes + len > CHUNK_MAX
                || (self.bytes >= CHUNK_MIN && cuts(term, len))
        });
        self.prev = Some((len, alone));
        let closed = cut.then_some(self.start..i);
        if cut {
            (self.start, self.bytes) = (i, 0);
        }
        self.bytes += len;
        closed
    }

    /// The last chunk, ending at `end` (the number of terms).
    pub(super) fn finish(self, end: usize) -> Option<std::ops::Range<usize>> {
        (self.start < end).then_some(self.start..end)
    }
}

/// Whether `term`, whose entry has `bytes` bytes, starts a chunk (past the
/// smallest size): with a probability of `bytes / CHUNK_BYTES`, by a hash of
/// the term that is the same on every machine and in every version.
fn cuts(term: &str, bytes: usize) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in term.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let h = mix(h) >> 32;
    h * (CHUNK_BYTES as u64) < (bytes as u64) << 32
}

/// A 64-bit finaliser (splitmix64's).
pub(super) fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

pub(super) fn concat<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut s: String = parts.collect();
    if s.ends_with(',') {
        s.pop();
    }
    s
}

/// The shortest prefix of `term` (whole characters) that sorts after
/// `prev`, in UTF-16 order; chunk boundaries need no more.
pub(super) fn shortest_after(prev: &str, term: &str) -> String {
    let mut p = String::new();
    for c in term.chars() {
        p.push(c);
        if p.encode_utf16().cmp(prev.encode_utf16()) == std::cmp::Ordering::Greater {
            return p;
        }
    }
    term.to_owned()
}

/// The chunk boundaries as `meta.js` lists them: each boundary after the
/// first shares a prefix with the one before (they are sorted), so each is
/// written as the length of that prefix in UTF-16 units (one character of
/// `codec::ALPHABET`, at most 63) and the rest, separated by spaces: about
/// half the bytes of a JSON array at 100,000 records. A boundary with a
/// space (which no analysed term has) keeps the array.
pub(super) fn front_coded(boundaries: &[String]) -> serde_json::Value {
    if boundaries.iter().any(|b| b.contains(' ')) {
        return serde_json::json!(boundaries);
    }
    let mut out = String::new();
    let mut prev = "";
    for (i, b) in boundaries.iter().enumerate() {
        // Whole characters only: the rest must be a string of its own.
        let (mut units, mut bytes) = (0, 0);
        for (x, y) in prev.chars().zip(b.chars()) {
            if x != y || units + x.len_utf16() > 63 {
                break;
            }
            units += x.len_utf16();
            bytes += x.len_utf8();
        }
        if i > 0 {
            out.push(' ');
        }
        out.push(char::from(super::codec::ALPHABET[units]));
        out.push_str(&b[bytes..]);
        prev = b;
    }
    serde_json::Value::String(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_are_front_coded() {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let a = super::super::codec::ALPHABET;
        let at = |n: usize| char::from(a[n]);
        assert_eq!(
            front_coded(&list(&["0", "10", "105", "ab", "abc"])),
            format!("{}0 {}10 {}5 {}ab {}c", at(0), at(0), at(2), at(0), at(2))
        );
        // Characters outside the BMP count two units, as in JavaScript.
        assert_eq!(front_coded(&list(&["𝒜b", "𝒜c"])), format!("{}𝒜b {}c", at(0), at(2)));
        assert_eq!(front_coded(&list(&["a b"])), serde_json::json!(["a b"]));
        assert_eq!(front_coded(&[]), "");
        let long = "x".repeat(70);
        assert_eq!(
            front_coded(&list(&[&long, &format!("{long}y")])),
            format!("{}{long} {}xxxxxxxy", at(0), at(63))
        );
    }

    #[test]
    fn boundaries_are_short() {
        assert_eq!(shortest_after("", "apple"), "a");
        assert_eq!(shortest_after("apple", "apricot"), "apr");
        assert_eq!(shortest_after("ab", "abc"), "abc");
    }
}
