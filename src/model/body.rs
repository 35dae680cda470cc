//! A record's Markdown body, kept compressed (LZ4): bodies are most of a
//! site's text, and each is read whole only a few times (its page, its
//! search text, the datasets). `serve` keeps them in memory, a few
//! milliseconds of decompression each; a build puts them in a
//! [`Spool`] on disk, keeping at 100,000 records about 200 MB out of
//! memory for a read each.

use std::sync::Arc;

use crate::core::spool::{Slot, Spool};

/// See the module documentation.
#[derive(Clone, Default)]
pub struct Body(Repr);

#[derive(Clone, Default)]
enum Repr {
    #[default]
    Empty,
    /// Compressed, in memory.
    Held(Box<[u8]>),
    /// Compressed, in a spool.
    Spooled(Arc<Spool>, Slot),
}

impl Body {
    /// `text`, compressed, in memory.
    pub fn new(text: &str) -> Body {
        if text.is_empty() {
            return Body::default();
        }
        Body(Repr::Held(lz4_flex::compress_prepend_size(text.as_bytes()).into_boxed_slice()))
    }

    /// `text`, compressed, in `spool` (in memory if the spool cannot take
    /// it: only memory is lost).
    pub fn spooled(text: &str, spool: &Arc<Spool>) -> Body {
        if text.is_empty() {
            return Body::default();
        }
        let bytes = lz4_flex::compress_prepend_size(text.as_bytes());
        match spool.put(&bytes) {
            Ok(slot) => Body(Repr::Spooled(Arc::clone(spool), slot)),
            Err(_) => Body(Repr::Held(bytes.into_boxed_slice())),
        }
    }

    /// The text. A spooled body that cannot be read back gives "", and the
    /// spool notes why (a build checks before putting its output in place).
    pub fn text(&self) -> String {
        let bytes = match &self.0 {
            Repr::Empty => return String::new(),
            Repr::Held(b) => decompress(b),
            Repr::Spooled(spool, slot) => spool.get(*slot).and_then(|b| decompress(&b)),
        };
        // Only `new` and `spooled` make the bytes, from a `str`: neither
        // step can fail on bytes that came back whole.
        bytes.and_then(|b| String::from_utf8(b).ok()).unwrap_or_default()
    }

    /// Whether there is no body.
    pub fn is_empty(&self) -> bool {
        matches!(self.0, Repr::Empty)
    }
}

fn decompress(bytes: &[u8]) -> Option<Vec<u8>> {
    lz4_flex::decompress_size_prepended(bytes).ok()
}

impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        match (&self.0, &other.0) {
            (Repr::Empty, Repr::Empty) => true,
            (Repr::Held(a), Repr::Held(b)) => a == b,
            _ => !self.is_empty() && !other.is_empty() && self.text() == other.text(),
        }
    }
}

impl Eq for Body {}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.text(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_gives_back_its_text_and_compares_by_it() {
        let text = "Ünïcode *Markdown*\n\n".repeat(200);
        let b = Body::new(&text);
        assert_eq!(b.text(), text);
        let Repr::Held(bytes) = &b.0 else { panic!("not held: {b:?}") };
        assert!(bytes.len() < text.len() / 4, "{} of {}", bytes.len(), text.len());
        assert_eq!(b, Body::new(&text));
        assert_ne!(b, Body::new("other"));
        assert!(Body::new("").is_empty() && Body::new("").text().is_empty());
        assert_eq!(format!("{:?}", Body::new("a\"b")), "\"a\\\"b\"");
    }

    #[test]
    fn a_spooled_body_is_the_same_body() {
        let spool = Arc::new(Spool::new().unwrap());
        let text = "Ünïcode *Markdown*\n\n".repeat(200);
        let b = Body::spooled(&text, &spool);
        assert!(matches!(b.0, Repr::Spooled(..)));
        assert_eq!(b.text(), text);
        assert_eq!(b, Body::new(&text));
        assert_eq!(Body::new(&text), b);
        assert_ne!(b, Body::spooled("other", &spool));
        assert!(Body::spooled("", &spool).is_empty());
        assert_eq!(Body::spooled("", &spool), Body::new(""));
        assert_eq!(spool.error(), None);
    }
}
