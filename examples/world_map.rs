//! Converts Natural Earth's 1:110m countries, as the `world-atlas` npm
//! package ships them (TopoJSON keyed by ISO 3166-1 numeric ids), into
//! `assets/geo/world-110m.txt`, the geometry the built-in world map draws.
//!
//! Run once, by hand; builds never fetch or convert anything:
//!
//! ```sh
//! npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
//! cargo run --example world_map -- package/countries-110m.json > assets/geo/world-110m.txt
//! ```
//!
//! Output: a header line `# viewBox W H`, then one line per country, `ALPHA3
//! PATH`, sorted by code: `PATH` is SVG path data in the Natural Earth I
//! projection, scaled so the map is 1000 units wide, rounded to whole units,
//! with points that rounding merges or leaves on a straight line dropped,
//! each ring `M x y l dx dy … z` (relative moves are shorter). Features
//! without an ISO code (Kosovo, Northern Cyprus, Somaliland) are `-`: drawn,
//! never shaded or linked. Antarctica is left out: no policy applies there
//! and it would take a fifth of the map's height.
//!
//! Sources and licences: Natural Earth (public domain), world-atlas 2.0.2
//! by Mike Bostock (ISC). See `assets/geo/README.md`.

use std::collections::BTreeMap;

use serde_json::Value;

/// The map's width in SVG units; heights follow from the projection.
const WIDTH: f64 = 1000.0;

/// A ring of points, in degrees or projected.
type Ring = Vec<(f64, f64)>;

/// ISO numeric codes left out of the map.
const LEFT_OUT: &[&str] = &["010"];

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: world_map COUNTRIES-110M.JSON > assets/geo/world-110m.txt");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(1);
    });
    let topo: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        eprintln!("{path} is not JSON: {e}");
        std::process::exit(1);
    });
    print!("{}", convert(&topo));
}

/// The file's text from a parsed TopoJSON topology.
fn convert(topo: &Value) -> String {
    let arcs = decode_arcs(topo);
    let geometries =
        topo["objects"]["countries"]["geometries"].as_array().cloned().unwrap_or_default();
    // Rings of every country, projected to the unit plane.
    let mut shapes: Vec<(String, Vec<Ring>)> = Vec::new();
    for g in &geometries {
        let id = g["id"].as_str().unwrap_or("");
        if LEFT_OUT.contains(&id) {
            continue;
        }
        let code = id
            .parse::<u16>()
            .ok()
            .and_then(rust_iso3166::from_numeric)
            .map_or("-".to_owned(), |c| c.alpha3.to_owned());
        let polygons: Vec<&Value> = match g["type"].as_str() {
            Some("Polygon") => vec![&g["arcs"]],
            Some("MultiPolygon") => {
                g["arcs"].as_array().map(|a| a.iter().collect()).unwrap_or_default()
            }
            _ => continue,
        };
        let mut rings = Vec::new();
        for polygon in polygons {
            for ring in polygon.as_array().into_iter().flatten() {
                for part in split_at_antimeridian(&ring_points(ring, &arcs)) {
                    rings.push(part.iter().map(|&(lon, lat)| natural_earth(lon, lat)).collect());
                }
            }
        }
        shapes.push((code, rings));
    }
    let all = shapes.iter().flat_map(|(_, r)| r.iter().flatten());
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in all {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let scale = WIDTH / (x1 - x0);
    let height = ((y1 - y0) * scale).ceil() as i64;
    let mut lines: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (code, rings) in shapes {
        let mut d = String::new();
        for ring in rings {
            // North up: SVG's y grows downwards.
            let points: Vec<(i64, i64)> = ring
                .iter()
                .map(|&(x, y)| {
                    (((x - x0) * scale).round() as i64, ((y1 - y) * scale).round() as i64)
                })
                .collect();
            d.push_str(&ring_path(&simplify(&points)));
        }
        if !d.is_empty() {
            lines.entry(code).or_default().push(d);
        }
    }
    let mut out = format!("# viewBox {} {height}\n", WIDTH as i64);
    for (code, paths) in lines {
        // The unnamed features share `-`; each keeps its own line.
        for d in paths {
            out.push_str(&format!("{code} {d}\n"));
        }
    }
    out
}

/// Every arc as absolute longitude/latitude points (TopoJSON arcs are
/// quantised and delta-encoded).
fn decode_arcs(topo: &Value) -> Vec<Vec<(f64, f64)>> {
    let t = &topo["transform"];
    let f = |v: &Value, i: usize, d: f64| v[i].as_f64().unwrap_or(d);
    let (sx, sy) = (f(&t["scale"], 0, 1.0), f(&t["scale"], 1, 1.0));
    let (tx, ty) = (f(&t["translate"], 0, 0.0), f(&t["translate"], 1, 0.0));
    let mut out = Vec::new();
    for arc in topo["arcs"].as_array().into_iter().flatten() {
        let (mut x, mut y) = (0.0, 0.0);
        let mut points = Vec::new();
        for p in arc.as_array().into_iter().flatten() {
            x += f(p, 0, 0.0);
            y += f(p, 1, 0.0);
            points.push((x * sx + tx, y * sy + ty));
        }
        out.push(points);
    }
    out
}

/// A ring's points from its arc indices (`~i` is arc `i` reversed); each
/// arc after the first starts where the previous ended.
fn ring_points(ring: &Value, arcs: &[Vec<(f64, f64)>]) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    for index in ring.as_array().into_iter().flatten().filter_map(Value::as_i64) {
        let (i, reversed) = if index < 0 { (!index, true) } else { (index, false) };
        let Some(arc) = arcs.get(i as usize) else { continue };
        let mut points = arc.clone();
        if reversed {
            points.reverse();
        }
        let skip = usize::from(!out.is_empty());
        out.extend(points.into_iter().skip(skip));
    }
    out
}

