//! HTML disclosure blocks, `<details><summary>question</summary> answer </details>`: the
//! shape of lists that hide each answer until it is clicked. CommonMark sees only raw
//! HTML there, so these blocks are found in the text before it is parsed, and their
//! place in it blanked out.
//!
//! A summary that only says "Answer" (or "Show solution", "Click to expand") is not a
//! question: its body is the answer of the question above it.

use std::ops::Range;

use super::document::{fence_marker, markdown_plain};
use super::text::dedent_block;

/// One `<details>` block.
#[derive(Debug, PartialEq)]
pub struct Details {
    /// From the start of the `<details>` line to the end of the `</details>` line.
    pub range: Range<usize>,
    /// The summary as plain text.
    pub summary: String,
    /// The body as markdown, without the `<br>`/`<b>` wrapping lists put around it.
    pub body: String,
    /// Whether `</details>` is missing (the block then runs to the end of the text).
    pub unclosed: bool,
}

impl Details {
    /// Whether the summary is a label for the answer rather than a question.
    pub fn is_answer(&self) -> bool {
        let summary = self.summary.to_lowercase();
        let words: Vec<&str> = summary
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        !words.is_empty()
            && words.len() <= 6
            && words.iter().any(|w| ANSWER_LABELS.contains(w))
            && words
                .iter()
                .all(|w| ANSWER_LABELS.contains(w) || FILLER.contains(w))
    }
}

const ANSWER_LABELS: &[&str] = &[
    "answer",
    "answers",
    "solution",
    "solutions",
    "explanation",
    "expand",
    "reveal",
    "hint",
];
const FILLER: &[&str] = &[
    "show", "see", "view", "click", "to", "the", "here", "me", "for", "and", "more", "open",
];

/// Every `<details>` block that starts a line outside fenced code, outermost only.
pub fn find(text: &str) -> Vec<Details> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut offset = 0;
    let mut fence: Option<(char, usize)> = None;
    while offset < text.len() {
        let line_end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let line = &text[offset..line_end];
        if let Some((c, width)) = fence {
            if fence_marker(line).is_some_and(|(d, w)| d == c && w >= width) {
                fence = None;
            }
            offset = line_end;
            continue;
        }
        if let Some(marker) = fence_marker(line) {
            fence = Some(marker);
            offset = line_end;
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if opens_tag(&lower[offset + indent..], "details")
            && let Some(details) = read(text, &lower, offset, offset + indent)
        {
            offset = details.range.end;
            found.push(details);
            continue;
        }
        offset = line_end;
    }
    found
}

/// Whether `lower` starts with the opening tag `<name` (followed by `>` or a space).
fn opens_tag(lower: &str, name: &str) -> bool {
    lower
        .strip_prefix('<')
        .and_then(|rest| rest.strip_prefix(name))
        .is_some_and(|rest| rest.starts_with(['>', ' ', '\t', '\n']))
}

/// Reads the block whose `<details` tag is at `tag`; `line_start` is where its line starts.
fn read(text: &str, lower: &str, line_start: usize, tag: usize) -> Option<Details> {
    let open_end = tag + lower[tag..].find('>')? + 1;
    // The matching close: nested blocks (a follow-up inside an answer) stay inside.
    let mut depth = 1;
    let mut at = open_end;
    let mut close = None;
    while let Some(next) = lower[at..].find('<') {
        let position = at + next;
        if opens_tag(&lower[position..], "details") {
            depth += 1;
        } else if lower[position..].starts_with("</details") {
            depth -= 1;
            if depth == 0 {
                close = Some(position);
                break;
            }
        }
        at = position + 1;
    }
    let (inner_end, end, unclosed) = match close {
        Some(position) => {
            let end = lower[position..]
                .find('\n')
                .map_or(text.len(), |i| position + i + 1);
            (position, end, false)
        }
        None => (text.len(), text.len(), true),
    };
    let inner = &text[open_end..inner_end];
    let inner_lower = &lower[open_end..inner_end];
    let (summary, body) = match inner_lower.find("<summary") {
        Some(start) if inner_lower[..start].trim().is_empty() => {
            let content = start + inner_lower[start..].find('>')? + 1;
            let close = inner_lower[content..].find("</summary")? + content;
            let after = close + inner_lower[close..].find('>').map_or(0, |i| i + 1);
            (markdown_plain(&inner[content..close]), &inner[after..])
        }
        _ => (String::new(), inner),
    };
    Some(Details {
        range: line_start..end,
        summary,
        body: dedent_block(unwrap_body(body)),
        unclosed,
    })
}

