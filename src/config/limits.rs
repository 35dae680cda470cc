//! `[limits]`: bounds that keep hostile input from hanging or exhausting a
//! run. Each value is checked as it is read, so that an error names its
//! key at its line, with the range it may take and its default.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

use crate::core::yaml::YamlLimits;

/// `[limits]` in `book.toml`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Limits {
    /// Largest content file read, in bytes.
    #[serde(deserialize_with = "max_file_bytes")]
    pub max_file_bytes: u64,
    /// Deepest YAML nesting.
    #[serde(deserialize_with = "yaml_max_depth")]
    pub yaml_max_depth: usize,
    /// Most YAML nodes in one file, alias expansions included.
    #[serde(deserialize_with = "yaml_max_nodes")]
    pub yaml_max_nodes: usize,
    /// Most alias uses in one file (0 refuses every alias).
    #[serde(deserialize_with = "yaml_max_aliases")]
    pub yaml_max_aliases: usize,
    /// Deepest nesting of Markdown blocks and raw HTML elements in a body
    /// (HTML sanitising is quadratic in depth).
    #[serde(deserialize_with = "markdown_max_depth")]
    pub markdown_max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        let y = YamlLimits::default();
        Limits {
            max_file_bytes: 1024 * 1024,
            yaml_max_depth: y.max_depth,
            yaml_max_nodes: y.max_nodes,
            yaml_max_aliases: y.max_aliases,
            markdown_max_depth: 64,
        }
    }
}

/// The highest value each limit may be raised to.
pub const MAX_LIMITS: Limits = Limits {
    max_file_bytes: 16 * 1024 * 1024,
    yaml_max_depth: 256,
    yaml_max_nodes: 1_000_000,
    yaml_max_aliases: 10_000,
    markdown_max_depth: 256,
};

impl Limits {
    /// The YAML parser's share of the limits.
    pub fn yaml(&self) -> YamlLimits {
        YamlLimits {
            max_depth: self.yaml_max_depth,
            max_nodes: self.yaml_max_nodes,
            max_aliases: self.yaml_max_aliases,
        }
    }
}

/// The least, the most and the default value of the limit `key`; `None`
/// for a key `[limits]` does not have.
fn range(key: &str) -> Option<(u64, u64, u64)> {
    let (d, m) = (Limits::default(), MAX_LIMITS);
    let wide = |n: usize| n as u64;
    // Zero aliases is a policy (no aliases at all); zero bytes or depth
    // would refuse every file.
    Some(match key {
        "max-file-bytes" => (1, m.max_file_bytes, d.max_file_bytes),
        "yaml-max-depth" => (1, wide(m.yaml_max_depth), wide(d.yaml_max_depth)),
        "yaml-max-nodes" => (1, wide(m.yaml_max_nodes), wide(d.yaml_max_nodes)),
        "yaml-max-aliases" => (0, wide(m.yaml_max_aliases), wide(d.yaml_max_aliases)),
        "markdown-max-depth" => (1, wide(m.markdown_max_depth), wide(d.markdown_max_depth)),
        _ => return None,
    })
}

/// How to set the limit `key`, in numbers: for any error at it.
pub(super) fn help(key: &str) -> Option<String> {
    let (least, most, default) = range(key)?;
    let none = if least == 0 { " (0 refuses every alias)" } else { "" };
    Some(format!(
        "set {key} to a whole number from {least}{none} to {most} (default {default}), or remove \
         it to use the default; the limits guard every run against hostile content, so they \
         cannot be lifted"
    ))
}

// The value of limit `key`, refused when out of its range (the message
// goes after "`KEY` in [limits]: ", and `help` gives the fix).
fn bounded<'de, D: Deserializer<'de>>(d: D, key: &str) -> Result<u64, D::Error> {
    // Signed, so that a negative value gets this message rather than serde's.
    let value = i64::deserialize(d)?;
    let (least, most, _) = range(key).unwrap_or((1, u64::MAX, 1));
    match u64::try_from(value) {
        Ok(v) if v > most => Err(D::Error::custom(format!("{v}{OVER}{most}"))),
        Ok(v) if v >= least => Ok(v),
        _ => Err(D::Error::custom(format!("{value}{UNDER}{least}"))),
    }
}

// How `bounded` says a value is out of range, after the value.
const OVER: &str = ", over its ceiling of ";
const UNDER: &str = ", below its minimum of ";

/// Whether serde's `message` is `bounded`'s: a number out of its range,
/// said as "`KEY` is MESSAGE" at the key.
pub(super) fn out_of_range(message: &str) -> bool {
    message.contains(OVER) || message.contains(UNDER)
}

fn count<'de, D: Deserializer<'de>>(d: D, key: &str) -> Result<usize, D::Error> {
    let v = bounded(d, key)?;
    usize::try_from(v).map_err(|_| D::Error::custom(format!("{v} is too large")))
}

fn max_file_bytes<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    bounded(d, "max-file-bytes")
}

fn yaml_max_depth<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    count(d, "yaml-max-depth")
}

fn yaml_max_nodes<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    count(d, "yaml-max-nodes")
}

fn yaml_max_aliases<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    count(d, "yaml-max-aliases")
}

fn markdown_max_depth<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    count(d, "markdown-max-depth")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_limit_has_a_range_and_a_default_inside_it() {
        for key in ["max-file-bytes", "yaml-max-depth", "yaml-max-nodes", "markdown-max-depth"] {
            let (least, most, default) = range(key).expect(key);
            assert!(least == 1 && least <= default && default <= most, "{key}");
            assert!(help(key).is_some_and(|h| h.contains(&format!("from 1 to {most}"))));
        }
        assert_eq!(range("yaml-max-aliases").map(|r| r.0), Some(0));
        assert!(help("nope").is_none());
        assert!(out_of_range(&format!("0{UNDER}1")) && !out_of_range("invalid type: string"));
    }
}
