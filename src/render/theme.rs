//! The theme: tera templates plus static assets.
//!
//! The built-in theme (`themes/default/`) is compiled into the binary; a
//! site's `themes/NAME/` (when `[build] theme = "NAME"`) overrides or adds
//! files one by one, as mdBook's theme folder does. Loading is the only
//! part of rendering that reads the file system.
//!
//! A site theme may also ship `robots.txt` at its top: the site's own,
//! written as it is instead of the one made from `base-url`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use tera::Tera;

use super::i18n::I18n;

use crate::config::Project;
use crate::core::diag::Pos;
use crate::output::OutputFile;

use super::filters;
use super::minify::squeeze;
use super::sandbox;
use super::theme_check;
use super::theme_dir::{read_static_dir, read_theme_dir};
use super::theme_error::{self, FileError, FileErrors, Kind};
use super::theme_refuse::{refuse, templates_overriding};

/// The folder of a theme that holds files copied as they are.
pub const ASSETS: &str = "assets";

/// Where a site theme finds the built-in templates it replaces.
pub const DEFAULT_PREFIX: &str = "default/";

/// The crawler rules a site theme may ship at its top (and the output file).
pub const ROBOTS: &str = "robots.txt";

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
    // Its script is search/search.js, written with the browser index (search::browser).
    "search.html",
    "compare.html",
    // history: "What changed".
    "changes.html",
    "assets/style.css",
    "assets/filter.js",
    "assets/compare.js",
    "assets/cite.js",
    "assets/language-switcher.js",
    "assets/has-js.js",
    "assets/favicon.svg",
    "assets/favicon.ico",
];

/// The asset published at the site root rather than under `assets/`:
/// browsers ask for `/favicon.ico` whatever a page links, and a host that
/// serves the site at its root then answers with the theme's icon.
const AT_ROOT: &[&str] = &["favicon.ico"];

/// Where a theme file came from, for error messages.
#[derive(Debug, Clone)]
pub(super) enum Origin {
    BuiltIn,
    Site(String),
}

impl Origin {
    pub(super) fn describe(&self, name: &str) -> String {
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
    /// The theme's own `robots.txt`, if it ships one.
    robots: Option<Vec<u8>>,
    /// The project's `static/` files, by path from the site's root:
    /// published as they are, after everything else (a file the build
    /// writes too is an error, `build::statics`).
    statics: Vec<(String, Vec<u8>)>,
    i18n: Arc<I18n>,
    /// Record bodies to HTML, leaving the templates' element ids to them.
    markdown: Arc<crate::markdown::Renderer>,
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
        Theme::load_skipping(project, &BTreeSet::new())
    }

    /// [`Theme::load`] without the site theme's files at `skip` (paths
    /// from the project root, as its errors name them): the built-in file
    /// of the same name, if any, stands in; a file of `static/` at `skip`
    /// is left out. `check` renders with it what the files it refused do
    /// not reach.
    pub fn load_skipping(project: &Project, skip: &BTreeSet<String>) -> Result<Theme> {
        let mut files: BTreeMap<String, (Vec<u8>, Origin)> = DEFAULT_FILES
            .iter()
            .map(|(name, bytes)| ((*name).to_owned(), (bytes.to_vec(), Origin::BuiltIn)))
            .collect();
        // Every file's problem in the theme and in `static/`, reported in
        // one run: a fix does not uncover the next.
        let mut refused: Vec<FileError> = Vec::new();
        let root = &project.root;
        let shown = |dir: &std::path::Path| crate::core::diag::rel_path(root, dir);
        if let Some(dir) = &project.theme_dir {
            match read_theme_dir(root, dir, project.config.limits.max_file_bytes) {
                Ok((read, errors)) => {
                    for (name, bytes) in read {
                        let path = shown(&dir.join(&name));
                        if !skip.contains(&path) {
                            files.insert(name, (bytes, Origin::Site(path)));
                        }
                    }
                    refused.extend(errors.into_iter().filter(|e| !skip.contains(&e.path)));
                }
                Err(e) => refused.push(at_folder(&shown(dir), &e)),
            }
            with_defaults(&mut files);
        }
        // Not compiled without a file it holds: the templates that use the
        // file would be reported for its absence.
        let theme = refused.is_empty().then(|| {
            Theme::from_files(
                files,
                project.config.build.minify,
                Some(&project.config.book.language),
            )
        });
        let dir = root.join(crate::config::STATIC_DIR);
        let outputs = [project.build_dir.as_path(), project.index_dir.as_path()];
        let mut statics = Vec::new();
        if dir.is_dir() {
            match read_static_dir(root, &dir, &outputs) {
                Ok((read, errors)) => {
                    statics = read;
                    refused.extend(errors.into_iter().filter(|e| !skip.contains(&e.path)));
                }
                Err(e) => refused.push(at_folder(crate::config::STATIC_DIR, &e)),
            }
        }
        match theme {
            Some(Ok(mut theme)) if refused.is_empty() => {
                theme.statics = statics;
                return Ok(theme);
            }
            Some(Ok(_)) | None => {}
            Some(Err(e)) => {
                let at_files = theme_error::file_errors(&e);
                if refused.is_empty() {
                    return Err(e);
                }
                if at_files.is_empty() {
                    let dir = project.theme_dir.as_deref().map_or_else(String::new, shown);
                    refused.insert(0, at_folder(&dir, &e));
                } else {
                    let at_files: Vec<FileError> = at_files.into_iter().cloned().collect();
                    refused.splice(0..0, at_files);
                }
            }
        }
        Err(FileErrors::into_error(refused))
    }

