//! The last stage of reading: blocks become question entries. The `Builder` holds what
//! is open (the section headings, the question being read, a topic heading waiting for
//! its paragraphs) and hands each block to the shape that reads it: `heading`, `items`,
//! `paragraphs`, `topic`, `details`, `snippet`.

use std::ops::Range;

use super::decoration;
use super::document::{Block, Document};
use super::text::dedent_block;
use super::topic::{Topic, TopicPlan};
use crate::corpus::entry::{Entry, Parsed};

/// What kind of block a question came from; it decides what may extend its answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Origin {
    /// A heading question: deeper headings belong to its answer.
    Heading {
        depth: usize,
        numbered: bool,
    },
    ListItem {
        ordered: bool,
    },
    Paragraph,
    Details,
}

/// The question being read, until the next one starts.
pub(super) struct Draft {
    pub entry: Entry,
    pub origin: Origin,
    /// Whether the blocks that follow belong to its answer.
    pub answer_open: bool,
    pub answer: Vec<String>,
}

pub(super) struct Builder<'d, 'a> {
    pub doc: &'d Document<'a>,
    /// Section headings currently open: (depth, plain text); depth 0 is the title
    /// front matter gives.
    pub sections: Vec<(usize, String)>,
    pub current: Option<Draft>,
    /// A topic heading whose paragraphs are the question, while they are read.
    pub topic: Option<Topic>,
    pub plan: TopicPlan,
    pub parsed: Parsed,
    pub seen_question: bool,
    /// Whether the blocks being read follow a section heading with no question yet:
    /// text there introduces the section.
    pub in_intro: bool,
    /// A heading that is only a label and number ("### Question 3"): the paragraph
    /// below it is the question. Its depth, number and offset.
    pub label_heading: Option<(usize, Option<u32>, usize)>,
    /// The index of the block being read.
    pub at: usize,
}

/// Reads the blocks of a document into entries; `title` (from front matter) names the
/// outermost section.
pub(super) fn assemble(doc: &Document, title: Option<String>) -> Parsed {
    let mut builder = Builder {
        doc,
        sections: title.into_iter().map(|t| (0, t)).collect(),
        current: None,
        topic: None,
        plan: TopicPlan::new(doc),
        parsed: Parsed::default(),
        seen_question: false,
        in_intro: false,
        label_heading: None,
        at: 0,
    };
    for (index, block) in doc.blocks.iter().enumerate() {
        builder.at = index;
        builder.block(block);
    }
    builder.close();
    builder.parsed
}

impl Builder<'_, '_> {
    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { depth, range } => self.heading(*depth, range.clone()),
            Block::List {
                ordered,
                items,
                range,
            } => self.list(*ordered, items, range.clone()),
            Block::Paragraph { range } => self.paragraph(range.clone()),
            Block::Code { range } => self.code(range.clone()),
            Block::Html { range } => {
                let source = &self.doc.text[range.clone()];
                if !decoration::is_html_decoration(source) && self.topic.is_none() {
                    self.extend_answer(range.clone());
                }
            }
            Block::Details(index) => self.details(*index),
            Block::Table { range } => self.table(range.clone()),
            Block::Rule => {}
            Block::Other { range } => {
                if self.topic.is_none() && !self.extend_answer(range.clone()) {
                    self.unplaced(range.start, "block outside any question");
                }
            }
        }
    }

    /// Appends a block to the open answer; false when no answer is open.
    pub fn extend_answer(&mut self, range: Range<usize>) -> bool {
        match self.current.as_mut() {
            Some(draft) if draft.answer_open => {
                draft.answer.push(self.doc.source(range).to_string());
                true
            }
            _ => false,
        }
    }

    pub fn unplaced(&mut self, offset: usize, what: &str) {
        if self.seen_question {
            let line = self.doc.line_of(offset);
            let excerpt: String = self.doc.text[offset..]
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .chars()
                .take(60)
                .collect();
            self.parsed
                .warnings
                .push((line, format!("{what}, skipped: \"{excerpt}\"")));
        }
    }

    pub fn headings(&self) -> Vec<String> {
        self.sections.iter().map(|(_, t)| t.clone()).collect()
    }

    /// Starts a question (ending the one before).
    pub fn open(
        &mut self,
        origin: Origin,
        number: Option<u32>,
        offset: usize,
        question: String,
        answer_open: bool,
    ) {
        self.close();
        if question.trim().is_empty() {
            // "Q:" or "Question 3:" with nothing after it.
            self.unplaced(offset, "question marker with no question text");
            return;
        }
        self.seen_question = true;
        self.in_intro = false;
        self.current = Some(Draft {
            entry: Entry {
                number,
                line: self.doc.line_of(offset),
                question,
                headings: self.headings(),
                ..Entry::default()
            },
            origin,
            answer_open,
            answer: Vec::new(),
        });
    }

    /// Ends the question being read (and a topic waiting for its paragraphs).
    pub fn close(&mut self) {
        self.close_topic();
        if let Some(mut draft) = self.current.take() {
            let answer = draft
                .answer
                .iter()
                .map(|part| dedent_block(part))
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n");
            let answer = without_trailing_spacers(&without_back_links(&answer));
            let is_answer =
                !decoration::is_placeholder(&answer) && !decoration::is_link_line(&answer, "");
            draft.entry.explanation = is_answer.then_some(answer);
            self.parsed.entries.push(draft.entry);
        }
    }
}

/// An answer without the `<br>` lines lists put between questions.
fn without_trailing_spacers(answer: &str) -> String {
    let mut answer = answer.trim_end();
    while let Some(line_start) = answer.rfind('\n').map(|i| i + 1).or(Some(0)) {
        let last = answer[line_start..].trim();
        if !last.starts_with('<') || !decoration::is_html_decoration(last) {
            break;
        }
        answer = answer[..line_start].trim_end();
    }
    answer.to_string()
}

/// An answer without "back to top" link lines (`**[⬆ Back to Top](#contents)**`).
fn without_back_links(answer: &str) -> String {
    if !answer.contains("](#") {
        return answer.to_string();
    }
    answer
        .split('\n')
        .filter(|line| !decoration::is_back_link(line))
        .collect::<Vec<_>>()
        .join("\n")
}
