//! The process exit codes (SPEC.md): `cmd` returns them, and so does
//! `serve`, which runs until it stops.

/// Success.
pub const OK: u8 = 0;
/// Content errors (or no index for `search`).
pub const CONTENT_ERROR: u8 = 1;
/// Usage errors.
pub const USAGE: u8 = 2;

/// Writes to stderr, losing the text where stderr cannot take it (closed,
/// full): a message is never worth a panic. Used through the crate's
/// `eprint!` and `eprintln!`.
pub fn say(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let _ = std::io::stderr().lock().write_fmt(args);
}

/// Writes `text` to stdout: [`OK`] when written, or when the reader has
/// gone (`compendium schema | head -1`: it has what it wanted, as with
/// `cat` or `rg`); otherwise the error is said and [`CONTENT_ERROR`]
/// returned, so that CI does not pass on a report it never wrote.
pub fn print_out(text: &str) -> u8 {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            say(format_args!("error: cannot write to stdout: {e}\n"));
            CONTENT_ERROR
        }
    }
}
