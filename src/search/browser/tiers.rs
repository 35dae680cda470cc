//! Heads of common terms: what a first query loads of a term that most
//! records hold, so that it needs neither every posting's tf nor its norm.
//!
//! A word in 97 % of 100,000 records has postings of a few hundred
//! kilobytes, yet a query shows ten results. A head gives every record
//! that holds the term (for the count, the filters and the other words of
//! the query), the whole postings of the [`HEAD`] records where the term
//! weighs most, and the tf and norm ids of the rest's strongest records
//! (from which `search.js` bounds what the term can add to any of them).
//! `search.js` ranks with the head. When the bounds leave the results
//! shown, or their order, open, it first loads the postings of the bands
//! those open records are in (every band but the last is listed, and each
//! has a file of its own, the chunk's `bN-`: a few thousand records' tf and
//! norm ids, some kilobytes), which makes them exact, and ranks again; it
//! loads the whole postings (the chunk's `u` file) only when an open record
//! is in the last band, or the bands to load would weigh more than about
//! half of it: the results are always those the whole postings give.
//!
//! Which records make the head, and the bounds, depend on the term's own
//! postings only, never on the statistics of the whole index, so an edit
//! elsewhere leaves the term's entry (and its file) alone; the bounds are
//! exact in any case, since `search.js` computes them with the index's
//! statistics of the moment.

use super::NUM_FIELDS;
use super::codec::{Bits, TermPostings, missing, records_into, tfs_and_norms, triples};
use crate::search::schema::TEXT_FIELDS;

/// A term held by more records than this gets a head, whatever the index.
pub const SPLIT_MIN: usize = 16_384;

/// A term held by more than half of the records gets a head too, from
/// this many: its records are then given as the few that do not hold it,
/// and the head is a fraction of its postings (at 10,000 records, a word
/// in nine records of ten has 20 kB of postings, its head 5 kB).
pub const SPLIT_MIN_HALF: usize = 4_096;

// Both must outnumber the head they are cut from.
const _: () = assert!(SPLIT_MIN_HALF > HEAD);

/// The most records a term can be held by without a head, in an index of
/// `docs` records: half of them, between [`SPLIT_MIN_HALF`] and
/// [`SPLIT_MIN`].
pub fn split_min(docs: u32) -> usize {
    (docs as usize / 2).clamp(SPLIT_MIN_HALF, SPLIT_MIN)
}

/// Records with their whole postings in a head.
pub const HEAD: usize = 1024;

/// Most bands the records after the head are bounded in.
const BANDS: usize = 8;

/// Most records listed in bands (the last band is every record left).
const LISTED_MAX: usize = 8 * HEAD;

/// Most (tf, norm) tuples bounding the rest; past it, one tuple of each
/// field's best tf and norm bounds them (less tightly).
const BOUNDS_MAX: usize = 48;

/// A term's head and its band files.
pub struct Head {
    /// What its chunk holds (see [`encode_head`]).
    pub postings: String,
    /// Per listed band (every band but the last), the postings of its
    /// records, in the order the head lists them ([`tuples_into`]).
    pub bands: Vec<String>,
}

/// A record's postings of the term: per field, tf (0: not in the field)
/// and norm id.
type Tuple = [(u64, u8); NUM_FIELDS];

