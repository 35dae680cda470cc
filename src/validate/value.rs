//! One field value against its declared type: blanks, lists, text, numbers,
//! dates, URLs, enum values, countries and taxonomy terms.

use std::collections::HashSet;

use jiff::civil::Date;

use super::Ctx;

mod whole_numbers;
use crate::core::countries;
use crate::core::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::core::rules::{self, check_url};
use crate::core::yaml::{Node, NodeKind};
use crate::model::{FieldDef, FieldType, Value};

/// Most problems in one record that get a "did you mean" or a list of the
/// allowed values in their help line. Each suggestion is a pass over every
/// allowed value, so a record of 20 000 invalid values for an enum (or
/// taxonomy) of 20 000 took minutes, and listing the values in every help
/// line took gigabytes; past this many problems, help lines stay generic.
const MAX_SUGGESTIONS: usize = 100;

// Whether the record whose problems `diags` collects may still get suggestions.
/// The characters of `s` that look like others (or like nothing) and are
/// not them, named: what a word processor or a web page puts in a value
/// pasted from it. `None` when there are none.
pub(super) fn lookalikes(s: &str) -> Option<String> {
    let named = |c: char| {
        let (name, like) = match c {
            '\u{A0}' => ("a no-break space", "a space"),
            '\u{2007}' => ("a figure space", "a space"),
            '\u{202F}' => ("a narrow no-break space", "a space"),
            '\u{2000}'..='\u{200A}' | '\u{3000}' => ("a typographic space", "a space"),
            '\u{2010}' => ("a Unicode hyphen", "a hyphen"),
            '\u{2011}' => ("a non-breaking hyphen", "a hyphen"),
            '\u{2012}' => ("a figure dash", "a hyphen"),
            '\u{2013}' => ("an en dash", "a hyphen"),
            '\u{2014}' => ("an em dash", "a hyphen"),
            '\u{2212}' => ("a minus sign", "a hyphen"),
            '\u{2018}' | '\u{2019}' => ("a curly quote", "'"),
            '\u{201C}' | '\u{201D}' => ("a curly double quote", "\""),
            '\u{AD}' => ("a soft hyphen", "nothing"),
            '\u{200B}' => ("a zero-width space", "nothing"),
            '\u{2060}' => ("a word joiner", "nothing"),
            '\u{FEFF}' => ("a zero-width no-break space", "nothing"),
            _ => return None,
        };
        Some(format!("{name} (U+{:04X}), which looks like {like}", c as u32))
    };
    let mut found: Vec<String> = Vec::new();
    for said in s.chars().filter_map(named) {
        if !found.contains(&said) {
            found.push(said);
        }
    }
    (!found.is_empty()).then(|| format!("the value holds {}: type it again", found.join(", and ")))
}

pub(super) fn may_suggest(diags: &Diagnostics) -> bool {
    diags.len() < MAX_SUGGESTIONS
}

// "allowed values: a, b, c", naming at most 30 so that a long enum does not
// make every help line as long as the enum.
fn allowed_values(values: &[String]) -> String {
    const SHOWN: usize = 30;
    let mut help = format!("allowed values: {}", values[..values.len().min(SHOWN)].join(", "));
    if values.len() > SHOWN {
        help.push_str(&format!(" and {} more (see _collection.yaml)", values.len() - SHOWN));
    }
    help
}

/// "`key` must be text" for a value YAML reads as something else (a
/// number, `true`, a list): quoting a number or boolean makes it text;
/// `otherwise` says what else to do.
pub(super) fn not_text(path: &str, key: &str, v: &Node, otherwise: &str) -> Diagnostic {
    let help = match v.scalar_text() {
        Some(t) => format!("put it in quotes: `{key}: \"{t}\"`"),
        None => format!("give `{key}` as text, or {otherwise}"),
    };
    Diagnostic::error(path, v.pos, format!("`{key}` must be text, not {}", v.type_name()))
        .with_help(help)
}

