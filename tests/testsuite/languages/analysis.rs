//! Search analysed per language (SPEC "Languages"): records natively in
//! Chinese, Japanese, Korean, Arabic, French, Russian, Spanish, Portuguese and
//! German, found by `compendium search --json` with words inside CJK runs,
//! Arabic with or without vowel marks and alef variants, and inflected
//! forms. `browser.rs` runs the same site through `search.js`.

use crate::support::Site;

/// `(id, language, title, summary, body)` of the multilingual records.
pub(crate) const RECORDS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "cn-ecommerce-law",
        "zh",
        "中华人民共和国电子商务法",
        "为了保障电子商务各方主体的合法权益，规范电子商务行为，维护市场秩序，制定本法。",
        "电子商务经营者应当依法履行消费者权益保护义务。跨境电子商务参照GDPR第5条的原则。",
    ),
    (
        "cn-pipl",
        "zh",
        "中华人民共和国个人信息保护法",
        "为了保护个人信息权益，规范个人信息处理活动，促进个人信息合理利用，制定本法。",
        "个人信息处理者应当对其个人信息处理活动负责。",
    ),
    (
        "jp-appi",
        "ja",
        "個人情報の保護に関する法律",
        "個人情報の適正な取扱いに関し、基本理念及び政府による基本方針の作成その他の措置を定める。",
        "個人情報取扱事業者は、利用目的をできる限り特定しなければならない。",
    ),
    (
        "kr-pipa",
        "ko",
        "개인정보 보호법",
        "개인정보의 처리 및 보호에 관한 사항을 정합니다.",
        "개인정보처리자는 개인정보를 안전하게 관리하여야 한다.",
    ),
    (
        "sa-ecommerce",
        "ar",
        "نظام التجارة الإلكترونية",
        "يهدف النظام إلى تعزيز الثقة في التعاملات التجارية الإلكترونية وحماية المستهلك من الغش.",
        "صدر النظام بالمرسوم الملكي رقم م/١٢٦ بتاريخ ١٤٤٠ هـ.",
    ),
    (
        "sa-pdpl",
        "ar",
        "نِظَامُ حِمَايَةِ البَيَانَاتِ الشَّخْصِيَّةِ",
        "يُنَظِّمُ مُعَالَجَةَ البَيَانَاتِ الشَّخْصِيَّةِ وَيَحْفَظُ خُصُوصِيَّةَ الأَفْرَادِ.",
        "تُطَبَّقُ أَحْكَامُ النِّظَامِ عَلَى كُلِّ مُعَالَجَةٍ لِلْبَيَانَاتِ.",
    ),
    (
        "fr-lcen",
        "fr",
        "Loi pour la confiance dans l'économie numérique",
        "Elle encadre le commerce électronique et la responsabilité des hébergeurs.",
        "Les fournisseurs d'accès et les hébergeurs ne sont pas soumis à une obligation générale de surveillance.",
    ),
    (
        "ru-consumer",
        "ru",
        "Закон «О защите прав потребителей»",
        "Закон регулирует отношения между потребителями и изготовителями, продавцами.",
        "Потребители имеют право на информацию о товарах и на возврат денег.",
    ),
    (
        "es-datos",
        "es",
        "Ley de Protección de los Datos Personales",
        "Regula el tratamiento de los datos personales de las personas físicas.",
        "Los titulares podrán ejercer los derechos de acceso, rectificación y supresión.",
    ),
    (
        "br-lgpd",
        "pt",
        "Lei Geral de Proteção de Dados Pessoais",
        "Dispõe sobre o tratamento de dados pessoais, inclusive nos meios digitais.",
        "As sanções administrativas serão aplicadas pela autoridade nacional.",
    ),
    (
        "de-ecg",
        "de",
        "Gesetz über den elektronischen Geschäftsverkehr",
        "Regelt die Pflichten der Diensteanbieter im elektronischen Geschäftsverkehr.",
        "Diensteanbieter müssen Informationen leicht erkennbar zur Verfügung stellen.",
    ),
];

/// `Site::minimal()` (one English record) with [`RECORDS`] as practices.
pub(crate) fn multilingual_site() -> Site {
    let s = Site::minimal();
    for (id, lang, title, summary, body) in RECORDS {
        s.write(
            &format!("content/practices/{id}.md"),
            &format!(
                "---\ntitle: \"{title}\"\nsummary: \"{summary}\"\nlanguage: {lang}\narea: customs\n---\n\n{body}\n"
            ),
        );
    }
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    s
}

/// Judged queries: `(query, the record that must come first)`.
pub(crate) const QUERIES: &[(&str, &str)] = &[
    // A Chinese word inside a long title, mixed scripts, one character.
    ("电子商务", "cn-ecommerce-law"),
    ("个人信息", "cn-pipl"),
    ("信息保护", "cn-pipl"),
    ("GDPR第5条", "cn-ecommerce-law"),
    ("第5条", "cn-ecommerce-law"),
    ("个", "cn-pipl"),
    // Japanese: kanji and kana.
    ("個人情報", "jp-appi"),
    ("保護に関する", "jp-appi"),
    ("取扱い", "jp-appi"),
    // Korean: a word with a particle or inside a compound.
    ("개인정보", "kr-pipa"),
    ("처리자", "kr-pipa"),
    // Arabic: no vowel marks against text with them, alef variants, digits.
    ("حماية البيانات", "sa-pdpl"),
    ("حِمَايَة", "sa-pdpl"),
    ("التجارة الالكترونية", "sa-ecommerce"),
    ("الإلكترونيه", "sa-ecommerce"),
    ("126", "sa-ecommerce"),
    // Inflected French, Russian, Spanish, Portuguese and German forms.
    ("hébergeur", "fr-lcen"),
    ("economie numerique", "fr-lcen"),
    ("потребителя", "ru-consumer"),
    ("закона", "ru-consumer"),
    ("protección dato personal", "es-datos"),
    ("proteção de dados", "br-lgpd"),
    ("sanção", "br-lgpd"),
    ("Geschäftsverkehrs", "de-ecg"),
    ("Diensteanbieters", "de-ecg"),
];

