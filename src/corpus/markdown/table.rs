//! A table whose header names a question column (`| # | Question | Answer |`): each
//! row is a question, with the answer column (if any) as its answer. A table whose
//! question cells are all links within the page is a table of contents, and any other
//! table is part of an answer.

use std::ops::Range;

use super::assemble::{Builder, Origin};
use super::decoration::is_link;
use super::document::markdown_plain;

/// Header words of the column that holds the questions, and of the answers.
const QUESTION_HEADERS: &[&str] = &["question", "questions", "q", "prompt", "front"];
const ANSWER_HEADERS: &[&str] = &["answer", "answers", "a", "explanation", "solution", "back"];
const NUMBER_HEADERS: &[&str] = &["#", "no", "no.", "nr", "num", "number", "sr", "s.no", "sl"];

impl Builder<'_, '_> {
    pub(super) fn table(&mut self, range: Range<usize>) {
        let source = &self.doc.text[range.clone()];
        let mut lines = Vec::new();
        let mut offset = range.start;
        for line in source.split_inclusive('\n') {
            lines.push((offset, line.trim_end()));
            offset += line.len();
        }
        let header: Vec<String> = lines
            .first()
            .map(|(_, line)| cells(line))
            .unwrap_or_default()
            .iter()
            .map(|c| c.trim_matches(['*', '_', '`', ' ']).to_lowercase())
            .collect();
        let column = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
        let Some(question_column) = column(QUESTION_HEADERS) else {
            if !self.extend_answer(range.clone()) {
                self.unplaced(range.start, "table outside any question");
            }
            return;
        };
        let answer_column = column(ANSWER_HEADERS);
        let number_column = column(NUMBER_HEADERS);
        // After the header and the delimiter row, one question a row.
        let rows: Vec<(usize, Vec<String>)> = lines
            .iter()
            .skip(2)
            .map(|&(at, line)| (at, cells(line)))
            .collect();
        // Group rows (`| | **Core React** |`) sit among the links of a contents table.
        let anchors = rows
            .iter()
            .filter(|(_, cells)| {
                cells
                    .get(question_column)
                    .is_some_and(|cell| is_link(cell) && cell.contains("](#"))
            })
            .count();
        let is_contents = anchors * 2 > rows.len();
        if is_contents {
            return;
        }
        for (offset, cells) in rows {
            let question = cells
                .get(question_column)
                .map(|c| markdown_plain(c))
                .unwrap_or_default();
            if question.is_empty() {
                continue;
            }
            let number = number_column
                .and_then(|c| cells.get(c))
                .and_then(|c| c.trim().trim_end_matches('.').parse().ok());
            let answer = answer_column
                .and_then(|c| cells.get(c))
                .map(|c| line_breaks(c))
                .filter(|a| !a.trim().is_empty());
            self.open(
                Origin::ListItem { ordered: true },
                number,
                offset,
                question,
                false,
            );
            if let Some(draft) = self.current.as_mut() {
                draft.answer.extend(answer);
            }
        }
    }
}

/// The cells of a table row: split at pipes that are not escaped or inside code.
fn cells(line: &str) -> Vec<String> {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let line = line
        .strip_suffix('|')
        .filter(|l| !l.ends_with('\\'))
        .unwrap_or(line);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut in_code = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '`' => {
                in_code = !in_code;
                cell.push(c);
            }
            '|' if !in_code => cells.push(std::mem::take(&mut cell).trim().to_string()),
            _ => cell.push(c),
        }
    }
    cells.push(cell.trim().to_string());
    cells
}

/// A cell's `<br>` line breaks as real ones: tables can hold no others.
fn line_breaks(cell: &str) -> String {
    cell.replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("<br>", "\n")
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    #[test]
    fn a_table_with_a_question_column() {
        let text = "# Quick answers\n\n| # | Question | Answer |\n|---|---|---|\n| 1 | What is `a \\| b` in shell? | A pipe.<br>It connects processes. |\n| 2 | What is TTL? | |\n";
        let parsed = parse(text);
        let got: Vec<_> = parsed
            .entries
            .iter()
            .map(|e| (e.number, e.question.as_str(), e.explanation.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some(1),
                    "What is a | b in shell?",
                    Some("A pipe.\nIt connects processes.")
                ),
                (Some(2), "What is TTL?", None),
            ]
        );
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }

    #[test]
    fn a_table_of_contents_and_a_table_in_an_answer() {
        let text = "| No. | Questions |\n|---|---|\n| | **Core** |\n| 1 | [What is X?](#what-is-x) |\n| 2 | [What is Y?](#what-is-y) |\n\n1. ### What is X?\n\n   | verb | safe |\n   |---|---|\n   | GET | yes |\n";
        let parsed = parse(text);
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(
            parsed.entries[0].explanation.as_deref(),
            Some("| verb | safe |\n|---|---|\n| GET | yes |")
        );
    }
}
