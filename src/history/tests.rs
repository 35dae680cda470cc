use super::*;
use crate::model::{RecordFormat, Translation};

fn record(key: &Key, path: &str, translations: &[(&str, &str)]) -> Record {
    Record {
        key: key.clone(),
        path: path.to_owned(),
        format: RecordFormat::Markdown,
        fields: Default::default(),
        body: Default::default(),
        sources: Vec::new(),
        language: "en".into(),
        translations: translations
            .iter()
            .map(|(lang, p)| {
                let t = Translation {
                    lang: (*lang).to_owned(),
                    path: (*p).to_owned(),
                    format: RecordFormat::Markdown,
                    fields: Default::default(),
                    body: None,
                    body_links: Vec::new(),
                };
                ((*lang).to_owned(), t)
            })
            .collect(),
        draft: false,
        body_links: Vec::new(),
        aliases: Vec::new(),
    }
}

fn commit(n: i64) -> Commit {
    Commit {
        id: format!("{n:040}"),
        short: format!("{n:07}"),
        time: n,
        date: jiff::civil::date(2024, 1, 1),
        summary: format!("commit {n}"),
        records: Vec::new(),
        removed: Vec::new(),
    }
}

#[test]
fn record_paths_are_those_load_reads() {
    assert!(is_record_path("notes/a.md"));
    assert!(is_record_path("notes/sub/a.fr.yaml"));
    assert!(is_record_path("notes/a.yml"));
    assert!(!is_record_path("notes/_collection.yaml"));
    assert!(!is_record_path("_taxonomies.yaml"));
    assert!(!is_record_path("notes/.hidden/a.md"));
    assert!(!is_record_path("notes/a.txt"));
}

#[test]
fn a_record_has_the_changes_of_its_file_and_translations_newest_first() {
    let mut raw = Raw { status: HistoryStatus::Full, ..Raw::default() };
    // Newest first, as the walk pushes them.
    raw.push(commit(3), ["content/n/a.fr.md".to_owned(), "content/n/b.md".to_owned()]);
    raw.push(commit(2), ["content/n/a.md".to_owned()]);
    raw.push(commit(1), ["content/n/a.md".to_owned(), "content/n/gone.md".to_owned()]);
    let (a, b) = (Key::new("n", "a"), Key::new("n", "b"));
    let records: BTreeMap<Key, Record> = [
        (a.clone(), record(&a, "content/n/a.md", &[("fr", "content/n/a.fr.md")])),
        (b.clone(), record(&b, "content/n/b.md", &[])),
    ]
    .into();
    let h = raw.for_records(&records);
    assert!(h.is_shown());
    let times: Vec<i64> = h.changes(&a).map(|c| c.time).collect();
    assert_eq!(times, [3, 2, 1]);
    assert_eq!(h.changes(&b).map(|c| c.time).collect::<Vec<_>>(), [3]);
    assert_eq!(h.change_count(&Key::new("n", "none")), 0);
    assert_eq!(h.commits[0].records, [a.clone(), b.clone()]);
    // A commit whose record is gone is still listed, with none.
    assert_eq!(h.commits[2].records, [a]);
    assert_eq!(h.note(), None);
}

#[test]
fn a_site_without_history_says_why_once() {
    let h = |status| History { status, ..History::default() };
    assert_eq!(h(HistoryStatus::Off).note(), None);
    let note = h(HistoryStatus::NotARepository).note().unwrap_or_default();
    assert!(note.starts_with("content is not in a git repository"), "{note}");
    assert!(note.ends_with("record pages show their `updated` field instead of their history"));
    assert!(h(HistoryStatus::Shallow).note().unwrap_or_default().contains("shallow"));
    assert!(!h(HistoryStatus::Full).is_shown(), "no commits: nothing to show");
}
