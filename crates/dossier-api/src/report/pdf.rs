//! The report as PDF, written directly (pdf-writer) so that it works offline
//! on any machine: A4 pages, DejaVu Sans embedded as a subset (so the text is
//! selectable and searchable, with a ToUnicode map), the drawings as vector
//! paths, and citations as links to the source list.
//!
//! Layout is a small flow engine: headings, wrapped paragraphs, tables whose
//! rows move whole to the next page (repeating the header), and figures.
//! Text is not shaped: scripts that need shaping (Arabic) come out unjoined.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use pdf_writer::types::{ActionType, AnnotationType, CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::figure::{family_color, Anchor, Color, Figure, Mark};
use super::text;
use super::{Report, ReportEvent};
use crate::ApiError;

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 50.0;
const BOTTOM: f32 = PAGE_H - MARGIN - 14.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
const BODY: f32 = 9.5;
const SMALL: f32 = 8.0;
const INK: Color = Color(0x22, 0x2b, 0x33);
const MUTED: Color = Color(0x6b, 0x72, 0x80);
const LINK: Color = Color(0x1f, 0x5f, 0x99);
const RULE: Color = Color(0xd5, 0xd9, 0xde);
const HEADER_FILL: Color = Color(0xf1, 0xf3, 0xf5);

pub(super) static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub(super) static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

pub fn render(r: &Report) -> Result<Vec<u8>, ApiError> {
    let fonts = Fonts::load()?;
    let mut doc = Layout::new(&fonts);
    write_report(&mut doc, r);
    doc.write_pdf(&r.title)
}

// ------------------------------------------------------------------- content

fn write_report(d: &mut Layout<'_>, r: &Report) {
    d.text_block(&[Run::bold(&r.title)], 20.0, 0.0);
    d.gap(2.0);
    d.text_block(&[Run::plain(&r.scope)], 11.0, 0.0);
    d.text_block(
        &[Run::plain(format!("Generated {} by Dossier.", r.generated)).color(MUTED)],
        SMALL,
        0.0,
    );
    let s = r.sections;
    if s.summary {
        d.heading("Summary");
        for line in text::summary_lines(r) {
            d.text_block(&[Run::plain(line)], BODY, 0.0);
            d.gap(2.0);
        }
    }
    if s.timeline {
        timeline(d, r);
    }
    if s.map {
        map(d, r);
    }
    if s.entities {
        entities(d, r);
    }
    if s.disagreements {
        disagreements(d, r);
    }
    if s.sources {
        d.heading("Sources");
        for (i, a) in r.sources.iter().enumerate() {
            let mut runs = vec![
                Run::plain(format!("{}. ", i + 1)),
                Run::plain(text::citation(a)),
            ];
            if let Some(url) = &a.url {
                runs.push(Run::plain(" "));
                let run = Run::plain(url.clone());
                runs.push(if text::is_web_url(url) {
                    run.link(Target::Uri(url.clone()))
                } else {
                    run
                });
            }
            d.anchor(Target::Source(i + 1));
            d.text_block(&runs, SMALL + 0.5, 14.0);
            d.gap(2.0);
        }
    }
}

fn cites(sources: &[usize], r: &Report) -> Vec<Run> {
    if sources.is_empty() {
        return Vec::new();
    }
    let mut runs = vec![Run::plain("[")];
    for (i, n) in sources.iter().enumerate() {
        if i > 0 {
            runs.push(Run::plain(", "));
        }
        let run = Run::plain(n.to_string());
        runs.push(if r.sections.sources {
            run.link(Target::Source(*n))
        } else {
            run
        });
    }
    runs.push(Run::plain("]"));
    runs
}

fn event_ref(n: usize, r: &Report) -> Run {
    let run = Run::plain(format!("E{n}"));
    if r.sections.timeline {
        run.link(Target::Event(n))
    } else {
        run
    }
}

