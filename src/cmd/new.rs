//! `compendium new COLLECTION TITLE`: a record file with every required
//! field stubbed and the optional ones listed as comments.

use std::path::Path;

use crate::cmd::{CONTENT_ERROR, USAGE};
use crate::core::diag::{Diagnostics, did_you_mean};
use crate::markdown::{id_slug, slug};
use crate::model::{Collection, FieldDef, FieldType, Schema};
use crate::{load, schema};

/// Writes `content/COLLECTION/ID.md` (or, with `lang` naming an existing
/// record, its translation `ID.LANG.md`) and prints its path.
pub fn run(root: &Path, collection: &str, title: &str, lang: Option<&str>, id: Option<&str>) -> u8 {
    let Ok(project) = super::load_project(root) else { return CONTENT_ERROR };
    let mut diags = Diagnostics::new();
    let loaded = load::scan(&project, &mut Diagnostics::new());
    let s = schema::build(&loaded, &mut diags);
    let Some(c) = s.collections.get(collection) else {
        let hint = did_you_mean(collection, s.collections.keys().map(String::as_str))
            .map(|n| format!("did you mean `{n}`?"))
            .unwrap_or_else(|| match s.collections.is_empty() {
                // A new site: say how a collection is made.
                true => format!(
                    "a collection is a folder of content/ with a _collection.yaml; create \
                     content/{collection}/_collection.yaml with its `title`, `singular`, \
                     `description` and `fields` (the README's \"Content\" section shows one), \
                     then run this again"
                ),
                false => format!(
                    "collections: {}",
                    s.collections.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            });
        eprintln!("error: there is no collection `{collection}`\n  help: {hint}");
        return USAGE;
    };
    if let Some(l) = lang
        && !crate::core::rules::is_language_tag(l)
    {
        eprintln!(
            "error: `{l}` is not a BCP 47 language tag\n  help: use a tag such as `fr`, `ar`, `zh` or `es-419`"
        );
        return USAGE;
    }
    if !crate::core::rules::is_one_line(title) {
        eprintln!("error: the title has a line break\n  help: give the title on one line");
        return USAGE;
    }
    // What `check` would refuse of the record: not written at all.
    let chars = title.trim().chars().count();
    if chars > crate::core::rules::MAX_TITLE_CHARS {
        eprintln!(
            "error: the title is {chars} characters long, over the limit of {}\n  help: give a shorter title; the record's text goes in its body",
            crate::core::rules::MAX_TITLE_CHARS
        );
        return USAGE;
    }
    let dir = project.content_dir.join(&c.name);
    // A translation's title names its record: a new record would be a
    // duplicate of it (and a new translation a second one).
    if id.is_none()
        && let Some((path, of)) = find_translation(&project, &loaded, c, title)
    {
        eprintln!(
            "error: `{}` is the title of a translation of `{}/{of}`: {path}\n  help: edit that \
             file; to add another record with this title, give it an id with --id",
            title.trim(),
            c.name,
        );
        return CONTENT_ERROR;
    }
    match (lang, find_original(&project, &loaded, c, title)) {
        (Some(l), Some(original)) => return translation(&project, &s, c, &original, l),
        // The same title again, with no id asked for: most likely the
        // record is there already (under another file name).
        // (Found by its title: a title that is an id is `taken_by`'s below.)
        (None, Some(original))
            if id.is_none()
                && original
                    .fields
                    .get("title")
                    .and_then(|n| n.scalar_text())
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case(title.trim())) =>
        {
            eprintln!(
                "error: `{}` already has a record titled `{}`: {}\n  help: edit that file; to translate it: compendium new {} \"{}\" --lang LANG; to add another record with this title, give it an id with --id",
                c.name,
                title.trim(),
                original.path,
                c.name,
                title.trim()
            );
            return CONTENT_ERROR;
        }
        _ => {}
    }
    let id = id.map(str::to_owned).unwrap_or_else(|| shorten(&id_slug(title), MAX_ID_FROM_TITLE));
    if title.trim().is_empty() {
        eprintln!("error: the title is empty\n  help: give the record's title in quotes");
        return USAGE;
    }
    if id.is_empty() {
        // An example in this collection's words, not another's: the
        // collection's singular name and the next free number.
        let stem = shorten(&slug(&c.singular), MAX_ID_FROM_TITLE / 2);
        let stem = if stem.is_empty() { c.name.clone() } else { stem };
        let free = (1..).find(|n| {
            ["md", "yaml", "yml"].iter().all(|x| !dir.join(format!("{stem}-{n}.{x}")).exists())
        });
        eprintln!(
            "error: the title `{title}` gives no id: ids are made of its letters, spelt in Latin, and digits\n  help: give one with --id, a short name in Latin letters, e.g. --id {stem}-{}",
            free.unwrap_or(1)
        );
        return USAGE;
    }
    if id.len() > MAX_ID {
        eprintln!(
            "error: the id `{}…` is {} characters long; file names hold at most {MAX_ID}\n  help: give a shorter one with --id",
            id.chars().take(40).collect::<String>(),
            id.len()
        );
        return USAGE;
    }
    if !crate::core::rules::is_id(&id) {
        eprintln!(
            "error: `{id}` is not a valid record id\n  help: ids use lower-case letters, digits and single hyphens, e.g. `{}`",
            crate::markdown::id_example(&id)
        );
        return USAGE;
    }
    if crate::core::names::is_windows_reserved(&id) {
        eprintln!(
            "error: the id `{id}` is a device name that Windows reserves: the record's folder could not be created there\n  help: give another with --id, e.g. --id {id}-record"
        );
        return USAGE;
    }
    let path = dir.join(format!("{id}.md"));
    if let Some(other) = taken_by(&dir, &id) {
        let path = other;
        let help = match lang {
            // The title did not name it, but its id is taken: perhaps a
            // translation of that record was meant.
            Some(l) => format!(
                "to translate that record: compendium new {} {id} --lang {l}; else give this one another id with --id",
                c.name
            ),
            None => format!(
                "give this one another id with --id, or edit {}",
                crate::core::diag::rel_path(&project.root, &path)
            ),
        };
        eprintln!("error: a record `{}/{id}` already exists\n  help: {help}", c.name);
        return CONTENT_ERROR;
    }
    let text =
        stub(&s, c, title, lang.filter(|l| !l.eq_ignore_ascii_case(&project.config.book.language)));
    write(&project, &path, &text)
}

