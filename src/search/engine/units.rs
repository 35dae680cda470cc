//! The required units of a query: each word or phrase as the terms it
//! asks for, widened by `word*`, and replaced, when nothing holds it, by
//! the words it begins or else its near spellings (`search.js` does the same, in `NP.search`).

use tantivy::Term;
use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use super::Engine;
use crate::search::analysis::{Analyzers, Lang};
use crate::search::filters::word_blocs;
use crate::search::plan::{self, Unit};
use crate::search::query::Part;
use crate::search::schema::TEXT_FIELDS;
use crate::search::vocabulary::MIN_PREFIX_CHARS;
use crate::search::{Error, integrity::damaged};

impl Engine {
    /// `required` as units, each with whether it may still take near
    /// spellings when no record has every unit. A part that matches
    /// nothing and has no near spellings is left out and named in
    /// `unmatched`; near spellings taken are said in `notes`. A country
    /// no record names that blocs have as a member is a filter on those
    /// blocs instead, in `members` as (facet field, bloc values).
    pub(super) fn required_units<'q>(
        &self,
        searcher: &tantivy::Searcher,
        required: &'q [Part],
        (langs, typed_in, analyzers): (&[Lang], &[Lang], &mut Analyzers),
        notes: &mut Vec<String>,
        unmatched: &mut Vec<&'q str>,
        members: &mut Vec<(String, Vec<String>)>,
    ) -> Result<Vec<(Unit, bool)>, Error> {
        let index_err = |e: tantivy::TantivyError| damaged(&self.dir, &e);
        let mut units = Vec::new();
        for part in required {
            let Some(mut unit) = plan::unit(part, langs, typed_in, analyzers) else {
                // A word longer than any indexed (`MAX_TOKEN_CHARS`) is in
                // no record: said so, as a 40-letter word nowhere is.
                if plan::too_long(part.text()) {
                    unmatched.push(part.text());
                }
                continue;
            };
            // `priv*`: the words that begin so, as well as the word itself.
            let wild = matches!(part, Part::Word(w) if w.ends_with('*'));
            if wild && unit.word.chars().count() < MIN_PREFIX_CHARS {
                notes.push(format!(
                    "`{}`: the words that begin so are looked up from {} letters; searched for `{}` as a word",
                    part.text(),
                    MIN_PREFIX_CHARS,
                    part.text().trim_end_matches('*')
                ));
            }
            if wild && !unit.terms.is_empty() {
                for t in self.prefixed_terms(&unit.word)? {
                    if !unit.terms.contains(&t) {
                        unit.terms.push(t);
                    }
                }
            }
            if unit.terms.is_empty() {
                units.push((unit, false));
                continue;
            }
            if self.doc_freq(searcher, &unit.terms).map_err(index_err)? > 0 {
                let expandable = !unit.is_compound();
                unit.phrases.clear();
                units.push((unit, expandable));
                continue;
            }
            // A compound's glued form is nowhere: the phrase of its parts
            // stands in, or else, when that finds nothing either
            // (`e-comerce`), the glued form's near spellings.
            let terms = std::mem::take(&mut unit.terms);
            if !unit.phrases.is_empty()
                && searcher.search(&self.unit_query(&unit), &Count).map_err(index_err)? > 0
            {
                units.push((unit, false));
                continue;
            }
            // A plain word nowhere that begins words the records hold
            // (`regul` while typing `regulation`): those words, as
            // Pagefind completes the words it is given.
            // Not for a word in capitals (`DEPA`): an acronym, not a word
            // typed half-way (`Department`).
            if unit.phrases.is_empty() && !wild {
                let begun = if crate::search::function_words::is_acronym(part.text()) {
                    Vec::new()
                } else {
                    self.begun_terms(searcher, &unit.word)?
                };
                if !begun.is_empty() {
                    notes.push(format!(
                        "no record contains `{}` as a word; showing words that begin with it",
                        part.text()
                    ));
                    unit.terms = begun;
                    units.push((unit, false));
                    continue;
                }
                // A country that records name only through its blocs: the
                // blocs' records, as a policy tracker lists EU law under
                // each member state.
                if let Some((field, blocs)) = word_blocs(&self.catalog, part.text()) {
                    let named: Vec<String> = blocs
                        .iter()
                        .map(|v| format!("{} ({field}:{})", v.label, v.value))
                        .collect();
                    notes.push(format!(
                        "no record contains `{}`; showing the records of what it is a member of: {}",
                        part.text(),
                        named.join(", ")
                    ));
                    let values = blocs.iter().map(|v| v.value.clone()).collect();
                    members.push((field.to_owned(), values));
                    continue;
                }
            }
            let (near, shown) = self.near_unit(searcher, &unit.word, &terms, unit.edits())?;
            if near.is_empty() {
                // A compound nowhere, even misspelt (`e-signature` where
                // records write `electronic signature`): its parts as words
                // of their own, when each is somewhere.
                let parts = plan::compound_parts(&unit);
                let mut found = parts.len() > 1;
                for p in &parts {
                    found = found && self.doc_freq(searcher, &p.terms).map_err(index_err)? > 0;
                }
                if found {
                    notes.push(format!(
                        "no record contains `{}`; searched for its parts as separate words",
                        part.text()
                    ));
                    units.extend(parts.into_iter().map(|p| (p, false)));
                } else {
                    unmatched.push(part.text());
                }
                continue;
            }
            notes.push(format!(
                "no record contains `{}`; showing near spellings: {}",
                part.text(),
                shown.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ")
            ));
            unit.terms = near;
            unit.phrases.clear();
            units.push((unit, false));
        }
        Ok(units)
    }
}

