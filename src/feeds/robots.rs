//! `robots.txt`: the site theme's own, or with `base-url` one that lets
//! every crawler in and points it at the sitemap.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::SITEMAP_INDEX;
use crate::model::Site;
use crate::output::OutputFile;
use crate::render::{ROBOTS, Theme};

/// What the `Sitemap:` URL may not hold as it is: a line break or space
/// would end the rule.
const UNSAFE: &AsciiSet = &CONTROLS.add(b' ');

/// `robots.txt` at the site root: the theme's `robots.txt` as it is when
/// it ships one (the site's own rules win); else, with `base-url`, `Allow:
/// /` for every crawler and a `Sitemap:` line with the absolute URL of
/// `sitemap.xml`, or of `sitemap-index.xml` on a multilingual site;
/// without `base-url`, none (a sitemap needs absolute URLs). Crawlers read
/// it only at the root of a host: a site published under a path should
/// copy the `Sitemap:` line into its host's file.
pub fn robots(site: &Site, theme: &Theme) -> Option<OutputFile> {
    if let Some(own) = theme.robots() {
        return Some(OutputFile::new(ROBOTS, own));
    }
    let base = site.project.config.book.base_url()?;
    let map = if site.languages().len() > 1 { SITEMAP_INDEX } else { "sitemap.xml" };
    let url = utf8_percent_encode(&format!("{base}{map}"), UNSAFE).to_string();
    Some(OutputFile::new(ROBOTS, format!("User-agent: *\nAllow: /\n\nSitemap: {url}\n")))
}
