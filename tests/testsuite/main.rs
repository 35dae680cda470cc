//! Compendium's integration tests: one binary, one module per feature, each
//! with its fixture sites beside it (see `support` for the helpers).

mod support;

// `build`: pages, links from disk, reproducibility, atomic failure, hostile content, themes.
mod build;

// `check`: one test per validation rule, exact file:line:col and message.
mod check;

// `search`: the command line, its output and its quality on judged queries.
mod search;
// Browser search: parity with the command line under node, and headless Chromium.
mod browser;
// Accessibility in headless Chromium: axe-core on every kind of page, search by keyboard.
mod a11y;

// `new`, `schema`, `export`.
mod commands;

// The shipped knowledge base: citations with locators, figures traceable to the sources.
mod knowledge_base;

// `serve`: live preview, path confinement, live reload in Chromium, incremental = full build.
mod serve;

// Inputs found while fuzzing (fuzz/, docs/fuzzing.md) that panicked or blew up: each stays fixed.
mod fuzz_regressions;

// A hostile pull request or a fault: output folders, symlinks, CSV cells, serve under load,
// damaged indexes, killed builds, machine-readable output, messages naming the field.
mod hostile;
