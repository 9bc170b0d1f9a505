//! The whole library as one JSON document (a "bundle"), and a new library
//! restored from it exactly: every row of every table, with the same ids, so
//! that provenance links, stories and the undo history stay valid.
//!
//! The dump is generic over `sqlite_master`: every table is written except
//! SQLite's own (`sqlite_sequence`, the AUTOINCREMENT counters, is kept, since
//! "ids are never reused" depends on it), virtual and shadow tables, and the
//! derived `search_queue`; a table added by a later migration is therefore
//! never forgotten. The search index is not in the bundle: it is rebuilt from
//! the restored rows. The format is described in `docs/bundle.md`.
//!
//! Both directions stream: the export writes row by row from one read
//! transaction (a consistent snapshot, even while the app keeps writing), and
//! the restore parses row by row into a temporary file beside the target that
//! is renamed into place only once everything is in, so a broken bundle leaves
//! nothing behind.

use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OpenFlags};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::schema::{current_version, MIGRATIONS};
use crate::{index_path, IndexKind, Store, StoreError};

/// The value of the header's `format` field.
pub const BUNDLE_FORMAT: &str = "dossier-bundle";
/// The version of the bundle layout this build writes and reads.
pub const BUNDLE_VERSION: u32 = 1;

/// Tables derived from the others and rebuilt after a restore.
const DERIVED_TABLES: &[&str] = &["search_queue"];
/// SQLite's AUTOINCREMENT counters: kept, and written back after every other row.
const SEQUENCE_TABLE: &str = "sqlite_sequence";

/// Why a bundle could not be written or restored. Each names the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BundleError {
    #[error("{} already holds a library ({articles} articles, {rows} rows in all); a bundle is restored into a new library only: choose a file name that does not exist yet", .path.display())]
    TargetNotEmpty {
        path: PathBuf,
        articles: u64,
        rows: u64,
    },
    #[error("{} exists and is not a Dossier library; a bundle is restored into a new library only: choose a file name that does not exist yet ({reason})", .path.display())]
    TargetNotLibrary { path: PathBuf, reason: String },
    #[error("bundle {}: {reason}; nothing was restored", .path.display())]
    Invalid { path: PathBuf, reason: String },
    #[error("bundle {} was written by a newer Dossier (library schema version {found}; this version reads up to {supported}): update Dossier to restore it", .path.display())]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{}: {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("writing the bundle: {0}")]
    Write(io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for BundleError {
    fn from(err: rusqlite::Error) -> BundleError {
        BundleError::Store(StoreError::Sqlite(err))
    }
}

/// What a bundle held (or what was written to one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BundleSummary {
    /// The library schema version of the rows in the bundle.
    pub schema_version: u32,
    pub tables: usize,
    pub rows: u64,
    pub articles: u64,
}