/// The record file in `dir` or its folders that already has `id`: one named so in any
/// case (`Foo-Bar.md` is the same file as `foo-bar.md` on macOS and
/// Windows), or one that sets it with a top-level `id:` line.
fn taken_by(dir: &std::path::Path, id: &str) -> Option<std::path::PathBuf> {
    use std::io::Read as _;
    // Records in its folders count too (a page bundle's `x/index.md` is `x`).
    let walk = walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name().into_iter();
    let walk = walk.filter_entry(|e| !e.file_name().to_string_lossy().starts_with(['_', '.']));
    let files: Vec<std::path::PathBuf> = walk
        .flatten()
        .filter(|e| e.file_type().is_file() && crate::load::is_record_file(e.path()))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let stem = |p: &std::path::Path| crate::load::record_stem(dir, p).to_lowercase();
    if let Some(p) = files.iter().find(|p| stem(p) == id) {
        return Some(p.clone());
    }
    files.into_iter().find(|p| {
        // Its head is enough: `id:` comes among the first fields.
        let mut head = Vec::new();
        let read = std::fs::File::open(p).and_then(|f| f.take(16 * 1024).read_to_end(&mut head));
        read.is_ok()
            && String::from_utf8_lossy(&head).lines().any(|l| {
                l.strip_prefix("id:")
                    .map(|v| v.trim().trim_matches(|c| c == '"' || c == '\''))
                    .is_some_and(|v| v == id)
            })
    })
}