fn timeline(d: &mut Layout<'_>, r: &Report) {
    d.heading("Timeline");
    if r.events.is_empty() {
        d.text_block(&[Run::plain(text::NO_EVENTS).color(MUTED)], BODY, 0.0);
        return;
    }
    if let Some(fig) = r.timeline_figure() {
        d.figure(&fig);
    }
    let columns = [
        ("#", 0.06),
        ("Date", 0.13),
        ("Event", 0.33),
        ("Place", 0.12),
        ("Actors", 0.16),
        ("Casualties", 0.11),
        ("Sources", 0.09),
    ];
    let rows: Vec<TableRow> = r.events.iter().map(|e| event_row(e, r)).collect();
    d.table(&columns, rows);
}

fn event_row(e: &ReportEvent, r: &Report) -> TableRow {
    let mut what = vec![Run::bold(text::kind(e)).color(family_color(&e.row.family))];
    if !e.row.summary.is_empty() {
        what.push(Run::plain(format!(": {}", e.row.summary)));
    }
    if let Some(q) = &e.quote {
        what.push(Run::plain(format!(" “{}” ", q.sentence)).color(MUTED));
        what.extend(cites(&[q.source], r));
    }
    TableRow {
        anchor: Some(Target::Event(e.number)),
        cells: vec![
            vec![Run::plain(format!("E{}", e.number))],
            vec![Run::plain(text::event_date(e))],
            what,
            vec![Run::plain(text::place(e))],
            vec![Run::plain(text::actors(e))],
            vec![Run::plain(text::casualties(e))],
            cites(&e.sources, r),
        ],
    }
}

fn map(d: &mut Layout<'_>, r: &Report) {
    map_and_places(d, r);
    if let Some(line) = text::unplaced_line(r) {
        d.text_block(&[Run::plain(line).color(MUTED)], BODY, 0.0);
    }
}

fn map_and_places(d: &mut Layout<'_>, r: &Report) {
    d.heading("Map");
    let Some(fig) = r.map_figure() else {
        d.text_block(&[Run::plain(text::NO_PLACES).color(MUTED)], BODY, 0.0);
        return;
    };
    d.figure(&fig);
    let columns = [
        ("Place", 0.3),
        ("Country", 0.12),
        ("Latitude, longitude", 0.28),
        ("Mentions", 0.15),
        ("Events", 0.15),
    ];
    let rows = r
        .places
        .iter()
        .map(|p| TableRow {
            anchor: None,
            cells: vec![
                vec![Run::plain(p.name.clone())],
                vec![Run::plain(p.country.clone())],
                vec![Run::plain(format!("{:.4}, {:.4}", p.lat, p.lon))],
                vec![Run::plain(p.mention_count.to_string())],
                vec![Run::plain(p.event_count.to_string())],
            ],
        })
        .collect();
    d.table(&columns, rows);
}

fn entities(d: &mut Layout<'_>, r: &Report) {
    d.heading("Entities");
    if r.profiles.is_empty() {
        d.text_block(&[Run::plain(text::NO_ENTITIES).color(MUTED)], BODY, 0.0);
        return;
    }
    d.text_block(
        &[Run::plain(text::profiles_intro(r)).color(MUTED)],
        SMALL,
        0.0,
    );
    for p in &r.profiles {
        d.keep(60.0);
        d.gap(6.0);
        let kind = format!("  {}", text::entity_kind(&p.entity.kind));
        d.text_block(
            &[
                Run::bold(p.entity.name.clone()),
                Run::plain(kind).color(MUTED),
            ],
            10.5,
            0.0,
        );
        let mut lines: Vec<Vec<Run>> = text::profile_facts(p)
            .into_iter()
            .map(|fact| vec![Run::plain(fact)])
            .collect();
        if !p.events.is_empty() {
            let mut runs = vec![Run::plain("Events: ")];
            for (i, n) in p.events.iter().enumerate() {
                if i > 0 {
                    runs.push(Run::plain(", "));
                }
                runs.push(event_ref(*n, r));
            }
            lines.push(runs);
        }
        if let Some(q) = &p.quote {
            let mut runs = vec![Run::plain(format!("“{}” ", q.sentence)).color(MUTED)];
            runs.extend(cites(&[q.source], r));
            lines.push(runs);
        }
        for runs in lines {
            d.text_block(&runs, SMALL + 0.5, 10.0);
        }
    }
}

