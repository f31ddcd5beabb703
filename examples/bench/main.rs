//! Benchmark tools, not part of qbank's command line:
//!
//! ```sh
//! cargo run --release --example bench -- generate --questions 100000 --seed 1 --out DIR
//! ```

mod generate;

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
}

fn main() -> Result<()> {
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
    }
    Ok(())
}
