//! Shared by the serve benchmarks: copy a site's sources, start
//! `compendium serve` on a free port.

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

/// Copies the site at `src` into `dst`, without its previous outputs
/// (`site/`, `index/`, which may be changing): the copy builds its own.
pub fn copy_sources(src: &Path, dst: &Path) {
    let walk = walkdir::WalkDir::new(src).sort_by_file_name().into_iter().filter_entry(|e| {
        !(e.depth() == 1 && matches!(e.file_name().to_str(), Some("site" | "index")))
    });
    for entry in walk {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(src).expect("prefix");
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
