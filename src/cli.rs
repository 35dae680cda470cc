//! The command line: clap definitions only, no logic.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::Format;

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
    Build,
    /// Build, then serve the site with live reload while watching content/,
    /// themes/ and book.toml; rebuild only what a change touches.
    Serve {
        /// Address to listen on. Only the loopback address is safe: anything
        /// else shows the site to your network.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Port to listen on; 0 picks a free one (the URL is printed).
        #[arg(long, short, default_value_t = 3000)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Validate content only; write nothing.
    Check {
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Write a new record with every required field stubbed; print its path.
    New {
        /// The collection (folder under content/).
        collection: String,
        /// The record's title; its id is made from it.
        title: String,
    },
    /// Print JSON Schema for records (of one collection, or all).
    Schema {
        /// One collection; all when omitted.
        collection: Option<String>,
    },
    /// Print the records as a dataset.
    Export {
        /// JSON (one array) or CSV (one collection per run, or all with a
        /// `collection` column).
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Only this collection.
        #[arg(long)]
        collection: Option<String>,
    },
}

/// Dataset formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON array of records.
    Json,
    /// A header row, then one row per record; lists joined with `; `.
    Csv,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        super::Cli::command().debug_assert();
    }
}
