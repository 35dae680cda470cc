//! `book.toml`: the site's configuration, loaded as parse → validate → derive.
//!
//! Every key is optional. Unknown keys are errors with a "did you mean" hint,
//! as in mdBook and Zola, because a silently ignored typo (`base_url` for
//! `base-url`) is worse than a failed build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::core::confine::ReadError;
use crate::core::diag::{Diagnostic, Pos};

mod check;
mod cite;
mod folders;
mod history;
mod languages;
mod limits;
mod map;
mod migrate;
mod statics;
mod texts;
mod toml_text;
pub use check::{CheckConfig, STALE_AFTER_HELP, parse_stale_after};
pub use cite::CitationStyle;
use folders::Folders;
pub use history::HistoryConfig;
use languages::{check_default_language, check_languages, one_case};
pub use limits::{Limits, MAX_LIMITS};
pub use map::MapConfig;
pub use toml_text::{Dropped, parse, parse_recovering};
use toml_text::{PAGINATE_HELP, find_items, find_key};

// Whether a value book.toml could not take is one the content cannot be
// read without (a folder, a limit, a table not known at all): checking
// content with a default in its place could read the wrong files.
fn needed_to_read(path: &[String]) -> bool {
    match path.first().map(String::as_str) {
        Some("book" | "map" | "check" | "history") => false,
        Some("build") => !matches!(
            path.get(1).map(String::as_str),
            Some("minify" | "paginate" | "reviewed-static")
        ),
        _ => true,
    }
}

/// The file name of the configuration, at the project root.
pub const CONFIG_FILE: &str = "book.toml";

/// The folder whose files are published as they are at the site's root
/// (`static/CNAME` is `site/CNAME`), as Hugo's and Zola's `static/`.
pub const STATIC_DIR: &str = "static";

/// Where `key` of `[table]` is in book.toml's `text` (the start of the file
/// when it is not there), for diagnostics about a valid file.
pub fn key_position(text: &str, table: &str, key: &str) -> Pos {
    find_key(text, table, key)
}

/// The most bytes book.toml may have: it holds settings, never content.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The longest `[book] id`.
pub const MAX_SITE_ID: usize = 64;

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
    /// Absolute URL the site is published at; enables `sitemap.xml`,
    /// `robots.txt` and absolute feed links and ids.
    pub base_url: Option<String>,
    /// A short slug naming the site in its feeds' ids when there is no
    /// `base-url` (default: a slug of the title).
    pub id: Option<String>,
    /// The site's languages (empty: the default language alone). The
    /// default language's pages sit at the root, each other's under `LANG/`.
    pub languages: Vec<String>,
    /// Where `languages` is written, for the diagnostics checked once the
    /// schema is read (a language folder named like a collection).
    #[serde(skip)]
    pub languages_at: Pos,
    /// `[book.translations.LANG]`: the title, description and publisher in LANG.
    pub translations: BTreeMap<String, BookText>,
    // Citation ("Cite this entry", src/cite.rs).
    /// The organisation that publishes the site, cited as each record's
    /// author and publisher (default: `authors`, else the title).
    pub publisher: Option<String>,
    /// The style sources and the first citation of a record page use.
    pub citation_style: CitationStyle,
}

/// `[book.translations.LANG]`: the site's texts in another language.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct BookText {
    /// The site title in that language.
    pub title: Option<String>,
    /// The description in that language.
    pub description: Option<String>,
    /// The publisher's name in that language (`CESPAP` for `ESCAP`), which
    /// citations in it give as author and publisher.
    pub publisher: Option<String>,
}

impl Default for Book {
    fn default() -> Self {
        Book {
            title: "Compendium".to_owned(),
            description: String::new(),
            language: "en".to_owned(),
            authors: Vec::new(),
            base_url: None,
            id: None,
            languages: Vec::new(),
            languages_at: Pos::default(),
            translations: BTreeMap::new(),
            publisher: None,
            citation_style: CitationStyle::Apa,
        }
    }
}

