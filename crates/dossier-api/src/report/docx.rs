//! The report as a Word document (Office Open XML, written by hand: a zip of
//! a few XML parts). Headings use Word's built-in heading styles so that the
//! navigation pane and a table of contents work; citations are internal
//! hyperlinks to bookmarks on the source list.
//!
//! The drawn timeline and map are PNG images (Word takes no SVG without a
//! raster fallback), drawn at twice their size from the same marks.

use std::fmt::Write as _;
use std::io::Write as _;

use super::text::{self, escape_xml as esc};
use super::{Report, ReportEvent};
use crate::ApiError;

/// A run of text: plain, bold, or a link to a bookmark or a web address.
enum R {
    Text(String),
    Bold(String),
    Muted(String),
    Anchor(String, String),
    Web(String),
}

struct Doc {
    body: String,
    /// External hyperlink targets, numbered rIdN from 10 in order.
    urls: Vec<String>,
    bookmarks: usize,
    /// PNG images, numbered rIdImgN from 1 in order.
    images: Vec<Vec<u8>>,
}

impl Doc {
    fn para(&mut self, style: Option<&str>, runs: &[R]) {
        self.para_with_bookmark(style, None, runs);
    }

    fn para_with_bookmark(&mut self, style: Option<&str>, bookmark: Option<&str>, runs: &[R]) {
        self.body.push_str("<w:p>");
        if let Some(s) = style {
            let _ = write!(self.body, r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#);
        }
        if let Some(name) = bookmark {
            self.bookmarks += 1;
            let _ = write!(
                self.body,
                r#"<w:bookmarkStart w:id="{0}" w:name="{1}"/><w:bookmarkEnd w:id="{0}"/>"#,
                self.bookmarks, name
            );
        }
        let runs_xml = self.runs(runs);
        self.body.push_str(&runs_xml);
        self.body.push_str("</w:p>");
    }

    /// A figure as an inline picture across the text width, with its caption.
    fn figure(&mut self, figure: &super::Figure) {
        let Some(png) = super::raster::to_png(figure, 2.0) else {
            return;
        };
        self.images.push(png);
        let n = self.images.len();
        // The text width of an A4 page with 2 cm margins, in EMU (635 per twip).
        let cx: u64 = 9638 * 635;
        let cy = (cx as f32 * figure.height / figure.width) as u64;
        let _ = write!(
            self.body,
            r#"<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{n}" name="Figure {n}" descr="{caption}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="figure{n}.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdImg{n}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#,
            caption = esc(&figure.caption)
        );
        self.para(Some("Caption"), &[R::Muted(figure.caption.clone())]);
    }

    fn runs(&mut self, runs: &[R]) -> String {
        let mut x = String::new();
        for run in runs {
            match run {
                R::Text(t) => x.push_str(&run_xml(t, "")),
                R::Bold(t) => x.push_str(&run_xml(t, "<w:b/>")),
                R::Muted(t) => x.push_str(&run_xml(t, r#"<w:i/><w:color w:val="555555"/>"#)),
                R::Anchor(t, name) => {
                    let _ = write!(
                        x,
                        r#"<w:hyperlink w:anchor="{name}">{}</w:hyperlink>"#,
                        run_xml(t, r#"<w:rStyle w:val="Hyperlink"/>"#)
                    );
                }
                R::Web(url) if text::is_web_url(url) => {
                    self.urls.push(url.clone());
                    let _ = write!(
                        x,
                        r#"<w:hyperlink r:id="rId{}">{}</w:hyperlink>"#,
                        9 + self.urls.len(),
                        run_xml(url, r#"<w:rStyle w:val="Hyperlink"/>"#)
                    );
                }
                R::Web(url) => x.push_str(&run_xml(url, "")),
            }
        }
        x
    }

    fn table(&mut self, columns: &[(&str, u32)], rows: Vec<Vec<Vec<R>>>) {
        self.body.push_str(r#"<w:tbl><w:tblPr><w:tblStyle w:val="ReportTable"/><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid>"#);
        for (_, w) in columns {
            let _ = write!(self.body, r#"<w:gridCol w:w="{w}"/>"#);
        }
        self.body.push_str("</w:tblGrid>");
        let header: Vec<Vec<R>> = columns
            .iter()
            .map(|(t, _)| vec![R::Bold(t.to_string())])
            .collect();
        self.row(columns, &header, true);
        for row in rows {
            self.row(columns, &row, false);
        }
        self.body.push_str("</w:tbl><w:p/>");
    }

    fn row(&mut self, columns: &[(&str, u32)], cells: &[Vec<R>], header: bool) {
        self.body.push_str("<w:tr>");
        if header {
            self.body.push_str(r#"<w:trPr><w:tblHeader/></w:trPr>"#);
        }
        for ((_, w), cell) in columns.iter().zip(cells) {
            let runs = self.runs(cell);
            let _ = write!(
                self.body,
                r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>{runs}</w:p></w:tc>"#
            );
        }
        self.body.push_str("</w:tr>");
    }
}

fn run_xml(t: &str, props: &str) -> String {
    let rpr = if props.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{props}</w:rPr>")
    };
    format!(
        r#"<w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r>"#,
        esc(t)
    )
}

fn cites(sources: &[usize], r: &Report) -> Vec<R> {
    if sources.is_empty() {
        return Vec::new();
    }
    let mut out = vec![R::Text("[".into())];
    for (i, n) in sources.iter().enumerate() {
        if i > 0 {
            out.push(R::Text(", ".into()));
        }
        out.push(if r.sections.sources {
            R::Anchor(n.to_string(), format!("src_{n}"))
        } else {
            R::Text(n.to_string())
        });
    }
    out.push(R::Text("]".into()));
    out
}

pub fn render(r: &Report) -> Result<Vec<u8>, ApiError> {
    let mut d = Doc {
        body: String::new(),
        urls: Vec::new(),
        bookmarks: 0,
        images: Vec::new(),
    };
    d.para(Some("Title"), &[R::Text(r.title.clone())]);
    d.para(Some("Subtitle"), &[R::Text(r.scope.clone())]);
    d.para(
        None,
        &[R::Muted(format!("Generated {} by Dossier.", r.generated))],
    );
    let s = r.sections;
    if s.summary {
        d.para(Some("Heading1"), &[R::Text("Summary".into())]);
        for line in text::summary_lines(r) {
            d.para(None, &[R::Text(line)]);
        }
    }
    if s.timeline {
        timeline(&mut d, r);
    }
    if s.map {
        map(&mut d, r);
    }
    if s.entities {
        entities(&mut d, r);
    }
    if s.disagreements {
        disagreements(&mut d, r);
    }
    if s.sources {
        d.para(Some("Heading1"), &[R::Text("Sources".into())]);
        for (i, a) in r.sources.iter().enumerate() {
            let mut runs = vec![R::Text(format!("{}. {} ", i + 1, text::citation(a)))];
            if let Some(url) = &a.url {
                runs.push(R::Web(url.clone()));
            }
            d.para_with_bookmark(Some("Source"), Some(&format!("src_{}", i + 1)), &runs);
        }
    }
    package(r, &d).map_err(|e| ApiError::new("storage", format!("could not write the DOCX: {e}")))
}

fn timeline(d: &mut Doc, r: &Report) {
    d.para(Some("Heading1"), &[R::Text("Timeline".into())]);
    if r.events.is_empty() {
        d.para(None, &[R::Muted(text::NO_EVENTS.into())]);
        return;
    }
    if let Some(fig) = r.timeline_figure() {
        d.figure(&fig);
    }
    let rows = r.events.iter().map(|e| event_cells(e, r)).collect();
    d.table(
        &[
            ("#", 500),
            ("Date", 1200),
            ("Event", 3200),
            ("Place", 1200),
            ("Actors", 1500),
            ("Casualties", 1000),
            ("Sources", 900),
        ],
        rows,
    );
}

fn event_cells(e: &ReportEvent, r: &Report) -> Vec<Vec<R>> {
    let mut what = vec![R::Bold(text::kind(e))];
    if !e.row.summary.is_empty() {
        what.push(R::Text(format!(": {}", e.row.summary)));
    }
    if let Some(q) = &e.quote {
        what.push(R::Muted(format!(" “{}” ", q.sentence)));
        what.extend(cites(&[q.source], r));
    }
    vec![
        vec![R::Text(format!("E{}", e.number))],
        vec![R::Text(text::event_date(e))],
        what,
        vec![R::Text(text::place(e))],
        vec![R::Text(text::actors(e))],
        vec![R::Text(text::casualties(e))],
        cites(&e.sources, r),
    ]
}

fn map(d: &mut Doc, r: &Report) {
    map_and_places(d, r);
    if let Some(line) = text::unplaced_line(r) {
        d.para(None, &[R::Muted(line)]);
    }
}

fn map_and_places(d: &mut Doc, r: &Report) {
    d.para(Some("Heading1"), &[R::Text("Map".into())]);
    if r.places.is_empty() {
        d.para(None, &[R::Muted(text::NO_PLACES.into())]);
        return;
    }
    if let Some(fig) = r.map_figure() {
        d.figure(&fig);
    }
    let rows = r
        .places
        .iter()
        .map(|p| {
            vec![
                vec![R::Text(p.name.clone())],
                vec![R::Text(p.country.clone())],
                vec![R::Text(format!("{:.4}, {:.4}", p.lat, p.lon))],
                vec![R::Text(p.mention_count.to_string())],
                vec![R::Text(p.event_count.to_string())],
            ]
        })
        .collect();
    d.table(
        &[
            ("Place", 2600),
            ("Country", 1200),
            ("Latitude, longitude", 2600),
            ("Mentions", 1500),
            ("Events", 1500),
        ],
        rows,
    );
}

fn entities(d: &mut Doc, r: &Report) {
    d.para(Some("Heading1"), &[R::Text("Entities".into())]);
    if r.profiles.is_empty() {
        d.para(None, &[R::Muted(text::NO_ENTITIES.into())]);
        return;
    }
    d.para(None, &[R::Muted(text::profiles_intro(r))]);
    for p in &r.profiles {
        let heading = format!("{} ({})", p.entity.name, text::entity_kind(&p.entity.kind));
        d.para(Some("Heading2"), &[R::Text(heading)]);
        for fact in text::profile_facts(p) {
            d.para(None, &[R::Text(fact)]);
        }
        if !p.events.is_empty() {
            let refs: Vec<String> = p.events.iter().map(|n| format!("E{n}")).collect();
            d.para(None, &[R::Text(format!("Events: {}", refs.join(", ")))]);
        }
        if let Some(q) = &p.quote {
            let mut runs = vec![R::Muted(format!("“{}” ", q.sentence))];
            runs.extend(cites(&[q.source], r));
            d.para(None, &runs);
        }
    }
}

fn disagreements(d: &mut Doc, r: &Report) {
    let title = "Disagreements between sources";
    d.para(Some("Heading1"), &[R::Text(title.into())]);
    let disputed = text::disputed(r);
    if disputed.is_empty() {
        d.para(None, &[R::Muted(text::ALL_AGREE.into())]);
        return;
    }
    for e in disputed {
        let heading = format!("E{} · {}", e.number, text::event_heading(e));
        d.para(Some("Heading2"), &[R::Text(heading)]);
        for dis in &e.disagreements {
            let mut runs = vec![R::Text(format!("{}: ", text::field_label(&dis.field)))];
            for (i, (value, sources)) in dis.values.iter().enumerate() {
                if i > 0 {
                    runs.push(R::Text(" · ".into()));
                }
                runs.push(R::Bold(format!("{value} ")));
                runs.extend(cites(sources, r));
            }
            d.para(None, &runs);
        }
    }
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="21"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="80" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="60"/></w:pPr><w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="3D4650"/><w:sz w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:pBdr><w:bottom w:val="single" w:sz="8" w:space="2" w:color="222B33"/></w:pBdr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="30"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="60"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="17"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Source"><w:name w:val="Source"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="200"/></w:pPr><w:rPr><w:sz w:val="17"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="1F5F99"/><w:u w:val="single"/></w:rPr></w:style>
<w:style w:type="table" w:styleId="ReportTable"><w:name w:val="Report Table"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:color="C8CDD3"/><w:bottom w:val="single" w:sz="4" w:color="C8CDD3"/><w:insideH w:val="single" w:sz="4" w:color="E3E6EA"/></w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>"#;

fn package(r: &Report, d: &Doc) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>{}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"#,
        d.body
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    );
    for (i, url) in d.urls.iter().enumerate() {
        let _ = write!(
            rels,
            r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="{}" TargetMode="External"/>"#,
            10 + i,
            esc(url)
        );
    }
    for i in 1..=d.images.len() {
        let _ = write!(
            rels,
            r#"<Relationship Id="rIdImg{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/figure{i}.png"/>"#
        );
    }
    rels.push_str("</Relationships>");
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:description>{}</dc:description><dc:creator>Dossier</dc:creator></cp:coreProperties>"#,
        esc(&r.title),
        esc(&r.scope)
    );

    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", document.as_str()),
        ("word/styles.xml", STYLES),
        ("word/_rels/document.xml.rels", rels.as_str()),
        ("docProps/core.xml", core.as_str()),
    ] {
        zip.start_file(name, options)?;
        zip.write_all(body.as_bytes())?;
    }
    for (i, png) in d.images.iter().enumerate() {
        // PNG is compressed already.
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file(format!("word/media/figure{}.png", i + 1), stored)?;
        zip.write_all(png)?;
    }
    zip.finish()?;
    Ok(out.into_inner())
}
