//! One record's fields against its collection: unknown and missing fields,
//! the body's nesting (its links: `body_links`), and the rules beyond a
//! field's type.

use std::collections::BTreeMap;

use super::Ctx;
use super::value::{may_suggest, seq_items};
use crate::core::diag::{Diagnostic, Diagnostics, Pos, did_you_mean};
use crate::core::rules::{MAX_SUMMARY_CHARS, MAX_TITLE_CHARS};
use crate::core::yaml::{Node, NodeKind};
use crate::load::RawRecord;
use crate::model::{Collection, FieldDef, Key, Record, RecordFormat, Value};
use crate::schema::SPECIAL_KEYS;
use crate::schema::mapping::MapCheck;

impl Ctx<'_> {
    /// `raw` validated into a record; `body` is its Markdown body (taken
    /// out of `raw`, which keeps the line it starts on).
    pub(super) fn record(
        &self,
        raw: &RawRecord,
        body: Option<String>,
        key: Key,
        diags: &mut Diagnostics,
    ) -> Option<Record> {
        let collection = self.schema.collections.get(&raw.collection)?;
        let path = raw.path.as_str();
        let before = diags.error_count();
        let mut fields = crate::model::Fields::new();
        let mut body = body.unwrap_or_default();
        let mut sources = Vec::new();
        let mut draft = false;
        let mut aliases = Vec::new();
        // A YAML record of blank lines and comments: one error, as an empty
        // Markdown file gets, not one per required field.
        if raw.format == RecordFormat::Yaml && raw.fields.as_map().is_some_and(<[_]>::is_empty) {
            diags.push(Diagnostic::error(path, Pos::START, "the file holds no fields").with_help(
                "write the record's fields, one `field: value` a line, starting with `title:`, \
                 or delete the file",
            ));
            return None;
        }
        // Filed in the wrong collection: one error, instead of one per
        // foreign field and per required field of this collection.
        let misfiled = super::elsewhere::misfiled(path, collection, self.schema, &raw.fields).map(
            |(_, names, error)| {
                diags.push(error);
                names
            },
        );
        let mc = MapCheck { path, what: "a record" };
        for (name, node, kpos) in mc.entries(&raw.fields, diags) {
            match name {
                "id" => {}
                crate::schema::DRAFT => match node.kind {
                    NodeKind::Bool(b) => draft = b,
                    // Empty, as any optional field may be: not a draft.
                    NodeKind::Null => {}
                    _ => diags.push(
                        Diagnostic::error(
                            path,
                            node.pos,
                            format!("`draft` must be true or false, not {}", node.type_name()),
                        )
                        .with_help("write `draft: true` to keep the record unpublished, or remove the line"),
                    ),
                },
                "body" => match raw.format {
                    RecordFormat::Markdown => diags.push(
                        Diagnostic::error(path, kpos, "`body` in front matter: a Markdown record's body is the text after the front matter")
                            .with_help("move the text below the closing `---` line"),
                    ),
                    RecordFormat::Yaml => match &node.kind {
                        NodeKind::Str(s) => body = s.clone(),
                        NodeKind::Null => {}
                        _ => diags.push(
                            Diagnostic::error(path, node.pos, format!("`body` must be Markdown text, not {}", node.type_name()))
                                .with_help("write `body: |` and the Markdown indented below it"),
                        ),
                    },
                },
                "sources" => sources = self.citations(path, node, diags),
                crate::schema::ALIASES => aliases = super::aliases::parse(path, node, diags),
                _ => match collection.field(name, &self.schema.common) {
                    Some(def) => {
                        let v = self.value(path, def, &def.ty, node, diags);
                        // Also when the value is refused for another reason,
                        // so that every mistake of a list shows in one run.
                        self.extra_checks(path, def, node, v.as_ref(), diags);
                        if let Some(v) = v {
                            fields.insert(name, v);
                        }
                    }
                    None if collection.broken_fields.iter().any(|f| f == name) => {}
                    None if misfiled.as_ref().is_some_and(|m| m.iter().any(|f| f == name)) => {}
                    None => {
                        let names = collection.fields.iter().map(|f| f.name.as_str()).chain(self.schema.common.iter().map(|f| f.name.as_str())).chain(SPECIAL_KEYS.iter().copied());
                        // `Summary:`: said once, here, not also as a
                        // required field missing.
                        let cased = names.clone().find(|n| n.eq_ignore_ascii_case(name));
                        // Another generator's key first: `resources` is no `sources`.
                        let near = || may_suggest(diags).then(|| did_you_mean(name, names)).flatten();
                        let help = match migrated_key(name).map(str::to_owned) {
                            Some(h) => h,
                            None if cased.is_some() => format!(
                                "field names match letter case too: write `{}`",
                                cased.unwrap_or_default()
                            ),
                            None => match near() {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => format!("declare `{name}` under `fields` in content/{}/_collection.yaml, or remove it", collection.name),
                            },
                        };
                        let kind = collection.singular.to_lowercase();
                        // "an item record", "a practice record" (a rule for
                        // letters, not sounds: the singular is the site's word).
                        let article = if kind.starts_with(['a', 'e', 'i', 'o']) { "an" } else { "a" };
                        diags.push(Diagnostic::error(path, kpos, format!("unknown field `{name}` in {article} {kind} record")).with_help(help));
                    }
                },
            }
        }
        let written: Vec<&str> = raw
            .fields
            .as_map()
            .map(|m| m.iter().filter_map(|(k, _)| k.as_str()).collect())
            .unwrap_or_default();
        for def in self.required(collection).filter(|_| misfiled.is_none()) {
            if !fields.contains_key(&def.name)
                && !written.iter().any(|k| k.eq_ignore_ascii_case(&def.name))
            {
                diags.push(
                    Diagnostic::error(
                        path,
                        raw.fields.pos,
                        format!("missing required field `{}`", def.name),
                    )
                    .with_help(match (def.name.as_str(), body.find("<!--more-->")) {
                        // Hugo's summary divider: the text before it, as `summary`.
                        ("summary", Some(at)) => format!(
                            "add `summary:` with plain text; `<!--more-->` is not read here: the \
                             text before it ({} characters) may be the summary",
                            body[..at].trim().chars().count()
                        ),
                        _ => format!("add `{}:` with {}", def.name, def.ty.describe()),
                    }),
                );
            }
        }
        self.check_body_nesting(raw, &body, diags);
        self.check_staleness(raw, &fields, diags);
        if diags.error_count() > before {
            return None;
        }
        // One spelling of the tag everywhere it is shown (`RU` is `ru`).
        let language = match fields.get("language") {
            Some(Value::Str(l)) => crate::core::lang::canonical_case(l),
            _ => self.default_language.to_owned(),
        };
        if matches!(fields.get("language"), Some(Value::Str(l)) if *l != language) {
            fields.insert("language", Value::Str(language.clone()));
        }
        fields.shrink_to_fit();
        let body_links = self.take_body_links(&key);
        Some(Record {
            key,
            path: raw.path.clone(),
            format: raw.format,
            fields,
            body: self.bodies.of(&body),
            sources,
            language,
            translations: BTreeMap::new(),
            draft,
            body_links,
            aliases,
        })
    }

    pub(super) fn check_body_nesting(&self, raw: &RawRecord, body: &str, diags: &mut Diagnostics) {
        let scan = crate::markdown::scan(body, self.max_depth);
        // Made once: every link of a body is placed (20,000 `#x` links made
        // as many passes over the body).
        let lines = std::cell::OnceCell::new();
        let pos = |offset: usize| match &raw.body {
            // Markdown records: the exact line in the file.
            Some((_, first_line)) => {
                let index = lines.get_or_init(|| crate::core::source::LineIndex::new(body));
                let p = index.pos(body, offset);
                Pos::new(first_line + p.line - 1, p.col)
            }
            // YAML records: in a literal block (`body: |`), the exact line
            // and column; else the `body` value's start.
            None => match raw.fields.get("body") {
                Some(n) if n.block == crate::core::yaml::Block::Literal => {
                    let index = lines.get_or_init(|| crate::core::source::LineIndex::new(body));
                    let p = index.pos(body, offset);
                    Pos::new(n.pos.line + p.line - 1, n.pos.col + p.col - 1)
                }
                Some(n) => n.pos,
                None => Pos::START,
            },
        };
        // Refused as in fields: git shows a file holding NUL as binary, so a
        // pull request's diff hides the body from review; pages would show
        // U+FFFD (CommonMark) and datasets the raw byte.
        if let Some(offset) = body.find('\0') {
            diags.push(
                Diagnostic::error(&raw.path, pos(offset), "the body holds U+0000, a NUL character")
                    .with_help(
                        "remove it: git shows a file holding one as binary (its diff hidden from \
                         review), and pages show it as \u{FFFD}",
                    ),
            );
        }
        // What `compendium new` wrote, published as the record's text: an
        // error, as an untouched translation stub would otherwise pass CI
        // (its blank fields are ones left out) and publish the placeholder.
        for stub in [crate::core::names::NEW_BODY, crate::core::names::NEW_TRANSLATION_BODY] {
            if let Some(offset) = memchr::memmem::find(body.as_bytes(), stub.as_bytes()) {
                diags.push(
                    Diagnostic::error(
                        &raw.path,
                        pos(offset),
                        "the body still holds the text `compendium new` wrote, which pages would show",
                    )
                    .with_help(format!("replace `{stub}` with the record's text, or delete it")),
                );
            }
        }
        let unlisted = scan.dropped_total.saturating_sub(scan.dropped.len());
        for (i, (what, offset)) in scan.dropped.iter().enumerate() {
            let styling = what.contains(" attribute of `<");
            let responsive = what.starts_with("the `srcset`")
                || what.starts_with("the `sizes`")
                || what == "`<picture>`"
                || what == "`<source>`";
            let mut help = if responsive {
                "pages show one image per <img>, at its src: give the image you want shown as \
                 ![alt](PATH) (or <img src=\"PATH\" alt=\"…\">), at the size the theme sets"
            } else if styling {
                "pages take their look from the theme's stylesheet, not from attributes in a \
                 body: remove it, or style the element in a site theme's assets/style.css"
            } else {
                "pages keep safe HTML only (no scripts, frames, forms, event handlers) and links \
                 to http, https and mailto addresses: link to the content instead"
            }
            .to_owned();
            // A file on its author's computer (`C:\Users\…\map.png`,
            // `file:///…`): a picture the page loses, so an error, saying
            // where such a file goes.
            let local = what
                .strip_prefix("the address `")
                .and_then(|a| a.strip_suffix('`'))
                .filter(|a| is_local_file(a));
            if local.is_some() {
                help = "it names a file on your own computer, which readers of the site cannot \
                        open: copy the file into the project's static/ folder \
                        (static/images/map.png) and write /images/map.png, or keep it beside the \
                        record in a page bundle"
                    .to_owned();
            }
            if unlisted > 0 && i + 1 == scan.dropped.len() {
                let are = if unlisted == 1 { "is" } else { "are" };
                help.push_str(&format!(
                    "; {unlisted} more removed from this body {are} not listed: check again once \
                     these are fixed"
                ));
            }
            let message = format!("{what} is removed from pages");
            diags.push(
                if local.is_some() {
                    Diagnostic::error(&raw.path, pos(*offset), message)
                } else {
                    Diagnostic::warning(&raw.path, pos(*offset), message)
                }
                .with_help(help),
            );
        }
        for (what, offset) in &scan.unclosed {
            let hidden = body[*offset..].lines().count().saturating_sub(1);
            let close = match what.strip_prefix("`<") {
                Some(tag) => format!("`</{tag}"),
                None => "`-->`".to_owned(),
            };
            diags.push(
                Diagnostic::error(
                    &raw.path,
                    pos(*offset),
                    format!(
                        "{what} is never closed: {}",
                        crate::markdown::unclosed::effect(what, hidden)
                    ),
                )
                .with_help(format!("close it with {close} where it should end, or remove it")),
            );
        }
        self.check_body_links(raw, &scan.links, &pos, diags);
        super::anchors::check_raw_ids(&raw.path, &scan, &pos, diags);
        let mut anchors = scan.anchors;
        anchors.extend(scan.raw_ids.into_iter().map(|(id, _)| id));
        *self.headings.borrow_mut() = anchors;
        for offset in scan.no_alt.iter().take(crate::markdown::MAX_DROPPED) {
            diags.push(
                Diagnostic::warning(&raw.path, pos(*offset), "the image has no text alternative")
                    .with_help(
                        "say what it shows between the brackets, ![Kenya's single window, \
                         2013–2022](…), or alt=\"…\" in HTML; a purely decorative image takes \
                         alt=\"\"",
                    ),
            );
        }
        for (label, offset) in scan.undefined_notes.iter().take(crate::markdown::MAX_DROPPED) {
            diags.push(
                Diagnostic::warning(
                    &raw.path,
                    pos(*offset),
                    format!(
                        "the footnote `[^{label}]` has no definition: pages show it as written"
                    ),
                )
                .with_help(format!("add `[^{label}]: the note` on a line of its own in the body")),
            );
        }
        for (shown, generator, offset) in &scan.directives {
            diags.push(
                Diagnostic::warning(
                    &raw.path,
                    pos(*offset),
                    format!(
                        "`{shown}` is a directive of {generator}'s templates, which Compendium \
                         does not run: pages show it as written"
                    ),
                )
                .with_help(
                    "write what it stood for in Markdown: an image ![what it shows](/images/x.png) \
                     (the file in static/), a link [text](@/COLLECTION/ID), a note as a \
                     paragraph; or put it in `code` to show it as code",
                ),
            );
        }
        for (label, offset) in &scan.duplicate_notes {
            diags.push(
                Diagnostic::warning(
                    &raw.path,
                    pos(*offset),
                    format!("the footnote `[^{label}]` is defined again: pages show the first"),
                )
                .with_help(format!(
                    "merge the two notes, or give this one a label of its own and cite it as \
                     `[^{label}-2]`"
                )),
            );
        }
        for (label, offset) in &scan.uncited_notes {
            diags.push(
                Diagnostic::warning(
                    &raw.path,
                    pos(*offset),
                    format!("no text cites the footnote `[^{label}]`: pages show a note nothing points to"),
                )
                .with_help(format!(
                    "cite it with `[^{label}]` where it belongs, or delete the note"
                )),
            );
        }
        let Some((depth, offset)) = scan.too_deep else { return };
        let pos = pos(offset);
        diags.push(
            Diagnostic::error(&raw.path, pos, format!("the body nests blocks or HTML elements more than {} deep (at least {depth})", self.max_depth))
                .with_help("flatten the quotes, lists or HTML (each level of a list counts twice: the list and its item); raise [limits] markdown-max-depth in book.toml if this is real content"),
        );
    }

    /// A warning, not an error: a record last reviewed (`updated`) longer
    /// ago than its collection's `stale-after` may be out of date.
    fn check_staleness(
        &self,
        raw: &RawRecord,
        fields: &crate::model::Fields,
        diags: &mut Diagnostics,
    ) {
        let Some((cutoff, period)) = self.stale.get(&raw.collection) else { return };
        let Some(Value::Date(reviewed)) = fields.get("updated") else { return };
        if reviewed >= cutoff {
            return;
        }
        let pos = raw.fields.get("updated").map_or(raw.fields.pos, |n| n.pos);
        diags.push(
            Diagnostic::warning(
                &raw.path,
                pos,
                format!(
                    "last reviewed on {reviewed}, more than {period} ago: the record may be out of date"
                ),
            )
            .with_help(format!(
                "check it against its sources and set `updated:` to the date of that review; \
                 the period is `stale-after` in content/{}/_collection.yaml or [check] in book.toml",
                raw.collection
            )),
        );
    }

    fn required<'a>(&'a self, c: &'a Collection) -> impl Iterator<Item = &'a FieldDef> {
        c.all_fields(&self.schema.common).filter(|f| f.required)
    }

    /// Rules beyond the type: summary length, SDG range, language tags.
    /// `v`: the value, when its type was right (the SDG range is checked on
    /// each item either way).
    pub(super) fn extra_checks(
        &self,
        path: &str,
        def: &FieldDef,
        node: &Node,
        v: Option<&Value>,
        diags: &mut Diagnostics,
    ) {
        match (def.name.as_str(), v) {
            ("title", Some(Value::Str(s))) if s.chars().count() > MAX_TITLE_CHARS => {
                let n = s.chars().count();
                diags.push(
                    Diagnostic::error(path, node.pos, format!("the title is {n} characters long, over the limit of {MAX_TITLE_CHARS}"))
                        .with_help("shorten it to what a heading and a citation need; details belong in the summary"),
                );
            }
            // A review in the future would keep the record from ever going stale.
            ("updated", Some(Value::Date(d))) if *d > self.today => {
                diags.push(
                    Diagnostic::warning(
                        path,
                        node.pos,
                        format!("`updated` is {d}, after today ({})", self.today),
                    )
                    .with_help("set it to the day the record was last checked against its sources"),
                );
            }
            ("summary", Some(Value::Str(s))) => {
                let n = s.chars().count();
                if n > MAX_SUMMARY_CHARS {
                    diags.push(
                        Diagnostic::error(path, node.pos, format!("the summary is {n} characters long, over the limit of {MAX_SUMMARY_CHARS}"))
                            .with_help("shorten it to two or three sentences; details belong in the body"),
                    );
                }
            }
            ("sdgs", _) => {
                // The items as read, or (when the list was refused for another
                // mistake) each item written as a whole number.
                let items = seq_items(node);
                let numbers: Vec<(i64, Pos)> = match v {
                    Some(Value::List(values)) => values
                        .iter()
                        .zip(items.iter())
                        .filter_map(|(v, n)| match v {
                            Value::Int(i) => Some((*i, n.pos)),
                            _ => None,
                        })
                        .collect(),
                    _ => items
                        .iter()
                        .filter_map(|n| match n.kind {
                            NodeKind::Int(i) => Some((i, n.pos)),
                            NodeKind::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                                Some((f as i64, n.pos))
                            }
                            _ => None,
                        })
                        .collect(),
                };
                for (n, pos) in numbers {
                    if !(1..=17).contains(&n) {
                        diags.push(
                            Diagnostic::error(
                                path,
                                pos,
                                format!("{n} in `sdgs` is not a Sustainable Development Goal"),
                            )
                            .with_help("SDGs are numbered 1 to 17"),
                        );
                    }
                }
            }
            ("language", Some(Value::Str(l))) => {
                if let Some(d) = super::language::check(path, node.pos, l) {
                    diags.push(d);
                }
            }
            ("year", Some(Value::Int(y))) if !(1000..=9999).contains(y) => diags.push(
                Diagnostic::error(
                    path,
                    node.pos,
                    format!("{y} in `year` is not a four-digit year"),
                )
                .with_help("write the year in full, e.g. 2023"),
            ),
            _ => {}
        }
    }
}

