//! Meta descriptions for pages with no text of their own to offer: composed
//! from what the page shows (a count, then the titles or names it lists),
//! in the page's language, short enough for a search result.
//!
//! Plain text: the template escapes it like any other value.

use unicode_segmentation::UnicodeSegmentation as _;

use super::View;

/// The most characters a composed description has: search engines show
/// about 155 and cut the rest.
pub const MAX_CHARS: usize = 160;

impl View<'_> {
    /// "Kenya — 12 records: First title; Second title; …", in the page's
    /// language, at most [`MAX_CHARS`] characters.
    pub(super) fn describe_records<'t>(
        &self,
        title: &str,
        records: &str,
        items: impl IntoIterator<Item = &'t str>,
    ) -> String {
        let i18n = self.theme.i18n();
        let head =
            i18n.format(self.lang, "meta-records", None, &[("title", title), ("records", records)]);
        self.describe_list(&head, items)
    }

    /// `text` followed by the items the page lists ("Topics: Trade; Data
    /// protection; …"), or `text` alone when it lists none; at most
    /// [`MAX_CHARS`] characters.
    pub(super) fn describe_list<'t>(
        &self,
        text: &str,
        items: impl IntoIterator<Item = &'t str>,
    ) -> String {
        let i18n = self.theme.i18n();
        let separator = i18n.text(self.lang, "meta-separator");
        // Only as many items as can show: a listing may have thousands.
        let mut list = String::new();
        for item in items.into_iter().map(str::trim).filter(|i| !i.is_empty()) {
            if !list.is_empty() {
                list.push_str(&separator);
            }
            list.push_str(item);
            if list.chars().count() > MAX_CHARS {
                break;
            }
        }
        if list.is_empty() {
            return clip(text, MAX_CHARS);
        }
        clip(
            &i18n.format(self.lang, "meta-list", None, &[("text", text), ("items", &list)]),
            MAX_CHARS,
        )
    }
}

/// `text` cut to at most `max` characters, ending in "…" when cut: at the
/// last space in its second half, else (scripts written without spaces,
/// such as Chinese) at the last whole grapheme, so that no letter loses its
/// accents or marks. Separators left at the end are dropped.
pub fn clip(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let limit = max.saturating_sub(1);
    let mut end = 0;
    let mut count = 0;
    for (i, g) in text.grapheme_indices(true) {
        count += g.chars().count();
        if count > limit {
            break;
        }
        end = i + g.len();
    }
    let head = &text[..end];
    let cut = match head.rfind(char::is_whitespace) {
        Some(i) if i >= end / 2 => i,
        _ => end,
    };
    let kept = text[..cut].trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ';'
                    | ':'
                    | '—'
                    | '–'
                    | '-'
                    | '('
                    | '、'
                    | '，'
                    | '；'
                    | '：'
                    | '（'
                    | '،'
                    | '؛'
            )
    });
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_whole() {
        assert_eq!(clip("  Kenya — 2 records  ", 160), "Kenya — 2 records");
        assert_eq!(clip("", 160), "");
    }

    #[test]
    fn long_text_is_cut_at_a_space() {
        let text = "Kenya — 12 records: Data Protection Act; Single window for trade documents; \
                    Electronic transactions law; Cybercrime law; Consumer protection online";
        let out = clip(text, 80);
        assert!(out.chars().count() <= 80, "{out}");
        assert!(out.ends_with('…'), "{out}");
        assert!(text.starts_with(out.trim_end_matches('…')), "{out}");
        // Cut before a word, not inside one, and no separator left dangling.
        assert_eq!(
            out,
            "Kenya — 12 records: Data Protection Act; Single window for trade documents…"
        );
    }

    #[test]
    fn text_without_spaces_is_cut_between_graphemes() {
        let zh = "肯尼亚（12 条记录）：".to_owned() + &"数据保护法；电子交易法；".repeat(20);
        let out = clip(&zh, 40);
        assert_eq!(out.chars().count(), 40, "{out}");
        assert!(out.ends_with('…'));
        // A letter and its combining marks stay together.
        let marked = "e\u{301}".repeat(100);
        let out = clip(&marked, 10);
        assert_eq!(out, format!("{}…", "e\u{301}".repeat(4)));
        // Arabic with its diacritics: never a mark without its letter.
        let ar = "سِجِلّ".repeat(50);
        let out = clip(&ar, 20);
        let body = out.trim_end_matches('…');
        assert!(ar.starts_with(body) && body.graphemes(true).all(|g| !g.starts_with('\u{650}')));
    }

    #[test]
    fn tiny_limits_do_not_panic() {
        assert_eq!(clip("abc def", 0), "…");
        assert_eq!(clip("abc def", 1), "…");
        assert_eq!(clip("abc def", 2), "a…");
    }
}
