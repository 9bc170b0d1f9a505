//! The report's two drawings, the timeline and the map, as a small list of
//! marks (paths, circles, text) that each writer draws its own way: SVG for
//! HTML and Markdown, PDF drawing operators for the PDF. Coordinates are
//! points with y growing downwards, as in SVG.

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::text::escape_xml;
use super::ReportEvent;
use crate::types::PlaceRow;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Color(pub u8, pub u8, pub u8);

impl Color {
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

#[derive(Debug, Clone, Serialize)]
pub enum Mark {
    Path {
        points: Vec<(f32, f32)>,
        closed: bool,
        fill: Option<Color>,
        stroke: Option<Color>,
        width: f32,
    },
    Circle {
        x: f32,
        y: f32,
        r: f32,
        fill: Color,
        stroke: Option<Color>,
    },
    Text {
        x: f32,
        y: f32,
        text: String,
        size: f32,
        color: Color,
        anchor: Anchor,
        bold: bool,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub width: f32,
    pub height: f32,
    /// What the figure shows, for screen readers and alt text.
    pub caption: String,
    pub marks: Vec<Mark>,
}

const INK: Color = Color(0x22, 0x2b, 0x33);
const MUTED: Color = Color(0x6b, 0x72, 0x80);
const RULE: Color = Color(0xc8, 0xcd, 0xd3);
const WHITE: Color = Color(0xff, 0xff, 0xff);
const SEA: Color = Color(0xdc, 0xe8, 0xf2);
const LAND: Color = Color(0xf5, 0xf2, 0xea);
const BORDER: Color = Color(0xb3, 0xad, 0xa2);

/// The colour of an event family, as the app's timeline draws it.
pub fn family_color(family: &str) -> Color {
    match family {
        "violence" => Color(0xc0, 0x39, 0x2b),
        "arrest" => Color(0x7d, 0x3c, 0x98),
        "protest" => Color(0xca, 0x6f, 0x1e),
        "statement" => Color(0x24, 0x71, 0xa3),
        "cooperation" => Color(0x1e, 0x84, 0x49),
        _ => MUTED,
    }
}

impl Figure {
    fn new(width: f32, height: f32, caption: String) -> Figure {
        Figure {
            width,
            height,
            caption,
            marks: Vec::new(),
        }
    }

    fn line(&mut self, a: (f32, f32), b: (f32, f32), color: Color, width: f32) {
        self.marks.push(Mark::Path {
            points: vec![a, b],
            closed: false,
            fill: None,
            stroke: Some(color),
            width,
        });
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Color) {
        self.marks.push(Mark::Path {
            points: vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h)],
            closed: true,
            fill: Some(fill),
            stroke: None,
            width: 0.0,
        });
    }

    fn text(
        &mut self,
        x: f32,
        y: f32,
        text: impl Into<String>,
        size: f32,
        color: Color,
        anchor: Anchor,
    ) {
        self.marks.push(Mark::Text {
            x,
            y,
            text: text.into(),
            size,
            color,
            anchor,
            bold: false,
        });
    }

    /// The figure as a standalone SVG document.
    pub fn to_svg(&self) -> String {
        let mut s = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{label}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">"#,
            w = self.width,
            h = self.height,
            label = escape_xml(&self.caption)
        );
        for mark in &self.marks {
            match mark {
                Mark::Path {
                    points,
                    closed,
                    fill,
                    stroke,
                    width,
                } => {
                    let mut d = String::new();
                    for (i, (x, y)) in points.iter().enumerate() {
                        d.push(if i == 0 { 'M' } else { 'L' });
                        d.push_str(&format!("{x:.1} {y:.1}"));
                    }
                    if *closed {
                        d.push('Z');
                    }
                    s.push_str(&format!(
                        r#"<path d="{d}" fill="{}" stroke="{}" stroke-width="{width}"/>"#,
                        fill.map_or("none".into(), Color::hex),
                        stroke.map_or("none".into(), Color::hex),
                    ));
                }
                Mark::Circle {
                    x,
                    y,
                    r,
                    fill,
                    stroke,
                } => s.push_str(&format!(
                    r#"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{}" stroke="{}" stroke-width="1"/>"#,
                    fill.hex(),
                    stroke.map_or("none".into(), Color::hex)
                )),
                Mark::Text {
                    x,
                    y,
                    text,
                    size,
                    color,
                    anchor,
                    bold,
                } => s.push_str(&format!(
                    r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" fill="{}" text-anchor="{}"{}>{}</text>"#,
                    color.hex(),
                    match anchor {
                        Anchor::Start => "start",
                        Anchor::Middle => "middle",
                        Anchor::End => "end",
                    },
                    if *bold { r#" font-weight="bold""# } else { "" },
                    escape_xml(text)
                )),
            }
        }
        s.push_str("</svg>");
        s
    }
}

