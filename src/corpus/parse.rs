//! Turns the text of one source list into question entries.
//!
//! pulldown-cmark gives the block structure (headings, lists and their items,
//! paragraphs, code) with byte offsets; this module decides which blocks are questions
//! and which are their answers. The rules, in order:
//!
//! - A heading that ends with `?`, or starts with `Q:`/`Q1.`/`Question 1:` or with a
//!   prompt verb (Explain, Describe, ...), is a question; everything beneath it up to
//!   the next heading is its answer. Any other heading opens a section.
//! - Items of a top-level list are questions when most of the list's items look like
//!   questions (end with `?` or start with a question or prompt word). In an item, the
//!   first paragraph is the question, up to a line that starts with an answer marker
//!   (`**Explanation**:`, `Answer:`, `A:`); the marker and the rest of the item are the
//!   answer.
//! - A paragraph that starts with an answer marker is the answer of the question above.
//!   Once a question has an answer, the blocks that follow (paragraphs, code, lists of
//!   another kind) extend it until the next question or heading.
//! - A paragraph that starts with `Q:` is a question; an `A:` line in it starts the answer.
//! - Text before the first question is the list's title and introduction. Text after it
//!   that none of these rules place is skipped with a warning naming its line.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// A question as the parser finds it, before ids and classification.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    /// The number the source gives it, if any.
    pub number: Option<u32>,
    pub line: u32,
    pub question: String,
    /// The name the source gives the question (a topic heading above a question
    /// paragraph), without markdown.
    pub title: Option<String>,
    /// Code the question asks about, as fenced markdown: shown with the question.
    pub code: Option<String>,
    pub explanation: Option<String>,
    /// The section headings above the question, outermost first, without markdown.
    pub headings: Vec<String>,
    /// The category and level as the source states them for this one question (a
    /// column of a structured file), as written.
    pub stated_category: Option<String>,
    pub stated_level: Option<String>,
}

/// What the parser found in one file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub entries: Vec<Entry>,
    /// Lines the parser could not place, with the reason.
    pub warnings: Vec<(u32, String)>,
}

/// Parses the text of a source list (already decoded, BOM removed, `\n` line endings).
pub fn parse(text: &str) -> Parsed {
    let doc = Document::new(text);
    let mut builder = Builder::new(&doc);
    for block in &doc.blocks {
        builder.block(block);
    }
    let mut parsed = builder.finish();
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

/// A top-level block of the document.
#[derive(Debug)]
enum Block {
    Heading {
        depth: usize,
        range: Range<usize>,
    },
    List {
        ordered: bool,
        items: Vec<Item>,
        range: Range<usize>,
    },
    Paragraph {
        range: Range<usize>,
    },
    Rule,
    Other {
        range: Range<usize>,
    },
}

/// An item of a top-level list.
#[derive(Debug)]
struct Item {
    range: Range<usize>,
    /// Where the item's first paragraph (or its first run of inline text) ends.
    first_block_end: usize,
}

/// The source text, its top-level blocks, and the plain text of every inline run.
struct Document<'a> {
    text: &'a str,
    blocks: Vec<Block>,
    /// Plain-text pieces (text, code, line breaks as spaces) with their source ranges,
    /// in document order: the text of any range without markdown syntax.
    pieces: Vec<(Range<usize>, String)>,
    line_starts: Vec<usize>,
    /// Where fenced code blocks that are never closed start.
    unclosed_fences: Vec<usize>,
}

