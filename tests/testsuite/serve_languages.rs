//! `serve` in a site of several languages: a missing page under a language
//! folder gets that language's 404 page.

use std::time::Duration;

use crate::support::{Site, spawn_serve};

#[test]
fn a_missing_page_under_a_language_folder_gets_that_languages_404_page() {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguage = \"en\"\nlanguages = [\"en\", \"fr\"]\n\
         base-url = \"https://example.org/kb/\"\n",
    );
    let (mut child, url, stderr) = spawn_serve(s.path(), &[], &[]);
    assert!(!url.is_empty(), "no URL; stderr:\n{}", stderr.lock().unwrap());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into();
    let get = |path: &str| {
        let mut r = agent.get(format!("{url}{path}")).call().expect("request");
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap_or_default())
    };
    assert!(s.path().join("site/fr/404.html").is_file());
    let lang_of = |body: &str| body.split("<html lang=\"").nth(1).map(|r| r[..2].to_owned());
    for (path, lang) in [
        ("fr/anything", "fr"),
        ("fr/practices/nothing/", "fr"),
        ("kb/fr/anything", "fr"),
        ("anything", "en"),
        ("french/anything", "en"),
        ("fr%2F..%2F..%2Fetc", "en"),
    ] {
        let (status, body) = get(path);
        assert_eq!(status, 404, "{path}");
        assert_eq!(lang_of(&body).as_deref(), Some(lang), "{path}: {body}");
    }
    let _ = child.kill();
    let _ = child.wait();
}
