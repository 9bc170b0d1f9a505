//! `dossier`: the command-line face of the library, for scripts, tests and
//! benchmarks. Every command is a thin layer over `dossier-api`.

mod bench;
mod bundle;
mod entities;
mod events;
mod output;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use dossier_api::types::{ArticleCorrection, ArticleFilter, ListRequest, SearchRequest};
use dossier_api::{default_library_path, plan_import, Library, SortOrder};

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Dossier: a local-first research library for news articles"
)]
struct Cli {
    /// The library file (default: $XDG_DATA_HOME/dossier/library.sqlite).
    #[arg(long, global = true, env = "DOSSIER_LIBRARY")]
    library: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import files and folders (txt, md, html, pdf, eml, mbox, docx, zip).
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Do not draw a progress bar.
        #[arg(long)]
        quiet: bool,
    },
    /// List articles.
    List {
        #[command(flatten)]
        filter: FilterArgs,
        /// date-desc, date-asc, title, imported
        #[arg(long, default_value = "date-desc")]
        sort: String,
        #[arg(long, default_value_t = 100)]
        limit: usize,
        #[arg(long, default_value_t = 0)]
        offset: usize,
    },
    /// Show one article with its metadata and text.
    Show { id: i64 },
    /// Full-text search: words, "phrases", prefix*, OR, NOT, -word, (groups).
    Search {
        query: String,
        #[command(flatten)]
        filter: FilterArgs,
        /// relevance, date-desc, date-asc
        #[arg(long, default_value = "relevance")]
        sort: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, default_value_t = 0)]
        offset: usize,
    },
    /// Correct an article's fields; the correction is kept as the user's.
    /// An empty value ("") returns a field to what analysis found.
    Set {
        id: i64,
        #[arg(long)]
        title: Option<String>,
        /// 2023-11-22, 2023-11, 2023 or 2023-11-22T06:00
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        outlet: Option<String>,
        /// Authors separated by ';'
        #[arg(long)]
        authors: Option<String>,
    },
    /// Outlets and their article counts.
    Outlets,
    /// Library statistics and an integrity check.
    Check,
    /// Rebuild the search index from the library.
    Reindex,
    /// Measure extraction quality against public gold data.
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
    /// Generate a corpus, import it and measure throughput and search latency.
    Bench(bench::BenchArgs),
    /// Export a report (html, pdf, md, docx) or data: csv, json (events,
    /// entities, places or sources), geojson (places), ris, bibtex, csljson
    /// (sources), over the whole library or a selection; or the whole library
    /// as a bundle that `import-bundle` restores.
    Export {
        #[arg(long)]
        format: String,
        /// events, entities, places or sources (default: by format).
        #[arg(long)]
        data: Option<String>,
        /// Start CSV with a UTF-8 byte order mark, for spreadsheet programs.
        #[arg(long)]
        bom: bool,
        #[command(flatten)]
        selection: report::SelectionArgs,
        /// A report's title (default: one naming the selection).
        #[arg(long)]
        title: Option<String>,
        /// A report's sections, comma-separated (default: all):
        /// summary,timeline,map,entities,disagreements,sources
        #[arg(long)]
        sections: Option<String>,
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
    /// Restore a bundle (`export --format bundle`) into a new library: the
    /// file named by --library, which must not exist yet.
    ImportBundle {
        bundle: PathBuf,
        /// Do not draw a progress bar.
        #[arg(long)]
        quiet: bool,
    },
    #[command(flatten)]
    Entity(entities::EntityCommand),
    #[command(flatten)]
    Geo(events::GeoCommand),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Score the HTML reader on the Mozilla Readability test pages.
    Html {
        /// Folder of cases (source.html, expected.html, expected-metadata.json).
        dir: PathBuf,
    },
    /// Tag every TimeML file under a folder, each against its creation time;
    /// writes the JSON lines `timex_score.py` reads.
    Timex {
        /// A folder of TimeML (`.tml`) files.
        dir: PathBuf,
        /// Write the predictions here instead of standard output.
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
    },
    /// Resolve the places in every document of a gold JSONL file (`docid`
    /// and `text` per line); writes the JSON lines `geo_score.py` reads.
    Geo {
        /// A JSONL file, for example `eval-data/geo/jsonl/lgl.jsonl`.
        file: PathBuf,
        /// Resolve the gold toponym spans instead of the tagger's (for
        /// `geo_score.py --oracle`: resolution alone).
        #[arg(long)]
        gold_spans: bool,
        /// Also write the places the resolver is unsure of, which the app
        /// holds off the map for the user to confirm.
        #[arg(long)]
        with_doubtful: bool,
        /// Write the predictions here instead of standard output.
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
    },
    /// Tag a CoNLL file with the built-in entity model, keeping the gold
    /// tokenisation; writes `token gold pred` lines for `ner_score.py`.
    Ner {
        /// A CoNLL-2003 file (for example eng.testa).
        file: PathBuf,
        /// Write the predictions here instead of standard output.
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
    },
}