impl Ctx<'_> {
    pub(super) fn value(
        &self,
        path: &str,
        def: &FieldDef,
        ty: &FieldType,
        node: &Node,
        diags: &mut Diagnostics,
    ) -> Option<Value> {
        // `""` is how stubs and editors leave a value out: treat it as empty
        // (JSON Schema: see schema/json.rs, which accepts the same).
        let blank = matches!(&node.kind, NodeKind::Str(s) if rules::is_blank(s));
        if matches!(node.kind, NodeKind::Null) || blank {
            if def.required {
                // `title: Null` is YAML's null, not the word: said so.
                let (message, help) = match node.written.as_deref() {
                    Some(w) if matches!(node.kind, NodeKind::Null) => (
                        format!("`{}` is required but `{w}` is YAML's null, no value", def.name),
                        format!(
                            "put it in quotes if it is text: `{}: \"{w}\"`; else give {}",
                            def.name,
                            ty.describe()
                        ),
                    ),
                    _ => (
                        format!("`{}` is required but empty", def.name),
                        format!("give {}", ty.describe()),
                    ),
                };
                diags.push(Diagnostic::error(path, node.pos, message).with_help(help));
            }
            return None;
        }
        let err = |diags: &mut Diagnostics, msg: String, help: Option<String>| {
            // `KEN` and a no-break space, `in‑force` with a non-breaking
            // hyphen: the value reads as the suggestion, so say why not.
            // Free text may hold them rightly (an en dash in a title).
            let free = matches!(ty, FieldType::String | FieldType::Text | FieldType::Markdown);
            let odd = node.scalar_text().filter(|_| !free).as_deref().and_then(lookalikes);
            let help = match (help, odd) {
                (Some(h), Some(o)) => {
                    let stop = if h.ends_with(['?', '.']) { " " } else { ". " };
                    Some(format!("{h}{stop}{}{}", o[..1].to_uppercase(), &o[1..]))
                }
                (h, o) => h.or(o),
            };
            diags.push(Diagnostic::error(path, node.pos, msg).with_help_opt(help));
            None
        };
        match ty {
            FieldType::List(inner) => {
                let items = seq_items(node);
                if items.is_empty() && def.required {
                    return err(
                        diags,
                        format!("`{}` is required but empty", def.name),
                        Some(format!("list at least one: {}", ty.describe())),
                    );
                }
                let mut out = Vec::with_capacity(items.len());
                // Repeats are found by the items' text (one text per value
                // within a list of one type): `out.contains` made a list of
                // 20 000 distinct strings quadratic (a second of `check`).
                let mut seen: HashSet<String> = HashSet::with_capacity(items.len());
                let mut ok = true;
                for item in items {
                    if matches!(&item.kind, NodeKind::Null)
                        || matches!(&item.kind, NodeKind::Str(s) if rules::is_blank(s))
                    {
                        diags.push(
                            Diagnostic::error(
                                path,
                                item.pos,
                                format!("an empty item in `{}`", def.name),
                            )
                            .with_help("remove the empty item"),
                        );
                        ok = false;
                        continue;
                    }
                    match self.value(path, def, inner, item, diags) {
                        Some(v) => {
                            if !seen.insert(v.to_text()) {
                                diags.push(
                                    Diagnostic::error(
                                        path,
                                        item.pos,
                                        format!(
                                            "`{}` is listed twice in `{}`",
                                            v.to_text(),
                                            def.name
                                        ),
                                    )
                                    .with_help("remove the repeated value"),
                                );
                                ok = false;
                            } else {
                                out.push(v);
                            }
                        }
                        None => ok = false,
                    }
                }
                ok.then_some(Value::List(out))
            }
            _ if matches!(node.kind, NodeKind::Seq(_) | NodeKind::Map(_)) => err(
                diags,
                format!("`{}` must be {}, not {}", def.name, ty.describe(), node.type_name()),
                matches!(node.kind, NodeKind::Seq(_))
                    .then(|| "give one value; this field is not a list".to_owned()),
            ),
            // Text-valued types take YAML text only: `title: true` is a
            // boolean to every YAML reader (and to the JSON Schema).
            _ if ty.is_text()
                && *ty != FieldType::Date
                && !matches!(node.kind, NodeKind::Str(_)) =>
            {
                diags.push(not_text(path, &def.name, node, "remove it"));
                None
            }
            FieldType::String | FieldType::Text | FieldType::Markdown => {
                let mut s = node.scalar_text()?;
                if *ty == FieldType::String && !rules::is_one_line(&s) {
                    // A common field (title, summary) keeps its type.
                    let common = self.schema.common.iter().any(|c| c.name == def.name);
                    let help = if common {
                        "remove the line breaks: write it on one line (a long line may be \
                         folded with `>-` and its text indented below)"
                    } else {
                        "remove the line breaks, or use a `text` field"
                    };
                    return err(
                        diags,
                        format!("`{}` must be one line", def.name),
                        Some(help.into()),
                    );
                }
                // A tab in a one-line value (pasted from a table) is a
                // column break in every TSV and a jump in a CSV cell.
                if *ty == FieldType::String && s.contains('\t') {
                    return err(
                        diags,
                        format!("`{}` holds a tab (U+0009)", def.name),
                        Some("replace it with a space: a one-line value holds no tabs".into()),
                    );
                }
                // Text written as a block (`title: |`, `summary: >`): the
                // line break YAML keeps at its end is not the value's
                // (datasets and CSV rows would hold it).
                if node.block != crate::core::yaml::Block::No {
                    s.truncate(s.trim_end_matches(['\n', '\r']).len());
                }
                // An escape sequence shows as nothing on a page, yet recolours
                // or retitles the terminal of whoever prints the record
                // (`search`, `cite`, a CI log).
                if let Some(c) = rules::control_char(&s) {
                    return err(
                        diags,
                        format!("`{}` holds U+{:04X}, a control character", def.name, c as u32),
                        Some(
                            "remove it: control characters show as nothing on pages, and an escape \
                             sequence rewrites the terminal that prints the record"
                                .into(),
                        ),
                    );
                }
                // Trojan Source: an override turns the text after it round,
                // so a title can show other than what it holds.
                if let Some(c) = rules::direction_override(&s) {
                    diags.push(
                        Diagnostic::warning(
                            path,
                            node.pos,
                            format!(
                                "`{}` holds U+{:04X}, a direction override: pages show the text \
                                 after it in another order than it is written",
                                def.name, c as u32
                            ),
                        )
                        .with_help(
                            "remove it: pages set each text's direction from its language, \
                             and isolate text of the other direction",
                        ),
                    );
                }
                // A byte-order mark inside text (pasted from a file that
                // began with one): invisible on pages, but in the title a
                // reader copies and in every citation.
                if s.contains('\u{feff}') {
                    diags.push(
                        Diagnostic::warning(
                            path,
                            node.pos,
                            format!(
                                "`{}` holds U+FEFF, a byte-order mark, which pages show as \
                                 nothing but copies and citations keep",
                                def.name
                            ),
                        )
                        .with_help("remove it (it came with text pasted from another file)"),
                    );
                }
                Some(Value::Str(s))
            }
            FieldType::Int => match node.kind {
                NodeKind::Int(i) => {
                    Some(Value::Int(whole_numbers::searchable(path, node.pos, def, i, diags)))
                }
                // JSON Schema's integers include 2.0 (and 1e3); a YAML reader
                // hands those over as floats. Past 2^53 a float is not the
                // number written (-9223372036854775809 reads as i64::MIN),
                // so the digits decide there.
                NodeKind::Float(f) if f.fract() == 0.0 => {
                    match whole_numbers::whole_number(f, node.scalar_text()) {
                        Some(i) => Some(Value::Int(whole_numbers::searchable(
                            path, node.pos, def, i, diags,
                        ))),
                        None => {
                            let written = node.scalar_text().unwrap_or_else(|| f.to_string());
                            err(
                                diags,
                                format!("{written} in `{}` is too large a whole number", def.name),
                                Some(format!(
                                    "whole numbers go from {} to {}; an identifier or code this long \
                                 is text: declare `{}` as a string field and quote it",
                                    i64::MIN,
                                    i64::MAX,
                                    def.name
                                )),
                            )
                        }
                    }
                }
                NodeKind::Float(_) => {
                    let written = node.scalar_text().unwrap_or_default();
                    // A common field (`year`) keeps its type.
                    let help = if self.schema.common.iter().any(|c| c.name == def.name) {
                        "round it: it is a whole number on every record".to_owned()
                    } else {
                        format!(
                            "round it, or declare `{}` as a string field for a decimal",
                            def.name
                        )
                    };
                    err(
                        diags,
                        format!("`{}` must be a whole number, not the decimal {written}", def.name),
                        Some(help),
                    )
                }
                NodeKind::Str(ref s) if s.trim().parse::<i64>().is_ok() => err(
                    diags,
                    format!("`{}` must be a whole number, not text", def.name),
                    Some(format!("remove the quotes: {}", s.trim())),
                ),
                // `SDG 8`, `12 weeks`, `$1,000`: the number in it, alone,
                // only when it reads as one for certain.
                NodeKind::Str(ref s) => {
                    let help = super::number_text::help(s, &def.name);
                    err(
                        diags,
                        format!("`{}` must be a whole number, not the text `{s}`", def.name),
                        Some(help),
                    )
                }
                _ => err(
                    diags,
                    format!("`{}` must be a whole number, not {}", def.name, node.type_name()),
                    Some("write a whole number, such as 3".to_owned()),
                ),
            },
            FieldType::Bool => match node.kind {
                NodeKind::Bool(b) => Some(Value::Bool(b)),
                _ => {
                    // YAML 1.1's spellings are text in YAML 1.2 (see core::yaml).
                    let legacy = node.as_str().and_then(|s| {
                        let l = s.to_ascii_lowercase();
                        match l.as_str() {
                            "yes" | "y" | "on" => Some(("true", s)),
                            "no" | "n" | "off" => Some(("false", s)),
                            _ => None,
                        }
                    });
                    let help = match legacy {
                        Some((b, s)) => format!(
                            "write `{}: {b}`: YAML 1.2 reads `{s}` as text, not as a boolean",
                            def.name
                        ),
                        None => "write true or false, without quotes".into(),
                    };
                    err(
                        diags,
                        format!("`{}` must be true or false, not {}", def.name, node.type_name()),
                        Some(help),
                    )
                }
            },
            FieldType::Date => match &node.kind {
                NodeKind::Str(s) => match parse_date(s) {
                    Some(d) => Some(Value::Date(d)),
                    None => err(
                        diags,
                        format!("`{s}` in `{}` is not a valid date", def.name),
                        Some(super::dates::date_help(s)),
                    ),
                },
                NodeKind::Int(y) => err(
                    diags,
                    format!("`{}` must be a full date, not the number {y}", def.name),
                    Some(super::dates::int_date_help(*y)),
                ),
                _ => err(
                    diags,
                    format!("`{}` must be a date (YYYY-MM-DD), not {}", def.name, node.type_name()),
                    None,
                ),
            },
            FieldType::Url => {
                let s = node.scalar_text()?;
                match check_url(&s) {
                    Ok(()) => Some(Value::Str(s)),
                    Err(why) => {
                        // `www.example.org/act.pdf`: the address it means.
                        let with_scheme = format!("https://{}", s.trim_start_matches('/'));
                        let help = if !s.contains(':') && check_url(&with_scheme).is_ok() {
                            format!("write `{with_scheme}`")
                        } else {
                            "give an absolute address such as https://example.org/page".into()
                        };
                        err(
                            diags,
                            format!("`{s}` in `{}` is not a valid URL: {why}", def.name),
                            Some(help),
                        )
                    }
                }
            }
            FieldType::Enum(values) => {
                let s = node.scalar_text()?;
                if values.contains(&s) {
                    return Some(Value::Str(s));
                }
                let help = if !may_suggest(diags) {
                    format!(
                        "use one of the `values` that _collection.yaml gives for `{}`",
                        def.name
                    )
                } else if let Some((value, label)) = values.labelled(&s) {
                    // A value's label, as pages show it: records give the value.
                    format!(
                        "did you mean `{value}` ({label})? records give the value, pages show its label"
                    )
                } else {
                    match did_you_mean(&s, values.iter().map(String::as_str)) {
                        Some(v) => format!("did you mean `{v}`?"),
                        None => allowed_values(values),
                    }
                };
                let help = comma_list(def, &s).unwrap_or(help);
                err(diags, format!("`{s}` is not an allowed value of `{}`", def.name), Some(help))
            }
            FieldType::Country => {
                let s = node.scalar_text()?;
                if countries::is_alpha3(&s) {
                    return Some(Value::Str(s));
                }
                let regions = self.schema.taxonomies.get("regions");
                if regions.is_none() && self.schema.taxonomies_unreadable && rules::is_id(&s) {
                    // Perhaps a region of the file that did not parse
                    // (`Kenya`, not shaped as a term's id, is none).
                    return None;
                }
                if regions.is_some_and(|r| r.terms.contains_key(&s)) {
                    return Some(Value::Str(s));
                }
                // A region named by its label or one of its aliases (`EU`).
                let named = regions.and_then(|r| r.term_named(&s)).map(|t| t.id.as_str());
                // By its name in a site language too (`中国`, `Allemagne`).
                let langs: Vec<&str> = std::iter::once(self.default_language)
                    .chain(self.language_folders.iter().map(String::as_str))
                    .collect();
                let country = countries::suggest_in(&s, langs.iter().copied());
                let help = match (named, country) {
                    (Some(t), Some(c)) => {
                        format!("did you mean the region `{t}`, or the country `{c}`?")
                    }
                    (Some(t), None) => format!("did you mean the region `{t}`?"),
                    // Named, so that a guess from a name spelled alike
                    // (`中非共和国` for `中华人民共和国`) shows as wrong.
                    (None, Some(c)) => match countries::shown_name(self.default_language, c) {
                        Some(name) => format!("did you mean `{c}` ({name})?"),
                        None => format!("did you mean `{c}`?"),
                    },
                    (None, None) => regions
                        .filter(|_| may_suggest(diags))
                        .and_then(|r| did_you_mean(&s, r.terms.keys().map(String::as_str)))
                        .map(|t| format!("did you mean the region `{t}`?"))
                        .unwrap_or_else(|| {
                            "use an ISO 3166-1 alpha-3 code such as KEN, or the id of a `regions` \
                             term for a bloc"
                                .into()
                        }),
                };
                let help = comma_list(def, &s)
                    .or_else(|| named.is_none().then(|| countries::withdrawn_help(&s)).flatten())
                    .or_else(|| named.is_none().then(|| countries::kosovo_help(&s)).flatten())
                    .unwrap_or(help);
                err(
                    diags,
                    format!(
                        "`{s}` in `{}` is not an ISO 3166-1 alpha-3 country code or a region",
                        def.name
                    ),
                    Some(help),
                )
            }
            FieldType::Term(tax) => {
                let s = node.scalar_text()?;
                let Some(taxonomy) = self.schema.taxonomies.get(tax) else {
                    // `_taxonomies.yaml` did not parse: its error says why.
                    if self.schema.taxonomies_unreadable {
                        return None;
                    }
                    return err(
                        diags,
                        format!(
                            "`{}` uses the taxonomy `{tax}`, which _taxonomies.yaml does not declare",
                            def.name
                        ),
                        Some(format!(
                            "declare `{tax}:` with its `terms` in content/_taxonomies.yaml"
                        )),
                    );
                };
                if taxonomy.terms.contains_key(&s) {
                    return Some(Value::Str(s));
                }
                let suggest = may_suggest(diags);
                let by_label = suggest.then(|| taxonomy.term_named(&s)).flatten();
                if let Some(help) = comma_list(def, &s) {
                    return err(
                        diags,
                        format!("`{s}` in `{}` is not a term of the `{tax}` taxonomy", def.name),
                        Some(help),
                    );
                }
                let help = match by_label.map(|t| t.id.as_str()).or_else(|| {
                    suggest
                        .then(|| did_you_mean(&s, taxonomy.terms.keys().map(String::as_str)))
                        .flatten()
                }) {
                    Some(id) => format!("did you mean `{id}`?"),
                    None => crate::schema::declaration_help(tax, &s),
                };
                err(
                    diags,
                    format!("`{s}` in `{}` is not a term of the `{tax}` taxonomy", def.name),
                    Some(help),
                )
            }
            FieldType::Ref(target) => {
                let s = node.scalar_text()?;
                self.reference(path, def, target.as_deref(), &s, node.pos, diags).map(Value::Ref)
            }
        }
    }
}

