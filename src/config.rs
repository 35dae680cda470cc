//! `book.toml`: the site's configuration, loaded as parse → validate → derive.
//!
//! Every key is optional. Unknown keys are errors with a "did you mean" hint,
//! as in mdBook and Zola, because a silently ignored typo (`base_url` for
//! `base-url`) is worse than a failed build.

use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::confine::Root;
use crate::diag::{Diagnostic, Pos, did_you_mean};
use crate::source::LineIndex;
use crate::yaml::YamlLimits;

/// The file name of the configuration, at the project root.
pub const CONFIG_FILE: &str = "book.toml";

/// `[book]`: what the site is.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Book {
    /// Site title.
    pub title: String,
    /// One-sentence description (home page, feed, meta description).
    pub description: String,
    /// Default BCP 47 language of records and pages.
    pub language: String,
    /// Authors or publishing organisations (feed author).
    pub authors: Vec<String>,
    /// Absolute URL the site is published at; enables `sitemap.xml` and
    /// absolute feed links.
    pub base_url: Option<String>,
}

impl Default for Book {
    fn default() -> Self {
        Book {
            title: "Compendium".to_owned(),
            description: String::new(),
            language: "en".to_owned(),
            authors: Vec::new(),
            base_url: None,
        }
    }
}

impl Book {
    /// `base-url` ending in `/`, ready to have site paths appended.
    pub fn base_url(&self) -> Option<String> {
        self.base_url.as_ref().map(|b| if b.ends_with('/') { b.clone() } else { format!("{b}/") })
    }
}

/// `[build]`: where things are and how output is written.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Build {
    /// Folder of collections, relative to the root.
    pub content_dir: PathBuf,
    /// Folder the site is written to.
    pub build_dir: PathBuf,
    /// Folder the tantivy index is written to.
    pub index_dir: PathBuf,
    /// A theme under `themes/`; its files override the built-in theme one by one.
    pub theme: Option<String>,
    /// Minify HTML, CSS and JS output.
    pub minify: bool,
}

impl Default for Build {
    fn default() -> Self {
        Build {
            content_dir: "content".into(),
            build_dir: "site".into(),
            index_dir: "index".into(),
            theme: None,
            minify: true,
        }
    }
}

/// `[limits]`: bounds that keep hostile input from hanging or exhausting a run.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Limits {
    /// Largest content file read, in bytes.
    pub max_file_bytes: u64,
    /// Deepest YAML nesting.
    pub yaml_max_depth: usize,
    /// Most YAML nodes in one file, alias expansions included.
    pub yaml_max_nodes: usize,
    /// Most alias uses in one file.
    pub yaml_max_aliases: usize,
    /// Deepest nesting of Markdown blocks and raw HTML elements in a body
    /// (HTML sanitising is quadratic in depth).
    pub markdown_max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        let y = YamlLimits::default();
        Limits {
            max_file_bytes: 1024 * 1024,
            yaml_max_depth: y.max_depth,
            yaml_max_nodes: y.max_nodes,
            yaml_max_aliases: y.max_aliases,
            markdown_max_depth: 64,
        }
    }
}

/// The highest value each limit may be raised to.
pub const MAX_LIMITS: Limits = Limits {
    max_file_bytes: 16 * 1024 * 1024,
    yaml_max_depth: 256,
    yaml_max_nodes: 1_000_000,
    yaml_max_aliases: 10_000,
    markdown_max_depth: 256,
};

impl Limits {
    /// The YAML parser's share of the limits.
    pub fn yaml(&self) -> YamlLimits {
        YamlLimits {
            max_depth: self.yaml_max_depth,
            max_nodes: self.yaml_max_nodes,
            max_aliases: self.yaml_max_aliases,
        }
    }
}

/// The whole of `book.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// `[book]`.
    pub book: Book,
    /// `[build]`.
    pub build: Build,
    /// `[limits]`.
    pub limits: Limits,
}

/// A loaded project: the configuration plus resolved absolute folders.
#[derive(Debug, Clone)]
pub struct Project {
    /// The folder holding `book.toml`.
    pub root: PathBuf,
    /// The parsed configuration.
    pub config: Config,
    /// `root/content-dir`.
    pub content_dir: PathBuf,
    /// `root/build-dir`.
    pub build_dir: PathBuf,
    /// `root/index-dir`.
    pub index_dir: PathBuf,
    /// `root/themes/<theme>` when `[build] theme` is set.
    pub theme_dir: Option<PathBuf>,
}

