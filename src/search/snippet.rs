//! Snippets: a short passage of a record's summary and body around the
//! words a query matched, with the matched words marked. `search.js` makes
//! its snippets the same way.

use std::collections::HashSet;

use crate::search::analysis::Analyzer;

/// Snippet length, in characters.
pub const WINDOW: usize = 180;

/// Matches considered when choosing the window.
pub const MAX_HITS: usize = 256;

/// Characters kept before the first match.
pub const LEAD: usize = 40;

/// A snippet: plain text and the character ranges of matched words in it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The passage, `…` marking cut ends.
    pub text: String,
    /// Byte ranges of matched words in `text`, in order, not overlapping.
    pub highlights: Vec<(usize, usize)>,
}

/// The snippet of `summary` + `body` for a query whose terms are `terms`.
pub fn make(
    summary: &str,
    body: &str,
    terms: &HashSet<String>,
    analyzer: &mut Analyzer,
) -> Snippet {
    let text: String = format!("{summary} {body}").replace(['\n', '\r', '\t'], " ");
    let chars: Vec<char> = text.chars().collect();
    // Byte offset → char index.
    let mut char_at = vec![0usize; text.len() + 1];
    for (ci, (bi, _)) in text.char_indices().enumerate() {
        char_at[bi] = ci;
    }
    char_at[text.len()] = chars.len();
    // Matched words as char ranges with their term, longest first at equal starts.
    let mut hits: Vec<(usize, usize, String)> = analyzer
        .analyze(&text)
        .into_iter()
        .filter(|t| terms.contains(&t.term))
        .map(|t| (char_at[t.from], char_at[t.to], t.term))
        .collect();
    hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    // Overlapping hits make one: a compound and its parts, or the
    // overlapping bigrams of a CJK word.
    let mut kept: Vec<(usize, usize, String)> = Vec::new();
    for h in hits {
        match kept.last_mut() {
            Some(k) if h.0 < k.1 => k.1 = k.1.max(h.1),
            _ => kept.push(h),
        }
    }
    // Enough to find a good window; bounds the work on huge bodies.
    kept.truncate(MAX_HITS);
    let (start, end) = window(&chars, &kept);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut highlights = Vec::new();
    let mut pos = start;
    for (from, to, _) in kept.iter().filter(|h| h.0 >= start && h.1 <= end) {
        out.extend(&chars[pos..*from]);
        let b = out.len();
        out.extend(&chars[*from..*to]);
        highlights.push((b, out.len()));
        pos = *to;
    }
    out.extend(&chars[pos..end]);
    if end < chars.len() {
        out.push('…');
    }
    Snippet { text: out, highlights }
}

/// The char range shown: the window with the most distinct matched terms,
/// then the most of them side by side (the query's words as a phrase:
/// "data localisation", not "data" here and "localisation" there), then
/// the most matches, then the earliest; snapped to word boundaries.
fn window(chars: &[char], hits: &[(usize, usize, String)]) -> (usize, usize) {
    let len = chars.len();
    let mut start = 0;
    let mut best = (0usize, 0usize, 0usize);
    for h in hits {
        let s = h.0.saturating_sub(LEAD);
        let inside: Vec<&(usize, usize, String)> =
            hits.iter().filter(|x| x.0 >= s && x.1 <= s + WINDOW).collect();
        let mut distinct: Vec<&str> = inside.iter().map(|x| x.2.as_str()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let together = inside
            .windows(2)
            .filter(|w| {
                w[0].2 != w[1].2
                    && !chars[w[0].1..w[1].0.max(w[0].1)].iter().any(|c| c.is_alphanumeric())
            })
            .count();
        let score = (distinct.len(), together, inside.len());
        if score > best {
            best = score;
            start = s;
        }
    }
    if start > 0 {
        // Start at a word: after the first space, unless that skips the match.
        let limit = hits.iter().map(|h| h.0).find(|&f| f >= start).unwrap_or(start);
        if let Some(sp) = (start..limit).find(|&i| chars[i] == ' ') {
            start = sp + 1;
        }
    }
    let mut end = (start + WINDOW).min(len);
    if end < len
        && let Some(sp) = (start + WINDOW / 2..end).rev().find(|&i| chars[i] == ' ')
    {
        end = sp;
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analysis::Lang;

    fn snip(summary: &str, body: &str, words: &[&str]) -> Snippet {
        let mut a = Analyzer::new(Lang::English);
        let terms = words.iter().map(|w| a.term(w)).collect();
        make(summary, body, &terms, &mut a)
    }

    #[test]
    fn centres_on_the_matches() {
        let body =
            format!("{} The parcel lockers are open. {}", "filler ".repeat(60), "tail ".repeat(60));
        let s = snip("A summary.", &body, &["parcel", "locker"]);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'), "{}", s.text);
        let marked: Vec<&str> = s.highlights.iter().map(|(a, b)| &s.text[*a..*b]).collect();
        assert_eq!(marked, ["parcel", "lockers"]);
        assert!(s.text.chars().count() <= WINDOW + 2);
    }

    #[test]
    fn the_words_side_by_side_are_shown() {
        let body = format!(
            "{} Member States may not impose data rules, data checks or the localisation of \
             data. {}",
            "filler ".repeat(40),
            "tail ".repeat(60)
        );
        let summary = "It bans unjustified data localisation requirements.";
        let s = snip(summary, &body, &["data", "localisation"]);
        assert!(s.text.contains("data localisation"), "{}", s.text);
    }

    #[test]
    fn no_match_shows_the_summary() {
        let s = snip("Short summary.", "Body.", &["absent"]);
        assert_eq!(s.text, "Short summary. Body.");
        assert!(s.highlights.is_empty());
    }

    #[test]
    fn unicode_is_safe() {
        let s = snip("Résumé — ünïcode", &"日本語 ".repeat(100), &["unicode"]);
        assert_eq!(&s.text[s.highlights[0].0..s.highlights[0].1], "ünïcode");
    }
}
