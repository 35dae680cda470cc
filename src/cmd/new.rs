//! `compendium new COLLECTION TITLE`: a record file with every required
//! field stubbed and the optional ones listed as comments.

use std::path::Path;

use crate::cmd::{CONTENT_ERROR, OK, USAGE};
use crate::diag::{Diagnostics, did_you_mean};
use crate::markdown::slug;
use crate::model::{FieldDef, FieldType, Schema};
use crate::{load, schema};

/// Writes `content/COLLECTION/ID.md` and prints its path.
pub fn run(root: &Path, collection: &str, title: &str) -> u8 {
    let Ok(project) = super::load_project(root) else { return CONTENT_ERROR };
    let mut diags = Diagnostics::new();
    let loaded = load::scan(&project, &mut Diagnostics::new());
    let s = schema::build(&loaded, &mut diags);
    let Some(c) = s.collections.get(collection) else {
        let hint = did_you_mean(collection, s.collections.keys().map(String::as_str))
            .map(|n| format!("did you mean `{n}`?"))
            .unwrap_or_else(|| {
                format!(
                    "collections: {}",
                    s.collections.keys().cloned().collect::<Vec<_>>().join(", ")
                )
            });
        eprintln!("error: there is no collection `{collection}`\n  help: {hint}");
        return USAGE;
    };
    let id = slug(title);
    if id.is_empty() || title.trim().is_empty() {
        eprintln!("error: the title must contain letters or digits, to make the record's id");
        return USAGE;
    }
    let dir = project.content_dir.join(&c.name);
    let path = dir.join(format!("{id}.md"));
    let taken = ["md", "yaml", "yml"].iter().any(|e| dir.join(format!("{id}.{e}")).exists());
    if taken {
        eprintln!(
            "error: a record `{}/{id}` already exists\n  help: choose another title, or edit {}",
            c.name,
            crate::diag::rel_path(&project.root, &path)
        );
        return CONTENT_ERROR;
    }
    let text = stub(&s, c, title);
    if let Err(e) = crate::output::atomic_write(&path, text.as_bytes()) {
        eprintln!("error: {e:#}");
        return CONTENT_ERROR;
    }
    println!("{}", crate::diag::rel_path(&project.root, &path));
    OK
}

fn stub(s: &Schema, c: &crate::model::Collection, title: &str) -> String {
    let own: Vec<&str> = c.fields.iter().map(|f| f.name.as_str()).collect();
    let fields: Vec<&FieldDef> = s
        .common
        .iter()
        .filter(|f| !own.contains(&f.name.as_str()))
        .chain(c.fields.iter())
        .collect();
    let today = jiff::ZonedDateTime::now().date();
    let mut out = String::from("---\n");
    // JSON strings are valid YAML double-quoted scalars.
    out.push_str(&format!("title: {}\n", serde_json::to_string(title).unwrap_or_default()));
    for f in fields.iter().filter(|f| f.required && f.name != "title") {
        out.push_str(&format!(
            "{}: {}  # required: {}\n",
            f.name,
            placeholder(&f.ty),
            f.ty.describe()
        ));
    }
    out.push_str(&format!("updated: {today}\n"));
    for f in fields.iter().filter(|f| !f.required && f.name != "updated") {
        out.push_str(&format!("# {}: {}\n", f.name, f.ty.describe()));
    }
    out.push_str("# sources:\n#   - {title: …, url: …, publisher: …, date: YYYY-MM-DD, locator: paragraph N}\n");
    out.push_str("---\n\nWrite the body in Markdown here.\n");
    out
}

fn placeholder(ty: &FieldType) -> String {
    match ty {
        FieldType::List(_) => "[]".into(),
        FieldType::Bool => "false".into(),
        _ => "\"\"".into(),
    }
}
