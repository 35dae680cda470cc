//! The query language, shared by `compendium search` and the browser (whose
//! `search.js` ports this parser): words, `"quoted phrases"`, `-excluded`
//! words or phrases, and `field:value` (or `field:"two words"`) facet filters.
//! As people write them from other search engines, `NOT word` means
//! `-word` and `AND` is left out (every word is required anyway); `OR` is
//! left out and said ([`Parsed::or_written`]).
//!
//! Parsing never fails: anything that is not syntax is a word, and the
//! analysis decides later what, if anything, a word means (`*` or `(` mean
//! nothing). Oversized queries are cut to [`MAX_QUERY_CHARS`] characters and
//! [`MAX_PARTS`] parts, so hostile input costs little.

/// Longest query read, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;

/// Most words, phrases and filters read from one query.
pub const MAX_PARTS: usize = 32;

/// A word or a phrase, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// One whitespace-free word (`e-money`, `PSD2`, `U.S.`).
    Word(String),
    /// The text between double quotes.
    Phrase(String),
}

impl Part {
    /// The word or the phrase's text.
    pub fn text(&self) -> &str {
        match self {
            Part::Word(w) | Part::Phrase(w) => w,
        }
    }
}

/// What a query that writes `OR` is told.
pub const OR_NOTE: &str = "OR is not an operator here: records must hold every word, and when \
                           none holds them all, those with the most of them come first";

/// A `field:value` filter, as typed (matching is case-insensitive later).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// The facet field (or `collection`).
    pub field: String,
    /// The value.
    pub value: String,
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Words and phrases every hit must contain.
    pub required: Vec<Part>,
    /// Words and phrases no hit may contain.
    pub excluded: Vec<Part>,
    /// Filters every hit must match.
    pub filters: Vec<Filter>,
    /// Filters no hit may match (`-field:value`).
    pub excluded_filters: Vec<Filter>,
    /// Whether the query wrote `OR`, which is no operator here (every word
    /// is required): the search says so.
    pub or_written: bool,
    /// Filter names written with nothing after the colon (`year:`): the
    /// search says how to give a value.
    pub valueless: Vec<String>,
}

impl Parsed {
    fn len(&self) -> usize {
        self.required.len() + self.excluded.len() + self.filters.len() + self.excluded_filters.len()
    }
}

/// Elided articles and pronouns of French, Italian and Catalan, before an
/// apostrophe (`l'`, `qu'`, `dell'`): Lucene's `ElisionFilter` sets.
pub const ELISIONS: [&str; 24] = [
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
    "dell", "all", "dall", "nell", "sull", "coll", "pell", "un", "gl", "v",
];

/// `word` without an elided article before its apostrophe (`l'étranger`
/// is `étranger`, `l’autorisation` `autorisation`), as Lucene's French and
/// Italian analysers read it. Kept, the article made the word a phrase
/// (`l` then `étranger`), which missed the records that write the word
/// with another article or none. `search.js` (`parse`) does the same.
pub fn without_elision(word: &str) -> &str {
    for (at, c) in word.char_indices() {
        if c == '\'' || c == '\u{2019}' {
            let rest = &word[at + c.len_utf8()..];
            let article = word[..at].to_lowercase();
            if rest.chars().next().is_some_and(char::is_alphabetic)
                && ELISIONS.contains(&article.as_str())
            {
                return rest;
            }
            break;
        }
        if !c.is_alphabetic() {
            break;
        }
    }
    word
}