/// Known keys per table, for "did you mean" hints on unknown keys.
const KNOWN: &[(&str, &[&str])] = &[
    ("", &["book", "build", "limits"]),
    ("book", &["title", "description", "language", "authors", "base-url"]),
    ("build", &["content-dir", "build-dir", "index-dir", "theme", "minify"]),
    (
        "limits",
        &[
            "max-file-bytes",
            "yaml-max-depth",
            "yaml-max-nodes",
            "yaml-max-aliases",
            "markdown-max-depth",
        ],
    ),
];

impl Project {
    /// Reads and validates `root/book.toml`. A missing file means all defaults.
    /// Problems come back as diagnostics, all of them.
    pub fn load(root: &Path) -> Result<Project, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    let line =
                        crate::source::line_of_byte(e.as_bytes(), e.utf8_error().valid_up_to());
                    return Err(vec![
                        Diagnostic::error(
                            CONFIG_FILE,
                            Pos::new(line, 1),
                            "book.toml is not valid UTF-8",
                        )
                        .with_help("save the file as UTF-8"),
                    ]);
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                return Err(vec![Diagnostic::error(
                    CONFIG_FILE,
                    Pos::START,
                    format!("cannot read book.toml: {e}"),
                )]);
            }
        };
        let config = parse(&text)?;
        Project::from_config(root, config, &text)
    }

    /// Resolves and checks folders; `text` is book.toml's text, for positions.
    fn from_config(root: &Path, config: Config, text: &str) -> Result<Project, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let key_pos = |table: &str, key: &str| find_key(text, table, key);
        let folders = Folders::check(root, &config, &key_pos, &mut diags);
        let Folders { content_dir, build_dir, index_dir, theme_dir } = folders;
        if let Some(url) = &config.book.base_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    key_pos("book", "base-url"),
                    format!("base-url `{url}` is not an absolute http(s) URL"),
                )
                .with_help("write it in full, e.g. base-url = \"https://example.org/compendium/\""),
            );
        }
        if !crate::validate::is_language_tag(&config.book.language) {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    key_pos("book", "language"),
                    format!(
                        "`{}` in `language` is not a BCP 47 language tag",
                        config.book.language
                    ),
                )
                .with_help("use a tag such as \"en\", \"fr\" or \"es-419\""),
            );
        }
        let l = &config.limits;
        if l.max_file_bytes == 0
            || l.yaml_max_depth == 0
            || l.yaml_max_nodes == 0
            || l.markdown_max_depth == 0
        {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    key_pos("limits", "max-file-bytes"),
                    "limits must be greater than zero",
                )
                .with_help("remove the [limits] keys to use the defaults"),
            );
        }
        // book.toml comes with pull requests too: raising a limit without
        // bound would disarm the guard it sets.
        let ceilings: [(&str, u64, u64); 5] = [
            ("max-file-bytes", l.max_file_bytes, MAX_LIMITS.max_file_bytes),
            ("yaml-max-depth", l.yaml_max_depth as u64, MAX_LIMITS.yaml_max_depth as u64),
            ("yaml-max-nodes", l.yaml_max_nodes as u64, MAX_LIMITS.yaml_max_nodes as u64),
            ("yaml-max-aliases", l.yaml_max_aliases as u64, MAX_LIMITS.yaml_max_aliases as u64),
            (
                "markdown-max-depth",
                l.markdown_max_depth as u64,
                MAX_LIMITS.markdown_max_depth as u64,
            ),
        ];
        for (key, value, ceiling) in ceilings {
            if value > ceiling {
                diags.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        key_pos("limits", key),
                        format!("`{key}` is {value}, over its ceiling of {ceiling}"),
                    )
                    .with_help(format!(
                        "set {key} to at most {ceiling}: the limits guard every run against hostile content, so they cannot be lifted"
                    )),
                );
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        Ok(Project {
            root: root.to_path_buf(),
            config,
            content_dir,
            build_dir,
            index_dir,
            theme_dir,
        })
    }
}

