//! A heading that names a topic, then the paragraphs that ask about it:
//!
//! ```text
//! #### Law of Demeter
//! Would you write code violating it, show why it is bad, then fix it?
//! ```
//!
//! The paragraphs (and any code between them) are one question; the heading is its
//! title, not a section. Which headings are topics is decided up front, over the whole
//! document: a heading with no sub-headings whose body is paragraphs (and code) only,
//! among sibling headings most of whose bodies ask something. So "#### Revert /
//! Interview me." is a question among its asking siblings, while a lone "## About /
//! This list is for …" stays a section.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::assemble::Builder;
use super::decoration::{clean_heading, is_advert, is_link_line, is_link_list, is_page_part};
use super::document::{Block, Document};
use super::markers::{
    QUESTION_WORDS, answer_marker, ends_with_question_mark, first_word, heading_number,
    is_bold_line, looks_like_question, question_heading, question_marker,
};
use crate::corpus::entry::Entry;

/// A topic heading waiting for its paragraphs.
#[derive(Debug)]
pub(super) struct Topic {
    title: String,
    offset: usize,
    parts: Vec<String>,
    code: Vec<String>,
}

/// What the whole document says of its headings: which are topics, where the table of
/// contents is, whether numbered headings are its questions, which are boilerplate.
#[derive(Debug, Default)]
pub(super) struct TopicPlan {
    topics: HashSet<usize>,
    /// When most numbered headings ask, the numbered headings with something below
    /// them: questions however they are phrased, as numbered items are ("## 1.
    /// Difference between `undefined` and …").
    numbered_questions: HashSet<usize>,
    /// Headings that repeat word for word at least three times with nothing below them
    /// ("Have doubt in this question?" after every answer).
    boilerplate: HashSet<usize>,
    /// The first table of contents (a list of links): headings above it that ask are
    /// the page's own introduction ("Where are the answers?"), not questions.
    contents: Option<usize>,
}

