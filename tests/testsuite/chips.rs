//! A value shown out of its record's page says which field it is of: a
//! listing card's chips carry their field's label (shown for enum values,
//! "Data localisation: None", read out and in the title for names, the
//! first facet's bare), and the map's country titles name the field that
//! shades them, in each page's language.

use crate::support::Site;

fn site() -> Site {
    let s = Site::new();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"fr\"]\n\n[build]\nminify = false\n\n[map]\nfacet = \"localisation\"\n",
    );
    s.write(
        "content/_taxonomies.yaml",
        "mechanisms:\n  title: Transfer mechanisms\n  terms:\n    consent: {label: Consent of the individual, translations: {fr: {label: Consentement}}}\n    trade: {label: Trade & <b>goods</b>}\n",
    );
    s.write(
        "content/regulations/_collection.yaml",
        "title: Regulations\nsingular: Regulation\ndescription: Regulations.\nsort: title\n\
         facets: [jurisdiction, instrument, localisation, mechanisms]\n\
         fields:\n  jurisdiction: {type: country, required: true, label: Jurisdiction, translations: {fr: {label: Juridiction}}}\n\
         \x20 instrument: {type: enum, values: [law, decree], label: Instrument}\n\
         \x20 localisation: {type: enum, values: [\"none\", broad], value-labels: {none: None}, label: Data localisation, translations: {fr: {label: Localisation des données, values: {none: Aucune, broad: Large}}}}\n\
         \x20 mechanisms: {type: list, label: Transfer mechanisms, of: {type: term, taxonomy: mechanisms}}\n",
    );
    s.write(
        "content/regulations/arg.yaml",
        "title: Argentine law\nsummary: s\njurisdiction: ARG\ninstrument: law\nlocalisation: \"none\"\nmechanisms: [consent, trade]\n",
    );
    s.write(
        "content/regulations/chn.yaml",
        "title: Chinese law\nsummary: s\njurisdiction: CHN\ninstrument: decree\nlocalisation: broad\n",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    s
}

#[test]
fn listing_chips_and_map_titles_name_the_field_of_their_value() {
    let s = site();
    let en = s.read("site/regulations/index.html");
    let card = en.split("Argentine law").nth(1).unwrap().split("</ul>").next().unwrap();
    // The first facet is the card's subject: its label is read out only.
    assert!(
        card.contains(r#"<li title="Jurisdiction: Argentina"><span class="visually-hidden">Jurisdiction: </span>Argentina</li>"#),
        "{card}"
    );
    // Enum values say nothing alone: their label shows.
    assert!(card.contains(r#"<li><span class="tag-field">Instrument: </span>Law</li>"#), "{card}");
    assert!(
        card.contains(r#"<li><span class="tag-field">Data localisation: </span>None</li>"#),
        "{card}"
    );
    // A term is a name: read out and in the title; its text escaped.
    assert!(
        card.contains(r#"<li title="Transfer mechanisms: Consent of the individual"><span class="visually-hidden">Transfer mechanisms: </span>Consent of the individual</li>"#),
        "{card}"
    );
    assert!(card.contains("Trade &amp; &lt;b&gt;goods"), "{card}");
    assert!(!card.contains("<b>goods"), "{card}");
    // The map's titles name the field shading it.
    assert!(en.contains("<title>Argentina, Data localisation: None (1 record)</title>"), "{en}");
    assert!(en.contains("<title>China, Data localisation: Broad (1 record)</title>"), "{en}");

    // In French, with French punctuation.
    let fr = s.read("site/fr/regulations/index.html");
    assert!(
        fr.contains(
            "<li><span class=\"tag-field\">Localisation des données\u{a0}: </span>Aucune</li>"
        ),
        "{fr}"
    );
    assert!(fr.contains("<title>Argentine, Localisation des données\u{a0}: Aucune ("), "{fr}");
}
