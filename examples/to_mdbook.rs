//! Writes a Compendium site's records as an mdBook, so benchmarks can time
//! mdBook on exactly the same content (see README, Benchmarks).
//!
//! `cargo run --release --example to_mdbook -- SITE OUTDIR` loads SITE with
//! Compendium's own pipeline and writes `OUTDIR/book.toml`,
//! `OUTDIR/src/SUMMARY.md` (one part per collection, one chapter per
//! record) and `OUTDIR/src/COLLECTION/ID.md` (title, summary, body).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).unwrap_or_else(|e| panic!("mkdir {}: {e}", p.display()));
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: to_mdbook SITE OUTDIR");
        std::process::exit(2);
    }
    let out = PathBuf::from(&args[2]);
    let loaded = compendium::pipeline::load(Path::new(&args[1]));
    let Some(site) = loaded.site else {
        eprintln!(
            "{} error(s) in {}; run `compendium check`",
            loaded.diagnostics.error_count(),
            args[1]
        );
        std::process::exit(1);
    };
    let _ = fs::remove_dir_all(out.join("src"));
    let title = &site.project.config.book.title;
    write(&out.join("book.toml"), &format!("[book]\ntitle = {title:?}\nlanguage = \"en\"\n"));
    let mut summary = String::from("# Summary\n\n");
    for (name, keys) in &site.listings {
        let c = &site.schema.collections[name];
        let _ = writeln!(summary, "# {}\n", c.title);
        for key in keys {
            let r = &site.records[key];
            // Link text must not break the SUMMARY.md list syntax.
            let label = r.title().replace(['[', ']'], "");
            let _ = writeln!(summary, "- [{label}]({}/{}.md)", key.collection, key.id);
            write(
                &out.join("src").join(&*key.collection).join(format!("{}.md", key.id)),
                &format!("# {}\n\n{}\n\n{}\n", r.title(), r.summary(), r.body.text()),
            );
        }
        summary.push('\n');
    }
    write(&out.join("src/SUMMARY.md"), &summary);
    eprintln!("wrote {} chapters to {}", site.records.len(), out.display());
}
