//! The world map: countries shaded by class, as a `<figure>` holding an
//! inline SVG, a legend and the same data as a table.
//!
//! Pure: every text, link and class comes in already localised; this only
//! writes markup, escaping every text. The SVG is not `role="img"`: it
//! holds links (one per country with records, each named by its
//! `<title>`), which an image role would hide from assistive technology;
//! it is a group named by the figure's caption instead.

use std::fmt::Write as _;

use super::super::filters::escape_html as esc;
use super::geo::World;

/// Sequential classes for counts, light to dark (ColorBrewer "Blues",
/// shifted dark enough that the lightest stands apart from the neutral
/// grey; readable by every kind of colour vision as lightness alone).
pub const SEQUENTIAL: [&str; 5] = ["#bdd7e7", "#6baed6", "#3182bd", "#08519c", "#08306b"];

/// Categories for facet values: Okabe and Ito's palette, told apart with
/// every common colour-vision deficiency.
pub const CATEGORICAL: [&str; 7] =
    ["#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7"];

/// Values past the palette's seven share this class.
pub const OTHER: &str = "#7a7a7a";

/// Countries without records.
pub const NEUTRAL: &str = "#ececec";

/// One legend entry.
#[derive(Debug, Clone)]
pub struct Class {
    /// Its fill.
    pub colour: &'static str,
    /// "1", "2–4", or a facet value's label.
    pub label: String,
}

/// A country with records.
#[derive(Debug, Clone)]
pub struct Shaded {
    /// Upper-case alpha-3 code.
    pub code: String,
    /// Its name in the page's language.
    pub name: String,
    /// Its page, relative to this one.
    pub url: Option<String>,
    /// Index into [`Map::classes`].
    pub class: usize,
    /// The tooltip and accessible name: "Kenya: 3 records".
    pub title: String,
    /// The table's second column: the count, or the facet value.
    pub value: String,
}

/// What a map shows, all of it localised.
#[derive(Debug, Clone)]
pub struct Map<'a> {
    /// Prefix of the element ids, unique in the page.
    pub id: &'a str,
    /// The figure's caption ("Records by country").
    pub caption: &'a str,
    /// The legend's heading.
    pub legend_title: &'a str,
    /// Legend entries, in order.
    pub classes: Vec<Class>,
    /// The neutral entry ("No records").
    pub none_label: &'a str,
    /// Countries with records, in the table's order.
    pub countries: Vec<Shaded>,
    /// The `<summary>` of the table.
    pub table_summary: &'a str,
    /// The table's column headers.
    pub headers: [&'a str; 2],
}

/// The map's HTML.
pub fn render(world: &World, map: &Map<'_>) -> String {
    let id = esc(map.id);
    let mut out = String::with_capacity(96 * 1024);
    let _ = write!(
        out,
        "<figure class=\"map\"><figcaption id=\"{id}-caption\">{}</figcaption>\
         <svg class=\"map-svg\" viewBox=\"0 0 {} {}\" role=\"group\" aria-labelledby=\"{id}-caption\">\
         <g fill=\"{NEUTRAL}\" stroke=\"#fff\" stroke-width=\".5\" stroke-linejoin=\"round\">",
        esc(map.caption),
        world.width,
        world.height,
    );
    for (code, d) in &world.shapes {
        let shaded = map.countries.iter().find(|c| c.code == *code);
        let colour = shaded.and_then(|c| map.classes.get(c.class)).map(|c| c.colour);
        match (shaded, colour) {
            (Some(c), Some(colour)) => {
                let title = esc(&c.title);
                let path = format!("<title>{title}</title><path fill=\"{colour}\" d=\"{d}\"/>");
                match &c.url {
                    Some(url) => {
                        // Out of the tab order: 80 countries' links before
                        // the rest of the page; the table below has each.
                        let _ = write!(out, "<a href=\"{}\" tabindex=\"-1\">{path}</a>", esc(url));
                    }
                    None => {
                        let _ = write!(out, "<g>{path}</g>");
                    }
                }
            }
            _ => {
                let _ = write!(out, "<path d=\"{d}\"/>");
            }
        }
    }
    out.push_str("</g></svg>");
    legend(&mut out, map);
    table(&mut out, map);
    out.push_str("</figure>");
    out
}

fn legend(out: &mut String, map: &Map<'_>) {
    let _ = write!(
        out,
        "<div class=\"map-legend\"><p id=\"{}-legend\">{}</p><ul aria-labelledby=\"{}-legend\">",
        esc(map.id),
        esc(map.legend_title),
        esc(map.id)
    );
    let entries = map.classes.iter().map(|c| (c.colour, c.label.as_str()));
    for (colour, label) in entries.chain([(NEUTRAL, map.none_label)]) {
        let _ = write!(out, "<li>{}{}</li>", swatch(colour), esc(label));
    }
    out.push_str("</ul></div>");
}

/// A legend's colour sample: an SVG rather than a styled `<span>`, so
/// that it needs no inline style and prints with its colour.
pub fn swatch(colour: &str) -> String {
    format!(
        "<svg class=\"swatch\" viewBox=\"0 0 10 10\" aria-hidden=\"true\"><rect width=\"10\" \
         height=\"10\" fill=\"{colour}\" stroke=\"#595959\" stroke-width=\".5\"/></svg>"
    )
}