/// Parses `query`. `field_of` says which filterable field a name before a
/// `:` names (lower-cased before the call; a label names its field), if
/// any; other `name:value` text is words.
pub fn parse(query: &str, field_of: impl Fn(&str) -> Option<String>) -> Parsed {
    let query = crate::search::analysis::normal_query(query);
    let chars: Vec<char> = query.chars().take(MAX_QUERY_CHARS).collect();
    let mut out = Parsed::default();
    let mut i = 0;
    // `NOT` before the next part.
    let mut not = false;
    while i < chars.len() && out.len() < MAX_PARTS {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        if let Some(op) = operator(&chars, i) {
            i += op.len();
            match op {
                "NOT" => not = true,
                "OR" => out.or_written = true,
                _ => {}
            }
            continue;
        }
        let negated = chars[i] == '-' || std::mem::take(&mut not);
        let dash = chars[i] == '-';
        if dash {
            i += 1;
            if i >= chars.len() || chars[i].is_whitespace() {
                continue;
            }
        }
        if let Some(close) = closers(chars[i]) {
            let (text, next) = quoted(&chars, i + 1, close);
            i = next;
            if !text.trim().is_empty() {
                let part = Part::Phrase(text);
                if negated { out.excluded.push(part) } else { out.required.push(part) }
            }
            continue;
        }
        // A word, unless it starts with `field:`.
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != ':' && chars[i] != '"' {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect::<String>().to_lowercase();
        let field = (i < chars.len() && chars[i] == ':' && !name.is_empty())
            .then(|| field_of(&name))
            .flatten();
        if let Some(field) = field {
            i += 1;
            let value = if let Some(close) = chars.get(i).copied().and_then(closers) {
                let (text, next) = quoted(&chars, i + 1, close);
                i = next;
                text
            } else {
                let vs = i;
                while i < chars.len() && !chars[i].is_whitespace() {
                    i += 1;
                }
                let (value, next) = spaced_range(&chars, chars[vs..i].iter().collect(), i);
                i = next;
                value
            };
            let value = value.trim().to_owned();
            if value.is_empty() {
                out.valueless.push(field);
            } else {
                let f = Filter { field, value };
                if negated { out.excluded_filters.push(f) } else { out.filters.push(f) }
            }
            continue;
        }
        // `name:"two words"` with no such field (a misspelt one): one
        // word with its quoted value, as `name:value` is, not words cut at
        // the value's spaces with the quotes in them.
        if i + 1 < chars.len() && chars[i] == ':' && chars[i + 1] == '"' && !name.is_empty() {
            let (text, next) = quoted(&chars, i + 2, &['"']);
            let head: String = chars[start..i].iter().collect();
            i = next;
            let part = Part::Word(format!("{head}:\"{text}\""));
            if negated {
                out.excluded.push(part)
            } else {
                out.required.push(part)
            }
            continue;
        }
        while i < chars.len() && !chars[i].is_whitespace() {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let part = Part::Word(without_elision(&word).to_owned());
        if negated { out.excluded.push(part) } else { out.required.push(part) }
    }
    out
}

/// Names before a colon that start an address or an identifier, never a
/// filter (`https://…`, `doi:10.1000/x`, `urn:nbn:…`).
pub const SCHEMES: &[&str] =
    &["http", "https", "ftp", "file", "mailto", "tel", "urn", "doi", "isbn", "issn", "arxiv"];

/// Most filter names a note lists.
pub const LISTED_FILTERS: usize = 8;

/// For a word written like a filter whose name is not a filter field, what
/// to say, and the words to search instead of it, if any:
/// - a text field's name (`title:data`): its value, in every field;
/// - a name near a filter's (`jurisdicton:KEN`): the filter it most likely
///   misspells, and the word as it is;
/// - any other name of letters (`country:CN`, `lang:fr`; see
///   [`unknown_name`]): the filters there are, and its value (read as one
///   word, `country:CN` finds nothing and says nothing of the country).
///
/// `filters` are the filter fields in the order the index lists them
/// (collection, facets, ranges); `text_fields`, the fields words are
/// searched in. Other `x:y` words (`doi:10.1/x`, `x:y`) say nothing.
/// `search.js` (`notAFilter`) does the same.
pub fn not_a_filter<'w, 'a>(
    word: &'w str,
    filters: impl Iterator<Item = &'a str>,
    text_fields: &[&str],
) -> Option<(String, Option<&'w str>)> {
    let (name, value) = word.split_once(':')?;
    let name = name.to_lowercase();
    if name.is_empty()
        || value.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c.is_lowercase())
    {
        return None;
    }
    if text_fields.contains(&name.as_str()) {
        let note = format!(
            "there is no filter {name}: (words are searched in every field); searched for `{value}` as words"
        );
        return Some((note, Some(value)));
    }
    let filters: Vec<&str> = filters.collect();
    if let Some(near) = near_filter(&name, filters.iter().copied()) {
        let note = format!(
            "there is no filter {name}: (did you mean {near}:?); searched for `{word}` as words"
        );
        return Some((note, None));
    }
    if !unknown_name(&name, value) || filters.contains(&name.as_str()) {
        return None;
    }
    let mut listed = filters[..filters.len().min(LISTED_FILTERS)].join(", ");
    if filters.len() > LISTED_FILTERS {
        listed.push_str(", …");
    }
    let note = format!(
        "there is no filter {name}: (the filters are {listed}); searched for `{value}` as words"
    );
    Some((note, Some(value)))
}

/// Whether `name:value` (`name` lower-cased) reads as a filter on a field
/// that is none (`country:CN`, `lang:fr`): a name of two or more letters
/// (`-`, `_` within) that starts no address, and a value.
fn unknown_name(name: &str, value: &str) -> bool {
    name.chars().count() >= 2
        // Letters with a case (`país`, `situação`, `страна`); not CJK or
        // Arabic, whose words a colon may end.
        && name.chars().all(|c| c.is_lowercase() || c == '_' || c == '-')
        && !SCHEMES.contains(&name)
        && !value.is_empty()
        && !value.starts_with('/')
}

/// The filter field `name` most likely misspells, if any.
fn near_filter<'a>(name: &str, filters: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let max = crate::search::plan::max_edits(name.chars().count());
    let mut best: Option<(usize, &str)> = None;
    for f in filters {
        if let Some(d) = crate::search::plan::edit_distance(name, f, max)
            && d > 0
            && best.is_none_or(|(b, _)| d < b)
        {
            best = Some((d, f));
        }
    }
    best.map(|(_, f)| f)
}

