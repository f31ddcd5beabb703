//! Writing a set of questions out: JSON and JSON lines (the objects `search` prints),
//! CSV for spreadsheets, Markdown that qbank reads back as a corpus, and Anki cards.
//! Each writer takes any `Write`; where the bytes go (stdout, a file replaced
//! atomically) is the caller's business.

use std::io::{self, Write};

use serde::Serialize;

use crate::question::{Category, Level};
use crate::render::{hit_json, question_json_object};
use crate::search::Hit;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
    Markdown,
    Anki,
}

impl Format {
    /// The format a file name suggests by its extension.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Markdown),
            "tsv" | "txt" => Some(Format::Anki),
            _ => None,
        }
    }
}

/// What is exported: the questions, in order, and how they were chosen.
pub struct Selection<'a> {
    pub hits: &'a [Hit],
    /// Whether a query ranked them (else they are in category, level, source, number
    /// order and have no score).
    pub ranked: bool,
    /// The filter that produced them, in words ("category databases, level advanced").
    pub description: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Csv(#[from] csv::Error),
}

/// Writes the selection in `format`; `progress` hears the number of questions written.
pub fn write(
    format: Format,
    selection: &Selection,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> Result<(), ExportError> {
    match format {
        Format::Json => json(selection, out, progress),
        Format::Jsonl => jsonl(selection, out, progress),
        Format::Csv => csv(selection, out, progress),
        Format::Markdown => markdown(selection, out, progress),
        Format::Anki => anki(selection, out, progress),
    }
}

fn object(selection: &Selection, hit: &Hit) -> impl Serialize {
    if selection.ranked {
        hit_json(hit)
    } else {
        question_json_object(&hit.question)
    }
}

fn json(
    selection: &Selection,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> Result<(), ExportError> {
    out.write_all(b"[")?;
    for (i, hit) in selection.hits.iter().enumerate() {
        out.write_all(if i == 0 { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *out, &object(selection, hit))?;
        progress(i + 1);
    }
    out.write_all(if selection.hits.is_empty() {
        b"]\n"
    } else {
        b"\n]\n"
    })?;
    Ok(())
}

fn jsonl(
    selection: &Selection,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> Result<(), ExportError> {
    for (i, hit) in selection.hits.iter().enumerate() {
        serde_json::to_writer(&mut *out, &object(selection, hit))?;
        out.write_all(b"\n")?;
        progress(i + 1);
    }
    Ok(())
}

/// The CSV columns, one per field of a result.
const CSV_HEADER: &[&str] = &[
    "id",
    "source",
    "number",
    "line",
    "question",
    "explanation",
    "section",
    "category",
    "category_source",
    "category_confidence",
    "level",
    "level_source",
    "level_confidence",
    "cluster",
    "duplicates",
    "explanation_from",
    "score",
];

fn csv(
    selection: &Selection,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> Result<(), ExportError> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_HEADER)?;
    for (i, hit) in selection.hits.iter().enumerate() {
        let q = &hit.question;
        let score = if selection.ranked {
            hit.score.to_string()
        } else {
            String::new()
        };
        let cells = [
            q.id.clone(),
            q.source.clone(),
            q.number.to_string(),
            q.line.to_string(),
            q.question.clone(),
            q.explanation.clone().unwrap_or_default(),
            q.section.clone().unwrap_or_default(),
            q.category.to_string(),
            q.category_source.to_string(),
            q.category_confidence.to_string(),
            q.level.to_string(),
            q.level_source.to_string(),
            q.level_confidence.to_string(),
            q.cluster.clone(),
            q.duplicates.join(" "),
            q.explanation_from.clone().unwrap_or_default(),
            score,
        ];
        writer.write_record(
            cells
                .iter()
                .map(|cell| neutralise_formula(cell).into_owned()),
        )?;
        progress(i + 1);
    }
    writer.flush()?;
    Ok(())
}

/// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
/// return before one) as a formula; a leading apostrophe makes it text, which
/// spreadsheets show without the apostrophe.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A heading that qbank's classifier reads back as the category.
pub fn category_heading(category: Category) -> &'static str {
    match category {
        Category::Fundamentals => "Fundamentals",
        Category::DataStructures => "Data Structures and Algorithms",
        Category::Apis => "APIs",
        Category::Databases => "Databases",
        Category::Security => "Security",
        Category::Performance => "Performance",
        Category::Architecture => "Architecture",
        Category::Devops => "DevOps",
        Category::Testing => "Testing",
        Category::Concurrency => "Concurrency",
        Category::Networking => "Networking",
        Category::Observability => "Observability",
    }
}

/// A heading that qbank's classifier reads back as the level.
pub fn level_heading(level: Level) -> &'static str {
    match level {
        Level::Beginner => "Beginner",
        Level::Intermediate => "Intermediate",
        Level::Advanced => "Advanced",
    }
}

/// Markdown grouped by category, then level, numbered through the file, each question
/// with its explanation beneath it. qbank's own parser reads it back to the same
/// questions, explanations, categories and levels, so an export can become a corpus.
fn markdown(
    selection: &Selection,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> Result<(), ExportError> {
    let count = selection.hits.len();
    writeln!(out, "# qbank export\n")?;
    writeln!(
        out,
        "{count} question{}: {}; grouped by category, then level.",
        if count == 1 { "" } else { "s" },
        selection.description
    )?;
    let mut order: Vec<&Hit> = selection.hits.iter().collect();
    // Stable: within a group, the selection's order (by score, or by source and number).
    order.sort_by_key(|hit| (hit.question.category, hit.question.level));
    let mut group: Option<(Category, Level)> = None;
    for (i, hit) in order.iter().enumerate() {
        let q = &hit.question;
        if group.map(|(c, _)| c) != Some(q.category) {
            writeln!(out, "\n## {}", category_heading(q.category))?;
        }
        if group != Some((q.category, q.level)) {
            writeln!(out, "\n### {}\n", level_heading(q.level))?;
        } else {
            writeln!(out)?;
        }
        group = Some((q.category, q.level));
        let marker = format!("{}. ", i + 1);
        let indent = " ".repeat(marker.len());
        writeln!(out, "{marker}{}", escape_markdown(&q.question))?;
        if let Some(explanation) = &q.explanation {
            let label = match &q.explanation_from {
                Some(from) => format!("**Explanation** (from {from}):"),
                None => "**Explanation**:".to_string(),
            };
            let mut lines = explanation.lines();
            writeln!(out, "{indent}{label} {}", lines.next().unwrap_or_default())?;
            for line in lines {
                if line.trim().is_empty() {
                    writeln!(out)?;
                } else {
                    writeln!(out, "{indent}{line}")?;
                }
            }
        }
        progress(i + 1);
    }
    Ok(())
}

/// Escapes what Markdown would read as markup, so the text reads back as written.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // A leading list marker would open a nested list.
    if out.starts_with(['-', '+']) {
        out.insert(0, '\\');
    }
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// Tab-separated cards that Anki's plain-text import reads: front, back, tags.
fn anki(
    selection: &Selection,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> Result<(), ExportError> {
    out.write_all(b"#separator:tab\n#html:false\n#tags column:3\n")?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .from_writer(out);
    for (i, hit) in selection.hits.iter().enumerate() {
        let q = &hit.question;
        let back = match (&q.explanation, &q.explanation_from) {
            (Some(explanation), None) => format!("{explanation}\n\n({})", q.id),
            (Some(explanation), Some(from)) => {
                format!("{explanation}\n\n({}; explanation from {from})", q.id)
            }
            (None, _) => format!("No explanation in the corpus.\n\n({})", q.id),
        };
        let tags = format!("qbank::{} qbank::{}", q.category, q.level);
        writer.write_record([q.question.as_str(), back.as_str(), tags.as_str()])?;
        progress(i + 1);
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for cell in ["=1+1", "+cmd", "-2", "@SUM(A1)", "\t=x", "\r=x"] {
            assert_eq!(neutralise_formula(cell), format!("'{cell}"));
        }
        assert_eq!(neutralise_formula("What is 1+1?"), "What is 1+1?");
    }

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(
            escape_markdown("What is `a*b` in C#?"),
            "What is \\`a\\*b\\` in C\\#?"
        );
        assert_eq!(escape_markdown("- a list?"), "\\- a list?");
        assert_eq!(escape_markdown("404. Not found?"), "404\\. Not found?");
    }

    #[test]
    fn formats_follow_the_file_extension() {
        let of = |name: &str| Format::from_extension(std::path::Path::new(name));
        assert_eq!(of("set.MD"), Some(Format::Markdown));
        assert_eq!(of("set.csv"), Some(Format::Csv));
        assert_eq!(of("set.jsonl"), Some(Format::Jsonl));
        assert_eq!(of("set.txt"), Some(Format::Anki));
        assert_eq!(of("set"), None);
    }
}
