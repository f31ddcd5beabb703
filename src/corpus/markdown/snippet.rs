//! Code that a question asks about: a code block right after "What is the output of
//! this code?", or between a question and its options, belongs to the question and is
//! shown with it. Code anywhere else stays in the answer, fenced.

use std::ops::Range;

use super::assemble::Builder;
use super::document::Block;
use super::text::dedent_all;

/// Words that say the question is about a piece of code shown with it.
const POINTERS: &[&str] = &[
    "this code",
    "following code",
    "code below",
    "below code",
    "this snippet",
    "following snippet",
    "snippet below",
    "the snippet",
    "this program",
    "following program",
    "this function",
    "following function",
    "this query",
    "following query",
    "the output",
    "will be printed",
    "does this print",
    "will this print",
    "what is printed",
    "what gets printed",
    "following",
    "below",
];

impl Builder<'_, '_> {
    pub(super) fn code(&mut self, range: Range<usize>) {
        let code = fenced(&dedent_all(self.doc.source(range.clone())));
        let Err(code) = self.topic_code(code) else {
            return;
        };
        let options_follow = matches!(
            self.doc.blocks.get(self.at + 1),
            Some(Block::List { range, .. }) if is_options(&self.doc.text[range.clone()])
        );
        if let Some(draft) = self.current.as_mut()
            && draft.answer.is_empty()
            && draft.entry.code.is_none()
            && (options_follow || points_at_code(&draft.entry.question))
        {
            draft.entry.code = Some(code);
            draft.answer_open = true;
            return;
        }
        if !self.extend_answer(range.clone()) {
            self.unplaced(range.start, "code outside any question");
        }
    }
}

/// Whether a question points at code shown with it.
pub(super) fn points_at_code(question: &str) -> bool {
    let lower = question.to_lowercase();
    lower.trim_end().ends_with(':') || POINTERS.iter().any(|p| lower.contains(p))
}

/// Whether a list is a set of answer options (`- [ ]` / `- [x]` check boxes).
pub(super) fn is_options(source: &str) -> bool {
    source.lines().filter(|l| !l.trim().is_empty()).all(|line| {
        let rest = line
            .trim_start()
            .trim_start_matches(['-', '*', '+'])
            .trim_start();
        rest.starts_with("[ ]") || rest.starts_with("[x]") || rest.starts_with("[X]")
    })
}

/// A code block as fenced markdown (an indented block becomes a fenced one).
pub(super) fn fenced(code: &str) -> String {
    let first = code.trim_start();
    if first.starts_with("```") || first.starts_with("~~~") {
        return code.to_string();
    }
    let fence = if code.contains("```") { "~~~~" } else { "```" };
    format!("{fence}\n{code}\n{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_options_and_fences() {
        assert!(points_at_code("What is the output of this code?"));
        assert!(points_at_code("Consider the function:"));
        assert!(!points_at_code("Write a function that reverses a string."));
        assert!(is_options("- [ ] A\n- [x] B\n"));
        assert!(!is_options("- A\n- B\n"));
        assert_eq!(fenced("A. one\nB. two"), "```\nA. one\nB. two\n```");
        assert_eq!(fenced("```js\nx\n```"), "```js\nx\n```");
    }
}
