//! In-process timings with criterion: the searches, `related` and the export selection
//! of the benchmark workload (`examples/bench/workload.rs`), over a generated corpus
//! whose index is opened once.
//!
//! ```sh
//! cargo bench --bench search                        # 10,000 generated questions
//! QBANK_BENCH_QUESTIONS=2000 cargo bench --bench search -- --quick
//! QBANK_BENCH_CORPUS=DIR QBANK_BENCH_INDEX=DIR cargo bench --bench search
//! ```
//!
//! `QBANK_BENCH_QUESTIONS` sets the size of the generated corpus (seed 1).
//! `QBANK_BENCH_CORPUS` takes a corpus `bench generate` wrote instead of generating one;
//! `QBANK_BENCH_INDEX` an index directory to use, built there when it is missing or out
//! of date (else the index is built into a temporary directory).

#[path = "../examples/bench/generate.rs"]
mod generate;
#[path = "../examples/bench/workload.rs"]
mod workload;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use criterion::Criterion;
use qbank::corpus::Lists;
use qbank::index::{self, Freshness, IndexError};
use qbank::search::Searcher;
use qbank::synonyms::Synonyms;

/// Questions generated when `QBANK_BENCH_QUESTIONS` is not set.
const QUESTIONS: usize = 10_000;

fn main() -> Result<()> {
    let scratch = tempfile::tempdir().context("creating a temporary directory")?;
    let corpus = match std::env::var_os("QBANK_BENCH_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => generate_corpus(&scratch.path().join("corpus"))?,
    };
    let index_dir = std::env::var_os("QBANK_BENCH_INDEX")
        .map_or_else(|| scratch.path().join("index"), PathBuf::from);
    let lists = Lists::Dir(corpus.clone());
    let open = open_fresh(&lists, &index_dir)?;
    let synonyms = Synonyms::for_corpus(&lists)
        .with_context(|| format!("reading the synonyms of {}", corpus.display()))?;
    let searcher = Searcher::new(&open).with_synonyms(synonyms);
    eprintln!(
        "bench: {} questions from {}, index in {}",
        open.manifest.stats.questions,
        corpus.display(),
        index_dir.display()
    );

    let cases = workload::cases();
    // Each operation once first, so that an error stops the run with its message.
    for case in &cases {
        case.run(&searcher)?;
    }
    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("workload");
    for case in &cases {
        group.bench_function(case.name.as_str(), |b| b.iter(|| case.run(&searcher)));
    }
    group.finish();
    criterion.final_summary();
    Ok(())
}

/// Writes `QBANK_BENCH_QUESTIONS` generated questions (seed 1) into `out`.
fn generate_corpus(out: &Path) -> Result<PathBuf> {
    let questions = match std::env::var_os("QBANK_BENCH_QUESTIONS") {
        Some(value) => {
            let value = value.to_string_lossy();
            value.trim().parse().with_context(|| {
                format!("QBANK_BENCH_QUESTIONS must be a number of questions, not '{value}'")
            })?
        }
        None => QUESTIONS,
    };
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let material = generate::Material::from_corpus(&from)?;
    generate::write_corpus(&material, questions, 1, out)?;
    Ok(out.to_path_buf())
}

/// Opens the index in `index_dir`, building it first when it is missing or does not
/// match the corpus.
fn open_fresh(corpus: &Lists, index_dir: &Path) -> Result<index::OpenIndex> {
    let fresh = match index::open(index_dir) {
        Ok(open) => matches!(index::freshness(&open, corpus), Ok(Freshness::Fresh)).then_some(open),
        Err(IndexError::Missing(_)) => None,
        Err(e) => return Err(e).context("opening the index"),
    };
    if let Some(open) = fresh {
        return Ok(open);
    }
    index::build(corpus, index_dir, || {}, |_, _, _| {})
        .with_context(|| format!("indexing {corpus} into {}", index_dir.display()))?;
    index::open(index_dir).context("opening the index just built")
}
