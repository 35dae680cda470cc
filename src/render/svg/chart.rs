//! Bar charts as inline SVG: records per year (columns) and per term
//! (rows), each with a `<title>`, a `<desc>` and the same data as a table.
//!
//! Pure, like the map: texts come in localised and are escaped here. The
//! SVG is `role="img"` named by its title and description; it holds no
//! links (the table does). It stays left to right on right-to-left pages
//! (`direction="ltr"`): a time axis reads the same way in every script.

use std::fmt::Write as _;

use super::super::filters::escape_html as esc;

/// The bars' fill: dark enough for 3:1 against white (WCAG 1.4.11).
const BAR: &str = "#3167a5";

/// Text colour in the chart.
const INK: &str = "#333";

/// Width of the `viewBox`: with 11-unit text, labels stay readable on a
/// 320-pixel-wide screen.
const WIDTH: u32 = 360;

/// One bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Its label ("2021", "Trade").
    pub label: String,
    /// Its value.
    pub value: usize,
    /// The value as the page's language writes it.
    pub value_text: String,
    /// A page about it, linked from the table.
    pub url: Option<String>,
}

/// How bars stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Upright bars along a horizontal axis (years).
    Columns,
    /// Horizontal bars, a label before each (terms).
    Rows,
}

/// A chart, all of it localised.
#[derive(Debug, Clone)]
pub struct Chart<'a> {
    /// Prefix of the element ids, unique in the page.
    pub id: &'a str,
    /// Its title, shown above it as well.
    pub title: &'a str,
    /// One sentence for `<desc>`.
    pub desc: &'a str,
    /// The table's column headers.
    pub headers: [&'a str; 2],
    /// The `<summary>` of the table.
    pub table_summary: &'a str,
    /// The bars, in order.
    pub bars: Vec<Bar>,
    /// How they stand.
    pub layout: Layout,
}

/// The chart's HTML, or nothing when no bar has a value.
pub fn render(chart: &Chart<'_>) -> String {
    let max = chart.bars.iter().map(|b| b.value).max().unwrap_or(0);
    if max == 0 {
        return String::new();
    }
    let id = esc(chart.id);
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        "<figure class=\"chart\"><figcaption aria-hidden=\"true\">{}</figcaption>",
        esc(chart.title)
    );
    let (height, body) = match chart.layout {
        Layout::Columns => columns(&chart.bars, max),
        Layout::Rows => rows(&chart.bars, max),
    };
    let _ = write!(
        out,
        "<svg class=\"chart-svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" direction=\"ltr\" font-size=\"11\" fill=\"{INK}\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{body}</svg>",
        esc(chart.title),
        esc(chart.desc),
    );
    let _ = write!(
        out,
        "<details class=\"view-data\"><summary>{}</summary><table><thead><tr>\
         <th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        esc(chart.table_summary),
        esc(chart.headers[0]),
        esc(chart.headers[1]),
    );
    for b in &chart.bars {
        let label = match &b.url {
            Some(url) => format!("<a href=\"{}\">{}</a>", esc(url), esc(&b.label)),
            None => esc(&b.label),
        };
        let _ =
            write!(out, "<tr><th scope=\"row\">{label}</th><td>{}</td></tr>", esc(&b.value_text));
    }
    out.push_str("</tbody></table></details></figure>");
    out
}

/// Upright bars over a baseline, the largest value labelled on the left
/// and a label under every few bars so they never overlap: as many bars
/// apart as the widest label needs ("1980–1981" as much as "2021"), each
/// kept inside the chart, and one that would touch the previous left out.
fn columns(bars: &[Bar], max: usize) -> (u32, String) {
    // Room on the right for half of the last label, centred on its bar.
    let (left, right, top, base) = (34.0, 16.0, 8.0, 150.0);
    let plot = f64::from(WIDTH) - left - right;
    let step = plot / bars.len() as f64;
    let width = (step * 0.8).max(0.5);
    let gap = 8.0;
    let widest = bars.iter().map(|b| text_width(&b.label)).fold(0.0, f64::max);
    let every = ((widest + gap) / step).ceil().max(1.0) as usize;
    // The right end of the last label written.
    let mut label_end = f64::NEG_INFINITY;
    let mut labels = String::new();
    let mut out = String::new();
    let _ = write!(
        out,
        "<path d=\"M{left} {base}H{}\" stroke=\"{INK}\" stroke-width=\"1\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
         <path d=\"M{left} {top}H{}\" stroke=\"#bbb\" stroke-width=\".5\" stroke-dasharray=\"2 2\"/>",
        f64::from(WIDTH) - right,
        left - 4.0,
        top + 4.0,
        esc(&bars.iter().find(|b| b.value == max).map_or(String::new(), |b| b.value_text.clone())),
        f64::from(WIDTH) - right,
    );
    for (i, b) in bars.iter().enumerate() {
        let h = (base - top) * b.value as f64 / max as f64;
        let x = left + step * i as f64 + (step - width) / 2.0;
        let _ = write!(
            out,
            "<g><title>{}: {}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{BAR}\"/></g>",
            esc(&b.label),
            esc(&b.value_text),
            round(x),
            round(base - h),
            round(width),
            round(h),
        );
        if i % every != 0 && i + 1 != bars.len() {
            continue;
        }
        let half = text_width(&b.label) / 2.0;
        let centre = (x + width / 2.0).min(f64::from(WIDTH) - 1.0 - half).max(1.0 + half);
        if centre - half < label_end + gap {
            continue;
        }
        label_end = centre + half;
        let _ = write!(
            labels,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            round(centre),
            base + 14.0,
            esc(&b.label)
        );
    }
    out.push_str(&labels);
    (170, out)
}

