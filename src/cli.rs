//! The command line: clap definitions only, no logic.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::core::diag::Format;

/// Compendium builds a static knowledge base of best practices, programmes
/// and data-flow regulations, with a prebuilt search index.
#[derive(Debug, Parser)]
#[command(name = "compendium", version, about, max_term_width = 100)]
pub struct Cli {
    /// The folder holding book.toml.
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate content, render the site into the build folder and the search
    /// index into the index folder.
    Build {
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// Render everything even when nothing changed since the last build.
        #[arg(long)]
        force: bool,
        /// Publish records with `draft: true` too (Zola's and Hugo's
        /// `--drafts`), to preview them; they are left out by default.
        #[arg(long)]
        drafts: bool,
    },
    /// Build, then serve the site with live reload while watching content/,
    /// themes/ and book.toml; rebuild only what a change touches.
    Serve {
        /// Address to listen on. Only the loopback address is safe: anything
        /// else shows the site to your network (a warning says so). Requests
        /// must name localhost, 127.x.x.x, [::1] or this host (any address
        /// for 0.0.0.0 or ::); others get 403, against DNS rebinding.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Port to listen on; 0 picks a free one (the URL is printed).
        #[arg(long, short, default_value_t = 3000)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Publish records with `draft: true` too, to preview them.
        #[arg(long)]
        drafts: bool,
    },
    /// Validate content only; write nothing.
    Check {
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail (exit 1) on warnings too, as `cargo clippy -- -D warnings`
        /// and `zola check` in CI: a missing alt text or an unread string
        /// does not reach the main branch.
        #[arg(long)]
        strict: bool,
        /// Let published records refer to drafts, as `build --drafts` would
        /// publish them (drafts are checked either way).
        #[arg(long)]
        drafts: bool,
    },
    /// Write a new record with every required field stubbed; print its path.
    /// With `--lang`, a record written in that language, or, when TITLE names
    /// an existing record (its id or title), its translation `ID.LANG.md`.
    New {
        /// The collection (folder under content/).
        collection: String,
        /// The record's title (its id is made from it), or with `--lang` the
        /// id or title of the record to translate.
        title: String,
        /// The language (BCP 47 tag) the new file is written in.
        #[arg(long)]
        lang: Option<String>,
        /// The new record's id, when the title gives none (a title in
        /// Chinese or Arabic script).
        #[arg(long)]
        id: Option<String>,
    },
    /// Print JSON Schema for records (of one collection, or all).
    Schema {
        /// One collection; all when omitted.
        collection: Option<String>,
        /// The schema of translation files (`ID.LANG.md`) instead.
        #[arg(long)]
        translation: bool,
        /// Of Markdown front matter (no `body` key) instead of YAML files.
        #[arg(long)]
        markdown: bool,
    },
    /// Query the prebuilt search index (run `build` first).
    Search(SearchArgs),
    /// Show the records of two or more jurisdictions side by side, one row
    /// per field (facets first), one column per jurisdiction; a bloc's
    /// records also show for its members, marked with the bloc.
    Compare(CompareArgs),
    /// Print a record's citation: APA or Chicago text, or BibTeX, RIS or
    /// CSL-JSON data to import into a reference manager.
    Cite(CiteArgs),
    /// Print the records as a dataset, or the search index's documents for
    /// another search engine.
    Export {
        /// JSON (one array) or CSV (one collection per run, or all with a
        /// `collection` column); `ndjson` (one search document per line:
        /// Meilisearch, Quickwit) or `opensearch` (the `_bulk`
        /// body of OpenSearch and Elasticsearch).
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Only this collection.
        #[arg(long)]
        collection: Option<String>,
        /// The index `opensearch` action lines name (default: `[book] id`,
        /// else `compendium`).
        #[arg(long, value_name = "NAME")]
        index: Option<String>,
    },
}