fn disagreements(d: &mut Layout<'_>, r: &Report) {
    d.heading("Disagreements between sources");
    let disputed = text::disputed(r);
    if disputed.is_empty() {
        d.text_block(&[Run::plain(text::ALL_AGREE).color(MUTED)], BODY, 0.0);
        return;
    }
    for e in disputed {
        d.keep(40.0);
        d.gap(4.0);
        let heading = Run::bold(format!(" · {}", text::event_heading(e)));
        d.text_block(&[event_ref(e.number, r), heading], BODY, 0.0);
        for dis in &e.disagreements {
            let mut runs = vec![Run::plain(format!("{}: ", text::field_label(&dis.field)))];
            for (i, (value, sources)) in dis.values.iter().enumerate() {
                if i > 0 {
                    runs.push(Run::plain(" · "));
                }
                runs.push(Run::bold(format!("{value} ")));
                runs.extend(cites(sources, r));
            }
            d.text_block(&runs, SMALL + 0.5, 10.0);
        }
    }
}

// -------------------------------------------------------------------- fonts

struct FontData {
    face: ttf_parser::Face<'static>,
    bytes: &'static [u8],
    /// Glyphs used, with a character each maps back to (for copy and search).
    used: RefCell<BTreeMap<u16, char>>,
}

impl FontData {
    fn load(bytes: &'static [u8]) -> Result<FontData, ApiError> {
        let face = ttf_parser::Face::parse(bytes, 0)
            .map_err(|e| ApiError::new("storage", format!("the report font is broken: {e}")))?;
        Ok(FontData {
            face,
            bytes,
            used: RefCell::new(BTreeMap::new()),
        })
    }

    fn glyph(&self, c: char) -> u16 {
        self.face
            .glyph_index(c)
            .or_else(|| self.face.glyph_index('?'))
            .map_or(0, |g| g.0)
    }

    fn advance(&self, glyph: u16) -> f32 {
        self.face
            .glyph_hor_advance(ttf_parser::GlyphId(glyph))
            .unwrap_or(0) as f32
            / self.face.units_per_em() as f32
    }

    fn width(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.advance(self.glyph(c))).sum::<f32>() * size
    }

    fn note_used(&self, s: &str) {
        let mut used = self.used.borrow_mut();
        for c in s.chars() {
            used.entry(self.glyph(c)).or_insert(c);
        }
    }
}

struct Fonts {
    regular: FontData,
    bold: FontData,
}

impl Fonts {
    fn load() -> Result<Fonts, ApiError> {
        Ok(Fonts {
            regular: FontData::load(REGULAR)?,
            bold: FontData::load(BOLD)?,
        })
    }

    fn get(&self, bold: bool) -> &FontData {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

// ------------------------------------------------------------------- layout

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Target {
    Source(usize),
    Event(usize),
    Uri(String),
}

#[derive(Debug, Clone)]
struct Run {
    text: String,
    bold: bool,
    color: Color,
    link: Option<Target>,
}

impl Run {
    fn plain(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            bold: false,
            color: INK,
            link: None,
        }
    }

    fn bold(text: impl Into<String>) -> Run {
        Run {
            bold: true,
            ..Run::plain(text)
        }
    }

    fn color(mut self, color: Color) -> Run {
        self.color = color;
        self
    }

    fn link(mut self, target: Target) -> Run {
        self.color = LINK;
        self.link = Some(target);
        self
    }
}

struct TableRow {
    anchor: Option<Target>,
    cells: Vec<Vec<Run>>,
}

/// A word or space of a run, measured.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    bold: bool,
    color: Color,
    link: Option<Target>,
    width: f32,
}

enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Color,
        text: String,
    },
    Figure {
        x: f32,
        y: f32,
        scale: f32,
        figure: Figure,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Color,
    },
    Rule {
        x0: f32,
        x1: f32,
        y: f32,
        color: Color,
    },
}

#[derive(Default)]
struct Page {
    ops: Vec<Op>,
    /// Link areas as (x0, top, x1, bottom) in layout coordinates.
    links: Vec<([f32; 4], Target)>,
}

/// The flow: a cursor going down pages. Layout coordinates have y growing
/// downwards from the page's top edge.
struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Page>,
    y: f32,
    anchors: HashMap<Target, (usize, f32)>,
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f Fonts) -> Layout<'f> {
        Layout {
            fonts,
            pages: vec![Page::default()],
            y: MARGIN,
            anchors: HashMap::new(),
        }
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN;
    }

    /// Starts a new page unless `height` more fits on this one.
    fn keep(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > MARGIN {
            self.new_page();
        }
    }

    fn gap(&mut self, h: f32) {
        self.y += h;
    }

    fn anchor(&mut self, target: Target) {
        let at = (self.pages.len() - 1, self.y);
        self.anchors.insert(target, at);
    }

    fn heading(&mut self, title: &str) {
        self.gap(14.0);
        self.keep(70.0);
        self.text_block(&[Run::bold(title)], 14.0, 0.0);
        let y = self.y + 1.0;
        self.page().ops.push(Op::Rule {
            x0: MARGIN,
            x1: PAGE_W - MARGIN,
            y,
            color: INK,
        });
        self.gap(7.0);
    }

    /// Wrapped text across the content width, indented.
    fn text_block(&mut self, runs: &[Run], size: f32, indent: f32) {
        let lines = self.wrap(runs, size, CONTENT_W - indent);
        let leading = size * 1.35;
        for line in lines {
            self.keep(leading);
            let baseline = self.y + size;
            self.place_line(&line, MARGIN + indent, baseline, size);
            self.y += leading;
        }
    }

    /// Breaks runs into lines no wider than `width`.
    fn wrap(&self, runs: &[Run], size: f32, width: f32) -> Vec<Vec<Piece>> {
        let mut lines: Vec<Vec<Piece>> = vec![Vec::new()];
        let mut used = 0.0;
        for run in runs {
            let font = self.fonts.get(run.bold);
            for word in split_keeping_spaces(&run.text) {
                let piece = |text: &str| Piece {
                    text: text.to_string(),
                    bold: run.bold,
                    color: run.color,
                    link: run.link.clone(),
                    width: font.width(text, size),
                };
                let is_space = word.chars().all(char::is_whitespace);
                let line_empty = lines.last().is_none_or(|l| l.is_empty());
                if is_space && line_empty {
                    continue;
                }
                let p = piece(word);
                if used + p.width <= width || is_space {
                    used += p.width;
                    lines.last_mut().expect("a line").push(p);
                    continue;
                }
                // The word starts a new line; a word wider than a line is cut.
                trim_trailing_space(lines.last_mut().expect("a line"));
                if !line_empty {
                    lines.push(Vec::new());
                }
                let mut chunk = String::new();
                for c in word.chars() {
                    let w = font.width(&chunk, size) + font.width(c.encode_utf8(&mut [0; 4]), size);
                    if w > width && !chunk.is_empty() {
                        lines.last_mut().expect("a line").push(piece(&chunk));
                        lines.push(Vec::new());
                        chunk.clear();
                    }
                    chunk.push(c);
                }
                let p = piece(&chunk);
                used = p.width;
                lines.last_mut().expect("a line").push(p);
            }
        }
        for line in &mut lines {
            trim_trailing_space(line);
        }
        lines.retain(|l| !l.is_empty());
        lines
    }

    fn place_line(&mut self, line: &[Piece], x: f32, baseline: f32, size: f32) {
        let mut x = x;
        let page = self.pages.len() - 1;
        let line_start = self.pages[page].ops.len();
        for p in line {
            self.fonts.get(p.bold).note_used(&p.text);
            let ops = &mut self.pages[page].ops;
            let same_line = ops.len() > line_start;
            // Consecutive pieces of the same look on this line share one text operation.
            match ops.last_mut().filter(|_| same_line) {
                Some(Op::Text {
                    y,
                    size: s,
                    bold,
                    color,
                    text,
                    ..
                }) if *y == baseline
                    && *s == size
                    && *bold == p.bold
                    && *color == p.color
                    && p.link.is_none() =>
                {
                    text.push_str(&p.text);
                }
                _ => ops.push(Op::Text {
                    x,
                    y: baseline,
                    size,
                    bold: p.bold,
                    color: p.color,
                    text: p.text.clone(),
                }),
            }
            if let Some(target) = &p.link {
                self.pages[page].links.push((
                    [x, baseline - size, x + p.width, baseline + size * 0.25],
                    target.clone(),
                ));
            }
            x += p.width;
        }
    }

    fn figure(&mut self, figure: &Figure) {
        let scale = (CONTENT_W / figure.width).min(1.0);
        let height = figure.height * scale;
        self.keep(height + 8.0);
        let (x, y) = (MARGIN, self.y);
        for mark in &figure.marks {
            if let Mark::Text { text, bold, .. } = mark {
                self.fonts.get(*bold).note_used(text);
            }
        }
        self.page().ops.push(Op::Figure {
            x,
            y,
            scale,
            figure: figure.clone(),
        });
        self.y += height + 8.0;
    }

    fn table(&mut self, columns: &[(&str, f32)], rows: Vec<TableRow>) {
        const PAD: f32 = 3.0;
        let widths: Vec<f32> = columns.iter().map(|c| c.1 * CONTENT_W).collect();
        let leading = SMALL * 1.3;
        let header: Vec<Vec<Run>> = columns.iter().map(|c| vec![Run::bold(c.0)]).collect();
        let draw_row = |d: &mut Layout<'_>, cells: &[Vec<Run>], fill: Option<Color>| {
            let wrapped: Vec<Vec<Vec<Piece>>> = cells
                .iter()
                .zip(&widths)
                .map(|(runs, w)| d.wrap(runs, SMALL, w - 2.0 * PAD))
                .collect();
            let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let height = lines as f32 * leading + 2.0 * PAD;
            (wrapped, height, fill)
        };
        let header_row = draw_row(self, &header, Some(HEADER_FILL));
        let mut need_header = true;
        for row in rows {
            let (wrapped, height, _) = draw_row(self, &row.cells, None);
            if self.y + height > BOTTOM {
                self.new_page();
                need_header = true;
            }
            if need_header {
                let (cells, h, fill) = (&header_row.0, header_row.1, header_row.2);
                self.table_row(cells, h, &widths, fill, leading, PAD);
                need_header = false;
            }
            if let Some(target) = row.anchor {
                self.anchor(target);
            }
            self.table_row(&wrapped, height, &widths, None, leading, PAD);
        }
        self.gap(6.0);
    }

    fn table_row(
        &mut self,
        cells: &[Vec<Vec<Piece>>],
        height: f32,
        widths: &[f32],
        fill: Option<Color>,
        leading: f32,
        pad: f32,
    ) {
        let top = self.y;
        if let Some(color) = fill {
            self.page().ops.push(Op::Fill {
                x: MARGIN,
                y: top,
                w: CONTENT_W,
                h: height,
                color,
            });
        }
        let mut x = MARGIN;
        for (lines, w) in cells.iter().zip(widths) {
            for (i, line) in lines.iter().enumerate() {
                let baseline = top + pad + SMALL + i as f32 * leading;
                self.place_line(line, x + pad, baseline, SMALL);
            }
            x += w;
        }
        self.y = top + height;
        let y = self.y;
        self.page().ops.push(Op::Rule {
            x0: MARGIN,
            x1: PAGE_W - MARGIN,
            y,
            color: RULE,
        });
    }

    // ------------------------------------------------------------ writing

    fn write_pdf(mut self, title: &str) -> Result<Vec<u8>, ApiError> {
        // Page footers, now that the page count is known.
        let total = self.pages.len();
        let footer_title = truncate(title, 80);
        for (i, page) in self.pages.iter_mut().enumerate() {
            let text = format!("{footer_title} · page {} of {total}", i + 1);
            self.fonts.regular.note_used(&text);
            page.ops.push(Op::Text {
                x: MARGIN,
                y: PAGE_H - MARGIN + 12.0,
                size: 7.5,
                bold: false,
                color: MUTED,
                text,
            });
        }

        let mut alloc = Ref::new(1);
        let mut next = || alloc.bump();
        let catalog_id = next();
        let tree_id = next();
        let info_id = next();
        let page_ids: Vec<Ref> = (0..total).map(|_| next()).collect();
        let content_ids: Vec<Ref> = (0..total).map(|_| next()).collect();

        let mut pdf = Pdf::new();
        let regular = embed_font(
            &mut pdf,
            &mut next,
            &self.fonts.regular,
            b"DSREGU+DejaVuSans",
        )?;
        let bold = embed_font(
            &mut pdf,
            &mut next,
            &self.fonts.bold,
            b"DSBOLD+DejaVuSans-Bold",
        )?;

        pdf.catalog(catalog_id).pages(tree_id);
        pdf.pages(tree_id)
            .kids(page_ids.iter().copied())
            .count(total as i32);
        pdf.document_info(info_id)
            .title(TextStr(title))
            .creator(TextStr("Dossier"))
            .producer(TextStr("Dossier"));

        for (i, page) in self.pages.iter().enumerate() {
            let mut content = Content::new();
            for op in &page.ops {
                draw_op(&mut content, op, self.fonts, &regular, &bold);
            }
            let stream = miniz_oxide::deflate::compress_to_vec_zlib(&content.finish(), 6);
            pdf.stream(content_ids[i], &stream)
                .filter(Filter::FlateDecode);

            let mut annotation_ids = Vec::new();
            for (rect, target) in &page.links {
                let dest = match target {
                    Target::Uri(_) => None,
                    other => match self.anchors.get(other) {
                        Some(&(p, y)) => Some((page_ids[p], PAGE_H - y + 4.0)),
                        None => continue,
                    },
                };
                let id = next();
                annotation_ids.push(id);
                let mut annotation = pdf.annotation(id);
                annotation
                    .subtype(AnnotationType::Link)
                    .rect(Rect::new(
                        rect[0],
                        PAGE_H - rect[3],
                        rect[2],
                        PAGE_H - rect[1],
                    ))
                    .border(0.0, 0.0, 0.0, None);
                let mut action = annotation.action();
                match (target, dest) {
                    (Target::Uri(uri), _) => {
                        action.action_type(ActionType::Uri).uri(Str(uri.as_bytes()));
                    }
                    (_, Some((page_ref, top))) => {
                        action
                            .action_type(ActionType::GoTo)
                            .destination()
                            .page(page_ref)
                            .xyz(MARGIN, top, None);
                    }
                    _ => {}
                }
            }

            let mut p = pdf.page(page_ids[i]);
            p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
                .parent(tree_id)
                .contents(content_ids[i]);
            if !annotation_ids.is_empty() {
                p.annotations(annotation_ids);
            }
            let mut resources = p.resources();
            let mut fonts = resources.fonts();
            fonts.pair(Name(b"F1"), regular.font_ref);
            fonts.pair(Name(b"F2"), bold.font_ref);
        }
        Ok(pdf.finish())
    }
}