#[derive(Args, Default)]
struct FilterArgs {
    /// Only articles from this outlet.
    #[arg(long)]
    outlet: Option<String>,
    /// Published on or after (2023-11-01, 2023-11, 2023).
    #[arg(long)]
    from: Option<String>,
    /// Published on or before.
    #[arg(long)]
    to: Option<String>,
    /// Only articles of this story.
    #[arg(long)]
    story: Option<i64>,
    /// Only articles that mention this entity (name, alias or id).
    #[arg(long)]
    entity: Option<String>,
    /// Only articles whose date expressions talk about days on or after this.
    #[arg(long)]
    about_from: Option<String>,
    /// ... and on or before this.
    #[arg(long)]
    about_to: Option<String>,
}

impl FilterArgs {
    fn to_filter(&self, library: &Library) -> Result<ArticleFilter> {
        let entity_id = match &self.entity {
            Some(name) => Some(library.resolve_entity(name)?.id),
            None => None,
        };
        Ok(ArticleFilter {
            outlet: self.outlet.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            story_id: self.story,
            entity_id,
            about_from: self.about_from.clone(),
            about_to: self.about_to.clone(),
        })
    }
}

fn parse_sort(s: &str) -> Result<SortOrder> {
    Ok(match s {
        "date-desc" | "date" | "newest" => SortOrder::DateDesc,
        "date-asc" | "oldest" => SortOrder::DateAsc,
        "title" => SortOrder::TitleAsc,
        "imported" => SortOrder::ImportedDesc,
        "relevance" => SortOrder::Relevance,
        other => anyhow::bail!(
            "unknown sort '{other}': use date-desc, date-asc, title, imported or relevance"
        ),
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}

/// Runs `write` against the file `path`, or standard output when there is none
/// (`dossier eval ...` prints predictions unless `-o FILE` is given).
fn with_output<T>(
    path: Option<&std::path::Path>,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<T>,
) -> Result<T> {
    use std::io::Write as _;
    match path {
        Some(path) => {
            let mut file = std::io::BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("creating {}", path.display()))?,
            );
            let value = write(&mut file)?;
            file.flush()?;
            Ok(value)
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            let value = write(&mut lock)?;
            lock.flush()?;
            Ok(value)
        }
    }
}

fn open(cli: &Cli) -> Result<Library> {
    let path = cli.library.clone().unwrap_or_else(default_library_path);
    Library::open(&path).with_context(|| format!("opening library {}", path.display()))
}