/// One table as the bundle writes it: its name and columns, with a rowid
/// column first when the table has a rowid that no column names.
struct TableDump {
    name: String,
    columns: Vec<String>,
    ordered_by_rowid: bool,
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The tables a bundle holds, by name, with their columns.
fn dumped_tables(conn: &Connection) -> rusqlite::Result<Vec<TableDump>> {
    let mut stmt = conn.prepare(
        "SELECT name, type, wr FROM pragma_table_list WHERE schema = 'main' ORDER BY name",
    )?;
    let listed: Vec<(String, String, bool)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut tables = Vec::new();
    for (name, kind, without_rowid) in listed {
        let internal = name.starts_with("sqlite_") && name != SEQUENCE_TABLE;
        if kind != "table" || internal || DERIVED_TABLES.contains(&name.as_str()) {
            continue;
        }
        let (mut columns, rowid_alias) = table_columns(conn, &name)?;
        let has_rowid = !without_rowid && name != SEQUENCE_TABLE;
        if has_rowid && !rowid_alias {
            // A rowid that no column names would be renumbered by a plain
            // INSERT; write it out under a name no column shadows.
            let free = ["rowid", "_rowid_", "oid"]
                .into_iter()
                .find(|n| !columns.iter().any(|c| c.eq_ignore_ascii_case(n)));
            if let Some(free) = free {
                columns.insert(0, free.to_string());
            }
        }
        tables.push(TableDump {
            name,
            columns,
            ordered_by_rowid: has_rowid,
        });
    }
    Ok(tables)
}

/// A table's stored columns (generated ones are recomputed, not written), and
/// whether one of them is an alias of the rowid (`INTEGER PRIMARY KEY`).
fn table_columns(conn: &Connection, table: &str) -> rusqlite::Result<(Vec<String>, bool)> {
    let mut stmt = conn.prepare("SELECT name, type, pk, hidden FROM pragma_table_xinfo(?1)")?;
    let rows: Vec<(String, String, i64, i64)> = stmt
        .query_map([table], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let pk: Vec<&(String, String, i64, i64)> = rows.iter().filter(|r| r.2 > 0).collect();
    let rowid_alias = pk.len() == 1 && pk[0].1.eq_ignore_ascii_case("INTEGER");
    let columns = rows
        .iter()
        .filter(|r| r.3 == 0)
        .map(|r| r.0.clone())
        .collect();
    Ok((columns, rowid_alias))
}

impl Store {
    /// Writes the whole library to `out` as one JSON bundle, row by row.
    /// `progress(rows_done, rows_total)` is called every few thousand rows.
    pub fn export_bundle(
        &self,
        out: &mut dyn Write,
        app_version: &str,
        progress: &dyn Fn(u64, u64),
    ) -> Result<BundleSummary, BundleError> {
        // A connection of its own, so that a long export holds no lock the app
        // needs; its read transaction sees one consistent snapshot.
        let conn = Connection::open_with_flags(
            self.path(),
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| StoreError::Open {
            path: self.path().to_path_buf(),
            source,
        })?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "query_only", true)?;
        conn.execute_batch("BEGIN")?;
        let schema_version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables = dumped_tables(&conn)?;
        let mut total = 0u64;
        for table in &tables {
            let n: i64 = conn.query_row(
                &format!("SELECT count(*) FROM {}", quote(&table.name)),
                [],
                |r| r.get(0),
            )?;
            total += n as u64;
        }
        let articles: i64 = conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;

        let mut w = io::BufWriter::with_capacity(1 << 16, out);
        let header = Header {
            format: BUNDLE_FORMAT.to_string(),
            version: BUNDLE_VERSION,
            schema_version,
            created: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            app_version: app_version.to_string(),
        };
        let header = serde_json::to_string(&header).map_err(StoreError::Json)?;
        // The header's fields, then `tables`, in the one top-level object.
        let io = |e: io::Error| BundleError::Write(e);
        w.write_all(&header.as_bytes()[..header.len() - 1])
            .map_err(io)?;
        w.write_all(b",\"tables\":[").map_err(io)?;
        let mut done = 0u64;
        progress(done, total);
        for (i, table) in tables.iter().enumerate() {
            if i > 0 {
                w.write_all(b",").map_err(io)?;
            }
            w.write_all(b"\n{\"name\":").map_err(io)?;
            write_json(&mut w, &table.name)?;
            w.write_all(b",\"columns\":").map_err(io)?;
            write_json(&mut w, &table.columns)?;
            w.write_all(b",\"rows\":[").map_err(io)?;
            let select = format!(
                "SELECT {} FROM {}{}",
                table
                    .columns
                    .iter()
                    .map(|c| quote(c))
                    .collect::<Vec<_>>()
                    .join(", "),
                quote(&table.name),
                if table.ordered_by_rowid {
                    " ORDER BY rowid"
                } else {
                    ""
                }
            );
            let mut stmt = conn.prepare(&select)?;
            let mut rows = stmt.query([])?;
            let mut count = 0u64;
            while let Some(row) = rows.next()? {
                w.write_all(if count == 0 { b"\n[" } else { b",\n[" })
                    .map_err(io)?;
                for c in 0..table.columns.len() {
                    if c > 0 {
                        w.write_all(b",").map_err(io)?;
                    }
                    write_cell(&mut w, row.get_ref(c)?).map_err(io)?;
                }
                w.write_all(b"]").map_err(io)?;
                count += 1;
                done += 1;
                if done.is_multiple_of(4096) {
                    progress(done, total);
                }
            }
            write!(w, "],\"row_count\":{count}}}").map_err(io)?;
        }
        w.write_all(b"\n]}\n").map_err(io)?;
        w.flush().map_err(io)?;
        conn.execute_batch("COMMIT")?;
        progress(done, total);
        Ok(BundleSummary {
            schema_version,
            tables: tables.len(),
            rows: done,
            articles: articles as u64,
        })
    }
}

fn write_json<T: Serialize + ?Sized>(w: &mut impl Write, value: &T) -> Result<(), BundleError> {
    serde_json::to_writer(w, value).map_err(|e| BundleError::Write(e.into()))
}

/// One SQLite value as JSON: null, integer, real and text as themselves, a
/// BLOB as `{"base64": ...}`. A real that a JSON number would not carry
/// exactly (infinities, or one the parser might round) is `{"real": "..."}`,
/// and text that is not UTF-8 is `{"text_base64": ...}`.
fn write_cell(w: &mut impl Write, value: ValueRef<'_>) -> io::Result<()> {
    match value {
        ValueRef::Null => w.write_all(b"null"),
        ValueRef::Integer(i) => write!(w, "{i}"),
        ValueRef::Real(f) => {
            let number = serde_json::to_string(&f).ok().filter(|s| {
                f.is_finite()
                    && serde_json::from_str::<f64>(s).map(f64::to_bits).ok() == Some(f.to_bits())
            });
            match number {
                Some(s) => w.write_all(s.as_bytes()),
                None => write!(w, "{{\"real\":\"{f}\"}}"),
            }
        }
        ValueRef::Text(bytes) => match std::str::from_utf8(bytes) {
            Ok(text) => serde_json::to_writer(&mut *w, text).map_err(io::Error::from),
            Err(_) => write_base64(w, "text_base64", bytes),
        },
        ValueRef::Blob(bytes) => write_base64(w, "base64", bytes),
    }
}

fn write_base64(w: &mut impl Write, key: &str, bytes: &[u8]) -> io::Result<()> {
    write!(w, "{{\"{key}\":\"")?;
    {
        let mut encoder =
            base64::write::EncoderWriter::new(&mut *w, &base64::engine::general_purpose::STANDARD);
        encoder.write_all(bytes)?;
        encoder.finish()?;
    }
    w.write_all(b"\"}")
}

#[derive(Serialize)]
struct Header {
    format: String,
    version: u32,
    schema_version: u32,
    created: String,
    app_version: String,
}

/// Restores the bundle at `bundle` into a new library at `target`, then opens
/// it (which builds its search index from the restored rows).
///
/// `target` must not exist, or be an empty library. Nothing is written at
/// `target` unless the whole bundle was read: rows go to a temporary file
/// beside it that is renamed at the end. A bundle from an older schema is
/// restored into that schema and then migrated; one from a newer schema is
/// refused. `progress(bytes_read, bytes_total)` follows the reading.
pub fn restore_bundle(
    bundle: &Path,
    target: &Path,
    kind: IndexKind,
    progress: &dyn Fn(u64, u64),
) -> Result<(Store, BundleSummary), BundleError> {
    let replace_empty = check_target(target)?;
    let file = File::open(bundle).map_err(|source| BundleError::Io {
        path: bundle.to_path_buf(),
        source,
    })?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    let reader = BufReader::with_capacity(
        1 << 16,
        CountingReader {
            inner: file,
            done: 0,
            total,
            reported: 0,
            progress,
        },
    );

    let dir = match target.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => dir.to_path_buf(),
        None => PathBuf::from("."),
    };
    let created_dir = (!dir.exists()).then(|| dir.clone());
    std::fs::create_dir_all(&dir).map_err(|source| BundleError::Io {
        path: dir.clone(),
        source,
    })?;
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "library".into());
    let mut temp = TempLibrary {
        path: dir.join(format!(".{file_name}.restoring-{}", std::process::id())),
        created_dir,
        keep: false,
    };
    remove_library_files(&temp.path);

    let mut conn = Connection::open(&temp.path).map_err(|source| StoreError::Open {
        path: temp.path.clone(),
        source,
    })?;
    // A private file that is renamed only when complete needs no journal; a
    // failure deletes it.
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;
         PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
    )?;

    let mut loader = Loader {
        conn: &conn,
        bundle: bundle.to_path_buf(),
        header: HeaderSeen::default(),
        sequences: Vec::new(),
        summary: BundleSummary::default(),
        failure: None,
        tables_seen: false,
        triggers: Vec::new(),
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let parsed = BundleSeed(&mut loader)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    if let Err(err) = parsed {
        return Err(loader
            .failure
            .take()
            .unwrap_or_else(|| parse_error(bundle, &err)));
    }
    if !loader.tables_seen {
        return Err(BundleError::Invalid {
            path: bundle.to_path_buf(),
            reason: "it has no \"tables\": not a complete Dossier bundle".into(),
        });
    }
    loader.finish()?;
    let summary = loader.summary.clone();
    drop(loader);
    // An older bundle was restored into its own schema; bring it up to date.
    crate::schema::migrate(&mut conn, &temp.path)?;
    conn.close().map_err(|(_, e)| e)?;
    File::open(&temp.path)
        .and_then(|f| f.sync_all())
        .map_err(|source| BundleError::Io {
            path: temp.path.clone(),
            source,
        })?;

    if replace_empty {
        remove_library_files(target);
    }
    // A search index left beside the target by an earlier library would
    // otherwise be trusted; the new library builds its own.
    for kind in [IndexKind::Tantivy, IndexKind::Fts5] {
        remove_path(&index_path(target, kind));
    }
    std::fs::rename(&temp.path, target).map_err(|source| BundleError::Io {
        path: target.to_path_buf(),
        source,
    })?;
    temp.keep = true;
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    let store = Store::open_with(target, kind)?;
    Ok((store, summary))
}