fn table(out: &mut String, map: &Map<'_>) {
    let _ = write!(
        out,
        "<details class=\"view-data\"><summary>{}</summary><table><thead><tr>\
         <th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        esc(map.table_summary),
        esc(map.headers[0]),
        esc(map.headers[1]),
    );
    for c in &map.countries {
        let name = match &c.url {
            Some(url) => format!("<a href=\"{}\">{}</a>", esc(url), esc(&c.name)),
            None => esc(&c.name),
        };
        let _ = write!(out, "<tr><th scope=\"row\">{name}</th><td>{}</td></tr>", esc(&c.value));
    }
    out.push_str("</tbody></table></details>");
}

/// Quantile classes of `counts` (each at least 1): at most `n` ranges
/// `(low, high)` that cover 1 to the largest count without gaps, each
/// ending at a count some country has, so that every class is used.
pub fn quantiles(counts: &[usize], n: usize) -> Vec<(usize, usize)> {
    let mut sorted: Vec<usize> = counts.iter().copied().filter(|c| *c > 0).collect();
    sorted.sort_unstable();
    if sorted.is_empty() || n == 0 {
        return Vec::new();
    }
    let mut highs: Vec<usize> =
        (1..=n).map(|i| sorted[(i * sorted.len()).div_ceil(n) - 1]).collect();
    highs.dedup();
    let mut low = 1;
    highs
        .into_iter()
        .map(|high| {
            let range = (low, high);
            low = high + 1;
            range
        })
        .collect()
}

/// The class of `count` among `ranges` (from [`quantiles`]).
pub fn class_of(ranges: &[(usize, usize)], count: usize) -> usize {
    ranges.iter().position(|(_, high)| count <= *high).unwrap_or(ranges.len().saturating_sub(1))
}

/// `k` colours of [`SEQUENTIAL`], spread over its range so that two classes
/// are far apart and one is mid-dark.
pub fn sequential(k: usize) -> Vec<&'static str> {
    let picks: &[usize] = match k {
        0 => &[],
        1 => &[2],
        2 => &[1, 3],
        3 => &[0, 2, 4],
        4 => &[0, 1, 3, 4],
        _ => &[0, 1, 2, 3, 4],
    };
    picks.iter().map(|i| SEQUENTIAL[*i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_cover_every_count_without_gaps() {
        assert_eq!(quantiles(&[], 5), vec![]);
        assert_eq!(quantiles(&[3, 3, 3], 5), vec![(1, 3)]);
        assert_eq!(quantiles(&[1, 2, 3], 5), vec![(1, 1), (2, 2), (3, 3)]);
        let counts = [1, 1, 1, 1, 2, 2, 3, 5, 8, 40];
        let q = quantiles(&counts, 5);
        assert_eq!(q, vec![(1, 1), (2, 2), (3, 5), (6, 40)]);
        for c in counts {
            let (low, high) = q[class_of(&q, c)];
            assert!(low <= c && c <= high, "{c}");
        }
        assert_eq!(class_of(&q, 1000), 3);
        assert!(quantiles(&(1..=100).collect::<Vec<_>>(), 5).len() == 5);
    }

    #[test]
    fn palettes_have_as_many_colours_as_classes() {
        for k in 0..=5 {
            assert_eq!(sequential(k).len(), k);
        }
        assert_eq!(sequential(9).len(), 5);
        assert!(!SEQUENTIAL.contains(&NEUTRAL) && !CATEGORICAL.contains(&NEUTRAL));
    }

    fn sample(name: &str) -> Map<'static> {
        Map {
            id: "m",
            caption: "Records by <country>",
            legend_title: "Records",
            classes: vec![Class { colour: SEQUENTIAL[0], label: "1".into() }],
            none_label: "None",
            countries: vec![Shaded {
                code: "KEN".into(),
                name: name.into(),
                url: Some("../countries/ken/index.html".into()),
                class: 0,
                title: format!("{name}: 1 record"),
                value: "1".into(),
            }],
            table_summary: "Table",
            headers: ["Country", "Records"],
        }
    }

    #[test]
    fn a_country_with_records_is_a_named_link_and_a_table_row() {
        let world =
            super::super::geo::parse("# viewBox 10 10\nFRA M0 0l1 1 1 -1z\nKEN M5 5l1 1 1 -1z\n");
        let html = render(&world, &sample("Kenya <\"x\">"));
        assert!(html.contains(
            "<a href=\"../countries/ken/index.html\" tabindex=\"-1\"><title>Kenya &lt;&quot;x&quot;&gt;: 1 record</title><path fill=\"#bdd7e7\" d=\"M5 5l1 1 1 -1z\"/></a>"
        ), "{html}");
        assert!(html.contains("<path d=\"M0 0l1 1 1 -1z\"/>"));
        assert!(html.contains("Records by &lt;country&gt;"));
        assert!(html.contains("role=\"group\" aria-labelledby=\"m-caption\""));
        assert!(html.contains("<th scope=\"row\"><a href=\"../countries/ken/index.html\">Kenya &lt;&quot;x&quot;&gt;</a></th><td>1</td>"));
        assert!(html.contains(&format!("fill=\"{NEUTRAL}\"")));
        assert!(!html.contains("<script") && !html.contains("<\"x\">"));
        assert_eq!(html, render(&world, &sample("Kenya <\"x\">")));
    }
}
