//! A figure as a PNG, for formats that take only raster images (Word). The
//! same marks the SVG and PDF writers draw, filled by tiny-skia; text is drawn
//! from the embedded DejaVu Sans glyph outlines, so it looks the same
//! everywhere.

use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, Stroke, Transform};

use super::figure::{Anchor, Color, Figure, Mark};
use super::pdf::{BOLD, REGULAR};

/// The figure at `scale` pixels per point, or `None` if it is empty or huge.
pub fn to_png(figure: &Figure, scale: f32) -> Option<Vec<u8>> {
    let width = (figure.width * scale).ceil() as u32;
    let height = (figure.height * scale).ceil() as u32;
    let mut pixmap = Pixmap::new(width, height)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let regular = ttf_parser::Face::parse(REGULAR, 0).ok()?;
    let bold = ttf_parser::Face::parse(BOLD, 0).ok()?;
    let at = Transform::from_scale(scale, scale);
    for mark in &figure.marks {
        match mark {
            Mark::Path {
                points,
                closed,
                fill,
                stroke,
                width,
            } => {
                let mut pb = PathBuilder::new();
                let Some(first) = points.first() else {
                    continue;
                };
                pb.move_to(first.0, first.1);
                for p in &points[1..] {
                    pb.line_to(p.0, p.1);
                }
                if *closed {
                    pb.close();
                }
                let Some(path) = pb.finish() else { continue };
                if let Some(c) = fill {
                    pixmap.fill_path(&path, &paint(*c), FillRule::Winding, at, None);
                }
                if let Some(c) = stroke {
                    let stroke = Stroke {
                        width: *width,
                        ..Stroke::default()
                    };
                    pixmap.stroke_path(&path, &paint(*c), &stroke, at, None);
                }
            }
            Mark::Circle {
                x,
                y,
                r,
                fill,
                stroke,
            } => {
                let Some(path) = PathBuilder::from_circle(*x, *y, *r) else {
                    continue;
                };
                pixmap.fill_path(&path, &paint(*fill), FillRule::Winding, at, None);
                if let Some(c) = stroke {
                    pixmap.stroke_path(&path, &paint(*c), &Stroke::default(), at, None);
                }
            }
            Mark::Text {
                x,
                y,
                text,
                size,
                color,
                anchor,
                bold: is_bold,
            } => {
                let face = if *is_bold { &bold } else { &regular };
                let em = *size / face.units_per_em() as f32;
                let glyphs: Vec<ttf_parser::GlyphId> = text
                    .chars()
                    .map(|c| {
                        face.glyph_index(c)
                            .or_else(|| face.glyph_index('?'))
                            .unwrap_or_default()
                    })
                    .collect();
                let advance =
                    |g: ttf_parser::GlyphId| face.glyph_hor_advance(g).unwrap_or(0) as f32 * em;
                let width: f32 = glyphs.iter().map(|&g| advance(g)).sum();
                let mut pen = match anchor {
                    Anchor::Start => *x,
                    Anchor::Middle => x - width / 2.0,
                    Anchor::End => x - width,
                };
                let mut pb = PathBuilder::new();
                for g in glyphs {
                    let mut outline = Outline {
                        pb: &mut pb,
                        x: pen,
                        y: *y,
                        em,
                    };
                    face.outline_glyph(g, &mut outline);
                    pen += advance(g);
                }
                if let Some(path) = pb.finish() {
                    pixmap.fill_path(&path, &paint(*color), FillRule::Winding, at, None);
                }
            }
        }
    }
    pixmap.encode_png().ok()
}

fn paint(c: Color) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(c.0, c.1, c.2, 255);
    p.anti_alias = true;
    p
}

/// Glyph outlines (font units, y up) into figure coordinates (points, y down).
struct Outline<'a> {
    pb: &'a mut PathBuilder,
    x: f32,
    y: f32,
    em: f32,
}

impl Outline<'_> {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.em, self.y - y * self.em)
    }
}

impl ttf_parser::OutlineBuilder for Outline<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.pb.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.pb.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x1, y1) = self.at(x1, y1);
        let (x, y) = self.at(x, y);
        self.pb.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x1, y1) = self.at(x1, y1);
        let (x2, y2) = self.at(x2, y2);
        let (x, y) = self.at(x, y);
        self.pb.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.pb.close();
    }
}