/// A filter value that is a range written with spaces around its `..`
/// (`adopted:2018 .. 2023`, `2018.. 2023`, `2018 ..2023`) read whole, and
/// the index after it; any other value as it is.
fn spaced_range(chars: &[char], value: String, at: usize) -> (String, usize) {
    let token = |from: usize| {
        let start = (from..chars.len()).find(|&j| !chars[j].is_whitespace()).unwrap_or(chars.len());
        let end = (start..chars.len()).find(|&j| chars[j].is_whitespace()).unwrap_or(chars.len());
        (chars[start..end].iter().collect::<String>(), end)
    };
    let digit_first = |s: &str| s.starts_with(|c: char| c.is_ascii_digit());
    if !digit_first(&value) || (value.contains("..") && !value.ends_with("..")) {
        return (value, at);
    }
    let (next, end) = token(at);
    if value.ends_with("..") {
        if digit_first(&next) {
            return (value + &next, end);
        }
    } else if next == ".." {
        let (last, end) = token(end);
        if digit_first(&last) {
            return (format!("{value}..{last}"), end);
        }
    } else if let Some(rest) = next.strip_prefix("..")
        && digit_first(rest)
    {
        return (value + &next, end);
    }
    (value, at)
}

/// The operator (`AND`, `OR`, `NOT`, upper case, as a word of its own)
/// that starts at `i`, if one does.
fn operator(chars: &[char], i: usize) -> Option<&'static str> {
    ["AND", "OR", "NOT"].into_iter().find(|op| {
        let end = i + op.len();
        end <= chars.len()
            && chars[i..end].iter().copied().eq(op.chars())
            && chars.get(end).is_none_or(|c| c.is_whitespace())
    })
}

/// The quotation marks that close a phrase opened by `open`, when it
/// opens one: `"`, and the typographic pairs people type or their
/// keyboards make of `"` (`«…»` in French and Russian, `“…”` from phone
/// and macOS smart quotes, `„…“` in German, `「…」` in Japanese), so that
/// `«protection données»` is a phrase as `"protection données"` is.
/// Apostrophes stay word characters (elision: `l’Union`). `search.js`
/// (`CLOSE`) holds the same table.
fn closers(open: char) -> Option<&'static [char]> {
    Some(match open {
        '"' => &['"'],
        '\u{ab}' => &['\u{bb}'],
        '\u{bb}' => &['\u{ab}', '\u{bb}'],
        '\u{2039}' => &['\u{203a}'],
        '\u{203a}' => &['\u{2039}', '\u{203a}'],
        '\u{201c}' | '\u{201e}' | '\u{201f}' => &['\u{201d}', '\u{201c}'],
        '\u{201d}' => &['\u{201d}'],
        '\u{300c}' => &['\u{300d}'],
        '\u{300e}' => &['\u{300f}'],
        _ => return None,
    })
}

