//! A record's typed field values.

use jiff::civil::Date;

use super::Key;

/// A typed field value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Value {
    /// string, text, markdown, url, enum, country, term: the text itself.
    Str(String),
    /// int.
    Int(i64),
    /// bool.
    Bool(bool),
    /// date.
    Date(Date),
    /// ref: the resolved key.
    Ref(Key),
    /// list of any of the above.
    List(Vec<Value>),
}

/// A facet value as the search indexes key it and filters match it: trimmed,
/// lower-case, without NULs (`search::catalog` and the search page's labels
/// both key by it).
pub fn facet_key(v: &str) -> String {
    v.trim().to_lowercase().replace('\0', "")
}

impl Value {
    /// The value as plain text, lists joined with `; ` (CSV, sorting, search).
    pub fn to_text(&self) -> String {
        match self {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Date(d) => d.to_string(),
            Value::Ref(k) => k.to_string(),
            Value::List(items) => items.iter().map(Value::to_text).collect::<Vec<_>>().join("; "),
        }
    }

    /// The items of a list, or the value itself as a one-item slice.
    pub fn items(&self) -> &[Value] {
        match self {
            Value::List(items) => items,
            other => std::slice::from_ref(other),
        }
    }

    /// The value as JSON (dates as `YYYY-MM-DD`, refs as global keys).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Str(s) => s.clone().into(),
            Value::Int(i) => (*i).into(),
            Value::Bool(b) => (*b).into(),
            Value::Date(d) => d.to_string().into(),
            Value::Ref(k) => k.to_string().into(),
            Value::List(items) => items.iter().map(Value::to_json).collect::<Vec<_>>().into(),
        }
    }
}
