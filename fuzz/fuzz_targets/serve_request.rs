//! Bytes as one HTTP connection to `compendium serve`: the base site is
//! built once per process (`compendium::build::build`: pages, datasets,
//! the tantivy index), then each input is written, as a client would, into
//! an in-memory connection served exactly as a TCP one
//! (`serve::conn::exchange`): hyper's HTTP/1.1 parser with the header
//! deadline, the `Host` check, the routes (static files with path
//! confinement and redirects, `/api/search` with query parsing and the
//! bounded search pool, the live-reload script and event stream, the 404
//! page), `nosniff` on every answer. Several requests in one input are
//! pipelined on the connection. The answer is read back; only a panic, a
//! hang or a runaway allocation is a bug.

#![no_main]

mod common;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use compendium::serve::{Shared, conn};
use libfuzzer_sys::fuzz_target;

fn shared() -> &'static Arc<Shared> {
    static SHARED: OnceLock<Arc<Shared>> = OnceLock::new();
    SHARED.get_or_init(|| {
        let root: PathBuf = common::base_root().to_path_buf();
        let loaded = compendium::pipeline::load(&root);
        let site = loaded.site.expect("the base site checks");
        compendium::build::build(&site).expect("the base site builds");
        let build_dir = site.project.build_dir.canonicalize().expect("build folder");
        Arc::new(Shared::new(build_dir, site.project.index_dir.clone(), "127.0.0.1"))
    })
}

fuzz_target!(|data: &[u8]| {
    let reply = conn::exchange(shared(), data);
    std::hint::black_box(reply);
});
