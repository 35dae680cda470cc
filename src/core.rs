//! The leaf layer: pure pieces every other module may use, which use
//! nothing else of the crate (tests/testsuite/layers.rs holds the order).
//!
//! - [`diag`]: diagnostics (`path:line:col: error: …`) and their formats;
//! - [`source`]: byte offsets to lines and columns;
//! - [`yaml`]: the YAML reader that keeps every node's position;
//! - [`lang`]: language tags and which tag covers which;
//! - [`links`]: where an address in a record's body points, on any page;
//! - [`rules`]: the value rules (ids, dates, URLs, limits) that `check`
//!   applies and the JSON Schema states;
//! - [`countries`]: ISO 3166 codes and names;
//! - [`confine`]: paths that must stay inside a root (no `..`, no symlink out);
//! - [`names`]: the file names the output folders reserve;
//! - [`intern`]: one copy of each field name for the whole process;
//! - [`escape`]: HTML escaping;
//! - [`exit`]: the process exit codes;
//! - [`period`]: lengths of time (`stale-after`) and the date they count from;
//! - [`timings`]: the stage timer behind `build --timings`;
//! - [`spool`]: a temporary file for byte strings written once, read by
//!   position (a build's record bodies);
//! - [`read_ahead`]: asks the kernel to read files before their readers
//!   get to them (a cold disk).

pub mod confine;
pub mod countries;
pub mod dates;
pub mod diag;
pub mod escape;
pub mod exit;
pub mod intern;
pub mod lang;
pub mod links;
pub mod names;
pub mod period;
pub mod read_ahead;
pub mod rules;
pub mod source;
pub mod spool;
pub mod timings;
pub mod yaml;
