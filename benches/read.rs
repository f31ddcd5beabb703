//! In-process timing of the reader: one generated list of about 500 KB holding 500
//! answered questions in the shapes real lists take (heading questions whose answers
//! have sub-headings, lists and code; `<details>` blocks; topic headings; numbered items
//! with answers), read by `corpus::read_source` as `qbank index` reads a file.
//!
//! ```sh
//! cargo bench --bench read
//! ```

use std::fmt::Write;
use std::hint::black_box;
use std::path::Path;

use criterion::Criterion;
use qbank::corpus;

/// Questions in the generated list; each answer is padded to reach about 1 KB.
const QUESTIONS: usize = 500;

fn main() {
    let text = generate();
    let path = Path::new("generated.md");
    let source = corpus::read_source("generated", path, &text, text.len() as u64)
        .expect("the generated list reads");
    let answered = source
        .records
        .iter()
        .filter(|r| r.explanation.is_some())
        .count();
    println!(
        "generated list: {} bytes, {} questions, {} with an answer",
        text.len(),
        source.records.len(),
        answered
    );
    let mut criterion = Criterion::default().configure_from_args();
    criterion.bench_function("read a 500 KB list of 500 answered questions", |b| {
        b.iter(|| corpus::read_source("generated", path, black_box(&text), text.len() as u64))
    });
    criterion.final_summary();
}

fn generate() -> String {
    let mut text = String::from("# Generated Interview Questions\n\n");
    let filler = "A replica applies the leader's log in order, so a read from it may lag; \
                  clients that need their own writes read from the leader or wait for the \
                  replica to catch up to a known position. ";
    for n in 1..=QUESTIONS {
        let paragraph = filler.repeat(5);
        match n % 4 {
            0 => write!(
                text,
                "## {n}. How does replication number {n} keep _followers_ current?\n\n\
                 {paragraph}\n\n### Key points\n\n- **Ordering**: {filler}\n- **Lag**: {filler}\n\n\
                 ```python\n# wait for position {n}\nreplica.wait_for({n})\n```\n\n<br>\n\n"
            ),
            1 => write!(
                text,
                "### Topic {n}\n\n<details>\n<summary>What is quorum read {n}?</summary><br><b>\n\n\
                 {paragraph}\n\n* one\n* two\n</b></details>\n\n"
            ),
            2 => write!(
                text,
                "{n}. What is the log position {n}?\n   **Answer**: {paragraph}\n\n   {filler}\n\n"
            ),
            _ => write!(
                text,
                "#### Q{n}. Which replica serves read {n}?\n\n- [ ] the leader\n- [x] any \
                 replica\n\n{paragraph}\n\n"
            ),
        }
        .expect("writing to a string");
    }
    text
}
