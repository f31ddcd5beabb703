//! How results look: tables for people, JSON for scripts. Rendering never queries: it
//! turns data the other modules produced into text.

mod markdown;
mod wrap;

use std::ops::Range;
use std::time::{Duration, UNIX_EPOCH};

use anstyle::{AnsiColor, Effects, Style};
use comfy_table::{
    Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width, presets,
};
use serde::Serialize;

use crate::classify::{Evaluation, Score};
use crate::eval::ModeReport;
use crate::index::Manifest;
use crate::question::{Level, Question, fenced_code};
use crate::search::{Hit, Hits, How, TermMatch};
use crate::stats::Stats;

/// Output choices that do not depend on the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    /// Whether to use ANSI colours and styles.
    pub color: bool,
    /// Columns available for output.
    pub width: u16,
}

/// Below this width a table would squeeze its columns to a few letters each: rows are
/// shown as cards instead, one field a line.
pub const CARDS_BELOW: u16 = 60;

/// The narrowest a column of running text (a question, an explanation) is made before
/// its long words are allowed to wrap inside it.
const PROSE_MIN: usize = 20;

const MATCH: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)))
    .effects(Effects::BOLD);
const DIM: Style = Style::new().effects(Effects::DIMMED);
const BOLD: Style = Style::new().effects(Effects::BOLD);

impl Look {
    fn table(&self) -> Table {
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .force_no_tty()
            .set_width(self.width);
        if self.color {
            table.enforce_styling();
        }
        table
    }

    /// Running text wrapped to the width.
    pub fn wrap(&self, text: &str) -> String {
        wrap::wrap(text, usize::from(self.width))
    }

    fn cards(&self) -> bool {
        self.width < CARDS_BELOW
    }

    /// The table at this width with no word split, or as cards when it is narrower
    /// than [`CARDS_BELOW`] or its words cannot fit. Only the `prose` columns may wrap
    /// a word longer than [`PROSE_MIN`]; every other column is at least as wide as its
    /// longest word (an id, a category, a path).
    fn fit(&self, mut table: Table, prose: &[usize]) -> String {
        let minimums = column_minimums(&table, prose);
        // Each column has a border and a space either side; the table one more border.
        let needed: usize = minimums.iter().map(|m| m + 3).sum::<usize>() + 1;
        if self.cards() || needed > usize::from(self.width) {
            return self.as_cards(&table);
        }
        for (i, minimum) in minimums.into_iter().enumerate() {
            if let Some(column) = table.column_mut(i) {
                // Constraints count the padding, a space either side.
                let minimum = u16::try_from(minimum + 2).unwrap_or(u16::MAX);
                column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(minimum)));
            }
        }
        format!("{table}\n")
    }

    /// A table's rows as cards: with a header, the first cell titles each card and the
    /// others follow as `name: value`; without one, the rows are `name: value` pairs.
    fn as_cards(&self, table: &Table) -> String {
        let width = usize::from(self.width);
        let names: Option<Vec<String>> = table
            .header()
            .map(|row| row.cell_iter().map(Cell::content).collect());
        let mut out = String::new();
        for row in table.row_iter() {
            let cells: Vec<String> = row.cell_iter().map(Cell::content).collect();
            match &names {
                Some(names) => {
                    let title = cells.first().map(String::as_str).unwrap_or_default();
                    let mark = if names.first().is_some_and(|n| n.contains('#')) {
                        "#"
                    } else {
                        ""
                    };
                    out.push_str(&self.paint(BOLD, &format!("{mark}{title}")));
                    out.push('\n');
                    for (name, value) in names.iter().zip(&cells).skip(1) {
                        out.push_str(&field(name, value, 2, width));
                    }
                    out.push('\n');
                }
                None => {
                    if let [name, value] = cells.as_slice() {
                        out.push_str(&field(name, value, 0, width));
                    }
                }
            }
        }
        out
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    /// `text` in `base` style with the `ranges` in the match style.
    fn highlight(&self, text: &str, ranges: &[Range<usize>], base: Style) -> String {
        if !self.color {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + 16 * ranges.len());
        let mut at = 0;
        for range in ranges {
            if range.start < at || range.end > text.len() {
                continue;
            }
            out.push_str(&self.paint(base, &text[at..range.start]));
            out.push_str(&self.paint(MATCH, &text[range.clone()]));
            at = range.end;
        }
        out.push_str(&self.paint(base, &text[at..]));
        out
    }
}

