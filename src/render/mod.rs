//! How results look: tables for people, JSON for scripts. Rendering never queries: it
//! turns data the other modules produced into text.

mod markdown;

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
use crate::search::{Hit, Hits, TermMatch};
use crate::stats::Stats;

/// Output choices that do not depend on the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    /// Whether to use ANSI colours and styles.
    pub color: bool,
    /// Table width in columns; `None` to fit the terminal.
    pub width: Option<u16>,
}

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
            .set_content_arrangement(ContentArrangement::Dynamic);
        match self.width {
            Some(width) => {
                table.force_no_tty().set_width(width);
            }
            None if table.width().is_none() => {
                table.force_no_tty().set_width(100);
            }
            None => {}
        }
        if self.color {
            table.enforce_styling();
        }
        table
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

fn header(look: &Look, names: &[&str]) -> Vec<Cell> {
    names
        .iter()
        .map(|n| Cell::new(look.paint(BOLD, n)))
        .collect()
}

/// The ranked results as a table: rank, id, category, level, and the question (under its
/// title, if it has one) with its explanation beneath it.
pub fn hits_table(hits: &Hits, offset: usize, look: &Look) -> String {
    let mut table = look.table();
    table.set_header(header(look, &["#", "id", "category", "level", "question"]));
    for (i, hit) in hits.hits.iter().enumerate() {
        let q = &hit.question;
        let mut text = String::new();
        if let Some(title) = &q.title {
            text.push_str(&look.paint(BOLD, title));
            text.push('\n');
        }
        text.push_str(&look.highlight(&q.question, &hit.highlights.question, Style::new()));
        if !q.duplicates.is_empty() {
            text.push('\n');
            text.push_str(&look.paint(DIM, &format!("also in: {}", q.duplicates.join(", "))));
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
        table.add_row(vec![
            Cell::new(offset + i + 1).set_alignment(CellAlignment::Right),
            Cell::new(&q.id),
            Cell::new(q.category),
            Cell::new(q.level),
            Cell::new(text),
        ]);
    }
    format!("{table}\n")
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
        .map(|m| {
            format!(
                "{} → {} ({}; {})",
                m.typed,
                m.matched,
                m.how.as_str(),
                m.fields.join(", ")
            )
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

/// `{"query", "total", "results": [...]}`, pretty-printed.
pub fn hits_json(hits: &Hits) -> serde_json::Result<String> {
    #[derive(Serialize)]
    struct Page<'a> {
        query: &'a str,
        total: usize,
        with_all_words: usize,
        relaxed: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        did_you_mean: Option<&'a str>,
        results: Vec<HitJson<'a>>,
    }
    let page = Page {
        query: &hits.query,
        total: hits.total,
        with_all_words: hits.with_all_words,
        relaxed: hits.relaxed,
        did_you_mean: hits.suggestion.as_deref(),
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
        results: Vec<HitJson<'a>>,
    }
    let page = Page {
        query: &hits.query,
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
    let mut code_width = None;
    if let Some(code) = &q.code {
        let (language, body) = fenced_code(code);
        let shown = indent_code(body);
        code_width = shown.lines().map(|l| l.chars().count()).max();
        let label = match language {
            Some(language) => format!("code ({language})"),
            None => "code".to_string(),
        };
        rows.push((label, shown));
    }
    // The explanation is wrapped here, to the value column, so that lists keep their
    // hanging indents and code its lines: the table then has nothing left to wrap.
    let value_width = usize::from(table.width().unwrap_or(100)).saturating_sub(19);
    let explanation = q
        .explanation
        .as_deref()
        .map(|text| markdown::to_text(text, value_width));
    if let Some((_, Some(width))) = &explanation {
        code_width = Some(code_width.map_or(*width, |w: usize| w.max(*width)));
    }
    let rest: Vec<(&str, String)> = vec![
        (
            "explanation",
            match (explanation, &q.explanation_from) {
                (Some((text, _)), Some(from)) => {
                    format!("{}\n{text}", look.paint(DIM, &format!("(from {from})")))
                }
                (Some((text, _)), None) => text,
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
            } else {
                q.duplicates.join(", ")
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
    // Code wrapped at the table's width would read as different code: its column is
    // as wide as its longest line, even if that makes the table wider than asked.
    if let Some(width) = code_width {
        if let Some(names) = table.column_mut(0) {
            names.set_constraint(ColumnConstraint::ContentWidth);
        }
        if let Some(values) = table.column_mut(1) {
            let width = u16::try_from(width + 2).unwrap_or(u16::MAX);
            values.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(width)));
        }
    }
    format!("{table}\n")
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
    format!("{table}\n")
}

/// Counts by source, by category (split by level) and by level.
pub fn stats_tables(stats: &Stats, look: &Look) -> String {
    let mut out = sources_table(stats, look);
    out.push_str(&format!(
        "{} questions, {} distinct: {} clusters of duplicates\n",
        stats.questions, stats.distinct, stats.clusters
    ));

    let mut categories = look.table();
    let mut names = vec!["category", "questions"];
    names.extend(Level::ALL.iter().map(|l| l.as_str()));
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
    out.push_str(&format!("{categories}\n"));

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
    out.push_str(&format!("{levels}\n"));
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
    format!("{table}\n")
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
    format!(
        "{table}\nLeave one source out: each source's headings and stated levels are hidden and \
         inferred from the other sources.\nEach question: each stated level is hidden in turn and \
         inferred from all the others.\n"
    )
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
    format!("{table}\n")
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
    format!(
        "{table}\nBM25: the words as typed (--exact). qbank: with synonyms, typos, split and joined \
         words. Results are judged as shown, one row per duplicate cluster.\n"
    )
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
    format!("{table}\n")
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
    fn show_gives_the_title_and_the_code_whole_beside_the_question() {
        let long_line = format!("const total = [{}];", vec!["1"; 60].join(", "));
        let q = Question {
            title: Some("Floating point".to_string()),
            code: Some(format!("```js\n{long_line}\n\tconsole.log(total);\n```")),
            explanation: Some("An explanation long enough to wrap. ".repeat(6)),
            ..crate::question::sample("quiz:7", "What is the output of this code?")
        };
        let look = Look {
            color: false,
            width: Some(80),
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
        // Each line of code on one line of the table, indented, the tab expanded.
        assert!(out.contains(&format!("    {long_line}")), "{out}");
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
