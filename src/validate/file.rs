//! One record file as `validate` reads it, before references are checked.

use crate::core::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::{Key, Record};

use super::references::Pending;
use super::{anchors, translation};

/// A body's heading ids as one string, a line each (one allocation per
/// file while every file is read); none without headings.
pub(super) fn packed(key: Key, ids: Vec<String>) -> Option<(Key, Option<String>, String)> {
    (!ids.is_empty()).then(|| (key, None, ids.join("\n")))
}

/// One record file, validated but for its references' targets.
pub(super) struct File {
    pub(super) path: String,
    /// The key it claims and where (the `id` value, or the file's start).
    pub(super) key: Option<(Key, Pos)>,
    /// It could not be read or parsed.
    pub(super) unreadable: bool,
    pub(super) record: Option<Record>,
    /// Problems reading it and with its id: reported whatever its key.
    pub(super) read_diags: Vec<Diagnostic>,
    /// Problems with the record: reported when it holds its key.
    pub(super) diags: Vec<Diagnostic>,
    pub(super) pending: Vec<Pending>,
    /// Its body's heading ids (one a line), under the key of its record
    /// (a translation's original) and a translation's language, and its
    /// links to `#anchor`s.
    pub(super) headings: Option<(Key, Option<String>, String)>,
    pub(super) anchors: Vec<anchors::Anchor>,
    /// A translation file, checked, to attach to its original.
    pub(super) translation: Option<translation::Parsed>,
    /// Its id is invalid: the keys references to it probably use, and the
    /// index of the id's error in `read_diags`.
    pub(super) broken: Option<(Vec<Key>, usize)>,
    /// A translation file with errors of its own: whether its original
    /// exists is still said.
    pub(super) failed_translation: bool,
}

impl File {
    pub(super) fn without_record(
        path: String,
        key: Option<Key>,
        unreadable: bool,
        d: Diagnostics,
    ) -> File {
        let key = key.map(|k| (k, Pos::START));
        File {
            path,
            key,
            unreadable,
            record: None,
            read_diags: d.into_vec(),
            diags: Vec::new(),
            pending: Vec::new(),
            headings: None,
            anchors: Vec::new(),
            translation: None,
            broken: None,
            failed_translation: false,
        }
    }
}