/// The project's folders, resolved and checked: content and the theme are
/// read only from inside the project, and the build and index folders,
/// which a build replaces whole, are folders of their own.
struct Folders {
    content_dir: PathBuf,
    build_dir: PathBuf,
    index_dir: PathBuf,
    theme_dir: Option<PathBuf>,
}

/// Files a build of every version writes into the site: a folder holding
/// them all was made by a build from before the `.compendium` marker.
const SITE_SIGNATURE: &[&str] = &["index.html", "404.html", "feed.xml", "data/records.json"];

/// Files a build of every version writes into the index folder (either set).
const INDEX_SIGNATURES: &[&[&str]] =
    &[&[crate::fingerprint::FILE], &["meta.json", crate::search::catalog::FILE]];

/// Folders of version control a build must never replace.
const VCS: &[&str] = &[".git", ".hg", ".svn", ".jj"];

impl Folders {
    fn check(
        root: &Path,
        config: &Config,
        key_pos: &dyn Fn(&str, &str) -> Pos,
        diags: &mut Vec<Diagnostic>,
    ) -> Folders {
        let b = &config.build;
        let folders = Folders {
            content_dir: root.join(&b.content_dir),
            build_dir: root.join(&b.build_dir),
            index_dir: root.join(&b.index_dir),
            theme_dir: b.theme.as_ref().map(|t| root.join("themes").join(t)),
        };
        let error = |key: &str, message: String, help: String| {
            Diagnostic::error(CONFIG_FILE, key_pos("build", key), message).with_help(help)
        };
        let confine = match Root::new(root) {
            Ok(r) => r,
            Err(e) => {
                diags.push(Diagnostic::error(
                    CONFIG_FILE,
                    Pos::START,
                    format!("cannot resolve the project folder `{}`: {e}", root.display()),
                ));
                return folders;
            }
        };
        let written = |key: &str, p: &Path| format!("`{key} = \"{}\"`", p.display());

        // Content: read only from inside the project.
        let content = &b.content_dir;
        let mut content_resolved = None;
        if !is_plain(content) {
            diags.push(error(
                "content-dir",
                format!("{} is not a folder inside the project", written("content-dir", content)),
                "content is read only from inside the project: use a relative path without \
                 `..`, e.g. content-dir = \"content\""
                    .into(),
            ));
        } else if !folders.content_dir.is_dir() {
            diags.push(error(
                "content-dir",
                format!("the folder `{}` named by `content-dir` does not exist", content.display()),
                "create it, or set [build] content-dir to an existing folder".into(),
            ));
        } else {
            match confine.resolve(&folders.content_dir) {
                Ok(p) => content_resolved = Some(p),
                Err(why) => diags.push(error(
                    "content-dir",
                    format!("{} cannot be read: {why}", written("content-dir", content)),
                    "content is read only from inside the project: move the folder into the \
                     project instead of linking to it"
                        .into(),
                )),
            }
        }

        // The theme: a folder under themes/, inside the project.
        if let (Some(name), Some(td)) = (&b.theme, &folders.theme_dir) {
            let valid =
                !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != "..";
            if !valid || !td.is_dir() {
                diags.push(error(
                    "theme",
                    format!("theme `{name}` not found: there is no folder themes/{name}"),
                    "create themes/NAME with the templates to override, or remove `theme` to \
                     use the built-in theme"
                        .into(),
                ));
            } else if let Err(why) = confine.resolve(td) {
                diags.push(error(
                    "theme",
                    format!("theme `{name}` cannot be read: the folder themes/{name}: {why}"),
                    "themes are read only from inside the project: move the theme into themes/ \
                     instead of linking to it"
                        .into(),
                ));
            }
        }

        // Output folders: never the project's own material.
        let here = confine.path();
        let resolved_or = |p: PathBuf| p.canonicalize().unwrap_or(p);
        let mut protected: Vec<(PathBuf, String)> = Vec::new();
        if let Some(c) = &content_resolved {
            protected.push((
                c.clone(),
                format!("the content folder ({})", written("content-dir", content)),
            ));
        }
        protected.push((resolved_or(here.join("themes")), "the themes folder `themes`".into()));
        for vcs in VCS {
            protected.push((here.join(vcs), format!("the repository's `{vcs}` folder")));
            let resolved = resolved_or(here.join(vcs));
            if resolved != here.join(vcs) {
                protected.push((resolved, format!("the repository's `{vcs}` folder")));
            }
        }
        let outputs = [
            ("build-dir", &b.build_dir, &folders.build_dir),
            ("index-dir", &b.index_dir, &folders.index_dir),
        ];
        let mut placed: Vec<Option<PathBuf>> = Vec::new();
        for (key, rel, _) in outputs {
            let problem = if !is_plain(rel) {
                Err(format!("{} is not a folder inside the project", written(key, rel)))
            } else {
                resolve_output(&confine, rel).map_err(|why| format!("{} {why}", written(key, rel)))
            };
            let resolved = problem.and_then(|out| {
                if out == here {
                    return Err(format!("{} is the project folder itself", written(key, rel)));
                }
                for (p, what) in &protected {
                    if out == *p {
                        return Err(format!("{} is {what}", written(key, rel)));
                    }
                    if out.starts_with(p) {
                        return Err(format!("{} lies inside {what}", written(key, rel)));
                    }
                    if p.starts_with(&out) {
                        return Err(format!("{} holds {what}", written(key, rel)));
                    }
                }
                Ok(out)
            });
            match resolved {
                Ok(out) => placed.push(Some(out)),
                Err(message) => {
                    diags.push(error(key, message, help_for(key)));
                    placed.push(None);
                }
            }
        }
        // The two output folders against each other.
        if let [Some(site), Some(index)] = &placed[..] {
            let clash = if site == index {
                Some(("index-dir", "is the same folder as `build-dir`"))
            } else if index.starts_with(site) {
                Some(("index-dir", "lies inside the build folder (`build-dir`)"))
            } else if site.starts_with(index) {
                Some(("build-dir", "lies inside the index folder (`index-dir`)"))
            } else {
                None
            };
            if let Some((key, how)) = clash {
                let rel = if key == "build-dir" { &b.build_dir } else { &b.index_dir };
                diags.push(error(
                    key,
                    format!("{} {how}: the site and the index are each replaced whole, and one would delete the other", written(key, rel)),
                    "give each its own folder, e.g. build-dir = \"site\" and index-dir = \"index\"".into(),
                ));
                placed = vec![None, None];
            }
        }
        // An existing folder is replaced only when a build made it.
        for ((key, rel, _), out) in outputs.iter().zip(&placed) {
            let Some(out) = out else { continue };
            if let Some(why) = foreign(out, *key == "index-dir") {
                diags.push(error(
                    key,
                    format!("{} {why}", written(key, rel)),
                    format!(
                        "move it or pick another folder: a build replaces its {} whole, and marks \
                         the folders it makes with a `{}` file",
                        what_of(key),
                        crate::output::MARKER
                    ),
                ));
            }
        }
        folders
    }
}

