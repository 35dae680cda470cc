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

impl Index {
    /// Codes every term not coded since it last changed; `consume` drops
    /// each term's postings once coded.
    pub(super) fn code_terms(&mut self, consume: bool) {
        let docs = self.docs.len() as u32;
        self.terms.par_iter_mut().filter(|(_, t)| t.coded.is_none()).for_each(|(term, t)| {
            let coded = codec::encode_term(&t.postings, docs);
            let entry = format!("{},\"{}\",", js_string(term), coded.postings);
            let positions = format!("\"{}\",", coded.positions);
            let full = coded.full.map(|f| format!("[\"{f}\"]"));
            let mut h = std::hash::DefaultHasher::new();
            (&entry, &positions, &full).hash(&mut h);
            t.coded = Some(Coded { entry, positions, full, id: h.finish() });
            if consume {
                t.postings = TermPostings::default();
            }
        });
    }

    /// The chunks, as ranges of [`order`](Self::order). Where a chunk ends
    /// depends on its own terms only (their entries' sizes and hashes), so
    /// that changing one term moves at most the boundaries next to it.
    pub(super) fn chunks(&self) -> Vec<std::ops::Range<usize>> {
        let coded = |i: usize| self.terms[&self.order[i]].coded.as_ref();
        let len = |i: usize| coded(i).map_or(0, |c| c.entry.len());
        // A term with a head is alone in its chunk, whose `u` file is then
        // its whole postings and nothing else.
        let alone = |i: usize| coded(i).is_some_and(|c| c.full.is_some());
        let mut out = Vec::new();
        let (mut start, mut bytes) = (0, 0);
        for i in 0..self.order.len() {
            let n = len(i);
            let cut = i > 0
                && (n >= CHUNK_ALONE
                    || len(i - 1) >= CHUNK_ALONE
                    || alone(i)
                    || alone(i - 1)
                    || bytes + n > CHUNK_MAX
                    || (bytes >= CHUNK_MIN && cuts(&self.order[i], n)));
            if cut {
                out.push(start..i);
                (start, bytes) = (i, 0);
            }
            bytes += n;
        }
        if start < self.order.len() {
            out.push(start..self.order.len());
        }
        out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_are_short() {
        assert_eq!(shortest_after("", "apple"), "a");
        assert_eq!(shortest_after("apple", "apricot"), "apr");
        assert_eq!(shortest_after("ab", "abc"), "abc");
    }
}