fn split_keeping_spaces(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, c) in s.char_indices() {
        let space = c == ' ';
        if in_space.is_some_and(|was| was != space) {
            out.push(&s[start..i]);
            start = i;
        }
        in_space = Some(space);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

fn trim_trailing_space(line: &mut Vec<Piece>) {
    while line.last().is_some_and(|p| p.text.trim().is_empty()) {
        line.pop();
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max - 1).collect::<String>() + "…"
    }
}

// ----------------------------------------------------------------- drawing

/// An embedded font subset: the glyph numbering its text must use.
struct Embedded {
    font_ref: Ref,
    remap: subsetter::GlyphRemapper,
}

impl Embedded {
    fn encode(&self, font: &FontData, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let gid = self.remap.get(font.glyph(c)).unwrap_or(0);
            out.extend_from_slice(&gid.to_be_bytes());
        }
        out
    }
}

fn embed_font(
    pdf: &mut Pdf,
    next: &mut impl FnMut() -> Ref,
    font: &FontData,
    name: &[u8],
) -> Result<Embedded, ApiError> {
    let used = font.used.borrow();
    let mut remap = subsetter::GlyphRemapper::new();
    remap.remap(0);
    for &gid in used.keys() {
        remap.remap(gid);
    }
    let subset = subsetter::subset(font.bytes, 0, &remap)
        .map_err(|e| ApiError::new("storage", format!("could not subset the report font: {e}")))?;
    let (type0, cid, descriptor, file, cmap) = (next(), next(), next(), next(), next());
    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(type0)
        .base_font(Name(name))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);

    let upem = font.face.units_per_em() as f32;
    let scale = |v: i16| v as f32 * 1000.0 / upem;
    let mut widths = vec![0.0; remap.num_gids() as usize];
    for old in remap.remapped_gids() {
        if let Some(new) = remap.get(old) {
            widths[new as usize] = font.advance(old) * 1000.0;
        }
    }
    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(Name(name))
        .system_info(system)
        .font_descriptor(descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid_font.widths().consecutive(0, widths);
    cid_font.finish();

    let b = font.face.global_bounding_box();
    pdf.font_descriptor(descriptor)
        .name(Name(name))
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(
            scale(b.x_min),
            scale(b.y_min),
            scale(b.x_max),
            scale(b.y_max),
        ))
        .italic_angle(0.0)
        .ascent(scale(font.face.ascender()))
        .descent(scale(font.face.descender()))
        .cap_height(scale(
            font.face.capital_height().unwrap_or(font.face.ascender()),
        ))
        .stem_v(80.0)
        .font_file2(file);
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&subset, 6);
    pdf.stream(file, &compressed).filter(Filter::FlateDecode);

    let mut unicode = pdf_writer::types::UnicodeCmap::new(Name(b"Dossier-UCS"), system);
    for (&old, &c) in used.iter() {
        if let Some(new) = remap.get(old) {
            unicode.pair(new, c);
        }
    }
    pdf.cmap(cmap, &unicode.finish());
    Ok(Embedded {
        font_ref: type0,
        remap,
    })
}

