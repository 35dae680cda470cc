//! The pages of records' `aliases` (see [`crate::validate::aliases`]):
//! at each earlier address, in every site language, a page that sends
//! readers on to the record's page there, as Hugo's and Zola's alias pages
//! do: a `refresh` (which works from disk and on any host), a canonical
//! link (so that search engines move the address's standing to the page)
//! and a plain link for readers whose browser follows neither.

use crate::core::escape::html;
use crate::model::Site;
use crate::output::OutputFile;
use crate::validate::aliases;

use super::Page;
use super::urls::{lang_prefix, page_path_in, root_of};

/// Every alias page of `site`, in path order. An alias `check` finds
/// taken is left out, so that `serve`, which writes what it can while the
/// editor mends it, never writes a page twice.
pub fn redirects(site: &Site) -> Vec<OutputFile> {
    let book = &site.project.config.book;
    let base = book.base_url.as_deref().map(|b| b.trim_end_matches('/'));
    let languages = site.languages();
    let accepted = aliases::accepted(&site.records, &site.schema, &languages, &mut drop);
    let mut out = Vec::new();
    for (alias, key) in accepted {
        let Some(r) = site.records.get(key) else { continue };
        for lang in &languages {
            let from = format!("{}{alias}", lang_prefix(book, lang));
            let to = page_path_in(book, lang, &Page::Record(key.clone()));
            let link = html(&format!("{}{to}", root_of(&from)));
            let canonical = match base {
                Some(b) => html(&format!("{b}/{}", to.strip_suffix("index.html").unwrap_or(&to))),
                None => link.clone(),
            };
            let title = html(r.version(lang).title());
            let page = format!(
                "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
                 <title>{title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n\
                 <meta name=\"robots\" content=\"noindex\">\n\
                 <meta http-equiv=\"refresh\" content=\"0; url={link}\">\n</head>\n\
                 <body>\n<p><a href=\"{link}\">{title}</a></p>\n</body>\n</html>\n",
                html(lang)
            );
            out.push(OutputFile::new(from, page));
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}
