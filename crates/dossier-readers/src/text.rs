//! Turning bytes of unknown encoding into text, and small text helpers shared by readers.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use crate::{ReadError, ReadErrorKind};

/// Decodes text in any common encoding: UTF-8 with or without BOM, UTF-16 with
/// BOM or (detected by its NUL pattern) without, else Windows-1252, which is a
/// superset of Latin-1 for printable text. Refuses bytes that are not text.
pub fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    let text = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        encoding
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned()
    } else if let Some(encoding) = utf16_without_bom(bytes) {
        encoding.decode_without_bom_handling(bytes).0.into_owned()
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_string()
    } else {
        WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    };
    if looks_binary(&text) {
        return Err(ReadError::new(
            ReadErrorKind::NotText,
            "the file holds binary data, not text",
        ));
    }
    Ok(normalize_newlines(&text))
}

/// Decodes with a declared charset label (from an HTTP-equiv meta tag or a MIME
/// header), falling back to [`decode`] when the label is unknown.
pub fn decode_with_label(bytes: &[u8], label: Option<&str>) -> Result<String, ReadError> {
    match label.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
        Some(enc) if enc != UTF_8 || std::str::from_utf8(bytes).is_ok() => {
            let (text, _, _) = enc.decode(bytes);
            Ok(normalize_newlines(&text))
        }
        _ => decode(bytes),
    }
}

/// UTF-16 without a BOM shows as a NUL in every other byte for Latin text.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nuls = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nuls = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_nuls * 10 > pairs * 7 && even_nuls * 10 < pairs {
        Some(UTF_16LE)
    } else if even_nuls * 10 > pairs * 7 && odd_nuls * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Text has few control characters; binary junk has many (NULs above all).
pub fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in text.chars().take(65_536) {
        total += 1;
        if c == '\0'
            || c == '\u{FFFD}'
            || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c'))
        {
            bad += 1;
        }
    }
    total > 0 && bad * 100 > total * 5
}

/// `\r\n` and lone `\r` become `\n`; form feeds become blank lines.
pub fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\x0c', "\n\n")
}

/// Collapses runs of whitespace inside a line of text to single spaces.
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The file name without directories and extension, as a last-resort title.
pub fn title_from_name(name: &str) -> String {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    collapse_spaces(&stem.replace(['_', '-'], " "))
}

/// Splits an author field into names: on `;`, `&` and ` and `, and on commas
/// when every part is a full name ("Jane Doe, John Roe"), but not in
/// "Doe, Jane", where the comma separates surname and given name.
pub fn split_authors(field: &str) -> Vec<String> {
    let mut names = Vec::new();
    for part in field.split([';', '&']).flat_map(|p| p.split(" and ")) {
        let part = collapse_spaces(part);
        if part.is_empty() {
            continue;
        }
        let pieces: Vec<String> = part
            .split(',')
            .map(collapse_spaces)
            .filter(|p| !p.is_empty())
            .collect();
        if pieces.len() > 1 && pieces.iter().all(|p| p.contains(' ')) {
            names.extend(pieces);
        } else {
            names.push(part);
        }
    }
    names
}

/// Decodes numeric character references and the handful of named entities
/// that plain text carried in Markdown or mail commonly holds (`&amp;`,
/// `&nbsp;`, `&mdash;`...). Unknown entities are left as written.
pub fn decode_basic_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest[1..]
            .find(';')
            .filter(|&end| end <= 10)
            .and_then(|end| entity_char(&rest[1..=end]).map(|c| (c, end + 2)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity_char(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "rsquo" => '\u{2019}',
        "nbsp" => ' ',
        "mdash" => '\u{2014}',
        "ndash" => '\u{2013}',
        "lsquo" => '\u{2018}',
        "ldquo" => '\u{201c}',
        "rdquo" => '\u{201d}',
        "hellip" => '\u{2026}',
        "copy" => '\u{a9}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_common_encoding() {
        let expected = "Café – naïve";
        assert_eq!(decode(expected.as_bytes()).unwrap(), expected);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(expected.as_bytes());
        assert_eq!(decode(&bom).unwrap(), expected);
        let le: Vec<u8> = expected
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&le).unwrap(), expected, "UTF-16LE without BOM");
        let mut be = vec![0xFE, 0xFF];
        be.extend(expected.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap(), expected, "UTF-16BE with BOM");
        let cp1252 = [
            b'C', b'a', b'f', 0xE9, b' ', 0x96, b' ', b'n', b'a', 0xEF, b'v', b'e',
        ];
        assert_eq!(decode(&cp1252).unwrap(), expected);
    }

    #[test]
    fn binary_junk_is_not_text() {
        let junk: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert_eq!(decode(&junk).unwrap_err().kind, ReadErrorKind::NotText);
    }

    #[test]
    fn author_fields_split_into_names() {
        assert_eq!(
            split_authors("Jane Doe, John Roe"),
            ["Jane Doe", "John Roe"]
        );
        assert_eq!(split_authors("Doe, Jane"), ["Doe, Jane"]);
        assert_eq!(
            split_authors("A. Writer; B. Reporter and C. Editor"),
            ["A. Writer", "B. Reporter", "C. Editor"]
        );
    }

    #[test]
    fn basic_entities_are_decoded() {
        assert_eq!(
            decode_basic_entities("Q&amp;A &#8212; &#x41; &bogus; a & b"),
            "Q&A \u{2014} A &bogus; a & b"
        );
    }

    #[test]
    fn title_from_file_name() {
        assert_eq!(
            title_from_name("dir/iraq_strikes-report.txt"),
            "iraq strikes report"
        );
    }
}