    /// The project's `static/` files, to publish at these paths under the
    /// site's root.
    pub fn statics(&self) -> Vec<OutputFile> {
        self.statics
            .iter()
            .map(|(name, bytes)| OutputFile::new(name.clone(), bytes.clone()))
            .collect()
    }

    /// The project's theme, loaded as `build` loads it, or what `build`
    /// would refuse of it, as diagnostics for `check`: a theme (and
    /// `static/`) comes in pull requests too, and a contributor's CI runs
    /// `check`. The theme is handed back so that `check` reads `static/`
    /// and compiles the templates once.
    pub fn checked(project: &Project) -> Result<Theme, Vec<crate::core::diag::Diagnostic>> {
        let e = match Theme::load(project) {
            Ok(theme) => return Ok(theme),
            Err(e) => e,
        };
        let files = theme_error::file_errors(&e);
        if !files.is_empty() {
            return Err(files.into_iter().map(FileError::diagnostic).collect());
        }
        let statics = project.root.join(crate::config::STATIC_DIR);
        let dir = project.theme_dir.as_deref().unwrap_or(&statics);
        let shown = crate::core::diag::rel_path(&project.root, dir);
        Err(vec![
            crate::core::diag::Diagnostic::error(
                shown,
                crate::core::diag::Pos::START,
                format!("{e:#}"),
            )
            .with_help(
                "fix the file it names; `build` and `serve` refuse the theme (or `static/`) until then",
            ),
        ])
    }

