//! Translation files (`ID.LANG.md`, `ID.LANG.yaml` beside the original):
//! their fields checked like a record's, then each attached to its original.
//!
//! A translation holds only what is written in a language: `title`,
//! `summary`, the collection's `string` and `text` fields, and the body.
//! Everything else (countries, terms, dates, references, sources) is a fact
//! of the record whatever the language, so it may only be set once, in the
//! original: a second copy would drift.

use std::collections::BTreeMap;
use std::path::Path;

use super::Ctx;
use crate::config::Project;
use crate::core::diag::{Diagnostic, Diagnostics, Pos, did_you_mean};
use crate::core::yaml::NodeKind;
use crate::load::RawRecord;
use crate::model::{Collection, FieldDef, Key, Record, RecordFormat, Translation};

/// `(base, lang)` when a record file's stem names a translation
/// (`eu-gdpr.fr` → `("eu-gdpr", "fr")`): a dot, then a language tag.
pub fn split_stem(stem: &str) -> Option<(&str, &str)> {
    let (base, lang) = stem.rsplit_once('.')?;
    // Only 2-3 letter languages: `report.final` is a mistyped id, not a
    // translation into the (well-formed but unused) tag `final`.
    let primary = lang.split('-').next().unwrap_or("");
    (!base.is_empty() && primary.len() <= 3 && crate::core::rules::is_language_tag(lang))
        .then_some((base, lang))
}

/// A translation file, checked but not yet attached.
#[derive(Debug)]
pub struct Parsed {
    /// The collection.
    pub collection: String,
    /// Its folder and the stem of the original it names (`content/x`, `eu-gdpr`).
    pub dir: String,
    /// The original's file stem.
    pub base: String,
    /// The translation, with the language as the file name spells it.
    pub translation: Translation,
}

impl Ctx<'_> {
    /// `raw` (whose stem is `base.lang`) checked as a translation.
    pub(super) fn translation(
        &self,
        raw: &RawRecord,
        body: Option<String>,
        (base, lang): (&str, &str),
        project: &Project,
        diags: &mut Diagnostics,
    ) -> Option<Parsed> {
        let collection = self.schema.collections.get(&raw.collection)?;
        let path = raw.path.as_str();
        let before = diags.error_count();
        let site_lang = project
            .config
            .book
            .languages()
            .into_iter()
            .find(|l| l.eq_ignore_ascii_case(lang))
            .map(str::to_owned);
        if site_lang.is_none() {
            let site = project.config.book.languages();
            let meant = crate::core::lang::meant_site_language(lang, &site);
            let langs = site.join("\", \"");
            diags.push(
                Diagnostic::error(
                    path,
                    Pos::START,
                    format!(
                        "`{}` is a translation into `{lang}`, which is not one of the site's languages",
                        file_name(path)
                    ),
                )
                .with_help(match meant {
                    // Another variety (`zh-Hans` beside `zh-Hant`): renaming it
                    // would publish it as the other.
                    Some(m) if crate::core::lang::is_other_variety(lang, m) =>
                    {
                        format!(
                            "add \"{lang}\" to `languages` in book.toml's [book] (now \"{langs}\"); rename it `{base}.{m}.{}` only if its text is written in `{m}`",
                            ext(path)
                        )
                    }
                    Some(m) => format!("did you mean `{base}.{m}.{}`? Rename the file", ext(path)),
                    None => format!(
                        "add \"{lang}\" to `languages` in book.toml's [book] (now \"{langs}\"), or rename the file"
                    ),
                }),
            );
        }
        let mut fields = crate::model::Fields::new();
        let mut text_body = body;
        let mc = crate::schema::mapping::MapCheck { path, what: "a translation" };
        for (name, node, kpos) in mc.entries(&raw.fields, diags) {
            match name {
                "body" if raw.format == RecordFormat::Yaml => match &node.kind {
                    NodeKind::Str(s) => text_body = Some(s.clone()),
                    NodeKind::Null => {}
                    _ => diags.push(
                        Diagnostic::error(path, node.pos, format!("`body` must be Markdown text, not {}", node.type_name()))
                            .with_help("write `body: |` and the Markdown indented below it"),
                    ),
                },
                "body" => diags.push(
                    Diagnostic::error(path, kpos, "`body` in front matter: a Markdown translation's body is the text after the front matter")
                        .with_help("move the text below the closing `---` line"),
                ),
                "id" | "language" => diags.push(
                    Diagnostic::error(path, kpos, format!("`{name}` cannot be set in a translation: it comes from the file name `{}`", file_name(path)))
                        .with_help(format!("remove `{name}` here; the file `{base}.{lang}.*` translates record `{base}` into `{lang}`")),
                ),
                _ => match collection.field(name, &self.schema.common) {
                    Some(def) if def.translatable() => {
                        let v = self.value(path, &optional(def), &def.ty, node, diags);
                        // Also when the value is refused for another reason,
                        // so that every mistake of a list shows in one run.
                        self.extra_checks(path, def, node, v.as_ref(), diags);
                        if let Some(v) = v {
                            fields.insert(name, v);
                        }
                    }
                    Some(_) => diags.push(
                        Diagnostic::error(path, kpos, format!("`{name}` cannot be translated: it is the same in every language"))
                            .with_help(format!(
                                "set `{name}` in the original `{base}` record and remove it here; a translation holds only {}",
                                translatable_names(collection, self)
                            )),
                    ),
                    None => {
                        let names = translatable_list(collection, self);
                        let help = match did_you_mean(name, names.iter().map(String::as_str)) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!("a translation holds only {}", translatable_names(collection, self)),
                        };
                        diags.push(
                            Diagnostic::error(path, kpos, format!("unknown field `{name}` in a translation"))
                                .with_help(help),
                        );
                    }
                },
            }
        }
        if let Some(b) = &text_body {
            self.check_body_nesting(raw, b, diags);
        }
        if diags.error_count() > before {
            return None;
        }
        fields.shrink_to_fit();
        let dir = Path::new(path).parent().map(|p| p.to_string_lossy().replace('\\', "/"));
        Some(Parsed {
            collection: raw.collection.clone(),
            dir: dir.unwrap_or_default(),
            base: base.to_owned(),
            translation: Translation {
                lang: site_lang?,
                path: raw.path.clone(),
                format: raw.format,
                fields,
                body: text_body.filter(|b| !b.trim().is_empty()).map(|b| self.bodies.of(&b)),
                body_links: self.take_body_links(&Key::new(&raw.collection, base)),
            },
        })
    }
}