/// Whether `target` is an empty library that may be replaced (`true`), or
/// missing (`false`); an error when it holds anything.
fn check_target(target: &Path) -> Result<bool, BundleError> {
    let meta = match std::fs::metadata(target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(source) => {
            return Err(BundleError::Io {
                path: target.to_path_buf(),
                source,
            })
        }
    };
    if meta.is_dir() {
        return Err(BundleError::TargetNotLibrary {
            path: target.to_path_buf(),
            reason: "it is a folder".into(),
        });
    }
    if meta.len() == 0 {
        return Ok(true);
    }
    let not_library = |e: rusqlite::Error| BundleError::TargetNotLibrary {
        path: target.to_path_buf(),
        reason: e.to_string(),
    };
    let conn = Connection::open_with_flags(
        target,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(not_library)?;
    conn.pragma_update(None, "query_only", true)
        .map_err(not_library)?;
    let tables = dumped_tables(&conn).map_err(not_library)?;
    let mut rows = 0u64;
    let mut articles = 0u64;
    for table in &tables {
        let n: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM {}", quote(&table.name)),
                [],
                |r| r.get(0),
            )
            .map_err(not_library)?;
        rows += n as u64;
        if table.name == "articles" {
            articles = n as u64;
        }
    }
    if rows > 0 {
        return Err(BundleError::TargetNotEmpty {
            path: target.to_path_buf(),
            articles,
            rows,
        });
    }
    Ok(true)
}