impl<'a> Document<'a> {
    fn new(text: &'a str) -> Self {
        let mut blocks = Vec::new();
        let mut pieces = Vec::new();
        let mut depth = 0usize;
        // Index in `blocks` of the top-level list being read, and of its open item.
        let mut list_depth_items: Option<usize> = None;
        let mut unclosed_fences = Vec::new();
        for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
            match event {
                Event::Start(tag) => {
                    if matches!(tag, Tag::CodeBlock(CodeBlockKind::Fenced(_)))
                        && !fence_is_closed(&text[range.clone()])
                    {
                        unclosed_fences.push(range.start);
                    }
                    if depth == 0 {
                        blocks.push(match tag {
                            Tag::Heading { level, .. } => Block::Heading {
                                depth: level as usize,
                                range: range.clone(),
                            },
                            Tag::List(start) => {
                                list_depth_items = Some(blocks.len());
                                Block::List {
                                    ordered: start.is_some(),
                                    items: Vec::new(),
                                    range: range.clone(),
                                }
                            }
                            Tag::Paragraph => Block::Paragraph {
                                range: range.clone(),
                            },
                            _ => Block::Other {
                                range: range.clone(),
                            },
                        });
                    } else if let Some(list_index) = list_depth_items
                        && let Some(Block::List { items, .. }) = blocks.get_mut(list_index)
                    {
                        if depth == 1 && matches!(tag, Tag::Item) {
                            items.push(Item {
                                first_block_end: range.end,
                                range: range.clone(),
                            });
                        } else if depth == 2
                            && is_block(&tag)
                            && let Some(item) = items.last_mut()
                            && item.first_block_end == item.range.end
                        {
                            // The first block inside the item closes its first paragraph:
                            // either this block is that paragraph, or it interrupts a
                            // tight item's inline text.
                            item.first_block_end = if matches!(tag, Tag::Paragraph) {
                                range.end
                            } else {
                                range.start
                            };
                        }
                    }
                    depth += 1;
                }
                Event::End(tag) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 && matches!(tag, TagEnd::List(_)) {
                        list_depth_items = None;
                    }
                }
                Event::Text(t) | Event::Code(t) => pieces.push((range, t.into_string())),
                Event::SoftBreak | Event::HardBreak => pieces.push((range, " ".to_string())),
                Event::Rule if depth == 0 => blocks.push(Block::Rule),
                _ => {}
            }
        }
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Document {
            text,
            blocks,
            pieces,
            line_starts,
            unclosed_fences,
        }
    }

    /// 1-based line number of a byte offset.
    fn line_of(&self, offset: usize) -> u32 {
        let index = self.line_starts.partition_point(|&start| start <= offset);
        u32::try_from(index).unwrap_or(u32::MAX)
    }

    /// The start of the line that holds `offset`.
    fn line_start(&self, offset: usize) -> usize {
        let index = self.line_starts.partition_point(|&start| start <= offset);
        self.line_starts[index.saturating_sub(1)]
    }

    /// The plain text of a source range: markdown syntax removed, whitespace collapsed.
    /// A piece that straddles the range's edge is cut there when its text is the source
    /// verbatim (as a paragraph line starting with `Q:` is).
    fn plain(&self, range: Range<usize>) -> String {
        let first = self.pieces.partition_point(|(r, _)| r.end <= range.start);
        let mut raw = String::new();
        for (r, text) in self.pieces[first..]
            .iter()
            .take_while(|(r, _)| r.start < range.end)
        {
            if range.start <= r.start && r.end <= range.end {
                raw.push_str(text);
            } else if text.len() == r.len() {
                let from = range.start.max(r.start) - r.start;
                let to = range.end.min(r.end) - r.start;
                raw.push_str(text.get(from..to).unwrap_or(""));
            }
        }
        collapse_whitespace(&raw)
    }
}

/// Whether a fenced code block's source ends with a closing fence: a line of at least as
/// many of the same fence characters as it opened with.
fn fence_is_closed(source: &str) -> bool {
    let mut lines = source.trim_end_matches('\n').lines();
    let Some(opening) = lines.next().map(str::trim_start) else {
        return false;
    };
    let Some(fence) = opening.chars().next() else {
        return false;
    };
    let width = opening.chars().take_while(|&c| c == fence).count();
    lines
        .next_back()
        .map(str::trim)
        .is_some_and(|last| last.chars().all(|c| c == fence) && last.chars().count() >= width)
}

/// Whether a tag opens a block (as opposed to inline markup such as emphasis).
fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::Table(_)
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
    )
}

/// What kind of block a question came from; it decides what may extend its answer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Origin {
    Heading,
    ListItem { ordered: bool },
    Paragraph,
}

/// The question being read, until the next one starts.
struct Draft {
    entry: Entry,
    origin: Origin,
    /// Whether the blocks that follow belong to its answer.
    answer_open: bool,
    answer: Vec<String>,
}

struct Builder<'d, 'a> {
    doc: &'d Document<'a>,
    /// Section headings currently open: (depth, plain text).
    sections: Vec<(usize, String)>,
    current: Option<Draft>,
    parsed: Parsed,
    seen_question: bool,
}

