//! Bytes that damage a small prebuilt tantivy index, then `Engine::open`
//! and a few searches, as `compendium search` and `/api/search` run them.
//!
//! The index of the base site plus 150 generated records (so that common
//! terms fill whole bit-packed posting blocks, not only the variable-length
//! tail) is written once, kept in `fuzz/corpus/index-base/` for later
//! processes (a write is not byte-for-byte reproducible) and held in memory. Each input is a
//! list of edits to its files; the files are written afresh into a scratch
//! folder, edited, and opened. Byte 0's low bit says whether the edited
//! segment files get their footer's CRC-32 recomputed: without it, the
//! checksums stop nearly every edit at `Engine::open` (the footer reader
//! and the checksum path are what is fuzzed); with it, the damaged bytes
//! reach tantivy's decoders (term dictionary, postings, positions, fast
//! fields, field norms, the document store) behind `search::guard`.
//!
//! What counts as a finding: a panic that escapes the guard (libfuzzer's
//! panic hook aborts on it; a panic inside the guard is silenced by the
//! guard's own hook, installed after libfuzzer's, and becomes
//! `Error::Damaged`), an abort (a failed allocation from a damaged length),
//! a stack overflow, a hang or memory past `-rss_limit_mb`.
//!
//! Edits, repeated until the input ends: `[file, op, offset: u32 LE, …]`;
//! `file` picks one of the index's files (`meta.json`, `.managed.json`,
//! `compendium.json` and the segment files), `offset` is taken modulo its
//! length; `op % 4`: 0 overwrite with the next `1 + (n % 16)` bytes (`n`
//! the next byte), 1 truncate at the offset, 2 delete the file, 3 XOR the
//! byte at the offset with the next byte.

#![no_main]

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use compendium::search::{Engine, Request};
use libfuzzer_sys::fuzz_target;

/// The pristine index: its files, by name, in name order.
struct Pristine {
    files: Vec<(String, Vec<u8>)>,
    work: PathBuf,
}

fn pristine() -> &'static Pristine {
    static P: OnceLock<Pristine> = OnceLock::new();
    P.get_or_init(|| {
        // tantivy's two indexing threads share the records out as they
        // come, so two writes differ: the first one is kept (not
        // committed, beside the corpus) and every later process uses it,
        // so that a finding replays on the same bytes.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/index-base");
        if !dir.join("meta.json").is_file() {
            write_base(&dir);
        }
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
            .expect("index folder")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with(".lock"))
            .map(|n| {
                let bytes = std::fs::read(dir.join(&n)).expect("read");
                (n, bytes)
            })
            .collect();
        files.sort();
        Pristine { files, work: common::scratch().keep() }
    })
}

/// Writes the index of the base site plus 150 records into `dir`.
fn write_base(dir: &Path) {
    let root = common::site_root(|root| {
        common::base_site(root);
        for i in 0..150 {
            let area = if i % 3 == 0 { "payments" } else { "customs" };
            common::write(
                root,
                &format!("content/practices/p{i:03}.md"),
                format!(
                    "---\ntitle: Trade practice {i}\nsummary: Paperless trade measure {i}.\n\
                     area: {area}\ntopics: [trade]\ncountries: [KEN]\n---\n\n\
                     Customs single window and electronic data flows, case {i}: \
                     traders lodge documents once; number {i} of many.\n"
                ),
            );
        }
    });
    let loaded = compendium::pipeline::load(&root);
    let site = loaded.site.expect("the fuzz site checks");
    let scratch = common::scratch().keep();
    compendium::search::writer::write(&site, &scratch).expect("index written");
    std::fs::create_dir_all(dir).expect("base folder");
    for e in std::fs::read_dir(&scratch).expect("index folder").flatten() {
        std::fs::copy(e.path(), dir.join(e.file_name())).expect("copy");
    }
}