fn remove_path(path: &Path) {
    if path.is_dir() {
        let _ = std::fs::remove_dir_all(path);
    } else {
        let _ = std::fs::remove_file(path);
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut os = path.as_os_str().to_owned();
    os.push(suffix);
    PathBuf::from(os)
}

/// Removes a library file and the files SQLite keeps beside it.
fn remove_library_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        remove_path(&with_suffix(path, suffix));
    }
}

/// The temporary library file; removed on drop unless kept, with the folder
/// made for it when that is left empty.
struct TempLibrary {
    path: PathBuf,
    created_dir: Option<PathBuf>,
    keep: bool,
}

impl Drop for TempLibrary {
    fn drop(&mut self) {
        if !self.keep {
            remove_library_files(&self.path);
            if let Some(dir) = &self.created_dir {
                // Fails, as it should, if anything else is in it.
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
}

/// Counts the bytes read, for progress.
struct CountingReader<'a> {
    inner: File,
    done: u64,
    total: u64,
    reported: u64,
    progress: &'a dyn Fn(u64, u64),
}

impl Read for CountingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done += n as u64;
        if self.done - self.reported >= 1 << 20 || (n == 0 && self.done != self.reported) {
            self.reported = self.done;
            (self.progress)(self.done, self.total.max(self.done));
        }
        Ok(n)
    }
}

fn parse_error(bundle: &Path, err: &serde_json::Error) -> BundleError {
    let reason = match err.classify() {
        serde_json::error::Category::Eof => format!(
            "the file is truncated (it ends at line {} column {} in the middle of the bundle)",
            err.line(),
            err.column()
        ),
        serde_json::error::Category::Io => format!("cannot read it ({err})"),
        _ => format!("not a valid Dossier bundle ({err})"),
    };
    BundleError::Invalid {
        path: bundle.to_path_buf(),
        reason,
    }
}

#[derive(Default)]
struct HeaderSeen {
    format: Option<String>,
    version: Option<u32>,
    schema_version: Option<u32>,
}

/// Receives the bundle's parts as the parser meets them and writes the rows.
struct Loader<'c> {
    conn: &'c Connection,
    bundle: PathBuf,
    header: HeaderSeen,
    sequences: Vec<(String, i64)>,
    summary: BundleSummary,
    /// The real error behind a parse that was stopped on purpose.
    failure: Option<BundleError>,
    tables_seen: bool,
    /// The schema's triggers (name, SQL), dropped while rows go in.
    triggers: Vec<(String, String)>,
}

