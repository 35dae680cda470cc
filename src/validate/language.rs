//! A record's `language`: a BCP 47 tag of a language CLDR knows, with the
//! tag meant where an editor wrote a name (`Portuguese`), a locale
//! (`pt_BR`) or a country's code (`jp`).

use crate::core::diag::{Diagnostic, Pos};
use crate::core::lang::{is_known_language, language_of_country, tag_for_name};
use crate::core::rules::is_language_tag;

/// What is wrong with `tag` as a record's `language`, if anything: an error
/// for what is no tag, a warning for a tag CLDR does not know (a rare
/// language may still be meant; the JSON Schema checks the tag's shape).
pub(super) fn check(path: &str, pos: Pos, tag: &str) -> Option<Diagnostic> {
    let meant = tag_for_name(tag);
    if !is_language_tag(tag) {
        let help = match meant {
            Some(m) => format!("did you mean `{m}`? Write the language's tag"),
            None => "use a tag such as `en`, `fr` or `es-419`".to_owned(),
        };
        let what = format!("`{tag}` in `language` is not a BCP 47 language tag");
        return Some(Diagnostic::error(path, pos, what).with_help(help));
    }
    if is_known_language(tag) {
        return None;
    }
    let help = match (meant, language_of_country(tag)) {
        (Some(m), _) => format!("did you mean `{m}`? Write the language's tag, not its name"),
        (None, Some(m)) => format!("did you mean `{m}`? `{tag}` is a country's code"),
        (None, None) => {
            "use an ISO 639 language code, such as `en`, `fr`, `es`, `ar`, `zh` or `ru`".into()
        }
    };
    let what = format!(
        "`{tag}` in `language` is not a language CLDR knows: pages would mark the record's text \
         with a tag no reader, browser or screen reader understands"
    );
    Some(Diagnostic::warning(path, pos, what).with_help(help))
}