fn rgb(c: Color) -> (f32, f32, f32) {
    (c.0 as f32 / 255.0, c.1 as f32 / 255.0, c.2 as f32 / 255.0)
}

fn draw_op(content: &mut Content, op: &Op, fonts: &Fonts, regular: &Embedded, bold: &Embedded) {
    match op {
        Op::Text {
            x,
            y,
            size,
            bold: is_bold,
            color,
            text,
        } => {
            let (font, embedded, name) = if *is_bold {
                (&fonts.bold, bold, Name(b"F2"))
            } else {
                (&fonts.regular, regular, Name(b"F1"))
            };
            let (r, g, b) = rgb(*color);
            content.set_fill_rgb(r, g, b);
            content.begin_text();
            content.set_font(name, *size);
            content.set_text_matrix([1.0, 0.0, 0.0, 1.0, *x, PAGE_H - y]);
            content.show(Str(&embedded.encode(font, text)));
            content.end_text();
        }
        Op::Fill { x, y, w, h, color } => {
            let (r, g, b) = rgb(*color);
            content.set_fill_rgb(r, g, b);
            content.rect(*x, PAGE_H - y - h, *w, *h);
            content.fill_nonzero();
        }
        Op::Rule { x0, x1, y, color } => {
            let (r, g, b) = rgb(*color);
            content.set_stroke_rgb(r, g, b);
            content.set_line_width(0.6);
            content.move_to(*x0, PAGE_H - y);
            content.line_to(*x1, PAGE_H - y);
            content.stroke();
        }
        Op::Figure {
            x,
            y,
            scale,
            figure,
        } => draw_figure(content, *x, *y, *scale, figure, fonts, regular, bold),
    }
}

