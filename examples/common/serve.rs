//! Shared by the benchmark examples: start `compendium serve` on a free port.

use std::io::{BufRead as _, BufReader, Read as _};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Starts `BIN --root ROOT serve --port 0` and returns it with the URL it
/// printed (empty when it printed none). Its stdout is drained from then on
/// so that it never blocks on a full pipe; the caller kills it.
pub fn start(bin: &Path, root: &Path) -> (Child, String) {
    let mut child = Command::new(bin)
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    let mut url = String::new();
    while out.read_line(&mut line).unwrap_or(0) > 0 {
        if let Some(u) = line.trim().strip_prefix("serving ") {
            url = u.to_owned();
            break;
        }
        line.clear();
    }
    std::thread::spawn(move || {
        let mut rest = Vec::new();
        let _ = out.read_to_end(&mut rest);
    });
    (child, url)
}
