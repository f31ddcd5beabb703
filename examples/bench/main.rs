//! Benchmark tools, not part of qbank's command line:
//!
//! ```sh
//! cargo run --release --example bench -- generate --questions 100000 --seed 1 --out DIR
//! cargo run --release --example bench -- fts5-build --corpus DIR --db FILE
//! cargo run --release --example bench -- fts5-search --db FILE rate limiting
//! cargo run --release --example bench -- fts5-related --db FILE --id synthetic-0001:2
//! cargo run --release --example bench -- fts5-export --db FILE --category performance -o FILE
//! cargo run --release --example bench -- latency --corpus DIR --index DIR --runs 200
//! cargo run --release --example bench -- browse-latency --corpus DIR --index DIR --runs 20
//! ```

mod browse;
mod fts5;
mod generate;
mod latency;
mod workload;

use std::num::NonZeroUsize;
use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "qbank benchmark tools")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes a synthetic corpus recombined from a real one
    Generate {
        /// How many questions
        #[arg(long)]
        questions: usize,
        /// The same seed gives the same corpus
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The real corpus to take frames and words from
        #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))]
        from: PathBuf,
        /// Directory to write the source lists into
        #[arg(long)]
        out: PathBuf,
    },
    /// Loads a corpus into a new SQLite FTS5 database
    Fts5Build {
        #[arg(long)]
        corpus: PathBuf,
        #[arg(long)]
        db: PathBuf,
    },
    /// Searches an FTS5 database built by fts5-build; exit status 1 when nothing matches
    Fts5Search {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, short = 'n', default_value_t = 10)]
        limit: usize,
        #[arg(required = true)]
        words: Vec<String>,
    },
    /// The questions most related to one, from an FTS5 database built by fts5-build;
    /// exit status 1 when there are none
    Fts5Related {
        #[arg(long)]
        db: PathBuf,
        /// The question's id
        #[arg(long)]
        id: String,
        #[arg(long, short = 'n', default_value_t = 10)]
        limit: usize,
    },
    /// Writes the questions of one category of an FTS5 database built by fts5-build as
    /// JSON lines; exit status 1 when there are none
    Fts5Export {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        category: qbank::Category,
        #[arg(long, short = 'o')]
        output: PathBuf,
    },
    /// Runs the benchmark's searches, related and export selection in process, the index
    /// opened once, and prints p50 and p99 of each
    Latency {
        /// The corpus the index was built from (for its synonyms)
        #[arg(long)]
        corpus: PathBuf,
        /// The index directory, as `qbank --index`
        #[arg(long)]
        index: PathBuf,
        /// Timed runs of each operation
        #[arg(long, default_value = "200")]
        runs: NonZeroUsize,
    },
    /// Times `qbank browse` from key to screen (the model and the drawing, in process)
    /// over a script of typing and moving, and prints p50 and p99
    BrowseLatency {
        /// The corpus the index was built from (for its synonyms and concepts)
        #[arg(long)]
        corpus: PathBuf,
        /// The index directory, as `qbank --index`
        #[arg(long)]
        index: PathBuf,
        /// Times the script of keys is run
        #[arg(long, default_value = "20")]
        runs: NonZeroUsize,
    },
}

fn main() -> Result<std::process::ExitCode> {
    match Cli::parse().command {
        Command::Generate {
            questions,
            seed,
            from,
            out,
        } => {
            let material = generate::Material::from_corpus(&from)?;
            let files = generate::write_corpus(&material, questions, seed, &out)?;
            eprintln!(
                "wrote {questions} questions in {files} files to {}",
                out.display()
            );
        }
        Command::Fts5Build { corpus, db } => fts5::build(&corpus, &db)?,
        Command::Fts5Search { db, limit, words } => {
            if fts5::search(&db, &words.join(" "), limit)? == 0 {
                return Ok(std::process::ExitCode::from(1));
            }
        }
        Command::Fts5Related { db, id, limit } => {
            if fts5::related(&db, &id, limit)? == 0 {
                return Ok(std::process::ExitCode::from(1));
            }
        }
        Command::Fts5Export {
            db,
            category,
            output,
        } => {
            if fts5::export(&db, category, &output)? == 0 {
                return Ok(std::process::ExitCode::from(1));
            }
        }
        Command::Latency {
            corpus,
            index,
            runs,
        } => latency::run(&corpus, &index, runs)?,
        Command::BrowseLatency {
            corpus,
            index,
            runs,
        } => browse::run(&corpus, &index, runs)?,
    }
    Ok(std::process::ExitCode::SUCCESS)
}