/// A translated field is never required: what is missing comes from the
/// original.
fn optional(def: &FieldDef) -> FieldDef {
    FieldDef { required: false, ..def.clone() }
}

fn translatable_list(collection: &Collection, ctx: &Ctx<'_>) -> Vec<String> {
    let mut names: Vec<String> = collection
        .all_fields(&ctx.schema.common)
        .filter(|d| d.translatable())
        .map(|d| d.name.clone())
        .collect();
    names.push("body".into());
    names
}

fn translatable_names(collection: &Collection, ctx: &Ctx<'_>) -> String {
    translatable_list(collection, ctx)
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Attaches each translation to its original: the record whose file has the
/// translation's base name in the same folder, else the record of that id
/// in the collection. `originals` are every record file's (folder, stem)
/// seen, valid or not, so that a translation of a broken record is not
/// called an orphan (the original's own errors say what is wrong).
pub fn attach(
    parsed: Vec<Parsed>,
    records: &mut BTreeMap<Key, Record>,
    originals: &[(String, String)],
    content: &Path,
    diags: &mut Diagnostics,
) {
    let mut by_file: BTreeMap<(String, String), Key> = BTreeMap::new();
    for r in records.values() {
        let p = Path::new(&r.path);
        let dir = p.parent().map(|d| d.to_string_lossy().replace('\\', "/")).unwrap_or_default();
        // A bundle's `index.fr.md` names its original by the folder, as
        // the original's own `index.md` is named.
        let stem = crate::load::record_stem(&content.join(&*r.key.collection), p);
        by_file.insert((dir, stem), r.key.clone());
    }
    for p in parsed {
        let t = p.translation;
        // `ok.fr.ar.md`: its "original" `ok.fr` is a translation file,
        // which the orphan check below counts as a record file seen.
        if let Some((original, via)) = split_stem(&p.base) {
            diags.push(
                Diagnostic::error(
                    &t.path,
                    Pos::START,
                    format!(
                        "`{}` translates `{}`, which is itself a translation (into `{via}`)",
                        file_name(&t.path),
                        p.base
                    ),
                )
                .with_help(format!(
                    "a translation translates the original: name it `{original}.{}.{}`",
                    t.lang,
                    ext(&t.path)
                )),
            );
            continue;
        }
        let key = by_file
            .get(&(p.dir.clone(), p.base.clone()))
            .cloned()
            .or_else(|| Some(Key::new(&p.collection, &p.base)).filter(|k| records.contains_key(k)));
        let Some(record) = key.and_then(|k| records.get_mut(&k)) else {
            diags.extend(orphan(&t.path, originals));
            continue;
        };
        if crate::core::lang::covers(&t.lang, &record.language) {
            diags.push(
                Diagnostic::error(
                    &t.path,
                    Pos::START,
                    format!(
                        "`{}` translates `{}` into `{}`, the language the record is written in",
                        file_name(&t.path),
                        record.key,
                        t.lang
                    ),
                )
                .with_help(format!(
                    "edit {} itself, or set its `language` to the language it is written in",
                    record.path
                )),
            );
            continue;
        }
        if let Some(first) = record.translations.get(&t.lang) {
            diags.push(
                Diagnostic::error(
                    &t.path,
                    Pos::START,
                    format!(
                        "`{}` is a second translation of `{}` into `{}`",
                        file_name(&t.path),
                        record.key,
                        t.lang
                    ),
                )
                .with_help(format!("keep one of {} and {}", first.path, t.path)),
            );
            continue;
        }
        record.translations.insert(t.lang.clone(), t);
    }
}

/// The error of a translation file `path` that does not check when
/// another of `all` translates the same file into the same language
/// (`x.fr.md` and `x.FR.yaml`): said with its own errors, not once they
/// are mended.
pub(super) fn same_name(path: &str, all: &[String]) -> Option<Diagnostic> {
    let named = |p: &str| {
        let (dir, file) = p.rsplit_once('/').unwrap_or(("", p));
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        let (base, lang) = split_stem(stem)?;
        Some((dir.to_owned(), base.to_owned(), lang.to_ascii_lowercase()))
    };
    let me = named(path)?;
    let other = all.iter().find(|p| *p != path && named(p).as_ref() == Some(&me))?;
    Some(
        Diagnostic::error(
            path,
            Pos::START,
            format!("`{}` is a second translation of `{}` into `{}`", file_name(path), me.1, me.2),
        )
        .with_help(format!("keep one of {other} and {path}")),
    )
}

/// The error of translation file `path` (`content/x/ID.LANG.md`) when no
/// record file `ID` sits beside it, valid or not (a broken original's own
/// errors say what is wrong). Asked of every translation file, with
/// errors of its own or not, so that one run says it.
pub(super) fn orphan(path: &str, originals: &[(String, String)]) -> Option<Diagnostic> {
    let p = Path::new(path);
    let dir = p.parent().map(|d| d.to_string_lossy().replace('\\', "/")).unwrap_or_default();
    let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let (base, lang) = split_stem(&stem)?;
    if originals.iter().any(|(d, s)| *d == dir && s == base) {
        return None;
    }
    let here: Vec<&str> = originals
        .iter()
        .filter(|(d, _)| *d == dir)
        .map(|(_, s)| s.as_str())
        .filter(|s| split_stem(s).is_none())
        .collect();
    // The original under a name that is no id (`Kenya Data Act 2019.md`,
    // from a spreadsheet's titles): that file, not a record whose id only
    // starts alike.
    let misnamed = here.iter().find(|s| *s != &base && crate::markdown::slug(s) == base);
    // Near only in a letter or two: long ids that share a prefix
    // (`arg-argentina-electronic-…`) are other records.
    let near = did_you_mean(base, here.iter().copied())
        .filter(|s| strsim::levenshtein(base, s) <= 2.max(base.chars().count() / 10));
    let help = match (misnamed, near) {
        (Some(s), _) => format!(
            "its original is the file `{s}` beside it, whose name is no id: rename that file \
             `{base}`, keeping its extension"
        ),
        (None, Some(s)) => format!(
            "did you mean `{s}.{lang}.{}`? A translation `ID.LANG.md` sits beside its original `ID.md` or `ID.yaml`",
            ext(path)
        ),
        (None, None) => format!(
            "a translation `ID.LANG.md` sits beside its original `ID.md` or `ID.yaml`: add `{dir}/{base}.md`, or rename or remove this file"
        ),
    };
    Some(
        Diagnostic::error(
            path,
            Pos::START,
            format!(
                "`{}` translates `{base}`, but there is no record `{base}` beside it",
                file_name(path)
            ),
        )
        .with_help(help),
    )
}

fn ext(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or("md")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        assert_eq!(split_stem("eu-gdpr.fr"), Some(("eu-gdpr", "fr")));
        assert_eq!(split_stem("a.zh-Hant"), Some(("a", "zh-Hant")));
        assert_eq!(split_stem("a.b.es-419"), Some(("a.b", "es-419")));
        assert_eq!(split_stem("eu-gdpr"), None);
        assert_eq!(split_stem(".fr"), None);
        assert_eq!(split_stem("a.1"), None);
        assert_eq!(split_stem("report.final"), None);
    }
}
