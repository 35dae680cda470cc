//! Tera filters, functions and the escaping function of the theme.
//!
//! tera's `builtins` feature is off (it pulls in chrono and more), so the
//! few helpers templates need are written here. Tera functions cannot see
//! the page's context, so the interface-text ones take the page's `lang`:
//! `{{ t(key="records", lang=lang, count=n) }}`.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::civil::Date;
use tera::{Tera, Value};

use super::i18n::I18n;

/// Registers the filters, functions and the escape function on `tera`.
pub fn register(tera: &mut Tera, i18n: Arc<I18n>) {
    tera.set_escape_fn(escape_html);
    let dates = i18n.clone();
    tera.register_filter("format_date", move |v: &Value, args: &HashMap<String, Value>| {
        format_date(&dates, v, args)
    });
    tera.register_filter("humanize", humanize_filter);
    tera.register_filter("og_locale", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(crate::core::lang::og_locale(v.as_str().unwrap_or(""))))
    });
    // tera's own, but safe inside `<script>` (as Hugo's `jsonify` and
    // Django's `json_script` are): a theme writes `{{ record.summary |
    // json_encode | safe }}` there, and a record's `</script>` must not
    // end the element.
    tera.register_filter("json_encode", json_encode);
    let texts = i18n.clone();
    tera.register_function("t", move |args: &HashMap<String, Value>| translate(&texts, args));
    let names = i18n.clone();
    tera.register_function("language_name", move |args: &HashMap<String, Value>| {
        language_name(&names, args)
    });
    tera.register_function("i18n_json", move |args: &HashMap<String, Value>| {
        i18n_json(&i18n, args)
    });
}

/// The page language a function was given (`lang=lang`); English when a
/// template left it out.
fn lang_arg(args: &HashMap<String, Value>) -> &str {
    args.get("lang").and_then(Value::as_str).filter(|l| !l.is_empty()).unwrap_or("en")
}

/// A value as placeholder text: strings as they are, numbers in digits.
fn arg_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `t(key="records", lang=lang, count=12, name="value"…)`: the string
/// `key` in `lang`, its plural form chosen by `count`, placeholders
/// filled from the other arguments.
fn translate(i18n: &I18n, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let Some(key) = args.get("key").and_then(Value::as_str) else {
        return Err(tera::Error::msg("t() needs a `key`, as in t(key=\"search\", lang=lang)"));
    };
    let count = match args.get("count") {
        None | Some(Value::Null) => None,
        Some(v) => {
            Some(v.as_u64().or_else(|| v.as_f64().map(|f| f.max(0.0) as u64)).ok_or_else(|| {
                tera::Error::msg(format!("t(key=\"{key}\"): `count` must be a number, not {v}"))
            })?)
        }
    };
    let mut rest: Vec<(&str, String)> = args
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "key" | "lang" | "count"))
        .map(|(k, v)| (k.as_str(), arg_text(v)))
        .collect();
    rest.sort();
    let pairs: Vec<(&str, &str)> = rest.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Ok(Value::String(i18n.format(lang_arg(args), key, count, &pairs)))
}

/// `language_name(code="fr")`: the language's own name ("Français");
/// `language_name(code="fr", lang=lang)`: its name in the page's language.
fn language_name(i18n: &I18n, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let Some(code) = args.get("code").and_then(Value::as_str) else {
        return Err(tera::Error::msg("language_name() needs a `code`"));
    };
    Ok(Value::String(match args.get("lang").and_then(Value::as_str) {
        Some(lang) => i18n.language_name_in(lang, code),
        None => i18n.language_name(code),
    }))
}

/// `i18n_json(keys=["searching", "results-count"], lang=lang)`: those
/// strings in `lang` as JSON for a page's scripts (plural strings as their
/// forms, for `Intl.PluralRules`), safe inside `<script>` (use `| safe`).
/// Forms that come from another language (English, as a fallback) carry
/// their own `@locale`, whose rules pick among them.
fn i18n_json(i18n: &I18n, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let lang = lang_arg(args);
    let keys = args.get("keys").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut out = serde_json::Map::new();
    let page_locale = i18n.locale(lang);
    out.insert("@locale".to_owned(), Value::String(page_locale.to_owned()));
    for key in keys.iter().filter_map(Value::as_str) {
        let mut forms = i18n.forms(lang, key);
        let from = i18n.forms_locale(lang, key);
        let value = match (forms.len(), forms.get("other")) {
            (1, Some(only)) if from == page_locale => Value::String(only.clone()),
            _ => {
                // Also a string of one form, so that the script can keep an
                // English one in its own direction on a right-to-left page.
                if from != page_locale {
                    forms.insert("@locale".to_owned(), from.to_owned());
                }
                serde_json::to_value(forms).unwrap_or(Value::Null)
            }
        };
        out.insert(key.to_owned(), value);
    }
    Ok(Value::String(script_json(&Value::Object(out))))
}

