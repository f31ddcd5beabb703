//! The point of comparison: the same questions in SQLite's FTS5 (porter stemming over
//! unicode61 tokens, BM25 ranking), which a user could set up instead of qbank.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use qbank::Category;
use qbank::classify::Labels;
use qbank::corpus::Lists;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// Question weighs 3, explanation 1: as in qbank's ranking.
const RANK: &str = "bm25(questions, 0.0, 3.0, 1.0)";

/// Loads every question of the corpus in `corpus_dir` into a new FTS5 database at `db`.
/// Beside the FTS5 table, a table `labels` finds a question's row by its id and the rows
/// of a category through indexes, as qbank's index does (for `related` and `export`). A
/// question's category is the one its section heading names: qbank's category wherever
/// a heading names one, as in every generated list.
/// Prints the time spent parsing the lists and the time spent building the FTS5 index.
pub fn build(corpus_dir: &Path, db: &Path) -> Result<()> {
    let start = Instant::now();
    let corpus = qbank::corpus::load(&Lists::Dir(corpus_dir.to_path_buf()))
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
             id UNINDEXED, question, explanation, tokenize = 'porter unicode61');
         CREATE TABLE labels (docid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, category TEXT);",
    )?;
    let transaction = connection.transaction()?;
    {
        let mut insert = transaction.prepare(
            "INSERT INTO questions (rowid, id, question, explanation) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut label =
            transaction.prepare("INSERT INTO labels (docid, id, category) VALUES (?1, ?2, ?3)")?;
        for (docid, record) in (1_i64..).zip(corpus.records()) {
            insert.execute(params![
                docid,
                record.id,
                record.question,
                record.explanation
            ])?;
            let category = Labels::of(record).category.map(Category::as_str);
            label.execute(params![docid, record.id, category])?;
        }
    }
    transaction.commit()?;
    connection.execute_batch("CREATE INDEX labels_category ON labels (category);")?;
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
    // Each word quoted; a query in double quotes stays one phrase.
    let query: Vec<String> = match words.strip_prefix('"').and_then(|w| w.strip_suffix('"')) {
        Some(phrase) => vec![quote(phrase)],
        None => words.split_whitespace().map(quote).collect(),
    };
    let mut statement = connection.prepare(&format!(
        "SELECT id, question FROM questions WHERE questions MATCH ?1 ORDER BY {RANK} LIMIT ?2"
    ))?;
    let rows = statement.query_map(params![query.join(" "), limit as i64], id_and_question)?;
    print_rows(rows)
}

/// Prints the `limit` questions most related to the question `id`, as qbank's `related`
/// finds them: its content words (qbank's choice of them), any of them matching, best
/// by bm25() first, the question itself left out. Returns how many were printed.
pub fn related(db: &Path, id: &str, limit: usize) -> Result<usize> {
    let connection = Connection::open(db)?;
    let found: Option<(i64, String)> = connection
        .query_row(
            "SELECT docid, question FROM labels JOIN questions ON questions.rowid = docid
             WHERE labels.id = ?1",
            params![id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let (docid, question) =
        found.with_context(|| format!("no question with id '{id}' in {}", db.display()))?;
    let content = qbank::duplicates::content_terms(&question);
    let mut words = BTreeSet::new();
    for (word, term) in qbank::analysis::words_and_terms(&question) {
        if term.is_some_and(|term| content.contains(&term)) {
            words.insert(quote(&word));
        }
    }
    anyhow::ensure!(
        !words.is_empty(),
        "the question '{question}' has no content words to relate by"
    );
    let query = words.into_iter().collect::<Vec<_>>().join(" OR ");
    let mut statement = connection.prepare(&format!(
        "SELECT id, question FROM questions WHERE questions MATCH ?1 AND rowid != ?2
         ORDER BY {RANK} LIMIT ?3"
    ))?;
    let rows = statement.query_map(params![query, docid, limit as i64], id_and_question)?;
    print_rows(rows)
}

fn id_and_question(row: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String)> {
    Ok((row.get(0)?, row.get(1)?))
}

/// Prints each (id, question) row as a tab-separated line; returns how many.
fn print_rows(rows: impl Iterator<Item = rusqlite::Result<(String, String)>>) -> Result<usize> {
    let mut printed = 0;
    for row in rows {
        let (id, question) = row?;
        println!("{id}\t{question}");
        printed += 1;
    }
    Ok(printed)
}

/// A word or phrase quoted for FTS5, whose own query syntax would read `-` or `:` in it.
fn quote(words: &str) -> String {
    format!("\"{}\"", words.replace('"', "\"\""))
}

/// One exported question: what the database holds of it.
#[derive(Serialize)]
struct Exported {
    id: String,
    question: String,
    explanation: Option<String>,
    category: String,
}

/// Writes every question of `category` to `out` as JSON lines, in corpus order, and
/// syncs the file to disk as `qbank export -o` does. Returns how many were written.
pub fn export(db: &Path, category: Category, out: &Path) -> Result<usize> {
    let connection = Connection::open(db)?;
    let mut statement = connection.prepare(
        "SELECT labels.id, question, explanation, category
         FROM labels JOIN questions ON questions.rowid = docid
         WHERE category = ?1 ORDER BY docid",
    )?;
    let rows = statement.query_map(params![category.as_str()], |row| {
        Ok(Exported {
            id: row.get(0)?,
            question: row.get(1)?,
            explanation: row.get(2)?,
            category: row.get(3)?,
        })
    })?;
    let file = File::create(out).with_context(|| format!("creating {}", out.display()))?;
    let mut writer = BufWriter::new(file);
    let mut written = 0;
    for row in rows {
        serde_json::to_writer(&mut writer, &row?)?;
        writer.write_all(b"\n")?;
        written += 1;
    }
    let file = writer
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(|| format!("writing {}", out.display()))?;
    file.sync_all()
        .with_context(|| format!("writing {}", out.display()))?;
    Ok(written)
}