/// For each column, the width of its longest word (capped at [`PROSE_MIN`] in the
/// `prose` columns).
fn column_minimums(table: &Table, prose: &[usize]) -> Vec<usize> {
    let mut minimums: Vec<usize> = Vec::new();
    for row in table.header().into_iter().chain(table.row_iter()) {
        for (i, cell) in row.cell_iter().enumerate() {
            let mut longest = wrap::longest_word(&cell.content());
            if prose.contains(&i) {
                longest = longest.min(PROSE_MIN);
            }
            match minimums.get_mut(i) {
                Some(minimum) => *minimum = (*minimum).max(longest),
                None => minimums.push(longest),
            }
        }
    }
    minimums
}

/// One field of a card: `name: value` on a line when it fits, else the name and the
/// value beneath it, indented and wrapped.
fn field(name: &str, value: &str, indent: usize, width: usize) -> String {
    let pad = " ".repeat(indent);
    let one_line = format!("{pad}{name}: {value}");
    if !value.contains('\n') && wrap::visible_width(&one_line) <= width {
        return one_line + "\n";
    }
    let inner = " ".repeat(indent + 2);
    let body = wrap::wrap(value, width.saturating_sub(indent + 2).max(1));
    let mut out = format!("{pad}{name}:\n");
    for line in body.lines() {
        if !line.is_empty() {
            out.push_str(&inner);
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn header(look: &Look, names: &[&str]) -> Vec<Cell> {
    names
        .iter()
        .map(|n| Cell::new(look.paint(BOLD, n)))
        .collect()
}

/// A question's text in a results row: its title, the question with the matched words
/// marked, where its duplicates are, the score's reasons and the start of the
/// explanation.
fn hit_text(hit: &Hit, look: &Look) -> String {
    let q = &hit.question;
    let mut text = String::new();
    if let Some(title) = &q.title {
        text.push_str(&look.paint(BOLD, title));
        text.push('\n');
    }
    text.push_str(&look.highlight(&q.question, &hit.highlights.question, Style::new()));
    if !q.duplicates.is_empty() {
        text.push('\n');
        text.push_str(&look.paint(DIM, &format!("also in: {}", some_ids(&q.duplicates))));
    }
    if !hit.matches.is_empty() {
        text.push('\n');
        text.push_str(&look.paint(DIM, &score_line(hit)));
    }
    if let Some(explanation) = &q.explanation {
        text.push_str("\n\n");
        if let Some(from) = &q.explanation_from {
            text.push_str(&look.paint(DIM, &format!("explanation from {from}:")));
            text.push('\n');
        }
        let shown = excerpt(explanation);
        text.push_str(&look.highlight(shown, &hit.highlights.explanation, DIM));
        if shown.len() < explanation.len() {
            text.push_str(&look.paint(DIM, &format!(" … (qbank show {} for all of it)", q.id)));
        }
    }
    text
}

/// The question column is given at least this many columns: with less, the id,
/// category and level share one column instead of taking one each.
const QUESTION_ROOM: usize = 40;

/// The ranked results as a table: rank, id, category, level, and the question (under its
/// title, if it has one) with its explanation beneath it. Where the width is short, the
/// id, category and level are stacked in one column; below [`CARDS_BELOW`], cards.
pub fn hits_table(hits: &Hits, look: &Look) -> String {
    let mut out = understood_line(hits, look);
    out.push_str(&results_table(hits, look));
    out
}

/// "understood as: oauth (from 'read … without their password')", when the query
/// evoked concepts and the results explain their scores.
fn understood_line(hits: &Hits, look: &Look) -> String {
    let explained = hits.hits.iter().any(|hit| !hit.matches.is_empty());
    if !explained || hits.understood.is_empty() {
        return String::new();
    }
    let concepts: Vec<String> = hits
        .understood
        .iter()
        .map(|u| format!("{} (from '{}')", u.concept, u.from))
        .collect();
    let line = format!("understood as: {}", concepts.join(", "));
    format!("{}\n", look.paint(DIM, &look.wrap(&line)))
}

fn results_table(hits: &Hits, look: &Look) -> String {
    let offset = hits.offset;
    let widest = |of: fn(&Question) -> String| {
        hits.hits
            .iter()
            .map(|hit| wrap::visible_width(&of(&hit.question)))
            .max()
            .unwrap_or(0)
    };
    let (id, category, level) = (
        widest(|q| q.id.clone()).max(2),
        widest(|q| q.category.to_string()).max(8),
        widest(|q| q.level.to_string()).max(5),
    );
    let rank = (offset + hits.hits.len()).to_string().len().max(1);
    let room = |fixed: &[usize]| {
        let taken: usize = fixed.iter().map(|w| w + 3).sum();
        usize::from(look.width).saturating_sub(taken + 4)
    };
    let stacked = !look.cards() && room(&[rank, id, category, level]) < QUESTION_ROOM;
    let mut table = look.table();
    if stacked {
        table.set_header(header(look, &["#", "id\ncategory\nlevel", "question"]));
    } else {
        table.set_header(header(look, &["#", "id", "category", "level", "question"]));
    }
    for (i, hit) in hits.hits.iter().enumerate() {
        let q = &hit.question;
        let rank = Cell::new(offset + i + 1).set_alignment(CellAlignment::Right);
        let text = Cell::new(hit_text(hit, look));
        if stacked {
            let labels = format!("{}\n{}\n{}", q.id, q.category, q.level);
            table.add_row(vec![rank, Cell::new(labels), text]);
        } else {
            table.add_row(vec![
                rank,
                Cell::new(&q.id),
                Cell::new(q.category),
                Cell::new(q.level),
                text,
            ]);
        }
    }
    let question = if stacked { 2 } else { 4 };
    let mut out = look.fit(table, &[question]);
    if let Some(next) = next_offset(hits) {
        let shown = if next == offset + 1 {
            format!("{next}")
        } else {
            format!("{}–{next}", offset + 1)
        };
        let note = format!(
            "{shown} shown of {} matching; --offset {next} for more",
            questions(hits.total)
        );
        out.push_str(&look.paint(DIM, &look.wrap(&note)));
        out.push('\n');
    }
    out
}

/// The offset of the next page, when there is one.
fn next_offset(hits: &Hits) -> Option<usize> {
    hits.more.then(|| hits.offset + hits.hits.len())
}

/// Explanations longer than this are cut in a results table: published lists answer
/// at the length of an article, and a table of them is read by scrolling.
const EXCERPT_BYTES: usize = 600;

/// The start of a long explanation, cut at a word boundary (about 480 bytes); a short
/// one whole. Highlights past the cut are dropped by `highlight`.
fn excerpt(explanation: &str) -> &str {
    if explanation.len() <= EXCERPT_BYTES {
        return explanation;
    }
    let mut end = EXCERPT_BYTES * 4 / 5;
    while !explanation.is_char_boundary(end) {
        end -= 1;
    }
    let cut = explanation[..end].rfind(char::is_whitespace).unwrap_or(end);
    explanation[..cut].trim_end()
}

/// "score 7.31: kubernets → Kubernetes (fuzzy; question), …" for `--explain-score`.
fn score_line(hit: &Hit) -> String {
    let matches: Vec<String> = hit
        .matches
        .iter()
        .map(|m| match m.how {
            // What evoked it is on the "understood as" line.
            How::Concept => format!("concept {} ({})", m.matched, m.fields.join(", ")),
            _ => format!(
                "{} → {} ({}; {})",
                m.typed,
                m.matched,
                m.how.as_str(),
                m.fields.join(", ")
            ),
        })
        .collect();
    format!("score {:.2}: {}", hit.score, matches.join(" · "))
}

/// The JSON object of one result: the question's fields and its score (and with
/// `--explain-score`, what matched).
#[derive(Serialize)]
pub(crate) struct HitJson<'a> {
    #[serde(flatten)]
    question: &'a Question,
    /// `None` (null) in an export without a query, which ranks nothing.
    score: Option<f32>,
    #[serde(skip_serializing_if = "<[TermMatch]>::is_empty")]
    matches: &'a [TermMatch],
}

pub(crate) fn hit_json(hit: &Hit) -> HitJson<'_> {
    HitJson {
        question: &hit.question,
        score: Some(hit.score),
        matches: &hit.matches,
    }
}

/// A result's JSON object without its score.
pub(crate) fn question_json_object(question: &Question) -> HitJson<'_> {
    HitJson {
        question,
        score: None,
        matches: &[],
    }
}