impl Book {
    /// The site's languages, the default first, each once.
    pub fn languages(&self) -> Vec<&str> {
        let mut out = vec![self.language.as_str()];
        for l in &self.languages {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(l)) {
                out.push(l);
            }
        }
        out
    }

    /// Whether `lang` is one of the site's languages (case-insensitive).
    pub fn has_language(&self, lang: &str) -> bool {
        self.languages().iter().any(|l| l.eq_ignore_ascii_case(lang))
    }

    /// The site title in `lang` (the default title when not translated).
    pub fn title_in(&self, lang: &str) -> &str {
        self.translation(lang).and_then(|t| t.title.as_deref()).unwrap_or(&self.title)
    }

    /// The description in `lang` (the default one when not translated).
    pub fn description_in(&self, lang: &str) -> &str {
        self.translation(lang).and_then(|t| t.description.as_deref()).unwrap_or(&self.description)
    }

    /// The `[book.translations.X]` for `lang`: its own, else one of a
    /// language it is a variety of or of a variety of it (`es` serves
    /// `es-419` pages, as `_collection.yaml`'s translations do).
    fn translation(&self, lang: &str) -> Option<&BookText> {
        let find = |ok: &dyn Fn(&str) -> bool| {
            self.translations.iter().find(|(l, _)| ok(l)).map(|(_, t)| t)
        };
        find(&|l| l.eq_ignore_ascii_case(lang))
            .or_else(|| find(&|l| crate::core::lang::same_line(l, lang)))
    }

    /// Who the site's records are cited as by: `publisher` (in `lang`
    /// when translated), else the `authors` joined, else the title in
    /// `lang`.
    pub fn publisher_in(&self, lang: &str) -> String {
        self.authors_in(lang).join(", ")
    }

    /// Who a record's citation names as its authors in `lang`: the
    /// `publisher` (in `lang` when translated) when set, else each of the
    /// `authors`, else the site's title in `lang`.
    pub fn authors_in(&self, lang: &str) -> Vec<String> {
        let translated = self.translation(lang).and_then(|t| t.publisher.as_ref());
        if let Some(p) = translated.or(self.publisher.as_ref()).filter(|p| !p.trim().is_empty()) {
            return vec![p.trim().to_owned()];
        }
        let listed: Vec<String> = self
            .authors
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if listed.is_empty() { vec![self.title_in(lang).to_owned()] } else { listed }
    }

    /// `base-url` ending in `/`, ready to have site paths appended.
    pub fn base_url(&self) -> Option<String> {
        self.base_url.as_ref().map(|b| if b.ends_with('/') { b.clone() } else { format!("{b}/") })
    }

    /// The base URL's path (`/kb/` for `https://example.org/kb/`), `/`
    /// without a base URL: where the site's root is on its host.
    pub fn base_path(&self) -> String {
        self.base_url.as_deref().map_or_else(|| "/".to_owned(), crate::core::links::url_path)
    }

    /// The site's languages but the default: each has a folder of pages.
    pub fn other_languages(&self) -> Vec<&str> {
        self.languages().split_off(1)
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
    /// Records per page of listings, term and country pages; `0` puts
    /// every record on one page. Signed so that a negative value reaches
    /// our own check (with its help line) rather than serde's.
    pub paginate: i64,
    /// `static/` files (paths inside it) the maintainers reviewed: not warned of.
    pub reviewed_static: Vec<String>,
}

/// Records per listing page when `[build] paginate` is not set: small
/// sites stay on one page, and a page of this many records is far under
/// 1 MB.
pub const DEFAULT_PAGINATE: i64 = 100;

/// The most records per page `paginate` may ask for: more would bring back
/// the multi-megabyte pages pagination exists to avoid.
pub const MAX_PAGINATE: i64 = 10_000;

impl Build {
    /// Records per page, or `None` when pagination is off (`paginate = 0`).
    pub fn page_size(&self) -> Option<usize> {
        usize::try_from(self.paginate).ok().filter(|n| *n > 0)
    }
}

