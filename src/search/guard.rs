//! The boundary between Compendium and tantivy's readers: a damaged index
//! that slips past the checksums (or a file changed while it is read) can
//! make tantivy's decoders panic (slice bounds, vint and bit-unpacking
//! overflows). [`run`] turns such a panic into an error message, and keeps
//! the panic's report and backtrace off the user's terminal.
//!
//! The panic hook is process-wide and `serve` searches on many threads at
//! once, so swapping the hook per call would race. Instead one hook is
//! installed for good, wrapping the one before it, and stays silent only
//! on a thread that is inside [`run`] (a thread-local depth): a panic
//! anywhere else is reported as before. tantivy searches on the calling
//! thread (its default executor, which the engine keeps), so the panics
//! that matter happen where the flag is set.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How many [`run`] calls this thread is inside.
    static GUARDED: Cell<u32> = const { Cell::new(0) };
}

static HOOK: Once = Once::new();

/// Runs `f`; a panic inside it becomes `Err` with the panic's message,
/// reported nowhere else.
///
/// # Errors
/// The panic's message when `f` panicked.
pub fn run<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
    GUARDED.with(|g| g.set(g.get() + 1));
    // Unwind safety: on a panic the caller drops or distrusts what `f`
    // touched (the engine answers "damaged" from then on: see `engine`).
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(g.get() - 1));
    result.map_err(|payload| {
        let text = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a reader stopped".to_owned());
        // One line, and short: a decoder's message, not a dump.
        let line = text.lines().next().unwrap_or_default();
        line.chars().take(200).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(run(|| 7), Ok(7));
        let r: Result<(), String> = run(|| panic!("index out of bounds: the len is 3"));
        assert_eq!(r, Err("index out of bounds: the len is 3".to_owned()));
        let values: Vec<u8> = Vec::new();
        let i = values.len() + 2;
        let r = run(|| values[i]);
        assert!(r.is_err_and(|m| m.contains("index out of bounds")));
        // Nested and after a panic: still guarded, still usable.
        assert_eq!(run(|| run(|| panic!("inner")).unwrap_err()), Ok("inner".to_owned()));
        assert_eq!(GUARDED.with(Cell::get), 0);
    }
}
