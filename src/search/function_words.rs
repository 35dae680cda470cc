//! Function words a query may leave unmatched.
//!
//! Every word of a query is required, so a question typed as a sentence
//! ("capacity building programmes **for** LDCs", «renforcement **des**
//! capacités») found only the records that also hold "for" or "des", and
//! ranked records by them. As Lucene's and Elasticsearch's language
//! analysers do, a query's function words (NLTK's lists, the small ones) of
//! the page's language and the site's default language are left out of it,
//! as long as another word or phrase remains: "the who" is still searched
//! as written. A word in capitals (`US`, `IT`, `WHO`) is an acronym, and
//! a quoted phrase keeps its words; but in a query typed all in capitals
//! (`DIE DATEN`, caps lock), its function words are function words. `search.js` applies the same lists,
//! written into `meta.js` (`sw`), so both engines drop the same words.

use crate::search::query::Part;

/// The function words of site language `tag` (`fr`, `pt-BR`): its primary
/// subtag's NLTK list. None for Chinese, Japanese and Korean, whose text
/// is cut into character pairs, not words, and for languages NLTK has no
/// list for.
pub fn list(tag: &str) -> Option<&'static [&'static str]> {
    let primary = tag.split(['-', '_']).next().unwrap_or(tag).to_ascii_lowercase();
    if matches!(primary.as_str(), "zh" | "ja" | "ko") {
        return None;
    }
    stop_words::lookup(&primary)
}

/// Whether `text`, as typed, is an acronym: two letters or more, none
/// lower-case (`US`, `IT`, `DEPA`): not "us" or "it", nor a word typed
/// half-way. `search.js` (`isAcronym`) does the same.
pub fn is_acronym(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !text.chars().any(char::is_lowercase)
}

/// Whether `word`, as typed, is one of `lists`' function words.
fn is_function_word(word: &str, lists: &[&[&str]]) -> bool {
    if is_acronym(word) {
        return false;
    }
    let lower = word.to_lowercase();
    lists.iter().any(|l| l.contains(&lower.as_str()))
}

/// `required` without its function words in `page` and `default`'s
/// languages, when a word or phrase that is not one remains.
pub fn leave_out(required: &mut Vec<Part>, page: &str, default: &str) {
    let lists: Vec<&[&str]> = [page, default].into_iter().filter_map(list).collect();
    if lists.is_empty() {
        return;
    }
    // Caps lock: two words or more and no lower-case letter. Its function
    // words are no acronyms (nor codes, which the plan reads from capitals),
    // but for those of two letters, which are as often codes (`US`, `IT`).
    let words = required.iter().filter(|p| matches!(p, Part::Word(_))).count();
    if words >= 2 && !required.iter().any(|p| p.text().chars().any(char::is_lowercase)) {
        for p in required.iter_mut() {
            if let Part::Word(w) = p
                && w.chars().count() >= 3
                && is_function_word(&w.to_lowercase(), &lists)
            {
                *w = w.to_lowercase();
            }
        }
    }
    let function = |p: &Part| matches!(p, Part::Word(w) if is_function_word(w, &lists));
    if required.iter().all(function) {
        return;
    }
    required.retain(|p| !function(p));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_are_words_in_capitals() {
        for a in ["DEPA", "PDP", "US", "EU-US", "ÉCO", "G20S"] {
            assert!(is_acronym(a), "{a}");
        }
        for w in ["Depa", "pdp", "A", "5G", "G20", "eIDAS", "20"] {
            assert!(!is_acronym(w), "{w}");
        }
    }

    fn left(query: &[&str], page: &str) -> Vec<String> {
        let mut parts: Vec<Part> = query
            .iter()
            .map(|w| match w.strip_prefix('"') {
                Some(p) => Part::Phrase(p.to_owned()),
                None => Part::Word((*w).to_owned()),
            })
            .collect();
        leave_out(&mut parts, page, "en");
        parts.iter().map(|p| p.text().to_owned()).collect()
    }

    #[test]
    fn a_query_in_capitals_has_function_words_of_three_letters_or_more() {
        assert_eq!(left(&["DIE", "DATEN"], "de"), ["DATEN"]);
        assert_eq!(left(&["THE", "DATA", "OF", "US"], "en"), ["DATA", "OF", "US"]);
        // Typed in capitals among lower case: an acronym.
        assert_eq!(left(&["DIE", "Daten"], "de"), ["DIE", "Daten"]);
        // Nothing but function words: searched as written, as words.
        assert_eq!(left(&["THE", "WHO"], "en"), ["the", "who"]);
    }

    #[test]
    fn function_words_go_while_another_word_remains() {
        assert_eq!(
            left(&["capacity", "building", "for", "LDCs"], "en"),
            ["capacity", "building", "LDCs"]
        );
        assert_eq!(left(&["The", "rules", "on", "transfers"], "en"), ["rules", "transfers"]);
        // The page's language and the default's.
        assert_eq!(left(&["protection", "des", "données", "for"], "fr"), ["protection", "données"]);
        assert_eq!(left(&["protection", "des", "données"], "en"), ["protection", "des", "données"]);
        // Nothing else: searched as written. A phrase keeps its words.
        assert_eq!(left(&["the", "who"], "en"), ["the", "who"]);
        assert_eq!(left(&["\"the who", "of"], "en"), ["the who"]);
        // Acronyms.
        assert_eq!(left(&["US", "data", "IT", "it"], "en"), ["US", "data", "IT"]);
        // No list: nothing goes.
        assert_eq!(left(&["数据", "的"], "zh"), ["数据", "的"]);
        assert!(list("zh-Hant").is_none() && list("pt-BR").is_some() && list("xx").is_none());
    }
}