/// About how wide `text` is in 11-unit text: CJK and other wide
/// characters take a full em, the rest a little over half (digits and the
/// en dash of "1980–1981" are no wider).
fn text_width(text: &str) -> f64 {
    text.chars().map(|c| if is_wide(c) { 11.0 } else { 6.3 }).sum()
}

/// Horizontal bars, each with its label before it and its value after.
fn rows(bars: &[Bar], max: usize) -> (u32, String) {
    let (label_end, bar_start, value_room, row, top) = (138.0, 142.0, 30.0, 20.0, 4.0);
    let plot = f64::from(WIDTH) - bar_start - value_room;
    let mut out = String::new();
    for (i, b) in bars.iter().enumerate() {
        let y = top + row * i as f64;
        let w = (plot * b.value as f64 / max as f64).max(1.0);
        let _ = write!(
            out,
            "<g><title>{}: {}</title><text x=\"{label_end}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{bar_start}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{BAR}\"/>\
             <text x=\"{}\" y=\"{}\">{}</text></g>",
            esc(&b.label),
            esc(&b.value_text),
            round(y + 13.0),
            esc(&clip(&b.label, label_end - 4.0)),
            round(y + 3.0),
            round(w),
            row - 6.0,
            round(bar_start + w + 3.0),
            round(y + 13.0),
            esc(&b.value_text),
        );
    }
    let height = (top * 2.0 + row * bars.len() as f64).ceil() as u32;
    (height, out)
}

/// `text` cut with an ellipsis to about `room` units of 11-unit text (the
/// full label is in the bar's `<title>` and the table). Widths are
/// estimated: CJK and other wide characters take a full em, the rest a
/// little over half.
fn clip(text: &str, room: f64) -> String {
    if text_width(text) <= room {
        return text.to_owned();
    }
    let mut used = text_width("…");
    let mut cut = String::new();
    for c in text.chars() {
        used += text_width(c.encode_utf8(&mut [0; 4]));
        if used > room {
            break;
        }
        cut.push(c);
    }
    let mut cut = cut.trim_end().to_owned();
    cut.push('…');
    cut
}

/// East Asian wide characters (Hangul, CJK, kana, full-width forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// One decimal at most: enough at this scale, and fewer bytes.
fn round(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 { format!("{}", r as i64) } else { format!("{r:.1}") }
}