/// Ids made from a title are cut to this many characters (at a hyphen).
const MAX_ID_FROM_TITLE: usize = 80;
/// The longest id (`check`'s too): its file name must fit the file
/// system's 255 bytes with `.LANG.yaml` after it.
const MAX_ID: usize = crate::core::rules::MAX_ID_BYTES;

/// `id` cut to at most `max` characters, at the last hyphen before the cut.
fn shorten(id: &str, max: usize) -> String {
    if id.len() <= max {
        return id.to_owned();
    }
    let cut = &id[..max];
    cut.rsplit_once('-').map_or(cut, |(head, _)| head).trim_end_matches('-').to_owned()
}

fn write(project: &crate::config::Project, path: &Path, text: &str) -> u8 {
    if let Err(e) = crate::output::atomic_write(path, text.as_bytes()) {
        eprintln!("error: {e:#}");
        return CONTENT_ERROR;
    }
    crate::core::exit::print_out(&format!("{}\n", shown_from_cwd(&project.root, path)))
}

/// `path` as the shell that ran `new` reaches it, so that `$EDITOR
/// "$(compendium --root kb new …)"` opens it: `kb/content/…` from kb's
/// parent, `content/…` inside it, and the whole path from elsewhere.
fn shown_from_cwd(root: &Path, path: &Path) -> String {
    use crate::core::diag::{rel_path, root_prefix};
    let Ok(cwd) = std::env::current_dir() else { return rel_path(root, path) };
    let prefix = root_prefix(root, &cwd);
    let same = root.canonicalize().ok().zip(cwd.canonicalize().ok()).is_some_and(|(r, c)| r == c);
    if prefix.is_empty() && !same {
        let absolute = root.canonicalize().map_or_else(
            |_| path.to_path_buf(),
            |r| r.join(path.strip_prefix(root).unwrap_or(path)),
        );
        return absolute.to_string_lossy().into_owned();
    }
    format!("{prefix}{}", rel_path(root, path))
}

/// The record of `c` that `name` names, by id or by title (case-insensitive):
/// its file and raw fields.
fn find_original(
    project: &crate::config::Project,
    loaded: &load::Loaded,
    c: &Collection,
    name: &str,
) -> Option<load::RawRecord> {
    let want = name.trim();
    loaded.record_files.iter().filter(|(coll, _)| *coll == c.name).find_map(|(_, path)| {
        let stem = path.file_stem()?.to_string_lossy().into_owned();
        if crate::validate::translation::split_stem(&stem).is_some() {
            return None;
        }
        let raw = load::record(project, &c.name, path, &mut Diagnostics::new())?;
        let id = crate::validate::claimed_key(&raw).map(|k| k.id);
        let title = raw.fields.get("title").and_then(|n| n.scalar_text());
        let hit = id.as_deref() == Some(want)
            || title.is_some_and(|t| t.trim().eq_ignore_ascii_case(want));
        hit.then_some(raw)
    })
}

/// The translation file of `c` titled `title` (case aside): its path as
/// diagnostics show it and its record's id.
fn find_translation(
    project: &crate::config::Project,
    loaded: &load::Loaded,
    c: &Collection,
    title: &str,
) -> Option<(String, String)> {
    let want = title.trim();
    loaded.record_files.iter().filter(|(coll, _)| *coll == c.name).find_map(|(_, path)| {
        let stem = path.file_stem()?.to_string_lossy().into_owned();
        let (base, _) = crate::validate::translation::split_stem(&stem)?;
        let raw = load::record(project, &c.name, path, &mut Diagnostics::new())?;
        let t = raw.fields.get("title").and_then(|n| n.scalar_text())?;
        t.trim().eq_ignore_ascii_case(want).then(|| (raw.path.clone(), base.to_owned()))
    })
}