/// What a front-matter key of Hugo, Zola or Jekyll is here, for a page
/// migrated with its keys: `lastmod` is `updated`, `tags` a taxonomy's
/// field, `slug` the file's name.
fn migrated_key(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "lastmod" | "last_modified" | "modified" | "updated_at" => {
            "the date a record was last changed is `updated` here (`updated: 2024-03-01`)"
        }
        "description" => {
            "a record's short text is `summary` here (plain text, at most 400 characters)"
        }
        "tags" | "categories" | "keywords" | "taxonomies" => {
            "terms are a taxonomy's field here (`topics: [trade]`, the terms declared in \
             content/_taxonomies.yaml); declare a field of your own under `fields` for another"
        }
        "slug" | "permalink" | "url_path" | "url" | "path" => {
            "a record's address is its id, its file's name: rename the file or set `id:`, and \
             keep the old address working with `aliases: [old/path/]`"
        }
        "weight" => "listings follow the collection's `sort` (in its _collection.yaml)",
        "resources" => {
            "files a record shows are published beside its page from a page bundle (the record \
             as `ID/index.md`, its files beside it, `![Map](map.png)`), or from static/"
        }
        "publishdate" | "publish_date" | "expirydate" | "expiry_date" | "pubdate" => {
            "a record's date is `date` (and `updated`); every record that passes `check` is \
             published, and `draft: true` keeps one back"
        }
        "translationkey" | "translation_key" => {
            "a translation is paired with its record by its file's name: `ID.LANG.md` beside `ID.md`"
        }
        "toc" | "iscjklanguage" | "markup" | "outputs" | "sitemap" | "render"
        | "in_search_index" => {
            "every record's page is made by the theme's record.html, in the record's `language`: \
             remove it"
        }
        "layout" | "template" => "every record of a collection is shown by the theme's record.html",
        "extra" | "params" => {
            "give each value a field of its own, declared under `fields` in \
                               the collection's _collection.yaml"
        }
        _ => return None,
    })
}

/// Whether a body's address names a file on its author's computer: a
/// `file:` URL, a Windows drive (`C:\`, `c:/`) or a network share (`\\host`).
fn is_local_file(address: &str) -> bool {
    let a = address.trim();
    let b = a.as_bytes();
    a.get(..5).is_some_and(|s| s.eq_ignore_ascii_case("file:"))
        || a.starts_with("\\\\")
        || (b.len() > 2
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'\\' | b'/'))
}

#[cfg(test)]
mod tests {
    use super::is_local_file;

    #[test]
    fn files_on_the_authors_computer_are_told_apart() {
        for a in [
            "C:\\Users\\jdoe\\map.png",
            "c:/x.png",
            "file:///home/a/x.png",
            "FILE:x",
            "\\\\srv\\x.png",
        ] {
            assert!(is_local_file(a), "{a}");
        }
        for a in ["javascript:alert(1)", "data:image/png;base64,x", "ftp://x", "tel:+1", "a:b"] {
            assert!(!is_local_file(a), "{a}");
        }
    }
}
