//! The point of comparison: the same questions in SQLite's FTS5 (porter stemming over
//! unicode61 tokens, BM25 ranking), which a user could set up instead of qbank.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use rusqlite::{Connection, params};

/// Question weighs 3, explanation 1: as in qbank's ranking.
const RANK: &str = "bm25(questions, 0.0, 3.0, 1.0)";

/// Loads every question of the corpus in `corpus_dir` into a new FTS5 database at `db`.
/// Prints the time spent parsing the lists and the time spent building the FTS5 index.
pub fn build(corpus_dir: &Path, db: &Path) -> Result<()> {
    let start = Instant::now();
    let corpus = qbank::corpus::load(corpus_dir)
        .with_context(|| format!("reading {}", corpus_dir.display()))?;
    let parsed = start.elapsed();
    if db.exists() {
        std::fs::remove_file(db).with_context(|| format!("replacing {}", db.display()))?;
    }
    let start = Instant::now();
    let mut connection = Connection::open(db)?;
    connection.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
         CREATE VIRTUAL TABLE questions USING fts5(
             id UNINDEXED, question, explanation, tokenize = 'porter unicode61');",
    )?;
    let transaction = connection.transaction()?;
    {
        let mut insert = transaction
            .prepare("INSERT INTO questions (id, question, explanation) VALUES (?1, ?2, ?3)")?;
        for record in corpus.records() {
            insert.execute(params![record.id, record.question, record.explanation])?;
        }
    }
    transaction.commit()?;
    connection.execute_batch("INSERT INTO questions(questions) VALUES('optimize');")?;
    eprintln!(
        "fts5: {} questions; parsing {:.2} s, FTS5 build {:.2} s",
        corpus.len(),
        parsed.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Prints the ids and questions of the best `limit` matches of `words` (all of them, as
/// qbank's first tier asks), best first. Returns how many were printed.
pub fn search(db: &Path, words: &str, limit: usize) -> Result<usize> {
    let connection = Connection::open(db)?;
    // Each word quoted: FTS5's own query syntax would read `-` or `:` in a word. A
    // query in double quotes stays one phrase.
    let quote = |w: &str| format!("\"{}\"", w.replace('"', "\"\""));
    let query: Vec<String> = match words.strip_prefix('"').and_then(|w| w.strip_suffix('"')) {
        Some(phrase) => vec![quote(phrase)],
        None => words.split_whitespace().map(quote).collect(),
    };
    let mut statement = connection.prepare(&format!(
        "SELECT id, question FROM questions WHERE questions MATCH ?1 ORDER BY {RANK} LIMIT ?2"
    ))?;
    let rows = statement.query_map(params![query.join(" "), limit as i64], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut printed = 0;
    for row in rows {
        let (id, question) = row?;
        println!("{id}\t{question}");
        printed += 1;
    }
    Ok(printed)
}