impl TopicPlan {
    pub fn new(doc: &Document) -> Self {
        let contents = doc.blocks.iter().position(|block| match block {
            Block::List { range, .. } => {
                let source = &doc.text[range.clone()];
                source.lines().filter(|l| !l.trim().is_empty()).count() >= 3 && is_link_list(source)
            }
            _ => false,
        });
        let headings: Vec<(usize, usize)> = doc
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(i, block)| match block {
                Block::Heading { depth, .. } => Some((i, *depth)),
                _ => None,
            })
            .collect();
        let texts: Vec<(usize, String)> = headings
            .iter()
            .filter_map(|&(index, _)| match doc.blocks.get(index) {
                Some(Block::Heading { range, .. }) => {
                    Some((index, clean_heading(&doc.plain(range.clone()))))
                }
                _ => None,
            })
            .collect();
        let numbered: Vec<&str> = texts
            .iter()
            .filter_map(|(_, text)| heading_number(text).map(|(_, len)| &text[len..]))
            .collect();
        let numbered_asking = numbered.iter().filter(|t| looks_like_question(t)).count();
        let numbered_questions = numbered_asking >= 3 && numbered_asking * 2 > numbered.len();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (_, text) in &texts {
            *counts.entry(text.as_str()).or_default() += 1;
        }
        let empty_body = |index: usize| {
            matches!(
                doc.blocks.get(index + 1),
                Some(Block::Heading { .. }) | None
            )
        };
        let boilerplate = texts
            .iter()
            .filter(|(index, text)| {
                counts.get(text.as_str()).is_some_and(|&n| n >= 3) && empty_body(*index)
            })
            .map(|(index, _)| *index)
            .collect();
        // A numbered heading with nothing below it is a section ("## # 3. Data types").
        let numbered_questions: HashSet<usize> = if numbered_questions {
            texts
                .iter()
                .filter(|(index, text)| {
                    heading_number(text).is_some_and(|(_, len)| len < text.len())
                        && !empty_body(*index)
                })
                .map(|(index, _)| *index)
                .collect()
        } else {
            HashSet::new()
        };
        let mut groups: HashMap<(Option<usize>, usize), Group> = HashMap::new();
        for (position, &(index, depth)) in headings.iter().enumerate() {
            let next = headings.get(position + 1);
            if next.is_some_and(|&(_, d)| d > depth) {
                continue;
            }
            let Some(Block::Heading { range, .. }) = doc.blocks.get(index) else {
                continue;
            };
            let text = clean_heading(&doc.plain(range.clone()));
            if text.is_empty()
                || is_page_part(&text)
                || is_advert(&text)
                || numbered_questions.contains(&index)
            {
                continue;
            }
            let end = next.map_or(doc.blocks.len(), |&(i, _)| i);
            let Some(body) = body_asks(doc, &doc.blocks[index + 1..end]) else {
                continue;
            };
            let parent = headings[..position]
                .iter()
                .rev()
                .find(|&&(_, d)| d < depth)
                .map(|&(i, _)| i);
            let group = groups.entry((parent, depth)).or_default();
            if question_heading(&text).is_some() {
                // "#### Why?" over "Why do we need concurrency? Explain.": a topic
                // only among topics, and only if its paragraph asks in so many words.
                if body.question_mark {
                    group.asking_headings.push(index);
                }
            } else {
                group.members.push(index);
                group.asking += usize::from(body.asks);
            }
        }
        let topics = groups
            .into_values()
            .filter(|g| {
                let asking = g.asking + g.asking_headings.len();
                asking * 2 >= g.members.len() + g.asking_headings.len()
                    && g.members.len() >= g.asking_headings.len()
            })
            .flat_map(|g| g.members.into_iter().chain(g.asking_headings))
            .collect();
        TopicPlan {
            topics,
            contents,
            numbered_questions,
            boilerplate,
        }
    }

    pub fn is_topic(&self, block: usize) -> bool {
        self.topics.contains(&block)
    }

    /// Whether a heading is a question because of its number alone.
    pub fn numbered_question(&self, block: usize) -> bool {
        self.numbered_questions.contains(&block)
    }

    /// Whether numbered headings are the document's questions.
    pub fn has_numbered_questions(&self) -> bool {
        !self.numbered_questions.is_empty()
    }

    pub fn is_boilerplate(&self, block: usize) -> bool {
        self.boilerplate.contains(&block)
    }

    pub fn before_contents(&self, block: usize) -> bool {
        self.contents.is_some_and(|c| block < c)
    }
}

/// Sibling headings (same parent, same depth) that may be topics.
#[derive(Debug, Default)]
struct Group {
    /// Headings that do not ask themselves, with a body that may be a question.
    members: Vec<usize>,
    /// How many of the members' bodies ask.
    asking: usize,
    /// Headings that ask, over a body that asks with a question mark.
    asking_headings: Vec<usize>,
}

/// What a heading's body says of it being a topic's question.
struct Body {
    asks: bool,
    question_mark: bool,
}