impl Default for Build {
    fn default() -> Self {
        Build {
            content_dir: "content".into(),
            build_dir: "site".into(),
            index_dir: "index".into(),
            theme: None,
            minify: true,
            paginate: DEFAULT_PAGINATE,
            reviewed_static: Vec::new(),
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
    /// `[map]`.
    pub map: MapConfig,
    /// `[check]`.
    pub check: CheckConfig,
    /// `[history]`.
    pub history: HistoryConfig,
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
    /// Without `base-url`, the warning that the feeds' links are relative,
    /// at `[book]`: given by a site that has records to put in its feeds.
    pub feed_warning: Option<Diagnostic>,
    /// The date staleness is measured from ([`crate::core::period::today`]).
    pub today: jiff::civil::Date,
    /// Errors in book.toml values that leave the content readable (not a
    /// folder or a limit): only a project from [`Project::load_lenient`] has
    /// any, and `pipeline` reports them with the content's, so that `check`
    /// tells every problem of a run at once.
    pub setting_errors: Vec<Diagnostic>,
    /// Warnings about book.toml (a language tag CLDR does not know),
    /// reported by `pipeline` with the content's.
    pub setting_warnings: Vec<Diagnostic>,
    /// Whether records with `draft: true` are published (`build --drafts`,
    /// `serve --drafts`); by default they are checked but left out.
    pub drafts: bool,
}

impl Project {
    /// Reads and validates `root/book.toml`. A missing file means all defaults.
    /// Problems come back as diagnostics, all of them.
    pub fn load(root: &Path) -> Result<Project, Vec<Diagnostic>> {
        let project = Project::load_lenient(root)?;
        if project.setting_errors.is_empty() { Ok(project) } else { Err(project.setting_errors) }
    }

    /// [`Project::load`], except that errors in values the content can be
    /// read without (all but the folders and limits, and a file that does
    /// not parse) come back in [`Project::setting_errors`]: for `check` and
    /// `build`, which go on to check the content, and fail.
    pub fn load_lenient(root: &Path) -> Result<Project, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        // By the rules of every file a pull request can add: book.toml may be
        // a symlink to /dev/zero, a FIFO or a secret outside the project.
        let text = match crate::core::confine::read_file(root, &path, MAX_CONFIG_BYTES) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    let line = crate::core::source::line_of_byte(
                        e.as_bytes(),
                        e.utf8_error().valid_up_to(),
                    );
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
            Err(ReadError::Missing) if !root.join("content").is_dir() => {
                return Err(vec![
                    Diagnostic::error(
                        CONFIG_FILE,
                        Pos::START,
                        format!(
                            "there is no book.toml and no `content` folder in `{}`: it is not \
                             a Compendium project",
                            root.display()
                        ),
                    )
                    .with_help(
                        "run Compendium in the folder that holds book.toml, or name that folder \
                         with --root DIR; a new project needs at least a `content` folder",
                    ),
                ]);
            }
            Err(ReadError::Missing) => String::new(),
            Err(e) => {
                let help = match e {
                    ReadError::TooLarge(_) | ReadError::Grew => format!(
                        "book.toml holds settings only; keep it under {MAX_CONFIG_BYTES} bytes"
                    ),
                    ReadError::Refused(_) | ReadError::NotRegular => {
                        "make book.toml a plain file in the project folder".to_owned()
                    }
                    _ => "check the file's permissions".to_owned(),
                };
                return Err(vec![
                    Diagnostic::error(
                        CONFIG_FILE,
                        Pos::START,
                        format!("cannot read book.toml: {e}"),
                    )
                    .with_help(help),
                ]);
            }
        };
        let (config, dropped) = parse_recovering(&text)?;
        Project::from_config(root, config, &text, dropped)
    }

