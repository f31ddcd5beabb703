//! Reads a markdown (or plain text) question list, in the shapes lists take in the wild.
//!
//! One pipeline, document → blocks → question records:
//!
//! 1. `front_matter` and `details` find what CommonMark cannot see as blocks (YAML/TOML
//!    front matter, HTML `<details>` questions) and blank it out of the text;
//! 2. `document` parses the rest into top-level blocks with byte offsets and the plain
//!    text of every inline run;
//! 3. `assemble` walks the blocks, handing each to the shape that reads it:
//!    `heading` (questions as headings, sections), `topic` (a topic heading over the
//!    paragraphs that ask), `items` (numbered and bulleted questions, follow-ups,
//!    options), `paragraphs` (`Q:`/`A:` labels, bold numbers, answers that follow),
//!    `details`, `table` (a table with a Question column), `snippet` (code a question
//!    asks about); `decoration` says what is
//!    skipped silently (tables of contents, badges, spacers, adverts, placeholders).
//!
//! Supporting a new shape means a new module here and a fixture under `tests/`.

mod assemble;
mod decoration;
mod details;
mod document;
mod front_matter;
mod heading;
mod items;
mod markers;
mod paragraphs;
mod snippet;
mod table;
mod text;
mod topic;

#[cfg(test)]
mod tests;

use std::ops::Range;

use crate::corpus::entry::Parsed;
use document::Document;

/// Parses the text of a source list (already decoded, BOM removed, `\n` line endings).
pub fn parse(text: &str) -> Parsed {
    let front = front_matter::find(text);
    let body_start = front.as_ref().map_or(0, |f| f.range.end);
    let mut details = details::find(&text[body_start..]);
    for block in &mut details {
        block.range = block.range.start + body_start..block.range.end + body_start;
    }
    let mut hidden: Vec<Range<usize>> = details.iter().map(|d| d.range.clone()).collect();
    hidden.extend(front.as_ref().map(|f| f.range.clone()));
    let masked = blank_out(text, &hidden);
    let doc = Document::new(&masked, details);
    let mut parsed = assemble::assemble(&doc, front.and_then(|f| f.title));
    for &offset in &doc.unclosed_fences {
        parsed.warnings.push((
            doc.line_of(offset),
            "code block opened here is never closed: what follows it is read as code, \
             not as questions"
                .to_string(),
        ));
    }
    parsed.warnings.sort_by_key(|(line, _)| *line);
    parsed
}

/// The text with the given ranges replaced by spaces (line breaks kept), so that byte
/// offsets and line numbers stay those of the source.
fn blank_out(text: &str, ranges: &[Range<usize>]) -> String {
    let mut ranges = ranges.to_vec();
    ranges.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for range in ranges {
        let start = range.start.max(copied);
        if start >= range.end {
            continue;
        }
        out.push_str(&text[copied..start]);
        for c in text[start..range.end].chars() {
            if c == '\n' {
                out.push('\n');
            } else {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    out
}
