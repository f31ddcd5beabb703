//! The screen of `qbank browse`, drawn from a model: the query line, the results,
//! the preview, and a footer of keys. Wide terminals show the preview beside the
//! list, tall ones below it, small ones only the list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Padding, Paragraph};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::model::{Focus, Model, Preview};
use crate::Question;
use crate::render;

/// Columns from which the preview goes beside the list.
const SIDE_BY_SIDE: u16 = 100;
/// Rows of body from which the preview goes below the list (when not beside it).
const STACKED: u16 = 14;

/// The styles of the screen; without colour (NO_COLOR, `--color never`) only bold,
/// dim and reverse video remain.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub color: bool,
}

impl Palette {
    fn id(self) -> Style {
        self.tint(Color::Cyan)
    }

    fn mark(self) -> Style {
        self.tint(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    fn bold(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    fn tint(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }
}

/// Draws the whole screen, and tells the model how many rows the list shows.
pub fn draw(frame: &mut Frame, model: &mut Model, palette: Palette) {
    let [top, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    if model.opened.last().is_some() {
        draw_opened(frame, model, top.union(body), palette);
        draw_footer(frame, model, footer, palette);
        return;
    }
    let (list, preview) = if body.width >= SIDE_BY_SIDE {
        let [list, preview] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(body);
        (list, Some(preview))
    } else if body.height >= STACKED {
        let [list, preview] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
        (list, Some(preview))
    } else {
        (body, None)
    };
    model.set_page(usize::from(list.height.saturating_sub(2)));
    draw_query(frame, model, top, palette);
    draw_list(frame, model, list, palette);
    if let Some(area) = preview {
        draw_preview(frame, model, area, palette);
    }
    draw_footer(frame, model, footer, palette);
}

/// "> query" and, at the right, how many results and which filters.
fn draw_query(frame: &mut Frame, model: &Model, area: Rect, palette: Palette) {
    let prompt = "> ";
    // The total counts every member of a duplicate cluster (as `qbank search` says it):
    // "of" only when more are to come.
    let shown = if model.more {
        format!("{} of {}", model.rows.len(), model.total)
    } else {
        render::questions(model.rows.len())
    };
    let mut facts = vec![
        shown,
        model
            .category
            .map_or("any category".to_string(), |c| c.to_string()),
        model
            .level
            .map_or("any level".to_string(), |l| l.to_string()),
    ];
    let fixed = model.fixed_filters();
    if !fixed.is_empty() {
        facts.push(fixed);
    }
    if !model.marks.is_empty() {
        facts.push(format!("{} marked", model.marks.len()));
    }
    // The query comes first: facts are dropped from the right until they fit beside it.
    let width = usize::from(area.width);
    let typed = prompt.len() + model.query.width() + 1;
    while !facts.is_empty() && typed + 2 + facts.join(" · ").width() > width {
        facts.pop();
    }
    let right = facts.join(" · ");
    let (query, cursor) = window(
        &model.query,
        model.cursor,
        width.saturating_sub(prompt.len()),
    );
    let gap = width.saturating_sub(prompt.len() + query.width() + right.width());
    let line = Line::from(vec![
        Span::styled(prompt, palette.bold()),
        Span::raw(query),
        Span::raw(" ".repeat(gap)),
        Span::styled(right, palette.dim()),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    if model.prompt.is_none() && model.focus == Focus::Query {
        let x = (prompt.len() + cursor).min(width.saturating_sub(1));
        frame.set_cursor_position(Position::new(area.x + x as u16, area.y));
    }
}

/// The part of `text` that fits `room` columns with the cursor (at char `cursor`) in
/// view, "…" where it is cut, and the cursor's column in it: a line that scrolls
/// sideways as the text grows.
fn window(text: &str, cursor: usize, room: usize) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let width = |cs: &[char]| -> usize { cs.iter().map(|c| c.width().unwrap_or(0)).sum() };
    let cursor = cursor.min(chars.len());
    if width(&chars) < room {
        return (text.to_string(), width(&chars[..cursor]));
    }
    let room = room.max(3);
    // Room before the cursor: all but a "…" on the left and the cursor's own cell.
    let mut start = 0;
    while start < cursor && width(&chars[start..cursor]) + 2 > room {
        start += 1;
    }
    let mut shown = String::new();
    let mut used = 0;
    if start > 0 {
        shown.push('…');
        used = 1;
    }
    let column = used + width(&chars[start..cursor]);
    for (at, c) in chars.iter().enumerate().skip(start) {
        let w = c.width().unwrap_or(0);
        // A character before the last leaves a cell for the "…" after it.
        let needs = if at + 1 == chars.len() { w } else { w + 1 };
        if used + needs > room {
            shown.push('…');
            break;
        }
        shown.push(*c);
        used += w;
    }
    (shown, column)
}

fn draw_list(frame: &mut Frame, model: &Model, area: Rect, palette: Palette) {
    let title = match &model.note {
        Some(note) => format!(" Results: {note} "),
        None => " Results ".to_string(),
    };
    let block = Block::bordered().title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    if model.rows.is_empty() {
        let text = if model.query.trim().is_empty() {
            "no questions pass the filters"
        } else {
            "no questions match"
        };
        frame.render_widget(Paragraph::new(Span::styled(text, palette.dim())), inner);
        return;
    }
    let visible = model
        .rows
        .iter()
        .enumerate()
        .skip(model.top)
        .take(usize::from(inner.height));
    let id_width = model
        .rows
        .iter()
        .skip(model.top)
        .take(usize::from(inner.height))
        .map(|q| q.id.width())
        .max()
        .unwrap_or(0)
        .min(24);
    let lines: Vec<Line> = visible
        .map(|(at, question)| {
            let line = row_line(
                question,
                model.is_marked(&question.id),
                id_width,
                width,
                palette,
            );
            if at == model.selected {
                line.patch_style(palette.selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One result: a mark, then as much of id, category, level and question as fits.
fn row_line(
    question: &Question,
    marked: bool,
    id_width: usize,
    width: usize,
    palette: Palette,
) -> Line<'static> {
    let mut spans = vec![if marked {
        Span::styled("● ", palette.mark())
    } else {
        Span::raw("  ")
    }];
    let mut used = 2;
    if width >= 48 {
        spans.push(Span::styled(
            format!("{:<id_width$} ", cut(&question.id, id_width)),
            palette.id(),
        ));
        used += id_width + 1;
    }
    if width >= 72 {
        let facts = format!(
            "{:<15} {:<13}",
            question.category.as_str(),
            question.level.as_str()
        );
        used += facts.width() + 1;
        spans.push(Span::styled(facts + " ", palette.dim()));
    }
    let rest = width.saturating_sub(used);
    let text = cut(&question.question, rest);
    let pad = rest.saturating_sub(text.width());
    spans.push(Span::raw(text + &" ".repeat(pad)));
    Line::from(spans)
}

fn draw_preview(frame: &mut Frame, model: &Model, area: Rect, palette: Palette) {
    let title = match model.preview {
        Preview::Explanation => " Explanation (Tab: related) ",
        Preview::Related => " Related (Tab: explanation) ",
    };
    let block = Block::bordered()
        .title(title)
        .padding(Padding::horizontal(1));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(question) = model.selected_question() else {
        return;
    };
    let width = usize::from(inner.width);
    let mut lines = heading(question, width, palette);
    lines.push(Line::default());
    match model.preview {
        Preview::Explanation => lines.extend(explanation(question, width, palette)),
        Preview::Related => {
            lines.extend(related(model.related().unwrap_or_default(), width, palette))
        }
    }
    if !question.duplicates.is_empty() {
        lines.push(Line::default());
        lines.extend(wrapped_lines(
            &format!("Duplicates: {}", render::some_ids(&question.duplicates)),
            width,
            palette.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(Text::from(lines)), inner);
}

/// The question in bold, and its id, category, level and source below.
fn heading(question: &Question, width: usize, palette: Palette) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(title) = &question.title {
        lines.extend(wrapped_lines(title, width, palette.bold()));
    }
    lines.extend(wrapped_lines(&question.question, width, palette.bold()));
    let facts = format!(
        "{} · {} · {} · {} #{}",
        question.id, question.category, question.level, question.source, question.number
    );
    lines.extend(wrapped_lines(&facts, width, palette.dim()));
    lines
}

/// The code asked about and the explanation, as `qbank show` writes them.
fn explanation(question: &Question, width: usize, palette: Palette) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(code) = &question.code {
        lines.extend(
            render::explanation_text(code, width)
                .lines()
                .map(|l| Line::from(l.to_string())),
        );
        lines.push(Line::default());
    }
    match &question.explanation {
        Some(text) => {
            if let Some(from) = &question.explanation_from {
                lines.push(Line::styled(format!("(from {from})"), palette.dim()));
            }
            lines.extend(
                render::explanation_text(text, width)
                    .lines()
                    .map(|l| Line::from(l.to_string())),
            );
        }
        None => lines.push(Line::styled(
            "(no explanation in the corpus)",
            palette.dim(),
        )),
    }
    lines
}

/// Related questions, numbered for `1`–`9` in the opened view.
fn related(questions: &[Question], width: usize, palette: Palette) -> Vec<Line<'static>> {
    if questions.is_empty() {
        return vec![Line::styled("(no related questions)", palette.dim())];
    }
    let mut lines = Vec::new();
    for (n, question) in questions.iter().enumerate() {
        let text = format!("{}. {}  {}", n + 1, question.id, question.question);
        lines.extend(wrapped_lines(&text, width, Style::new()));
    }
    lines
}

/// A question full screen: everything `qbank show` says, scrolled by the model.
fn draw_opened(frame: &mut Frame, model: &mut Model, area: Rect, palette: Palette) {
    let marked = match model.opened.last() {
        Some(opened) => model.is_marked(&opened.question.id),
        None => return,
    };
    let Some(opened) = model.opened.last_mut() else {
        return;
    };
    let question = &opened.question;
    let marked = if marked { " ● marked" } else { "" };
    let block = Block::bordered()
        .title(format!(" {}{marked} ", question.id))
        .padding(Padding::horizontal(1));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let mut lines = heading(question, width, palette);
    let provenance = format!(
        "category {} ({}), level {} ({})",
        question.category, question.category_source, question.level, question.level_source
    );
    lines.extend(wrapped_lines(&provenance, width, palette.dim()));
    lines.push(Line::default());
    lines.extend(explanation(question, width, palette));
    if !question.duplicates.is_empty() {
        lines.push(Line::default());
        lines.extend(wrapped_lines(
            &format!("Duplicates: {}", render::some_ids(&question.duplicates)),
            width,
            palette.dim(),
        ));
    }
    lines.push(Line::default());
    lines.push(Line::styled("Related (r or 1–9 opens):", palette.bold()));
    lines.extend(related(&opened.related, width, palette));
    let last = lines.len().saturating_sub(usize::from(inner.height));
    opened.most_scroll = u16::try_from(last).unwrap_or(u16::MAX);
    opened.scroll = opened.scroll.min(opened.most_scroll);
    let scroll = opened.scroll;
    frame.render_widget(Paragraph::new(Text::from(lines)).scroll((scroll, 0)), inner);
}

/// The keys, or what is asked or said: the export prompt, a status message.
fn draw_footer(frame: &mut Frame, model: &Model, area: Rect, palette: Palette) {
    let width = usize::from(area.width);
    if let Some(name) = &model.prompt {
        let ask = "Export to: ";
        let hint = match &model.prompt_hint {
            Some(why) => format!("  ({why})"),
            None => "  (Enter writes, Esc cancels)".to_string(),
        };
        let (shown, cursor) = window(name, name.chars().count(), width.saturating_sub(ask.len()));
        let mut line = Line::from(vec![
            Span::styled(ask, palette.bold()),
            Span::raw(shown.clone()),
        ]);
        if ask.len() + shown.width() + hint.width() <= width {
            line.push_span(Span::styled(hint, palette.dim()));
        }
        frame.render_widget(Paragraph::new(line), area);
        let x = (ask.len() + cursor).min(width.saturating_sub(1)) as u16;
        frame.set_cursor_position(Position::new(area.x + x, area.y));
        return;
    }
    if let Some(status) = &model.status {
        frame.render_widget(Paragraph::new(cut(status, width)), area);
        return;
    }
    let keys: &[&[(&str, &str)]] = if model.opened.is_empty() {
        &[
            &[
                ("↑↓", ""),
                ("Space", "mark"),
                ("Enter", if model.pick { "pick" } else { "open" }),
                ("Tab", "related"),
                ("^T", "category"),
                ("^L", "level"),
                ("^E", "export"),
                ("Esc", "quit"),
            ],
            &[
                ("↑↓", ""),
                ("Spc", "mark"),
                ("Ent", if model.pick { "pick" } else { "open" }),
                ("Tab", ""),
                ("^T", "cat"),
                ("^L", "lvl"),
                ("^E", "exp"),
                ("Esc", ""),
            ],
            &[
                ("Spc", "mark"),
                ("Ent", if model.pick { "pick" } else { "open" }),
                ("^T", "cat"),
                ("^L", "lvl"),
                ("^E", "exp"),
            ],
        ]
    } else {
        &[
            &[
                ("Esc", "back"),
                ("↑↓", "scroll"),
                ("r", "related"),
                ("1–9", "related n"),
                ("Space", "mark"),
                ("^C", "quit"),
            ],
            &[
                ("Esc", "back"),
                ("↑↓", ""),
                ("r", "rel"),
                ("1–9", ""),
                ("Spc", "mark"),
            ],
        ]
    };
    let fits = keys
        .iter()
        .map(|set| key_line(set, palette))
        .find(|line| line.width() <= width)
        .unwrap_or_else(|| key_line(keys[keys.len() - 1], palette));
    frame.render_widget(Paragraph::new(fits), area);
}

fn key_line(keys: &[(&str, &str)], palette: Palette) -> Line<'static> {
    let mut spans = Vec::new();
    for (at, (key, what)) in keys.iter().enumerate() {
        if at > 0 {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(key.to_string(), palette.bold()));
        if !what.is_empty() {
            spans.push(Span::styled(format!(" {what}"), palette.dim()));
        }
    }
    Line::from(spans)
}

fn wrapped_lines(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    render::wrapped(text, width)
        .lines()
        .map(|line| Line::styled(line.to_string(), style))
        .collect()
}

/// The text cut to `width` columns, with "…" where it was cut.
fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::browse::fake::fake;
    use crate::search::Filters;

    const PLAIN: Palette = Palette { color: false };

    /// The screen as text, each line without its trailing spaces.
    fn screen(model: &mut Model, width: u16, height: u16, palette: Palette) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
        terminal
            .draw(|frame| draw(frame, model, palette))
            .expect("draws");
        let buffer = terminal.backend().buffer();
        (0..height)
            .map(|y| {
                let line: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
                line.trim_end().to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn press(model: &mut Model, code: KeyCode) {
        model.handle(KeyEvent::new(code, KeyModifiers::NONE), &fake());
    }

    fn marked_model() -> Model {
        let finder = fake();
        let mut model = Model::new("cache", Filters::default(), false, &finder);
        press(&mut model, KeyCode::Down);
        press(&mut model, KeyCode::Char(' '));
        model
    }

    #[test]
    fn at_40_by_12_only_the_list_shows() {
        let mut model = marked_model();
        let expected = [
            "> cache       3 questions · any category",
            "┌ Results ─────────────────────────────┐",
            "│  What is a cache?                    │",
            "│● How does cache eviction work?       │",
            "│  How do you invalidate a cache?      │",
            "│                                      │",
            "│                                      │",
            "│                                      │",
            "│                                      │",
            "│                                      │",
            "└──────────────────────────────────────┘",
            "Spc mark Ent open ^T cat ^L lvl ^E exp",
        ];
        assert_eq!(screen(&mut model, 40, 12, PLAIN), expected.join("\n"));
    }

    #[test]
    fn at_80_by_24_the_preview_goes_below_the_list() {
        let mut model = marked_model();
        let expected = [
            "> cache                        3 questions · any category · any level · 1 marked",
            "┌ Results ─────────────────────────────────────────────────────────────────────┐",
            "│  a:1 performance     beginner      What is a cache?                          │",
            "│● a:2 performance     intermediate  How does cache eviction work?             │",
            "│  a:4 databases       advanced      How do you invalidate a cache?            │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
            "┌ Explanation (Tab: related) ──────────────────────────────────────────────────┐",
            "│ How does cache eviction work?                                                │",
            "│ a:2 · performance · intermediate · fake #1                                   │",
            "│                                                                              │",
            "│ About How does cache eviction work?                                          │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
            "↑↓ Space mark Enter open Tab related ^T category ^L level ^E export Esc quit",
        ];
        assert_eq!(screen(&mut model, 80, 24, PLAIN), expected.join("\n"));
    }

    #[test]
    fn at_200_by_50_the_preview_goes_beside_the_list() {
        let mut model = marked_model();
        press(&mut model, KeyCode::Tab);
        let shown = screen(&mut model, 200, 50, PLAIN);
        let lines: Vec<&str> = shown.lines().collect();
        let top = [
            "> cache                                                                                                                                                3 questions · any category · any level · 1 marked",
            "┌ Results ─────────────────────────────────────────────────────────────────────────────────────────┐┌ Related (Tab: explanation) ──────────────────────────────────────────────────────────────────────┐",
            "│  a:1 performance     beginner      What is a cache?                                              ││ How does cache eviction work?                                                                    │",
            "│● a:2 performance     intermediate  How does cache eviction work?                                 ││ a:2 · performance · intermediate · fake #1                                                       │",
            "│  a:4 databases       advanced      How do you invalidate a cache?                                ││                                                                                                  │",
            "│                                                                                                  ││ 1. a:1 What is a cache?                                                                          │",
            "│                                                                                                  ││                                                                                                  │",
        ];
        assert_eq!(lines[..7], top);
        // Two empty panes down to the bottom borders and the keys.
        let empty = format!("│{:98}││{:98}│", "", "");
        assert!(lines[7..48].iter().all(|line| *line == empty), "{shown}");
        let bottom = [
            "└──────────────────────────────────────────────────────────────────────────────────────────────────┘└──────────────────────────────────────────────────────────────────────────────────────────────────┘",
            "↑↓ Space mark Enter open Tab related ^T category ^L level ^E export Esc quit",
        ];
        assert_eq!(lines[48..], bottom);
    }

    #[test]
    fn an_opened_question_fills_the_screen_with_its_related_questions_numbered() {
        let mut model = marked_model();
        press(&mut model, KeyCode::Enter);
        let shown = screen(&mut model, 60, 16, PLAIN);
        let expected = [
            "┌ a:2 ● marked ────────────────────────────────────────────┐",
            "│ How does cache eviction work?                            │",
            "│ a:2 · performance · intermediate · fake #1               │",
            "│ category performance (stated), level intermediate        │",
            "│ (stated)                                                 │",
            "│                                                          │",
            "│ About How does cache eviction work?                      │",
            "│                                                          │",
            "│ Related (r or 1–9 opens):                                │",
            "│ 1. a:1 What is a cache?                                  │",
        ];
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[..10], expected, "{shown}");
        assert_eq!(lines[15], "Esc back ↑↓ r rel 1–9 Spc mark");
        let shown = screen(&mut model, 80, 16, PLAIN);
        assert_eq!(
            shown.lines().last(),
            Some("Esc back ↑↓ scroll r related 1–9 related n Space mark ^C quit")
        );
    }

    #[test]
    fn the_footer_asks_for_the_export_file_and_says_what_happened() {
        let mut model = marked_model();
        model.handle(
            KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL),
            &fake(),
        );
        let shown = screen(&mut model, 80, 24, PLAIN);
        assert_eq!(
            shown.lines().last(),
            Some("Export to: qbank-export.md  (Enter writes, Esc cancels)")
        );
        model.ask_again(
            "x.md".into(),
            "exists: Enter replaces it, Esc cancels".into(),
        );
        let shown = screen(&mut model, 80, 24, PLAIN);
        assert_eq!(
            shown.lines().last(),
            Some("Export to: x.md  (exists: Enter replaces it, Esc cancels)")
        );
        model.handle(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), &fake());
        model.exported(Ok("exported 1 question to x.md".into()));
        let shown = screen(&mut model, 80, 24, PLAIN);
        assert_eq!(shown.lines().last(), Some("exported 1 question to x.md"));
    }

    #[test]
    fn no_match_is_said_in_the_list() {
        let finder = fake();
        let mut model = Model::new("zebra", Filters::default(), false, &finder);
        let shown = screen(&mut model, 40, 12, PLAIN);
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[0], "> zebra       0 questions · any category");
        assert_eq!(lines[2], "│no questions match                    │");
    }

    #[test]
    fn colour_only_when_the_palette_has_it() {
        let cell_colours = |palette: Palette| {
            let mut model = marked_model();
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
            terminal
                .draw(|frame| draw(frame, &mut model, palette))
                .expect("draws");
            let buffer = terminal.backend().buffer();
            let mut colours: Vec<Color> = buffer.content().iter().map(|cell| cell.fg).collect();
            colours.sort_by_key(|c| format!("{c:?}"));
            colours.dedup();
            colours
        };
        assert_eq!(cell_colours(PLAIN), [Color::Reset]);
        let coloured = cell_colours(Palette { color: true });
        assert!(coloured.contains(&Color::Cyan) && coloured.contains(&Color::Yellow));
    }

    #[test]
    fn a_long_query_scrolls_sideways_with_the_cursor_in_view() {
        assert_eq!(window("cache", 5, 10), ("cache".to_string(), 5));
        let text = "how do you shard a database";
        // The end in view, cut on the left.
        let (shown, cursor) = window(text, text.chars().count(), 12);
        assert_eq!((shown.as_str(), cursor), ("…a database", 11));
        // The start in view, cut on the right.
        let (shown, cursor) = window(text, 0, 12);
        assert_eq!((shown.as_str(), cursor), ("how do you …", 0));
        // Wide characters count their two columns.
        let (shown, cursor) = window("キャッシュとは何ですか", 11, 10);
        assert_eq!((shown.as_str(), cursor), ("…何ですか", 9));

        let finder = fake();
        let long = "what is the difference between a cache and a database";
        let mut model = Model::new(long, Filters::default(), false, &finder);
        let mut terminal = Terminal::new(TestBackend::new(40, 12)).expect("test terminal");
        terminal
            .draw(|frame| draw(frame, &mut model, PLAIN))
            .expect("draws");
        let buffer = terminal.backend().buffer();
        let top: String = (0..40).map(|x| buffer[(x, 0)].symbol()).collect();
        assert_eq!(top.trim_end(), "> …rence between a cache and a database");
        let position = terminal.get_cursor_position().expect("cursor");
        assert_eq!((position.x, position.y), (39, 0));
    }

    #[test]
    fn the_opened_view_stops_scrolling_at_its_last_line() {
        let mut model = marked_model();
        press(&mut model, KeyCode::Enter);
        // 60×8: six lines of text in the frame, eleven to show.
        let _ = screen(&mut model, 60, 8, PLAIN);
        let most = model.opened[0].most_scroll;
        assert!(most > 0 && most < 20, "{most}");
        for _ in 0..30 {
            press(&mut model, KeyCode::Down);
        }
        assert_eq!(model.opened[0].scroll, most);
        press(&mut model, KeyCode::Up);
        assert_eq!(model.opened[0].scroll, most - 1);
        press(&mut model, KeyCode::Home);
        press(&mut model, KeyCode::End);
        assert_eq!(model.opened[0].scroll, most);
    }
}
