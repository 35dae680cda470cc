//! `compendium compare JURISDICTION… [--collection C] [--lang L] [--json]`: the
//! selection and its printing live in `render::compare`, shared with the
//! compare page.

use std::path::Path;

use crate::cli::CompareArgs;
use crate::cmd::{CONTENT_ERROR, USAGE, error};
use crate::core::diag::{did_you_mean, report_in};
use crate::pipeline;
use crate::render::compare;

/// Prints the comparison; content errors exit 1, an unknown jurisdiction
/// or collection 2.
pub fn run(root: &Path, args: &CompareArgs) -> u8 {
    let loaded = pipeline::load(root);
    let Some(site) = loaded.site else {
        report_in(root, &loaded.diagnostics);
        return CONTENT_ERROR;
    };
    // As `search --lang`: a site language, case aside, else a usage error
    // naming them.
    let lang = match &args.lang {
        None => site.project.config.book.language.clone(),
        Some(l) => match site.languages().into_iter().find(|s| s.eq_ignore_ascii_case(l.trim())) {
            Some(s) => s.to_owned(),
            None => {
                error(crate::search::filters::unknown(
                    "site language",
                    l,
                    site.languages().into_iter(),
                ));
                return USAGE;
            }
        },
    };
    let mut chosen: Vec<compare::Jurisdiction> = Vec::new();
    // Every name that is none, in one run.
    let mut unknown = 0;
    for name in &args.jurisdictions {
        match compare::find(&site, name) {
            Ok(j) if !chosen.contains(&j) => chosen.push(j),
            Ok(_) => {}
            Err(e) => {
                error(e);
                unknown += 1;
            }
        }
    }
    if unknown > 0 {
        return USAGE;
    }
    // `compare CHN China CN` names one jurisdiction three times.
    if chosen.len() < 2 {
        let names =
            args.jurisdictions.iter().map(|j| format!("`{j}`")).collect::<Vec<_>>().join(", ");
        let named = if args.jurisdictions.len() == 1 { "names" } else { "all name" };
        // One jurisdiction's records alone have a page of their own.
        let page = match chosen.first() {
            Some(compare::Jurisdiction::Country(code)) if site.countries.contains_key(code) => {
                format!("open its page (countries/{}/), or ", code.to_ascii_lowercase())
            }
            Some(compare::Jurisdiction::Bloc(id)) => format!("open its page (regions/{id}/), or "),
            _ => String::new(),
        };
        error(format_args!(
            "{names} {named} one jurisdiction: a comparison needs two or more different ones; \
             for one jurisdiction's records, {page}search with a filter on the field that \
             names it"
        ));
        return USAGE;
    }
    let taking_part = compare::collections(&site);
    let collections = match &args.collection {
        None => taking_part,
        Some(c) => match taking_part.iter().find(|t| t.name == *c) {
            Some(t) => vec![*t],
            None if site.schema.collections.contains_key(c) => {
                error(format_args!("no record of `{c}` names a country or a bloc"));
                return USAGE;
            }
            None => {
                let names = site.schema.collections.keys().map(String::as_str);
                let hint = did_you_mean(c, names)
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                let known: Vec<&str> = site.schema.collections.keys().map(String::as_str).collect();
                error(format_args!(
                    "there is no collection `{c}`{hint}; known: {}",
                    known.join(", ")
                ));
                return USAGE;
            }
        },
    };
    let result = compare::report(&site, &chosen, &collections, &lang);
    let text = if args.json {
        let mut s = serde_json::to_string_pretty(&result).unwrap_or_default();
        s.push('\n');
        s
    } else {
        let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(100);
        // The theme's strings, as the compare page has them; the built-in
        // ones when the theme does not load (`check` reports why).
        let theme = crate::render::Theme::load(&site.project).ok();
        let i18n = match &theme {
            Some(t) => t.i18n(),
            None => crate::render::i18n::I18n::shared(),
        };
        compare::text(&site, &result, width, (i18n, &lang))
    };
    crate::core::exit::print_out(&text)
}
