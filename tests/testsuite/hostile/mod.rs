//! Hostile pull requests and faults: each case failed before its fix.

// `build-dir` / `index-dir` that would replace the project's own material.
mod folders;
// Stale staging folders after a killed or failed build; messages that stay true.
mod staging;
// Symlinks and paths that resolve outside the project root.
mod symlinks;
// Spreadsheet formula injection through CSV cells.
mod csv;
// `serve` under concurrent searches, Host header, headers, timeouts, watcher re-arming.
mod serve;
// A damaged index: `search` exits 1 with a way out, a no-change build notices.
mod index;
// Machine-readable output on stdout, messages that name their field.
mod output;
// `[limits]` in a pull request's book.toml cannot disarm the guards.
mod limits;
// book.toml that is no plain file, reserved field names, language folders.
mod project;
// Theme templates that read the environment, allocate without bound, or recurse.
mod theme;
// Collections, taxonomies and languages named like a folder the build writes (`changes/`).
mod reserved;
// Listing filters and the compare page with names like `constructor` or `__proto__`.
mod scripts;
// Control characters in book.toml and schema texts, `cite` on a terminal, base-url's shape.
mod texts;

// Pipes, sockets and dangling links in static/ and themes; static/ files that run.
mod statics;
