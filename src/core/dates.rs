//! A date as a language writes it, from CLDR (ICU4X's compiled data):
//! the long form pages show ("25 novembre 2015", "2015年11月25日") and the
//! day and month alone that an APA citation puts after the year. Each
//! language's formatters are made once per process and shared.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use icu_calendar::{Date as IcuDate, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{MD, YMD};
use jiff::civil::Date;

/// One language's formatters; `None` where CLDR has no data for it.
struct Formats {
    long: Option<FixedCalendarDateTimeFormatter<Gregorian, YMD>>,
    day_month: Option<FixedCalendarDateTimeFormatter<Gregorian, MD>>,
}

/// `d` in full as `lang` writes it ("25 novembre 2015").
pub fn long(lang: &str, d: Date) -> Option<String> {
    Some(formats(lang).long.as_ref()?.format(&icu(d)?).to_string())
}

/// `d`'s day and month as `lang` writes them ("25 novembre", "11月25日").
pub fn day_month(lang: &str, d: Date) -> Option<String> {
    Some(formats(lang).day_month.as_ref()?.format(&icu(d)?).to_string())
}

/// Record dates are Gregorian (ISO 8601), whatever calendar a locale
/// prefers, so that the text matches `<time datetime>`.
fn icu(d: Date) -> Option<IcuDate<Gregorian>> {
    let (month, day) = (u8::try_from(d.month()).ok()?, u8::try_from(d.day()).ok()?);
    IcuDate::try_new_gregorian(i32::from(d.year()), month, day).ok()
}

fn formats(lang: &str) -> Arc<Formats> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Formats>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(f) = cache.lock().ok().and_then(|m| m.get(lang).cloned()) {
        return f;
    }
    let made = Arc::new(match lang.parse::<icu_locale_core::Locale>() {
        Ok(locale) => Formats {
            long: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long()).ok(),
            day_month: FixedCalendarDateTimeFormatter::try_new((&locale).into(), MD::long()).ok(),
        },
        Err(_) => Formats { long: None, day_month: None },
    });
    if let Ok(mut m) = cache.lock() {
        m.entry(lang.to_owned()).or_insert_with(|| made.clone());
    }
    made
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_each_language_writes_them() {
        let d = jiff::civil::date(2015, 11, 25);
        assert_eq!(long("fr", d).as_deref(), Some("25 novembre 2015"));
        assert_eq!(long("zh", d).as_deref(), Some("2015年11月25日"));
        assert_eq!(day_month("es", d).as_deref(), Some("25 de noviembre"));
        assert_eq!(long("not a tag", d), None);
    }
}