impl<'d, 'a> Builder<'d, 'a> {
    fn new(doc: &'d Document<'a>) -> Self {
        Builder {
            doc,
            sections: Vec::new(),
            current: None,
            parsed: Parsed::default(),
            seen_question: false,
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { depth, range } => self.heading(*depth, range.clone()),
            Block::List {
                ordered,
                items,
                range,
            } => self.list(*ordered, items, range.clone()),
            Block::Paragraph { range } => self.paragraph(range.clone()),
            Block::Rule => {}
            Block::Other { range } => {
                if !self.extend_answer(range.clone()) {
                    self.unplaced(range.start, "block outside any question");
                }
            }
        }
    }

    fn heading(&mut self, depth: usize, range: Range<usize>) {
        self.close();
        let text = self.doc.plain(range.clone());
        if let Some((number, question)) = question_heading(&text) {
            self.open(
                Origin::Heading,
                number,
                range.start,
                question.to_string(),
                true,
            );
        } else {
            self.sections.retain(|(d, _)| *d < depth);
            self.sections.push((depth, text));
        }
    }

    fn list(&mut self, ordered: bool, items: &[Item], range: Range<usize>) {
        let continues_questions = matches!(
            self.current.as_ref().map(|d| d.origin),
            Some(Origin::ListItem { ordered: o }) if o == ordered
        );
        if !continues_questions && self.extend_answer(range.clone()) {
            return;
        }
        // Numbered items are questions however they are phrased ("REST vs GraphQL"),
        // unless they are a table of contents; bullets are also used for notes, so a
        // bulleted list must mostly read like questions.
        let is_question_list = if ordered {
            !items.iter().all(|item| self.is_link_only(item))
        } else {
            let questions = items
                .iter()
                .filter(|item| looks_like_question(&self.doc.plain(self.item_question(item).0)))
                .count();
            questions * 2 > items.len()
        };
        if !is_question_list {
            self.unplaced(range.start, "list whose items do not look like questions");
            return;
        }
        for item in items {
            self.item(ordered, item);
        }
    }