/// `{"query", "total", ..., "next_offset", "results": [...]}`, pretty-printed;
/// `next_offset` is null on the last page.
pub fn hits_json(hits: &Hits) -> serde_json::Result<String> {
    #[derive(Serialize)]
    struct Page<'a> {
        query: &'a str,
        total: usize,
        with_all_words: usize,
        relaxed: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        did_you_mean: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        without_filters: Option<usize>,
        /// The concepts the query evoked (see `search --explain-score`).
        understood_as: &'a [crate::search::Understood],
        next_offset: Option<usize>,
        results: Vec<HitJson<'a>>,
    }
    let page = Page {
        query: &hits.query,
        next_offset: next_offset(hits),
        total: hits.total,
        with_all_words: hits.with_all_words,
        relaxed: hits.relaxed,
        did_you_mean: hits.suggestion.as_deref(),
        without_filters: hits.without_filters,
        understood_as: &hits.understood,
        results: hits.hits.iter().map(hit_json).collect(),
    };
    Ok(serde_json::to_string_pretty(&page)? + "\n")
}

/// `{"query", "duplicates", "total", "results": [...]}` for `related`.
pub fn related_json(hits: &Hits, duplicates: &[String]) -> serde_json::Result<String> {
    #[derive(Serialize)]
    struct Page<'a> {
        query: &'a str,
        duplicates: &'a [String],
        total: usize,
        next_offset: Option<usize>,
        results: Vec<HitJson<'a>>,
    }
    let page = Page {
        query: &hits.query,
        next_offset: next_offset(hits),
        duplicates,
        total: hits.total,
        results: hits.hits.iter().map(hit_json).collect(),
    };
    Ok(serde_json::to_string_pretty(&page)? + "\n")
}