/// A colour mixed two parts in three with white.
fn pale(c: Color) -> Color {
    let mix = |v: u8| ((v as u16 + 2 * 255) / 3) as u8;
    Color(mix(c.0), mix(c.1), mix(c.2))
}

/// A rough text width for label placement (DejaVu Sans averages about 0.58 em).
fn approx_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.58
}

fn day(iso: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(iso.get(..10)?, "%Y-%m-%d").ok()
}

// ------------------------------------------------------------------ timeline

const TL_WIDTH: f32 = 760.0;
const TL_LEFT: f32 = 20.0;
const TL_RIGHT: f32 = 20.0;
const LANE: f32 = 18.0;
const MAX_LANES: usize = 10;

/// The events along a time axis, labelled E1, E2, … as in the table, stacked
/// in lanes where they would overlap; coloured by family.
pub fn timeline(events: &[ReportEvent]) -> Option<Figure> {
    let dated: Vec<(&ReportEvent, NaiveDate, NaiveDate)> = events
        .iter()
        .filter_map(|e| {
            let first = day(e.row.first_day.as_deref()?)?;
            let last = e.row.last_day.as_deref().and_then(day).unwrap_or(first);
            Some((e, first, last.max(first)))
        })
        .collect();
    let (dated, outside) = focus_span(dated);
    let start = dated.iter().map(|d| d.1).min()?;
    let end = dated.iter().map(|d| d.2).max()?;
    let (data_start, data_end) = (start, end);
    // Room on each side, and at least a week shown, centred on the events.
    let real = (end - start).num_days() + 1;
    let span = real.max(7);
    let pad = (span / 30).max(1) + (span - real) / 2;
    let (start, end) = (start - Duration::days(pad), end + Duration::days(pad + 1));
    let plot = TL_WIDTH - TL_LEFT - TL_RIGHT;
    let total = (end - start).num_days().max(1) as f32;
    let x_of = |d: NaiveDate| TL_LEFT + (d - start).num_days() as f32 / total * plot;
    let day_width = plot / total;

    // Lane per event: the first whose last label ends before this one starts.
    let mut lane_ends: Vec<f32> = Vec::new();
    let mut placed = Vec::new();
    let mut hidden = 0;
    for (e, first, last) in &dated {
        let x0 = x_of(*first) + day_width / 2.0;
        let x1 = x_of(*last) + day_width / 2.0;
        let label = format!("E{}", e.number);
        let right = x1.max(x0) + 6.0 + approx_width(&label, 9.0);
        match lane_ends.iter().position(|&end| end + 4.0 < x0 - 5.0) {
            Some(lane) => {
                lane_ends[lane] = right;
                placed.push((*e, x0, x1, lane, label));
            }
            None if lane_ends.len() < MAX_LANES => {
                lane_ends.push(right);
                placed.push((*e, x0, x1, lane_ends.len() - 1, label));
            }
            None => hidden += 1,
        }
    }
    let lanes = lane_ends.len().max(1) as f32;
    let top = 14.0;
    let axis_y = top + lanes * LANE + 8.0;
    let height = axis_y + 58.0;
    let mut fig = Figure::new(
        TL_WIDTH,
        height,
        format!(
            "Timeline of {} dated events, {} to {}",
            dated.len(),
            data_start,
            data_end
        ),
    );
    fig.rect(0.0, 0.0, TL_WIDTH, height, WHITE);

    for (tick, label) in ticks(start, end) {
        let x = x_of(tick);
        fig.line((x, top - 4.0), (x, axis_y), Color(0xee, 0xf0, 0xf2), 0.6);
        fig.line((x, axis_y), (x, axis_y + 4.0), MUTED, 0.8);
        fig.text(x, axis_y + 15.0, label, 8.5, MUTED, Anchor::Middle);
    }
    fig.line((TL_LEFT, axis_y), (TL_WIDTH - TL_RIGHT, axis_y), RULE, 1.0);

    for (e, x0, x1, lane, label) in &placed {
        let y = axis_y - 8.0 - *lane as f32 * LANE;
        let color = family_color(&e.row.family);
        // The dot sits on the event's own date when it has one inside its
        // range (an event "reported" on the 22nd may have happened days
        // before: the pale bar is that uncertainty).
        let dot = e
            .row
            .date
            .as_deref()
            .and_then(day)
            .map(|d| x_of(d) + day_width / 2.0)
            .filter(|x| *x >= *x0 && *x <= *x1)
            .unwrap_or(*x0);
        fig.line((dot, y), (dot, axis_y), Color(0xd5, 0xd9, 0xde), 0.5);
        if x1 - x0 >= 3.0 {
            fig.marks.push(Mark::Path {
                points: vec![(*x0, y), (*x1, y)],
                closed: false,
                fill: None,
                stroke: Some(pale(color)),
                width: 5.0,
            });
        }
        fig.marks.push(Mark::Circle {
            x: dot,
            y,
            r: 4.0,
            fill: color,
            stroke: Some(WHITE),
        });
        fig.text(
            x1.max(*x0) + 6.0,
            y + 3.0,
            label.clone(),
            9.0,
            INK,
            Anchor::Start,
        );
    }

    // Legend: the families present, then what was left out.
    let mut families: Vec<&str> = dated.iter().map(|d| d.0.row.family.as_str()).collect();
    families.sort_unstable();
    families.dedup();
    let mut x = TL_LEFT;
    let legend_y = axis_y + 38.0;
    for family in families {
        fig.marks.push(Mark::Circle {
            x: x + 4.0,
            y: legend_y - 3.0,
            r: 4.0,
            fill: family_color(family),
            stroke: None,
        });
        fig.text(x + 12.0, legend_y, family, 9.0, INK, Anchor::Start);
        x += 24.0 + approx_width(family, 9.0);
    }
    let undated = events.len() - dated.len() - outside.len();
    let mut notes = Vec::new();
    if !outside.is_empty() {
        let names: Vec<String> = outside
            .iter()
            .take(6)
            .map(|(e, first, _)| format!("E{} ({})", e.number, first.year()))
            .collect();
        let more = outside.len().saturating_sub(6);
        notes.push(format!(
            "outside the drawn span: {}{}",
            names.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    if hidden > 0 {
        notes.push(format!(
            "{hidden} more events not drawn (too dense; see the table)"
        ));
    }
    if undated > 0 {
        notes.push(format!("{undated} undated events not drawn"));
    }
    if !notes.is_empty() {
        fig.text(
            TL_WIDTH - TL_RIGHT,
            legend_y,
            notes.join("; "),
            8.5,
            MUTED,
            Anchor::End,
        );
    }
    Some(fig)
}

type Dated<'a> = (&'a ReportEvent, NaiveDate, NaiveDate);

/// When a few events lie far from the rest (a background event years before
/// the story), the span that holds most of them, and the events left out: an
/// axis stretched over years would squeeze the story into one point.
fn focus_span(mut dated: Vec<Dated<'_>>) -> (Vec<Dated<'_>>, Vec<Dated<'_>>) {
    if dated.len() < 3 {
        return (dated, Vec::new());
    }
    dated.sort_by_key(|d| d.1);
    let total = (dated[dated.len() - 1].1 - dated[0].1).num_days();
    let keep = (dated.len() * 4).div_ceil(5);
    // The narrowest window of start dates holding four events in five.
    let (best, span) = (0..=dated.len() - keep)
        .map(|i| (i, (dated[i + keep - 1].1 - dated[i].1).num_days()))
        .min_by_key(|&(_, span)| span)
        .expect("keep <= len");
    if total <= 90 || span * 4 >= total {
        return (dated, Vec::new());
    }
    // Widen the window by its own length (at least a month) on each side.
    let margin = Duration::days(span.max(30));
    let from = dated[best].1 - margin;
    let to = dated[best + keep - 1].1 + margin;
    dated.into_iter().partition(|d| d.1 >= from && d.1 <= to)
}

/// Axis ticks: days, weeks, months or years, about ten of them.
fn ticks(start: NaiveDate, end: NaiveDate) -> Vec<(NaiveDate, String)> {
    let days = (end - start).num_days();
    let mut out = Vec::new();
    if days <= 70 {
        let step = [1, 2, 7, 14]
            .into_iter()
            .find(|s| days / s <= 12)
            .unwrap_or(14);
        let mut d = start + Duration::days(1);
        while d < end {
            out.push((d, format!("{} {}", d.day(), month_name(d.month()))));
            d += Duration::days(step);
        }
    } else if days <= 365 * 4 {
        let months = days / 30;
        let step = [1, 2, 3, 6, 12]
            .into_iter()
            .find(|s| months / s <= 12)
            .unwrap_or(12) as u32;
        let mut d = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap_or(start);
        while d < end {
            if d > start {
                out.push((d, format!("{} {}", month_name(d.month()), d.year())));
            }
            d = add_months(d, step);
        }
    } else {
        let years = (days / 365).max(1) as i32;
        let step = [1, 2, 5, 10, 20, 50]
            .into_iter()
            .find(|s| years / s <= 12)
            .unwrap_or(50);
        let mut y = start.year() + 1;
        y += (step - y.rem_euclid(step)) % step;
        while let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1).filter(|d| *d < end) {
            out.push((d, y.to_string()));
            y += step;
        }
    }
    out
}

fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + months as i32;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}

