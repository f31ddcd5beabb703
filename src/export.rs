//! Writing a set of questions out: JSON and JSON lines (the objects `search` prints),
//! CSV for spreadsheets, Markdown that qbank reads back as a corpus, and Anki cards.
//! Each writer takes any `Write`; where the bytes go (stdout, a file replaced
//! atomically) is the caller's business.

use std::io::{self, Write};

use serde::Serialize;

use crate::question::{Category, Level};
use crate::render::{hit_json, question_json_object};
use crate::search::Hit;

/// The title of a Markdown export. Read back as a corpus, a file under it states the
/// categories of its headings.
pub const MARKDOWN_TITLE: &str = "qbank export";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
    Markdown,
    Anki,
    /// One self-contained page to print: an interview sheet.
    Html,
}

impl Format {
    /// The format a file name suggests by its extension.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Markdown),
            "tsv" | "txt" => Some(Format::Anki),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// What is exported: the questions, in order, and how they were chosen.
pub struct Selection<'a> {
    pub hits: &'a [Hit],
    /// Whether a query ranked them (else they are in category, level, source, number
    /// order and have no score).
    pub ranked: bool,
    /// The filter that produced them, in words ("category databases, level advanced").
    pub description: String,
    /// Whether an HTML page ends with the explanations (the other formats always hold
    /// them).
    pub answers: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Csv(#[from] csv::Error),
}

/// Writes the selection in `format`; `progress` hears the number of questions written.
pub fn write(
    format: Format,
    selection: &Selection,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> Result<(), ExportError> {
    match format {
        Format::Json => json(selection, out, progress),
        Format::Jsonl => jsonl(selection, out, progress),
        Format::Csv => csv(selection, out, progress),
        Format::Markdown => markdown(selection, out, progress),
        Format::Anki => anki(selection, out, progress),
        Format::Html => html(selection, out, progress),
    }
}

fn object(selection: &Selection, hit: &Hit) -> impl Serialize {
    if selection.ranked {
        hit_json(hit)
    } else {
        question_json_object(&hit.question)
    }
}

fn json(
    selection: &Selection,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> Result<(), ExportError> {
    out.write_all(b"[")?;
    for (i, hit) in selection.hits.iter().enumerate() {
        out.write_all(if i == 0 { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *out, &object(selection, hit))?;
        progress(i + 1);
    }
    out.write_all(if selection.hits.is_empty() {
        b"]\n"
    } else {
        b"\n]\n"
    })?;
    Ok(())
}

fn jsonl(
    selection: &Selection,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> Result<(), ExportError> {
    for (i, hit) in selection.hits.iter().enumerate() {
        serde_json::to_writer(&mut *out, &object(selection, hit))?;
        out.write_all(b"\n")?;
        progress(i + 1);
    }
    Ok(())
}

/// The CSV columns, one per field of a result.
const CSV_HEADER: &[&str] = &[
    "id",
    "source",
    "number",
    "line",
    "question",
    "explanation",
    "section",
    "category",
    "category_source",
    "category_confidence",
    "level",
    "level_source",
    "level_confidence",
    "cluster",
    "duplicates",
    "explanation_from",
    "score",
    // Added after the others, so that the columns scripts already read stay in place.
    "title",
    "code",
];

fn csv(
    selection: &Selection,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> Result<(), ExportError> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_HEADER)?;
    for (i, hit) in selection.hits.iter().enumerate() {
        let q = &hit.question;
        let score = if selection.ranked {
            hit.score.to_string()
        } else {
            String::new()
        };
        let cells = [
            q.id.clone(),
            q.source.clone(),
            q.number.to_string(),
            q.line.to_string(),
            q.question.clone(),
            q.explanation.clone().unwrap_or_default(),
            q.section.clone().unwrap_or_default(),
            q.category.to_string(),
            q.category_source.to_string(),
            q.category_confidence.to_string(),
            q.level.to_string(),
            q.level_source.to_string(),
            q.level_confidence.to_string(),
            q.cluster.clone(),
            q.duplicates.join(" "),
            q.explanation_from.clone().unwrap_or_default(),
            score,
            q.title.clone().unwrap_or_default(),
            q.code.clone().unwrap_or_default(),
        ];
        writer.write_record(
            cells
                .iter()
                .map(|cell| neutralise_formula(cell).into_owned()),
        )?;
        progress(i + 1);
    }
    writer.flush()?;
    Ok(())
}

/// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
/// return before one) as a formula; a leading apostrophe makes it text, which
/// spreadsheets show without the apostrophe.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A heading that qbank's classifier reads back as the category.
pub fn category_heading(category: Category) -> &'static str {
    match category {
        Category::Fundamentals => "Fundamentals",
        Category::DataStructures => "Data Structures and Algorithms",
        Category::Apis => "APIs",
        Category::Databases => "Databases",
        Category::Security => "Security",
        Category::Performance => "Performance",
        Category::Architecture => "Architecture",
        Category::Devops => "DevOps",
        Category::Testing => "Testing",
        Category::Concurrency => "Concurrency",
        Category::Networking => "Networking",
        Category::Observability => "Observability",
    }
}

/// A heading that qbank's classifier reads back as the level.
pub fn level_heading(level: Level) -> &'static str {
    match level {
        Level::Beginner => "Beginner",
        Level::Intermediate => "Intermediate",
        Level::Advanced => "Advanced",
    }
}

/// Markdown grouped by category, then level, numbered through the file, each question
/// with its code and explanation beneath it. qbank's own parser reads it back to the
/// same questions, code, explanations, categories and levels, so an export can become a
/// corpus.
///
/// A question item reads:
///
/// ````text
/// 12. The question?
///
///     ```js
///     the code it asks about
///     ```
///
///     **Explanation**:
///
///     The explanation, as written.
/// ````
///
/// The code comes right after the question's paragraph, where a source list puts it;
/// the explanation starts a paragraph of its own, so one that opens with a fence or a
/// list is read as such and not glued to the label. Without code the label stays on the
/// line after the question. A question with a title has it as a heading just above it:
/// those come last in their group, so that no heading of a title sits above a question
/// without one; it is a bullet under that heading, not a numbered item.
/// The page's style: readable on screen, and on paper one question never split across
/// pages, the answers starting on a page of their own.
const HTML_STYLE: &str = "
body { font: 11pt/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #111;
  max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
.about { color: #555; margin-top: 0; }
ol.questions, ol.answers { padding-left: 2.2rem; }
ol.questions > li, ol.answers > li { margin: 0 0 1.1rem; break-inside: avoid; page-break-inside: avoid; }
.question { font-weight: 600; }
.tags { margin-left: .4rem; }
.tag { display: inline-block; font-size: .75rem; font-weight: 500; border: 1px solid #999;
  border-radius: .6rem; padding: 0 .45rem; margin-right: .25rem; color: #333; }
.id { color: #777; font-size: .8rem; }
.notes { border-bottom: 1px solid #ccc; height: 2.2rem; }
pre { background: #f4f4f4; padding: .5rem .7rem; overflow-x: auto; font-size: .85rem;
  white-space: pre-wrap; }
code { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; }
section.answers { break-before: page; page-break-before: always; }
.from { color: #777; font-size: .85rem; }
@media print {
  body { margin: 0; max-width: none; }
  @page { margin: 18mm 16mm; }
  a { color: inherit; text-decoration: none; }
}
";

/// One page, nothing fetched: numbered questions with their category and level (and
/// any code), lines for notes, and with `answers` the explanations from a new page.
fn html(
    selection: &Selection,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> Result<(), ExportError> {
    let count = selection.hits.len();
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(out, "<title>Interview questions</title>")?;
    writeln!(out, "<style>{HTML_STYLE}</style>\n</head>\n<body>")?;
    writeln!(out, "<h1>Interview questions</h1>")?;
    writeln!(
        out,
        "<p class=\"about\">{count} question{}: {}.</p>",
        if count == 1 { "" } else { "s" },
        escape_html(&selection.description)
    )?;
    writeln!(out, "<ol class=\"questions\">")?;
    for (i, hit) in selection.hits.iter().enumerate() {
        let q = &hit.question;
        writeln!(out, "<li id=\"q{}\">", i + 1)?;
        if let Some(title) = &q.title {
            writeln!(out, "<div class=\"title\">{}</div>", escape_html(title))?;
        }
        writeln!(
            out,
            "<span class=\"question\">{}</span><span class=\"tags\"><span class=\"tag\">{}</span><span class=\"tag\">{}</span></span> <span class=\"id\">{}</span>",
            escape_html(&q.question),
            q.category,
            q.level,
            escape_html(&q.id)
        )?;
        if let Some(code) = &q.code {
            out.write_all(markdown_html(code).as_bytes())?;
        }
        writeln!(out, "<div class=\"notes\"></div>\n</li>")?;
        progress(i + 1);
    }
    writeln!(out, "</ol>")?;
    if selection.answers {
        writeln!(out, "<section class=\"answers\">\n<h2>Answers</h2>")?;
        writeln!(out, "<ol class=\"answers\">")?;
        for (i, hit) in selection.hits.iter().enumerate() {
            let q = &hit.question;
            writeln!(
                out,
                "<li><a href=\"#q{}\" class=\"question\">{}</a>",
                i + 1,
                escape_html(&q.question)
            )?;
            match (&q.explanation, &q.explanation_from) {
                (Some(explanation), from) => {
                    if let Some(from) = from {
                        writeln!(
                            out,
                            "<div class=\"from\">(from {})</div>",
                            escape_html(from)
                        )?;
                    }
                    out.write_all(markdown_html(explanation).as_bytes())?;
                }
                (None, _) => writeln!(out, "<p class=\"from\">No explanation in the corpus.</p>")?,
            }
            writeln!(out, "</li>")?;
        }
        writeln!(out, "</ol>\n</section>")?;
    }
    writeln!(out, "</body>\n</html>")?;
    Ok(())
}

/// Markdown as HTML, its raw HTML shown as text: a list's markup must not run in the
/// page (no scripts, no styles, nothing fetched).
fn markdown_html(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
    let events = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        // Images would be fetched when the page is opened, and a link may lead
        // anywhere (`javascript:`): their text stays, on paper as on screen.
        Event::Start(Tag::Image { .. } | Tag::Link { .. })
        | Event::End(TagEnd::Image | TagEnd::Link) => Event::Text("".into()),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn markdown(
    selection: &Selection,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> Result<(), ExportError> {
    let count = selection.hits.len();
    writeln!(out, "# {MARKDOWN_TITLE}\n")?;
    writeln!(
        out,
        "{count} question{}: {}; grouped by category, then level.",
        if count == 1 { "" } else { "s" },
        selection.description
    )?;
    let mut order: Vec<&Hit> = selection.hits.iter().collect();
    // Stable: within a group, the selection's order (by score, or by source and number).
    order.sort_by_key(|hit| {
        let q = &hit.question;
        (q.category, q.level, q.title.is_some())
    });
    let mut group: Option<(Category, Level)> = None;
    for (i, hit) in order.iter().enumerate() {
        let q = &hit.question;
        if group.map(|(c, _)| c) != Some(q.category) {
            writeln!(out, "\n## {}", category_heading(q.category))?;
        }
        if group != Some((q.category, q.level)) {
            writeln!(out, "\n### {}\n", level_heading(q.level))?;
        } else {
            writeln!(out)?;
        }
        group = Some((q.category, q.level));
        if let Some(title) = &q.title {
            writeln!(out, "#### {}\n", escape_markdown(title))?;
        }
        // A titled question is the one bullet under its title: the shape a reader takes
        // for a topic heading over its question (a numbered item under a heading may be
        // the only question of a level).
        let marker = if q.title.is_some() {
            "- ".to_string()
        } else {
            format!("{}. ", i + 1)
        };
        let indent = " ".repeat(marker.len());
        writeln!(out, "{marker}{}", escape_markdown(&q.question))?;
        if let Some(code) = &q.code {
            writeln!(out)?;
            write_indented(out, &indent, &fence(code))?;
        }
        if let Some(explanation) = &q.explanation {
            let label = match &q.explanation_from {
                Some(from) => format!("**Explanation** (from {from}):"),
                None => "**Explanation**:".to_string(),
            };
            if q.code.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{indent}{label}\n")?;
            write_indented(out, &indent, explanation)?;
        }
        progress(i + 1);
    }
    Ok(())
}

/// Writes `text` with every line indented (blank lines left empty), so that it stays
/// inside the list item above it.
fn write_indented(out: &mut dyn Write, indent: &str, text: &str) -> io::Result<()> {
    for line in text.trim_matches('\n').lines() {
        if line.trim().is_empty() {
            writeln!(out)?;
        } else {
            writeln!(out, "{indent}{line}")?;
        }
    }
    Ok(())
}

/// Code as a fenced block. Code is kept fenced already; code that is not gets a fence
/// longer than any run of backticks in it, so nothing inside closes it early.
fn fence(code: &str) -> String {
    let code = code.trim_matches('\n');
    let fenced = code.starts_with("```") || code.starts_with("~~~");
    if fenced {
        return code.to_string();
    }
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest.max(2) + 1);
    format!("{ticks}\n{code}\n{ticks}")
}

/// Escapes what Markdown would read as markup, so the text reads back as written.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // A leading list marker would open a nested list.
    if out.starts_with(['-', '+']) {
        out.insert(0, '\\');
    }
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// Tab-separated cards that Anki's plain-text import reads: front (the question and its
/// code), back, tags.
fn anki(
    selection: &Selection,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> Result<(), ExportError> {
    out.write_all(b"#separator:tab\n#html:false\n#tags column:3\n")?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .from_writer(out);
    for (i, hit) in selection.hits.iter().enumerate() {
        let q = &hit.question;
        let back = match (&q.explanation, &q.explanation_from) {
            (Some(explanation), None) => format!("{explanation}\n\n({})", q.id),
            (Some(explanation), Some(from)) => {
                format!("{explanation}\n\n({}; explanation from {from})", q.id)
            }
            (None, _) => format!("No explanation in the corpus.\n\n({})", q.id),
        };
        let front = match &q.code {
            Some(code) => format!("{}\n\n{code}", q.question),
            None => q.question.clone(),
        };
        let tags = format!("qbank::{} qbank::{}", q.category, q.level);
        writer.write_record([front.as_str(), back.as_str(), tags.as_str()])?;
        progress(i + 1);
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for cell in ["=1+1", "+cmd", "-2", "@SUM(A1)", "\t=x", "\r=x"] {
            assert_eq!(neutralise_formula(cell), format!("'{cell}"));
        }
        assert_eq!(neutralise_formula("What is 1+1?"), "What is 1+1?");
    }

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(
            escape_markdown("What is `a*b` in C#?"),
            "What is \\`a\\*b\\` in C\\#?"
        );
        assert_eq!(escape_markdown("- a list?"), "\\- a list?");
        assert_eq!(escape_markdown("404. Not found?"), "404\\. Not found?");
    }

    fn export_markdown(questions: Vec<crate::Question>) -> String {
        let hits: Vec<Hit> = questions
            .into_iter()
            .map(|question| Hit {
                score: 0.0,
                question,
                highlights: Default::default(),
                matches: Vec::new(),
            })
            .collect();
        let selection = Selection {
            hits: &hits,
            ranked: false,
            description: "every question".to_string(),
            answers: false,
        };
        let mut out = Vec::new();
        write(Format::Markdown, &selection, &mut out, &mut |_| {}).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn markdown_puts_code_after_the_question_and_the_explanation_after_its_label() {
        use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
        let code = "```js\nlet a = [1, 2];\n\nconsole.log(a.length);\n```";
        let explanation = "```\n2\n```\n\nThe array has two items.";
        let q = crate::Question {
            title: Some("Array length".to_string()),
            code: Some(code.to_string()),
            explanation: Some(explanation.to_string()),
            ..crate::question::sample("quiz:1", "What is the output of this code?")
        };
        let text = export_markdown(vec![q]);
        assert!(
            text.ends_with(
                "#### Array length\n\n- What is the output of this code?\n\n  ```js\n  \
                 let a = [1, 2];\n\n  console.log(a.length);\n  ```\n\n  \
                 **Explanation**:\n\n  ```\n  2\n  ```\n\n  The array has two items.\n"
            ),
            "{text}"
        );
        // As a Markdown reader sees it: the question, its code, the label, then the
        // explanation's own code block, every one a block of its own.
        let mut blocks = Vec::new();
        for event in Parser::new(&text) {
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    blocks.push(format!("code {info}"))
                }
                Event::Start(Tag::Paragraph) => blocks.push("paragraph".to_string()),
                _ => {}
            }
        }
        assert_eq!(
            blocks[blocks.len() - 5..],
            ["paragraph", "code js", "paragraph", "code ", "paragraph"]
        );
    }

    #[test]
    fn markdown_without_code_keeps_the_label_under_the_question() {
        let q = crate::Question {
            explanation: Some("- one\n- two".to_string()),
            ..crate::question::sample("quiz:1", "Name two things?")
        };
        let text = export_markdown(vec![q]);
        assert!(
            text.ends_with("1. Name two things?\n   **Explanation**:\n\n   - one\n   - two\n"),
            "{text}"
        );
    }

    #[test]
    fn titled_questions_come_last_in_their_group() {
        let titled = crate::Question {
            title: Some("Threads".to_string()),
            ..crate::question::sample("quiz:1", "What is a thread?")
        };
        let plain = crate::question::sample("quiz:2", "What is a process?");
        let text = export_markdown(vec![titled, plain]);
        let process = text.find("What is a process?").expect("process");
        let heading = text.find("#### Threads").expect("title heading");
        assert!(process < heading, "{text}");
    }

    #[test]
    fn formats_follow_the_file_extension() {
        let of = |name: &str| Format::from_extension(std::path::Path::new(name));
        assert_eq!(of("set.MD"), Some(Format::Markdown));
        assert_eq!(of("set.csv"), Some(Format::Csv));
        assert_eq!(of("set.jsonl"), Some(Format::Jsonl));
        assert_eq!(of("set.txt"), Some(Format::Anki));
        assert_eq!(of("set"), None);
    }
}