/// One result object per line.
pub fn hits_jsonl(hits: &Hits) -> serde_json::Result<String> {
    let mut out = String::new();
    for hit in &hits.hits {
        out.push_str(&serde_json::to_string(&hit_json(hit))?);
        out.push('\n');
    }
    Ok(out)
}

/// One id a line.
pub fn hits_ids(hits: &Hits) -> String {
    hits.hits
        .iter()
        .map(|hit| format!("{}\n", hit.question.id))
        .collect()
}

/// `id<TAB>question` lines: fields a picker splits on tabs (`fzf --delimiter '\t'`).
pub fn hits_tsv(hits: &Hits) -> String {
    hits.hits
        .iter()
        .map(|hit| {
            let text: String = hit
                .question
                .question
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            format!("{}\t{text}\n", hit.question.id)
        })
        .collect()
}

/// One question in full, every field.
pub fn question_detail(
    q: &Question,
    related: &[Question],
    file: Option<&str>,
    look: &Look,
) -> String {
    let mut table = look.table();
    let location = match file {
        Some(file) => format!("{file}:{}", q.line),
        None => format!("{} (line {})", q.source, q.line),
    };
    let mut rows: Vec<(String, String)> = vec![("id".into(), look.paint(BOLD, &q.id))];
    if let Some(title) = &q.title {
        rows.push(("title".into(), look.paint(BOLD, title)));
    }
    rows.push(("question".into(), q.question.clone()));
    // Text is wrapped here, to the value column, so that lists keep their hanging
    // indents and code its indentation: the table then has nothing left to wrap.
    let code = q.code.as_deref().map(|code| {
        let (language, body) = fenced_code(code);
        let label = match language {
            Some(language) => format!("code ({language})"),
            None => "code".to_string(),
        };
        (label, body)
    });
    let names = code
        .as_ref()
        .map_or(0, |(label, _)| label.len())
        .max("explanation".len());
    let value_width = if look.cards() {
        usize::from(look.width).saturating_sub(2)
    } else {
        // The names column, the value column's padding and three borders.
        usize::from(look.width).saturating_sub(names + 7)
    };
    if let Some((label, body)) = code {
        rows.push((label, wrap::wrap(&indent_code(body), value_width)));
    }
    let explanation = q
        .explanation
        .as_deref()
        .map(|text| markdown::to_text(text, value_width));
    let rest: Vec<(&str, String)> = vec![
        (
            "explanation",
            match (explanation, &q.explanation_from) {
                (Some(text), Some(from)) => {
                    format!("{}\n{text}", look.paint(DIM, &format!("(from {from})")))
                }
                (Some(text), None) => text,
                (None, _) => look.paint(DIM, "(none in the corpus)"),
            },
        ),
        (
            "category",
            format!(
                "{} ({}, confidence {:.2})",
                q.category, q.category_source, q.category_confidence
            ),
        ),
        (
            "level",
            format!(
                "{} ({}, confidence {:.2})",
                q.level, q.level_source, q.level_confidence
            ),
        ),
        (
            "duplicates",
            if q.duplicates.is_empty() {
                look.paint(DIM, "(none)")
            } else if q.duplicates.len() > DUPLICATES_NAMED + 1 {
                format!(
                    "{} (`qbank related {}` lists them all)",
                    some_ids(&q.duplicates),
                    q.id
                )
            } else {
                q.duplicates.join(", ")
            },
        ),
        (
            "concepts",
            if q.concepts.is_empty() {
                look.paint(DIM, "(none named)")
            } else {
                q.concepts.join(", ")
            },
        ),
        (
            "related",
            related
                .iter()
                .map(|r| format!("{}  {}", r.id, r.question))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        ("section", q.section.clone().unwrap_or_default()),
        ("source", format!("{} #{}", q.source, q.number)),
        ("location", location),
    ];
    rows.extend(
        rest.into_iter()
            .map(|(name, value)| (name.to_string(), value)),
    );
    for (name, value) in rows {
        table.add_row(vec![Cell::new(look.paint(BOLD, &name)), Cell::new(value)]);
    }
    look.fit(table, &[1])
}

/// Code to show in a terminal: tabs as four spaces (a table cannot measure a tab),
/// every line indented by four.
fn indent_code(body: &str) -> String {
    body.lines()
        .map(|line| {
            let line = line.replace('\t', "    ");
            if line.trim().is_empty() {
                String::new()
            } else {
                format!("    {}", line.trim_end())
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The question's fields, plus `related`: the ids and texts of the top related questions.
pub fn question_json(q: &Question, related: &[Question]) -> serde_json::Result<String> {
    #[derive(Serialize)]
    struct Brief<'a> {
        id: &'a str,
        question: &'a str,
    }
    #[derive(Serialize)]
    struct Detail<'a> {
        #[serde(flatten)]
        question: &'a Question,
        related: Vec<Brief<'a>>,
    }
    let detail = Detail {
        question: q,
        related: related
            .iter()
            .map(|r| Brief {
                id: &r.id,
                question: &r.question,
            })
            .collect(),
    };
    Ok(serde_json::to_string_pretty(&detail)? + "\n")
}

/// Per source: questions, explanations, stated levels, categories from headings, warnings.
pub fn sources_table(stats: &Stats, look: &Look) -> String {
    let mut table = look.table();
    table.set_header(header(
        look,
        &[
            "source",
            "questions",
            "with explanation",
            "stated level",
            "category from heading",
            "warnings",
        ],
    ));
    for s in &stats.sources {
        table.add_row(vec![
            Cell::new(&s.source),
            number_cell(s.questions),
            number_cell(s.with_explanation),
            number_cell(s.stated_levels),
            number_cell(s.section_categories),
            number_cell(s.warnings),
        ]);
    }
    let sum =
        |f: fn(&crate::stats::SourceStats) -> usize| stats.sources.iter().map(f).sum::<usize>();
    table.add_row(vec![
        Cell::new(look.paint(BOLD, "total")),
        number_cell(stats.questions),
        number_cell(stats.with_explanation),
        number_cell(sum(|s| s.stated_levels)),
        number_cell(sum(|s| s.section_categories)),
        number_cell(sum(|s| s.warnings)),
    ]);
    look.fit(table, &[])
}

/// What practice has covered: what is due, the streak, and how well each category and
/// level is known.
pub fn progress_tables(report: &crate::progress::Report, look: &Look) -> String {
    let mut out = String::new();
    let next = match report.next_due {
        Some(next) if report.due_now == 0 => format!("; the next on {}", next.format("%Y-%m-%d")),
        _ => String::new(),
    };
    out.push_str(&format!(
        "Due now: {}{next}. New: {} of {} never graded.
",
        questions(report.due_now),
        report.new,
        report.questions
    ));
    out.push_str(&format!(
        "Grades: {} in all, {} today. Streak: {} (longest {}).
",
        report.reviews,
        report.reviews_today,
        days(report.streak_days),
        days(report.longest_streak_days)
    ));
    for (title, rows) in [
        ("category", &report.by_category),
        ("level", &report.by_level),
    ] {
        let mut table = look.table();
        table.set_header(header(
            look,
            &[
                title,
                "questions",
                "seen",
                "known",
                "missed",
                "due",
                "known %",
            ],
        ));
        for row in rows {
            let percent = (row.known * 100).checked_div(row.questions).unwrap_or(0);
            table.add_row(vec![
                Cell::new(&row.name),
                number_cell(row.questions),
                number_cell(row.seen),
                number_cell(row.known),
                number_cell(row.missed),
                number_cell(row.due),
                number_cell(percent),
            ]);
        }
        out.push('\n');
        out.push_str(&look.fit(table, &[]));
    }
    out
}

fn days(n: usize) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// Counts by source, by category (split by level) and by level.
pub fn stats_tables(stats: &Stats, look: &Look) -> String {
    let mut out = sources_table(stats, look);
    out.push_str(&format!(
        "{} questions, {} distinct: {} clusters of duplicates\n",
        stats.questions, stats.distinct, stats.clusters
    ));

    let mut categories = look.table();
    let mut names = vec!["category", "all"];
    names.extend(Level::ALL.iter().map(|l| l.as_str()));
    // "all", not "questions": with the levels beside it, it says enough, and the table
    // fits 100 columns without splitting a word.
    // Stated for the question alone or by a heading, the source says it: one column,
    // so that the table still fits a terminal (JSON keeps the two apart).
    names.extend(["from source", "inferred", "overridden"]);
    categories.set_header(header(look, &names));
    for c in &stats.categories {
        let mut row = vec![Cell::new(c.category), number_cell(c.questions)];
        row.extend(c.by_level.iter().map(|&n| number_cell(n)));
        row.extend([
            number_cell(c.stated + c.section),
            number_cell(c.inferred),
            number_cell(c.overridden),
        ]);
        categories.add_row(row);
    }
    out.push('\n');
    out.push_str(&look.fit(categories, &[]));

    let mut levels = look.table();
    levels.set_header(header(
        look,
        &["level", "questions", "stated", "inferred", "overridden"],
    ));
    for l in &stats.levels {
        levels.add_row(vec![
            Cell::new(l.level),
            number_cell(l.questions),
            number_cell(l.stated),
            number_cell(l.inferred),
            number_cell(l.overridden),
        ]);
    }
    out.push('\n');
    out.push_str(&look.fit(levels, &[]));
    out
}

fn number_cell(n: usize) -> Cell {
    Cell::new(n).set_alignment(CellAlignment::Right)
}

/// Facts about the corpus and index in use, as name/value pairs.
pub fn info_table(rows: &[(String, String)], look: &Look) -> String {
    let mut table = look.table();
    for (name, value) in rows {
        table.add_row(vec![Cell::new(look.paint(BOLD, name)), Cell::new(value)]);
    }
    look.fit(table, &[])
}

/// The packs: name, questions, how many have an explanation, where from, and their
/// licence (the date and validators are in the JSON).
pub fn packs_table(packs: &[crate::packs::Manifest], look: &Look) -> String {
    let mut table = look.table();
    table.set_header(header(
        look,
        &["pack", "questions", "answered", "source", "licence"],
    ));
    for pack in packs {
        let licence = pack
            .licence_stated
            .clone()
            .or_else(|| pack.licence_file.clone())
            .unwrap_or_else(|| "none found".to_string());
        table.add_row(vec![
            Cell::new(look.paint(BOLD, &pack.name)),
            number_cell(pack.questions),
            number_cell(pack.with_explanation),
            Cell::new(&pack.source),
            Cell::new(licence),
        ]);
    }
    look.fit(table, &[4])
}

/// The catalogue of well-known lists `qbank add NAME` takes.
pub fn catalogue_table(entries: &[crate::packs::CatalogueEntry], look: &Look) -> String {
    let mut table = look.table();
    table.set_header(header(look, &["name", "what", "source", "licence"]));
    for entry in entries {
        let source = format!("{}:{}", entry.source, entry.paths.join(","));
        table.add_row(vec![
            Cell::new(look.paint(BOLD, &entry.name)),
            Cell::new(&entry.description),
            Cell::new(source),
            Cell::new(&entry.licence),
        ]);
    }
    let note = "These lists are their authors' work under their own licences; `qbank add \
                NAME` downloads one to this machine.";
    format!("{}{}\n", look.fit(table, &[1, 3]), look.wrap(note))
}

/// A build time as an RFC 3339 UTC timestamp.
pub fn timestamp(manifest: &Manifest) -> String {
    let time = UNIX_EPOCH + Duration::from_secs(manifest.built_at);
    humantime::format_rfc3339_seconds(time).to_string()
}

/// Cross-validation accuracy per held-out source and overall.
pub fn evaluation_table(evaluation: &Evaluation, look: &Look) -> String {
    let mut table = look.table();
    table.set_header(header(
        look,
        &[
            "held out",
            "category: labelled",
            "correct",
            "accuracy",
            "level: stated",
            "correct",
            "accuracy",
        ],
    ));
    let mut row = |name: &str, category: &Score, level: &Score| {
        let mut cells = vec![Cell::new(name)];
        for score in [category, level] {
            cells.push(number_cell(score.labelled));
            cells.push(number_cell(score.correct));
            cells.push(
                Cell::new(
                    score
                        .accuracy()
                        .map_or("-".to_string(), |a| format!("{:.1}%", a * 100.0)),
                )
                .set_alignment(CellAlignment::Right),
            );
        }
        table.add_row(cells);
    };
    for (source, (category, level)) in &evaluation.by_source {
        row(source, category, level);
    }
    row("all sources", &evaluation.category, &evaluation.level);
    row(
        "each question (levels)",
        &Score::default(),
        &evaluation.level_one_out,
    );
    let note = "Leave one source out: each source's headings and stated levels are hidden \
        and inferred from the other sources.\nEach question: each stated level is hidden in \
        turn and inferred from all the others.";
    format!("{}{}\n", look.fit(table, &[]), look.wrap(note))
}

/// Agreement with a gold set: levels, each level's recall, categories, and level
/// accuracy by confidence.
pub fn gold_table(title: &str, report: &crate::classify::gold::GoldReport, look: &Look) -> String {
    let mut table = look.table();
    table.set_header(header(look, &[title, "questions", "correct", "accuracy"]));
    let percent = |part: usize, whole: usize| {
        Cell::new(if whole == 0 {
            "-".to_string()
        } else {
            format!("{:.1}%", part as f64 * 100.0 / whole as f64)
        })
        .set_alignment(CellAlignment::Right)
    };
    let mut row = |name: String, whole: usize, part: usize| {
        table.add_row(vec![
            Cell::new(name),
            number_cell(whole),
            number_cell(part),
            percent(part, whole),
        ]);
    };
    row("level".into(), report.questions, report.level_correct);
    for level in Level::ALL {
        let (gold, found) = report.level_recall[level.index()];
        row(format!("  recall: {level}"), gold, found);
    }
    if report.category_questions > 0 {
        row(
            "category".into(),
            report.category_questions,
            report.category_correct,
        );
    }
    for (lower, n, correct) in &report.calibration {
        row(
            format!("  level, confidence {lower:.1}–{:.1}", lower + 0.2),
            *n,
            *correct,
        );
    }
    look.fit(table, &[])
}

/// Relevance per kind of query, plain BM25 and forgiving search side by side.
pub fn relevance_table(exact: &ModeReport, forgiving: &ModeReport, look: &Look) -> String {
    let mut table = look.table();
    table.set_header(header(
        look,
        &[
            "kind",
            "queries",
            "nDCG@10 BM25",
            "nDCG@10 qbank",
            "MRR BM25",
            "MRR qbank",
            "recall@10 BM25",
            "recall@10 qbank",
        ],
    ));
    let figure =
        |value: f64| Cell::new(format!("{:.3}", value + 0.0)).set_alignment(CellAlignment::Right);
    for (plain, better) in exact.kinds.iter().zip(&forgiving.kinds) {
        table.add_row(vec![
            Cell::new(&plain.kind),
            number_cell(plain.queries),
            figure(plain.ndcg),
            figure(better.ndcg),
            figure(plain.mrr),
            figure(better.mrr),
            figure(plain.recall),
            figure(better.recall),
        ]);
    }
    let note = "BM25: the words as typed (--exact). qbank: with synonyms, typos, split and \
        joined words. Results are judged as shown, one row per duplicate cluster.";
    format!("{}{}\n", look.fit(table, &[]), look.wrap(note))
}

/// Each query's nDCG@10 in both modes and the top results of the forgiving search.
pub fn relevance_queries_table(exact: &ModeReport, forgiving: &ModeReport, look: &Look) -> String {
    let mut table = look.table();
    table.set_header(header(
        look,
        &["kind", "query", "nDCG BM25", "nDCG qbank", "top 3 (qbank)"],
    ));
    for (plain, better) in exact.queries.iter().zip(&forgiving.queries) {
        table.add_row(vec![
            Cell::new(&plain.kind),
            Cell::new(&plain.text),
            Cell::new(format!("{:.3}", plain.ndcg + 0.0)).set_alignment(CellAlignment::Right),
            Cell::new(format!("{:.3}", better.ndcg + 0.0)).set_alignment(CellAlignment::Right),
            Cell::new(
                better
                    .results
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ]);
    }
    look.fit(table, &[1, 4])
}

/// Text wrapped at word boundaries to `width` columns, each line's continuation at its
/// indentation.
pub fn wrapped(text: &str, width: usize) -> String {
    wrap::wrap(text, width)
}

/// An explanation's markdown as plain text of `width` columns.
pub fn explanation_text(markdown: &str, width: usize) -> String {
    markdown::to_text(markdown, width)
}

/// How many duplicates a results row, `show` and the browser name before "and N more":
/// generated or scraped corpora hold clusters of thousands. `related` and `--format
/// json` name them all.
pub const DUPLICATES_NAMED: usize = 5;

/// The first `DUPLICATES_NAMED` ids, then how many more: "a:1, b:2 and 1,097 more".
pub fn some_ids(ids: &[String]) -> String {
    if ids.len() <= DUPLICATES_NAMED + 1 {
        return ids.join(", ");
    }
    format!(
        "{} and {} more",
        ids[..DUPLICATES_NAMED].join(", "),
        ids.len() - DUPLICATES_NAMED
    )
}

/// "1 question", "2 questions".
pub fn questions(count: usize) -> String {
    if count == 1 {
        "1 question".to_string()
    } else {
        format!("{count} questions")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_cluster_is_named_by_its_first_members_and_a_count() {
        let ids: Vec<String> = (1..=1100).map(|n| format!("list:{n}")).collect();
        assert_eq!(
            some_ids(&ids),
            "list:1, list:2, list:3, list:4, list:5 and 1095 more"
        );
        // One more than named is shown rather than counted.
        assert_eq!(some_ids(&ids[..6]), ids[..6].join(", "));
        assert_eq!(some_ids(&ids[..1]), "list:1");
    }

    #[test]
    fn long_explanations_are_cut_at_a_word_in_a_results_table() {
        let short = "A lock.";
        assert_eq!(excerpt(short), short);
        let long = "word ".repeat(200);
        let cut = excerpt(&long);
        assert!(cut.len() <= EXCERPT_BYTES && cut.ends_with("word"), "{cut}");
        let accents = "é".repeat(400);
        assert!(excerpt(&accents).len() <= EXCERPT_BYTES);
    }

    #[test]
    fn show_gives_the_title_and_the_code_wrapped_at_its_indentation() {
        let long_line = format!("const total = [{}];", vec!["1"; 60].join(", "));
        let q = Question {
            title: Some("Floating point".to_string()),
            code: Some(format!("```js\n{long_line}\n\tconsole.log(total);\n```")),
            explanation: Some("An explanation long enough to wrap. ".repeat(6)),
            ..crate::question::sample("quiz:7", "What is the output of this code?")
        };
        let look = Look {
            color: false,
            width: 80,
        };
        let out = question_detail(&q, &[], None, &look);
        let line_of = |needle: &str| {
            out.lines()
                .position(|l| l.contains(needle))
                .unwrap_or_else(|| panic!("{needle} not in\n{out}"))
        };
        assert!(line_of("title") < line_of("What is the output"));
        assert!(line_of("What is the output") < line_of("code (js)"));
        assert!(line_of("code (js)") < line_of("explanation"));
        // The long line wraps within the width, each piece at the code's indentation;
        // the tab is expanded.
        let code_lines: Vec<&str> = out.lines().filter(|l| l.contains("1, 1")).collect();
        assert!(code_lines.len() > 1, "{out}");
        for line in out.lines() {
            assert!(wrap::visible_width(line) <= 80, "{line}\n{out}");
        }
        for line in &code_lines {
            let value = line.split('┆').nth(1).unwrap_or_default();
            assert!(
                value.starts_with("     ") && !value.starts_with("      "),
                "{out}"
            );
        }
        assert!(out.contains("        console.log(total);"), "{out}");
        assert!(!out.contains("```"), "{out}");
    }

    #[test]
    fn show_json_carries_title_and_code_null_when_absent() {
        let plain = crate::question::sample("quiz:1", "What is a thread?");
        let json: serde_json::Value =
            serde_json::from_str(&question_json(&plain, &[]).expect("json")).expect("valid");
        assert!(json["title"].is_null() && json["code"].is_null(), "{json}");
        let titled = Question {
            title: Some("Threads".to_string()),
            code: Some("```\nspawn()\n```".to_string()),
            ..plain
        };
        let json: serde_json::Value =
            serde_json::from_str(&question_json(&titled, &[]).expect("json")).expect("valid");
        assert_eq!(json["title"], "Threads");
        assert_eq!(json["code"], "```\nspawn()\n```");
    }
}
