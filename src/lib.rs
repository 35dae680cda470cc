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
//!              output::Staging ◄── render / feeds / export / search ◄─────────────┘
//! ```
//!
//! Only `load` and `config` read content, only `output` and `search`'s index
//! writer touch the output folders, and every stage in between is a pure
//! function of its input: `check` is the pipeline without the last step.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod confine;
pub mod countries;
pub mod diag;
pub mod export;
pub mod feeds;
pub mod fingerprint;
pub mod incremental;
pub mod lang;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod schema;
pub mod search;
pub mod serve;
pub mod source;
pub mod timings;
pub mod validate;
pub mod yaml;

pub use config::{Config, Project};
pub use diag::{Diagnostic, Diagnostics};
pub use model::{Key, Record, Site};