fn what_of(key: &str) -> &'static str {
    if key == "index-dir" { "index folder" } else { "build folder" }
}

fn help_for(key: &str) -> String {
    let example = if key == "index-dir" { "index" } else { "site" };
    format!(
        "a build replaces its {} whole: give it a folder of its own inside the project, \
         e.g. {key} = \"{example}\"",
        what_of(key)
    )
}

/// A relative path without `..`: `root.join` of it stays under the root
/// (before symlinks).
fn is_plain(rel: &Path) -> bool {
    rel.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// Where the output folder `rel` leads, its symlinked parents followed (the
/// folder does not have to exist yet); an error when it is a symlink itself
/// or leads out of the project.
fn resolve_output(root: &Root, rel: &Path) -> Result<PathBuf, String> {
    let full = rel.components().fold(root.path().to_path_buf(), |p, c| match c {
        Component::Normal(n) => p.join(n),
        _ => p,
    });
    if Root::is_link(&full) {
        return Err(format!(
            "is a symlink (to `{}`): the build would replace what it points to",
            std::fs::read_link(&full).map(|t| t.display().to_string()).unwrap_or_default()
        ));
    }
    // The deepest part that exists, resolved, and the rest as written.
    let mut existing = full.as_path();
    let mut rest = Vec::new();
    while existing.symlink_metadata().is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .map_err(|e| format!("cannot be resolved: `{}`: {e}", existing.display()))?;
    if !rest.is_empty() && !resolved.is_dir() {
        return Err(format!("is not a folder: `{}` is a file", existing.display()));
    }
    resolved.extend(rest.iter().rev());
    if !resolved.starts_with(root.path()) {
        return Err(format!("resolves to `{}`, outside the project", resolved.display()));
    }
    Ok(resolved)
}

/// Why the existing `dir` may not be replaced by a build (`None` when it
/// does not exist, is empty or was made by a build).
fn foreign(dir: &Path, index: bool) -> Option<String> {
    let meta = match dir.symlink_metadata() {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => return Some(format!("cannot be read: {e}")),
    };
    if !meta.is_dir() {
        return Some("names a file, not a folder".into());
    }
    let names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => {
            entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()
        }
        Err(e) => return Some(format!("cannot be read: {e}")),
    };
    let has = |rel: &str| dir.join(rel).is_file();
    let made = names.is_empty()
        || has(crate::output::MARKER)
        || if index {
            // The files a build carries over into a new index (see
            // `search::writer::write_staged`) may be all there is.
            names.iter().all(|n| n.starts_with("README") || n == ".gitignore" || n == ".gitkeep")
                || INDEX_SIGNATURES.iter().any(|sig| sig.iter().all(|f| has(f)))
        } else {
            SITE_SIGNATURE.iter().all(|f| has(f))
        };
    (!made).then(|| "names a folder that Compendium did not make".to_owned())
}

