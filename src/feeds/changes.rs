//! `changes.xml`: an Atom feed of the newest commits that changed records
//! (history from git), one per site language, beside `feed.xml`.

use super::atom::{FEED_ENTRIES, Head, nss, site_urn};
use super::xml_escape;
use crate::model::{Commit, Site};
use crate::output::OutputFile;
use crate::render::urls::{CHANGES_FEED, Urls};
use crate::render::{Page, Theme, escape_html, lang_prefix};

/// Records an entry names (a commit touching every record would otherwise
/// carry the whole site).
const RECORDS_PER_ENTRY: usize = 50;

/// `changes.xml` in `lang` (`fr/changes.xml`), when the site has history:
/// one entry per commit, newest first, at most [`FEED_ENTRIES`], dated by
/// its commit time and naming the records it touched (titles in `lang`
/// where translated). Entries link to the commit's page with `[history]
/// repository-url`, else to the commit on the "What changed" page. Ids are
/// `…:commit:ID` under [`site_urn`], the same from build to build.
pub fn changes(site: &Site, theme: &Theme, lang: &str) -> Option<OutputFile> {
    let history = &*site.history;
    if !history.is_shown() {
        return None;
    }
    let book = &site.project.config.book;
    let prefix = lang_prefix(book, lang);
    let base = book.base_url().map(|b| format!("{b}{prefix}"));
    // Links relative to the feed, which sits at the language's root.
    let urls = Urls::new(base.clone().unwrap_or_default(), "");
    let urn = site_urn(book, lang);
    let i18n = theme.i18n();
    let page = crate::render::has_changes_page(site, theme).then(|| urls.page(&Page::Changes));
    let title = format!("{} – {}", book.title_in(lang), i18n.text(lang, "what-changed"));
    let head = Head {
        title: &title,
        subtitle: "",
        link: page.clone().or_else(|| base.clone()).unwrap_or_else(|| "./".into()),
        file: CHANGES_FEED,
        id: format!("{urn}:changes"),
        updated: stamp(history.commits.first()),
    };
    let mut x = head.write(book, lang, base.as_deref());
    for c in history.recent().iter().take(FEED_ENTRIES) {
        let link = match (site.project.config.history.commit_url(&c.id), &page) {
            (Some(u), _) => u,
            (None, Some(p)) => format!("{p}#commit-{}", c.id),
            (None, None) => urls.home(),
        };
        let summary = if c.summary.is_empty() { c.short.as_str() } else { c.summary.as_str() };
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", xml_escape(summary)));
        x.push_str(&format!("    <link href=\"{}\"/>\n", xml_escape(&link)));
        x.push_str(&format!("    <id>{urn}:commit:{}</id>\n", nss(&c.id)));
        x.push_str(&format!("    <updated>{}</updated>\n", stamp(Some(c))));
        // The records as an HTML list, escaped once for HTML and once for XML.
        let mut html = String::from("<ul>");
        for key in c.records.iter().take(RECORDS_PER_ENTRY) {
            let Some(r) = site.records.get(key) else { continue };
            html.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>",
                escape_html(&urls.record(key)),
                escape_html(r.version(lang).title())
            ));
        }
        for key in &c.removed {
            html.push_str(&format!(
                "<li>{} ({})</li>",
                escape_html(key),
                escape_html(&i18n.text(lang, "change-removed"))
            ));
        }
        html.push_str("</ul>");
        let more = c.records.len().saturating_sub(RECORDS_PER_ENTRY);
        if more > 0 {
            html.push_str(&format!(
                "<p>{}</p>",
                escape_html(&i18n.count(lang, "changes-more", more as u64))
            ));
        }
        x.push_str(&format!("    <content type=\"html\">{}</content>\n", xml_escape(&html)));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    Some(OutputFile::new(format!("{prefix}{CHANGES_FEED}"), x))
}

/// A commit's time in RFC 3339 (UTC); the epoch when there is none.
fn stamp(c: Option<&Commit>) -> String {
    c.and_then(|c| jiff::Timestamp::from_second(c.time).ok())
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |t| t.to_string())
}
