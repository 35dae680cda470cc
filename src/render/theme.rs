//! The theme: tera templates plus static assets.
//!
//! The built-in theme (`themes/default/`) is compiled into the binary; a
//! site's `themes/NAME/` (when `[build] theme = "NAME"`) overrides or adds
//! files one by one, as mdBook's theme folder does. Loading is the only
//! part of rendering that reads the file system.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use tera::Tera;

use crate::config::Project;
use crate::output::OutputFile;

use super::filters;

/// The folder of a theme that holds files copied as they are.
pub const ASSETS: &str = "assets";

// The built-in theme, file by file. A new file in themes/default/ must be
// listed here to be compiled in.
macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)))),*]
    };
}

static DEFAULT_FILES: &[(&str, &[u8])] = embed![
    "base.html",
    "macros.html",
    "index.html",
    "collection.html",
    "record.html",
    "taxonomy.html",
    "term.html",
    "country.html",
    "404.html",
    // search: the page; its script is search/search.js, written minified
    // with the browser index (search::browser::files).
    "search.html",
    "assets/style.css",
    "assets/filter.js",
];

/// Where a theme file came from, for error messages.
#[derive(Debug, Clone)]
enum Origin {
    BuiltIn,
    Site(String),
}

impl Origin {
    fn describe(&self, name: &str) -> String {
        match self {
            Origin::BuiltIn => format!("built-in theme file `{name}`"),
            Origin::Site(path) => format!("`{path}`"),
        }
    }
}

/// A loaded theme: compiled templates and assets.
pub struct Theme {
    tera: Tera,
    templates: BTreeMap<String, Origin>,
    /// Each template's source, to tell what a theme edit changed.
    sources: BTreeMap<String, String>,
    assets: BTreeMap<String, Vec<u8>>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("templates", &self.templates.keys().collect::<Vec<_>>())
            .field("assets", &self.assets.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Theme {
    /// The built-in theme with the project's theme folder (if any) laid
    /// over it. Every template is compiled here, once; a template that does
    /// not parse, or extends or imports one that does not exist, is an
    /// error naming its file.
    pub fn load(project: &Project) -> Result<Theme> {
        let mut files: BTreeMap<String, (Vec<u8>, Origin)> = DEFAULT_FILES
            .iter()
            .map(|(name, bytes)| ((*name).to_owned(), (bytes.to_vec(), Origin::BuiltIn)))
            .collect();
        if let Some(dir) = &project.theme_dir {
            for (name, bytes) in read_theme_dir(&project.root, dir)? {
                let shown = crate::diag::rel_path(&project.root, &dir.join(&name));
                files.insert(name, (bytes, Origin::Site(shown)));
            }
        }
        Theme::from_files(files)
    }

    /// The built-in theme alone.
    pub fn built_in() -> Result<Theme> {
        Theme::from_files(
            DEFAULT_FILES
                .iter()
                .map(|(name, bytes)| ((*name).to_owned(), (bytes.to_vec(), Origin::BuiltIn)))
                .collect(),
        )
    }

    fn from_files(files: BTreeMap<String, (Vec<u8>, Origin)>) -> Result<Theme> {
        let mut sources: Vec<(String, String)> = Vec::new();
        let mut templates = BTreeMap::new();
        let mut by_name = BTreeMap::new();
        let mut assets = BTreeMap::new();
        for (name, (bytes, origin)) in files {
            if let Some(asset) = name.strip_prefix("assets/") {
                assets.insert(asset.to_owned(), bytes);
                continue;
            }
            let text = String::from_utf8(bytes)
                .map_err(|_| anyhow!("{} is not valid UTF-8", origin.describe(&name)))?;
            // Parse each template alone first so that a syntax error names
            // the file it is in.
            tera::Template::new(&name, None, &text)
                .map_err(|e| anyhow!(chain(&e)))
                .with_context(|| format!("theme template {} is broken", origin.describe(&name)))?;
            by_name.insert(name.clone(), text.clone());
            sources.push((name.clone(), text));
            templates.insert(name, origin);
        }
        let mut tera = Tera::default();
        filters::register(&mut tera);
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_templates(sources)
            .map_err(|e| anyhow!(chain(&e)))
            .context("the theme's templates do not fit together")?;
        Ok(Theme { tera, templates, sources: by_name, assets })
    }

    /// The templates whose source differs in `other`; `None` when the two
    /// have different templates (one added or removed: pages may come or
    /// go, so everything is rendered again).
    pub fn changed_templates(&self, other: &Theme) -> Option<BTreeSet<String>> {
        if !self.sources.keys().eq(other.sources.keys()) {
            return None;
        }
        Some(
            self.sources
                .iter()
                .zip(other.sources.values())
                .filter(|((_, a), b)| a != b)
                .map(|((name, _), _)| name.clone())
                .collect(),
        )
    }

    /// `template` and every template it extends, includes or imports, at
    /// any depth: what rendering it reads. Read from the sources (tera
    /// takes only string literals there), so a name in a comment or a raw
    /// block counts too, which only means rendering more than needed.
    pub fn dependencies(&self, template: &str) -> BTreeSet<String> {
        static TAG: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
        let tag = TAG.get_or_init(|| {
            regex::Regex::new(
                r#"\{%-?\s*(?:extends|include|import)\s+(\[[^\]]*\]|"[^"]*"|'[^']*')"#,
            )
            .ok()
        });
        let mut seen = BTreeSet::new();
        let mut todo = vec![template.to_owned()];
        while let Some(name) = todo.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let (Some(source), Some(tag)) = (self.sources.get(&name), tag) else { continue };
            for m in tag.captures_iter(source) {
                let names = m.get(1).map_or("", |g| g.as_str());
                for quoted in names.split(',') {
                    let n = quoted.trim().trim_matches(|c| c == '[' || c == ']').trim();
                    let n = n.trim_matches(|c| c == '"' || c == '\'');
                    if !n.is_empty() {
                        todo.push(n.to_owned());
                    }
                }
            }
        }
        seen
    }

    /// Whether the theme has a template of that name (`search.html`).
    pub fn has_template(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }

    /// Renders one template. Errors carry tera's whole explanation.
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String> {
        if !self.has_template(template) {
            bail!("the theme has no template `{template}`");
        }
        self.tera.render(template, context).map_err(|e| {
            let origin = self.templates.get(template).cloned().unwrap_or(Origin::BuiltIn);
            anyhow!("{} ({})", chain(&e), origin.describe(template))
        })
    }

    /// The theme's assets as output files under `assets/`, in path order.
    pub fn assets(&self) -> Vec<OutputFile> {
        self.assets
            .iter()
            .map(|(name, bytes)| OutputFile::new(format!("{ASSETS}/{name}"), bytes.clone()))
            .collect()
    }
}

// tera puts the useful part (line, column, what was expected) in the
// error's sources; keep them all on one line.
fn chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// The files of a site's theme folder, by `/`-separated relative path:
/// `.html` templates anywhere outside `assets/`, and every file inside it.
/// Hidden files (editor swap files, `.DS_Store`) are skipped. Symlinks are
/// followed only where they resolve inside the project `root`: a theme
/// file linked from outside would publish that file.
fn read_theme_dir(root: &Path, dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let confined = crate::confine::Root::new(root)
        .with_context(|| format!("cannot resolve the project folder `{}`", root.display()))?;
    let mut out = Vec::new();
    let mut refused = Vec::new();
    let walker =
        walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(
            |e| {
                if e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                    return false;
                }
                if e.path_is_symlink()
                    && let Err(why) = confined.resolve(e.path())
                {
                    refused.push(format!("`{}` ({why})", crate::diag::rel_path(root, e.path())));
                    return false;
                }
                true
            },
        );
    let entries: Vec<_> = walker.collect();
    if !refused.is_empty() {
        bail!(
            "the theme has symbolic links that are not followed: {}; Compendium reads nothing \
             outside the project folder: replace each link with the file itself, or remove it",
            refused.join(", ")
        );
    }
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read the theme `{}`", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let Some(name) = rel
            .components()
            .map(|c| c.as_os_str().to_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(|parts| parts.join("/"))
        else {
            bail!("theme file `{}` has a name that is not valid UTF-8", entry.path().display());
        };
        let is_asset = name.starts_with("assets/");
        if !is_asset && !name.ends_with(".html") {
            continue;
        }
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("cannot read `{}`", entry.path().display()))?;
        out.push((name, bytes));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(files: &[(&str, &str)]) -> Result<Theme> {
        let mut all: BTreeMap<String, (Vec<u8>, Origin)> = DEFAULT_FILES
            .iter()
            .map(|(n, b)| ((*n).to_owned(), (b.to_vec(), Origin::BuiltIn)))
            .collect();
        for (n, t) in files {
            all.insert(
                (*n).to_owned(),
                (t.as_bytes().to_vec(), Origin::Site(format!("themes/x/{n}"))),
            );
        }
        Theme::from_files(all)
    }