impl Loader<'_> {
    fn invalid(&self, reason: impl Into<String>) -> BundleError {
        BundleError::Invalid {
            path: self.bundle.clone(),
            reason: reason.into(),
        }
    }

    /// Stops the parse with `err`, kept to be reported instead of the parser's message.
    fn fail<E: de::Error>(&mut self, err: BundleError) -> E {
        let message = err.to_string();
        self.failure = Some(err);
        E::custom(message)
    }

    /// Checks the header and creates the schema the bundle's rows belong to.
    fn begin(&mut self) -> Result<(), BundleError> {
        match self.header.format.as_deref() {
            Some(BUNDLE_FORMAT) => {}
            Some(other) => {
                return Err(self.invalid(format!(
                    "it is not a Dossier bundle (format is \"{other}\", not \"{BUNDLE_FORMAT}\")"
                )))
            }
            None => {
                return Err(
                    self.invalid("it is not a Dossier bundle (no \"format\" before \"tables\")")
                )
            }
        }
        match self.header.version {
            Some(v) if v <= BUNDLE_VERSION && v > 0 => {}
            Some(v) => {
                return Err(self.invalid(format!(
                    "bundle layout version {v} is newer than this Dossier reads ({BUNDLE_VERSION}): update Dossier to restore it"
                )))
            }
            None => return Err(self.invalid("the header has no \"version\"")),
        }
        let schema = match self.header.schema_version {
            Some(0) | None => {
                return Err(self.invalid("the header has no library \"schema_version\""))
            }
            Some(v) => v,
        };
        if schema > current_version() {
            return Err(BundleError::TooNew {
                path: self.bundle.clone(),
                found: schema,
                supported: current_version(),
            });
        }
        for (version, (_name, sql)) in MIGRATIONS.iter().enumerate().take(schema as usize) {
            self.conn.execute_batch(sql)?;
            self.conn
                .pragma_update(None, "user_version", version as u32 + 1)?;
        }
        self.summary.schema_version = schema;
        self.conn.execute_batch("BEGIN")?;
        // Triggers keep derived tables (summaries, counters) in step with
        // writes; the bundle holds those tables as they were, so firing them
        // again would count every row twice. They are put back in `finish`.
        let mut stmt = self.conn.prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL",
        )?;
        self.triggers = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        drop(stmt);
        for (name, _) in &self.triggers {
            self.conn
                .execute_batch(&format!("DROP TRIGGER {}", quote(name)))?;
        }
        Ok(())
    }

    /// The INSERT for `table`'s `columns`, after checking that the schema has them.
    fn insert_sql(&self, table: &str, columns: &[String]) -> Result<String, BundleError> {
        let known = dumped_tables(self.conn)?
            .into_iter()
            .find(|t| t.name == table)
            .ok_or_else(|| {
                self.invalid(format!(
                    "it has a table \"{table}\" that library schema version {} does not have",
                    self.summary.schema_version
                ))
            })?;
        for column in columns {
            let rowid = ["rowid", "_rowid_", "oid"]
                .iter()
                .any(|n| column.eq_ignore_ascii_case(n));
            if !rowid && !known.columns.contains(column) {
                return Err(self.invalid(format!(
                    "table \"{table}\" has a column \"{column}\" that library schema version {} does not have",
                    self.summary.schema_version
                )));
            }
        }
        Ok(build_insert(table, columns, &vec![false; columns.len()]))
    }

    fn insert(
        &mut self,
        table: &str,
        sql: &str,
        columns: &[String],
        row: Vec<Cell>,
    ) -> Result<(), BundleError> {
        if row.len() != columns.len() {
            return Err(self.invalid(format!(
                "a row of table \"{table}\" has {} values for {} columns",
                row.len(),
                columns.len()
            )));
        }
        if table == SEQUENCE_TABLE {
            // Written back last: inserting the other tables' rows moves the counters.
            let name = columns.iter().position(|c| c == "name");
            let seq = columns.iter().position(|c| c == "seq");
            if let (Some(Cell::Plain(Value::Text(name))), Some(Cell::Plain(Value::Integer(seq)))) =
                (name.map(|i| &row[i]), seq.map(|i| &row[i]))
            {
                self.sequences.push((name.clone(), *seq));
                return Ok(());
            }
            return Err(self.invalid("a row of sqlite_sequence is not (name, seq)"));
        }
        let raw: Vec<bool> = row.iter().map(|c| matches!(c, Cell::RawText(_))).collect();
        let values: Vec<Value> = row
            .into_iter()
            .map(|c| match c {
                Cell::Plain(v) => v,
                Cell::RawText(bytes) => Value::Blob(bytes),
            })
            .collect();
        // Text that is not UTF-8 goes in as bytes and is cast back to text.
        let raw_sql;
        let sql = if raw.contains(&true) {
            raw_sql = build_insert(table, columns, &raw);
            raw_sql.as_str()
        } else {
            sql
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        stmt.execute(rusqlite::params_from_iter(values.iter()))
            .map_err(|e| self.invalid(format!("a row of table \"{table}\" was refused: {e}")))?;
        Ok(())
    }

    /// Writes back the AUTOINCREMENT counters and queues every article for the
    /// search index, then commits.
    fn finish(&mut self) -> Result<(), BundleError> {
        let has_sequence: bool = self.conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'sqlite_sequence'",
            [],
            |r| r.get(0),
        )?;
        if has_sequence {
            self.conn.execute("DELETE FROM sqlite_sequence", [])?;
            for (name, seq) in &self.sequences {
                self.conn.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (?1, ?2)",
                    rusqlite::params![name, seq],
                )?;
            }
        }
        for (_, sql) in &self.triggers {
            self.conn.execute_batch(sql)?;
        }
        self.conn.execute(
            "INSERT OR IGNORE INTO search_queue (article_id) SELECT id FROM articles",
            [],
        )?;
        self.summary.articles = self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))?
            as u64;
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }
}

/// `INSERT INTO table (columns) VALUES (...)`, casting the values marked raw to text.
fn build_insert(table: &str, columns: &[String], raw: &[bool]) -> String {
    let values: Vec<&str> = raw
        .iter()
        .map(|&raw| if raw { "CAST(? AS TEXT)" } else { "?" })
        .collect();
    format!(
        "INSERT INTO {} ({}) VALUES ({})",
        quote(table),
        columns
            .iter()
            .map(|c| quote(c))
            .collect::<Vec<_>>()
            .join(", "),
        values.join(", ")
    )
}

/// The whole document: the header fields, then `tables`.
struct BundleSeed<'a, 'c>(&'a mut Loader<'c>);

