//! A small mutable arena tree built from the html5ever parse.
//!
//! The extraction algorithm removes, moves and scores nodes a great deal; an
//! arena of plain structs with integer ids makes that cheap and keeps all
//! traversals iterative. Nesting is capped at [`MAX_DEPTH`] when the arena is
//! built (deeper elements are dropped, their text kept) so that no hostile page
//! makes walks up the tree slow.
//!
//! Removing a node only clears its `parent`: a parent's `children` list may
//! still name it, and every reader of children skips such stale entries. That
//! keeps removal O(1) on pages with many thousands of siblings.

use scraper::{Html, Node as ParsedNode};

/// Deepest nesting kept; real pages stay far below it.
pub const MAX_DEPTH: usize = 200;

pub type NodeId = usize;

#[derive(Debug, Clone)]
pub enum Data {
    Element {
        tag: String,
        attrs: Vec<(String, String)>,
    },
    Text(String),
}

#[derive(Debug, Clone)]
pub struct Node {
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    pub data: Data,
}

/// The parsed page. Node 0 is a synthetic root above `<html>`.
#[derive(Debug, Clone)]
pub struct Dom {
    pub nodes: Vec<Node>,
}

pub const ROOT: NodeId = 0;

impl Dom {
    /// Parses a whole document (html5ever recovers from any malformed input).
    pub fn parse(html: &str) -> Dom {
        Dom::from_parsed(&Html::parse_document(html))
    }

    fn from_parsed(parsed: &Html) -> Dom {
        let mut dom = Dom {
            nodes: vec![Node {
                parent: None,
                children: Vec::new(),
                data: Data::Element {
                    tag: "#root".into(),
                    attrs: Vec::new(),
                },
            }],
        };
        // (parsed node, arena parent, depth)
        let mut stack = vec![];
        for child in parsed.tree.root().children().rev() {
            stack.push((child, ROOT, 1usize));
        }
        while let Some((node, parent, depth)) = stack.pop() {
            let data = match node.value() {
                ParsedNode::Element(el) => Data::Element {
                    tag: el.name().to_ascii_lowercase(),
                    attrs: el
                        .attrs()
                        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
                        .collect(),
                },
                ParsedNode::Text(t) => Data::Text(t.text.to_string()),
                _ => continue,
            };
            let is_element = matches!(data, Data::Element { .. });
            // Past the cap, elements are dropped and only their text is kept.
            let id = if is_element && depth > MAX_DEPTH {
                parent
            } else {
                dom.push(parent, data)
            };
            if is_element {
                for child in node.children().rev() {
                    stack.push((child, id, depth + 1));
                }
            }
        }
        dom
    }

    fn push(&mut self, parent: NodeId, data: Data) -> NodeId {
        let id = self.nodes.len();
        self.nodes.push(Node {
            parent: Some(parent),
            children: Vec::new(),
            data,
        });
        self.nodes[parent].children.push(id);
        id
    }

    pub fn tag(&self, id: NodeId) -> &str {
        match &self.nodes[id].data {
            Data::Element { tag, .. } => tag,
            Data::Text(_) => "",
        }
    }

    pub fn is_element(&self, id: NodeId) -> bool {
        matches!(self.nodes[id].data, Data::Element { .. })
    }