/// Draws a figure in its own y-down coordinates, scaled and clipped to its box.
#[allow(clippy::too_many_arguments)]
fn draw_figure(
    content: &mut Content,
    x: f32,
    y: f32,
    scale: f32,
    figure: &Figure,
    fonts: &Fonts,
    regular: &Embedded,
    bold: &Embedded,
) {
    content.save_state();
    content.transform([scale, 0.0, 0.0, -scale, x, PAGE_H - y]);
    content.rect(0.0, 0.0, figure.width, figure.height);
    content.clip_nonzero();
    content.end_path();
    for mark in &figure.marks {
        match mark {
            Mark::Path {
                points,
                closed,
                fill,
                stroke,
                width,
            } => {
                let Some(first) = points.first() else {
                    continue;
                };
                content.move_to(first.0, first.1);
                for p in &points[1..] {
                    content.line_to(p.0, p.1);
                }
                if *closed {
                    content.close_path();
                }
                paint(content, *fill, *stroke, *width);
            }
            Mark::Circle {
                x,
                y,
                r,
                fill,
                stroke,
            } => {
                circle(content, *x, *y, *r);
                paint(content, Some(*fill), *stroke, 1.0);
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
                let (font, embedded, name) = if *is_bold {
                    (&fonts.bold, bold, Name(b"F2"))
                } else {
                    (&fonts.regular, regular, Name(b"F1"))
                };
                let width = font.width(text, *size);
                let x = match anchor {
                    Anchor::Start => *x,
                    Anchor::Middle => x - width / 2.0,
                    Anchor::End => x - width,
                };
                let (r, g, b) = rgb(*color);
                content.set_fill_rgb(r, g, b);
                content.begin_text();
                content.set_font(name, *size);
                // The figure's y axis points down; flip the glyphs back upright.
                content.set_text_matrix([1.0, 0.0, 0.0, -1.0, x, *y]);
                content.show(Str(&embedded.encode(font, text)));
                content.end_text();
            }
        }
    }
    content.restore_state();
}

fn paint(content: &mut Content, fill: Option<Color>, stroke: Option<Color>, width: f32) {
    if let Some(c) = fill {
        let (r, g, b) = rgb(c);
        content.set_fill_rgb(r, g, b);
    }
    if let Some(c) = stroke {
        let (r, g, b) = rgb(c);
        content.set_stroke_rgb(r, g, b);
        content.set_line_width(width);
    }
    match (fill.is_some(), stroke.is_some()) {
        (true, true) => content.fill_nonzero_and_stroke(),
        (true, false) => content.fill_nonzero(),
        (false, true) => content.stroke(),
        (false, false) => content.end_path(),
    };
}

/// A circle from four Bézier quarter arcs.
fn circle(content: &mut Content, cx: f32, cy: f32, r: f32) {
    let k = 0.552_284_8 * r;
    content.move_to(cx + r, cy);
    content.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    content.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    content.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    content.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    content.close_path();
}
