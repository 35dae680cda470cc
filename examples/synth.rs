//! Generates a synthetic Compendium site for benchmarks.
//!
//! `cargo run --release --example synth -- N OUTDIR [SEED]` writes
//! `OUTDIR/book.toml` and `OUTDIR/content/` with N records spread over
//! `regulations`, `best-practices` and `programmes` (plus a few `sources`),
//! each with 300-900 words of policy prose and front matter that uses every
//! field type (string, text, int, bool, date, url, enum, country, term, ref,
//! list). The same N and SEED always give the same bytes.
//!
//! With `--languages` the site has the six UN languages (`[book] languages`),
//! a fifth of the records get a translation (`ID.LANG.md`, the five other
//! languages in turn) and about one in sixteen is written natively in French,
//! Spanish, Arabic, Chinese, Russian or Portuguese. These choices draw on their
//! own random stream, so the English records are the same bytes as without
//! the option.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "common/languages.rs"]
mod languages;

use languages::Words;

/// SplitMix64: tiny, fast and deterministic; statistical quality is
/// irrelevant for picking words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn some<'a, T>(&mut self, items: &'a [T], max: usize) -> Vec<&'a T> {
        let n = 1 + self.below(max);
        let mut out: Vec<&T> = Vec::new();
        for _ in 0..n {
            let x = self.pick(items);
            if !out.iter().any(|y| std::ptr::eq(*y, x)) {
                out.push(x);
            }
        }
        out
    }
}

const TOPICS: &[(&str, &str, &str)] = &[
    ("paperless-trade", "Paperless trade", "electronic trade documents"),
    ("e-payments", "Cross-border e-payments", "digital payments"),
    ("digital-identity", "Digital identity", "electronic identification"),
    ("data-protection", "Personal data protection", "privacy"),
    ("consumer-protection", "Consumer protection", "online dispute resolution"),
    ("smart-logistics", "Smart logistics", "parcel delivery"),
    ("single-window", "Single windows", "trade facilitation portal"),
    ("msme", "MSME competitiveness", "small business"),
    ("digital-skills", "Digital skills", "digital literacy"),
    ("green-economy", "Green digital economy", "sustainability"),
    ("ai", "Artificial intelligence", "machine learning"),
    ("cybersecurity", "Cybersecurity", "digital security"),
];

const ORGS: &[(&str, &str, &str)] = &[
    ("unctad", "UNCTAD", "United Nations Conference on Trade and Development"),
    ("itc", "ITC", "International Trade Centre"),
    ("upu", "UPU", "Universal Postal Union"),
    ("oecd", "OECD", "Organisation for Economic Co-operation and Development"),
    ("itu", "ITU", "International Telecommunication Union"),
    ("wto", "WTO", "World Trade Organization"),
    ("world-bank", "World Bank", "World Bank Group"),
    ("undp", "UNDP", "United Nations Development Programme"),
];

const REGIONS: &[(&str, &str, &[&str])] = &[
    (
        "european-union",
        "European Union",
        &["AUT", "BEL", "DEU", "ESP", "FRA", "ITA", "NLD", "POL", "PRT", "SWE"],
    ),
    ("asean", "ASEAN", &["IDN", "MYS", "PHL", "SGP", "THA", "VNM"]),
    ("african-union", "African Union", &["KEN", "NGA", "ZAF", "EGY", "GHA", "RWA", "ETH"]),
    ("latin-america", "Latin America and the Caribbean", &[]),
    ("global", "Global", &[]),
];

const COUNTRIES: &[&str] = &[
    "ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX",
    "RUS", "SAU", "ZAF", "TUR", "GBR", "USA", "KEN", "NGA", "RWA", "GHA", "SGP", "VNM", "CHL",
    "COL", "PER",
];

const MECHANISMS: &[(&str, &str)] = &[
    ("adequacy", "Adequacy decision"),
    ("standard-contractual-clauses", "Standard contractual clauses"),
    ("binding-corporate-rules", "Binding corporate rules"),
    ("consent", "Consent"),
    ("certification", "Certification"),
    ("security-assessment", "Security assessment"),
];

