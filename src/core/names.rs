//! File names the output folders reserve. The folder policy (`config`)
//! must recognise them before any build writes them (`output`, `search`,
//! `fingerprint`), so they live below both.

/// The marker file in every folder a build writes (see `output`).
pub const MARKER: &str = ".compendium";

/// The build manifest in the index folder (see `fingerprint`).
pub const BUILD_MANIFEST: &str = "build-manifest.json";

/// The search catalog in the index folder (see `search::catalog`).
pub const CATALOG: &str = "compendium.json";
