//! Compendium's integration tests: one binary, one module per feature, each
//! with its fixture sites beside it (see `support` for the helpers).

mod support;

// `build`: pages, links from disk, reproducibility, atomic failure, hostile content, themes.
mod build;

// Links and images in record bodies: @/ links, root paths, every language, check.
mod body_links;
mod links_check;

// Golden output: every file two fixture sites build, by SHA-256, against tests/golden/.
mod golden;

// The build manifest: written by `build --force` too, the same bytes in any folder; the one
// `serve` leaves, so that the next build still refuses a file put in the site.
mod manifest;

// book.toml and the theme beyond the content: broken theme files at their line, string keys
// and languages without strings, book.toml value errors with the content's.
mod settings;

// The layer order of the crate's modules: no `use crate::…` reaches up (issue #15).
mod layers;

// `check`: one test per validation rule, exact file:line:col and message.
mod check;
// What a pull request's author is told, in one run, at each problem's place.
mod contributor;
// What a policy analyst asks of a built site, in both search engines.
mod analyst;
// Drafts: checked, left out unless --drafts.
mod drafts;

// aliases: a record's earlier addresses redirect to its page.
mod aliases;

// `record.extra`: a site theme reads fields by name, with a branch per collection.
mod theme_fields;
// Every mistake of a site theme in one `check`.
mod theme_check;

// static/: published at the site root, conflicts refused, body file links checked.
mod static_files;

// Feeds, sitemaps and robots.txt: ids, order, lastmod, parsed as XML.
mod feeds;

// History from git (#17): a temporary repository of three commits, made with gix.
mod history;

// `search`: the command line, its output and its quality on judged queries.
mod search;
// Browser search: parity with the command line under node, and headless Chromium.
mod browser;
// The search page's sort menu: the orders its results can take.
mod sort_menu;
// Accessibility in headless Chromium: axe-core on every kind of page, search by keyboard.
mod a11y;
// The header in Chromium: the language switcher keeps the search, filters and comparison;
// the collections' nav wraps on a phone, left to right and right to left.
mod header;
// What a data pipeline reads: exact large numbers, JSON with totals and notes, pages of hits.
mod integrator;
// A listing's chips and the map's country titles say which field a value is of.
mod chips;

// Conformance: `check` and the JSON Schema agree, one cause is one error; what validators
// and clients see: meta descriptions, the favicon, 404.html at any depth, the W3C Nu Html
// Checker on the evaluation, shipped and multilingual sites.
mod conformance;

// `new`, `schema`, `export`.
mod commands;

// The compare view (#16): `compare` as text and JSON, the page's matrix, Chromium from file://.
mod compare;

// The shipped knowledge base: citations with locators, figures traceable to the sources.
mod knowledge_base;

// Pagination: pages in order, pagers that resolve, paginate = 0 and bad values, languages,
// filters with and without JavaScript, serve's re-render, Chromium across pages.
mod pagination;

// `serve`: live preview, path confinement, live reload in Chromium, incremental = full build.
mod serve;
// `serve` starting and going on: the port before the build, no project, folders moved in
// book.toml, the search index updated in place scoring as a fresh build.
mod serve_lifecycle;
// `serve` in several languages: each language folder's own 404 page.
mod serve_languages;

// Inputs found while fuzzing (fuzz/, docs/fuzzing.md) that panicked or blew up: each stays fixed.
mod fuzz_regressions;

// A hostile pull request or a fault: output folders, symlinks, CSV cells, serve under load,
// damaged indexes, killed builds, machine-readable output, messages naming the field.
mod hostile;

// Several languages: translations (`ID.LANG.md`), pages under `LANG/`, the interface in the six
// UN languages, right-to-left pages, search analysed per language in the CLI and the browser.
mod languages;

// The world map and charts drawn at build time (issue #16): links, titles, legend, table,
// facet shading from book.toml and its check, bars against counts.
mod views;

// Staleness (#17): `[check] stale-after` warnings in every format, per-collection periods,
// the "may be out of date" note on record pages.
mod stale;

// Export for distributed search engines (#17): NDJSON and OpenSearch `_bulk` lines carrying
// every indexed field of every document.
mod bulk;

// "Cite this entry" (#17): `cite` against hand-made APA, Chicago and BibTeX; the page's block
// and data: downloads; sources cited the same way.
mod cite;
mod search_parity;