const SUBJECTS: &[&str] = &[
    "The authority",
    "The ministry",
    "Small and medium-sized enterprises",
    "Customs administrations",
    "Postal operators",
    "Payment service providers",
    "Online platforms",
    "National regulators",
    "Women entrepreneurs",
    "Development partners",
    "Trade promotion organisations",
    "Data controllers",
];
const VERBS: &[&str] = &[
    "should harmonise",
    "will digitalise",
    "must recognise",
    "can streamline",
    "are encouraged to adopt",
    "need to strengthen",
    "have agreed to promote",
    "shall notify",
    "may transfer",
    "are required to protect",
];
const OBJECTS: &[&str] = &[
    "electronic transferable records",
    "cross-border data flows",
    "interoperable digital identities",
    "single window procedures",
    "consumer redress mechanisms",
    "personal information",
    "customs declarations",
    "e-commerce readiness assessments",
    "regulatory sandboxes",
    "green logistics standards",
    "trusted certification schemes",
    "online dispute resolution",
    "mobile money services",
    "capacity-building programmes",
    "electronic invoices",
    "payment interoperability",
];
const QUALIFIERS: &[&str] = &[
    "across borders",
    "in line with international standards",
    "for micro and small enterprises",
    "within the next two years",
    "through public-private dialogue",
    "with adequate safeguards",
    "in least developed countries",
    "under the national strategy",
    "while respecting privacy",
    "to reduce trade costs",
    "in cooperation with the private sector",
    "by the end of the programme",
];
const HEADINGS: &[&str] = &[
    "Background",
    "Objectives",
    "Key provisions",
    "Implementation",
    "Results",
    "Lessons learned",
    "Transfer conditions",
    "Scope",
    "Enforcement",
    "Next steps",
];

fn sentence(r: &mut Rng) -> String {
    format!("{} {} {} {}.", r.pick(SUBJECTS), r.pick(VERBS), r.pick(OBJECTS), r.pick(QUALIFIERS))
}

fn body(r: &mut Rng) -> String {
    let target = 300 + r.below(601);
    let mut words = 0;
    let mut out = String::new();
    while words < target {
        let _ = writeln!(out, "## {}\n", r.pick(HEADINGS));
        for _ in 0..2 + r.below(3) {
            let mut para = String::new();
            for _ in 0..3 + r.below(4) {
                let s = sentence(r);
                words += s.split_whitespace().count();
                para.push_str(&s);
                para.push(' ');
            }
            let _ = writeln!(out, "{}\n", para.trim_end());
        }
        if r.below(3) == 0 {
            for _ in 0..3 {
                let _ = writeln!(out, "- {}", sentence(r));
            }
            out.push('\n');
        }
    }
    out
}

fn list(items: &[&str]) -> String {
    format!("[{}]", items.join(", "))
}

fn date(r: &mut Rng) -> String {
    format!("{}-{:02}-{:02}", 2000 + r.below(26), 1 + r.below(12), 1 + r.below(28))
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).unwrap_or_else(|e| panic!("mkdir {}: {e}", p.display()));
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

fn common(r: &mut Rng, title: &str) -> String {
    let topics: Vec<&str> = r.some(TOPICS, 3).into_iter().map(|t| t.0).collect();
    let orgs: Vec<&str> = r.some(ORGS, 2).into_iter().map(|o| o.0).collect();
    let regions: Vec<&str> = r.some(REGIONS, 2).into_iter().map(|o| o.0).collect();
    let countries: Vec<&str> = r.some(COUNTRIES, 4).into_iter().copied().collect();
    let sdgs: Vec<String> =
        r.some(&[5, 8, 9, 10, 17], 2).into_iter().map(|n| n.to_string()).collect();
    let summary = format!("{} {}", sentence(r), sentence(r));
    format!(
        "title: \"{title}\"\nsummary: \"{summary}\"\ntopics: {}\norganisations: {}\nregions: {}\ncountries: {}\nsdgs: [{}]\nyear: {}\nupdated: {}\nsources:\n  - {{ref: sources/source-{}, locator: \"paragraph {}\"}}\n",
        list(&topics),
        list(&orgs),
        list(&regions),
        list(&countries),
        sdgs.join(", "),
        2000 + r.below(26),
        date(r),
        r.below(5),
        1 + r.below(60),
    )
}