    /// Resolves and checks folders; `text` is book.toml's text, for positions.
    fn from_config(
        root: &Path,
        mut config: Config,
        text: &str,
        dropped: Vec<Dropped>,
    ) -> Result<Project, Vec<Diagnostic>> {
        // `diags`: values the content is read without; `fatal`: the folders
        // and limits, without which it cannot be read safely.
        let mut diags = Vec::new();
        let mut fatal = Vec::new();
        for d in dropped {
            if needed_to_read(&d.path) {
                fatal.push(d.diagnostic);
            } else {
                diags.push(d.diagnostic);
            }
        }
        let key_pos = |table: &str, key: &str| find_key(text, table, key);
        config.map.facet_at = key_pos("map", "facet");
        config.book.languages_at = key_pos("book", "languages");
        config.check.resolve(key_pos("check", "stale-after"), &mut diags);
        let folders = Folders::check(root, &config, &key_pos, &mut fatal);
        let Folders { content_dir, build_dir, index_dir, theme_dir } = folders;
        if let Some(url) = &config.book.base_url {
            diags.extend(texts::check_base_url(url, key_pos("book", "base-url")));
        }
        let authors = find_items(text, "book", "authors");
        let author_pos =
            |i: usize| authors.get(i).copied().unwrap_or_else(|| key_pos("book", "authors"));
        let (text_errors, text_warnings) = texts::check_texts(&config.book, &key_pos, &author_pos);
        diags.extend(text_errors);
        if let Some(id) = config.book.id.as_deref().filter(|id| crate::core::rules::is_blank(id)) {
            let said = if id.is_empty() { "empty" } else { "only white space" };
            diags.push(
                Diagnostic::error(CONFIG_FILE, key_pos("book", "id"), format!("`id` is {said}"))
                    .with_help(format!(
                        "write a short slug naming the site, e.g. id = \"digital-trade-compendium\" \
                         (at most {MAX_SITE_ID} lower-case letters, digits and single hyphens), or \
                         remove the key to use a slug of the title"
                    )),
            );
        } else if let Some(id) = &config.book.id
            && (!crate::core::rules::is_id(id) || id.len() > MAX_SITE_ID)
        {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    key_pos("book", "id"),
                    format!("`{}` is not a valid site id", id.escape_debug()),
                )
                .with_help(format!(
                    "use at most {MAX_SITE_ID} lower-case letters, digits and single hyphens, \
                     e.g. id = \"digital-trade-compendium\""
                )),
            );
        }
        // Each language's own place, for a message about one of them.
        let items = find_items(text, "book", "languages");
        let item_pos =
            |i: usize| items.get(i).copied().unwrap_or_else(|| key_pos("book", "languages"));
        check_default_language(&config.book, &key_pos, &mut diags);
        check_languages(&config.book, &key_pos, &item_pos, &mut diags);
        one_case(&mut config.book);
        config.history.check(&key_pos, &mut diags);
        let statics = find_items(text, "build", "reviewed-static");
        let static_pos = |i: usize| {
            statics.get(i).copied().unwrap_or_else(|| key_pos("build", "reviewed-static"))
        };
        let reviewed = &config.build.reviewed_static;
        let (static_errors, static_warnings) = statics::check_reviewed(root, reviewed, &static_pos);
        diags.extend(static_errors);
        if !(0..=MAX_PAGINATE).contains(&config.build.paginate) {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    key_pos("build", "paginate"),
                    format!(
                        "`paginate` is {}, not a number of records per page",
                        config.build.paginate
                    ),
                )
                .with_help(PAGINATE_HELP),
            );
        }
        if !fatal.is_empty() {
            fatal.append(&mut diags);
            return Err(fatal);
        }
        let mut setting_warnings = languages::unknown_languages(&config.book, &key_pos, &item_pos);
        setting_warnings.extend(text_warnings);
        setting_warnings.extend(static_warnings);
        setting_warnings.extend(migrate::foreign_config(root));
        let feed_warning = config.book.base_url.is_none().then(|| {
            // Search engines ignore relative hreflang alternates too
            // (Lighthouse fails them), which only multilingual sites have.
            let hreflang = if config.book.languages().len() > 1 {
                "; the pages' hreflang alternates are relative too, which search engines ignore"
            } else {
                ""
            };
            Diagnostic::warning(
                if root.join(CONFIG_FILE).exists() { CONFIG_FILE } else { "" },
                key_pos("book", ""),
                format!(
                    "`base-url` is not set: the links in the feeds are relative, which most feed \
                     readers cannot follow, and no sitemap.xml or robots.txt is written{hreflang}"
                ),
            )
            .with_help(
                "set `base-url` in [book] to the address the site is published at, \
                 e.g. base-url = \"https://example.org/compendium/\"",
            )
        });
        let (today, date_error) = crate::core::period::today();
        diags.extend(date_error.map(|e| {
            Diagnostic::error("", Pos::START, e).with_help(
                "set it to the seconds since 1970 of the date the build stands for, \
                 e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it to use today",
            )
        }));
        Ok(Project {
            root: root.to_path_buf(),
            config,
            content_dir,
            build_dir,
            index_dir,
            theme_dir,
            feed_warning,
            today,
            setting_errors: diags,
            setting_warnings,
            drafts: false,
        })
    }
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
    fn paginate_is_a_number_of_records_per_page() {
        let c = parse("").unwrap();
        assert_eq!(c.build.page_size(), Some(DEFAULT_PAGINATE as usize));
        assert_eq!(parse("[build]\npaginate = 0\n").unwrap().build.page_size(), None);
        assert_eq!(parse("[build]\npaginate = 7\n").unwrap().build.page_size(), Some(7));
        // A value of the wrong type: toml's message, with our help.
        let e = parse("[build]\nminify = true\npaginate = \"ten\"\n").unwrap_err();
        assert_eq!(e[0].line, 3, "{e:?}");
        assert!(e[0].help.as_deref().is_some_and(|h| h.contains("0 to put every record")), "{e:?}");
    }

    #[test]
    fn every_wrong_value_is_reported_with_its_key_and_the_rest_is_read() {
        let text = "[book]\ntitle = 5\nlanguages = [\"en\", 3]\nauthors = \"me\"\n\
                    description = \"kept\"\n[book.translations.fr]\ntitel = \"x\"\n\
                    [build]\nminify = \"yes\"\n";
        let (config, dropped) = parse_recovering(text).unwrap();
        // The values that were right are read; the wrong ones take defaults.
        assert_eq!(config.book.description, "kept");
        assert_eq!(config.book.title, "Compendium");
        let said: Vec<(u32, &str, &str)> = dropped
            .iter()
            .map(|d| {
                let h = d.diagnostic.help.as_deref().unwrap_or("");
                (d.diagnostic.line, d.diagnostic.message.as_str(), h)
            })
            .collect();
        assert_eq!(said.len(), 5, "{said:#?}");
        assert!(said[0].1.contains("`title` in [book]") && said[0].2.contains("double quotes"));
        assert!(said[1].1.contains("`languages` in [book]") && said[1].2.contains("each item"));
        assert!(said[2].2.contains("square brackets"), "{said:#?}");
        assert_eq!((said[3].0, said[3].2), (7, "did you mean `title`?"));
        assert!(said[4].1.contains("`minify` in [build]") && said[4].2.contains("true"));
        // Not TOML at all: its syntax errors, and nothing read.
        assert!(parse_recovering("[book\ntitle = \n").is_err());
    }

    #[test]
    fn a_wrong_folder_or_limit_stops_the_run_other_values_do_not() {
        let p = |v: &[&str]| needed_to_read(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert!(p(&["build", "content-dir"]) && p(&["limits", "yaml-max-depth"]) && p(&["bulid"]));
        assert!(!p(&["build", "minify"]) && !p(&["book", "title"]) && !p(&["map", "facet"]));
    }

    #[test]
    fn unknown_table_has_hint() {
        let e = parse("[bulid]\n").unwrap_err();
        assert_eq!(e[0].help.as_deref(), Some("did you mean `build`?"));
    }
}
