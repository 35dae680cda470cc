//! A record's fields by name.

use super::Value;
use crate::core::intern::intern;

/// A record's (or a translation's) fields, in name order, as a `BTreeMap`
/// would give them. A sorted vector of interned names
/// ([`crate::core::intern`]) rather than a map: records have a dozen or two
/// fields, and at 100,000 records the map's nodes and every record's copy
/// of every name took a third of the loaded site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(Vec<(&'static str, Value)>);

impl Fields {
    /// No fields.
    pub fn new() -> Fields {
        Fields::default()
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(n, _)| (*n).cmp(name))
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.find(name).ok().map(|i| &self.0[i].1)
    }

    /// Whether `name` has a value.
    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Sets `name`, returning the value it replaces.
    pub fn insert(&mut self, name: &str, value: Value) -> Option<Value> {
        match self.find(name) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (intern(name), value));
                None
            }
        }
    }

    /// Removes `name`, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.find(name).ok().map(|i| self.0.remove(i).1)
    }

    /// Gives back the room a record no longer grows into.
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }

    /// Names and values, in name order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&str, &Value)> + ExactSizeIterator {
        self.0.iter().map(|(n, v)| (*n, v))
    }

    /// Names, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.0.iter().map(|(n, _)| *n)
    }

    /// Values, in name order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator {
        self.0.iter().map(|(_, v)| v)
    }

    /// How many fields have a value.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none has.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Fields {
    type Item = (&'a str, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (&'static str, Value)>,
        fn(&'a (&'static str, Value)) -> (&'a str, &'a Value),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(n, v)| (*n, v))
    }
}

impl<S: AsRef<str>> FromIterator<(S, Value)> for Fields {
    fn from_iter<I: IntoIterator<Item = (S, Value)>>(iter: I) -> Fields {
        let mut f = Fields::new();
        for (n, v) in iter {
            f.insert(n.as_ref(), v);
        }
        f.shrink_to_fit();
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_a_sorted_map() {
        let mut f = Fields::new();
        assert_eq!(f.insert("title", Value::Str("T".into())), None);
        f.insert("adopted", Value::Int(1));
        f.insert("status", Value::Bool(true));
        assert_eq!(f.insert("title", Value::Str("U".into())), Some(Value::Str("T".into())));
        assert_eq!(f.keys().collect::<Vec<_>>(), ["adopted", "status", "title"]);
        assert_eq!(f.get("title"), Some(&Value::Str("U".into())));
        assert!(f.contains_key("status") && !f.contains_key("stat"));
        assert_eq!(f.remove("status"), Some(Value::Bool(true)));
        assert_eq!(f.len(), 2);
        let back: Fields = f.iter().map(|(n, v)| (n, v.clone())).collect();
        assert_eq!(back, f);
        assert_eq!((&f).into_iter().count(), 2);
    }
}
