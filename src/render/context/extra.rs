//! `record.extra`: a record's fields by name, as Zola's `page.extra` and
//! Hugo's `.Params`, so that a template writes `record.extra.official_url`
//! rather than looping over `record.fields` to find one.
//!
//! Every field the record's collection declares (its own and the common
//! ones) is there, `null` when the record has no value (an empty list for
//! a list field, so that a loop over it works too), so that `{% if
//! record.extra.x %}` works on any record of the collection. Values are as
//! the record holds them, in the page's language where a translation gives
//! the field (the version `record.fields` shows): text as written, a
//! number, `true`/`false`, a date as `YYYY-MM-DD`, a reference as the
//! record's key (`laws/gdpr`, as in `data/records.json`), an enum value,
//! country code or term id as its id, and a list field always a list. A
//! `url` field that is not `http(s)://` or `mailto:` is `null`, as
//! `record.fields` shows it without a link: a template may put it in an
//! `href`. Labels, links and dates in words are `record.fields`'.
//!
//! The map borrows the record's values and is serialised once, straight
//! into the page's context: no copy of the values is made beforehand.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::model::{Collection, FieldType, Value, Version};

/// The fields of one record by name (see the module documentation).
pub(super) struct Extra<'a> {
    fields: Vec<(&'a str, &'a FieldType, Option<&'a Value>)>,
}

impl<'a> Extra<'a> {
    /// `c`'s fields (with `common`) in `version`.
    pub(super) fn of(
        c: &'a Collection,
        common: &'a [crate::model::FieldDef],
        version: &Version<'a>,
    ) -> Extra<'a> {
        let fields = c
            .all_fields(common)
            .map(|d| (d.name.as_str(), &d.ty, version.field(&d.name).map(|(v, _)| v)))
            .collect();
        Extra { fields }
    }
}

impl Serialize for Extra<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.fields.len()))?;
        for &(name, ty, value) in &self.fields {
            match value {
                Some(v) => map.serialize_entry(name, &Raw { ty, value: v })?,
                // An empty list for a list field, so that a loop over it
                // works on any record (and an `if` is false, as for null).
                None if matches!(ty, FieldType::List(_)) => {
                    map.serialize_entry(name, &[(); 0])?;
                }
                None => map.serialize_entry(name, &())?,
            }
        }
        map.end()
    }
}

/// One value as a template reads it: `ty` is the field's declared type.
struct Raw<'a> {
    ty: &'a FieldType,
    value: &'a Value,
}

impl Serialize for Raw<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A list field is a list even when it holds one value.
        if let FieldType::List(inner) = self.ty {
            let items = self.value.items();
            let mut seq = s.serialize_seq(Some(items.len()))?;
            for v in items {
                seq.serialize_element(&Raw { ty: inner, value: v })?;
            }
            return seq.end();
        }
        match self.value {
            Value::Str(v) if matches!(self.ty, FieldType::Url) && !is_safe_url(v) => {
                s.serialize_unit()
            }
            Value::Str(v) => s.serialize_str(v),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Date(d) => s.collect_str(d),
            Value::Ref(k) => s.collect_str(k),
            Value::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(&Raw { ty: self.ty, value: v })?;
                }
                seq.end()
            }
        }
    }
}

/// Whether a URL may go in an `href`: validation admits only these, and
/// this checks again (as [`super::items`] does for `record.fields`).
fn is_safe_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    ["http://", "https://", "mailto:"].iter().any(|p| lower.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldDef;

    fn def(name: &str, ty: FieldType) -> FieldDef {
        FieldDef {
            name: name.to_owned(),
            ty,
            required: false,
            label: name.to_owned(),
            description: None,
            translations: Default::default(),
            labelled: false,
        }
    }

    #[test]
    fn values_are_as_the_record_holds_them_and_absent_ones_null() {
        let list = |t: FieldType| FieldType::List(Box::new(t));
        let fields = [
            def("official_url", FieldType::Url),
            def("bad_url", FieldType::Url),
            def("in_force", FieldType::Bool),
            def("fine", FieldType::Int),
            def("adopted", FieldType::Date),
            def("basis", list(FieldType::Ref(None))),
            def("tags", list(FieldType::String)),
            def("missing", FieldType::String),
            def("no_tags", list(FieldType::String)),
        ];
        let key = crate::model::Key::new("laws", "gdpr");
        let date = jiff::civil::date(2016, 4, 27);
        let values = [
            Some(Value::Str("https://example.org/a?b=1".into())),
            Some(Value::Str("javascript:alert(1)".into())),
            Some(Value::Bool(true)),
            Some(Value::Int(-20_000_000)),
            Some(Value::Date(date)),
            Some(Value::List(vec![Value::Ref(key)])),
            // One value of a list field is still a list.
            Some(Value::Str("one".into())),
            None,
            None,
        ];
        let extra = Extra {
            fields: fields
                .iter()
                .zip(&values)
                .map(|(d, v)| (d.name.as_str(), &d.ty, v.as_ref()))
                .collect(),
        };
        let json = serde_json::to_value(&extra).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({
                "official_url": "https://example.org/a?b=1",
                "bad_url": null,
                "in_force": true,
                "fine": -20_000_000,
                "adopted": "2016-04-27",
                "basis": ["laws/gdpr"],
                "tags": ["one"],
                "missing": null,
                "no_tags": [],
            })
        );
    }

    #[test]
    fn urls_are_checked_case_aside_and_short_ones_do_not_panic() {
        assert!(is_safe_url("HTTPS://x.org"));
        assert!(is_safe_url("mailto:a@b.org"));
        assert!(!is_safe_url("data:text/html,x"));
        assert!(!is_safe_url("é"));
        assert!(!is_safe_url(""));
        assert!(!is_safe_url("http:/éé"));
    }
}
