//! History from git (#17) on a temporary repository made with gix itself
//! (no `git` program needed): record pages' first-published and
//! last-changed dates and their changes, the "What changed" page and its
//! Atom feed, commit links, and how a site degrades outside a repository,
//! in a shallow clone, or with history turned off.

use std::collections::BTreeMap;

use crate::support::{Run, Site};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const URL: &str = "https://github.com/org/repo";

/// Noon UTC on 2024-01-10, 2024-02-20, 2024-03-30 and 2024-04-02.
const T1: i64 = 1_704_888_000;
const T2: i64 = 1_708_430_400;
const T3: i64 = 1_711_800_000;
const T4: i64 = 1_712_059_200;

/// Commits every file of the site as it is on disk (but `.git`, and the
/// `site` and `index` output folders) on HEAD at `seconds`; the commit's id.
fn commit_all(site: &Site, message: &str, seconds: i64) -> String {
    let dir = site.path();
    let repo = if dir.join(".git").is_dir() { gix::open(dir) } else { gix::init(dir) }
        .expect("repository");
    let mut editor =
        repo.edit_tree(gix::ObjectId::empty_tree(repo.object_hash())).expect("tree editor");
    let walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        !(e.depth() == 1 && matches!(name.as_ref(), ".git" | "site" | "index"))
    });
    for entry in walk {
        let e = entry.expect("walk");
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e.path().strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/");
        let blob = repo.write_blob(std::fs::read(e.path()).expect("read")).expect("blob");
        editor.upsert(rel.as_str(), gix::object::tree::EntryKind::Blob, blob).expect("upsert");
    }
    let tree = editor.write().expect("tree");
    let time = format!("{seconds} +0000");
    let sig = gix::actor::SignatureRef {
        name: gix::bstr::BStr::new("Editor"),
        email: gix::bstr::BStr::new("editor@example.org"),
        time: &time,
    };
    let parents: Vec<gix::ObjectId> =
        repo.head_id().ok().map(|id| id.detach()).into_iter().collect();
    repo.commit_as(sig, sig, "HEAD", message, tree, parents).expect("commit").to_string()
}

fn site(history: &str) -> Site {
    let s = Site::new();
    s.write(
        "book.toml",
        &format!("[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"fr\"]\n\n{history}"),
    );
    s.write("content/notes/_collection.yaml", "title: Notes\nsingular: Note\n");
    s.write(
        "content/notes/a.md",
        "---\ntitle: Alpha\nsummary: First.\nupdated: 2020-05-05\n---\nA.\n",
    );
    s.write("content/notes/b.md", "---\ntitle: Beta\nsummary: Second.\n---\nB.\n");
    s
}

/// The three commits: both records, then A changed, then B changed and
/// translated. Their ids.
fn three_commits(s: &Site) -> [String; 3] {
    let c1 = commit_all(s, "Add Alpha and Beta\n\nThe body is not the summary.", T1);
    s.write(
        "content/notes/a.md",
        "---\ntitle: Alpha\nsummary: First, revised.\nupdated: 2020-05-05\n---\nA.\n",
    );
    // A subject's control characters and direction overrides are not
    // shown: an override would turn the commit id after it around.
    let c2 = commit_all(s, "Revise\u{7} Al\u{202e}pha\u{1b}", T2);
    s.write("content/notes/b.md", "---\ntitle: Beta\nsummary: Second, revised.\n---\nB.\n");
    s.write("content/notes/b.fr.md", "---\ntitle: Bêta\nsummary: Deuxième.\n---\nB.\n");
    let c3 = commit_all(s, "Revise Beta & translate it <fr>", T3);
    [c1, c2, c3]
}

#[track_caller]
fn built(s: &Site) -> Run {
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r
}