impl<'de> DeserializeSeed<'de> for BundleSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for BundleSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Dossier bundle (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let loader = self.0;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => loader.header.format = Some(map.next_value()?),
                "version" => loader.header.version = Some(map.next_value()?),
                "schema_version" => loader.header.schema_version = Some(map.next_value()?),
                "tables" => {
                    if loader.tables_seen {
                        return Err(loader.fail(loader.invalid("it has \"tables\" twice")));
                    }
                    loader.tables_seen = true;
                    if let Err(err) = loader.begin() {
                        return Err(loader.fail(err));
                    }
                    map.next_value_seed(TablesSeed(loader))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct TablesSeed<'a, 'c>(&'a mut Loader<'c>);

impl<'de> DeserializeSeed<'de> for TablesSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for TablesSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of tables")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(TableSeed(self.0))?.is_some() {}
        Ok(())
    }
}

struct TableSeed<'a, 'c>(&'a mut Loader<'c>);

impl<'de> DeserializeSeed<'de> for TableSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TableSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table (an object with name, columns and rows)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let loader = self.0;
        let mut name: Option<String> = None;
        let mut columns: Option<Vec<String>> = None;
        let mut rows: Option<u64> = None;
        let mut declared: Option<u64> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "name" => name = Some(map.next_value()?),
                "columns" => columns = Some(map.next_value()?),
                "rows" => {
                    let (Some(name), Some(columns)) = (&name, &columns) else {
                        let err =
                            loader.invalid("a table's \"rows\" come before its name and columns");
                        return Err(loader.fail(err));
                    };
                    let sql = if name == SEQUENCE_TABLE {
                        String::new()
                    } else {
                        match loader.insert_sql(name, columns) {
                            Ok(sql) => sql,
                            Err(err) => return Err(loader.fail(err)),
                        }
                    };
                    rows = Some(map.next_value_seed(RowsSeed {
                        loader: &mut *loader,
                        table: name,
                        columns,
                        sql: &sql,
                    })?);
                }
                "row_count" => declared = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let name = name.unwrap_or_default();
        let Some(rows) = rows else {
            let err = loader.invalid(format!("table \"{name}\" has no \"rows\""));
            return Err(loader.fail(err));
        };
        if let Some(declared) = declared.filter(|&d| d != rows) {
            let err = loader.invalid(format!(
                "table \"{name}\" has {rows} rows but says it has {declared}"
            ));
            return Err(loader.fail(err));
        }
        loader.summary.tables += 1;
        Ok(())
    }
}

struct RowsSeed<'a, 'c> {
    loader: &'a mut Loader<'c>,
    table: &'a str,
    columns: &'a [String],
    sql: &'a str,
}

impl<'de> DeserializeSeed<'de> for RowsSeed<'_, '_> {
    type Value = u64;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<u64, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RowsSeed<'_, '_> {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of rows")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<u64, A::Error> {
        let mut n = 0u64;
        while let Some(row) = seq.next_element::<Vec<Cell>>()? {
            if let Err(err) = self.loader.insert(self.table, self.sql, self.columns, row) {
                return Err(self.loader.fail(err));
            }
            n += 1;
            self.loader.summary.rows += 1;
        }
        Ok(n)
    }
}

/// One value of a row, as `write_cell` wrote it.
enum Cell {
    Plain(Value),
    /// Text that is not UTF-8, as its bytes.
    RawText(Vec<u8>),
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Cell, D::Error> {
        deserializer.deserialize_any(CellVisitor)
    }
}

struct CellVisitor;

