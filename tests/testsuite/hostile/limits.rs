//! `book.toml` comes with pull requests too: its `[limits]` can be raised,
//! not lifted, so a hostile one cannot turn a record into a hang.

use crate::support::*;

#[test]
fn limits_cannot_be_raised_past_their_ceilings() {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[limits]\nmax-file-bytes = 1000000000\nyaml-max-depth = 10000000\nyaml-max-nodes = 100000000\nyaml-max-aliases = 100000000\nmarkdown-max-depth = 10000000\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for (line, key) in [
        (2, "max-file-bytes"),
        (3, "yaml-max-depth"),
        (4, "yaml-max-nodes"),
        (5, "yaml-max-aliases"),
        (6, "markdown-max-depth"),
    ] {
        assert!(
            r.stderr.contains(&format!("book.toml:{line}:1: error: `{key}` is ")),
            "{key}: {}",
            r.stderr
        );
    }
    // Raised within bounds is fine.
    s.write("book.toml", "[limits]\nmax-file-bytes = 4194304\nmarkdown-max-depth = 128\n");
    assert_eq!(s.run(&["check"]).code, 0);
}