/// For a list field given one text with commas or semicolons (`topics:
/// a, b`; `a; b` as spreadsheets and the CSV datasets join a list), the
/// list to write instead: the suggestion for its first item would drop the
/// others without a word.
fn comma_list(def: &crate::model::FieldDef, s: &str) -> Option<String> {
    if !def.ty.is_list() || !s.contains([',', ';']) {
        return None;
    }
    let items: Vec<&str> = s.split([',', ';']).map(str::trim).filter(|i| !i.is_empty()).collect();
    (items.len() > 1).then(|| {
        format!(
            "`{}` is a list: write `[{}]`, or one item per `- ` line",
            def.name,
            items.join(", ")
        )
    })
}

pub(super) fn seq_items(node: &Node) -> &[Node] {
    match &node.kind {
        NodeKind::Seq(items) => items,
        // A single value where a list is expected counts as a one-item list.
        _ => std::slice::from_ref(node),
    }
}

/// Parses `YYYY-MM-DD` strictly.
fn parse_date(s: &str) -> Option<Date> {
    if !crate::core::rules::is_date_shaped(s) {
        return None;
    }
    let y: i16 = s[0..4].parse().ok()?;
    // Year 0 is no calendar year: pages would show "1 BC", feeds `0000`.
    if y < 1 {
        return None;
    }
    let m: i8 = s[5..7].parse().ok()?;
    let d: i8 = s[8..10].parse().ok()?;
    Date::new(y, m, d).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_urls() {
        assert!(parse_date("2023-07-07").is_some());
        assert!(parse_date("2023-02-30").is_none());
        assert!(parse_date("2023-7-7").is_none());
        assert!(parse_date("2023-+1-01").is_none());
        assert!(parse_date(" 2023-07-07").is_none());
        assert!(parse_date("２０２３-07-07").is_none());
        assert!(parse_date("0000-01-01").is_none());
        assert!(parse_date("0001-01-01").is_some());
        assert!(check_url("https://unctad.org/x?y#z").is_ok());
        assert!(check_url("mailto:a@b.org").is_ok());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url("https://").is_err());
        assert!(check_url("www.x.org").is_err());
    }

    #[test]
    fn lookalike_characters_are_named() {
        assert_eq!(lookalikes("KEN"), None);
        assert_eq!(lookalikes("in-force"), None);
        assert_eq!(
            lookalikes("KEN\u{a0}").as_deref(),
            Some(
                "the value holds a no-break space (U+00A0), which looks like a space: type it again"
            )
        );
        let both = lookalikes("in\u{2011}for\u{2011}ce\u{200b}").unwrap_or_default();
        assert_eq!(both.matches("U+2011").count(), 1, "{both}");
        assert!(both.contains("hyphen, and a zero-width space (U+200B), which looks like nothing"));
    }
}