/// What `--languages` adds: translations and records in other languages,
/// chosen with their own random stream.
struct Multilingual {
    r: Rng,
    translated: usize,
    native: usize,
}

/// The six site languages, the default first.
const SITE_LANGUAGES: &str = "[\"en\", \"fr\", \"es\", \"ar\", \"zh\", \"ru\"]";

impl Multilingual {
    fn pick_index(&mut self) -> impl FnMut(usize) -> usize + '_ {
        |n| self.r.below(n)
    }

    /// A title, summary and body in `w`'s language.
    fn texts(&mut self, w: &Words) -> (String, String, String) {
        let mut pick = self.pick_index();
        let object = w.objects[pick(w.objects.len())];
        let qualifier = w.qualifiers[pick(w.qualifiers.len())];
        let title = if w.spaced {
            format!("{} {qualifier}", capital(object))
        } else {
            format!("{qualifier}{object}")
        };
        let join = if w.spaced { " " } else { "" };
        let summary = format!(
            "{}{join}{}",
            languages::sentence(w, &mut pick),
            languages::sentence(w, &mut pick)
        );
        let words = 300 + pick(601);
        (title, summary, languages::body(w, words, &mut pick))
    }

    /// Writes one record, `fm` its front matter (starting with its title and
    /// summary lines), as Markdown or as YAML with a `body`; maybe natively
    /// in another language instead, or with a translation beside it.
    fn write(&mut self, path: &Path, fm: &str, body: &str, yaml: bool) {
        let roll = self.r.below(100);
        if roll < 6 {
            let w = *self.r.pick(&languages::NATIVE);
            let (title, summary, text) = self.texts(w);
            // Drop the English title and summary, the first two lines.
            let rest = fm.splitn(3, '\n').nth(2).unwrap_or("");
            let fm =
                format!("title: \"{title}\"\nsummary: \"{summary}\"\nlanguage: {}\n{rest}", w.lang);
            write_record(path, &fm, &text, yaml);
            self.native += 1;
            return;
        }
        write_record(path, fm, body, yaml);
        if roll < 26 {
            let w = languages::TRANSLATED[self.translated % languages::TRANSLATED.len()];
            let (title, summary, text) = self.texts(w);
            let fm = format!("title: \"{title}\"\nsummary: \"{summary}\"\n");
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("record");
            let ext = if yaml { "yaml" } else { "md" };
            write_record(
                &path.with_file_name(format!("{stem}.{}.{ext}", w.lang)),
                &fm,
                &text,
                yaml,
            );
            self.translated += 1;
        }
    }
}

/// A record file: front matter and body as Markdown, or YAML with `body: |`.
fn write_record(path: &Path, fm: &str, body: &str, yaml: bool) {
    if yaml {
        let b = body.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n");
        write(path, &format!("{fm}body: |\n{b}\n"));
    } else {
        write(path, &format!("---\n{fm}---\n\n{body}"));
    }
}

/// Writes a record: as given, or through `--languages`' choices.
fn emit(multi: &mut Option<Multilingual>, path: &Path, fm: &str, body: &str, yaml: bool) {
    match multi {
        Some(m) => m.write(path, fm, body, yaml),
        None => write_record(path, fm, body, yaml),
    }
}

