//! Links and images in record bodies: `@/COLLECTION/ID`, paths from the
//! site's root and relative paths work on the record's page in every
//! language, under a base path and from disk; `check` finds the broken ones.

use crate::build::assert_links_ok;
use crate::support::Site;

const BASE: &str = "https://example.org/kb/";

fn site() -> Site {
    let s = Site::minimal();
    s.write(
        "book.toml",
        &format!("[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"fr\"]\nbase-url = \"{BASE}\"\n\n[build]\ntheme = \"mine\"\n"),
    );
    s.write("themes/mine/assets/img/map.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    s.write(
        "content/practices/e-payments.md",
        "---\ntitle: E-payments\nsummary: Paying duties online.\narea: payments\n---\n\n\
         See [the window](@/practices/single-window#top), [again](../single-window/), \
         [its file](single-window.md), [all practices](@/practices) and [home](/).\n\n\
         ![Map](/kb/assets/img/map.svg) ![Map again](/assets/img/map.svg)\n",
    );
    s
}

fn hrefs(html: &str) -> Vec<String> {
    let body = &html[html.find("record-body").expect("a body")..];
    let body = &body[..body.find("</div>").unwrap_or(body.len())];
    body.split(['"'])
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w[0].ends_with("href=") || w[0].ends_with("src="))
        .map(|w| w[1].to_owned())
        .collect()
}

#[test]
fn body_links_work_in_every_language_under_a_base_path_and_from_disk() {
    let s = site();
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_links_ok(&s.path().join("site"), Some(BASE));
    let en = hrefs(&s.read("site/practices/e-payments/index.html"));
    assert_eq!(
        en,
        [
            "../../practices/single-window/index.html#top",
            "../../practices/single-window/index.html",
            "../../practices/single-window/index.html",
            "../../practices/index.html",
            "../../index.html",
            "../../assets/img/map.svg",
            "../../assets/img/map.svg",
        ]
    );
    // The French page is a folder deeper: pages stay French, files shared.
    let fr = hrefs(&s.read("site/fr/practices/e-payments/index.html"));
    assert_eq!(fr[0], "../../../fr/practices/single-window/index.html#top");
    assert_eq!(fr[3], "../../../fr/practices/index.html");
    assert_eq!(fr[5], "../../../assets/img/map.svg");
}