/// Bars per year from `first` to `last` with the years in between at 0,
/// grouped into spans of 2, 5, 10… years when there are more than `most`.
/// `counts` are `(year, count)`, any order; the result is `(label, count)`.
pub fn years(counts: &[(i32, usize)], most: usize) -> Vec<(String, usize)> {
    let (Some(first), Some(last)) =
        (counts.iter().map(|c| c.0).min(), counts.iter().map(|c| c.0).max())
    else {
        return Vec::new();
    };
    let span = i64::from(last) - i64::from(first) + 1;
    let size = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10_000]
        .into_iter()
        .find(|s| (span + s - 1) / s <= most.max(1) as i64)
        .unwrap_or(10_000);
    // Spans start at a multiple of their size (2010–2014), as people count.
    let start = i64::from(first).div_euclid(size) * size;
    let n = (i64::from(last) - start) / size + 1;
    let mut out: Vec<(String, usize)> = (0..n)
        .map(|i| {
            let from = start + i * size;
            let label =
                if size == 1 { from.to_string() } else { format!("{from}–{}", from + size - 1) };
            (label, 0)
        })
        .collect();
    for (year, count) in counts {
        let i = ((i64::from(*year) - start) / size) as usize;
        if let Some(slot) = out.get_mut(i) {
            slot.1 += count;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars(values: &[usize]) -> Vec<Bar> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| Bar {
                label: format!("{}", 2000 + i),
                value: *v,
                value_text: v.to_string(),
                url: None,
            })
            .collect()
    }

    fn chart(values: &[usize], layout: Layout) -> String {
        render(&Chart {
            id: "c",
            title: "Records per <year>",
            desc: "d",
            headers: ["Year", "Records"],
            table_summary: "Data",
            bars: bars(values),
            layout,
        })
    }

    #[test]
    fn bar_heights_follow_the_counts() {
        let html = chart(&[1, 0, 4, 2], Layout::Columns);
        let heights: Vec<f64> = html
            .split("height=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(heights.len(), 4);
        assert_eq!(heights[2], 142.0);
        assert_eq!(heights[0] * 4.0, heights[2]);
        assert_eq!(heights[1], 0.0);
        assert!(html.contains("<title>2002: 4</title>"));
        assert!(html.contains("<title id=\"c-title\">Records per &lt;year&gt;</title>"));
        assert!(html.contains("role=\"img\" aria-labelledby=\"c-title c-desc\""));
        assert!(html.contains("<tr><th scope=\"row\">2001</th><td>0</td></tr>"));
        assert_eq!(html, chart(&[1, 0, 4, 2], Layout::Columns));
    }

    #[test]
    fn rows_widths_follow_the_counts_and_long_labels_are_clipped() {
        let html = chart(&[3, 6], Layout::Rows);
        assert!(html.contains("width=\"94\""), "{html}");
        assert!(html.contains("width=\"188\""), "{html}");
        assert_eq!(clip("abcdefghij", 32.0), "abcd…");
        assert_eq!(clip("abc", 32.0), "abc");
        assert_eq!(clip("电子商务法规", 40.0), "电子商…");
    }

    /// The axis labels of a columns chart: `(centre, text)`.
    fn axis_labels(html: &str) -> Vec<(f64, String)> {
        html.split("<text x=\"")
            .skip(2)
            .map(|s| {
                let x = s.split('"').next().unwrap().parse().unwrap();
                let text = s.split('>').nth(1).unwrap().split('<').next().unwrap().to_owned();
                (x, text)
            })
            .collect()
    }

    #[test]
    fn axis_labels_of_long_spans_neither_overlap_nor_leave_the_chart() {
        // 1981–2023 in spans of two years: 22 bars labelled "1980–1981"….
        let spans = years(&[(1981, 1), (2003, 1), (2011, 1), (2023, 1)], 40);
        assert_eq!(spans[0].0, "1980–1981");
        for counts in [spans.iter().map(|s| s.1).collect::<Vec<_>>(), vec![1; 60], vec![1; 7]] {
            let mut bars = bars(&counts);
            if counts.len() == spans.len() {
                for (b, s) in bars.iter_mut().zip(&spans) {
                    b.label = s.0.clone();
                }
            }
            let labels = axis_labels(&chart_of(bars));
            assert!(labels.len() >= 2, "{labels:?}");
            let mut end = f64::NEG_INFINITY;
            for (x, text) in &labels {
                let half = text_width(text) / 2.0;
                assert!(x - half >= 0.0 && x + half <= f64::from(WIDTH), "{text} at {x}");
                assert!(x - half >= end + 4.0, "{text} at {x} overlaps: {labels:?}");
                end = x + half;
            }
        }
    }

    fn chart_of(bars: Vec<Bar>) -> String {
        render(&Chart {
            id: "c",
            title: "t",
            desc: "d",
            headers: ["Year", "Records"],
            table_summary: "Data",
            bars,
            layout: Layout::Columns,
        })
    }

    #[test]
    fn nothing_to_show_is_no_chart() {
        assert_eq!(chart(&[], Layout::Columns), "");
        assert_eq!(chart(&[0, 0], Layout::Rows), "");
    }

    #[test]
    fn years_fill_gaps_and_group_long_spans() {
        let y = years(&[(2003, 1), (2001, 2), (2003, 1)], 60);
        assert_eq!(y, vec![("2001".into(), 2), ("2002".into(), 0), ("2003".into(), 2)]);
        let y = years(&[(1901, 1), (2024, 3)], 60);
        assert_eq!(y.len(), 25);
        assert_eq!(y[0], ("1900–1904".into(), 1));
        assert_eq!(y[24], ("2020–2024".into(), 3));
        assert!(years(&[], 60).is_empty());
        assert!(years(&[(-9999, 1), (9999, 1)], 60).len() <= 60);
    }
}