/// A ring that crosses the 180th meridian (Russia's Chukotka, Fiji) as
/// two rings, one either side, so that no edge spans the whole map: its
/// longitudes are made continuous (past ±180), then clamped to each side.
/// Clamping runs the cut part along the map's edge, which is where it is.
fn split_at_antimeridian(points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let crosses = points.windows(2).any(|w| (w[1].0 - w[0].0).abs() > 180.0);
    if !crosses {
        return vec![points.to_vec()];
    }
    let mut unwrapped: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    let mut shift = 0.0;
    for (i, &(lon, lat)) in points.iter().enumerate() {
        if i > 0 {
            let previous = points[i - 1].0;
            if lon - previous > 180.0 {
                shift -= 360.0;
            } else if previous - lon > 180.0 {
                shift += 360.0;
            }
        }
        unwrapped.push((lon + shift, lat));
    }
    [0.0, 360.0, -360.0]
        .into_iter()
        .map(|offset| {
            unwrapped
                .iter()
                .map(|&(lon, lat)| ((lon + offset).clamp(-180.0, 180.0), lat))
                .collect::<Vec<_>>()
        })
        // A copy wholly clamped onto the edge has no area.
        .filter(|ring| ring.iter().any(|p| p.0.abs() < 179.99))
        .collect()
}

/// The Natural Earth I projection (Šavrič et al. 2011), as d3-geo's
/// `geoNaturalEarth1Raw`: degrees in, unit-sphere plane out.
fn natural_earth(lon: f64, lat: f64) -> (f64, f64) {
    let (l, p) = (lon.to_radians(), lat.to_radians());
    let p2 = p * p;
    let p4 = p2 * p2;
    let x = l * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)));
    let y = p * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)));
    (x, y)
}

/// Drops repeated points and the middle of three on one straight line;
/// keeps a ring of fewer than three points out.
fn simplify(points: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = Vec::new();
    for &p in points {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let cross = (b.0 - a.0) * (p.1 - b.1) - (b.1 - a.1) * (p.0 - b.0);
            let forward = (b.0 - a.0) * (p.0 - b.0) + (b.1 - a.1) * (p.1 - b.1) > 0;
            if cross == 0 && forward {
                out.pop();
            }
        }
        out.push(p);
    }
    // A closed ring repeats its first point; `z` closes it.
    if out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    if out.len() < 3 { Vec::new() } else { out }
}

/// `M x y l dx dy … z`, or nothing for an empty ring.
fn ring_path(points: &[(i64, i64)]) -> String {
    let Some(&(x, y)) = points.first() else { return String::new() };
    let mut d = format!("M{x} {y}l");
    let mut prev = (x, y);
    for (i, &(px, py)) in points.iter().enumerate().skip(1) {
        let (dx, dy) = (px - prev.0, py - prev.1);
        // A minus sign separates numbers on its own.
        if i > 1 && dx >= 0 {
            d.push(' ');
        }
        d.push_str(&dx.to_string());
        if dy >= 0 {
            d.push(' ');
        }
        d.push_str(&dy.to_string());
        prev = (px, py);
    }
    d.push('z');
    d
}