/// Whether a heading's body could be a topic question (paragraphs and code only, at
/// least one paragraph of text), and whether it asks.
fn body_asks(doc: &Document, body: &[Block]) -> Option<Body> {
    let mut paragraphs = 0;
    let mut asks = false;
    let mut question_mark = false;
    for block in body {
        match block {
            Block::Paragraph { range } => {
                let source = &doc.text[range.clone()];
                if answer_marker(source).is_some() || question_marker(source).is_some() {
                    return None;
                }
                let plain = doc.plain(range.clone());
                if is_link_line(source, &plain) {
                    continue;
                }
                // "**What is X?**" over its answer: a bold question, not a topic's.
                if source
                    .lines()
                    .next()
                    .is_some_and(|line| is_bold_line(line) && ends_with_question_mark(line))
                {
                    return None;
                }
                paragraphs += 1;
                question_mark |= plain.contains('?');
                asks |= question_mark
                    || sentence_starts(&plain).any(|w| {
                        QUESTION_WORDS.contains(&w.as_str()) || PROMPTS.contains(&w.as_str())
                    });
            }
            // "#### Eviction / * Which policy would you pick?": one item, one question, and
            // the heading is its title.
            // Not a numbered one: a level or category heading may hold a single numbered
            // question.
            Block::List {
                items,
                range,
                ordered: false,
            } if items.len() == 1 => {
                paragraphs += 1;
                let plain = doc.plain(range.clone());
                question_mark |= plain.contains('?');
                asks |= question_mark;
            }
            Block::Code { .. } | Block::Html { .. } | Block::Rule => {}
            _ => return None,
        }
    }
    (paragraphs > 0).then_some(Body {
        asks,
        question_mark,
    })
}

/// Imperatives that ask for an answer in topic lists ("Argue for it", "Defend …"),
/// beyond the words questions start with.
const PROMPTS: &[&str] = &[
    "argue",
    "defend",
    "debate",
    "convince",
    "persuade",
    "prove",
    "justify",
    "estimate",
    "sketch",
    "pretend",
    "talk",
    "spot",
    "invent",
    "interview",
    "inform",
    "propose",
    "refactor",
    "fix",
    "produce",
    "code",
    "model",
    "plan",
    "choose",
    "pick",
    "rank",
];

/// The first word of every sentence, lowercase.
fn sentence_starts(text: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(text)
        .chain(text.match_indices(". ").map(|(i, _)| &text[i + 2..]))
        .map(first_word)
}

impl Builder<'_, '_> {
    pub(super) fn start_topic(&mut self, title: String, offset: usize) {
        self.close();
        self.topic = Some(Topic {
            title,
            offset,
            parts: Vec::new(),
            code: Vec::new(),
        });
    }

    pub(super) fn in_topic(&self) -> bool {
        self.topic.is_some()
    }

    /// Takes a paragraph into the open topic's question; false when none is open.
    pub(super) fn topic_paragraph(&mut self, range: Range<usize>) -> bool {
        if self.topic.is_none() {
            return false;
        }
        let mut parts = Vec::new();
        let mut offset = range.start;
        // Line by line: a "[Resources](…)" line under the question is no part of it.
        for line in self.doc.text[range.clone()].split_inclusive('\n') {
            let line_range = offset..offset + line.len();
            offset += line.len();
            let plain = self.doc.plain(line_range);
            if !plain.is_empty() && !is_link_line(line, &plain) {
                parts.push(plain);
            }
        }
        if let Some(topic) = self.topic.as_mut() {
            topic.parts.extend(parts);
        }
        true
    }

    /// Takes a code block into the open topic's question; false when none is open.
    pub(super) fn topic_code(&mut self, code: String) -> Result<(), String> {
        match self.topic.as_mut() {
            Some(topic) => {
                topic.code.push(code);
                Ok(())
            }
            None => Err(code),
        }
    }

    /// Ends the open topic without a question of its own, returning its title: the
    /// question is the one item of the list below it.
    pub(super) fn take_topic_title(&mut self) -> Option<String> {
        match &self.topic {
            Some(topic) if topic.parts.is_empty() => self.topic.take().map(|t| t.title),
            _ => None,
        }
    }

    pub(super) fn close_topic(&mut self) {
        let Some(topic) = self.topic.take() else {
            return;
        };
        if topic.parts.is_empty() {
            return;
        }
        self.seen_question = true;
        let entry = Entry {
            line: self.doc.line_of(topic.offset),
            question: topic.parts.join(" "),
            title: Some(topic.title),
            code: (!topic.code.is_empty()).then(|| topic.code.join("\n\n")),
            headings: self.headings(),
            ..Entry::default()
        };
        self.parsed.entries.push(entry);
    }
}