    pub fn text_of(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id].data {
            Data::Text(t) => Some(t),
            Data::Element { .. } => None,
        }
    }

    pub fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        match &self.nodes[id].data {
            Data::Element { attrs, .. } => attrs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str()),
            Data::Text(_) => None,
        }
    }

    pub fn set_tag(&mut self, id: NodeId, new_tag: &str) {
        if let Data::Element { tag, .. } = &mut self.nodes[id].data {
            *tag = new_tag.to_string();
        }
    }

    /// `class` and `id` together, lower-cased: what the class-name hints look at.
    pub fn class_and_id(&self, id: NodeId) -> String {
        let mut s = self.attr(id, "class").unwrap_or("").to_ascii_lowercase();
        s.push(' ');
        s.push_str(&self.attr(id, "id").unwrap_or("").to_ascii_lowercase());
        s
    }

    /// The current children of `id`, in order.
    pub fn children(&self, id: NodeId) -> Vec<NodeId> {
        self.nodes[id]
            .children
            .iter()
            .copied()
            .filter(|&c| self.nodes[c].parent == Some(id))
            .collect()
    }

    pub fn element_children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes[id]
            .children
            .iter()
            .copied()
            .filter(move |&c| self.nodes[c].parent == Some(id) && self.is_element(c))
    }

    /// Replaces the children list of `id` (the new children must not be attached elsewhere).
    pub fn set_children(&mut self, id: NodeId, children: Vec<NodeId>) {
        for &c in &children {
            self.nodes[c].parent = Some(id);
        }
        self.nodes[id].children = children;
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.nodes[id].parent
    }

    /// Every node below `id` (not `id` itself), in document order.
    pub fn descendants(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack: Vec<NodeId> = self.children(id).into_iter().rev().collect();
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(
                self.nodes[n]
                    .children
                    .iter()
                    .rev()
                    .filter(|&&c| self.nodes[c].parent == Some(n)),
            );
        }
        out
    }

    /// Element descendants with one of `tags`, in document order.
    pub fn find_all(&self, id: NodeId, tags: &[&str]) -> Vec<NodeId> {
        self.descendants(id)
            .into_iter()
            .filter(|&n| tags.contains(&self.tag(n)))
            .collect()
    }

    /// First element in the whole page with this tag.
    pub fn first(&self, tag: &str) -> Option<NodeId> {
        self.descendants(ROOT)
            .into_iter()
            .find(|&n| self.tag(n) == tag)
    }

    /// Detaches `id` from its parent; the node stays in the arena, unreachable.
    pub fn remove(&mut self, id: NodeId) {
        self.nodes[id].parent = None;
    }

    /// Whether `id` is still reachable from the root.
    pub fn is_attached(&self, id: NodeId) -> bool {
        self.is_under(id, ROOT)
    }

    /// Whether `id` is `top` or still reachable from it.
    pub fn is_under(&self, mut id: NodeId, top: NodeId) -> bool {
        while id != top {
            match self.nodes[id].parent {
                Some(p) => id = p,
                None => return false,
            }
        }
        true
    }

    /// Moves `id` to the end of `new_parent`'s children.
    pub fn append(&mut self, new_parent: NodeId, id: NodeId) {
        self.nodes[id].parent = Some(new_parent);
        if !self.nodes[new_parent].children.contains(&id) {
            self.nodes[new_parent].children.push(id);
        }
    }

    /// A new element, not yet attached.
    pub fn create(&mut self, tag: &str) -> NodeId {
        self.nodes.push(Node {
            parent: None,
            children: Vec::new(),
            data: Data::Element {
                tag: tag.into(),
                attrs: Vec::new(),
            },
        });
        self.nodes.len() - 1
    }

    /// The raw concatenated text below `id` (scripts and styles included; callers strip those first).
    pub fn text_content(&self, id: NodeId) -> String {
        if let Some(t) = self.text_of(id) {
            return t.to_string();
        }
        let mut out = String::new();
        for n in self.descendants(id) {
            if let Some(t) = self.text_of(n) {
                out.push_str(t);
            }
        }
        out
    }

    /// The text below `id` with whitespace collapsed.
    pub fn inner_text(&self, id: NodeId) -> String {
        crate::text::collapse_spaces(&self.text_content(id))
    }

    /// Ancestors of `id`, nearest first, up to `max` of them (0 = all).
    pub fn ancestors(&self, id: NodeId, max: usize) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut cur = self.nodes[id].parent;
        while let Some(p) = cur {
            if p == ROOT || (max > 0 && out.len() >= max) {
                break;
            }
            out.push(p);
            cur = self.nodes[p].parent;
        }
        out
    }
}
