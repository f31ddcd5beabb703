//! Lists of questions: numbered or bulleted items, one question each.
//!
//! - Numbered items are questions however they are phrased ("REST vs GraphQL"); a
//!   bulleted list must mostly read like questions, since bullets also carry notes.
//! - In an item, the first paragraph (or heading: `1. ### What is …`) is the question, up
//!   to an answer marker (`**Explanation**:`, `Answer:`, `A:`); the rest is the answer.
//! - Sub-bullets that all ask (`* How …?` / `  * What are the exceptions?`) are
//!   follow-ups: part of the question, not an answer.
//! - A list of links within the page is a table of contents (links elsewhere whose
//!   text asks are questions linking to their answers); a list of check boxes after a question is
//!   its options (the answer).

use std::ops::Range;

use super::assemble::{Builder, Origin};
use super::decoration::{is_anchor_list, is_link_list};
use super::document::{Item, markdown_plain};
use super::markers::{
    answer_marker, ends_with_question_mark, find_answer_marker, leading_number, looks_like_question,
};
use super::snippet::{fenced, points_at_code};
use super::text::{dedent, dedent_all, item_indent, list_marker_len};

impl Builder<'_, '_> {
    pub(super) fn list(&mut self, ordered: bool, items: &[Item], range: Range<usize>) {
        let source = &self.doc.text[range.clone()];
        let asking = items
            .iter()
            .filter(|item| looks_like_question(&self.doc.plain(self.item_question(item).0)))
            .count();
        // Links whose text asks are questions that link to their answers.
        if is_anchor_list(source) || (is_link_list(source) && asking * 2 <= items.len()) {
            return;
        }
        let title = match items {
            [_] if !ordered => self.take_topic_title(),
            _ => None,
        };
        if self.topic.is_some() {
            // A topic heading with a list below is a section after all.
            self.close();
        }
        let continues_questions = matches!(
            self.current.as_ref().map(|d| d.origin),
            Some(Origin::ListItem { ordered: o }) if o == ordered
        );
        if !continues_questions && self.extend_answer(range.clone()) {
            return;
        }
        let is_question_list = ordered || asking * 2 > items.len();
        if !is_question_list {
            self.unplaced(range.start, "list whose items do not look like questions");
            return;
        }
        for item in items {
            self.item(ordered, item);
        }
        if let Some(draft) = self.current.as_mut()
            && title.is_some()
        {
            draft.entry.title = title;
        }
    }

    /// The source range of an item's question, and where its answer starts (after the
    /// answer marker, or after the first paragraph when there is no marker).
    fn item_question(&self, item: &Item) -> (Range<usize>, usize, bool) {
        let text = self.doc.text;
        let content = item.range.start + list_marker_len(&text[item.range.clone()]);
        let first = content..item.first_block_end.max(content);
        match find_answer_marker(&text[first.clone()]) {
            Some((at, len)) => (content..content + at, content + at + len, true),
            None => (first.clone(), first.end, false),
        }
    }

    pub(super) fn item(&mut self, ordered: bool, item: &Item) {
        self.close();
        let text = self.doc.text;
        let (question_range, answer_start, mut marked) = self.item_question(item);
        let mut question = self.doc.plain(question_range);
        if question.is_empty() {
            self.unplaced(item.range.start, "list item with no question text");
            return;
        }
        let number = ordered
            .then(|| leading_number(&text[item.range.clone()]))
            .flatten();
        let indent = item_indent(&text[item.range.clone()]);
        let mut answer = dedent(&text[answer_start..item.range.end], indent);
        if !marked && let Some(follow_ups) = follow_ups(&answer) {
            question = format!("{question} {follow_ups}");
            answer.clear();
        }
        let mut code = None;
        if !marked && points_at_code(&question) {
            (code, answer) = split_leading_code(&answer);
            // The answer may then open with its marker (`**Explanation**:`).
            if code.is_some()
                && let Some(len) = answer_marker(answer.trim_start())
            {
                answer = answer.trim_start()[len..].to_string();
                marked = true;
            }
        }
        self.open(
            Origin::ListItem { ordered },
            number,
            item.range.start,
            question,
            marked,
        );
        if let Some(draft) = self.current.as_mut() {
            draft.entry.code = code;
            if !answer.trim().is_empty() {
                draft.answer.push(answer);
                draft.answer_open = true;
            }
        }
    }
}

/// If the rest of an item is only sub-bullets that ask, their text.
fn follow_ups(rest: &str) -> Option<String> {
    let lines: Vec<&str> = rest
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let asking = !lines.is_empty()
        && lines
            .iter()
            .all(|line| line.starts_with(['-', '*', '+']) && ends_with_question_mark(line));
    asking.then(|| markdown_plain(rest))
}

/// A fenced code block that opens an item's rest, split from what follows it.
fn split_leading_code(rest: &str) -> (Option<String>, String) {
    let trimmed = rest.trim_start_matches(['\n', ' ']);
    let Some(fence) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) else {
        return (None, rest.to_string());
    };
    let after_open = trimmed.find('\n').map_or(trimmed.len(), |i| i + 1);
    let Some(close) = trimmed[after_open..]
        .match_indices(fence)
        .map(|(i, _)| after_open + i)
        .find(|&i| {
            i == 0
                || trimmed[..i].ends_with('\n')
                || trimmed[..i].trim_end_matches(' ').ends_with('\n')
        })
    else {
        return (None, rest.to_string());
    };
    let end = trimmed[close..]
        .find('\n')
        .map_or(trimmed.len(), |i| close + i + 1);
    let code = fenced(&dedent_all(&trimmed[..end]));
    (Some(code), trimmed[end..].to_string())
}