    /// The built-in theme's file names (`record.html`, `assets/style.css`).
    pub(super) fn built_in_names() -> impl Iterator<Item = &'static str> {
        DEFAULT_FILES.iter().map(|(name, _)| *name)
    }

    /// The bytes of the built-in theme's file `name` (`record.html`,
    /// `assets/style.css`), if it has one.
    pub(super) fn built_in_file(name: &str) -> Option<&'static [u8]> {
        DEFAULT_FILES.iter().find(|(n, _)| *n == name).map(|(_, bytes)| *bytes)
    }

    /// The built-in theme alone (minified, as `[build] minify` is by
    /// default).
    pub fn built_in() -> Result<Theme> {
        Theme::from_files(
            DEFAULT_FILES
                .iter()
                .map(|(name, bytes)| ((*name).to_owned(), (bytes.to_vec(), Origin::BuiltIn)))
                .collect(),
            true,
            None,
        )
    }

    /// `minify`: squeeze each template's layout whitespace here, once (see
    /// [`super::minify`]). Every template of a site theme that is wrong is
    /// reported, not only the first ([`FileErrors`]).
    /// `language`: the site's default language, where strings a page's
    /// language lacks are looked up before English.
    fn from_files(
        files: BTreeMap<String, (Vec<u8>, Origin)>,
        minify: bool,
        language: Option<&str>,
    ) -> Result<Theme> {
        let mut sources: Vec<(String, String)> = Vec::new();
        let mut parsed: Vec<tera::Template> = Vec::new();
        let mut templates = BTreeMap::new();
        let mut by_name = BTreeMap::new();
        let mut assets = BTreeMap::new();
        let mut robots = None;
        let mut refused: Vec<FileError> = Vec::new();
        // The built-in strings first, then the site theme's files key by key.
        let mut i18n = I18n::built_in();
        if let Some(l) = language {
            i18n.set_default_language(l);
        }
        for (name, (bytes, origin)) in files {
            if let Some(asset) = name.strip_prefix("assets/") {
                assets.insert(asset.to_owned(), bytes);
                continue;
            }
            if name == ROBOTS {
                robots = Some(bytes);
                continue;
            }
            if let Some(lang) = i18n_lang(&name) {
                if let Origin::Site(path) = &origin
                    && let Err(e) = overlay_strings(&mut i18n, lang, &bytes, path)
                {
                    refused.push(e);
                }
                continue;
            }
            // A broken template is still a name the others may use: it is
            // not reported again as missing where they do.
            templates.insert(name.clone(), origin.clone());
            let text = match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => match &origin {
                    Origin::Site(path) => {
                        refused.push(FileError::new(
                            path,
                            Pos::START,
                            "the template is not valid UTF-8",
                        ));
                        continue;
                    }
                    Origin::BuiltIn => bail!("{} is not valid UTF-8", origin.describe(&name)),
                },
            };
            // Parse each template alone first so that a syntax error is at
            // the file it is in.
            let template = match tera::Template::new(&name, None, &text) {
                Ok(t) => t,
                Err(e) => match &origin {
                    Origin::Site(path) => {
                        refused.push(FileError::template(path, &chain(&e)));
                        continue;
                    }
                    Origin::BuiltIn => {
                        bail!("theme template {} is broken: {}", origin.describe(&name), chain(&e))
                    }
                },
            };
            parsed.push(template);
            by_name.insert(name.clone(), text.clone());
            let small =
                if minify && name.ends_with(".html") { squeeze(&text) } else { text.clone() };
            // Squeezing keeps tera's syntax; should it ever not, the
            // template is used as written rather than broken.
            let ok = small == text || tera::Template::new(&name, None, &small).is_ok();
            sources.push((name, if ok { small } else { text }));
        }
        // Parents and macro files that are not there, and templates that
        // extend themselves: tera names no place for either (and recurses
        // without end on a chain that loops back short of its start).
        let names: std::collections::BTreeSet<&str> =
            templates.keys().map(String::as_str).collect();
        let with_source: Vec<(&str, &tera::Template, &str)> = parsed
            .iter()
            .filter_map(|t| Some((t.name.as_str(), t, by_name.get(&t.name)?.as_str())))
            .collect();
        let mut found = theme_check::find_missing_parents(with_source.iter().copied(), &names);
        found.extend(super::theme_refuse::find_loops(
            &with_source,
            &templates_overriding(&templates),
        ));
        // A parent missing or a loop: tera would not build (or recurse
        // without end), so those templates are left out, and the rest
        // checked on, so that one run reports every mistake it can.
        for (name, pos, what) in found {
            sources.retain(|(n, _)| *n != name);
            refuse(&templates, &name, pos, what, &mut refused)?;
        }
        let i18n = Arc::new(i18n);
        let mut tera = Tera::default();
        filters::register(&mut tera, i18n.clone());
        sandbox::register(&mut tera);
        tera.autoescape_on(vec![".html"]);
        // The templates that parse are checked further even when others do
        // not, so that one run reports every template that is wrong; when
        // they cannot be put together without the broken ones, those are
        // what is reported.
        if let Err(e) = tera.add_raw_templates(sources) {
            if !refused.is_empty() {
                return Err(FileErrors::into_error(refused));
            }
            return Err(anyhow!(chain(&e))).context("the theme's templates do not fit together");
        }
        let is_site = |n: &str| matches!(templates.get(n), Some(Origin::Site(_)));
        let macros = super::theme_refuse::missing_macros(&tera, &by_name, &is_site);
        for (name, pos, what) in
            super::theme_refuse::find_refused(&tera, &by_name).into_iter().chain(macros)
        {
            refuse(&templates, &name, pos, what, &mut refused)?;
        }
        if !refused.is_empty() {
            return Err(FileErrors::into_error(refused));
        }
        let ids = crate::markdown::ThemeIds::from_sources(by_name.values().map(String::as_str));
        let markdown = Arc::new(crate::markdown::Renderer::new(ids));
        Ok(Theme {
            tera,
            templates,
            sources: by_name,
            assets,
            robots,
            statics: Vec::new(),
            i18n,
            markdown,
        })
    }

    /// The templates whose source differs in `other`; `None` when the two
    /// have different templates (one added or removed: pages may come or
    /// go, so everything is rendered again) or a different `robots.txt`
    /// (which may replace ours or leave it to be made again).
    pub fn changed_templates(&self, other: &Theme) -> Option<BTreeSet<String>> {
        // Strings are read by every template: a changed one renders all.
        if !self.sources.keys().eq(other.sources.keys())
            || self.i18n != other.i18n
            || self.robots != other.robots
        {
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
        super::theme_refuse::dependencies(&self.sources, template)
    }

    /// Renders a record body for this theme's pages.
    pub fn markdown(&self) -> &crate::markdown::Renderer {
        &self.markdown
    }

    /// Whether the theme has a template of that name (`search.html`).
    pub fn has_template(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }

    /// The interface strings, by language.
    pub fn i18n(&self) -> &I18n {
        &self.i18n
    }

    /// Renders one template. Errors carry tera's whole explanation.
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String> {
        if !self.has_template(template) {
            bail!("the theme has no template `{template}`");
        }
        self.tera.render(template, context).map_err(|e| {
            let text = chain(&e);
            let (name, pos) = self.locate(template, &text);
            let origin = self.templates.get(&name).cloned().unwrap_or(Origin::BuiltIn);
            // tera names a missing variable but not where: its first use,
            // in tera's own ` --> line:col` notation.
            let at = pos.map_or_else(String::new, |p| format!(" --> {}:{}", p.line, p.col));
            let hint = theme_error::variable_hint(&text, context)
                .map_or_else(String::new, |h| format!("; {h}"));
            anyhow!(
                "{}{hint}{at} ({})",
                theme_error::page_free(&text, &name),
                origin.describe(&name)
            )
        })
    }

    /// The template a render error of a page from `page` happened in, and
    /// where in it: tera names the page's template even when the error is
    /// in its parent (`base.html`), a file it includes or a macro's file.
    /// The first of the templates tera names, the macro's file, the page's,
    /// its parents' and then the site theme's others that has the
    /// variable, filter or function the error is about; else the first
    /// one tera names.
    fn locate(&self, page: &str, text: &str) -> (String, Option<crate::core::diag::Pos>) {
        let clues = theme_error::clues(text);
        let mut order: Vec<&str> =
            clues.named.iter().copied().filter(|n| self.templates.contains_key(*n)).collect();
        let first_named = order.first().map(|n| (*n).to_owned());
        let mut lineage = vec![page];
        if let Ok(t) = self.tera.get_template(page) {
            lineage.extend(t.parents.iter().map(String::as_str));
        }
        if let Some(ns) = clues.macro_ns {
            for t in lineage
                .iter()
                .chain(clues.named.iter())
                .filter_map(|n| self.tera.get_template(n).ok())
            {
                order.extend(
                    t.imported_macro_files.iter().filter(|(_, n)| n == ns).map(|(f, _)| f.as_str()),
                );
            }
        }
        order.extend(lineage);
        order.extend(
            self.templates
                .iter()
                .filter(|(_, o)| matches!(o, Origin::Site(_)))
                .map(|(n, _)| n.as_str()),
        );
        if clues.has_needle() {
            let mut seen = std::collections::HashSet::new();
            for name in order.into_iter().filter(|n| seen.insert(*n)) {
                if let Some(pos) = self.sources.get(name).and_then(|s| clues.find_in(s)) {
                    return (name.to_owned(), Some(pos));
                }
            }
        }
        (first_named.unwrap_or_else(|| page.to_owned()), None)
    }

    /// The site theme's own `robots.txt` (see the module docs).
    pub fn robots(&self) -> Option<&[u8]> {
        self.robots.as_deref()
    }

    /// The theme's assets as output files under `assets/` (`favicon.ico`
    /// at the site root), in path order.
    pub fn assets(&self) -> Vec<OutputFile> {
        let mut files: Vec<OutputFile> = self
            .assets
            .iter()
            .map(|(name, bytes)| {
                let path = if AT_ROOT.contains(&name.as_str()) {
                    name.clone()
                } else {
                    format!("{ASSETS}/{name}")
                };
                OutputFile::new(path, bytes.clone())
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

/// An error that names no file of `folder` (the project folder does not
/// resolve, the templates do not fit together), at the folder: reported
/// beside the other folder's errors at their files, not instead of them.
fn at_folder(folder: &str, e: &anyhow::Error) -> FileError {
    FileError {
        path: folder.to_owned(),
        pos: Pos::START,
        message: format!("{e:#}"),
        kind: Kind::File,
    }
}

/// The built-in templates under `default/` too, so that a site template
/// can extend the one it replaces (`{% extends "default/base.html" %}`)
/// instead of copying it whole.
fn with_defaults(files: &mut BTreeMap<String, (Vec<u8>, Origin)>) {
    for (name, bytes) in DEFAULT_FILES.iter().filter(|(n, _)| n.ends_with(".html")) {
        files
            .entry(format!("{DEFAULT_PREFIX}{name}"))
            .or_insert_with(|| (bytes.to_vec(), Origin::BuiltIn));
    }
}

/// The language of a theme's string file (`fr` for `i18n/fr.toml`).
pub(super) fn i18n_lang(name: &str) -> Option<&str> {
    let lang = name.strip_prefix("i18n/")?.strip_suffix(".toml")?;
    (!lang.is_empty() && !lang.contains('/')).then_some(lang)
}

/// Lays a site theme's string file (at `path`, from the project root) over
/// the strings; a file that does not parse is an error at its line and
/// column.
fn overlay_strings(i18n: &mut I18n, lang: &str, bytes: &[u8], path: &str) -> Result<(), FileError> {
    let ok_tag =
        lang.split('-').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
    let whole = |why: &str| FileError::whole(path, why, Kind::Strings);
    if !ok_tag {
        return Err(whole(
            "not named after a language tag: name it LANG.toml, as in fr.toml or pt-BR.toml",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| whole("not valid UTF-8"))?;
    i18n.overlay(lang, text).map_err(|e| {
        let pos = crate::core::diag::Pos::new(e.line as u32, e.column as u32);
        FileError { path: path.to_owned(), pos, message: e.message, kind: Kind::Strings }
    })
}

fn chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_assets_are_the_ones_core_names() {
        let published: Vec<String> = Theme::built_in_names()
            .filter_map(|n| n.strip_prefix("assets/").map(|a| (n, a)))
            .map(|(n, a)| if AT_ROOT.contains(&a) { a.to_owned() } else { n.to_owned() })
            .collect();
        assert_eq!(published, crate::core::names::BUILT_IN_ASSETS);
    }

    #[test]
    fn the_record_page_ids_are_the_ones_core_names() {
        let sources = ["base.html", "record.html"]
            .map(|n| String::from_utf8_lossy(Theme::built_in_file(n).unwrap()).into_owned());
        let ids = crate::markdown::ThemeIds::from_sources(sources.iter().map(String::as_str));
        assert_eq!(ids.listed(), crate::core::names::RECORD_PAGE_IDS);
    }

    #[test]
    fn a_missing_variable_is_found_where_it_is_first_written() {
        use theme_error::{first_use_of, missing_variable};
        let msg = "Failed to render 'r.html': Variable `record.x` not found in context while rendering 'r.html'";
        assert_eq!(missing_variable(msg), Some("record.x"));
        let src = "<p>{{ record.xy }}</p>\n  {% if a %}{{ record.x | upper }}{% endif %}";
        assert_eq!(first_use_of(src, "record.x"), Some(crate::core::diag::Pos::new(2, 16)));
        assert_eq!(missing_variable("Variable `` not found"), None);
        assert_eq!(first_use_of(src, "nowhere"), None);
    }

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
        with_defaults(&mut all);
        Theme::from_files(all, true, None)
    }

    #[test]
    fn a_template_extending_itself_is_an_error_at_its_extends() {
        // tera alone recursed until the stack overflowed on this.
        let e = with(&[("base.html", "{% extends \"base.html\" %}")]).unwrap_err();
        let f = theme_error::file_error(&e).expect("at its file");
        assert_eq!((f.path.as_str(), f.pos), ("themes/x/base.html", Pos::new(1, 12)));
        assert!(f.message.contains("default/base.html"), "{}", f.message);
    }

    #[test]
    fn a_site_template_builds_on_the_built_in_one_it_replaces() {
        let theme = with(&[(
            "base.html",
            "{% extends \"default/base.html\" %}{% block head %}<meta name=\"mine\">{% endblock head %}",
        )])
        .expect("loads");
        let html = theme.render("404.html", &page_context("en")).expect("renders");
        assert!(html.contains("<meta name=\"mine\">") && html.contains("<main"), "{html}");
    }

    #[test]
    fn every_broken_template_is_reported_at_once() {
        let e = with(&[
            ("record.html", "{% if %}"),
            ("term.html", "{% extends \"nope.html\" %}"),
            ("country.html", "{{ x | lenght }}{{ now() }}"),
        ])
        .unwrap_err();
        let files = theme_error::file_errors(&e);
        let got: Vec<(&str, &str)> =
            files.iter().map(|f| (f.path.as_str(), f.message.as_str())).collect();
        // The template with a missing parent is left out, and the others
        // are checked on: what `country.html` lacks is said in the same run.
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(got[0].0 == "themes/x/record.html" && got[1].0 == "themes/x/term.html", "{got:?}");
        assert!(got[2..].iter().all(|(p, _)| *p == "themes/x/country.html"), "{got:?}");
        // Names tera lacks are found once the templates compile: all of them.
        let e = with(&[("country.html", "{{ x | lenght }}{{ now() }}")]).unwrap_err();
        let got: Vec<String> =
            theme_error::file_errors(&e).iter().map(|f| f.message.clone()).collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].contains("did you mean `length`?"), "{got:?}");
        assert!(got[1].contains("no clock"), "{got:?}");
    }

    #[test]
    fn json_encode_is_safe_inside_a_script() {
        let theme = with(&[(
            "404.html",
            "<script>var s = {{ \"</script><b>\" | json_encode | safe }};</script>",
        )])
        .expect("loads");
        let html = theme.render("404.html", &page_context("en")).expect("renders");
        assert!(html.contains(r#"var s = "\u003c/script>\u003cb>";"#), "{html}");
    }

    #[test]
    fn built_in_theme_compiles() {
        // Loading also checks it for recursion (theme_check): it has none.
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

    fn page_context(lang: &str) -> tera::Context {
        let mut ctx = tera::Context::new();
        for (k, v) in [("root", ""), ("site_title", "Site"), ("home_url", "index.html")] {
            ctx.insert(k, v);
        }
        ctx.insert("feed_url", "feed.xml");
        ctx.insert("search_url", "search/index.html");
        ctx.insert("has_search", &true);
        ctx.insert("lang", lang);
        ctx.insert("dir", crate::core::lang::dir(lang));
        let empty: Vec<String> = Vec::new();
        for k in ["nav", "browse", "datasets"] {
            ctx.insert(k, &empty);
        }
        ctx
    }

    #[test]
    fn pages_speak_their_language_and_link_the_others() {
        let theme = Theme::built_in().unwrap();
        let mut ctx = page_context("ar");
        ctx.insert(
            "languages",
            &serde_json::json!([
                {"code": "en", "name": "English", "url": "../404.html", "href": "../404.html", "current": false, "alternate": true},
                {"code": "ar", "name": "العربية", "url": "404.html", "href": "404.html", "current": true, "alternate": true},
            ]),
        );
        let html = theme.render("404.html", &ctx).unwrap();
        assert!(html.contains(r#"<html lang="ar" dir="rtl">"#), "{html}");
        assert!(html.contains("الصفحة غير موجودة"), "translated heading: {html}");
        assert!(html.contains("انتقل إلى المحتوى الرئيسي"), "translated skip link");
        assert!(!html.contains("Skip to main content") && !html.contains("Page not found"));
        assert!(html.contains(r#"<link rel="alternate" hreflang="en" href="../404.html">"#));
        assert!(html.contains(r#"<link rel="alternate" hreflang="x-default" href="../404.html">"#));
        assert!(html.contains(r#"<link rel="alternate" hreflang="ar" href="404.html">"#));
        // The switcher: each name in its own language, the current page marked.
        assert!(html.contains(r#"lang="en" hreflang="en">English</a>"#), "{html}");
        assert!(html.contains(r#"lang="ar" hreflang="ar" aria-current="page">العربية</a>"#));
        assert!(html.contains(r#"aria-labelledby="language-switcher-label""#));
        // One language: no switcher, no alternates; no `dir` given: none.
        let mut ctx = page_context("zh");
        ctx.remove("dir");
        let html = theme.render("404.html", &ctx).unwrap();
        assert!(html.contains(r#"<html lang="zh">"#), "{html}");
        assert!(!html.contains("hreflang") && !html.contains("language-switcher"));
        assert!(html.contains("找不到页面"));
    }

    #[test]
    fn items_in_another_language_carry_it_and_say_so() {
        let theme = Theme::built_in().unwrap();
        let mut ctx = page_context("fr");
        ctx.insert("collections", &Vec::<String>::new());
        ctx.insert("record_count", &2);
        ctx.insert("site_description", "");
        ctx.insert(
            "recent",
            &serde_json::json!([
                {"url": "a.html", "title": "中华人民共和国个人信息保护法", "summary": "摘要", "kind": "Règlement",
                 "lang": "zh", "dir": "ltr", "other_lang": true, "lang_name": "中文",
                 "updated": {"iso": "2026-11-21", "text": "21 novembre 2026"}},
                {"url": "b.html", "title": "Loi", "summary": "Résumé", "kind": "Règlement",
                 "lang": "fr", "dir": "ltr", "other_lang": false},
            ]),
        );
        let html = theme.render("index.html", &ctx).unwrap();
        assert!(html.contains(r#"<a href="a.html" lang="zh" dir="ltr">中华人民共和国"#), "{html}");
        assert!(html.contains(r#"<p class="summary" lang="zh" dir="ltr">摘要</p>"#), "{html}");
        assert!(html.contains(r#"<span class="lang-note">En chinois</span>"#), "{html}");
        assert!(html.contains(r#"<a href="b.html">Loi</a>"#), "same language: no attributes");
        assert_eq!(html.matches("lang-note").count(), 1);
        assert!(
            html.contains("Mis à jour le <time datetime=\"2026-11-21\">21 novembre 2026</time>")
        );
        assert!(html.contains("Rechercher dans 2 fiches"), "{html}");
    }

    #[test]
    fn a_site_theme_overrides_one_string() {
        let t = with(&[("i18n/fr.toml", "search = \"Chercher\"\n")]).unwrap();
        assert_eq!(t.i18n().text("fr", "search"), "Chercher");
        assert_eq!(t.i18n().text("fr", "home"), "Accueil");
        let mut ctx = page_context("fr");
        ctx.insert("languages", &Vec::<String>::new());
        let html = t.render("404.html", &ctx).unwrap();
        assert!(html.contains(">Chercher</button>"), "{html}");
        // A changed string re-renders everything.
        assert_eq!(Theme::built_in().unwrap().changed_templates(&t), None);
        // A new language.
        let t = with(&[("i18n/pt-BR.toml", "home = \"Início\"\n")]).unwrap();
        assert_eq!(t.i18n().text("pt-BR", "home"), "Início");
    }

    #[test]
    fn a_broken_string_file_names_its_file_line_and_column() {
        let e = with(&[("i18n/fr.toml", "home = \"Accueil\"\nrecords = { one = \"x\" }\n")])
            .unwrap_err();
        let f = super::super::theme_error::file_error(&e).expect("at its file");
        assert_eq!((f.path.as_str(), f.pos.line, f.pos.col), ("themes/x/i18n/fr.toml", 2, 11));
        assert!(f.message.contains("`other`") && f.help().contains("string file"), "{f}");
        let e = with(&[("i18n/fr.toml", "home = \"Accueil\nsearch = 1\n")]).unwrap_err();
        assert!(format!("{e:#}").contains("themes/x/i18n/fr.toml:1:"), "{e:#}");
        let e = with(&[("i18n/f r.toml", "")]).unwrap_err();
        assert!(format!("{e:#}").contains("LANG.toml"), "{e:#}");
    }
}
