//! The world map's geometry: Natural Earth's 1:110m countries, projected
//! and simplified once by `examples/world_map.rs` into
//! `assets/geo/world-110m.txt` and compiled into the binary, so builds
//! never fetch or project anything.

use std::sync::OnceLock;

/// The converted geometry (see `assets/geo/README.md` for its source and
/// licences).
const WORLD: &str = include_str!("../../../assets/geo/world-110m.txt");

/// The parsed geometry: the map's size and each shape in code order.
#[derive(Debug)]
pub struct World {
    /// `viewBox` width and height.
    pub width: u32,
    /// See `width`.
    pub height: u32,
    /// `(alpha-3 code or "-", SVG path data)`, sorted by code.
    pub shapes: Vec<(&'static str, &'static str)>,
}

/// The embedded map, parsed on first use.
pub fn world() -> &'static World {
    static WORLD_MAP: OnceLock<World> = OnceLock::new();
    WORLD_MAP.get_or_init(|| parse(WORLD))
}

/// Reads the file's format: `# viewBox W H`, then `CODE PATH` lines. A line
/// it cannot read is skipped (the file is ours; a test checks it whole).
pub fn parse(text: &'static str) -> World {
    let mut world = World { width: 1000, height: 500, shapes: Vec::new() };
    for line in text.lines() {
        if let Some(size) = line.strip_prefix("# viewBox ") {
            let mut it = size.split(' ').filter_map(|n| n.parse().ok());
            if let (Some(w), Some(h)) = (it.next(), it.next()) {
                (world.width, world.height) = (w, h);
            }
        } else if let Some((code, d)) = line.split_once(' ')
            && !line.starts_with('#')
            && !d.is_empty()
        {
            world.shapes.push((code, d));
        }
    }
    world
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_map_is_whole_and_keyed_by_alpha3() {
        let w = world();
        assert_eq!(w.width, 1000);
        assert!((400..600).contains(&w.height), "{}", w.height);
        assert!(w.shapes.len() > 170, "{}", w.shapes.len());
        for (code, d) in &w.shapes {
            assert!(*code == "-" || crate::core::countries::name(code).is_some(), "{code}");
            assert!(d.starts_with('M') && d.ends_with('z'), "{code}: {d}");
            // Only path commands, digits, spaces and signs: nothing that
            // would need escaping in an attribute.
            assert!(d.chars().all(|c| "Mlz -".contains(c) || c.is_ascii_digit()), "{code}");
        }
        for code in ["KEN", "CHN", "IND", "BRA", "FRA", "USA", "RUS", "AUS"] {
            assert!(w.shapes.iter().any(|(c, _)| *c == code), "{code}");
        }
        assert!(w.shapes.windows(2).all(|p| p[0].0 <= p[1].0));
        assert!(!w.shapes.iter().any(|(c, _)| *c == "ATA"));
    }

    #[test]
    fn points_stay_inside_the_view_box() {
        let w = world();
        for (code, d) in &w.shapes {
            for ring in d.split('z').filter(|r| !r.is_empty()) {
                let (start, rest) = ring.trim_start_matches('M').split_once('l').unwrap();
                let mut xy = start.split(' ').map(|n| n.parse::<i64>().unwrap());
                let (mut x, mut y) = (xy.next().unwrap(), xy.next().unwrap());
                let nums: Vec<i64> = rest
                    .replace('-', " -")
                    .split(' ')
                    .filter(|s| !s.is_empty())
                    .map(|n| n.parse().unwrap())
                    .collect();
                for p in nums.chunks(2) {
                    x += p[0];
                    y += p[1];
                    assert!((0..=w.width as i64).contains(&x), "{code} x {x}");
                    assert!((0..=w.height as i64).contains(&y), "{code} y {y}");
                }
            }
        }
    }

    #[test]
    fn a_malformed_line_is_skipped() {
        let w = parse("# viewBox 10 5\nKEN\nFRA M0 0l1 1 1 -1z\n");
        assert_eq!((w.width, w.height), (10, 5));
        assert_eq!(w.shapes, vec![("FRA", "M0 0l1 1 1 -1z")]);
    }
}
