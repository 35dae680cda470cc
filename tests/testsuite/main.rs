//! Compendium's integration tests: one binary, one module per feature, each
//! with its fixture sites beside it (see `support` for the helpers).

mod support;

// `check`: one test per validation rule, exact file:line:col and message.
mod check;

// `build`: rendered pages, links from disk, reproducibility, safety.
mod build;
