//! Paragraphs: labelled questions and answers (`Q:` / `A:`, `Question 3.` / `Answer:`,
//! `**Q2)**`, `**1.**`), answers that follow their question, and numbered questions
//! that CommonMark folded into one paragraph (a list that does not start at 1 cannot
//! interrupt a paragraph). Lines of links and badges, and adverts, are skipped.

use std::ops::Range;

use super::assemble::{Builder, Origin};
use super::decoration::{is_advert, is_link_line};
use super::document::{Block, Item};
use super::markers::{
    answer_marker, ends_with_question_mark, find_answer_marker, is_bold_line, is_bold_number,
    is_symbol, numbered_line, question_marker,
};

impl Builder<'_, '_> {
    pub(super) fn paragraph(&mut self, range: Range<usize>) {
        if self.topic_paragraph(range.clone()) {
            return;
        }
        let source = &self.doc.text[range.clone()];
        if let Some((depth, number, offset)) = self.label_heading.take() {
            let end = find_answer_marker(source).map_or(range.end, |(at, _)| range.start + at);
            let question = self.doc.plain(range.start..end);
            let origin = Origin::Heading {
                depth,
                numbered: true,
            };
            self.open(origin, number, offset, question, true);
            if end < range.end {
                self.paragraph(end..range.end);
            }
            return;
        }
        if let Some(len) = answer_marker(source) {
            match self.current.as_mut() {
                Some(draft) => {
                    draft.answer.push(source[len..].to_string());
                    draft.answer_open = true;
                }
                None => self.unplaced(range.start, "answer with no question before it"),
            }
            return;
        }
        let in_answer = matches!(
            self.current.as_ref(),
            Some(draft) if draft.answer_open
                && matches!(draft.origin, Origin::Heading { .. } | Origin::Details)
        );
        if let Some((number, len)) = question_marker(source)
            && !(in_answer && is_bold_number(source))
        {
            self.labelled_question(number, range.start + len..range.end, range.start);
            return;
        }
        let plain = self.doc.plain(range.clone());
        if is_advert(&plain) {
            return;
        }
        if self.bold_question(range.clone(), source, &plain) || self.question_after_code(&plain) {
            return;
        }
        if self.extend_answer(range.clone()) {
            return;
        }
        if is_link_line(source, &plain) {
            return;
        }
        if !self.numbered_lines(range.clone()) && !self.in_intro {
            self.unplaced(range.start, "text outside any question");
        }
    }

    /// A `Q:` paragraph: the question, and the answer if an `A:` line follows in it.
    fn labelled_question(&mut self, number: Option<u32>, body: Range<usize>, start: usize) {
        let text = self.doc.text;
        let (question_range, answer) = match find_answer_marker(&text[body.clone()]) {
            Some((at, marker_len)) => (
                body.start..body.start + at,
                Some(text[body.start + at + marker_len..body.end].to_string()),
            ),
            None => (body, None),
        };
        let question = self.doc.plain(question_range);
        self.open(Origin::Paragraph, number, start, question, false);
        if let Some(draft) = self.current.as_mut() {
            // Paragraphs below a labelled question answer it, with or without `A:`.
            draft.answer_open = true;
            draft.answer.extend(answer);
        }
    }

    /// A paragraph that is one bold question (`**What is a lease?**`), in a list whose
    /// questions are such paragraphs: inside the answer of a heading question, a bold
    /// line is emphasis, not a question.
    fn bold_question(&mut self, range: Range<usize>, source: &str, plain: &str) -> bool {
        let between_questions = matches!(
            self.current.as_ref().map(|d| d.origin),
            None | Some(Origin::Paragraph)
        );
        if !between_questions || self.in_topic() {
            return false;
        }
        // The bold line may have its answer right below it, in the same paragraph.
        let first_line = source.split('\n').next().unwrap_or("").trim_end();
        let bold = is_bold_line(first_line);
        let question_end = range.start + first_line.len();
        let question = if question_end >= range.end {
            plain.to_string()
        } else {
            self.doc.plain(range.start..question_end)
        };
        if !bold || !ends_with_question_mark(&question) {
            return false;
        }
        let question = question
            .trim_end_matches(|c: char| c.is_whitespace() || is_symbol(c))
            .to_string();
        self.open(Origin::Paragraph, None, range.start, question, true);
        if question_end < range.end {
            let answer = self.doc.text[question_end..range.end].to_string();
            if let Some(draft) = self.current.as_mut() {
                draft.answer.push(answer);
            }
        }
        true
    }

    /// "… the following query: ```sql …``` The query returns no rows. What is wrong?"
    /// then the options: the paragraph between a question's code and its options asks
    /// the question, it does not answer it.
    fn question_after_code(&mut self, plain: &str) -> bool {
        let options_follow = matches!(self.doc.blocks.get(self.at + 1), Some(Block::List { .. }));
        match self.current.as_mut() {
            Some(draft)
                if draft.entry.code.is_some()
                    && draft.answer.is_empty()
                    && options_follow
                    && ends_with_question_mark(plain) =>
            {
                draft.entry.question = format!("{} {plain}", draft.entry.question);
                true
            }
            _ => false,
        }
    }

    /// Reads numbered questions folded into a paragraph. Returns false if there are none.
    fn numbered_lines(&mut self, range: Range<usize>) -> bool {
        let text = self.doc.text;
        let mut lines = Vec::new();
        let mut offset = range.start;
        for line in text[range.clone()].split_inclusive('\n') {
            lines.push(offset..offset + line.len());
            offset += line.len();
        }
        let Some(first) = lines.iter().position(|l| numbered_line(&text[l.clone()])) else {
            return false;
        };
        if first > 0 {
            self.unplaced(range.start, "text outside any question");
        }
        let mut index = first;
        while index < lines.len() {
            let start = lines[index].start;
            let mut end = lines[index].end;
            index += 1;
            while index < lines.len() && !numbered_line(&text[lines[index].clone()]) {
                end = lines[index].end;
                index += 1;
            }
            let item = Item {
                range: start..end,
                first_block_end: end,
            };
            self.item(true, &item);
        }
        true
    }
}