impl<'de> Visitor<'de> for CellVisitor {
    type Value = Cell;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value: null, a number, a string, or {\"base64\": ...}")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Cell, E> {
        Ok(Cell::Plain(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Cell, E> {
        Ok(Cell::Plain(Value::Null))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Cell, E> {
        Ok(Cell::Plain(Value::Integer(v as i64)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Cell, E> {
        Ok(Cell::Plain(Value::Integer(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Cell, E> {
        i64::try_from(v)
            .map(|v| Cell::Plain(Value::Integer(v)))
            .map_err(|_| E::custom(format!("integer {v} is out of SQLite's range")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Cell, E> {
        Ok(Cell::Plain(Value::Real(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Cell, E> {
        Ok(Cell::Plain(Value::Text(v.to_string())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Cell, E> {
        Ok(Cell::Plain(Value::Text(v)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Cell, A::Error> {
        let Some(key) = map.next_key::<String>()? else {
            return Err(de::Error::custom("an empty object is not a value"));
        };
        let text: String = map.next_value()?;
        if map.next_key::<IgnoredAny>()?.is_some() {
            return Err(de::Error::custom("a value object has one key"));
        }
        let decode = |s: &str| {
            base64::engine::general_purpose::STANDARD
                .decode(s)
                .map_err(|e| de::Error::custom(format!("bad base64 in a {key} value: {e}")))
        };
        match key.as_str() {
            "base64" => Ok(Cell::Plain(Value::Blob(decode(&text)?))),
            "text_base64" => Ok(Cell::RawText(decode(&text)?)),
            "real" => text
                .parse::<f64>()
                .map(|f| Cell::Plain(Value::Real(f)))
                .map_err(|_| de::Error::custom(format!("\"{text}\" is not a real number"))),
            other => Err(de::Error::custom(format!("unknown value kind \"{other}\""))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table's rows (with rowids where there are), sorted, and the counters.
    fn dump(path: &Path) -> Vec<(String, Vec<String>)> {
        let conn = Connection::open(path).unwrap();
        let tables: Vec<(String, bool)> = conn
            .prepare("SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut schema: Vec<String> = conn
            .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master")
            .unwrap()
            .query_map([], |r| {
                Ok(format!(
                    "{} {} {} {:?}",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        schema.sort();
        std::iter::once(("(schema)".to_string(), schema))
            .chain(
                tables
                    .into_iter()
                    .filter(|(name, _)| name != "sqlite_schema" && name != "sqlite_temp_schema")
                    .map(|(name, without_rowid)| {
                        let select = if without_rowid || name == SEQUENCE_TABLE {
                            format!("SELECT * FROM {}", quote(&name))
                        } else {
                            format!("SELECT rowid, * FROM {}", quote(&name))
                        };
                        let mut stmt = conn.prepare(&select).unwrap();
                        let n = stmt.column_count();
                        let mut rows: Vec<String> = stmt
                            .query_map([], |r| {
                                // ValueRef, not Value: text that is not UTF-8 must compare too.
                                (0..n)
                                    .map(|i| r.get_ref(i).map(|v| format!("{v:?}")))
                                    .collect::<rusqlite::Result<Vec<_>>>()
                            })
                            .unwrap()
                            .map(|r| r.unwrap().join(" | "))
                            .collect();
                        rows.sort();
                        (name, rows)
                    }),
            )
            .collect()
    }

    /// A library with a little of everything a bundle must carry exactly.
    fn sample_library(dir: &Path) -> Store {
        let store = Store::open(&dir.join("a.sqlite")).unwrap();
        store
            .writer()
            .execute_batch(
                "INSERT INTO sources (id, sha256, file_sha256, name, reader, size, bytes, imported_at)
                 VALUES (7, 'abc', 'abc', 'a.txt', 'txt', 4, x'00ff10ee', '2026-01-01T00:00:00Z');
                 INSERT INTO articles (id, source_id, title, title_source, text, found, story_id, imported_at, minhash)
                 VALUES (12, 7, 'Strikes near Baghdad', 'text', 'US strikes hit Jurf al-Sakhar.', '{}', 12, '2026-01-01T00:00:00Z', x'0102');
                 INSERT INTO stories (id, size) VALUES (12, 1);
                 INSERT INTO entities (name, kind, created_at) VALUES ('Baghdad', 'LOC', 'now'), ('Gone', 'ORG', 'now');
                 DELETE FROM entities WHERE name = 'Gone';
                 INSERT INTO mentions (article_id, start, end, label, key, entity_id)
                 VALUES (12, 0, 2, CAST(x'ff41' AS TEXT), 'us', NULL);
                 INSERT INTO places (name, country, kind, lat, lon) VALUES ('Pin', 'IQ', 'pin', 0.30000000000000004, -1e-300);
                 INSERT INTO place_mentions (article_id, start, end, surface, key, place_id, confidence)
                 VALUES (12, 15, 29, 'Jurf al-Sakhar', 'jurf al-sakhar', 1, 1.0);
                 INSERT INTO curation_log (op, before, at) VALUES ('rename', '[]', 'now');",
            )
            .unwrap();
        store
    }

    fn refused(
        bundle: &Path,
        target: &Path,
        kind: IndexKind,
        progress: &dyn Fn(u64, u64),
    ) -> BundleError {
        match restore_bundle(bundle, target, kind, progress) {
            Err(err) => err,
            Ok(_) => panic!("{} was restored", bundle.display()),
        }
    }

    fn export(store: &Store, file: &Path) -> BundleSummary {
        let mut out = File::create(file).unwrap();
        store.export_bundle(&mut out, "test", &|_, _| {}).unwrap()
    }

    #[test]
    fn a_restored_library_is_the_same_row_for_row() {
        let dir = tempfile::tempdir().unwrap();
        let store = sample_library(dir.path());
        let file = dir.path().join("a.bundle.json");
        let written = export(&store, &file);
        assert_eq!(written.articles, 1);
        let target = dir.path().join("b.sqlite");
        let (restored, read) =
            restore_bundle(&file, &target, IndexKind::Tantivy, &|_, _| {}).unwrap();
        assert_eq!(read.rows, written.rows);
        assert_eq!(dump(&store.path), dump(&target));
        // The deleted entity's id stays used: the next one is 3, not 2.
        let next: i64 = restored
            .writer()
            .query_row(
                "INSERT INTO entities (name, kind, created_at) VALUES ('New', 'PER', 'now') RETURNING id",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(next, 3);
        assert!(restored.check().unwrap().is_empty());
        // The search index was built from the restored rows.
        assert_eq!(restored.index().doc_count().unwrap(), 1);
    }

    #[test]
    fn a_truncated_bundle_names_the_file_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = sample_library(dir.path());
        let file = dir.path().join("a.bundle.json");
        export(&store, &file);
        let bytes = std::fs::read(&file).unwrap();
        let cut = dir.path().join("cut.json");
        std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
        let restore_dir = dir.path().join("restore");
        let target = restore_dir.join("b.sqlite");
        let err = refused(&cut, &target, IndexKind::Tantivy, &|_, _| {});
        let msg = err.to_string();
        assert!(
            msg.contains("cut.json") && msg.contains("truncated"),
            "{msg}"
        );
        assert!(!restore_dir.exists(), "the folder made for it is gone too");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().contains("restoring"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_library_that_holds_rows_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = sample_library(dir.path());
        let file = dir.path().join("a.bundle.json");
        export(&store, &file);
        let err = refused(&file, store.path(), IndexKind::Tantivy, &|_, _| {});
        assert!(matches!(err, BundleError::TargetNotEmpty { .. }), "{err}");
        assert!(err.to_string().contains("a.sqlite"), "{err}");
        // An empty library (one the app just created) may be replaced.
        let empty = dir.path().join("empty.sqlite");
        drop(Store::open(&empty).unwrap());
        restore_bundle(&file, &empty, IndexKind::Tantivy, &|_, _| {}).unwrap();
        assert_eq!(dump(store.path()), dump(&empty));
    }

    #[test]
    fn a_bundle_from_a_newer_schema_is_refused_and_an_older_one_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let newer = dir.path().join("newer.json");
        std::fs::write(
            &newer,
            format!(
                r#"{{"format":"dossier-bundle","version":1,"schema_version":{},"tables":[]}}"#,
                current_version() + 1
            ),
        )
        .unwrap();
        let err = refused(
            &newer,
            &dir.path().join("n.sqlite"),
            IndexKind::Tantivy,
            &|_, _| {},
        );
        assert!(matches!(err, BundleError::TooNew { .. }), "{err}");
        assert!(!dir.path().join("n.sqlite").exists());

        // Schema version 1 had no analysis_version column and no entities.
        let older = dir.path().join("older.json");
        std::fs::write(
            &older,
            r#"{"format":"dossier-bundle","version":1,"schema_version":1,"created":"2024-01-01T00:00:00Z","app_version":"0.0.1",
"tables":[
{"name":"sources","columns":["id","sha256","file_sha256","name","path","reader","size","bytes","imported_at"],"rows":[
[3,"s","s","a.txt",null,"txt",2,{"base64":"aGk="},"t"]],"row_count":1},
{"name":"articles","columns":["id","source_id","title","title_source","text","found","story_id","imported_at"],"rows":[
[5,3,"Old","text","hi there","{}",5,"t"]],"row_count":1},
{"name":"stories","columns":["id","size"],"rows":[[5,1]],"row_count":1}
]}"#,
        )
        .unwrap();
        let target = dir.path().join("o.sqlite");
        let (store, summary) =
            restore_bundle(&older, &target, IndexKind::Tantivy, &|_, _| {}).unwrap();
        assert_eq!(summary.schema_version, 1);
        let (version, analysis): (u32, i64) = store
            .reader()
            .query_row(
                "SELECT (SELECT user_version FROM pragma_user_version), analysis_version FROM articles WHERE id = 5",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((version, analysis), (current_version(), 0));
        let bytes: Vec<u8> = store
            .reader()
            .query_row("SELECT bytes FROM sources WHERE id = 3", [], |r| r.get(0))
            .unwrap();
        assert_eq!(bytes, b"hi");
    }

    #[test]
    fn bundles_that_are_not_bundles_are_refused_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            ("[]", "not a valid Dossier bundle"),
            (
                r#"{"format":"zotero","version":1,"schema_version":1,"tables":[]}"#,
                "not a Dossier bundle",
            ),
            (
                r#"{"format":"dossier-bundle","version":1,"schema_version":1}"#,
                "no \"tables\"",
            ),
            (
                r#"{"format":"dossier-bundle","version":1,"schema_version":1,"tables":[{"name":"nope","columns":["a"],"rows":[[1]]}]}"#,
                "\"nope\"",
            ),
            (
                r#"{"format":"dossier-bundle","version":1,"schema_version":1,"tables":[{"name":"stories","columns":["id","size"],"rows":[[1]]}]}"#,
                "1 values for 2 columns",
            ),
            (
                r#"{"format":"dossier-bundle","version":1,"schema_version":1,"tables":[{"name":"stories","columns":["id","size"],"rows":[[1,1]],"row_count":2}]}"#,
                "says it has 2",
            ),
        ];
        for (i, (text, expected)) in cases.iter().enumerate() {
            let file = dir.path().join(format!("case{i}.json"));
            std::fs::write(&file, text).unwrap();
            let target = dir.path().join(format!("case{i}.sqlite"));
            let err = refused(&file, &target, IndexKind::Tantivy, &|_, _| {});
            let msg = err.to_string();
            assert!(
                msg.contains(expected) && msg.contains(&format!("case{i}.json")),
                "{msg}"
            );
            assert!(!target.exists());
        }
    }
}
