//! In-process latency of the workload: the index opened once, each operation run many
//! times in a row, p50 and p99 of those runs (what criterion does not report).

use std::num::NonZeroUsize;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use qbank::corpus::Lists;
use qbank::search::Searcher;
use qbank::synonyms::Synonyms;

use crate::workload;

/// Untimed runs of each operation first, as the script's `hyperfine --warmup 3`.
const WARMUP: usize = 3;

/// Prints a table of each operation's p50 and p99 over `runs` runs.
pub fn run(corpus: &Path, index: &Path, runs: NonZeroUsize) -> Result<()> {
    let open = qbank::index::open(index)
        .with_context(|| format!("opening the index in {}", index.display()))?;
    // Searches use the corpus's synonyms, as `qbank search` does.
    let synonyms = Synonyms::for_corpus(&Lists::Dir(corpus.to_path_buf()))
        .with_context(|| format!("reading the synonyms of {}", corpus.display()))?;
    let searcher = Searcher::new(&open).with_synonyms(synonyms);
    println!("in process, index opened once: {runs} runs of each after {WARMUP} untimed ones");
    println!(
        "{:<44} {:>8} {:>8} {:>8}",
        "operation", "results", "p50 ms", "p99 ms"
    );
    for case in workload::cases() {
        for _ in 0..WARMUP {
            case.run(&searcher)?;
        }
        let mut times = Vec::with_capacity(runs.get());
        let mut results = 0;
        for _ in 0..runs.get() {
            let start = Instant::now();
            results = case.run(&searcher)?;
            times.push(start.elapsed());
        }
        times.sort_unstable();
        println!(
            "{:<44} {:>8} {:>8.2} {:>8.2}",
            case.name,
            results,
            percentile(&times, 50),
            percentile(&times, 99)
        );
    }
    Ok(())
}

/// The nearest-rank `p`th percentile of sorted, non-empty times, in milliseconds.
pub fn percentile(sorted: &[Duration], p: usize) -> f64 {
    let rank = (sorted.len() * p).div_ceil(100).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}
