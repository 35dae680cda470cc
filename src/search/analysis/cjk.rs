//! CJK runs: bigrams and single clusters (the rule is step 2 of the
//! module's documentation).

use unicode_normalization::char::is_combining_mark;

use super::{Analyzer, Kind, MAX_TOKEN_CHARS, Run, Token, fold, script};

impl Analyzer {
    /// Analyses a run that holds CJK characters: its CJK stretches as
    /// bigrams, the rest as words. Returns the next position.
    pub(super) fn split_run(
        &mut self,
        text: &str,
        run: Run,
        mut position: u32,
        out: &mut Vec<Token>,
    ) -> u32 {
        let mut start = run.from;
        let mut cjk: Option<bool> = None;
        for (i, c) in text[run.from..run.to].char_indices() {
            let here = script::is_cjk(c);
            if cjk.is_some_and(|k| k != here) {
                let from = start;
                start = run.from + i;
                position = self.stretch(text, from, start, !here, position, out);
            }
            cjk = Some(here);
        }
        if let Some(k) = cjk {
            position = self.stretch(text, start, run.to, k, position, out);
        }
        position
    }

    /// One stretch of a run, CJK (bigrams and characters) or not (a word).
    fn stretch(
        &mut self,
        text: &str,
        from: usize,
        to: usize,
        cjk: bool,
        position: u32,
        out: &mut Vec<Token>,
    ) -> u32 {
        if !cjk {
            let folded = fold(&text[from..to]);
            if folded.is_empty() || folded.chars().count() > MAX_TOKEN_CHARS {
                return position;
            }
            out.push(Token {
                term: self.term_as(&folded, &text[from..to]),
                position,
                from,
                to,
                kind: Kind::Word,
            });
            return position + 1;
        }
        // CJK characters neither fold nor stem (tested over every code point).
        // The units are clusters: a character and the combining marks after
        // it (a Thai consonant and its vowel and tone marks).
        let chars: Vec<(usize, char)> = text[from..to]
            .char_indices()
            .enumerate()
            .filter(|&(i, (_, c))| i == 0 || !is_combining_mark(c))
            .map(|(_, ic)| ic)
            .collect();
        let end = |i: usize| chars.get(i).map_or(to, |(b, _)| from + b);
        if chars.len() == 1 {
            out.push(Token {
                term: text[from..to].to_owned(),
                position,
                from,
                to,
                kind: Kind::Word,
            });
            return position + 1;
        }
        let last = chars.len() - 2;
        for i in 0..=last {
            let p = position + i as u32;
            let (a, b) = (end(i), end(i + 1));
            out.push(Token {
                term: text[a..end(i + 2)].to_owned(),
                position: p,
                from: a,
                to: end(i + 2),
                kind: Kind::Word,
            });
            out.push(Token {
                term: text[a..b].to_owned(),
                position: p,
                from: a,
                to: b,
                kind: Kind::Char,
            });
            if i == last {
                out.push(Token {
                    term: text[b..end(i + 2)].to_owned(),
                    position: p,
                    from: b,
                    to: end(i + 2),
                    kind: Kind::Char,
                });
            }
        }
        position + last as u32 + 1
    }
}
