//! Headings: a heading that asks is a question, and what lies beneath it, deeper
//! headings included, is its answer (`## 12. What is …?` followed by `### Key points`);
//! any other heading opens a section, or names the topic of the paragraphs below it
//! (see `topic`). Decoration in headings (a "back to top" arrow, emoji) is dropped.

use std::ops::Range;

use super::assemble::{Builder, Origin};
use super::decoration::{clean_heading, is_advert, is_page_part};
use super::markers::{heading_number, looks_like_question, question_heading, question_marker};

impl Builder<'_, '_> {
    pub(super) fn heading(&mut self, depth: usize, range: Range<usize>) {
        let text = clean_heading(&self.doc.plain(range.clone()));
        if text.is_empty() || is_advert(&text) || self.plan.is_boilerplate(self.at) {
            return;
        }
        if let Some(draft) = &self.current
            && let Origin::Heading {
                depth: question_depth,
                numbered,
            } = draft.origin
            && !asks_like_its_siblings(&text, numbered)
            && (depth > question_depth || self.is_part_of_numbered_answer(depth, numbered, &text))
        {
            // A sub-heading of the answer ("### Key differences").
            self.current_answer_push(range);
            return;
        }
        self.close();
        self.label_heading = None;
        self.in_intro = true;
        // A question does not end the section of its own depth ("## # 3. Data types"
        // then "## Q. What are the data types?"); a section does.
        let asks = question_heading(&text).is_some() || self.plan.numbered_question(self.at);
        self.sections
            .retain(|(d, _)| *d < depth || (asks && *d == depth));
        if let Some((number, "")) = question_heading_label(&text) {
            self.label_heading = Some((depth, number, range.start));
            return;
        }
        if is_page_part(&text) {
            return;
        }
        if self.plan.is_topic(self.at) {
            self.start_topic(text, range.start);
        } else if let Some((number, question)) = question_heading(&text)
            && !self.plan.before_contents(self.at)
        {
            let origin = Origin::Heading {
                depth,
                numbered: number.is_some(),
            };
            self.open(origin, number, range.start, question.to_string(), true);
        } else if self.plan.numbered_question(self.at)
            && let Some((number, len)) = heading_number(&text)
        {
            let origin = Origin::Heading {
                depth,
                numbered: true,
            };
            self.open(
                origin,
                Some(number),
                range.start,
                text[len..].to_string(),
                true,
            );
        } else {
            self.sections.push((depth, text));
        }
    }

    /// Among numbered heading questions, a heading at the question's own depth with
    /// neither a number nor a question, and with text below it ("### Method 1" between
    /// "### 6. How to empty an array?" and "### 7. …"), is part of the answer.
    fn is_part_of_numbered_answer(&self, depth: usize, numbered: bool, text: &str) -> bool {
        let has_body = !matches!(
            self.doc.blocks.get(self.at + 1),
            Some(super::document::Block::Heading { .. }) | None
        );
        numbered
            && self.plan.has_numbered_questions()
            && heading_number(text).is_none()
            && question_heading(text).is_none()
            && has_body
            && self
                .current
                .as_ref()
                .is_some_and(|d| matches!(d.origin, Origin::Heading { depth: q, .. } if q == depth))
    }

    fn current_answer_push(&mut self, range: Range<usize>) {
        let source = self.doc.source(range).to_string();
        if let Some(draft) = self.current.as_mut() {
            draft.answer.push(source);
            draft.answer_open = true;
        }
    }
}

/// Whether a heading deeper than the question above it is a question of its own: one
/// written as the questions are (numbered when they are) and asking.
fn asks_like_its_siblings(text: &str, numbered: bool) -> bool {
    match question_heading(text) {
        // Under a numbered question, only a numbered heading that asks; under another,
        // any heading that asks.
        Some((number, question)) => {
            !numbered || (number.is_some() && looks_like_question(question))
        }
        None => false,
    }
}

/// A heading that is only a question label and number ("Question 3", "Q12."): the
/// number, and the (empty) rest.
fn question_heading_label(text: &str) -> Option<(Option<u32>, &str)> {
    let (number, len) = question_marker(text).or_else(|| {
        // The marker wants a delimiter after the number; a heading may have none.
        let with_colon = format!("{text}:");
        question_marker(&with_colon).map(|(n, _)| (n, text.len()))
    })?;
    Some((number, text.get(len..).unwrap_or("").trim()))
}
