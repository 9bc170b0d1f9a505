//! ZIP archives: entries are read in turn, within size, ratio and path-safety limits.
//!
//! An archive is never refused as a whole because of one bad entry: entries
//! with an unsafe path (`../`, absolute, a drive letter, a symlink), entries
//! that look like a zip bomb, encrypted entries and entries beyond the archive
//! limits come back as [`ArchiveEntry`]s with `refused` set, and dispatch
//! reports each one as a failed item while the good entries are read.
//! Directories and operating-system junk (`__MACOSX/`, `.DS_Store`, hidden
//! files) are skipped silently. The bounded-reading helpers here are shared
//! with the `.docx` reader, which is a ZIP package too.

use std::io::{Cursor, Read as _};

use ::zip::result::ZipError;
use ::zip::ZipArchive;

use crate::{ArchiveEntry, Limits, Read, ReadError, ReadErrorKind, Reader};

pub struct Zip;

/// The local file header signature, and the end-of-central-directory one that
/// an empty archive starts with.
const LOCAL_HEADER: &[u8] = b"PK\x03\x04";
const EMPTY_ARCHIVE: &[u8] = b"PK\x05\x06";

impl Reader for Zip {
    fn id(&self) -> &'static str {
        "zip"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["zip"]
    }

    fn sniff(&self, head: &[u8]) -> bool {
        // A .docx is a ZIP too; leave it to the Word reader, which sniffs after us.
        (head.starts_with(LOCAL_HEADER) || head.starts_with(EMPTY_ARCHIVE))
            && !crate::docx::looks_like_docx(head)
    }

    fn read(&self, _name: &str, bytes: &[u8], limits: &Limits) -> Result<Read, ReadError> {
        let mut archive = open_archive(bytes, "ZIP archive")?;
        let mut entries = Vec::new();
        let mut budget = Budget::new(limits);
        for index in 0..archive.len() {
            if let Some(entry) = read_entry(&mut archive, index, limits, &mut budget) {
                entries.push(entry);
            }
            if budget.files > limits.max_archive_entries {
                entries.push(refused(
                    "(remaining entries)",
                    ReadErrorKind::TooLarge,
                    format!(
                        "the archive has more than {} files; the rest were not read",
                        limits.max_archive_entries
                    ),
                ));
                break;
            }
        }
        if entries.is_empty() {
            return Err(ReadError::new(
                ReadErrorKind::NoText,
                "the archive holds no files",
            ));
        }
        Ok(Read::Archive(entries))
    }
}

/// Opens a ZIP archive held in memory; `what` names the format in messages.
pub(crate) fn open_archive<'a>(
    bytes: &'a [u8],
    what: &str,
) -> Result<ZipArchive<Cursor<&'a [u8]>>, ReadError> {
    ZipArchive::new(Cursor::new(bytes)).map_err(|err| match err {
        ZipError::UnsupportedArchive(reason) => ReadError::corrupt(format!(
            "the {what} uses a feature Dossier cannot read ({reason})"
        )),
        _ => ReadError::corrupt(format!(
            "the {what} is damaged or truncated (its file directory cannot be read)"
        )),
    })
}

/// What has been spent so far of one archive's limits.
struct Budget {
    files: usize,
    bytes_left: u64,
}

impl Budget {
    fn new(limits: &Limits) -> Budget {
        Budget {
            files: 0,
            bytes_left: limits.max_archive_total_bytes,
        }
    }
}

/// Reads entry `index`, or says why not; `None` for entries skipped silently.
fn read_entry(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    limits: &Limits,
    budget: &mut Budget,
) -> Option<ArchiveEntry> {
    let (name, is_dir, is_symlink, encrypted, size, packed) = match archive.by_index_raw(index) {
        Ok(file) => (
            String::from_utf8_lossy(file.name_raw()).into_owned(),
            file.is_dir(),
            file.is_symlink(),
            file.encrypted(),
            file.size(),
            file.compressed_size(),
        ),
        Err(_) => {
            let name = format!("(entry {})", index + 1);
            return Some(refused(
                &name,
                ReadErrorKind::Corrupt,
                "this archive entry is damaged",
            ));
        }
    };
    if is_dir || is_junk(&name) {
        return None;
    }
    budget.files += 1;
    if budget.files > limits.max_archive_entries {
        return None;
    }
    if let Some(reason) = unsafe_path_reason(&name) {
        return Some(refused(&name, ReadErrorKind::UnsafePath, reason));
    }
    if is_symlink {
        return Some(refused(
            &name,
            ReadErrorKind::UnsafePath,
            "the archive entry is a symbolic link, which Dossier never follows",
        ));
    }
    if encrypted {
        return Some(refused(
            &name,
            ReadErrorKind::Encrypted,
            "the archive entry is encrypted (password-protected)",
        ));
    }
    if let Err(err) = check_entry_size(size, packed, limits) {
        return Some(ArchiveEntry {
            name,
            bytes: Vec::new(),
            refused: Some(err),
        });
    }
    if size > budget.bytes_left {
        let err = ReadError::new(
            ReadErrorKind::TooLarge,
            format!(
                "the archive unpacks to more than {} MB; this entry was not read",
                limits.max_archive_total_bytes >> 20
            ),
        );
        return Some(ArchiveEntry {
            name,
            bytes: Vec::new(),
            refused: Some(err),
        });
    }
    match read_bounded(archive, index, size, limits) {
        Ok(bytes) => {
            budget.bytes_left = budget.bytes_left.saturating_sub(bytes.len() as u64);
            Some(ArchiveEntry {
                name: clean_name(&name),
                bytes,
                refused: None,
            })
        }
        Err(err) => Some(ArchiveEntry {
            name,
            bytes: Vec::new(),
            refused: Some(err),
        }),
    }
}

