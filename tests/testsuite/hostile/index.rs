//! See `hostile/mod.rs`: a damaged index (defect 6 of #12). `search` on a
//! damaged index exits 1 naming the folder and `build --force`, never
//! panics; a build without `--force` notices the damage and repairs it.

use std::fs;
use std::path::Path;

use crate::support::{Run, Site, snapshot};

/// A deterministic pseudo-random sequence (Knuth's MMIX LCG): the same
/// corruptions on every run, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A site with enough records that the index has several blocks of
/// postings, positions and stored documents to damage.
fn site() -> Site {
    let s = Site::minimal();
    for i in 0..24 {
        let area = if i % 2 == 0 { "customs" } else { "payments" };
        let extra = if i == 7 { " A lighthouse guides ships." } else { "" };
        s.write(
            &format!("content/practices/p{i:02}.md"),
            &format!(
                "---\ntitle: Practice number {i}\nsummary: Trade facilitation measure {i}.\n\
                 area: {area}\ntopics: [trade]\ncountries: [KEN, FRA]\n---\n\n\
                 Paperless trade, electronic signatures and data flows, case {i}: \
                 customs authorities exchange certificates of origin with partner \
                 agencies in {i} ports.{extra}\n"
            ),
        );
    }
    s
}

/// The files of the index folder that a corruption may hit (tantivy's lock
/// files are empty and carry nothing).
fn index_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("index folder")
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".lock"))
        .collect();
    names.sort();
    names
}

/// Damages `path` one of six ways; returns what was done, or `None` when
/// the bytes did not change.
fn corrupt(path: &Path, rng: &mut Lcg) -> Option<String> {
    let mut bytes = fs::read(path).expect("read");
    let before = bytes.clone();
    let len = bytes.len();
    let kind = if len == 0 { 3 } else { rng.below(6) };
    let what = match kind {
        0 => {
            let n = 1 + rng.below(8);
            for _ in 0..n {
                let at = rng.below(len);
                bytes[at] ^= 1 + rng.below(255) as u8;
            }
            format!("flipped {n} byte(s)")
        }
        1 => {
            let to = rng.below(len);
            bytes.truncate(to);
            format!("truncated to {to} of {len} bytes")
        }
        2 => {
            let at = rng.below(len);
            let n = (1 + rng.below(64)).min(len - at);
            bytes[at..at + n].fill(0);
            format!("zeroed {n} bytes at {at}")
        }
        3 => {
            fs::remove_file(path).expect("remove");
            return Some("deleted".into());
        }
        4 => {
            let at = rng.below(len);
            let n = (1 + rng.below(256)).min(len - at);
            for b in &mut bytes[at..at + n] {
                *b = rng.next() as u8;
            }
            format!("overwrote {n} bytes at {at} with noise")
        }
        _ => {
            let n = 1 + rng.below(32);
            bytes.extend((0..n).map(|_| rng.next() as u8));
            format!("appended {n} bytes")
        }
    };
    fs::write(path, &bytes).expect("write");
    (bytes != before).then_some(what)
}

fn assert_no_panic(run: &Run, what: &str) {
    assert!(run.code == 0 || run.code == 1, "{what}: exit {}\n{}", run.code, run.stderr);
    for noise in ["panicked", "backtrace", "RUST_BACKTRACE"] {
        assert!(!run.stderr.contains(noise), "{what}: `{noise}` on stderr:\n{}", run.stderr);
    }
}

/// Runs the searches of a round: exit 0 or 1, never a panic, and 1 names
/// the folder and the way out. Returns how many saw the damage.
fn searches_survive(s: &Site, what: &str) -> usize {
    let mut damaged = 0;
    for args in [&["search", "certificates"][..], &["search", "trade", "--json", "--limit", "50"]] {
        let run = s.run(args);
        assert_no_panic(&run, what);
        if run.code == 1 {
            damaged += 1;
            assert!(run.stderr.contains("`index`"), "{what}: no folder named:\n{}", run.stderr);
            assert!(
                run.stderr.contains("compendium build --force"),
                "{what}: no way out:\n{}",
                run.stderr
            );
        }
    }
    damaged
}

/// Many seeded corruptions of the index folder, each of a good index:
/// `search` answers 0 or 1 (1 naming the folder and `build --force`).
#[test]
fn damaged_index_never_panics_search() {
    let s = site();
    assert_eq!(s.run(&["build"]).code, 0);
    let index = s.path().join("index");
    let pristine = snapshot(&index);
    let mut rng = Lcg(0x5eed_1dec);
    let mut damaged = 0;
    for round in 0..80 {
        let files = index_files(&index);
        let name = &files[rng.below(files.len())];
        let Some(how) = corrupt(&index.join(name), &mut rng) else { continue };
        damaged += searches_survive(&s, &format!("round {round}: `{name}` {how}"));
        for (file, bytes) in &pristine {
            fs::write(index.join(file), bytes).expect("restore");
        }
    }
    // The seed must exercise the damaged path, not only harmless changes.
    assert!(damaged >= 40, "only {damaged} searches saw the damage");
}

