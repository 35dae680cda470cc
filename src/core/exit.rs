//! The process exit codes (SPEC.md): `cmd` returns them, and so does
//! `serve`, which runs until it stops.

/// Success.
pub const OK: u8 = 0;
/// Content errors (or no index for `search`).
pub const CONTENT_ERROR: u8 = 1;
/// Usage errors.
pub const USAGE: u8 = 2;