/// `(date, summary, link)` of each change in a record page's History.
fn history(page: &str) -> Vec<(String, String, Option<String>)> {
    let Some(start) = page.find("<section class=\"record-history\"") else { return Vec::new() };
    let section = &page[start..start + page[start..].find("</section>").expect("closed")];
    section
        .split("<li>")
        .skip(1)
        .map(|li| {
            let li = li.split("</li>").next().unwrap_or("");
            let date = between(li, "datetime=\"", "\"").to_owned();
            let link = li.contains("<a href=").then(|| between(li, "<a href=\"", "\"").to_owned());
            let text = li.split("</time> ").nth(1).unwrap_or("");
            let text = text.split("</li>").next().unwrap_or("");
            let summary = match text.find('>') {
                Some(i) if link.is_some() => &text[i + 1..text.find("</a>").unwrap_or(text.len())],
                _ => text,
            };
            (date, summary.trim().to_owned(), link)
        })
        .collect()
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let from = s.find(start).map_or(s.len(), |i| i + start.len());
    let rest = &s[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The header's dates: `(first published, last changed)`.
fn dates(page: &str) -> (String, Option<String>) {
    let meta = between(page, "<p class=\"meta record-dates\">", "</p>");
    assert!(meta.starts_with("First published"), "{page}");
    let first = between(meta, "datetime=\"", "\"").to_owned();
    let last =
        meta.split("Last changed").nth(1).map(|r| between(r, "datetime=\"", "\"").to_owned());
    (first, last)
}

#[test]
fn three_commits_give_each_record_its_dates_and_changes() {
    let s = site(&format!("[history]\nrepository-url = \"{URL}/\"\n"));
    let [c1, c2, c3] = three_commits(&s);
    let r = built(&s);
    assert!(!r.stderr.contains("note:"), "{}", r.stderr);

    let a = s.read("site/notes/a/index.html");
    assert_eq!(dates(&a), ("2024-01-10".into(), Some("2024-02-20".into())));
    assert!(!a.contains("Updated"), "history replaces the `updated` line: {a}");
    let link = |id: &str| Some(format!("{URL}/commit/{id}"));
    assert_eq!(
        history(&a),
        [
            ("2024-02-20".into(), "Revise Alpha".into(), link(&c2)),
            ("2024-01-10".into(), "Add Alpha and Beta".into(), link(&c1)),
        ]
    );
    // The translation's commit is a change of its record, in every language.
    let b = s.read("site/notes/b/index.html");
    assert_eq!(dates(&b), ("2024-01-10".into(), Some("2024-03-30".into())));
    let b_changes = [
        ("2024-03-30".into(), "Revise Beta &amp; translate it &lt;fr&gt;".into(), link(&c3)),
        ("2024-01-10".into(), "Add Alpha and Beta".into(), link(&c1)),
    ];
    assert_eq!(history(&b), b_changes);
    assert_eq!(history(&s.read("site/fr/notes/b/index.html")), b_changes);

    // What changed: newest first, each commit with the records it touched.
    let page = s.read("site/changes/index.html");
    let order: Vec<usize> = [&c3, &c2, &c1]
        .iter()
        .map(|c| page.find(&format!("id=\"commit-{c}\"")).expect("listed"))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{page}");
    let listed = |c: &str| {
        let from = page.find(&format!("id=\"commit-{c}\"")).expect("listed");
        between(&page[from..], "<ul class=\"changed-records\">", "</ul>").to_owned()
    };
    assert!(listed(&c3).contains("../notes/b/index.html") && !listed(&c3).contains("notes/a/"));
    assert!(listed(&c1).contains("../notes/a/index.html") && listed(&c1).contains("notes/b/"));
    assert!(s.read("site/fr/changes/index.html").contains("Bêta"));
    // Linked from every page's footer, with the feed.
    assert!(a.contains("href=\"../../changes/index.html\""), "{a}");
    assert!(a.contains("href=\"../../changes.xml\""), "{a}");

    // The feed: well-formed Atom, one entry per commit, dated by it.
    for (file, lang) in [("site/changes.xml", "en"), ("site/fr/changes.xml", "fr")] {
        let text = s.read(file);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let feed = doc.root_element();
        assert!(feed.has_tag_name((ATOM, "feed")));
        let text_of = |n: roxmltree::Node, name: &str| {
            n.children()
                .find(|c| c.has_tag_name((ATOM, name)))
                .and_then(|c| c.text())
                .map(str::to_owned)
        };
        assert_eq!(text_of(feed, "updated").as_deref(), Some("2024-03-30T12:00:00Z"));
        let entries: Vec<(String, String, String)> = feed
            .children()
            .filter(|c| c.has_tag_name((ATOM, "entry")))
            .map(|e| {
                (
                    text_of(e, "title").unwrap_or_default(),
                    text_of(e, "id").unwrap_or_default(),
                    text_of(e, "updated").unwrap_or_default(),
                )
            })
            .collect();
        let id = |c: &str| format!("urn:compendium:test:{lang}:commit:{c}");
        assert_eq!(
            entries,
            [
                ("Revise Beta & translate it <fr>".into(), id(&c3), "2024-03-30T12:00:00Z".into()),
                ("Revise Alpha".into(), id(&c2), "2024-02-20T12:00:00Z".into()),
                ("Add Alpha and Beta".into(), id(&c1), "2024-01-10T12:00:00Z".into()),
            ],
            "{text}"
        );
        assert!(text.contains(&format!("<link href=\"{URL}/commit/{c3}\"/>")), "{text}");
    }

    // The same commit builds the same bytes; a new commit builds again,
    // even with the content unchanged.
    let before = crate::support::snapshot(&s.path().join("site"));
    assert!(built(&s).stderr.contains("is up to date"));
    commit_all(&s, "Touch nothing in the content", T4);
    let again = built(&s);
    assert!(!again.stderr.contains("is up to date"), "{}", again.stderr);
    let after = crate::support::snapshot(&s.path().join("site"));
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    assert_eq!(before, after, "a commit that changes no record changes no page");
}

#[test]
fn without_a_repository_url_changes_are_not_links_and_max_changes_caps_them() {
    let s = site("[history]\nmax-changes = 1\n");
    three_commits(&s);
    built(&s);
    let b = s.read("site/notes/b/index.html");
    let changes = history(&b);
    assert_eq!(changes.len(), 1, "{b}");
    assert_eq!(changes[0].2, None);
    assert!(b.contains("2 changes in all"), "{b}");
    assert!(!s.read("site/changes/index.html").contains("/commit/"));
    // Entries link to their commit on the What changed page.
    assert!(s.read("site/changes.xml").contains("<link href=\"changes/index.html#commit-"));
}

/// Builds `s` and checks that pages show the `updated` field, that no
/// history page or feed is made, and what `build` said about it.
#[track_caller]
fn degraded(s: &Site, note: Option<&str>) {
    let r = built(s);
    let notes: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("note:")).collect();
    match note {
        Some(n) => {
            assert_eq!(notes.len(), 1, "said once: {}", r.stderr);
            assert!(notes[0].contains(n), "{}", r.stderr);
            assert!(
                notes[0]
                    .ends_with("record pages show their `updated` field instead of their history")
            );
        }
        None => assert!(notes.is_empty(), "{}", r.stderr),
    }
    let a = s.read("site/notes/a/index.html");
    assert!(a.contains("Updated <time datetime=\"2020-05-05\">"), "{a}");
    assert!(!a.contains("record-history") && !a.contains("changes.xml"), "{a}");
    assert!(!s.path().join("site/changes").exists());
    assert!(!s.path().join("site/changes.xml").exists());
    // `check` stays quiet about it: not a warning.
    let c = s.run(&["check"]);
    assert_eq!(c.code, 0, "{}", c.stderr);
    assert!(!c.stderr.contains("note:"), "{}", c.stderr);
}

#[test]
fn outside_a_repository_pages_show_updated_and_build_says_so_once() {
    degraded(&site(""), Some("note: content is not in a git repository"));
}

#[test]
fn a_shallow_clone_shows_no_history() {
    let s = site("");
    let [_, _, head] = three_commits(&s);
    // What `git clone --depth` leaves: the commits beyond which parents are missing.
    std::fs::write(s.path().join(".git/shallow"), format!("{head}\n")).expect("write");
    degraded(&s, Some("note: content is in a shallow clone"));
}

#[test]
fn history_can_be_turned_off() {
    let s = site("[history]\nenabled = false\n");
    three_commits(&s);
    degraded(&s, None);
}

#[test]
fn repository_url_must_be_a_web_address() {
    let s = site("[history]\nrepository-url = \"git@github.com:org/repo.git\"\nmax-changes = -2\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors: BTreeMap<&str, &str> =
        r.errors().into_iter().map(|l| (l.split(": error: ").next().unwrap_or(""), l)).collect();
    assert!(
        errors.get("book.toml:6:1").is_some_and(|l| l.contains("not an absolute http(s) URL")),
        "{}",
        r.stderr
    );
    assert!(
        errors.get("book.toml:7:1").is_some_and(|l| l.contains("`max-changes` is -2")),
        "{}",
        r.stderr
    );
}

#[test]
fn serve_keeps_the_history_it_read_at_start() {
    use compendium::serve::engine::{ChangeKind, Engine};
    let s = site(&format!("[history]\nrepository-url = \"{URL}\"\n"));
    let [_, c2, _] = three_commits(&s);
    let (mut engine, outcome) = Engine::start(s.path());
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    assert_eq!(engine.history_note(), None);
    // A saved record (the fast path) keeps its history; What changed shows its new title.
    let a = s.path().join("content/notes/a.md");
    s.write(
        "content/notes/a.md",
        "---\ntitle: Alpha renamed\nsummary: First.\nupdated: 2020-05-05\n---\nA.\n",
    );
    let o = engine.apply(&[ChangeKind::Record(a)]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    let page = s.read("site/notes/a/index.html");
    assert!(page.contains("<h1>Alpha renamed</h1>"), "{page}");
    assert_eq!(history(&page)[0].2, Some(format!("{URL}/commit/{c2}")));
    assert!(s.read("site/changes/index.html").contains("Alpha renamed"));
    // A configuration change reloads everything: the history stays.
    let book = s.read("book.toml").replace("[history]\n", "[history]\nmax-changes = 1\n");
    s.write("book.toml", &book);
    let o = engine.apply(&[ChangeKind::Config]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert_eq!(history(&s.read("site/notes/a/index.html")).len(), 1);
    assert!(s.path().join("site/changes.xml").is_file());
}

/// Staleness (#17) by the last change in git, for records without
/// `updated`: `check` warns at the file, and the page says so; a record
/// with `updated` is judged by it alone.
#[test]
fn records_without_updated_go_stale_by_their_last_change() {
    let s = site("[check]\nstale-after = \"1 year\"\n");
    three_commits(&s);
    let run = |args: &[&str]| {
        let out = std::process::Command::new(crate::support::bin())
            .arg("--root")
            .arg(s.path())
            .args(args)
            .env("SOURCE_DATE_EPOCH", "1796385600")
            .output()
            .expect("run compendium");
        Run::from(out)
    };
    let r = run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.errors().contains(&"content/notes/b.md:1:1: warning: last changed on 2024-03-30 (in git), more than 1 year ago, and there is no `updated:` date: the record may be out of date"),
        "{}",
        r.stderr
    );
    assert!(
        r.errors().iter().any(|l| l.starts_with("content/notes/a.md:4:10: warning: last reviewed on 2020-05-05")),
        "{}",
        r.stderr
    );
    let stale = r.errors().into_iter().filter(|l| l.contains("out of date")).count();
    assert_eq!(stale, 2, "{}", r.stderr);
    let b = run(&["build"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let page = s.read("site/notes/b/index.html");
    assert!(page.contains("Last reviewed on 30 March 2024, more than a year ago"), "{page}");
}

/// A commit that removes a record says so on "What changed" and in its
/// feed (a withdrawal is what a subscriber most needs to see); one that
/// removes a translation is a change of its record; a draft's file is
/// no removal.
#[test]
fn a_removed_record_is_named_by_the_commit_that_removed_it() {
    let s = site("");
    three_commits(&s);
    std::fs::remove_file(s.path().join("content/notes/a.md")).expect("remove");
    std::fs::remove_file(s.path().join("content/notes/b.fr.md")).expect("remove");
    commit_all(&s, "Withdraw Alpha", T3 + 10);
    built(&s);
    let page = s.read("site/changes/index.html");
    let entry = between(&page, "Withdraw Alpha", "</li>\n  </ol>");
    assert!(
        entry.contains("<span class=\"removed-record\" dir=\"ltr\">notes/a</span> <span class=\"kind\">removed</span>"),
        "{entry}"
    );
    assert!(entry.contains(">Beta</a>"), "{entry}");
    let feed = s.read("site/changes.xml");
    assert!(feed.contains("notes/a (removed)"), "{feed}");
    assert!(s.read("site/fr/changes/index.html").contains("<span class=\"kind\">supprimé</span>"));
    // Back as a draft: its file is there again, so no commit says it is
    // gone (a removal is of a record the site no longer has a file for).
    s.write("content/notes/a.md", "---\ntitle: Alpha\nsummary: First.\ndraft: true\n---\nA.\n");
    commit_all(&s, "Alpha back, as a draft", T3 + 20);
    built(&s);
    let page = s.read("site/changes/index.html");
    assert_eq!(page.matches("removed-record").count(), 0, "{page}");
}