/// The term's head, or `None` when it is held by [`split_min`] records or
/// fewer. After a 1 bit: per field, the number of records (Exp-Golomb 0);
/// the records holding the term, or, when they are more than half of the
/// `docs` documents, those not holding it (1 bit saying which, then
/// [`records_into`]); the head's records ([`records_into`]) and their
/// postings ([`tuples_into`]); then the term's own field averages (32-bit
/// floats, see [`weight`]); the number of bands the other records are in
/// (Exp-Golomb 0), and per band its records ([`records_into`]; not for the
/// last, which holds every record left), its heaviest weight with those
/// averages (a 32-bit float) and its bounding tuples, for other averages:
/// their number (Exp-Golomb 0), and each field's tf (Exp-Golomb 0; 0 for
/// none) and, for a tf, its norm id (8 bits). With it, each listed band's
/// postings ([`tuples_into`]), a file of their own.
pub fn encode_head(tp: &TermPostings, docs: u32) -> Option<Head> {
    // Most terms are in too few records for a head, however their fields
    // overlap: no need to gather their records.
    let split_min = split_min(docs);
    if tp.iter().map(|f| f.count as usize).sum::<usize>() <= split_min {
        return None;
    }
    let fields: Vec<Vec<(u32, u64, u8)>> = tp.iter().map(triples).collect();
    let mut all: Vec<(u32, usize, u64, u8)> = fields
        .iter()
        .enumerate()
        .flat_map(|(fi, f)| f.iter().map(move |&(o, tf, n)| (o, fi, tf, n)))
        .collect();
    all.sort_unstable_by_key(|p| (p.0, p.1));
    let mut records: Vec<(u32, Tuple)> = Vec::new();
    for (ord, fi, tf, norm) in all {
        if records.last().is_none_or(|r| r.0 != ord) {
            records.push((ord, [(0, 0); NUM_FIELDS]));
        }
        if let Some(r) = records.last_mut() {
            r.1[fi] = (tf, norm);
        }
    }
    if records.len() <= split_min {
        return None;
    }
    let stats = own_stats(&fields, docs);
    let mut ranked: Vec<(f64, usize)> =
        records.iter().enumerate().map(|(i, r)| (weight(&stats, &r.1), i)).collect();
    ranked.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut head: Vec<usize> = ranked[..HEAD].iter().map(|r| r.1).collect();
    head.sort_unstable();

    let mut bits = Bits::default();
    bits.bit(true);
    for f in &fields {
        bits.eg(f.len() as u64, 0);
    }
    let holding: Vec<u32> = records.iter().map(|r| r.0).collect();
    let complement = holding.len() * 2 > docs as usize;
    bits.bit(complement);
    records_into(&mut bits, &if complement { missing(&holding, docs) } else { holding });
    let head_ords: Vec<u32> = head.iter().map(|&i| records[i].0).collect();
    records_into(&mut bits, &head_ords);
    tuples_into(&mut bits, head.iter().map(|&i| &records[i].1));
    // The rest in bands, heaviest first, each ending where the weight
    // falls under three quarters of its first (records with the term in a title weigh
    // several times those with it only in the body: a band each), each
    // with its bounds; the last band (every record left) is not listed.
    let mut bands: Vec<&[(f64, usize)]> = Vec::new();
    let (mut start, mut listed) = (HEAD, 0);
    while start < ranked.len() {
        let top = ranked[start].0;
        let fall = start + ranked[start..].partition_point(|r| r.0 >= top * 0.75);
        let end = fall.max(start + 1).min(start + LISTED_MAX.saturating_sub(listed));
        if bands.len() + 1 == BANDS || end <= start || end >= ranked.len() {
            bands.push(&ranked[start..]);
            break;
        }
        bands.push(&ranked[start..end]);
        listed += end - start;
        start = end;
    }
    for (_, avg) in &stats {
        bits.fixed(u64::from(avg.to_bits()), 32);
    }
    bits.eg(bands.len() as u64, 0);
    let mut files = Vec::with_capacity(bands.len().saturating_sub(1));
    for (b, band) in bands.iter().enumerate() {
        if b + 1 < bands.len() {
            let mut listed: Vec<usize> = band.iter().map(|r| r.1).collect();
            listed.sort_unstable();
            let ords: Vec<u32> = listed.iter().map(|&i| records[i].0).collect();
            records_into(&mut bits, &ords);
            let mut file = Bits::default();
            tuples_into(&mut file, listed.iter().map(|&i| &records[i].1));
            files.push(file.finish());
        }
        // The band's heaviest weight, a little over to cover rounding
        // (`search.js` sums in single precision).
        let top = band.first().map_or(0.0, |r| r.0) * (1.0 + 1e-4) + 1e-6;
        bits.fixed(u64::from((top as f32).to_bits()), 32);
        let bounds = bounds(band.iter().map(|r| &records[r.1].1));
        bits.eg(bounds.len() as u64, 0);
        for t in &bounds {
            for &(tf, norm) in t {
                bits.eg(tf, 0);
                if tf > 0 {
                    bits.fixed(u64::from(norm), 8);
                }
            }
        }
    }
    Some(Head { postings: bits.finish(), bands: files })
}

/// Per record one bit per field it holds the term in, then per field the
/// tf and norm ids of the records holding it ([`tfs_and_norms`]; nothing
/// for a field none holds it in).
fn tuples_into<'a>(bits: &mut Bits, tuples: impl Iterator<Item = &'a Tuple> + Clone) {
    for t in tuples.clone() {
        for (tf, _) in t {
            bits.bit(*tf > 0);
        }
    }
    for fi in 0..NUM_FIELDS {
        let pairs: Vec<(u64, u8)> = tuples.clone().map(|t| t[fi]).filter(|p| p.0 > 0).collect();
        if !pairs.is_empty() {
            tfs_and_norms(bits, &pairs);
        }
    }
}

/// Per field, the term's BM25 weight (boost times idf times k1 + 1) and
/// the average length of the field in the records holding the term: its
/// own statistics, which stand in for the index's (see [`weight`]).
fn own_stats(fields: &[Vec<(u32, u64, u8)>], docs: u32) -> Vec<(f64, f32)> {
    let n = f64::from(docs);
    fields
        .iter()
        .enumerate()
        .map(|(fi, f)| {
            let df = f.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            let sum: f64 = f.iter().map(|p| length(p.2)).sum();
            let avg = if f.is_empty() { 1.0 } else { (sum / df).max(1.0) };
            // A quarter over, so that the index's averages, a little over
            // the term's in some fields, stay under it (see `weight`).
            (f64::from(TEXT_FIELDS[fi].1) * idf * 2.2, (avg * 1.25) as f32)
        })
        .collect()
}

