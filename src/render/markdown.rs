//! An explanation's markdown as terminal text: paragraphs wrapped at word boundaries,
//! lists as lists (markers with hanging indents), headings on lines of their own, code
//! indented (a line too long for the width continues at its own indentation),
//! tables as aligned rows. Emphasis and link targets are dropped; the words stay.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The explanation as lines of at most `width` columns (but for words longer than that).
pub fn to_text(markdown: &str, width: usize) -> String {
    let mut writer = Writer {
        width: width.max(20),
        lines: Vec::new(),
        inline: String::new(),
        indent: Vec::new(),
        first_prefix: None,
        lists: Vec::new(),
        code: None,
        row: Vec::new(),
        rows: Vec::new(),
    };
    for event in Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        writer.event(event);
    }
    writer.flush();
    while writer.lines.last().is_some_and(|l| l.is_empty()) {
        writer.lines.pop();
    }
    writer.lines.join("\n")
}

struct Writer {
    width: usize,
    lines: Vec<String>,
    /// Inline text of the block being read.
    inline: String,
    /// Indentation of the blocks being read (list items, quotes).
    indent: Vec<String>,
    /// The marker that replaces the indentation on an item's first line.
    first_prefix: Option<String>,
    /// Open lists: the next number, or `None` for bullets.
    lists: Vec<Option<u64>>,
    code: Option<String>,
    row: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Writer {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => match self.code.as_mut() {
                Some(code) => code.push_str(&text),
                None => self.inline.push_str(&text),
            },
            Event::Code(text) => self.inline.push_str(&text),
            Event::SoftBreak => self.inline.push(' '),
            Event::HardBreak => self.inline.push('\n'),
            Event::InlineHtml(html) | Event::Html(html)
                if html.trim_start().to_ascii_lowercase().starts_with("<br") =>
            {
                self.inline.push('\n');
            }
            Event::Rule => {
                self.flush();
                self.blank();
                self.lines.push("─".repeat(self.width.min(40)));
                self.blank();
            }
            Event::TaskListMarker(done) => self.inline.push_str(if done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => self.flush(),
            Tag::Heading { .. } => {
                self.flush();
                self.blank();
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.indent.push("│ ".to_string());
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.blank();
                self.code = Some(String::new());
            }
            Tag::List(start) => {
                self.flush();
                if self.lists.is_empty() {
                    self.blank();
                }
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let marker = format!("{n}. ");
                        *n += 1;
                        marker
                    }
                    _ => "• ".to_string(),
                };
                self.indent.push(" ".repeat(marker.chars().count()));
                self.first_prefix = Some(marker);
            }
            Tag::Table(_) => {
                self.flush();
                self.blank();
                self.rows.clear();
            }
            Tag::TableRow | Tag::TableHead => self.row.clear(),
            Tag::TableCell => self.inline.clear(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush();
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            TagEnd::Heading(_) => {
                self.flush();
                self.blank();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.indent.pop();
                self.blank();
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                let prefix = self.prefix(true);
                for line in code.trim_end_matches('\n').split('\n') {
                    let line = line.replace('\t', "    ");
                    if line.trim().is_empty() {
                        self.lines.push(String::new());
                    } else {
                        let shown = format!("{prefix}    {}", line.trim_end());
                        self.lines.extend(
                            super::wrap::wrap(&shown, self.width)
                                .lines()
                                .map(String::from),
                        );
                    }
                }
                self.blank();
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            TagEnd::Item => {
                self.flush();
                self.indent.pop();
                self.first_prefix = None;
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.inline);
                self.row
                    .push(cell.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                let row = std::mem::take(&mut self.row);
                self.rows.push(row);
            }
            TagEnd::Table => {
                self.table();
                self.blank();
            }
            _ => {}
        }
    }

    /// The indentation of the next line; on an item's first line, its marker.
    fn prefix(&mut self, first: bool) -> String {
        let mut prefix: String = self.indent.concat();
        if first && let Some(marker) = self.first_prefix.take() {
            let keep = prefix
                .chars()
                .count()
                .saturating_sub(marker.chars().count());
            prefix = prefix.chars().take(keep).collect::<String>() + &marker;
        }
        prefix
    }

    /// Writes the inline text read so far, wrapped.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.inline);
        if text.trim().is_empty() {
            return;
        }
        for (i, piece) in text.split('\n').enumerate() {
            let words: Vec<&str> = piece.split_whitespace().collect();
            if words.is_empty() && i > 0 {
                continue;
            }
            let mut prefix = self.prefix(true);
            let continuation = " ".repeat(prefix.chars().count());
            let mut line = String::new();
            for word in words {
                let used = prefix.chars().count() + line.chars().count();
                if !line.is_empty() && used + 1 + word.chars().count() > self.width {
                    self.lines.push(format!("{prefix}{line}"));
                    prefix = continuation.clone();
                    line.clear();
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            }
            self.lines.push(format!("{prefix}{line}"));
        }
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    fn table(&mut self) {
        let rows = std::mem::take(&mut self.rows);
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                rows.iter()
                    .filter_map(|r| r.get(c))
                    .map(|cell| cell.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let prefix = self.prefix(true);
        for (i, row) in rows.iter().enumerate() {
            let cells: Vec<String> = (0..columns)
                .map(|c| {
                    let cell = row.get(c).map_or("", String::as_str);
                    format!("{cell:<width$}", width = widths[c])
                })
                .collect();
            self.lines
                .push(format!("{prefix}{}", cells.join(" │ ").trim_end()));
            if i == 0 {
                let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                self.lines.push(format!("{prefix}{}", rule.join("─┼─")));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_headings_and_code() {
        let markdown = "**Microservices** and monoliths differ in how they deploy and scale.\n\n### Key Differences\n\n- **Deployment**: one unit against many small ones that ship alone.\n- Scaling\n\n```python\n# a comment too long for the width continues indented\nx = 1\n```\n";
        let text = to_text(markdown, 40);
        assert_eq!(
            text,
            "Microservices and monoliths differ in\n\
             how they deploy and scale.\n\
             \n\
             Key Differences\n\
             \n\
             • Deployment: one unit against many\n  \
             small ones that ship alone.\n\
             • Scaling\n\
             \n    \
             # a comment too long for the width\n    \
             continues indented\n    \
             x = 1"
        );
    }

    #[test]
    fn numbered_lists_nest_and_tables_align() {
        let markdown =
            "1. First\n   - inner\n2. Second\n\n| verb | safe |\n|---|---|\n| GET | yes |\n";
        let text = to_text(markdown, 60);
        assert_eq!(
            text,
            "1. First\n   • inner\n2. Second\n\nverb │ safe\n─────┼─────\nGET  │ yes"
        );
    }
}
