//! Compendium's integration tests: one binary, one module per feature, each
//! with its fixture sites beside it (see `support` for the helpers).

mod support;

// `check`: one test per validation rule, exact file:line:col and message.
mod check;

// The shipped knowledge base: citations with locators, figures traceable to the sources.
mod knowledge_base;

// `new`, `schema`, `export`.
mod commands;
