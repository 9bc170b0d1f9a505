//! Scores event extraction and merging on the hand-written gold set of the
//! seed articles: event-type accuracy, argument precision and recall, and
//! same-event pair precision and recall.
//! cargo run --release -p dossier-analysis --example event_gold [-- --verbose | --json] [-- GOLD.json ARTICLES_DIR]

use std::path::PathBuf;

use dossier_analysis::events::gold::{evaluate, AnalysedArticle, ArgScore, Gold};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let gold_path = paths
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("tests/gold/events-seed.json"));
    let articles_dir = paths
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/samples/articles"));
    let gold_text = std::fs::read_to_string(&gold_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", gold_path.display()));
    let gold: Gold = serde_json::from_str(&gold_text)
        .unwrap_or_else(|e| panic!("{} is not a gold set: {e}", gold_path.display()));

    let articles: Vec<AnalysedArticle> = gold
        .articles
        .iter()
        .map(|a| {
            let path = articles_dir.join(&a.file);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            AnalysedArticle::new(&a.id, &text, a.published)
        })
        .collect();
    if args.iter().any(|a| a == "--json") {
        // The event mentions as the store will keep them, one per line.
        for a in &articles {
            for m in &a.mentions {
                let json = serde_json::to_string(m).expect("mentions serialise");
                println!("{} {json}", a.id);
            }
        }
        return;
    }
    let report = evaluate(&gold, &articles);

    println!(
        "gold set: {} events, {} mentions",
        gold.events.len(),
        report.gold_mentions
    );
    println!(
        "event mentions: precision {:.2} recall {:.2} ({} found, {} spurious)",
        report.mention_precision(),
        report.mention_recall(),
        report.found,
        report.spurious.len()
    );
    println!(
        "event type accuracy: {:.2} exact, {:.2} family (on {} found mentions)",
        report.kind_accuracy(),
        report.family_correct as f64 / report.found.max(1) as f64,
        report.found
    );
    let row = |name: &str, s: &ArgScore| {
        println!(
            "  {name:<7} P {:.2} R {:.2}  ({} matched / {} system / {} gold)",
            s.precision(),
            s.recall(),
            s.matched,
            s.system,
            s.gold
        )
    };
    println!("arguments (on found mentions):");
    row("date", &report.date);
    row("place", &report.place);
    row("actor", &report.actor);
    row("figure", &report.figure);
    println!(
        "same-event pairs: precision {:.2} recall {:.2} ({} right, {} wrongly joined, {} wrongly split)",
        report.pairs.precision(),
        report.pairs.recall(),
        report.pairs.same_both,
        report.pairs.same_system_only,
        report.pairs.same_gold_only
    );
    if verbose {
        for (event, article, snippet) in &report.missed {
            println!("missed  {event} {article}: {snippet}");
        }
        for (article, trigger, sentence) in &report.spurious {
            println!("spurious {article} {trigger:?}: {sentence}");
        }
        for (e, event) in report.events.iter().enumerate() {
            println!(
                "E{e} {} {:?}",
                event.kind.as_str(),
                event.date.as_ref().map(|d| &d.value)
            );
            for &r in &event.mentions {
                let record = &report.records[r];
                let text = &articles
                    .iter()
                    .find(|a| a.id == record.source)
                    .expect("article")
                    .text;
                let m = &record.mention;
                let sentence = &text[m.sentence.start..m.sentence.end];
                let short: String = sentence.chars().take(70).collect();
                println!(
                    "    {} {:?} {:?} place={:?} actors={:?} figures={:?} | {short}",
                    record.source,
                    &text[m.trigger.start..m.trigger.end],
                    m.date.as_ref().map(|d| &d.value),
                    record.place.as_ref().map(|p| &p.name),
                    record.actor_names,
                    m.figures
                        .iter()
                        .map(|f| (f.kind.as_str(), f.value))
                        .collect::<Vec<_>>()
                );
            }
            for d in dossier_analysis::events::disagreements(event, &report.records) {
                println!("    disagreement {:?}", d);
            }
        }
        for (g, mentions) in gold.events.iter().zip(&report.alignment) {
            let events: Vec<String> = mentions
                .iter()
                .map(|r| {
                    match r.and_then(|r| report.events.iter().position(|e| e.mentions.contains(&r)))
                    {
                        Some(e) => format!("E{e}"),
                        None => "-".into(),
                    }
                })
                .collect();
            println!("{:<30} -> {}", g.id, events.join(" "));
        }
    }
}