/// Parses book.toml's text into a [`Config`], with positioned diagnostics.
pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    toml::from_str::<Config>(text).map_err(|e| {
        let ix = LineIndex::new(text);
        let pos = e.span().map(|s| ix.pos(text, s.start)).unwrap_or(Pos::START);
        let msg = e.message().trim().to_owned();
        let mut d = Diagnostic::error(CONFIG_FILE, pos, format!("invalid book.toml: {msg}"));
        if let Some(unknown) = msg.strip_prefix("unknown field `").and_then(|r| r.split('`').next())
        {
            let table = table_at(text, e.span().map(|s| s.start).unwrap_or(0));
            let known = KNOWN.iter().find(|(t, _)| *t == table).map(|(_, k)| *k).unwrap_or(&[]);
            let help = match did_you_mean(unknown, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None if table.is_empty() => format!("known tables are {}", list(known)),
                None => format!("[{table}] takes {}", list(known)),
            };
            d = d.with_help(help);
        }
        vec![d]
    })
}

fn list(keys: &[&str]) -> String {
    keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

// The `[table]` header in force at byte `offset` ("" before any header).
fn table_at(text: &str, offset: usize) -> String {
    let mut table = String::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if at > offset {
            break;
        }
        let t = line.trim();
        if t.starts_with('[') && !t.starts_with("[[") {
            let name = t.trim_matches(|c| c == '[' || c == ']').trim().to_owned();
            if offset < at + line.len() {
                // The error is in the header itself: the key belongs to the parent table.
                return name.rsplit_once('.').map(|(p, _)| p.to_owned()).unwrap_or_default();
            }
            table = name;
        }
        at += line.len();
    }
    table
}

// Best-effort position of `key` in `[table]`, for diagnostics on valid TOML.
fn find_key(text: &str, table: &str, key: &str) -> Pos {
    let ix = LineIndex::new(text);
    let mut current = String::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with('[') {
            current = t.trim_matches(|c| c == '[' || c == ']').trim().to_owned();
        } else if current == table {
            let k = t.split('=').next().unwrap_or("").trim();
            if k == key {
                let lead = line.len() - line.trim_start().len();
                return ix.pos(text, offset + lead);
            }
        }
        offset += line.len();
    }
    Pos::START
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let c = parse("").unwrap();
        assert_eq!(c.book.language, "en");
        assert!(c.build.minify);
        assert_eq!(c.build.content_dir, PathBuf::from("content"));
    }

    #[test]
    fn unknown_key_has_hint_and_position() {
        let e = parse("[book]\ntitle = \"x\"\ntitel = \"y\"\n").unwrap_err();
        assert_eq!((e[0].line, e[0].col), (3, 1));
        assert_eq!(e[0].help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn unknown_table_has_hint() {
        let e = parse("[bulid]\n").unwrap_err();
        assert_eq!(e[0].help.as_deref(), Some("did you mean `build`?"));
    }
}