fn month_name(m: u32) -> &'static str {
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(m as usize).clamp(1, 12) - 1]
}

// ----------------------------------------------------------------------- map

const MAP_WIDTH: f32 = 760.0;
const MAP_HEIGHT: f32 = 440.0;
const MAX_LABELS: usize = 16;

/// The places on the Natural Earth countries, sized by events and mentions,
/// the busiest labelled.
pub fn map(places: &[PlaceRow], events: &[ReportEvent]) -> Option<Figure> {
    let weights: Vec<(&PlaceRow, f32)> = places
        .iter()
        .filter(|p| p.lat.is_finite() && p.lon.is_finite())
        .map(|p| {
            let in_events = events
                .iter()
                .filter(|e| e.row.place_id == Some(p.id))
                .count();
            (p, (p.mention_count + 3 * in_events as i64).max(1) as f32)
        })
        .collect();
    if weights.is_empty() {
        return None;
    }
    let (weights, outside) = focus(weights);
    let view = View::around(weights.iter().map(|(p, _)| (p.lon as f32, p.lat as f32)));
    let mut caption = format!("Map of {} places", weights.len());
    if !outside.is_empty() {
        let names: Vec<&str> = outside.iter().take(8).map(|p| p.name.as_str()).collect();
        let more = outside.len().saturating_sub(8);
        caption.push_str(&format!(
            " (outside the frame: {}{})",
            names.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    let mut fig = Figure::new(MAP_WIDTH, MAP_HEIGHT, caption);
    fig.rect(0.0, 0.0, MAP_WIDTH, MAP_HEIGHT, SEA);
    for ring in basemap() {
        if !view.sees(&ring.bounds) {
            continue;
        }
        let mut points: Vec<(f32, f32)> = Vec::with_capacity(ring.points.len());
        for &(lon, lat) in &ring.points {
            // Clamping to a box a little larger than the figure keeps the fill
            // right inside it, and folds the outline beyond into a few points.
            let (x, y) = view.project(lon, lat);
            let p = (
                x.clamp(-8.0, MAP_WIDTH + 8.0),
                y.clamp(-8.0, MAP_HEIGHT + 8.0),
            );
            // Points closer than a third of a point add bytes, not shape.
            if points
                .last()
                .is_none_or(|q: &(f32, f32)| (q.0 - p.0).abs() + (q.1 - p.1).abs() > 0.35)
            {
                points.push(p);
            }
        }
        if points.len() > 2 {
            fig.marks.push(Mark::Path {
                points,
                closed: true,
                fill: Some(LAND),
                stroke: Some(BORDER),
                width: 0.6,
            });
        }
    }

    let max = weights.iter().map(|w| w.1).fold(1.0, f32::max);
    let mut order: Vec<usize> = (0..weights.len()).collect();
    // Big circles first, so that small ones stay visible on top.
    order.sort_by(|&a, &b| weights[b].1.total_cmp(&weights[a].1));
    let mut circles = Vec::new();
    for &i in &order {
        let (p, w) = weights[i];
        let (x, y) = view.project(p.lon as f32, p.lat as f32);
        let r = 3.0 + 10.0 * (w / max).sqrt();
        fig.marks.push(Mark::Circle {
            x,
            y,
            r,
            fill: Color(0xc0, 0x39, 0x2b),
            stroke: Some(WHITE),
        });
        circles.push((p, x, y, r));
    }
    // Labels for the busiest places, skipping any that would overlap.
    let mut taken: Vec<(f32, f32, f32, f32)> = Vec::new();
    for &(p, x, y, r) in circles.iter().take(MAX_LABELS * 2) {
        if taken.len() >= MAX_LABELS {
            break;
        }
        let w = approx_width(&p.name, 10.0);
        let (lx, ly) = (x + r + 3.0, y + 3.5);
        let rect = (lx, ly - 9.0, lx + w, ly + 2.0);
        let inside = rect.2 < MAP_WIDTH - 2.0 && rect.1 > 2.0 && rect.3 < MAP_HEIGHT - 14.0;
        let clear = taken
            .iter()
            .all(|t| rect.2 < t.0 || rect.0 > t.2 || rect.3 < t.1 || rect.1 > t.3);
        if inside && clear {
            fig.text(lx, ly, p.name.clone(), 10.0, INK, Anchor::Start);
            taken.push(rect);
        }
    }
    if !outside.is_empty() {
        let note = format!(
            "Not in this frame: {}",
            outside
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let note: String = if note.chars().count() > 110 {
            note.chars().take(109).collect::<String>() + "…"
        } else {
            note
        };
        fig.rect(
            0.0,
            MAP_HEIGHT - 18.0,
            approx_width(&note, 8.5) + 12.0,
            18.0,
            WHITE,
        );
        fig.text(6.0, MAP_HEIGHT - 6.0, note, 8.5, INK, Anchor::Start);
    }
    fig.text(
        MAP_WIDTH - 6.0,
        MAP_HEIGHT - 6.0,
        "Basemap: Natural Earth (public domain)",
        7.5,
        MUTED,
        Anchor::End,
    );
    Some(fig)
}

/// When places spread across continents, the frame that holds the most weight
/// (a region about 30° by 22°) and the places left outside it: a map of the
/// whole world would show the story's region as one blot.
#[allow(clippy::type_complexity)]
fn focus(weights: Vec<(&PlaceRow, f32)>) -> (Vec<(&PlaceRow, f32)>, Vec<&PlaceRow>) {
    const HALF_LON: f64 = 15.0;
    const HALF_LAT: f64 = 11.0;
    let lons = weights.iter().map(|w| w.0.lon);
    let lats = weights.iter().map(|w| w.0.lat);
    let lon_span = lons.clone().fold(f64::MIN, f64::max) - lons.fold(f64::MAX, f64::min);
    let lat_span = lats.clone().fold(f64::MIN, f64::max) - lats.fold(f64::MAX, f64::min);
    if lon_span <= 4.0 * HALF_LON && lat_span <= 4.0 * HALF_LAT {
        return (weights, Vec::new());
    }
    let near = |a: &PlaceRow, b: &PlaceRow| {
        (a.lon - b.lon).abs() <= HALF_LON && (a.lat - b.lat).abs() <= HALF_LAT
    };
    let centre = weights
        .iter()
        .max_by(|a, b| {
            let score = |c: &PlaceRow| {
                weights
                    .iter()
                    .filter(|w| near(c, w.0))
                    .map(|w| w.1)
                    .sum::<f32>()
            };
            score(a.0).total_cmp(&score(b.0))
        })
        .map(|w| w.0)
        .expect("not empty");
    let (inside, outside): (Vec<_>, Vec<_>) = weights.iter().partition(|w| near(centre, w.0));
    (inside, outside.into_iter().map(|w| w.0).collect())
}

/// An equirectangular view of a box of the world, fitted to the figure.
struct View {
    lon0: f32,
    lat0: f32,
    scale: f32,
    kx: f32,
}

impl View {
    fn around(points: impl Iterator<Item = (f32, f32)>) -> View {
        let (mut w, mut e, mut s, mut n) = (180.0f32, -180.0f32, 90.0f32, -90.0f32);
        for (lon, lat) in points {
            w = w.min(lon);
            e = e.max(lon);
            s = s.min(lat);
            n = n.max(lat);
        }
        // Room around the places, and never closer than about 500 km across.
        let pad_lon = ((e - w) * 0.15).max(2.5);
        let pad_lat = ((n - s) * 0.15).max(2.0);
        let (w, e) = ((w - pad_lon).max(-180.0), (e + pad_lon).min(180.0));
        let (s, n) = ((s - pad_lat).max(-85.0), (n + pad_lat).min(85.0));
        let kx = ((s + n) / 2.0).to_radians().cos().max(0.2);
        let scale = (MAP_WIDTH / ((e - w) * kx)).min(MAP_HEIGHT / (n - s));
        // Centre the box in the figure.
        let lon0 = (w + e) / 2.0 - MAP_WIDTH / 2.0 / scale / kx;
        let lat0 = (s + n) / 2.0 + MAP_HEIGHT / 2.0 / scale;
        View {
            lon0,
            lat0,
            scale,
            kx,
        }
    }

    fn project(&self, lon: f32, lat: f32) -> (f32, f32) {
        (
            (lon - self.lon0) * self.kx * self.scale,
            (self.lat0 - lat) * self.scale,
        )
    }

    fn sees(&self, b: &[f32; 4]) -> bool {
        let (x0, y0) = self.project(b[0], b[3]);
        let (x1, y1) = self.project(b[2], b[1]);
        x1 >= 0.0 && x0 <= MAP_WIDTH && y1 >= 0.0 && y0 <= MAP_HEIGHT
    }
}

struct Ring {
    /// west, south, east, north
    bounds: [f32; 4],
    points: Vec<(f32, f32)>,
}

/// Country outlines, Natural Earth 1:50m (see `data/make_basemap.mjs`).
fn basemap() -> &'static [Ring] {
    static RINGS: OnceLock<Vec<Ring>> = OnceLock::new();
    RINGS.get_or_init(|| parse_basemap(include_bytes!("../../data/basemap.bin")))
}

fn parse_basemap(bytes: &[u8]) -> Vec<Ring> {
    let u32_at = |o: usize| u32::from_le_bytes(bytes[o..o + 4].try_into().expect("4 bytes"));
    let i32_at = |o: usize| i32::from_le_bytes(bytes[o..o + 4].try_into().expect("4 bytes"));
    assert_eq!(
        &bytes[..4],
        b"DBM1",
        "basemap.bin is built by make_basemap.mjs"
    );
    let count = u32_at(4) as usize;
    let mut at = 8;
    let mut rings = Vec::with_capacity(count);
    for _ in 0..count {
        let n = u32_at(at) as usize;
        at += 4;
        let mut points = Vec::with_capacity(n);
        let mut bounds = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        for _ in 0..n {
            let lon = i32_at(at) as f32 / 1e4;
            let lat = i32_at(at + 4) as f32 / 1e4;
            at += 8;
            bounds = [
                bounds[0].min(lon),
                bounds[1].min(lat),
                bounds[2].max(lon),
                bounds[3].max(lat),
            ];
            points.push((lon, lat));
        }
        rings.push(Ring { bounds, points });
    }
    rings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_basemap_has_the_world_and_iraq_in_it() {
        let rings = basemap();
        assert!(rings.len() > 1000);
        // Baghdad (44.4 E, 33.3 N) lies inside some ring's bounds.
        assert!(rings.iter().any(|r| r.bounds[0] < 44.4
            && r.bounds[2] > 44.4
            && r.bounds[1] < 33.3
            && r.bounds[3] > 33.3));
    }

    #[test]
    fn ticks_fit_the_span() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let days = ticks(d("2023-11-15"), d("2023-11-30"));
        assert!(days.len() >= 5 && days.len() <= 16, "{days:?}");
        let months = ticks(d("2023-01-01"), d("2024-06-30"));
        assert!(months.iter().all(|(t, _)| t.day() == 1), "{months:?}");
        let years = ticks(d("2001-01-01"), d("2023-06-30"));
        assert!(years.iter().all(|(t, _)| t.ordinal() == 1), "{years:?}");
    }
}
