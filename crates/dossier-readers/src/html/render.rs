//! Turning a DOM subtree into plain text: one paragraph per block element,
//! separated by blank lines, whitespace collapsed, with headings, quotations,
//! list items and captions marked as regions of the text.

use dossier_core::{Region, RegionKind, Span};

use super::dom::{Data, Dom, NodeId};

/// Elements whose content is never text a reader sees.
pub const NEVER_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object",
    "embed", "svg", "canvas", "video", "audio", "select", "option", "textarea", "input", "button",
    "map", "base", "param", "source", "track", "frame", "frameset", "applet",
];

/// Elements that start and end a paragraph.
pub const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Plain text with marked regions.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub text: String,
    pub regions: Vec<Region>,
}

/// Whether an element is hidden from readers by markup (display:none, `hidden`, aria-hidden).
pub fn is_hidden(dom: &Dom, id: NodeId) -> bool {
    if dom.attr(id, "hidden").is_some() {
        return true;
    }
    if dom.attr(id, "aria-hidden") == Some("true")
        && !dom.class_and_id(id).contains("fallback-image")
    {
        return true;
    }
    match dom.attr(id, "style") {
        Some(style) => {
            let style: String = style
                .to_ascii_lowercase()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            style.contains("display:none") || style.contains("visibility:hidden")
        }
        None => false,
    }
}

/// Longest text of an element taken as a caption on the strength of its class name alone.
const MAX_CAPTION_CHARS: usize = 500;

fn region_kind(dom: &Dom, id: NodeId, tag: &str) -> Option<RegionKind> {
    if !matches!(
        tag,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "li" | "figcaption"
    ) && is_caption_by_class(dom, id)
    {
        return Some(RegionKind::Caption);
    }
    Some(match tag {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => RegionKind::Heading,
        "blockquote" => RegionKind::Quote,
        "li" => RegionKind::ListItem,
        "figcaption" => RegionKind::Caption,
        _ => return None,
    })
}

/// `class="caption"`, `wp-caption-text`, `image-credit`...: captions outside `<figcaption>`.
fn is_caption_by_class(dom: &Dom, id: NodeId) -> bool {
    let names = dom.class_and_id(id);
    let captiony = names
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .any(|w| {
            matches!(
                w,
                "caption" | "figcaption" | "credit" | "credits" | "photocredit"
            )
        });
    captiony && dom.inner_text(id).chars().count() <= MAX_CAPTION_CHARS
}

enum Step {
    Enter(NodeId),
    Exit {
        id: NodeId,
        region_start: Option<(usize, RegionKind)>,
    },
}

struct Writer {
    out: String,
    para: String,
    pending_space: bool,
    regions: Vec<Region>,
}

impl Writer {
    fn push_text(&mut self, text: &str, preformatted: bool) {
        for c in text.chars() {
            if preformatted && c == '\n' {
                if !self.para.is_empty() && !self.para.ends_with('\n') {
                    self.para.push('\n');
                }
                self.pending_space = false;
            } else if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
                self.pending_space = true;
            } else {
                if self.pending_space && !self.para.is_empty() && !self.para.ends_with('\n') {
                    self.para.push(' ');
                }
                self.pending_space = false;
                self.para.push(c);
            }
        }
    }

    /// Ends the current paragraph, writing it out when it has any text.
    fn flush(&mut self) {
        let para = self.para.trim();
        if !para.is_empty() {
            if !self.out.is_empty() {
                self.out.push_str("\n\n");
            }
            self.out.push_str(para);
        }
        self.para.clear();
        self.pending_space = false;
    }
}

/// Renders the subtree at `root` to text.
pub fn render(dom: &Dom, root: NodeId) -> Rendered {
    let mut w = Writer {
        out: String::new(),
        para: String::new(),
        pending_space: false,
        regions: Vec::new(),
    };
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(id) => match &dom.nodes[id].data {
                Data::Text(t) => {
                    let pre = dom
                        .ancestors(id, 8)
                        .into_iter()
                        .any(|a| matches!(dom.tag(a), "pre" | "textarea"));
                    w.push_text(t, pre);
                }
                Data::Element { tag, .. } => {
                    if NEVER_TEXT.contains(&tag.as_str()) || is_hidden(dom, id) {
                        continue;
                    }
                    let block = BLOCKS.contains(&tag.as_str());
                    if block {
                        w.flush();
                    } else if matches!(tag.as_str(), "img" | "wbr") {
                        continue;
                    }
                    let region_start = region_kind(dom, id, tag).map(|k| (w.out.len(), k));
                    stack.push(Step::Exit { id, region_start });
                    for child in dom.children(id).into_iter().rev() {
                        stack.push(Step::Enter(child));
                    }
                }
            },
            Step::Exit { id, region_start } => {
                if BLOCKS.contains(&dom.tag(id)) {
                    w.flush();
                } else if matches!(dom.tag(id), "td" | "th") {
                    w.pending_space = true;
                }
                if let Some((start, kind)) = region_start {
                    let start = if w.out[start..].starts_with("\n\n") {
                        start + 2
                    } else {
                        start
                    };
                    if w.out.len() > start {
                        w.regions.push(Region {
                            span: Span::new(start, w.out.len()),
                            kind,
                        });
                    }
                }
            }
        }
    }
    w.flush();
    w.regions
        .sort_by_key(|r| (r.span.start, std::cmp::Reverse(r.span.end)));
    Rendered {
        text: w.out,
        regions: w.regions,
    }
}
