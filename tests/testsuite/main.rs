//! Compendium's integration tests: one binary, one module per feature, each
//! with its fixture sites beside it (see `support` for the helpers).

mod support;

// `check`: one test per validation rule, exact file:line:col and message.
mod check;

// The shipped knowledge base: citations with locators, figures traceable to the sources.
mod knowledge_base;

// `serve`: live preview, path confinement, live reload in Chromium, incremental = full build.
mod serve;

// `build`: rendered pages, links from disk, reproducibility, safety.
mod build;

// `search`: the command line, its output and its quality on judged queries.
mod search;
