//! A synthetic corpus for benchmarks: questions and explanations recombined from the
//! project corpus's own words, in the shapes qbank reads, the same for the same seed.
//!
//! Each generated question keeps the frame of a real one ("What is …, and how …?") and
//! swaps most of its content words for words drawn from the real corpus's vocabulary
//! with Zipf-like frequencies (the k-th most frequent word drawn in proportion to
//! 1/k), so term statistics look like a large real list, not like random letters.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use qbank::corpus::Lists;
use qbank::export::{category_heading, level_heading};
use qbank::{Category, Level};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// At most this many questions in one generated file.
pub const PER_FILE: usize = 10_000;
/// The share of questions that get an explanation.
const EXPLAINED: f64 = 0.25;
/// The chance that a content word of the frame is replaced by a drawn word.
const REPLACE: f64 = 0.7;

/// Words that frame a question rather than say what it is about; kept as they are.
const FRAME_WORDS: &[&str] = &[
    "a",
    "about",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "between",
    "by",
    "can",
    "could",
    "describe",
    "difference",
    "do",
    "does",
    "explain",
    "for",
    "from",
    "have",
    "how",
    "in",
    "into",
    "is",
    "it",
    "its",
    "of",
    "on",
    "or",
    "should",
    "some",
    "that",
    "the",
    "their",
    "them",
    "these",
    "this",
    "those",
    "to",
    "use",
    "used",
    "vs",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "with",
    "would",
    "you",
    "your",
];

/// Real question and explanation frames, and the vocabulary to fill them with.
pub struct Material {
    questions: Vec<String>,
    explanations: Vec<String>,
    words: Vec<String>,
    /// Cumulative Zipf weights over `words`, most frequent first.
    cumulative: Vec<f64>,
}

impl Material {
    /// Reads the real corpus in `dir`.
    pub fn from_corpus(dir: &Path) -> Result<Material> {
        let corpus = qbank::corpus::load(&Lists::Dir(dir.to_path_buf()))
            .with_context(|| format!("reading {}", dir.display()))?;
        let questions: Vec<String> = corpus.records().map(|r| r.question.clone()).collect();
        let explanations: Vec<String> = corpus
            .records()
            .filter_map(|r| r.explanation.as_ref())
            .map(|e| e.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        let mut counts: HashMap<String, usize> = HashMap::new();
        for text in questions.iter().chain(&explanations) {
            for token in text.split_whitespace() {
                let (_, word, _) = split_token(token);
                if is_content(word) {
                    *counts.entry(word.to_lowercase()).or_default() += 1;
                }
            }
        }
        let mut words: Vec<(String, usize)> = counts.into_iter().collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut total = 0.0;
        let cumulative = (0..words.len())
            .map(|rank| {
                total += 1.0 / (rank as f64 + 1.0);
                total
            })
            .collect();
        anyhow::ensure!(
            !questions.is_empty() && !explanations.is_empty(),
            "{} has no questions with explanations to recombine",
            dir.display()
        );
        Ok(Material {
            questions,
            explanations,
            words: words.into_iter().map(|(w, _)| w).collect(),
            cumulative,
        })
    }

    fn draw_word(&self, rng: &mut ChaCha8Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let target = rng.random::<f64>() * total;
        let rank = self.cumulative.partition_point(|&c| c < target);
        &self.words[rank.min(self.words.len() - 1)]
    }

    /// A frame with most of its content words, and always one, swapped for drawn ones:
    /// copies of a frame happen only when the draw repeats its words.
    fn recombine(&self, frame: &str, rng: &mut ChaCha8Rng) -> String {
        let content = frame
            .split_whitespace()
            .filter(|t| is_content(split_token(t).1))
            .count();
        let forced = rng.random_range(0..content.max(1));
        let mut seen = 0;
        let mut out = String::with_capacity(frame.len() + 16);
        for token in frame.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            let (before, word, after) = split_token(token);
            out.push_str(before);
            let replace = is_content(word) && {
                seen += 1;
                seen - 1 == forced || rng.random::<f64>() < REPLACE
            };
            if replace {
                out.push_str(self.draw_word(rng));
            } else {
                out.push_str(word);
            }
            out.push_str(after);
        }
        out
    }
}

/// Splits leading and trailing punctuation off a whitespace-separated token.
fn split_token(token: &str) -> (&str, &str, &str) {
    let start = token
        .find(|c: char| c.is_alphanumeric())
        .unwrap_or(token.len());
    let end = token
        .rfind(|c: char| c.is_alphanumeric())
        .map_or(start, |i| {
            i + token[i..].chars().next().map_or(1, char::len_utf8)
        });
    (
        &token[..start],
        &token[start..end.max(start)],
        &token[end.max(start)..],
    )
}

fn is_content(word: &str) -> bool {
    word.chars().count() >= 3
        && word.chars().all(|c| c.is_alphanumeric() || c == '-')
        && !FRAME_WORDS.contains(&word.to_lowercase().as_str())
}

/// Writes `count` questions into `out` as source lists of at most `PER_FILE` questions.
/// Returns the number of files written.
pub fn write_corpus(material: &Material, count: usize, seed: u64, out: &Path) -> Result<usize> {
    fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let files = count.div_ceil(PER_FILE);
    for file in 0..files {
        let in_file = PER_FILE.min(count - file * PER_FILE);
        let text = list(material, file, in_file, &mut rng);
        let path = out.join(format!("synthetic-{:04}.md", file + 1));
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(files)
}

/// One source list. Every fifth list, from the second, groups its sections under level
/// headings (as a leveled list does); the others have category headings only.
fn list(material: &Material, file: usize, count: usize, rng: &mut ChaCha8Rng) -> String {
    let leveled = file % 5 == 1;
    let mut text = format!(
        "# Synthetic backend interview questions, list {}\n",
        file + 1
    );
    let mut number = 0;
    while number < count {
        let section = rng.random_range(20..=60).min(count - number);
        let category = Category::ALL[rng.random_range(0..Category::ALL.len())];
        if leveled {
            let level = Level::ALL[rng.random_range(0..Level::ALL.len())];
            let _ = write!(
                text,
                "\n## {} Level\n\n### {}\n\n",
                level_heading(level),
                category_heading(category)
            );
        } else {
            let _ = write!(text, "\n## {}\n\n", category_heading(category));
        }
        for _ in 0..section {
            number += 1;
            let frame = &material.questions[rng.random_range(0..material.questions.len())];
            let question = material.recombine(frame, rng);
            if rng.random::<f64>() < EXPLAINED {
                let frame =
                    &material.explanations[rng.random_range(0..material.explanations.len())];
                let explanation = material.recombine(frame, rng);
                let _ = writeln!(
                    text,
                    "{number}. **{question}**  \n   **Explanation**: {explanation}\n"
                );
            } else {
                let _ = writeln!(text, "{number}. {question}");
            }
        }
    }
    text
}
