//! The first stage of reading: the text as blocks. pulldown-cmark gives the top-level
//! block structure (headings, lists and their items, paragraphs, code, HTML) with byte
//! offsets; `<details>` blocks, found beforehand, take their place among them.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::details::Details;
use crate::corpus::entry::collapse_whitespace;

/// A top-level block of the document.
#[derive(Debug)]
pub enum Block {
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
    Code {
        range: Range<usize>,
    },
    Html {
        range: Range<usize>,
    },
    /// An index into `Document::details`.
    Details(usize),
    Rule,
    Table {
        range: Range<usize>,
    },
    /// Block quotes and the like: kept in answers, never questions.
    Other {
        range: Range<usize>,
    },
}

/// An item of a top-level list.
#[derive(Debug)]
pub struct Item {
    pub range: Range<usize>,
    /// Where the item's first paragraph (or heading, or first run of inline text) ends.
    pub first_block_end: usize,
}

/// The source text, its top-level blocks, and the plain text of every inline run.
pub struct Document<'a> {
    pub text: &'a str,
    pub blocks: Vec<Block>,
    pub details: Vec<Details>,
    /// Plain-text pieces (text, code, line breaks as spaces) with their source ranges,
    /// in document order: the text of any range without markdown syntax.
    pieces: Vec<(Range<usize>, String)>,
    line_starts: Vec<usize>,
    /// Where fenced code blocks that are never closed start.
    pub unclosed_fences: Vec<usize>,
}

impl<'a> Document<'a> {
    /// Reads `text`, in which the `details` blocks have been blanked out.
    pub fn new(text: &'a str, details: Vec<Details>) -> Self {
        let mut blocks = Vec::new();
        let mut pieces = Vec::new();
        let mut depth = 0usize;
        // Index in `blocks` of the top-level list being read.
        let mut open_list: Option<usize> = None;
        let mut unclosed_fences = Vec::new();
        for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
            match event {
                Event::Start(tag) => {
                    if matches!(tag, Tag::CodeBlock(CodeBlockKind::Fenced(_)))
                        && !fence_is_closed(&text[range.clone()])
                    {
                        unclosed_fences.push(range.start);
                    }
                    if depth == 0 {
                        let range = range.clone();
                        blocks.push(match tag {
                            Tag::Heading { level, .. } => Block::Heading {
                                depth: level as usize,
                                range,
                            },
                            Tag::List(start) => {
                                open_list = Some(blocks.len());
                                Block::List {
                                    ordered: start.is_some(),
                                    items: Vec::new(),
                                    range,
                                }
                            }
                            Tag::Paragraph => Block::Paragraph { range },
                            Tag::CodeBlock(_) => Block::Code { range },
                            Tag::HtmlBlock => Block::Html { range },
                            Tag::Table(_) => Block::Table { range },
                            _ => Block::Other { range },
                        });
                    } else if let Some(list_index) = open_list
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
                            // either this block is that paragraph (or a heading, as in
                            // `1. ### What is …`), or it interrupts a tight item's text.
                            item.first_block_end =
                                if matches!(tag, Tag::Paragraph | Tag::Heading { .. }) {
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
                        open_list = None;
                    }
                }
                Event::Text(t) | Event::Code(t) => pieces.push((range, t.into_string())),
                Event::SoftBreak | Event::HardBreak => pieces.push((range, " ".to_string())),
                Event::Rule if depth == 0 => blocks.push(Block::Rule),
                _ => {}
            }
        }
        // Details blocks go where they stand in the text.
        for (index, block) in details.iter().enumerate() {
            let at = blocks
                .iter()
                .position(|b| b.range().is_some_and(|r| r.start > block.range.start))
                .unwrap_or(blocks.len());
            blocks.insert(at, Block::Details(index));
        }
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Document {
            text,
            blocks,
            details,
            pieces,
            line_starts,
            unclosed_fences,
        }
    }

    /// 1-based line number of a byte offset.
    pub fn line_of(&self, offset: usize) -> u32 {
        let index = self.line_starts.partition_point(|&start| start <= offset);
        u32::try_from(index).unwrap_or(u32::MAX)
    }

    /// The start of the line that holds `offset`.
    pub fn line_start(&self, offset: usize) -> usize {
        let index = self.line_starts.partition_point(|&start| start <= offset);
        self.line_starts[index.saturating_sub(1)]
    }

    /// The plain text of a source range: markdown syntax removed, whitespace collapsed.
    /// A piece that straddles the range's edge is cut there when its text is the source
    /// verbatim (as a paragraph line starting with `Q:` is).
    pub fn plain(&self, range: Range<usize>) -> String {
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

    /// The source of a block from the start of its first line (so that indentation is
    /// kept), to its end.
    pub fn source(&self, range: Range<usize>) -> &'a str {
        &self.text[self.line_start(range.start)..range.end]
    }
}

impl Block {
    /// The source range, for blocks that have one here (details blocks keep theirs in
    /// `Document::details`).
    pub fn range(&self) -> Option<Range<usize>> {
        match self {
            Block::Heading { range, .. }
            | Block::List { range, .. }
            | Block::Paragraph { range }
            | Block::Code { range }
            | Block::Html { range }
            | Block::Table { range }
            | Block::Other { range } => Some(range.clone()),
            Block::Details(_) | Block::Rule => None,
        }
    }
}

/// Markdown (with inline HTML) as plain text: for text outside the document's own
/// parse, such as a `<summary>`.
pub fn markdown_plain(markdown: &str) -> String {
    let mut raw = String::new();
    for event in Parser::new_ext(markdown, Options::empty()) {
        match event {
            Event::Text(t) | Event::Code(t) => raw.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => raw.push(' '),
            _ => {}
        }
    }
    collapse_whitespace(&raw)
}

/// If `line` opens or closes a fenced code block, its fence character and width.
pub fn fence_marker(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let c = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let width = trimmed.chars().take_while(|&x| x == c).count();
    (width >= 3).then_some((c, width))
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