fn keys(site: &Site, query: &str) -> Vec<String> {
    let r = site.run(&["search", query, "--json", "--limit", "10"]);
    assert_eq!(r.code, 0, "{query}: {}", r.stderr);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).expect("json");
    hits.iter().map(|h| h["key"].as_str().unwrap_or("").to_owned()).collect()
}

#[test]
fn each_language_is_found_by_its_own_words() {
    let site = multilingual_site();
    let mut failures = Vec::new();
    for (query, want) in QUERIES {
        let got = keys(&site, query);
        if got.first().map(String::as_str) != Some(format!("practices/{want}").as_str()) {
            failures.push(format!("{query:?}: want {want} first, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cjk_words_match_where_they_are_not_across_other_words() {
    let site = multilingual_site();
    // `电子商务` as a string: not the same characters apart.
    assert!(keys(&site, "电商").is_empty());
    // A word of the other Chinese record only.
    assert_eq!(keys(&site, "处理活动"), ["practices/cn-pipl"]);
    // Both Chinese records hold 中华人民共和国 (the Japanese one does not).
    let both = keys(&site, "人民共和国");
    assert_eq!(both.len(), 2, "{both:?}");
}

/// A CJK query that is a sentence rather than a word of the records (no
/// spaces to split it): the records with the most of its bigrams first.
#[test]
fn cjk_sentences_find_the_records_with_most_of_their_parts() {
    let site = multilingual_site();
    for (query, want) in [
        ("个人信息的保护", "practices/cn-pipl"),
        ("個人情報保護の法律", "practices/jp-appi"),
        ("개인정보가", "practices/kr-pipa"),
    ] {
        let r = site.run(&["search", query, "--json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains("showing those with the most of them"), "{query}: {}", r.stderr);
        assert_eq!(keys(&site, query).first().map(String::as_str), Some(want), "{query}");
    }
    // A quoted phrase stays a phrase.
    assert!(keys(&site, "\"个人信息的保护\"").is_empty());
}

#[test]
fn snippets_mark_cjk_and_arabic_words() {
    let site = multilingual_site();
    let r = site.run(&["search", "电子商务", "--json"]);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).expect("json");
    let snippet = hits[0]["snippet"].as_str().unwrap_or("");
    assert!(snippet.contains("电子商务"), "{snippet}");
    let r = site.run(&["search", "حماية", "--json"]);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(hits[0]["key"], "practices/sa-pdpl");
}

#[test]
fn typos_are_forgiven_in_other_scripts_but_not_in_cjk() {
    let site = multilingual_site();
    // One letter off in Cyrillic, and in accented Latin.
    assert_eq!(
        keys(&site, "потребитолей").first().map(String::as_str),
        Some("practices/ru-consumer")
    );
    assert_eq!(
        keys(&site, "responsabilite").first().map(String::as_str),
        Some("practices/fr-lcen")
    );
    assert_eq!(
        keys(&site, "responsabilitx").first().map(String::as_str),
        Some("practices/fr-lcen")
    );
    // A CJK bigram is never "corrected" into another one.
    assert!(keys(&site, "电脑").is_empty());
}

/// `serve` updates the browser index record by record: the stems table
/// follows an edit of a French record, to the bytes of a fresh index.
#[test]
fn the_stems_table_follows_edits_like_a_fresh_index() {
    use compendium::search::{browser, catalog};
    use std::collections::BTreeMap;
    let s = multilingual_site();
    let load = || compendium::pipeline::load(s.path()).site.expect("valid site");
    let fresh = |site: &compendium::model::Site| -> BTreeMap<String, Vec<u8>> {
        browser::files(site).expect("files").into_iter().map(|f| (f.path, f.bytes)).collect()
    };
    let old = load();
    let (_, old_facets) = catalog::build(&old);
    let mut index = browser::Index::new(&old, &old_facets);
    let before = fresh(&old);
    let tables = |files: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        files.keys().filter(|p| p.starts_with("search/i/w")).cloned().collect()
    };
    assert!(!tables(&before).is_empty());
    s.write(
        "content/practices/fr-lcen.md",
        "---\ntitle: \"Loi pour la confiance\"\nsummary: \"Les prestataires répondent de leurs services.\"\nlanguage: fr\narea: customs\n---\n",
    );
    let new = load();
    let (catalog_new, new_facets) = catalog::build(&new);
    assert!(index.update((&old, &old_facets), (&new, &new_facets)));
    let out =
        index.output(&catalog_new, &new_facets, &catalog::all_ranges(&catalog_new, &new), &|_| {
            false
        });
    let after = fresh(&new);
    let updated: BTreeMap<String, Vec<u8>> =
        out.files.into_iter().map(|f| (f.path, f.bytes)).collect();
    assert!(updated == after, "an updated index differs from a fresh one");
    assert_ne!(tables(&before), tables(&after), "the table did not change");
    let meta = String::from_utf8_lossy(&after["search/meta.js"]).into_owned();
    assert!(meta.contains("\"w\":{"), "{meta}");
}

/// A site in English only gets no stems table: its browser index is as it was.
#[test]
fn an_english_site_has_no_stems_table() {
    let s = Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    assert!(!s.read("site/search/meta.js").contains("\"w\":"));
    let files = std::fs::read_dir(s.path().join("site/search/i")).expect("index files");
    assert!(files.flatten().all(|f| !f.file_name().to_string_lossy().starts_with('w')));
}