/// Seeded corruptions, one after the other: the next plain `build` notices
/// every changed byte and repairs the index, and `search` works again.
#[test]
fn a_plain_build_notices_and_repairs_a_damaged_index() {
    let s = site();
    assert_eq!(s.run(&["build"]).code, 0);
    let index = s.path().join("index");
    let mut rng = Lcg(0xdec0_de12);
    for round in 0..12 {
        let files = index_files(&index);
        let name = &files[rng.below(files.len())];
        let Some(how) = corrupt(&index.join(name), &mut rng) else { continue };
        let what = format!("round {round}: `{name}` {how}");
        searches_survive(&s, &what);
        let rebuilt = s.run(&["build"]);
        assert_eq!(rebuilt.code, 0, "{what}: {}", rebuilt.stderr);
        assert!(
            !rebuilt.stderr.contains("up to date"),
            "{what}: the build did not notice:\n{}",
            rebuilt.stderr
        );
        let again = s.run(&["search", "lighthouse", "--json"]);
        assert_eq!(again.code, 0, "{what}: not repaired:\n{}", again.stderr);
        assert!(again.stdout.contains("practices/p07"), "{what}: {}", again.stdout);
    }
    // Once repaired, a build with nothing changed skips again.
    let skipped = s.run(&["build"]);
    assert!(skipped.stderr.contains("up to date"), "{}", skipped.stderr);
}

/// The site's browser index is output too: a truncated or overwritten
/// `search/` file makes the next plain build render again.
#[test]
fn damaged_browser_index_is_rebuilt_by_a_plain_build() {
    let s = site();
    assert_eq!(s.run(&["build"]).code, 0);
    let search = s.path().join("site/search");
    let mut chunks: Vec<_> = fs::read_dir(search.join("i"))
        .expect("search/i")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "js"))
        .collect();
    chunks.sort();
    let chunk = chunks.first().expect("a chunk").clone();
    let pristine = fs::read(&chunk).expect("read");
    let meta = search.join("meta.js");

    // Truncated catalog of the browser index.
    let bytes = fs::read(&meta).expect("read");
    fs::write(&meta, &bytes[..bytes.len() / 2]).expect("write");
    let run = s.run(&["build"]);
    assert!(!run.stderr.contains("up to date"), "{}", run.stderr);
    assert_eq!(fs::read(&meta).expect("read"), bytes);

    // Same size, other bytes: only the modification time tells.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut noise = pristine.clone();
    noise.iter_mut().take(16).for_each(|b| *b = b'#');
    fs::write(&chunk, &noise).expect("write");
    let run = s.run(&["build"]);
    assert!(!run.stderr.contains("up to date"), "{}", run.stderr);
    assert_eq!(fs::read(&chunk).expect("read"), pristine);
    assert!(s.run(&["build"]).stderr.contains("up to date"));
}

/// A damaged catalog beside the tantivy index (`compendium.json`) is
/// damage, not "another version".
#[test]
fn damaged_catalog_says_build_force() {
    let s = site();
    assert_eq!(s.run(&["build"]).code, 0);
    s.write("index/compendium.json", "{\"format\": 1, \"records\": ");
    let run = s.run(&["search", "trade"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("`index`") && run.stderr.contains("build --force"),
        "{}",
        run.stderr
    );
    let run = s.run(&["build"]);
    assert!(!run.stderr.contains("up to date"), "{}", run.stderr);
    assert_eq!(s.run(&["search", "trade"]).code, 0);
}

/// A running `compendium serve --port 0`, killed on drop.
struct Serve {
    child: std::process::Child,
    url: String,
    agent: ureq::Agent,
}

impl Serve {
    fn start(site: &Path) -> Serve {
        let (child, url, _) = crate::support::spawn_serve(site, &[], &[]);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(std::time::Duration::from_secs(20)))
            .build()
            .into();
        assert!(url.starts_with("http://"), "serve printed no URL");
        Serve { child, url, agent }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let mut r = self.agent.get(format!("{}{path}", self.url)).call().expect("request");
        let body = r.body_mut().read_to_string().unwrap_or_default();
        (r.status().as_u16(), body)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `/api/search` on a damaged index answers 5xx with the message and the
/// server goes on; the next save writes the index anew (not in place).
#[test]
fn serve_answers_a_damaged_index_with_an_error_and_repairs_it_on_the_next_save() {
    let s = site();
    let server = Serve::start(s.path());
    // Damaged after the start-up build, before the first search opens it.
    let index = s.path().join("index");
    let store = index_files(&index).into_iter().find(|n| n.ends_with(".store")).expect("store");
    let bytes = fs::read(index.join(&store)).expect("read");
    fs::write(index.join(&store), &bytes[..bytes.len() / 2]).expect("truncate");
    let (code, body) = server.get("api/search?q=lighthouse");
    assert!(code >= 500, "{code}: {body}");
    assert!(body.contains("damaged") && body.contains("build --force"), "{body}");
    assert_eq!(server.get("").0, 200, "the server stopped serving");

    // A save: the indexer finds the index damaged and writes it anew.
    s.write(
        "content/practices/p07.md",
        "---\ntitle: Practice number 7\nsummary: Trade facilitation measure 7.\narea: payments\n\
         topics: [trade]\n---\n\nA lighthouse guides ships, edited.\n",
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let (code, body) = server.get("api/search?q=edited");
        if code == 200 && body.contains("practices/p07") {
            break;
        }
        assert!(code == 200 || code >= 500, "{code}: {body}");
        assert!(std::time::Instant::now() < deadline, "no repaired index: {code} {body}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(compendium::search::Engine::open(&index).is_ok(), "the index was not written anew");
}
