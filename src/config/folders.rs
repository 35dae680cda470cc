//! The project's folders from `[build]`: content and the theme are read
//! only from inside the project, and the build and index folders, which a
//! build replaces whole, are folders of their own (never content, a theme,
//! `.git`, the project folder, or a folder Compendium did not make).

use std::path::{Component, Path, PathBuf};

use super::{CONFIG_FILE, Config};
use crate::core::confine::Root;
use crate::core::diag::{Diagnostic, Pos};
use crate::core::names;

/// The project's folders, resolved and checked: content and the theme are
/// read only from inside the project, and the build and index folders,
/// which a build replaces whole, are folders of their own.
pub(super) struct Folders {
    pub(super) content_dir: PathBuf,
    pub(super) build_dir: PathBuf,
    pub(super) index_dir: PathBuf,
    pub(super) theme_dir: Option<PathBuf>,
}

/// Files a build of every version writes into the site: a folder holding
/// them all was made by a build from before the `.compendium` marker.
const SITE_SIGNATURE: &[&str] = &["index.html", "404.html", "feed.xml", "data/records.json"];

/// Files a build of every version writes into the index folder (either set).
const INDEX_SIGNATURES: &[&[&str]] = &[&[names::BUILD_MANIFEST], &["meta.json", names::CATALOG]];

/// Folders of version control a build must never replace.
const VCS: &[&str] = &[".git", ".hg", ".svn", ".jj"];

impl Folders {
    pub(super) fn check(
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
        // Without a book.toml, an error is the folder's own (`site`), not
        // at a line of a file that is not there.
        let has_config = root.join(CONFIG_FILE).is_file();
        let error = |key: &str, message: String, help: String| {
            let folder = match key {
                "build-dir" => Some(&b.build_dir),
                "index-dir" => Some(&b.index_dir),
                "content-dir" => Some(&b.content_dir),
                _ => None,
            };
            match folder.filter(|_| !has_config) {
                Some(f) => Diagnostic::error(f.to_string_lossy(), Pos::START, message),
                None => Diagnostic::error(CONFIG_FILE, key_pos("build", key), message),
            }
            .with_help(help)
        };
        // An empty folder is the project folder itself (and a blank one a
        // folder named by spaces): said as such, before the checks that
        // would each find the project in the way of another folder.
        let blank = |p: &Path| crate::core::rules::is_blank(&p.to_string_lossy());
        let mut any_blank = false;
        for (key, path, default) in [
            ("content-dir", &b.content_dir, "content"),
            ("build-dir", &b.build_dir, "site"),
            ("index-dir", &b.index_dir, "index"),
        ] {
            if blank(path) {
                any_blank = true;
                diags.push(error(
                    key,
                    format!(
                        "`{key}` is {}",
                        if path.as_os_str().is_empty() { "empty" } else { "only white space" }
                    ),
                    format!(
                        "name a folder inside the project, or remove the key to use the default, \
                         `{key} = \"{default}\"`"
                    ),
                ));
            }
        }
        if let Some(theme) = b.theme.as_deref().filter(|t| crate::core::rules::is_blank(t)) {
            any_blank = true;
            diags.push(error(
                "theme",
                format!(
                    "`theme` is {}",
                    if theme.is_empty() { "empty" } else { "only white space" }
                ),
                "name a folder of themes/, or remove the key to use the built-in theme".to_owned(),
            ));
        }
        if any_blank {
            return folders;
        }
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
            if !valid {
                diags.push(error(
                    "theme",
                    format!("theme `{name}` is not a theme's name: `theme` names a folder under themes/, not a path"),
                    "move the theme to themes/NAME inside the project and write theme = \"NAME\" \
                     (no `/` or `..`), or remove `theme` to use the built-in theme"
                        .into(),
                ));
            } else if !td.is_dir() {
                // A misspelt name: the folder of themes/ it is nearest to.
                let folders: Vec<String> = td
                    .parent()
                    .and_then(|t| std::fs::read_dir(t).ok())
                    .into_iter()
                    .flatten()
                    .flatten()
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect();
                let help =
                    match crate::core::diag::did_you_mean(name, folders.iter().map(String::as_str))
                    {
                        Some(near) => {
                            format!("did you mean theme = \"{near}\"? (themes/{near} exists)")
                        }
                        None => {
                            "create themes/NAME with the templates to override, or remove `theme` \
                             to use the built-in theme"
                                .to_owned()
                        }
                    };
                diags.push(error(
                    "theme",
                    format!("theme `{name}` not found: there is no folder themes/{name}"),
                    help,
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
        protected.push((
            resolved_or(here.join(crate::config::STATIC_DIR)),
            format!("the static folder `{}`", crate::config::STATIC_DIR),
        ));
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
            // A hidden folder is where tools read their settings from
            // (`.github/workflows` runs on every push, `.vscode`, `.husky`):
            // a pull request could set the build folder there and place its
            // `static/` files as them.
            let hidden = rel.components().find_map(|c| match c {
                Component::Normal(n) => n.to_str().filter(|n| n.starts_with('.')),
                _ => None,
            });
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
                if let Some(h) = hidden {
                    return Err(format!(
                        "{} lies in the hidden folder `{h}`, where tools read their settings \
                         (a build there could add a workflow or a hook)",
                        written(key, rel)
                    ));
                }
                Ok(out)
            });
            match resolved {
                Ok(out) => placed.push(Some(out)),
                Err(message) => {
                    diags.push(error(key, message, help_for(key, rel)));
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
                        names::MARKER
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

/// The way out for an output folder at `rel`: remove what is in its way,
/// or name another folder (an example other than the one in use).
fn help_for(key: &str, rel: &Path) -> String {
    let examples: &[&str] =
        if key == "index-dir" { &["index", "search-index"] } else { &["site", "public"] };
    let example = examples.iter().find(|e| Path::new(e) != rel).unwrap_or(&examples[0]);
    format!(
        "a build replaces its {} whole: remove the link or file in its way, or give it a folder \
         of its own inside the project, e.g. {key} = \"{example}\"",
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
        || has(crate::core::names::MARKER)
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