    #[test]
    fn built_in_theme_compiles() {
        let t = Theme::built_in().unwrap();
        assert!(t.has_template("record.html"));
        assert!(t.assets().iter().any(|a| a.path == "assets/style.css"));
    }

    #[test]
    fn broken_template_names_its_file() {
        let e = with(&[("record.html", "{% if %}")]).unwrap_err();
        let msg = format!("{e:#}");
        assert!(msg.contains("themes/x/record.html"), "{msg}");
    }

    #[test]
    fn missing_parent_is_an_error() {
        let e = with(&[("extra.html", "{% extends \"nope.html\" %}")]).unwrap_err();
        assert!(format!("{e:#}").contains("nope.html"), "{e:#}");
    }

    #[test]
    fn dependencies_follow_extends_includes_and_imports() {
        let t = with(&[
            ("record.html", "{% extends \"page.html\" %}{% block main %}x{% endblock main %}"),
            ("page.html", "{%- extends 'base.html' -%}{% import \"macros.html\" as m %}{% block main %}{% endblock main %}"),
            ("aside.html", "aside"),
            ("term.html", "{% extends \"base.html\" %}{% block main %}{% include [\"aside.html\", \"none.html\"] ignore missing %}{% endblock main %}"),
        ])
        .unwrap();
        let deps = t.dependencies("record.html");
        for n in ["record.html", "page.html", "base.html", "macros.html"] {
            assert!(deps.contains(n), "{n} in {deps:?}");
        }
        assert!(!deps.contains("aside.html"));
        assert!(t.dependencies("term.html").contains("aside.html"));
        let same = with(&[]).unwrap();
        let edited = with(&[("aside.html", "new")]).unwrap();
        assert_eq!(same.changed_templates(&same), Some(BTreeSet::new()));
        assert_eq!(
            Theme::built_in().unwrap().changed_templates(&edited),
            None,
            "a template added: not an edit"
        );
        let t2 = with(&[("aside.html", "old")]).unwrap();
        assert_eq!(t2.changed_templates(&edited), Some(["aside.html".to_owned()].into()));
    }
}