/// The text from `from` to the next of `close` (or the end), and the index after it.
fn quoted(chars: &[char], from: usize, close: &[char]) -> (String, usize) {
    let mut i = from;
    while i < chars.len() && !close.contains(&chars[i]) {
        i += 1;
    }
    (chars[from..i].iter().collect(), (i + 1).min(chars.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &str) -> Parsed {
        parse(q, |f| (f == "jurisdiction" || f == "collection").then(|| f.to_owned()))
    }

    fn w(s: &str) -> Part {
        Part::Word(s.into())
    }

    #[test]
    fn an_elided_article_is_left_out() {
        assert_eq!(without_elision("l'étranger"), "étranger");
        assert_eq!(without_elision("L\u{2019}Autorisation"), "Autorisation");
        assert_eq!(without_elision("dell'Unione"), "Unione");
        assert_eq!(without_elision("qu'il"), "il");
        // No article, or nothing after it: as written.
        assert_eq!(without_elision("O'Brien"), "O'Brien");
        assert_eq!(without_elision("l'"), "l'");
        assert_eq!(without_elision("l'2024"), "l'2024");
        assert_eq!(without_elision("rock'n'roll"), "rock'n'roll");
        // A misspelt filter's quoted value stays with it.
        let p = parse("jurisdicton:\"Viet Nam\" data", |_| None);
        assert_eq!(
            p.required,
            [Part::Word("jurisdicton:\"Viet Nam\"".into()), Part::Word("data".into())]
        );
        let p = parse("transfert à l'étranger", |_| None);
        assert_eq!(p.required.last().map(Part::text), Some("étranger"));
    }

    #[test]
    fn typographic_quotation_marks_make_phrases() {
        let phrase = |t: &str| Part::Phrase(t.into());
        for q in [
            "\u{ab}protection donn\u{e9}es\u{bb} RGPD",
            "\u{ab} protection donn\u{e9}es \u{bb} RGPD",
            "\u{201c}protection donn\u{e9}es\u{201d} RGPD",
            "\u{201e}protection donn\u{e9}es\u{201c} RGPD",
            "\u{201f}protection donn\u{e9}es\u{201d} RGPD",
            "\u{2039}protection donn\u{e9}es\u{203a} RGPD",
            "\u{bb}protection donn\u{e9}es\u{ab} RGPD",
            "\u{201d}protection donn\u{e9}es\u{201d} RGPD",
            "\u{300c}protection donn\u{e9}es\u{300d} RGPD",
            "\u{300e}protection donn\u{e9}es\u{300f} RGPD",
        ] {
            // French spaces inside guillemets stay with the phrase, as
            // they would inside `"`: the analysis has no use for them.
            let got: Vec<Part> = p(q)
                .required
                .into_iter()
                .map(|x| match x {
                    Part::Phrase(t) => Part::Phrase(t.trim().to_owned()),
                    x => x,
                })
                .collect();
            assert_eq!(got, [phrase("protection donn\u{e9}es"), w("RGPD")], "{q}");
        }
        // Excluded, unclosed, and a filter's value.
        let got =
            parse("-\u{ab}dark pattern\u{bb} status:\u{ab}En vigueur\u{bb} \u{201c}open", |n| {
                (n == "status").then(|| n.to_owned())
            });
        assert_eq!(got.excluded, [phrase("dark pattern")]);
        assert_eq!(got.filters, [Filter { field: "status".into(), value: "En vigueur".into() }]);
        assert_eq!(got.required, [phrase("open")]);
        // Apostrophes are not quotes: elision as before.
        assert_eq!(p("l\u{2019}Union").required, [w("Union")]);
        assert_eq!(p("\u{2018}Union\u{2019}").required, [w("\u{2018}Union\u{2019}")]);
    }

    #[test]
    fn words_phrases_exclusions_filters() {
        let got = p(
            r#"fake reviews -China "strong customer" -"dark pattern" jurisdiction:KEN -collection:programmes"#,
        );
        assert_eq!(got.required, [w("fake"), w("reviews"), Part::Phrase("strong customer".into())]);
        assert_eq!(got.excluded, [w("China"), Part::Phrase("dark pattern".into())]);
        assert_eq!(got.filters, [Filter { field: "jurisdiction".into(), value: "KEN".into() }]);
        assert_eq!(
            got.excluded_filters,
            [Filter { field: "collection".into(), value: "programmes".into() }]
        );
    }

    #[test]
    fn ranges_written_with_spaces_are_read_whole() {
        let f = |v: &str| Filter { field: "adopted".into(), value: v.into() };
        let q = |s: &str| parse(s, |n| (n == "adopted").then(|| n.to_owned()));
        for query in [
            "data adopted:2018 .. 2023",
            "data adopted:2018.. 2023",
            "data adopted:2018 ..2023",
            "data adopted:2018..2023",
        ] {
            let got = q(query);
            assert_eq!(got.filters, [f("2018..2023")], "{query}");
            assert_eq!(got.required, [w("data")], "{query}");
        }
        // Open ranges and other words stay as they were.
        assert_eq!(q("adopted:2018.. data").filters, [f("2018..")]);
        assert_eq!(q("adopted:2018.. data").required, [w("data")]);
        assert_eq!(q("adopted:..2018 .. 2020").filters, [f("..2018")]);
        assert_eq!(q("adopted:2018 ..").filters, [f("2018")]);
    }

    #[test]
    fn quoted_filter_values_and_unknown_fields() {
        let got = p(r#"Jurisdiction:"ken" e-money: re:view"#);
        assert_eq!(got.filters, [Filter { field: "jurisdiction".into(), value: "ken".into() }]);
        assert_eq!(got.required, [w("e-money:"), w("re:view")]);
    }

    #[test]
    fn operators_of_other_engines() {
        let got = p("GDPR OR PIPL NOT China AND data NOT \"Hong Kong\" NOT jurisdiction:KEN NOT");
        assert_eq!(got.required, [w("GDPR"), w("PIPL"), w("data")]);
        assert_eq!(got.excluded, [w("China"), Part::Phrase("Hong Kong".into())]);
        assert_eq!(
            got.excluded_filters,
            [Filter { field: "jurisdiction".into(), value: "KEN".into() }]
        );
        assert!(got.or_written);
        // Lower case, or inside a word, they are words.
        let got = p("not or and ORANGE NOTE -OR");
        assert_eq!(got.required, [w("not"), w("or"), w("and"), w("ORANGE"), w("NOTE")]);
        assert_eq!(got.excluded, [w("OR")]);
        assert!(!got.or_written);
    }

    #[test]
    fn words_written_like_filters_say_what_went_wrong() {
        let filters = || ["collection", "jurisdiction", "status", "adopted"].into_iter();
        let text = ["title", "summary", "body"];
        let say = |w: &str| not_a_filter(w, filters(), &text).map(|(note, _)| note);
        assert!(
            say("title:data").is_some_and(|n| n.contains("no filter title:")),
            "{:?}",
            say("title:data")
        );
        assert!(say("Jurisdicton:KEN").is_some_and(|n| n.contains("did you mean jurisdiction:?")));
        assert!(say("statu:draft").is_some_and(|n| n.contains("did you mean status:?")));
        for quiet in [
            "doi:10.1000/x",
            "https://example.org",
            "e-money:",
            ":x",
            "jurisdiction:KEN",
            "a b:c",
            "x:y",
            "art5:x",
        ] {
            assert_eq!(say(quiet), None, "{quiet}");
        }
        // A name that is no filter and near none: its value is searched,
        // and the note lists the filters there are.
        assert_eq!(
            say("country:CN").as_deref(),
            Some(
                "there is no filter country: (the filters are collection, jurisdiction, status, \
                 adopted); searched for `CN` as words"
            )
        );
        // A label with accents, as a page shows it (`país:`, `situação:`);
        // not a word of a script without case, which a colon may end.
        assert!(say("País:BRA").is_some_and(|n| n.contains("no filter país: (the filters are")));
        assert!(say("situação:revogado").is_some_and(|n| n.contains("searched for `revogado`")));
        assert_eq!(say("数据:保护"), None);
        let word = |w: &'static str| not_a_filter(w, filters(), &text).and_then(|(_, w)| w);
        assert_eq!(word("country:CN"), Some("CN"));
        assert_eq!(word("title:data"), Some("data"));
        for kept in ["jurisdicton:KEN", "jurisdiction:KEN", "doi:10.1/x", "re:", "x:y"] {
            assert_eq!(word(kept), None, "{kept}");
        }
    }

    #[test]
    fn hostile_queries_do_not_panic() {
        for q in [
            "\"\"\"",
            "-",
            "--",
            "field:",
            "jurisdiction:",
            "jurisdiction:\"",
            "\"",
            "*",
            "(",
            "- - -",
            "\u{0}\u{feff}",
            "日本語 العربية",
            &"a ".repeat(10_000),
            &"x".repeat(10_000),
        ] {
            let got = p(q);
            assert!(got.len() <= MAX_PARTS, "{q}");
        }
        assert_eq!(p("-").len(), 0);
        assert_eq!(p("\"\"\"").len(), 0);
        assert_eq!(p("jurisdiction:").len(), 0);
    }
}
