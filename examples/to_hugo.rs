//! Writes a Compendium site's records as a Hugo site, so benchmarks can time
//! Hugo on exactly the same content (see BENCHMARKS.md).
//!
//! `cargo run --release --example to_hugo -- SITE OUTDIR` loads SITE with
//! Compendium's own pipeline and writes `OUTDIR/hugo.toml`,
//! `OUTDIR/content/COLLECTION/ID.md` (title, summary, date, every taxonomy
//! term and country as Hugo taxonomies, the Markdown body) and a minimal
//! theme in `OUTDIR/layouts/` that renders what Compendium renders: a page
//! per record with its fields, a listing per collection, a page per term
//! and a list of terms per taxonomy. Hugo builds no search index.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use compendium::model::{FieldType, Value};

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).unwrap_or_else(|e| panic!("mkdir {}: {e}", p.display()));
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// A YAML scalar: JSON strings are valid YAML double-quoted scalars.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

const BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title><link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer></body></html>
"#;

const SINGLE: &str = r#"{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p class="summary">{{ .Summary }}</p>
<dl>{{ range $name, $terms := .Params.facets }}<dt>{{ $name }}</dt><dd>{{ delimit $terms ", " }}</dd>{{ end }}</dl>
<ul class="terms">{{ range $tax, $_ := site.Taxonomies }}{{ range $.GetTerms $tax }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}{{ end }}</ul>
{{ .Content }}</article>{{ end }}
"#;

const LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span>{{ .Params.summary }}</span></li>{{ end }}</ul>{{ end }}
"#;

const TERMS: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
"#;

const HOME: &str = r#"{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ range site.Sections }}<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<ul>{{ range first 10 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}{{ end }}
"#;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: to_hugo SITE OUTDIR");
        std::process::exit(2);
    }
    let out = PathBuf::from(&args[2]);
    let loaded = compendium::pipeline::load(Path::new(&args[1]));
    let Some(site) = loaded.site else {
        eprintln!(
            "{} error(s) in {}; run `compendium check`",
            loaded.diagnostics.error_count(),
            args[1]
        );
        std::process::exit(1);
    };
    for dir in ["content", "layouts", "public", "resources"] {
        let _ = fs::remove_dir_all(out.join(dir));
    }
    // Every term and country field becomes a Hugo taxonomy of the same name.
    let mut taxonomies: BTreeSet<String> = BTreeSet::new();
    for c in site.schema.collections.values() {
        for f in c.fields.iter().chain(&site.schema.common) {
            if matches!(f.ty.scalar(), FieldType::Term(_) | FieldType::Country) {
                taxonomies.insert(f.name.clone());
            }
        }
    }
    let mut config = String::new();
    let _ = writeln!(config, "baseURL = \"/\"\nlanguageCode = \"en\"\ntitle = {}", {
        quoted(&site.project.config.book.title)
    });
    config.push_str("disableKinds = [\"RSS\"]\n[taxonomies]\n");
    for t in &taxonomies {
        let _ = writeln!(config, "{t} = {t:?}");
    }
    write(&out.join("hugo.toml"), &config);
    write(&out.join("layouts/_default/baseof.html"), BASEOF);
    write(&out.join("layouts/_default/single.html"), SINGLE);
    write(&out.join("layouts/_default/list.html"), LIST);
    write(&out.join("layouts/_default/terms.html"), TERMS);
    write(&out.join("layouts/index.html"), HOME);
    write(
        &out.join("static/style.css"),
        "body{font-family:sans-serif;max-width:60em;margin:auto}\n",
    );

    for (name, keys) in &site.listings {
        let c = &site.schema.collections[name];
        write(
            &out.join("content").join(name).join("_index.md"),
            &format!("---\ntitle: {}\n---\n{}\n", quoted(&c.title), c.description),
        );
        for key in keys {
            let r = &site.records[key];
            let mut fm = String::from("---\n");
            let _ = writeln!(fm, "title: {}", quoted(r.title()));
            let _ = writeln!(fm, "summary: {}", quoted(r.summary()));
            if let Some(d) = r.updated() {
                let _ = writeln!(fm, "date: {d}");
            }
            let mut facets = String::new();
            for (field, value) in &r.fields {
                let items: Vec<String> = value.items().iter().map(Value::to_text).collect();
                if taxonomies.contains(field) {
                    let list: Vec<String> = items.iter().map(|s| quoted(s)).collect();
                    let _ = writeln!(fm, "{field}: [{}]", list.join(", "));
                } else if !matches!(field, "title" | "summary" | "body") {
                    let list: Vec<String> = items.iter().map(|s| quoted(s)).collect();
                    let _ = writeln!(facets, "  {field}: [{}]", list.join(", "));
                }
            }
            if !facets.is_empty() {
                let _ = write!(fm, "facets:\n{facets}");
            }
            fm.push_str("---\n\n");
            fm.push_str(&r.body.text());
            fm.push('\n');
            write(&out.join("content").join(&*key.collection).join(format!("{}.md", key.id)), &fm);
        }
    }
    eprintln!(
        "wrote {} pages and {} taxonomies to {}",
        site.records.len(),
        taxonomies.len(),
        out.display()
    );
}