/// Arguments of `compare`.
#[derive(Debug, Clone, clap::Args)]
pub struct CompareArgs {
    /// Countries (alpha-3 or alpha-2 codes, or names) and blocs (ids,
    /// labels or aliases of `regions` terms with members, or that records
    /// name as their jurisdiction), case aside.
    // One is accepted here and refused by `compare` with where to look
    // instead (clap would only say "2 values required").
    #[arg(required = true, num_args = 1.., value_name = "JURISDICTION")]
    pub jurisdictions: Vec<String>,
    /// Only this collection; by default every collection with a country
    /// field in which one of them has records.
    #[arg(long, value_name = "C")]
    pub collection: Option<String>,
    /// The language to compare in, one of the site's (default: the
    /// site's default language): names, labels and titles in it.
    #[arg(long, value_name = "L")]
    pub lang: Option<String>,
    /// Print one JSON document (see README, "Compare").
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `cite`.
#[derive(Debug, Clone, clap::Args)]
pub struct CiteArgs {
    /// The record: `collection/id`, or its id alone when no other
    /// collection has that id.
    #[arg(value_name = "KEY")]
    pub key: String,
    /// What to print (default: `[book] citation-style`, which defaults to APA).
    #[arg(long, value_enum, value_name = "STYLE")]
    pub style: Option<CiteFormat>,
    /// The language to cite in, one of the site's (default: the site's
    /// default language): the record's title in it, the style's terms and
    /// dates in it, and its page's URL.
    #[arg(long, value_name = "L")]
    pub lang: Option<String>,
}

/// What `cite` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CiteFormat {
    /// APA 7th edition, reference-list entry.
    Apa,
    /// Chicago 18th edition, bibliography entry.
    Chicago,
    /// A BibTeX `@misc` entry.
    Bibtex,
    /// An RIS record.
    Ris,
    /// CSL-JSON (an array of one item).
    CslJson,
}

/// Arguments of `search`.
#[derive(Debug, Clone, clap::Args)]
pub struct SearchArgs {
    /// Words (all must match), "quoted phrases", -excluded words and
    /// field:value facet filters.
    #[arg(allow_hyphen_values = true)]
    pub query: String,
    /// Only records of this collection.
    #[arg(long, value_name = "C")]
    pub collection: Option<String>,
    /// Only records whose facet FIELD has VALUE (case-insensitive), or
    /// whose date or number FIELD is in a range (`adopted=2018..2023`,
    /// `launched=>=2020`); repeatable: values of one field are
    /// alternatives, different fields must all match.
    #[arg(long = "filter", value_name = "FIELD=VALUE", value_parser = parse_filter)]
    pub filters: Vec<(String, String)>,
    /// Order hits by a date or number field, `FIELD` (oldest or smallest
    /// first) or `-FIELD` (newest or largest first), instead of by
    /// relevance; records without the field come last.
    #[arg(long, value_name = "[-]FIELD", allow_hyphen_values = true)]
    pub sort: Option<String>,
    /// Most results shown.
    // `--limit -1` is a value out of range (1 to 100000), not an unknown
    // option `-1`.
    #[arg(long, default_value_t = 10, allow_negative_numbers = true, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: u32,
    /// Show each hit's version in this site language (title, snippet, and
    /// the url of that language's page); default: the site's default
    /// language. The query itself may be in any language.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Skip this many hits first: the next page starts at OFFSET + LIMIT.
    #[arg(long, default_value_t = 0, value_name = "N", allow_negative_numbers = true)]
    pub offset: u32,
    /// Print JSON: `--json` one array of hits, `--json=full` an object with
    /// `total`, `offset`, `limit`, `lang`, `hits`, `facets` and `notes`.
    #[arg(long, value_name = "SHAPE", num_args = 0..=1, require_equals = true, default_missing_value = "hits")]
    pub json: Option<JsonArg>,
}

/// The shapes of `search --json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum JsonArg {
    /// One array of hits, best first.
    Hits,
    /// An object with the hits, the total, facet counts and notes.
    Full,
}

fn parse_filter(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((f, v)) if !f.trim().is_empty() && !v.trim().is_empty() => {
            Ok((f.trim().to_owned(), v.trim().to_owned()))
        }
        _ => Err(format!("`{s}` is not FIELD=VALUE")),
    }
}

/// Dataset formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON array of records.
    Json,
    /// A header row, then one row per record; lists joined with `; `.
    Csv,
    /// The search index's documents, one JSON object per line.
    Ndjson,
    /// The search index's documents as an OpenSearch/Elasticsearch `_bulk`
    /// body.
    #[value(alias = "elasticsearch")]
    Opensearch,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        super::Cli::command().debug_assert();
    }
}
