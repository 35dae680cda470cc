//! The `compendium` binary: parse the command line, run one command, map
//! the outcome to an exit code (0 ok, 1 content errors, 2 usage).

// No input may panic the program: outside tests, every failure is an
// error value, never `unwrap`/`expect` (clippy fails the build on one).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use std::process::ExitCode;

use clap::Parser;
use compendium::cli::{Cli, Command};
use compendium::cmd;

// Building allocates many short-lived strings on every thread; glibc's
// allocator spent a quarter of a 10,000-record build in malloc/free.
// `--features system-alloc` keeps glibc's, for heap profilers (heaptrack,
// valgrind) that watch malloc.
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long mimalloc keeps freed memory before giving it back, in ms.
/// Its default (1 s) let a 100,000-record build peak 50–60 MB higher
/// (pages freed on one thread wait while the indexes grow on another).
/// Measured at 100,000 records (run T): 100 ms peaked at 1018 MiB, 30 ms at 969,
/// 10 ms at 957, 0 at 911; at 10,000 records 30 ms costs no measurable
/// time, 10 ms 3 %, 0 11 % (system time). A `MIMALLOC_PURGE_DELAY` in the
/// environment wins.
#[cfg(not(feature = "system-alloc"))]
const PURGE_DELAY_MS: std::ffi::c_long = 30;

/// mimalloc commits its arenas up front on Linux (`arena_eager_commit`
/// 2), and then purges freed arena pages with `MADV_FREE`, which leaves
/// them in the resident set until the kernel wants them: each worker
/// thread's share of those showed as about 19 MiB of peak memory (10,000
/// records: 215 MiB on 2 threads, 321 on 8). Committing on demand lets a
/// purge decommit (177 MiB on 2 threads, 197 on 8).
#[cfg(not(feature = "system-alloc"))]
const ARENA_EAGER_COMMIT: std::ffi::c_long = 0;

/// Sets mimalloc's defaults; a `MIMALLOC_*` variable in the environment
/// still wins (`mi_option_set_default` leaves the option to be read from
/// it). It must run before the first allocation: mimalloc reserves its
/// first arena then, committed or not for good, and Rust's runtime
/// allocates before `main`. So on Linux it runs as a constructor, ahead
/// of the runtime's own (`.init_array.00099`); elsewhere from `main`,
/// where the purge delay still applies.
#[cfg(not(feature = "system-alloc"))]
extern "C" fn tune_allocator() {
    // The crate names no constant for these two: `mi_option_purge_delay`
    // is the option before `use_numa_nodes`, `mi_option_arena_eager_commit`
    // two before `allow_large_os_pages` (mimalloc.h, v2).
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = libmimalloc_sys::mi_option_use_numa_nodes - 1;
    const ARENA_EAGER: libmimalloc_sys::mi_option_t = libmimalloc_sys::mi_option_large_os_pages - 2;
    // SAFETY: sets plain options before any other thread exists
    // (`mi_option_set_default` is not thread-safe); allocates nothing.
    unsafe {
        libmimalloc_sys::mi_option_set_default(PURGE_DELAY, PURGE_DELAY_MS);
        libmimalloc_sys::mi_option_set_default(ARENA_EAGER, ARENA_EAGER_COMMIT);
    }
}

#[cfg(all(not(feature = "system-alloc"), target_os = "linux"))]
#[used]
#[unsafe(link_section = ".init_array.00098")]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;

fn main() -> ExitCode {
    #[cfg(all(not(feature = "system-alloc"), not(target_os = "linux")))]
    tune_allocator();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            // `search data privacy`: words of one query, given apart.
            let search = std::env::args().skip(1).any(|a| a == "search");
            // Not for what looks like a negative number (`--limit -1`).
            let number = e
                .get(clap::error::ContextKind::InvalidArg)
                .is_some_and(|v| v.to_string().trim_start_matches('-').parse::<f64>().is_ok());
            if search && e.kind() == clap::error::ErrorKind::UnknownArgument && !number {
                compendium::core::exit::say(format_args!(
                    "  help: a query of several words is one argument: quote it, \
                     compendium search \"data privacy\"\n"
                ));
            }
            return ExitCode::from(if e.use_stderr() { cmd::USAGE } else { cmd::OK });
        }
    };
    let root = cli.root.as_path();
    if !root.is_dir() {
        compendium::core::exit::say(format_args!(
            "error: --root `{}` is not a folder\n",
            root.display()
        ));
        return ExitCode::from(cmd::USAGE);
    }
    let code = match &cli.command {
        Command::Build { timings, force, drafts } => {
            cmd::build::run(root, *timings, *force, *drafts)
        }
        Command::Serve { host, port, open, drafts } => cmd::serve::run(
            root,
            &compendium::serve::Options {
                host: host.clone(),
                port: *port,
                open: *open,
                drafts: *drafts,
            },
        ),
        Command::Check { format, strict, drafts } => {
            cmd::check::run(root, *format, *strict, *drafts)
        }
        Command::New { collection, title, lang, id } => {
            cmd::new::run(root, collection, title, lang.as_deref(), id.as_deref())
        }
        Command::Schema { collection, translation, markdown } => {
            cmd::schema::run(root, collection.as_deref(), *translation, *markdown)
        }
        Command::Search(args) => cmd::search::run(root, args),
        Command::Compare(args) => cmd::compare::run(root, args),
        Command::Cite(args) => cmd::cite::run(root, args),
        Command::Export { format, collection, index } => {
            cmd::export::run(root, *format, collection.as_deref(), index.as_deref())
        }
    };
    ExitCode::from(code)
}