/// `value` as JSON to write inside a `<script>` element: a `</script>` or
/// `<!--` in a string must not end or upset the element.
pub fn script_json(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// `{{ value | json_encode(pretty=true) }}`: JSON with `<` written
/// `\u003c` ([`script_json`]).
fn json_encode(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let pretty = args.get("pretty").and_then(Value::as_bool).unwrap_or(false);
    let text = if pretty {
        serde_json::to_string_pretty(value).map_err(tera::Error::json)?.replace('<', "\\u003c")
    } else {
        script_json(value)
    };
    Ok(Value::String(text))
}

/// Escapes text for HTML content and quoted attribute values (see
/// [`crate::core::escape::html`]).
pub fn escape_html(input: &str) -> String {
    crate::core::escape::html(input)
}

/// "25 November 2015": a date in English, for callers without a page
/// language (CLDR's format, like every other language's).
pub fn display_date(d: Date) -> String {
    I18n::shared().date("en", d)
}

/// `{{ "2015-11-25" | format_date(lang=lang) }}` → "25 November 2015" (as
/// `lang` writes dates); anything that is not a `YYYY-MM-DD` date comes back
/// unchanged.
fn format_date(i18n: &I18n, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let Some(s) = value.as_str() else { return Ok(value.clone()) };
    Ok(match s.parse::<Date>() {
        Ok(d) => Value::String(i18n.date(lang_arg(args), d)),
        Err(_) => value.clone(),
    })
}

fn humanize_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    Ok(match value.as_str() {
        Some(s) => Value::String(humanize(s)),
        None => value.clone(),
    })
}

/// An id-like value in words: "in-force" → "In force", "e-money" → "E-money",
/// "target_group" → "Target group".
pub fn humanize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let parts: Vec<&str> = s.split(['-', '_']).collect();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            // Keep the hyphen after a one-letter prefix ("e-money", "x-ray").
            let prev = parts[i - 1];
            out.push(if prev.chars().count() == 1 { '-' } else { ' ' });
        }
        out.push_str(part);
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_but_not_slashes() {
        assert_eq!(escape_html("../a/b"), "../a/b");
        assert_eq!(
            escape_html("\"><img src=x onerror='1'>&"),
            "&quot;&gt;&lt;img src=x onerror=&#x27;1&#x27;&gt;&amp;"
        );
    }

    #[test]
    fn dates_and_words() {
        assert_eq!(display_date(jiff::civil::date(2015, 11, 25)), "25 November 2015");
        assert_eq!(humanize("in-force"), "In force");
        assert_eq!(humanize("e-money"), "E-money");
        assert_eq!(humanize("target_group"), "Target group");
        assert_eq!(humanize(""), "");
    }

    #[test]
    fn strings_for_scripts_are_json_that_cannot_end_the_script() {
        let mut i18n = I18n::built_in();
        i18n.overlay("en", "searching = \"</script><b>\"\n").unwrap();
        let args: HashMap<String, Value> = [
            ("lang".to_owned(), Value::from("ru")),
            ("keys".to_owned(), serde_json::json!(["records", "home"])),
        ]
        .into();
        let Value::String(json) = i18n_json(&i18n, &args).unwrap() else { panic!() };
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["@locale"], "ru");
        assert_eq!(v["home"], "Главная");
        assert_eq!(v["records"]["few"], "{count} записи");
        let en: HashMap<String, Value> = [
            ("lang".to_owned(), Value::from("en")),
            ("keys".to_owned(), serde_json::json!(["searching"])),
        ]
        .into();
        let Value::String(json) = i18n_json(&i18n, &en).unwrap() else { panic!() };
        assert!(!json.contains('<'), "{json}");
        assert_eq!(serde_json::from_str::<Value>(&json).unwrap()["searching"], "</script><b>");
        assert_eq!(v.get("en"), None);
    }

    #[test]
    fn t_fills_counts_and_names() {
        let i18n = I18n::built_in();
        let args: HashMap<String, Value> = [
            ("key".to_owned(), Value::from("country-records-via")),
            ("lang".to_owned(), Value::from("fr")),
            ("count".to_owned(), Value::from(2)),
            ("groups".to_owned(), Value::from("Union africaine")),
        ]
        .into();
        assert_eq!(
            translate(&i18n, &args).unwrap(),
            "2 fiches concernent ce pays, directement ou par l’intermédiaire de\u{a0}: Union africaine."
        );
        let bad: HashMap<String, Value> =
            [("key".to_owned(), Value::from("records")), ("count".to_owned(), Value::from("x"))]
                .into();
        assert!(translate(&i18n, &bad).is_err());
        assert!(translate(&i18n, &HashMap::new()).is_err());
    }
}