fn run(cli: Cli) -> Result<ExitCode> {
    let json = cli.json;
    match &cli.command {
        Command::Import { paths, quiet } => {
            let library = open(&cli)?;
            let plan = plan_import(paths);
            let bar = output::ProgressBar::new(plan.files.len(), *quiet || json);
            let report = library.import(&plan, &|p| bar.update(p), &AtomicBool::new(false))?;
            bar.finish();
            output::import_report(&report, json)?;
            if report.failed > 0 && report.articles_added == 0 && report.already_in_library == 0 {
                return Ok(ExitCode::from(2));
            }
        }
        Command::List {
            filter,
            sort,
            limit,
            offset,
        } => {
            let library = open(&cli)?;
            let req = ListRequest {
                filter: filter.to_filter(&library)?,
                sort: parse_sort(sort)?,
                offset: *offset,
                limit: *limit,
            };
            output::article_page(&library.list(&req)?, json)?;
        }
        Command::Show { id } => output::article(&open(&cli)?.article(*id)?, json)?,
        Command::Search {
            query,
            filter,
            sort,
            limit,
            offset,
        } => {
            let library = open(&cli)?;
            let req = SearchRequest {
                query: query.clone(),
                filter: filter.to_filter(&library)?,
                sort: Some(parse_sort(sort)?),
                offset: *offset,
                limit: *limit,
            };
            output::search_page(&library.search(&req)?, json)?;
        }
        Command::Set {
            id,
            title,
            date,
            outlet,
            authors,
        } => {
            let correction = ArticleCorrection {
                title: title.clone(),
                outlet: outlet.clone(),
                authors: authors
                    .as_ref()
                    .map(|a| a.split(';').map(|s| s.trim().to_string()).collect()),
                published: date.clone(),
            };
            output::article(&open(&cli)?.correct_article(*id, &correction)?, json)?;
        }
        Command::Outlets => output::outlets(&open(&cli)?.outlets()?, json)?,
        Command::Check => {
            let library = open(&cli)?;
            let problems = library.store().check()?;
            output::check(&library.stats()?, &problems, json)?;
            if !problems.is_empty() {
                return Ok(ExitCode::from(3));
            }
        }
        Command::Reindex => {
            let n = open(&cli)?.store().rebuild_index()?;
            println!("indexed {n} articles");
        }
        Command::Eval {
            what: EvalCommand::Html { dir },
        } => {
            let report = dossier_api::eval::readability::score_readability(dir)
                .with_context(|| format!("reading {}", dir.display()))?;
            output::print(&report, json, |r| println!("{r}"))?;
        }
        Command::Eval {
            what: EvalCommand::Ner { file, output },
        } => {
            let scores = with_output(output.as_deref(), |out| {
                dossier_api::eval::ner::write_builtin_ner_predictions(file, out)
            })
            .with_context(|| format!("tagging {}", file.display()))?;
            eprintln!("{}", scores.summary());
        }
        Command::Eval {
            what: EvalCommand::Timex { dir, output },
        } => {
            let documents = with_output(output.as_deref(), |out| {
                dossier_api::eval::timex::write_timex_predictions(dir, out)
            })
            .with_context(|| format!("tagging {}", dir.display()))?;
            eprintln!("{documents} documents tagged");
        }
        Command::Eval {
            what:
                EvalCommand::Geo {
                    file,
                    gold_spans,
                    with_doubtful,
                    output,
                },
        } => {
            let how = dossier_api::eval::geo::GeoEval {
                gold_spans: *gold_spans,
                with_doubtful: *with_doubtful,
            };
            let run = with_output(output.as_deref(), |out| {
                dossier_api::eval::geo::write_geo_predictions(file, how, out)
            })
            .with_context(|| format!("resolving places in {}", file.display()))?;
            eprintln!(
                "{} documents, {} toponyms ({} doubtful places held back)",
                run.documents, run.toponyms, run.held
            );
        }
        Command::Bench(args) => bench::run(args, json)?,
        Command::Export {
            format,
            data,
            bom,
            selection,
            title,
            sections,
            output,
        } => {
            use dossier_api::export::{ExportData, ExportFormat, ExportOptions};
            let library = open(&cli)?;
            if format.eq_ignore_ascii_case("bundle") {
                bundle::export(&library, output, json)?;
                return Ok(ExitCode::SUCCESS);
            }
            let selection = selection.resolve(&library)?;
            if let Some(format) = dossier_api::report::ReportFormat::parse(format) {
                report::write(&library, format, selection, title, sections, output)?;
                return Ok(ExitCode::SUCCESS);
            }
            let format = ExportFormat::parse(format).with_context(|| {
                format!("unknown format '{format}': use html, pdf, md, docx, csv, json, geojson, ris, bibtex, csljson or bundle")
            })?;
            let data = match data {
                Some(d) => ExportData::parse(d).with_context(|| {
                    format!("unknown data '{d}': use events, entities, places or sources")
                })?,
                None => format.default_data(),
            };
            let bytes = library.export(format, data, &selection, ExportOptions { bom: *bom })?;
            std::fs::write(output, &bytes)
                .with_context(|| format!("writing {}", output.display()))?;
            eprintln!("wrote {} ({} bytes)", output.display(), bytes.len());
        }
        Command::ImportBundle {
            bundle: file,
            quiet,
        } => {
            let target = cli.library.clone().unwrap_or_else(default_library_path);
            bundle::import(file, &target, *quiet, json)?;
        }
        Command::Entity(command) => entities::run(&open(&cli)?, command, json)?,
        Command::Geo(command) => events::run(&open(&cli)?, command, json)?,
    }
    Ok(ExitCode::SUCCESS)
}