impl Engine {
    /// The terms of the words that begin with the folded `word`, when it
    /// is long enough to begin words ([`MIN_PREFIX_CHARS`]) and a record
    /// holds one of them; else none.
    fn begun_terms(&self, searcher: &tantivy::Searcher, word: &str) -> Result<Vec<String>, Error> {
        if word.chars().count() < MIN_PREFIX_CHARS {
            return Ok(Vec::new());
        }
        let terms = self.prefixed_terms(word)?;
        let held = self.doc_freq(searcher, &terms).map_err(|e| damaged(&self.dir, &e))? > 0;
        Ok(if held { terms } else { Vec::new() })
    }
}

/// Says the words of `required` that each matched nothing as a whole yet
/// had no near spellings to say (a CJK word none of whose parts is
/// anywhere), unless a note already said what no record contains.
pub(super) fn say_unmatched(required: &[Part], unmatched: &[&str], notes: &mut Vec<String>) {
    let words: Vec<String> = required
        .iter()
        .map(Part::text)
        .filter(|w| !unmatched.contains(w))
        .map(|w| format!("`{w}`"))
        .collect();
    if !words.is_empty() && !notes.iter().any(|n| n.starts_with("no record contains")) {
        notes.push(format!("no record contains {}", words.join(", ")));
    }
}

impl Engine {
    /// Records containing any of `terms` in any text field (summed per field).
    pub(super) fn doc_freq(
        &self,
        searcher: &tantivy::Searcher,
        terms: &[String],
    ) -> tantivy::Result<u64> {
        let mut n = 0;
        for field in self.fields.text {
            for t in terms {
                n += searcher.doc_freq(&Term::from_field_text(field, t))?;
            }
        }
        Ok(n)
    }

    /// The tantivy query of one unit: any field, any alternative, boosted.
    pub(super) fn unit_query(&self, unit: &Unit) -> Box<dyn Query> {
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, (name, boost)) in self.fields.text.iter().zip(TEXT_FIELDS) {
            let boost = if unit.code && crate::search::plan::CODE_FIELDS.contains(&name) {
                boost * crate::search::plan::CODE_BOOST
            } else {
                boost
            };
            let mut inner: Vec<Box<dyn Query>> = Vec::new();
            for t in &unit.terms {
                let term = Term::from_field_text(*field, t);
                inner.push(Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)));
            }
            for seq in &unit.phrases {
                let terms: Vec<Term> =
                    seq.iter().map(|t| Term::from_field_text(*field, t)).collect();
                if terms.len() == 1 {
                    inner.push(Box::new(TermQuery::new(
                        terms[0].clone(),
                        IndexRecordOption::WithFreqs,
                    )));
                } else {
                    inner.push(Box::new(PhraseQuery::new(terms)));
                }
            }
            for q in inner {
                should.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
            }
        }
        Box::new(BooleanQuery::new(should))
    }
}