fn refused(name: &str, kind: ReadErrorKind, message: impl Into<String>) -> ArchiveEntry {
    ArchiveEntry {
        name: name.to_string(),
        bytes: Vec::new(),
        refused: Some(ReadError::new(kind, message)),
    }
}

/// Refuses an entry whose declared size is over the file limit, or whose
/// compression ratio is so high that it is most likely a zip bomb.
pub(crate) fn check_entry_size(size: u64, packed: u64, limits: &Limits) -> Result<(), ReadError> {
    if size > limits.max_file_bytes {
        return Err(ReadError::new(
            ReadErrorKind::TooLarge,
            format!(
                "the archive entry unpacks to {} MB, over the {} MB limit",
                size >> 20,
                limits.max_file_bytes >> 20
            ),
        ));
    }
    // Tiny entries compress well without being dangerous; judge ratios only
    // once the unpacked size is worth worrying about.
    let ratio = size / packed.max(1);
    if size > 1024 * 1024 && ratio > limits.max_compression_ratio {
        return Err(ReadError::new(
            ReadErrorKind::TooLarge,
            format!(
                "the archive entry is compressed {ratio}:1, over the {}:1 limit (a zip bomb?)",
                limits.max_compression_ratio
            ),
        ));
    }
    Ok(())
}

/// Unpacks one entry, never more than its declared size: the header may lie,
/// so the reader is capped rather than trusted.
pub(crate) fn read_bounded(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    declared: u64,
    limits: &Limits,
) -> Result<Vec<u8>, ReadError> {
    let file = archive.by_index(index).map_err(|err| match err {
        ZipError::UnsupportedArchive(reason)
            if reason.to_ascii_lowercase().contains("password") =>
        {
            ReadError::new(
                ReadErrorKind::Encrypted,
                "the archive entry is encrypted (password-protected)",
            )
        }
        ZipError::UnsupportedArchive(reason) => ReadError::new(
            ReadErrorKind::Unsupported,
            format!("the archive entry uses a feature Dossier cannot read ({reason})"),
        ),
        ZipError::CompressionMethodNotSupported(method) => ReadError::new(
            ReadErrorKind::Unsupported,
            format!(
                "the archive entry uses compression method {method}, which Dossier cannot unpack"
            ),
        ),
        _ => ReadError::corrupt("the archive entry is damaged"),
    })?;
    let cap = declared.min(limits.max_file_bytes);
    let mut bytes = Vec::with_capacity(cap.min(64 * 1024 * 1024) as usize);
    file.take(cap + 1).read_to_end(&mut bytes).map_err(|_| {
        ReadError::corrupt("the archive entry is damaged (it does not unpack cleanly)")
    })?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::new(
            ReadErrorKind::TooLarge,
            "the archive entry unpacks to more than its header says (a zip bomb?)",
        ));
    }
    Ok(bytes)
}

/// Why a path inside an archive is unsafe to use, if it is: a path that climbs
/// out (`..`), starts at a root, names a drive, or hides such a thing behind
/// backslashes or NULs. Such names are never used as paths.
pub(crate) fn unsafe_path_reason(name: &str) -> Option<&'static str> {
    if name.contains('\0') {
        return Some("the archive entry's name contains a NUL byte");
    }
    // Windows tools treat backslashes as separators, so judge the path as they would.
    let path = name.replace('\\', "/");
    if path.starts_with('/') {
        return Some("the archive entry has an absolute path, which could overwrite files outside the archive");
    }
    let bytes = path.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return Some("the archive entry's path starts with a drive letter, which could overwrite files outside the archive");
    }
    if path.split('/').any(|part| part == "..") {
        return Some(
            "the archive entry's path climbs out of the archive ('..'), a path traversal attempt",
        );
    }
    None
}

/// The entry's path with `./` and empty components removed.
fn clean_name(name: &str) -> String {
    name.replace('\\', "/")
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// Files that operating systems leave in archives and nobody means to import.
fn is_junk(name: &str) -> bool {
    let path = name.replace('\\', "/");
    path.split('/').any(|part| part == "__MACOSX")
        || path.rsplit('/').next().is_some_and(|file| {
            file.starts_with('.')
                || file.eq_ignore_ascii_case("thumbs.db")
                || file.eq_ignore_ascii_case("desktop.ini")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_named() {
        assert!(unsafe_path_reason("../evil.txt").unwrap().contains(".."));
        assert!(unsafe_path_reason("a/../../evil.txt").is_some());
        assert!(unsafe_path_reason("..\\evil.txt").is_some());
        assert!(unsafe_path_reason("/etc/passwd")
            .unwrap()
            .contains("absolute"));
        assert!(unsafe_path_reason("\\windows\\evil.txt").is_some());
        assert!(unsafe_path_reason("C:/evil.txt").unwrap().contains("drive"));
        assert!(unsafe_path_reason("notes/..hidden/a.txt").is_none());
        assert!(unsafe_path_reason("dir/article.html").is_none());
    }

    #[test]
    fn junk_is_recognised() {
        assert!(is_junk("__MACOSX/._a.txt"));
        assert!(is_junk("dir/.DS_Store"));
        assert!(!is_junk("dir/article.txt"));
    }

    #[test]
    fn ratio_limit_spares_small_entries() {
        let limits = Limits::default();
        assert!(check_entry_size(100_000, 10, &limits).is_ok());
        assert_eq!(
            check_entry_size(50 << 20, 1000, &limits).unwrap_err().kind,
            ReadErrorKind::TooLarge
        );
    }
}
