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
    let text = flatten(&format!("{summary}\n{body}"));
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

/// Characters that end a block well: a sentence's or a clause's end in
/// Latin, CJK, Arabic and Indic scripts, and the mark [`flatten`] puts.
pub const BLOCK_ENDS: &str = ".!?:;,…·。！？：；，、؟؛،۔।॥";

/// Closing quotes and brackets, looked past for the character they close
/// after (`"yes."`).
pub const CLOSERS: &str = "\"'”’»)]」』）》";

/// `text` on one line, as snippets show it: the summary and the body's
/// blocks (paragraphs, headings, list items, cells) run on, with ` · `
/// where a block stops without punctuation, so that a heading does not
/// read as the start of its paragraph's sentence ("How it works · The
/// finding covers", not "How it works The finding covers").
pub fn flatten(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for (i, block) in text.split('\n').enumerate() {
        if i > 0 {
            // An empty block (a record with no body) adds nothing: it left
            // a separator after the summary (`S · `).
            if block.chars().all(|c| matches!(c, ' ' | '\t' | '\r')) {
                continue;
            }
            out.push_str(if block_open(&out) { " · " } else { " " });
        }
        out.extend(block.chars().map(|c| if c == '\r' || c == '\t' { ' ' } else { c }));
    }
    out
}

/// Whether `text` stops without punctuation: it has a last character, and
/// that (or the one a closing quote or bracket follows) is not in
/// [`BLOCK_ENDS`]. Only spaces are looked past, as `search.js` does.
fn block_open(text: &str) -> bool {
    let mut rev = text.trim_end_matches(' ').chars().rev();
    let Some(mut last) = rev.next() else { return false };
    if CLOSERS.contains(last) {
        match rev.next() {
            Some(c) => last = c,
            None => return false,
        }
    }
    !BLOCK_ENDS.contains(last)
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
    fn a_block_without_punctuation_is_set_apart() {
        let body = "How it works\nThe finding covers transfers.\nIt says \"yes.\"\nScope (GDPR)\n- one\n- two";
        let s = snip("A summary", body, &["absent"]);
        assert_eq!(
            s.text,
            "A summary · How it works · The finding covers transfers. It says \"yes.\" \
             Scope (GDPR) · - one · - two"
        );
        assert_eq!(flatten("\nbody\tend"), " body end");
        assert_eq!(flatten("标题\n正文。\n下一段"), "标题 · 正文。 下一段");
        assert_eq!(flatten("A summary\n"), "A summary");
        assert_eq!(flatten("A summary\n \r\nBody"), "A summary · Body");
    }

    #[test]
    fn unicode_is_safe() {
        let s = snip("Résumé — ünïcode", &"日本語 ".repeat(100), &["unicode"]);
        assert_eq!(&s.text[s.highlights[0].0..s.highlights[0].1], "ünïcode");
    }
}