fn main() {
    let all: Vec<String> = std::env::args().collect();
    let multilingual = all.iter().any(|a| a == "--languages");
    let args: Vec<String> = all.into_iter().filter(|a| a != "--languages").collect();
    if args.len() < 3 {
        eprintln!("usage: synth N OUTDIR [SEED] [--languages]");
        std::process::exit(2);
    }
    let n: usize =
        args[1].parse().unwrap_or_else(|_| panic!("N must be a number, not {}", args[1]));
    let out = PathBuf::from(&args[2]);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(42);
    let mut r = Rng(seed);
    // Its own stream, so that the English records do not change with the option.
    let mut multi = multilingual.then_some(Multilingual {
        r: Rng(seed ^ 0x6C61_6E67_7561_6765),
        translated: 0,
        native: 0,
    });
    let content = out.join("content");
    let _ = fs::remove_dir_all(&content);
    write(
        &out.join("book.toml"),
        &format!(
            "[book]\ntitle = \"Synthetic compendium ({n} records)\"\ndescription = \"Generated for benchmarks.\"\nlanguage = \"en\"\nbase-url = \"https://example.org/compendium/\"\n{}",
            if multilingual { format!("languages = {SITE_LANGUAGES}\n") } else { String::new() }
        ),
    );

    let mut tax = String::from("topics:\n  title: Topics\n  terms:\n");
    for (id, label, alias) in TOPICS {
        let _ = writeln!(tax, "    {id}: {{label: {label}, aliases: [{alias}]}}");
    }
    tax.push_str("organisations:\n  title: Organisations\n  terms:\n");
    for (id, label, alias) in ORGS {
        let _ = writeln!(tax, "    {id}: {{label: {label}, aliases: [{alias}]}}");
    }
    tax.push_str("regions:\n  title: Regions\n  terms:\n");
    for (id, label, members) in REGIONS {
        let _ = writeln!(tax, "    {id}: {{label: {label}, members: {}}}", list(members));
    }
    tax.push_str("transfer-mechanisms:\n  title: Transfer mechanisms\n  terms:\n");
    for (id, label) in MECHANISMS {
        let _ = writeln!(tax, "    {id}: {{label: {label}}}");
    }
    write(&content.join("_taxonomies.yaml"), &tax);

    write(
        &content.join("sources/_collection.yaml"),
        "title: Sources\nsingular: Source\ndescription: Documents cited.\nsort: title\nfacets: [publisher]\nfields:\n  publisher: {type: string, required: true}\n  url: {type: url}\n",
    );
    for i in 0..5 {
        write(
            &content.join(format!("sources/source-{i}.md")),
            &format!(
                "---\ntitle: \"Source document {i}\"\nsummary: \"A document that records cite.\"\npublisher: UNCTAD\nurl: https://example.org/doc/{i}\ndate: 2021-0{}-01\n---\n\n{}",
                i + 1,
                body(&mut r)
            ),
        );
    }
    write(
        &content.join("regulations/_collection.yaml"),
        "title: Cross-border data-flow regulations\nsingular: Regulation\ndescription: Laws and rules that govern how data crosses borders.\nsort: -adopted\nfacets: [jurisdiction, instrument, status, topics]\nfields:\n  jurisdiction: {type: country, required: true}\n  instrument: {type: enum, values: [law, regulation, decree, guideline, agreement], required: true}\n  status: {type: enum, values: [draft, adopted, in-force, repealed], required: true}\n  adopted: {type: date}\n  authority: {type: string}\n  transfer_mechanisms: {type: list, of: {type: term, taxonomy: transfer-mechanisms}}\n  implements: {type: list, of: {type: ref, collection: best-practices}}\n  official_url: {type: url}\n  localisation: {type: bool}\n",
    );
    write(
        &content.join("best-practices/_collection.yaml"),
        "title: Best practices\nsingular: Practice\ndescription: Practices a policymaker could adopt.\nsort: title\nfacets: [pillar, maturity, topics]\nfields:\n  pillar: {type: enum, values: [trade-facilitation, payments, trust, logistics, skills], required: true}\n  maturity: {type: enum, values: [pilot, scaling, mainstream]}\n  owner: {type: string}\n  rationale: {type: text}\n  examples: {type: list, of: {type: country}}\n",
    );
    write(
        &content.join("programmes/_collection.yaml"),
        "title: Capacity-building programmes\nsingular: Programme\ndescription: Courses, assessments and technical assistance.\nsort: -started\nfacets: [lead, format, target_groups]\nfields:\n  lead: {type: term, taxonomy: organisations, required: true}\n  format: {type: enum, values: [online, in-person, blended], required: true}\n  target_groups: {type: list, of: {type: enum, values: [women, youth, msmes, officials, rural]}}\n  started: {type: date}\n  participants: {type: int}\n  active: {type: bool}\n  website: {type: url}\n  practices: {type: list, of: {type: ref, collection: best-practices}}\n",
    );

    let n_bp = (n * 4 / 10).max(1);
    let n_prog = n * 3 / 10;
    let n_reg = n.saturating_sub(n_bp + n_prog);
    for i in 0..n_bp {
        let title = format!(
            "{} for {} {i}",
            capital(r.pick::<&str>(OBJECTS)),
            r.pick::<&str>(QUALIFIERS).trim_start_matches("for ")
        );
        let mut fm = common(&mut r, &title);
        let _ = write!(
            fm,
            "pillar: {}\nmaturity: {}\nowner: {}\nrationale: \"{}\"\nexamples: {}\n",
            r.pick(&["trade-facilitation", "payments", "trust", "logistics", "skills"]),
            r.pick(&["pilot", "scaling", "mainstream"]),
            r.pick(SUBJECTS),
            sentence(&mut r),
            list(&r.some(COUNTRIES, 3).into_iter().copied().collect::<Vec<_>>()),
        );
        if i > 0 {
            let _ = writeln!(fm, "related: [best-practices/practice-{}]", r.below(i));
        }
        let b = body(&mut r);
        emit(&mut multi, &content.join(format!("best-practices/practice-{i}.md")), &fm, &b, false);
    }
    for i in 0..n_prog {
        let title = format!("{} programme on {} {i}", r.pick(ORGS).1, r.pick(OBJECTS));
        let mut fm = common(&mut r, &title);
        let _ = write!(
            fm,
            "lead: {}\nformat: {}\ntarget_groups: {}\nstarted: {}\nparticipants: {}\nactive: {}\nwebsite: https://example.org/programmes/{i}\npractices: [best-practices/practice-{}]\n",
            r.pick(ORGS).0,
            r.pick(&["online", "in-person", "blended"]),
            list(
                &r.some(&["women", "youth", "msmes", "officials", "rural"], 2)
                    .into_iter()
                    .copied()
                    .collect::<Vec<_>>()
            ),
            date(&mut r),
            10 + r.below(5000),
            r.below(2) == 0,
            r.below(n_bp),
        );
        // Half the programmes are pure YAML records with a `body` field.
        let yaml = i % 2 == 0;
        let b = body(&mut r);
        let name = format!("programmes/programme-{i}.{}", if yaml { "yaml" } else { "md" });
        emit(&mut multi, &content.join(name), &fm, &b, yaml);
    }
    for i in 0..n_reg {
        let country = *r.pick(COUNTRIES);
        let title = format!("{country} rules on {} {i}", r.pick(OBJECTS));
        let mut fm = common(&mut r, &title);
        let _ = write!(
            fm,
            "jurisdiction: {country}\ninstrument: {}\nstatus: {}\nadopted: {}\nauthority: \"{}\"\ntransfer_mechanisms: {}\nimplements: [best-practices/practice-{}]\nofficial_url: https://example.org/law/{i}\nlocalisation: {}\n",
            r.pick(&["law", "regulation", "decree", "guideline", "agreement"]),
            r.pick(&["draft", "adopted", "in-force", "repealed"]),
            date(&mut r),
            r.pick(SUBJECTS),
            list(&r.some(MECHANISMS, 3).into_iter().map(|m| m.0).collect::<Vec<_>>()),
            r.below(n_bp),
            r.below(4) == 0,
        );
        let b = body(&mut r);
        emit(&mut multi, &content.join(format!("regulations/regulation-{i}.md")), &fm, &b, false);
    }
    if let Some(m) = &multi {
        eprintln!(
            "{} translations, {} records written in another language",
            m.translated, m.native
        );
    }
    eprintln!(
        "wrote {n} records ({n_bp} practices, {n_prog} programmes, {n_reg} regulations) to {}",
        out.display()
    );
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}