    /// Whether an item is nothing but a link, as in a table of contents.
    fn is_link_only(&self, item: &Item) -> bool {
        let source = &self.doc.text[item.range.clone()];
        let content = source[list_marker_len(source)..].trim();
        content.starts_with('[') && content.ends_with(')') && !content.contains('\n')
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

    fn item(&mut self, ordered: bool, item: &Item) {
        self.close();
        let text = self.doc.text;
        let (question_range, answer_start, marked) = self.item_question(item);
        let question = self.doc.plain(question_range);
        if question.is_empty() {
            self.unplaced(item.range.start, "list item with no question text");
            return;
        }
        let number = ordered
            .then(|| leading_number(&text[item.range.clone()]))
            .flatten();
        let indent = item_indent(&text[item.range.clone()]);
        let answer = dedent(&text[answer_start..item.range.end], indent);
        self.open(
            Origin::ListItem { ordered },
            number,
            item.range.start,
            question,
            marked,
        );
        if !answer.trim().is_empty()
            && let Some(draft) = self.current.as_mut()
        {
            draft.answer.push(answer);
            draft.answer_open = true;
        }
    }

    fn paragraph(&mut self, range: Range<usize>) {
        let source = &self.doc.text[range.clone()];
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
        if let Some((number, len)) = question_marker(source) {
            self.close();
            let body = range.start + len..range.end;
            let (question_range, answer) = match find_answer_marker(&self.doc.text[body.clone()]) {
                Some((at, marker_len)) => (
                    body.start..body.start + at,
                    Some(self.doc.text[body.start + at + marker_len..body.end].to_string()),
                ),
                None => (body, None),
            };
            let question = self.doc.plain(question_range);
            self.open(Origin::Paragraph, number, range.start, question, false);
            if let Some(draft) = self.current.as_mut() {
                draft.answer_open = answer.is_some();
                draft.answer.extend(answer);
            }
            return;
        }
        if self.extend_answer(range.clone()) {
            return;
        }
        if !self.numbered_lines(range.clone()) {
            self.unplaced(range.start, "text outside any question");
        }
    }

    /// Reads numbered questions that CommonMark folded into a paragraph (a list that
    /// does not start at 1 cannot interrupt a paragraph). Returns false if there are none.
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

    /// Appends a block to the open answer; false when no answer is open.
    fn extend_answer(&mut self, range: Range<usize>) -> bool {
        match self.current.as_mut() {
            Some(draft) if draft.answer_open => {
                let start = self.doc.line_start(range.start);
                draft
                    .answer
                    .push(self.doc.text[start..range.end].to_string());
                true
            }
            _ => false,
        }
    }

    fn unplaced(&mut self, offset: usize, what: &str) {
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

    fn open(
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
        self.current = Some(Draft {
            entry: Entry {
                number,
                line: self.doc.line_of(offset),
                question,
                headings: self.sections.iter().map(|(_, t)| t.clone()).collect(),
                ..Entry::default()
            },
            origin,
            answer_open,
            answer: Vec::new(),
        });
    }

    fn close(&mut self) {
        if let Some(mut draft) = self.current.take() {
            let answer = draft
                .answer
                .iter()
                .map(|part| dedent_block(part))
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n");
            draft.entry.explanation = (!answer.is_empty()).then_some(answer);
            self.parsed.entries.push(draft.entry);
        }
    }

    fn finish(mut self) -> Parsed {
        self.close();
        self.parsed
    }
}

/// Collapses every run of whitespace (and control characters) to one space and trims.
pub fn collapse_whitespace(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words a question (or a task phrased as one) starts with.
const QUESTION_WORDS: &[&str] = &[
    "what",
    "what's",
    "whats",
    "why",
    "how",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "can",
    "could",
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "should",
    "would",
    "will",
    "have",
    "has",
    "explain",
    "describe",
    "discuss",
    "compare",
    "contrast",
    "define",
    "implement",
    "write",
    "name",
    "give",
    "tell",
    "list",
    "design",
    "outline",
    "walk",
    "suppose",
    "imagine",
    "create",
    "build",
    "show",
    "demonstrate",
    "differentiate",
    "distinguish",
    "identify",
    "mention",
    "state",
    "elaborate",
    "illustrate",
    "solve",
    "find",
    "given",
    "if",
    "difference",
    "differences",
    "pros",
    "advantages",
    "benefits",
];

/// Verbs that make a heading a question even without a question mark. Narrower than
/// `QUESTION_WORDS`: headings such as "How to contribute" or "Design Patterns" are not.
const PROMPT_VERBS: &[&str] = &[
    "explain",
    "describe",
    "discuss",
    "compare",
    "contrast",
    "define",
    "implement",
    "write",
];

fn first_word(text: &str) -> String {
    text.split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .replace('’', "'")
        .to_lowercase()
}

fn ends_with_question_mark(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
    trimmed.ends_with('?') || trimmed.ends_with('？')
}

/// Whether a line of text reads like a question or a task.
fn looks_like_question(text: &str) -> bool {
    ends_with_question_mark(text) || QUESTION_WORDS.contains(&first_word(text).as_str())
}

/// If a heading's text is a question, its number (if it has one) and the question.
fn question_heading(text: &str) -> Option<(Option<u32>, &str)> {
    if let Some((number, len)) = question_marker(text) {
        return Some((number, text[len..].trim()));
    }
    let (number, rest) = match numbered_prefix(text) {
        Some((n, len)) => (Some(n), text[len..].trim()),
        None => (None, text),
    };
    let is_question =
        ends_with_question_mark(rest) || PROMPT_VERBS.contains(&first_word(rest).as_str());
    (is_question && !rest.is_empty()).then_some((number, rest))
}

/// `12.` or `12)` followed by whitespace: the number and the length of the prefix.
fn numbered_prefix(text: &str) -> Option<(u32, usize)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let after = text[digits..].chars().next()?;
    if after != '.' && after != ')' {
        return None;
    }
    let rest = &text[digits + 1..];
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    Some((text[..digits].parse().ok()?, digits + 1 + spaces))
}

fn numbered_line(line: &str) -> bool {
    numbered_prefix(line.trim_start_matches(' '))
        .is_some_and(|(_, len)| !line.trim_start_matches(' ')[len..].trim().is_empty())
}

/// The number written at the start of an ordered list item.
fn leading_number(item: &str) -> Option<u32> {
    let digits: String = item
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Length of the list marker (`12. `, `- `) at the start of an item, spaces included.
fn list_marker_len(item: &str) -> usize {
    let leading = item.len() - item.trim_start_matches(' ').len();
    let rest = &item[leading..];
    let marker = match rest.chars().next() {
        Some('-' | '*' | '+') => 1,
        _ => {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            digits + usize::from(rest[digits..].starts_with(['.', ')']))
        }
    };
    let after = &rest[marker..];
    let first_line = after.split('\n').next().unwrap_or("");
    let spaces = first_line.len() - first_line.trim_start_matches([' ', '\t']).len();
    leading + marker + spaces
}

/// The column where an item's content starts: continuation lines are indented by it.
fn item_indent(item: &str) -> usize {
    let marker = list_marker_len(item);
    let first_line = item.split('\n').next().unwrap_or("");
    if first_line.len() <= marker {
        // An empty first line: CommonMark indents the content by the marker and one space.
        marker.min(first_line.trim_end().len() + 1)
    } else {
        marker
    }
}

/// Removes up to `indent` leading spaces from every line but the first.
fn dedent(text: &str, indent: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            let spaces = line.len() - line.trim_start_matches(' ').len();
            out.push_str(&line[spaces.min(indent)..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Trims a block of answer text: outer blank lines, trailing spaces on each line (hard
/// breaks), and the indentation all its lines share.
fn dedent_block(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        return String::new();
    };
    let lines = &lines[first..=last];
    let common = lines
        .iter()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.trim_start()
            } else {
                &l[common.min(l.len())..]
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Labels that introduce an answer, lowercase.
const ANSWER_LABELS: &[&str] = &["explanation", "answer", "ans", "a"];
/// Labels that introduce a question, lowercase.
const QUESTION_LABELS: &[&str] = &["question", "q"];

/// If `line` starts with an answer marker (`**Explanation**:`, `Answer:`, `A:`,
/// `**Answer:**`), the byte length of the marker and the spaces after it.
fn answer_marker(line: &str) -> Option<usize> {
    labelled_marker(line, ANSWER_LABELS, false).map(|(_, len)| len)
}

/// If `line` starts with a question marker (`Q:`, `Q1.`, `**Question 3:**`), the
/// number it carries and the byte length of the marker.
fn question_marker(line: &str) -> Option<(Option<u32>, usize)> {
    labelled_marker(line, QUESTION_LABELS, true)
}

/// Matches `[emphasis] label [number] [emphasis] (':' | '.' | ')') [emphasis] spaces` at
/// the start of `line` (after indentation). Answers take only `:`.
fn labelled_marker(line: &str, labels: &[&str], numbered: bool) -> Option<(Option<u32>, usize)> {
    let start = line.len() - line.trim_start().len();
    let mut rest = &line[start..];
    rest = rest.trim_start_matches(['*', '_']);
    let label_len = rest
        .char_indices()
        .find(|(_, c)| !c.is_ascii_alphabetic())
        .map_or(rest.len(), |(i, _)| i);
    if !labels.contains(&rest[..label_len].to_ascii_lowercase().as_str()) {
        return None;
    }
    rest = &rest[label_len..];
    let mut number = None;
    if numbered {
        let after_space = rest.trim_start_matches(' ');
        let digits = after_space.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            number = after_space[..digits].parse().ok();
            rest = &after_space[digits..];
        }
    }
    rest = rest.trim_start_matches(['*', '_']);
    // An answer label may carry a note in parentheses, as qbank's own Markdown export
    // writes a borrowed explanation's origin: "**Explanation** (from backend-128:21):".
    if !numbered
        && let Some(note) = rest.strip_prefix(" (")
        && let Some(close) = note.find(')')
        && !note[..close].contains('\n')
    {
        rest = &note[close + 1..];
    }
    let delimiters: &[char] = if numbered { &[':', '.', ')'] } else { &[':'] };
    let delimiter = rest.chars().next().filter(|c| delimiters.contains(c))?;
    rest = &rest[delimiter.len_utf8()..];
    rest = rest.trim_start_matches(['*', '_']);
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    rest = rest.trim_start_matches([' ', '\t']);
    Some((number, line.len() - rest.len()))
}

/// Finds the first answer marker in a question block: at the start of a line, or a bold
/// one (`**Explanation**:`) anywhere. Returns its offset and length.
fn find_answer_marker(text: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        // A marker on the item's first line would leave no question: look past it there.
        if i > 0
            && let Some(len) = answer_marker(line)
        {
            return Some((offset, len));
        }
        for (at, _) in line.match_indices("**") {
            if at > 0
                && let Some(len) = answer_marker(&line[at..])
                && line[..at].trim().len() > 2
            {
                return Some((offset + at, len));
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn questions(text: &str) -> Vec<String> {
        parse(text)
            .entries
            .into_iter()
            .map(|e| e.question)
            .collect()
    }

    #[test]
    fn numbered_items_with_both_delimiters() {
        let parsed = parse("1. What is REST?\n2) What is gRPC?\n");
        let got: Vec<_> = parsed
            .entries
            .iter()
            .map(|e| (e.number, e.question.as_str()))
            .collect();
        assert_eq!(
            got,
            [(Some(1), "What is REST?"), (Some(2), "What is gRPC?")]
        );
    }

    #[test]
    fn bulleted_items_and_wrapped_lines() {
        let text = "- What is a\n  reverse proxy?\n* Explain CORS.\n";
        // Two bullet kinds make two lists; both are read.
        assert_eq!(
            questions(text),
            ["What is a reverse proxy?", "Explain CORS."]
        );
        assert_eq!(parse(text).entries[0].number, None);
    }

    #[test]
    fn numbers_are_read_as_written() {
        let parsed = parse("3. What is a queue?\n\n7. What is a stack?\n");
        let numbers: Vec<_> = parsed.entries.iter().map(|e| e.number).collect();
        assert_eq!(numbers, [Some(3), Some(7)]);
    }

    #[test]
    fn emphasis_is_removed_and_whitespace_collapsed() {
        assert_eq!(
            questions("1. **What is  _idempotency_ in `PUT`?**\n"),
            ["What is idempotency in PUT?"]
        );
    }

    #[test]
    fn explanation_inside_the_item() {
        let text = "1. **What is a thread?**  \n   **Explanation**: A unit of\n   execution.\n\n2. **What is a process?**\n";
        let parsed = parse(text);
        assert_eq!(parsed.entries[0].question, "What is a thread?");
        assert_eq!(
            parsed.entries[0].explanation.as_deref(),
            Some("A unit of\nexecution.")
        );
        assert_eq!(parsed.entries[1].explanation, None);
    }

    #[test]
    fn an_unclosed_code_block_is_a_warning_naming_its_line() {
        let text = "1. What is X?\n\n   ```sh\n   run x\n   ```\n2. What is Y?\n\n```\ncode\n3. What is Z?\n";
        let parsed = parse(text);
        assert_eq!(parsed.entries.len(), 2);
        let unclosed: Vec<u32> = parsed
            .warnings
            .iter()
            .filter(|(_, message)| message.contains("never closed"))
            .map(|(line, _)| *line)
            .collect();
        assert_eq!(unclosed, [8], "{:?}", parsed.warnings);
    }

    #[test]
    fn a_question_marker_without_text_is_no_question() {
        // Found by fuzzing (tests/fixtures/fuzz/parse_source): "q:" gave an empty question.
        for text in ["q:", "Q: \nA: an answer\n", "## Q:\n"] {
            let parsed = parse(text);
            assert!(parsed.entries.is_empty(), "{text:?}: {:?}", parsed.entries);
        }
    }

    #[test]
    fn an_answer_marker_may_carry_a_note() {
        let text = "1. What is a thread?\n   **Explanation** (from a:3): A unit of execution.\n";
        let parsed = parse(text);
        assert_eq!(parsed.entries[0].question, "What is a thread?");
        assert_eq!(
            parsed.entries[0].explanation.as_deref(),
            Some("A unit of execution.")
        );
    }

    #[test]
    fn answer_and_a_markers_on_following_lines() {
        let text = "1. What is DNS?\nAnswer: Name resolution.\n\n2. What is TCP?\n\nA: A transport protocol.\n";
        let parsed = parse(text);
        let got: Vec<_> = parsed
            .entries
            .iter()
            .map(|e| (e.question.as_str(), e.explanation.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("What is DNS?", Some("Name resolution.")),
                ("What is TCP?", Some("A transport protocol."))
            ]
        );
    }

    #[test]
    fn multi_paragraph_answers_keep_lists_and_code() {
        let text = "\
1. What is a mutex?
   **Answer**: A lock.

   - one owner
   - blocking

   ```rust
   let m = Mutex::new(0);
   ```
2. What is a semaphore?
";
        let parsed = parse(text);
        assert_eq!(
            parsed.entries[0].explanation.as_deref(),
            Some("A lock.\n\n- one owner\n- blocking\n\n```rust\nlet m = Mutex::new(0);\n```")
        );
        assert_eq!(parsed.entries[1].question, "What is a semaphore?");
    }

    #[test]
    fn questions_as_headings_with_answers_beneath() {
        let text = "\
# Interview prep

## Databases

### 1. What is a B-tree?

A balanced tree.

It keeps keys sorted.

### Explain MVCC

Versions per row.

## Networking

### What is DNS?
";
        let parsed = parse(text);
        let got: Vec<_> = parsed
            .entries
            .iter()
            .map(|e| {
                (
                    e.number,
                    e.question.as_str(),
                    e.explanation.as_deref(),
                    e.headings.last().map(String::as_str),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some(1),
                    "What is a B-tree?",
                    Some("A balanced tree.\n\nIt keeps keys sorted."),
                    Some("Databases")
                ),
                (
                    None,
                    "Explain MVCC",
                    Some("Versions per row."),
                    Some("Databases")
                ),
                (None, "What is DNS?", None, Some("Networking")),
            ]
        );
    }

    #[test]
    fn headings_of_every_depth_with_bold_inside() {
        let text = "# Title\n## **Level 2**\n###### *Deep*\n1. What is X?\n";
        let parsed = parse(text);
        assert_eq!(parsed.entries[0].headings, ["Title", "Level 2", "Deep"]);
    }

    #[test]
    fn a_new_heading_closes_deeper_ones() {
        let text = "# T\n## A\n### A1\n1. Q one?\n## B\n1. Q two?\n";
        let parsed = parse(text);
        assert_eq!(parsed.entries[1].headings, ["T", "B"]);
    }

    #[test]
    fn title_and_intro_lines_are_not_questions_and_not_warnings() {
        let text = "Backend Interview Questions\n\nA list for practice.\n\n1. What is an API?\n";
        let parsed = parse(text);
        assert_eq!(questions(text), ["What is an API?"]);
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn q_and_a_paragraphs() {
        let text = "Q: What is a CDN?\nA: A network of caches.\n\nQ2. What is TLS?\n";
        let parsed = parse(text);
        assert_eq!(parsed.entries[0].question, "What is a CDN?");
        assert_eq!(
            parsed.entries[0].explanation.as_deref(),
            Some("A network of caches.")
        );
        assert_eq!(parsed.entries[1].number, Some(2));
        assert_eq!(parsed.entries[1].question, "What is TLS?");
    }

    #[test]
    fn numbered_lines_folded_into_a_paragraph_are_still_questions() {
        let text = "Part two\n12. What is gRPC?\n13. What is Thrift?\n";
        let parsed = parse(text);
        let numbers: Vec<_> = parsed.entries.iter().map(|e| e.number).collect();
        assert_eq!(numbers, [Some(12), Some(13)]);
        assert_eq!(parsed.entries[1].question, "What is Thrift?");
    }

    #[test]
    fn unplaced_text_after_a_question_is_a_warning_with_its_line() {
        let text = "1. What is REST?\n\nStray remark.\n";
        let parsed = parse(text);
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].0, 3);
        assert!(parsed.warnings[0].1.contains("Stray remark."));
    }

    #[test]
    fn an_answer_with_no_question_before_it_is_a_warning() {
        let parsed = parse("Answer: 42\n");
        assert!(parsed.entries.is_empty());
        // Before the first question everything is intro text: no warning there.
        assert!(parsed.warnings.is_empty());
        let parsed = parse("# T\n\n1. What?\n\n## S\n\nAnswer: 42\n");
        assert_eq!(parsed.entries[0].explanation, None);
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].0, 7);
    }

    #[test]
    fn a_table_of_contents_is_not_read_as_questions() {
        let text = "1. [Databases](#databases)\n2. [Caching](#caching)\n\n## Databases\n\n1. What is SQL?\n";
        assert_eq!(questions(text), ["What is SQL?"]);
    }

    #[test]
    fn non_ascii_punctuation_is_kept() {
        assert_eq!(
            questions("1. What’s the “CAP” theorem — really?\n"),
            ["What’s the “CAP” theorem — really?"]
        );
    }

    #[test]
    fn unterminated_fence_does_not_swallow_the_question() {
        let parsed = parse("1. What is X?\n   **Answer**: see\n   ```\n   code\n");
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.entries[0].question, "What is X?");
    }
}
