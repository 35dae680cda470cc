//! Near spellings: the terms of the words a misspelt word may have meant,
//! from the vocabulary beside the index ([`vocabulary`]).

use super::Engine;
use crate::search::{Error, plan, vocabulary};

impl Engine {
    /// The terms of the vocabulary's words nearest to the folded `word`
    /// (see [`vocabulary::near`]); read from the index folder the first
    /// time a search needs them.
    pub(super) fn near_words(
        &self,
        word: &str,
        max: usize,
    ) -> Result<(Vec<String>, Vec<String>), Error> {
        if max == 0 || word.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        Ok(vocabulary::near(self.vocabulary()?, word, max))
    }

    /// Near spellings of a unit that matches nothing: an Arabic word with
    /// the article (see [`vocabulary::with_article`]), else of its `word`,
    /// else of its `terms` (`search.js` `nearUnit`): their terms, and the
    /// words (or terms) a note names.
    pub(super) fn near_unit(
        &self,
        searcher: &tantivy::Searcher,
        word: &str,
        terms: &[String],
        max: usize,
    ) -> Result<(Vec<String>, Vec<String>), Error> {
        let article = vocabulary::with_article(self.vocabulary()?, word);
        if !article.0.is_empty() {
            return Ok(article);
        }
        let near = self.near_words(word, max)?;
        if !near.0.is_empty() {
            return Ok(near);
        }
        let terms = self
            .near_index_terms(searcher, terms, max)
            .map_err(|e| super::damaged(&self.dir, &e))?;
        Ok((terms.clone(), terms))
    }

    /// The index terms nearest to `terms` (1 to `max` edits, fewer for a
    /// short term, same first character), most frequent first, at most
    /// [`plan::MAX_FUZZY_TERMS`]: for a word whose nearest words are
    /// further than its stem's (`sanção` and `sanções`), or that other
    /// records hold (`form` for `from`). `search.js` (`nearTerms`) does the same.
    pub(super) fn near_index_terms(
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

    /// The terms of the vocabulary's words that begin with the folded
    /// `prefix` (see [`vocabulary::prefixed`]).
    pub(super) fn prefixed_terms(&self, prefix: &str) -> Result<Vec<String>, Error> {
        if prefix.chars().count() < vocabulary::MIN_PREFIX_CHARS {
            return Ok(Vec::new());
        }
        Ok(vocabulary::prefixed(self.vocabulary()?, prefix))
    }

    fn vocabulary(&self) -> Result<&[vocabulary::Entry], Error> {
        self.vocabulary
            .get_or_init(|| vocabulary::read(std::path::Path::new(&self.path)))
            .as_deref()
            .map_err(|why| Error::Damaged(self.dir.clone(), why.clone()))
    }
}