/// A body of thousands of broken links lists five and counts the rest:
/// 20,000 links gave 20,000 errors (4.9 MB of JSON, as many GitHub
/// annotations), where a body's other problems stop at five.
#[test]
fn a_bodys_broken_links_are_listed_five_and_counted() {
    let s = site();
    let links: String = (0..400).map(|i| format!("[l{i}](@/practices/nope{i}) ")).collect();
    s.write(
        "content/practices/customs.md",
        &format!("---\ntitle: Customs\nsummary: Borders.\narea: customs\n---\n\n{links}\n"),
    );
    let r = s.run(&["check", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let broken = r.stdout.matches("names no existing record").count();
    assert_eq!(broken, 5, "{}", r.stdout);
    assert!(r.stdout.contains("395 more reference(s) in `body` name no record"), "{}", r.stdout);
    assert!(r.stdout.len() < 20_000, "{} bytes", r.stdout.len());
}

#[test]
fn check_reports_links_to_no_record_at_their_position() {
    let s = site();
    s.write(
        "content/practices/customs.md",
        "---\ntitle: Customs\nsummary: Borders.\narea: customs\n---\n\n\
         [a](@/practices/single-windw) [b](@/practises)\n[c](practices/single-window) [d](../payments.md)\n\
         [e](/fr/practices/nope/) [f](/fr/practices/single-window/)\n\
         [g](../../../../../etc/passwd) [h](/../../etc/passwd)\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines = r.errors();
    let at = |prefix: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(prefix))
            .copied()
            .unwrap_or_else(|| panic!("{prefix}: {}", r.stderr))
    };
    assert!(at("content/practices/customs.md:7:1: error:").contains("`practices/single-windw`"));
    assert!(r.stderr.contains("did you mean `practices/single-window`?"), "{}", r.stderr);
    assert!(at("content/practices/customs.md:7:31: error:").contains("names no collection"));
    assert!(r.stderr.contains("did you mean `@/practices`?"), "{}", r.stderr);
    assert!(at("content/practices/customs.md:8:1: error:").contains("below the record's own page"));
    assert!(
        r.stderr.contains(
            "to link the record `practices/single-window`, write @/practices/single-window"
        ),
        "{}",
        r.stderr
    );
    assert!(at("content/practices/customs.md:8:30: error:").contains("is not a link to a record"));
    // Another language's page of a record is checked as the record.
    assert!(at("content/practices/customs.md:9:1: error:").contains("`practices/nope`"));
    assert!(
        at("content/practices/customs.md:10:1: warning:").contains("climbs above the site's root")
    );
    assert!(
        at("content/practices/customs.md:10:32: warning:").contains("climbs above the site's root")
    );
    assert_eq!(lines.iter().filter(|l| l.contains(":9:")).count(), 1, "{}", r.stderr);
}

/// A record in a folder of its collection reads an mdBook-style link from
/// its own folder, as mdBook does; a link to a file whose name is no id
/// says which id to link.
#[test]
fn mdbook_links_are_read_from_the_records_own_folder() {
    let s = site();
    s.write(
        "content/practices/deep/er/nested.md",
        "---\ntitle: Nested\nsummary: S.\narea: customs\n---\n\n[up](../../single-window.md)\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("nested.md"), "{}", r.stderr);
    assert_eq!(s.run(&["build"]).code, 0);
    let page = s.read("site/practices/nested/index.html");
    assert_eq!(hrefs(&page), ["../../practices/single-window/index.html"]);
    s.write(
        "content/practices/deep/er/nested.md",
        "---\ntitle: Nested\nsummary: S.\narea: customs\n---\n\n[up](../../Single-Window.md)\n",
    );
    let r = s.run(&["check"]);
    assert!(
        r.stderr.contains("is not a link to a record\n  help: link the record by its id, e.g. @/practices/single-window"),
        "{}",
        r.stderr
    );
}

#[test]
fn raw_html_addresses_are_read_and_checked_as_markdown_links_are() {
    let s = site();
    s.write(
        "content/practices/customs.md",
        "---\ntitle: Customs\nsummary: Borders.\narea: customs\n---\n\n\
         <p><a href=\"@/practices/single-window#top\">a</a> <img alt=\"Map\" src=\"/assets/img/map.svg\"> \
         <a href='https://example.com/?a=1&amp;b=2'>c</a></p>\n",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_links_ok(&s.path().join("site"), Some(BASE));
    let en = hrefs(&s.read("site/practices/customs/index.html"));
    assert_eq!(
        en,
        [
            "../../practices/single-window/index.html#top",
            "../../assets/img/map.svg",
            "https://example.com/?a=1&amp;b=2",
        ]
    );
    let fr = hrefs(&s.read("site/fr/practices/customs/index.html"));
    assert_eq!(fr[0], "../../../fr/practices/single-window/index.html#top");
    s.write(
        "content/practices/customs.md",
        "---\ntitle: Customs\nsummary: Borders.\narea: customs\n---\n\n<a href=\"@/practices/nope\">a</a>\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.errors().iter().any(|l| l.starts_with("content/practices/customs.md:7:4: error:")
            && l.contains("`practices/nope`")),
        "{}",
        r.stderr
    );
}

#[test]
fn check_warns_of_anchors_no_heading_has() {
    let s = site();
    s.write(
        "content/practices/single-window.md",
        "---\ntitle: Single window\nsummary: One place.\narea: customs\n---\n\n\
         ## How it works {#how}\n\nText.\n\n## Results\n\nMore.\n",
    );
    s.write(
        "content/practices/single-window.fr.md",
        "---\ntitle: Guichet unique\n---\n\n## Résultats\n\nPlus.\n",
    );
    s.write(
        "content/practices/customs.md",
        "---\ntitle: Customs\nsummary: Borders.\narea: customs\n---\n\n\
         [a](@/practices/single-window#how) [b](@/practices/single-window#results) \
         [c](@/practices/single-window#resultats) [d](/fr/practices/single-window/#r%C3%A9sultats) \
         [e](@/practices/single-window#cite-heading) [f](#intro) [g](#fn-1)\n\
         [h](@/practices/single-window#reslts) [i](#nowhere) [j](../single-window/#top)\n\n## Intro\n",
    );
    // A translation's links lead to its language's pages: the French page
    // shows the French body's headings, not the English one's.
    s.write(
        "content/practices/customs.fr.md",
        "---\ntitle: Douanes\n---\n\n[a](@/practices/single-window#resultats) [b](@/practices/single-window#how)\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let w: Vec<&str> = r.errors().into_iter().filter(|l| l.contains("no heading")).collect();
    assert_eq!(w.len(), 7, "{}", r.stderr);
    // Each page's own headings: the French page has no `#how`, the
    // English one no `#resultats`; the help says which version has it.
    assert!(w[0].starts_with("content/practices/customs.fr.md:5:42: warning: `@/practices/single-window#how` in the body names `#how`, which no heading of `practices/single-window` in its `fr` version has"), "{w:?}");
    assert!(r.stderr.contains("help: only its original version has `#how`: this link leads to the page of its `fr` version"), "{}", r.stderr);
    assert!(
        w[1].starts_with(
            "content/practices/customs.md:7:75: warning: `@/practices/single-window#resultats`"
        ),
        "{w:?}"
    );
    assert!(r.stderr.contains("help: only its `fr` version has `#resultats`: this link leads to the page of the original"), "{}", r.stderr);
    // A heading's Latin letters lose their accents in its id.
    assert!(w[2].starts_with("content/practices/customs.md:7:116: warning: `/fr/practices/single-window/#r%C3%A9sultats` in the body names `#résultats`"), "{w:?}");
    assert!(r.stderr.contains("did you mean `#resultats`?"), "{}", r.stderr);
    assert!(
        w[3].starts_with(
            "content/practices/customs.md:8:1: warning: `@/practices/single-window#reslts`"
        ),
        "{w:?}"
    );
    assert!(r.stderr.contains("did you mean `#results`?"), "{}", r.stderr);
    assert!(w[4].starts_with("content/practices/customs.md:8:39: warning: `#nowhere` in the body names no heading of this record"), "{w:?}");
    assert!(w[5].contains("`../single-window/#top`"), "{w:?}");
    // The minimal site's e-payments links `single-window#top` too.
    assert!(w[6].starts_with("content/practices/e-payments.md:7:"), "{w:?}");
    assert!(r.stderr.contains("its headings' ids: `#how`, `#results`"), "{}", r.stderr);
    // `check --strict` fails on them, as on any warning.
    assert_eq!(s.run(&["check", "--strict"]).code, 1);
}

#[test]
fn raw_html_ids_are_anchors_and_clashing_ones_are_warned_of() {
    let s = site();
    s.write(
        "content/practices/customs.md",
        "---\ntitle: Customs\nsummary: Borders.\narea: customs\n---\n\n\
         ## Annex\n\n<div id=\"annex\">Copy.</div>\n\n<span id='extra'>x</span> <b id=extra>y</b>\n\n\
         [a](#extra) [b](@/practices/customs#extra) [c](#annex)\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // An element's id is a link's target as a heading's is.
    assert!(!r.stderr.contains("`#extra` in the body"), "{}", r.stderr);
    assert!(!r.stderr.contains("customs#extra"), "{}", r.stderr);
    let w: Vec<&str> =
        r.errors().into_iter().filter(|l| l.contains("in the body's HTML")).collect();
    assert_eq!(w.len(), 2, "{}", r.stderr);
    assert!(
        w[0].starts_with("content/practices/customs.md:9:10: warning: the id `annex` in the body's HTML is also the id of a heading"),
        "{w:?}"
    );
    assert!(
        w[1].starts_with("content/practices/customs.md:11:33: warning: the id `extra`"),
        "{w:?}"
    );
    assert!(r.stderr.contains("`{#annex-heading}`"), "{}", r.stderr);
}

#[test]
fn records_a_body_links_to_list_it_among_the_records_that_link_here() {
    let s = site();
    // The French translation's body links the record too: listed once.
    s.write(
        "content/practices/e-payments.fr.md",
        "---\ntitle: Paiements\n---\n\nVoir [le guichet](@/practices/single-window).\n",
    );
    assert_eq!(s.run(&["build"]).code, 0);
    let page = s.read("site/practices/single-window/index.html");
    let here = &page[page.find("backlinks-heading").expect("a backlinks section")..];
    assert_eq!(here.matches("E-payments").count(), 1, "{here}");
    // A record's links to itself are not links here.
    let own = s.read("site/practices/e-payments/index.html");
    assert!(!own.contains("backlinks-heading"), "{own}");
}

/// A hostile body: 30,000 headings and 20,000 links to anchors none has.
/// `check` places every link once per body (a line index each time made
/// it minutes) and says a few, as for the body's other problems.
#[test]
fn many_anchor_links_are_checked_in_one_pass() {
    let s = site();
    let headings: String = (0..30_000).map(|i| format!("## h{i}\n\n")).collect();
    let links: Vec<String> = (0..20_000).map(|i| format!("[x](#nope{i})")).collect();
    s.write(
        "content/practices/customs.md",
        &format!(
            "---\ntitle: Customs\nsummary: Borders.\narea: customs\n---\n\n{headings}{}\n",
            links.join(" ")
        ),
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let w = r.errors().into_iter().filter(|l| l.contains("names no heading")).count();
    assert_eq!(w, 5, "{}", r.stderr);
}

#[test]
fn a_file_named_in_another_case_or_accent_form_is_named_in_the_help() {
    // macOS names files with combining accents and matches names whatever
    // their case; a Linux host does neither, so the link 404s there.
    let s = Site::minimal();
    s.write(
        "content/practices/e-payments/index.md",
        "---\ntitle: E-payments\nsummary: Paying.\narea: payments\n---\n\n[cv](files/r\u{e9}sum\u{e9}.pdf) ![p](files/photo.png) ![m](/images/map.svg)\n",
    );
    s.write("content/practices/e-payments/files/re\u{301}sume\u{301}.pdf", "%PDF-1.4");
    s.write("content/practices/e-payments/files/Photo.PNG", "png");
    s.write("static/images/Map.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let r = s.run(&["check"]);
    for named in ["`files/re\u{301}sume\u{301}.pdf`", "`files/Photo.PNG`", "`images/Map.svg`"] {
        assert!(
            r.stderr.contains(&format!(
                "differs only in letter case or in how its accents are stored: {named}"
            )),
            "{named}: {}",
            r.stderr
        );
    }
}