/// What a record's postings of the term add to its score, by BM25 (k1 1.2,
/// b 0.75) with the field averages of `stats`. It grows with each average,
/// so with averages no higher it is no higher: which makes a band's
/// heaviest weight here a bound wherever the index's averages are at most
/// the term's own (as they are for a term most long records hold).
fn weight(stats: &[(f64, f32)], t: &Tuple) -> f64 {
    t.iter()
        .zip(stats)
        .filter(|(p, _)| p.0 > 0)
        .map(|(&(tf, norm), &(w, avg))| {
            let tf = tf as f64;
            w * tf / (tf + 1.2 * (0.25 + 0.75 * length(norm) / f64::from(avg)))
        })
        .sum()
}

/// The field length a norm id stands for.
fn length(norm: u8) -> f64 {
    f64::from(tantivy::fieldnorm::FieldNormReader::id_to_fieldnorm(norm))
}

/// Whether `a` weighs at least as much as `b` in every field, whatever the
/// statistics: a tf at least as high with a field no longer.
fn dominates(a: &Tuple, b: &Tuple) -> bool {
    a.iter().zip(b).all(|(x, y)| y.0 == 0 || (x.0 >= y.0 && x.1 <= y.1))
}

/// Tuples at least one of which dominates each of `rest` (heaviest
/// first): those no other dominates, or, past [`BOUNDS_MAX`] of them, the
/// joins (each field's highest tf and shortest length) of [`BOUNDS_MAX`]
/// runs of `rest`, short at the heavy end, where the bound matters.
fn bounds<'a>(rest: impl Iterator<Item = &'a Tuple> + Clone) -> Vec<Tuple> {
    let mut kept: Vec<Tuple> = Vec::new();
    for t in rest.clone() {
        if kept.iter().any(|k| dominates(k, t)) {
            continue;
        }
        kept.retain(|k| !dominates(t, k));
        kept.push(*t);
        if kept.len() > BOUNDS_MAX {
            let all: Vec<&Tuple> = rest.collect();
            let n = all.len() as f64;
            let mut out = Vec::with_capacity(BOUNDS_MAX);
            let mut start = 0;
            for g in 1..=BOUNDS_MAX {
                let end = ((n * (g as f64 / BOUNDS_MAX as f64).powi(3)) as usize)
                    .clamp(start + 1, all.len());
                if start >= all.len() {
                    break;
                }
                out.push(join(&all[start..end]));
                start = end;
            }
            return out;
        }
    }
    kept
}

/// The tuple of `tuples`' highest tf and shortest length in each field.
fn join(tuples: &[&Tuple]) -> Tuple {
    let mut top: Tuple = [(0, u8::MAX); NUM_FIELDS];
    for t in tuples {
        for (b, &(tf, norm)) in top.iter_mut().zip(t.iter()) {
            if tf > 0 {
                *b = (b.0.max(tf), b.1.min(norm));
            }
        }
    }
    for b in &mut top {
        if b.0 == 0 {
            b.1 = 0;
        }
    }
    top
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_band_has_a_file_of_its_postings() {
        use super::super::codec::{FieldPostings, Posting};
        let docs = 20_000u32;
        let mut tp: TermPostings = Default::default();
        for (fi, f) in tp.iter_mut().enumerate().take(2) {
            let postings: Vec<Posting> = (0..docs)
                .filter(|o| fi == 1 || o % 5 == 0)
                .map(|ord| Posting {
                    ord,
                    norm: (ord % 40) as u8,
                    positions: (0..1 + ord % (3 + fi as u32)).collect(),
                })
                .collect();
            *f = FieldPostings::from_postings(&postings);
        }
        let head = encode_head(&tp, docs).expect("a head");
        assert!(!head.bands.is_empty() && head.bands.len() < BANDS, "{}", head.bands.len());
        assert!(head.bands.iter().all(|b| !b.is_empty()));
        let again = encode_head(&tp, docs).expect("a head");
        assert_eq!(head.bands, again.bands);
    }

    #[test]
    fn bounds_dominate_every_tuple_left_out() {
        let rest: Vec<Tuple> = (0..300u64)
            .map(|i| {
                let mut t: Tuple = [(0, 0); NUM_FIELDS];
                t[(i % 4) as usize] = (1 + i % 7, (i % 13) as u8);
                t[2] = (1 + i % 3, (20 + i % 5) as u8);
                t
            })
            .collect();
        for rest in [&rest[..], &rest[..5]] {
            let b = bounds(rest.iter());
            assert!(!b.is_empty() && b.len() <= BOUNDS_MAX, "{}", b.len());
            assert!(rest.iter().all(|t| b.iter().any(|k| dominates(k, t))));
        }
    }
}
