//! Near spellings: the index terms a misspelt word may have meant.

use super::Engine;
use crate::search::plan;

impl Engine {
    /// The index terms nearest to `terms` (1 to `max` edits, fewer for a
    /// short term, same first character), most frequent first, at most [`plan::MAX_FUZZY_TERMS`].
    pub(super) fn near_terms(
        &self,
        searcher: &tantivy::Searcher,
        terms: &[String],
        max: usize,
    ) -> tantivy::Result<Vec<String>> {
        if max == 0 {
            return Ok(Vec::new());
        }
        // (distance, term) → records.
        let mut found: std::collections::BTreeMap<(usize, String), u64> = Default::default();
        for wanted in terms {
            // No more edits than the term's own length allows: a short
            // stem of another language (`keny` for `Kenya`) is no typo of
            // `key`.
            let max = max.min(plan::max_edits(wanted.chars().count()));
            let Some(first) = wanted.chars().next().filter(|_| max > 0) else { continue };
            let mut lo = [0u8; 4];
            let lo = first.encode_utf8(&mut lo).as_bytes().to_vec();
            let mut hi = lo.clone();
            if let Some(last) = hi.last_mut() {
                *last = last.saturating_add(1);
            }
            for segment in searcher.segment_readers() {
                for field in self.fields.text {
                    let inverted = segment.inverted_index(field)?;
                    let mut stream = inverted.terms().range().ge(&lo).lt(&hi).into_stream()?;
                    while stream.advance() {
                        let Ok(candidate) = std::str::from_utf8(stream.key()) else { continue };
                        if let Some(d) = plan::edit_distance(wanted, candidate, max)
                            && d > 0
                        {
                            *found.entry((d, candidate.to_owned())).or_default() +=
                                u64::from(stream.value().doc_freq);
                        }
                    }
                }
            }
        }
        let Some(best) = found.keys().map(|(d, _)| *d).min() else { return Ok(Vec::new()) };
        let mut near: Vec<(u64, String)> =
            found.into_iter().filter(|((d, _), _)| *d == best).map(|((_, t), n)| (n, t)).collect();
        near.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        Ok(near.into_iter().take(plan::MAX_FUZZY_TERMS).map(|(_, t)| t).collect())
    }
}