/// The body without the spacer and bold tags lists wrap around it
/// (`<br><b>` … `</b>`).
fn unwrap_body(mut body: &str) -> &str {
    const OPENING: &[&str] = &["<br>", "<br/>", "<br />", "<b>", "<p>"];
    const CLOSING: &[&str] = &["</b>", "</p>", "<br>", "<br/>", "<br />"];
    loop {
        let trimmed = body.trim_start();
        match OPENING
            .iter()
            .find(|tag| starts_with_ignore_case(trimmed, tag))
        {
            Some(tag) => body = &trimmed[tag.len()..],
            None => break,
        }
    }
    loop {
        let trimmed = body.trim_end();
        match CLOSING
            .iter()
            .find(|tag| ends_with_ignore_case(trimmed, tag))
        {
            Some(tag) => body = &trimmed[..trimmed.len() - tag.len()],
            None => break,
        }
    }
    body.trim_start_matches(['\n', '\r'])
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn ends_with_ignore_case(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text
            .get(text.len() - suffix.len()..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
}

impl super::assemble::Builder<'_, '_> {
    /// A `<details>` block: a question with its answer, or (summary "Answer") the answer
    /// of the question above.
    pub(super) fn details(&mut self, index: usize) {
        let Some(details) = self.doc.details.get(index) else {
            return;
        };
        if details.unclosed {
            self.parsed.warnings.push((
                self.doc.line_of(details.range.start),
                "<details> opened here is never closed: the rest of the file is read as its \
                 answer"
                    .to_string(),
            ));
        }
        if details.is_answer() || details.summary.is_empty() {
            if let Some(draft) = self.current.as_mut() {
                draft.answer.push(details.body.clone());
                draft.answer_open = true;
            }
            return;
        }
        let summary = details.summary.clone();
        let body = details.body.clone();
        let start = details.range.start;
        let (number, question) = match super::markers::question_heading(&summary) {
            Some((number, question)) => (number, question.to_string()),
            None => (None, summary),
        };
        self.open(
            super::assemble::Origin::Details,
            number,
            start,
            question,
            false,
        );
        if let Some(draft) = self.current.as_mut() {
            draft.answer.push(body);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_and_wrapped_body() {
        let text = "### General\n\n<details>\n<summary>What is <code>git</code>?</summary><br><b>\n\nA version control system.\n\n* distributed\n</b></details>\n\nafter\n";
        let found = find(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].summary, "What is git?");
        assert_eq!(found[0].body, "A version control system.\n\n* distributed");
        assert_eq!(&text[found[0].range.end..], "\nafter\n");
        assert!(!found[0].unclosed && !found[0].is_answer());
    }

    #[test]
    fn empty_body_nested_blocks_and_code_are_handled() {
        let text = "<details><summary>Q1?</summary><br><b>\n</b></details>\n```\n<details><summary>not me</summary></details>\n```\n<DETAILS>\n<summary>Q2?</summary>\n<details><summary>Answer</summary>inner</details>\n</DETAILS>\n";
        let found = find(text);
        let summaries: Vec<_> = found.iter().map(|d| d.summary.as_str()).collect();
        assert_eq!(summaries, ["Q1?", "Q2?"]);
        assert_eq!(found[0].body, "");
        assert!(found[1].body.contains("inner"));
    }

    #[test]
    fn answer_labels() {
        for (summary, is_answer) in [
            ("Answer", true),
            ("Show answer", true),
            ("Click to expand the solution", true),
            ("What is the answer to everything?", false),
            ("", false),
        ] {
            let text = format!("<details><summary>{summary}</summary>x</details>\n");
            assert_eq!(find(&text)[0].is_answer(), is_answer, "{summary}");
        }
    }

    #[test]
    fn an_unclosed_block_runs_to_the_end() {
        let found = find("<details>\n<summary>Q?</summary>\nbody\n");
        assert!(found[0].unclosed);
        assert_eq!(found[0].body, "body");
    }
}