/// Writes the translation stub `ID.LANG.md` beside `original`: each
/// translatable field with the original's text as a comment to translate.
fn translation(
    project: &crate::config::Project,
    s: &Schema,
    c: &Collection,
    original: &load::RawRecord,
    lang: &str,
) -> u8 {
    let book = &project.config.book;
    let Some(site_lang) = book.languages().into_iter().find(|l| l.eq_ignore_ascii_case(lang))
    else {
        let site = book.languages();
        // A site language spelt otherwise (`zh` for `zh-Hans`, `jp` for
        // `ja`, a typo) is suggested as `search --lang` does; another
        // variety of one (`zh-Hant` beside `zh-Hans`) is a language to add.
        let help = match crate::core::lang::meant_site_language(lang, &site) {
            Some(m) if !crate::core::lang::is_other_variety(lang, m) => {
                format!("did you mean `{m}`?")
            }
            _ => format!(
                "add \"{lang}\" to `languages` in book.toml's [book] (now \"{}\")",
                site.join("\", \"")
            ),
        };
        eprintln!("error: `{lang}` is not one of the site's languages\n  help: {help}");
        return USAGE;
    };
    let written_in = original
        .fields
        .get("language")
        .and_then(|n| n.scalar_text())
        .unwrap_or_else(|| book.language.clone());
    if crate::core::lang::covers(site_lang, &written_in) {
        eprintln!(
            "error: `{}` is written in `{written_in}`: it needs no translation into `{site_lang}`\n  help: edit the record itself",
            original.path
        );
        return USAGE;
    }
    let orig_path = project.root.join(&original.path);
    let dir = orig_path.parent().unwrap_or(&project.content_dir);
    let stem = orig_path.file_stem().map(|x| x.to_string_lossy().into_owned()).unwrap_or_default();
    let path = dir.join(format!("{stem}.{site_lang}.md"));
    if ["md", "yaml", "yml"].iter().any(|e| dir.join(format!("{stem}.{site_lang}.{e}")).exists()) {
        eprintln!(
            "error: `{}` already has a translation into `{site_lang}`\n  help: edit {}",
            original.path,
            crate::core::diag::rel_path(&project.root, &path)
        );
        return CONTENT_ERROR;
    }
    let mut out = format!(
        "---\n# The {site_lang} version of {}: translate the text fields; every other field\n# comes from the original. Leave out what you do not translate.\n",
        original.path
    );
    for f in c.all_fields(&s.common).filter(|f| f.translatable()) {
        match original.fields.get(&f.name).and_then(|n| n.scalar_text()) {
            Some(text) => {
                let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
                out.push_str(&format!("{}: \"\"  # {}\n", f.name, one_line));
            }
            None => out.push_str(&format!("# {}: {}\n", f.name, f.ty.describe())),
        }
    }
    out.push_str(&format!("---\n\n{}\n", crate::core::names::NEW_TRANSLATION_BODY));
    write(project, &path, &out)
}

fn stub(s: &Schema, c: &Collection, title: &str, lang: Option<&str>) -> String {
    let fields: Vec<&FieldDef> = c.all_fields(&s.common).collect();
    let today = jiff::ZonedDateTime::now().date();
    let mut out = String::from("---\n");
    // JSON strings are valid YAML double-quoted scalars.
    out.push_str(&format!("title: {}\n", serde_json::to_string(title).unwrap_or_default()));
    if let Some(l) = lang {
        out.push_str(&format!("language: {l}\n"));
    }
    for f in fields.iter().filter(|f| f.required && f.name != "title") {
        out.push_str(&format!(
            "{}: {}  # required: {}\n",
            f.name,
            placeholder(&f.ty),
            f.ty.describe()
        ));
    }
    out.push_str(&format!("updated: {today}\n"));
    for f in fields
        .iter()
        .filter(|f| !f.required && f.name != "updated" && !(lang.is_some() && f.name == "language"))
    {
        out.push_str(&format!("# {}: {}\n", f.name, f.ty.describe()));
    }
    out.push_str("# sources:\n#   - {title: …, url: …, publisher: …, date: YYYY-MM-DD, locator: paragraph N}\n");
    out.push_str(&format!("---\n\n{}\n", crate::core::names::NEW_BODY));
    out
}

fn placeholder(ty: &FieldType) -> String {
    match ty {
        FieldType::List(_) => "[]".into(),
        FieldType::Bool => "false".into(),
        _ => "\"\"".into(),
    }
}
