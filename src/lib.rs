//! Compendium: a static knowledge-base generator and search index.
//!
//! Records of best practices, capacity-building programmes and data-flow
//! regulations, written as YAML and Markdown in `content/`, become a static
//! site with a prebuilt tantivy index. Data flows one way:
//!
//! ```text
//! config::Project::load ─► load::scan ─► schema::build ─► validate ─► resolve ─► Site
//!                          (schema files,                 (each record file,      │
//!                           record paths)                  load::read_records)    │
//!     output::Staging ◄── render / feeds / export / search ◄── build ◄────────────┘
//! ```
//!
//! Only `load` and `config` read content, only `output` and `search`'s index
//! writer touch the output folders, and every stage in between is a pure
//! function of its input: `check` is the pipeline without the last step.
//!
//! The modules form layers, each using only those below it:
//! [`core`] (diagnostics, positions, YAML, language tags, value rules,
//! confinement) → [`config`] → [`model`] → content ([`markdown`], [`load`],
//! [`schema`], [`validate`], [`resolve`], [`history`], [`pipeline`]) → output
//! ([`output`], [`cite`], [`render`], [`feeds`], [`export`], [`search`],
//! [`fingerprint`]) → [`build`] → [`serve`] (with its incremental
//! [`engine`](serve::engine)) → [`cli`] and [`cmd`]. `tests/testsuite/layers.rs` fails on any `crate::…` that
//! reaches up.

// No input may panic the program: outside tests, every failure is an
// error value, never `unwrap`/`expect` (clippy fails the build on one).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

// std's `eprint!` and `eprintln!` panic when stderr cannot be written
// (`compendium build 2>/dev/full`); these, in scope in every module below,
// lose the message instead of the run.
macro_rules! eprint {
    ($($arg:tt)*) => { $crate::core::exit::say(format_args!($($arg)*)) };
}
macro_rules! eprintln {
    () => { $crate::core::exit::say(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::core::exit::say(format_args!("{}\n", format_args!($($arg)*))) };
}

// In layer order, lowest first (tests/testsuite/layers.rs enforces it).
pub mod core;

pub mod config;

pub mod model;

pub mod history;
pub mod load;
pub mod markdown;
pub mod pipeline;
pub mod resolve;
pub mod schema;
pub mod validate;

pub mod cite;
pub mod export;
pub mod feeds;
pub mod fingerprint;
pub mod output;
pub mod render;
pub mod search;

pub mod build;

pub mod serve;

pub mod cli;
pub mod cmd;

pub use crate::core::diag::{Diagnostic, Diagnostics};
pub use config::{Config, Project};
pub use model::{Key, Record, Site};