/// The requests of one input: words, a phrase, an exclusion, a filter, a
/// misspelling (which walks the term dictionary) and a collection.
fn requests() -> Vec<Request> {
    let q = |query: &str| Request { query: query.into(), limit: 10, ..Request::default() };
    vec![
        q("trade"),
        q("\"single window\" -payments"),
        Request { filters: vec![("area".into(), "customs".into())], ..q("documents") },
        q("custmos"),
        Request { collection: Some("rules".into()), ..q("payment services") },
    ]
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, mut edits)) = data.split_first() else { return };
    let p = pristine();
    let mut files: Vec<Option<Vec<u8>>> = p.files.iter().map(|(_, b)| Some(b.clone())).collect();
    let mut edited = vec![false; files.len()];
    while let [file, op, a, b, c, d, rest @ ..] = edits {
        edits = rest;
        let i = usize::from(*file) % files.len();
        let Some(bytes) = files[i].as_mut() else { continue };
        let at = u32::from_le_bytes([*a, *b, *c, *d]) as usize % bytes.len().max(1);
        edited[i] = true;
        match op % 4 {
            0 => {
                let Some((&n, rest)) = edits.split_first() else { break };
                let n = (1 + usize::from(n % 16)).min(rest.len());
                let (with, rest) = rest.split_at(n);
                edits = rest;
                for (k, byte) in with.iter().enumerate() {
                    if let Some(slot) = bytes.get_mut(at + k) {
                        *slot = *byte;
                    }
                }
            }
            1 => bytes.truncate(at),
            2 => files[i] = None,
            _ => {
                let Some((&x, rest)) = edits.split_first() else { break };
                edits = rest;
                if let Some(slot) = bytes.get_mut(at) {
                    *slot ^= x;
                }
            }
        }
    }
    if flags & 1 == 1 {
        for ((name, _), (bytes, edited)) in p.files.iter().zip(files.iter_mut().zip(&edited)) {
            if let (Some(bytes), true) = (bytes, *edited)
                && name.split_once('.').is_some_and(|(id, _)| id.len() == 32)
            {
                refresh_crc(bytes);
            }
        }
    }
    write_index(&p.work, &p.files, &files);
    // Errors are answers (damaged, no index, outdated); only a panic past
    // the guard, an abort or a hang is a bug.
    if let Ok(engine) = Engine::open(&p.work) {
        for req in requests() {
            let _ = std::hint::black_box(engine.search(&req));
        }
    }
});

/// Writes the edited files into `dir`, emptied first (new inodes, so that
/// no mapping of an earlier input's file is reused).
fn write_index(dir: &Path, names: &[(String, Vec<u8>)], files: &[Option<Vec<u8>>]) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let _ = std::fs::remove_file(e.path());
        }
    }
    for ((name, _), bytes) in names.iter().zip(files) {
        if let Some(bytes) = bytes {
            std::fs::write(dir.join(name), bytes).expect("write");
        }
    }
}

/// Recomputes the CRC-32 in a tantivy file's footer (`body`, footer JSON
/// `{"version":…,"crc":N}`, its length as u32 LE, magic 1337 as u32 LE) so
/// that edited bytes pass the checksum; leaves a file whose footer is not
/// well formed as it is.
fn refresh_crc(bytes: &mut Vec<u8>) {
    let n = bytes.len();
    if n < 8 || bytes[n - 4..] != 1337u32.to_le_bytes() {
        return;
    }
    let len = u32::from_le_bytes([bytes[n - 8], bytes[n - 7], bytes[n - 6], bytes[n - 5]]) as usize;
    let Some(body_len) = n.checked_sub(8 + len) else { return };
    let Ok(json) = std::str::from_utf8(&bytes[body_len..n - 8]) else { return };
    let Some(start) = json.find("\"crc\":").map(|s| s + 6) else { return };
    let digits = json[start..].bytes().take_while(u8::is_ascii_digit).count();
    let crc = crc32(&bytes[..body_len]);
    let json = format!("{}{crc}{}", &json[..start], &json[start + digits..]);
    bytes.truncate(body_len);
    bytes.extend_from_slice(json.as_bytes());
    bytes.extend_from_slice(&(json.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&1337u32.to_le_bytes());
}

/// CRC-32 (IEEE, as `crc32fast` computes it for tantivy's footers).
fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 == 1 { (c >> 1) ^ 0xEDB8_8320 } else { c >> 1 };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    let mut crc = !0u32;
    for &b in bytes {
        crc = TABLE[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}
