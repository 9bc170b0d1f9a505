//! The hostile fixtures (`tests/fixtures/*/hostile-*`) as the readers see them:
//! active content (scripts, handlers, frames, remote resources, refreshes,
//! `javascript:` links) never reaches an article's text or fields, while markup
//! an article writes as text stays, character for character, for the UI to
//! show as text. `tests/gui/security.test.mjs` checks the same files in the
//! real webview; this is the first wall, checked on every `cargo test`.

use std::path::PathBuf;

use dossier_readers::{read_file, Document, Limits};

fn read(rel: &str) -> Document {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut items = read_file(rel, bytes, &Limits::default());
    assert_eq!(items.len(), 1, "{rel}: one item");
    let item = items.remove(0);
    let mut docs = item
        .result
        .unwrap_or_else(|e| panic!("{rel}: refused: {e:?}"));
    assert_eq!(docs.len(), 1, "{rel}: one article");
    docs.remove(0)
}

/// Every field the app shows, with its name.
fn fields(doc: &Document) -> Vec<(&'static str, String)> {
    let mut out = vec![("text", doc.text.clone())];
    out.extend(doc.title.clone().map(|v| ("title", v)));
    out.extend(doc.outlet.clone().map(|v| ("outlet", v)));
    out.extend(doc.url.clone().map(|v| ("url", v)));
    out.extend(doc.authors.iter().map(|a| ("author", a.clone())));
    out
}

/// What only active content in these fixtures holds: script bodies set
/// `__pwned` and `PWNED`, and every remote URL is `__BEACON__`.
const ACTIVE: &[&str] = &[
    "__pwned",
    "PWNED",
    "__BEACON__",
    "javascript:",
    "onerror",
    "onload",
    "<script",
    "<iframe",
];

#[test]
fn pages_and_newsletters_keep_their_words_and_drop_their_active_content() {
    for (rel, words) in [
        (
            "html/hostile-active.html",
            &[
                "Iraqi police stopped a convoy of armed men at a checkpoint north of Hillah",
                "Read the full statement or the earlier report on the convoy and its route.",
                "The police chief of Babylon province said the investigation would continue",
            ][..],
        ),
        (
            "eml/hostile-newsletter.eml",
            &[
                "Iraqi police stopped a convoy of armed men near Hillah",
                "In other news, the council in Basra approved its budget.",
            ][..],
        ),
    ] {
        let doc = read(rel);
        for w in words {
            assert!(
                doc.text.contains(w),
                "{rel}: the text keeps {w:?}:\n{}",
                doc.text
            );
        }
        // The newsletter's escaped paragraph is text by the sender's choice;
        // everything else that looks active came from live markup.
        let text = doc.text.replace(
            "<script>window.__pwned='eml escaped'</script>",
            "[escaped markup]",
        );
        let doc = Document { text, ..doc };
        for (field, value) in fields(&doc) {
            for a in ACTIVE {
                // The e-mail's From and Subject headers are plain text that happens to look like markup.
                if rel.ends_with(".eml") && field != "text" {
                    continue;
                }
                assert!(!value.contains(a), "{rel}: {field} holds {a:?}: {value}");
            }
        }
        assert_eq!(
            doc.url, None,
            "{rel}: no javascript: or beacon URL becomes the article's URL"
        );
    }
}

#[test]
fn markup_written_as_text_stays_text() {
    let doc = read("html/hostile-markup-as-text.html");
    for literal in [
        r#"Kataib Hezbollah <img src="__BEACON__/in-text.png" onerror="window.__pwned='body img'; fetch('__BEACON__/in-text-onerror')"> was named"#,
        "<script>window.__pwned='body script'; document.title='PWNED'; fetch('__BEACON__/in-text-script')</script>",
        r#"<a href="javascript:window.__pwned='body link'">here</a>"#,
    ] {
        assert!(doc.text.contains(literal), "kept as text: {literal}\n{}", doc.text);
    }
    assert_eq!(
        doc.title.as_deref(),
        Some(r#"<img src=x onerror="window.__pwned='og title'">Council approves budget"#)
    );
    assert_eq!(doc.url, None, "og:url javascript: is not the article's URL");

    let txt = read("txt/hostile-markup.txt");
    assert!(
        txt.text
            .contains("read <script>window.__pwned='txt script'"),
        "{}",
        txt.text
    );
}

#[test]
fn markdown_drops_raw_html_and_a_javascript_url() {
    let doc = read("md/hostile-markup.md");
    assert!(doc.text.contains("Officials in Erbil said on Monday that a drone was shot down near the airport before dawn."), "{}", doc.text);
    assert!(
        doc.text
            .contains("Written as code: <img src=x onerror=alert(1)> stays text."),
        "{}",
        doc.text
    );
    for tag in [
        "<img src=\"__BEACON__",
        "<iframe",
        "<script>",
        "](javascript:",
    ] {
        assert!(
            !doc.text.contains(tag),
            "raw {tag} left in the text:\n{}",
            doc.text
        );
    }
    assert_eq!(
        doc.url, None,
        "front matter's javascript: url is not the article's URL"
    );
}
