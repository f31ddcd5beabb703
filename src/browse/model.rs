//! What `qbank browse` shows and how keys change it, apart from any terminal: the
//! query, the filters, the results, the selection and the marks. Drawing reads a
//! model; only [`Model::handle`] changes it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::search::Filters;
use crate::{Category, Level, Question};

/// Results read for a new query: a few screens. Reading a result costs more than finding
/// it (its stored text is decompressed), so more are read only when the selection
/// comes near the end of those listed.
pub const FIRST_ROWS: usize = 50;

/// The most results listed for a query: pages to scroll through, not the whole index.
pub const MOST_ROWS: usize = 1600;

/// The export file name offered first.
pub const DEFAULT_EXPORT: &str = "qbank-export.md";

/// Questions found for a query, best first.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub questions: Vec<Question>,
    /// How many questions match in all (duplicates counted), beyond those listed.
    pub total: usize,
    /// Whether more would be found with a higher limit.
    pub more: bool,
    /// What the user may want to know about the query: read leniently, relaxed to any
    /// word, a suggested spelling.
    pub note: Option<String>,
}

/// Where the model gets its questions: the index, or a fake in tests.
pub trait Finder {
    /// At most `limit` questions matching `query` (every question when it is empty)
    /// that pass `filters`, after the first `offset` of them.
    fn find(
        &self,
        query: &str,
        filters: &Filters,
        offset: usize,
        limit: usize,
    ) -> Result<Found, String>;
    /// Questions related to `question`, best first (its duplicates are not among them).
    fn related(&self, question: &Question) -> Vec<Question>;
}

/// Which part takes printable keys: the query line, or the list (where Space marks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Query,
    List,
}

/// What the preview pane shows of the selected question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preview {
    Explanation,
    Related,
}

/// A question opened full screen, with its related questions (numbered from 1).
#[derive(Debug, Clone)]
pub struct Opened {
    pub question: Question,
    pub related: Vec<Question>,
    /// Lines scrolled down.
    pub scroll: u16,
    /// The most lines it can scroll (the last line at the bottom), as last drawn.
    pub most_scroll: u16,
}

/// What the caller does after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Draw again and read the next key.
    Continue,
    /// Leave; these ids were chosen (marked, or picked with Enter).
    Leave(Vec<String>),
    /// Leave choosing nothing (Ctrl-C; Esc when picking).
    Cancel,
    /// Write these questions to this file, then report with [`Model::exported`].
    Export { path: String, ids: Vec<String> },
}

#[derive(Debug)]
pub struct Model {
    pub query: String,
    /// Cursor position in the query, in characters.
    pub cursor: usize,
    /// The filters given on the command line (sources, confidence, and the first
    /// category and level).
    base: Filters,
    /// The category and level shown and searched, cycled with Ctrl-T and Ctrl-L.
    pub category: Option<Category>,
    pub level: Option<Level>,
    pub rows: Vec<Question>,
    pub total: usize,
    /// Whether more results would come with a higher `limit`.
    pub more: bool,
    /// How many results are asked for: FIRST_ROWS, doubled as the selection nears the
    /// end of the list.
    limit: usize,
    pub note: Option<String>,
    pub selected: usize,
    /// The first row shown; moves so that the selection stays in view.
    pub top: usize,
    /// Rows the list shows at once, as last drawn (PageUp and PageDown move by it).
    pub page: usize,
    /// Marked ids, in the order marked.
    pub marks: Vec<String>,
    pub focus: Focus,
    pub preview: Preview,
    /// Related questions of the selected row, found when first shown.
    related: Option<(String, Vec<Question>)>,
    /// Questions opened full screen: Esc goes back to the one below.
    pub opened: Vec<Opened>,
    /// The export file name being typed, when asking for one.
    pub prompt: Option<String>,
    /// Why the name is asked again (the file exists), instead of the usual hint.
    pub prompt_hint: Option<String>,
    /// A message for the footer (an export done, a search error).
    pub status: Option<String>,
    /// Whether Enter chooses (`--pick`) rather than opens.
    pub pick: bool,
}

impl Model {
    /// A model showing the results of `query` under `filters`.
    pub fn new(query: &str, filters: Filters, pick: bool, finder: &dyn Finder) -> Model {
        let mut base = filters;
        // One category and one level are shown and cycled; the rest stay as given.
        let category = (base.categories.len() == 1).then(|| base.categories[0]);
        let level = (base.levels.len() == 1).then(|| base.levels[0]);
        if category.is_some() {
            base.categories.clear();
        }
        if level.is_some() {
            base.levels.clear();
        }
        let mut model = Model {
            query: query.to_string(),
            cursor: query.chars().count(),
            base,
            category,
            level,
            rows: Vec::new(),
            total: 0,
            more: false,
            limit: FIRST_ROWS,
            note: None,
            selected: 0,
            top: 0,
            page: 10,
            marks: Vec::new(),
            focus: Focus::Query,
            preview: Preview::Explanation,
            related: None,
            opened: Vec::new(),
            prompt: None,
            prompt_hint: None,
            status: None,
            pick,
        };
        model.search(finder);
        model
    }

    /// The filters searched with: those given, with the category and level shown.
    pub fn filters(&self) -> Filters {
        let mut filters = self.base.clone();
        if let Some(category) = self.category {
            filters.categories = vec![category];
        }
        if let Some(level) = self.level {
            filters.levels = vec![level];
        }
        filters
    }

    /// The filters given that the model does not show by itself (several categories or
    /// levels, sources), in words; empty when there are none.
    pub fn fixed_filters(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.base.categories.is_empty() {
            let names: Vec<&str> = self.base.categories.iter().map(|c| c.as_str()).collect();
            parts.push(names.join("|"));
        }
        if !self.base.levels.is_empty() {
            let names: Vec<&str> = self.base.levels.iter().map(|l| l.as_str()).collect();
            parts.push(names.join("|"));
        }
        if !self.base.sources.is_empty() {
            parts.push(format!("source {}", self.base.sources.join("|")));
        }
        parts.join(", ")
    }

    pub fn selected_question(&self) -> Option<&Question> {
        self.rows.get(self.selected)
    }

    pub fn is_marked(&self, id: &str) -> bool {
        self.marks.iter().any(|m| m == id)
    }

    /// Related questions of the selected row, when they have been looked up.
    pub fn related(&self) -> Option<&[Question]> {
        let selected = self.selected_question()?;
        match &self.related {
            Some((id, related)) if *id == selected.id => Some(related),
            _ => None,
        }
    }

    /// Looks up the selected row's related questions if the preview shows them.
    fn load_related(&mut self, finder: &dyn Finder) {
        if self.preview != Preview::Related || self.related().is_some() {
            return;
        }
        if let Some(question) = self.selected_question() {
            let related = finder.related(question);
            self.related = Some((question.id.clone(), related));
        }
    }

    /// Runs the query again (after it or a filter changed); the selection goes back to
    /// the best result.
    fn search(&mut self, finder: &dyn Finder) {
        self.limit = FIRST_ROWS;
        match finder.find(&self.query, &self.filters(), 0, self.limit) {
            Ok(found) => {
                self.rows = found.questions;
                self.total = found.total;
                self.more = found.more;
                self.note = found.note;
                self.status = None;
            }
            Err(message) => {
                self.rows.clear();
                self.total = 0;
                self.more = false;
                self.note = None;
                self.status = Some(message);
            }
        }
        self.selected = 0;
        self.top = 0;
        self.load_related(finder);
    }

    /// Moves the selection by `delta` rows, within the list, keeping it in view.
    fn move_by(&mut self, delta: isize, finder: &dyn Finder) {
        if self.rows.is_empty() {
            return;
        }
        if delta == isize::MAX {
            self.read_more(MOST_ROWS, finder);
        }
        let last = self.rows.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        if self.selected + self.page >= last {
            self.read_more(self.limit * 2, finder);
        }
        self.focus = Focus::List;
        self.scroll_into_view();
        self.load_related(finder);
    }

    /// Reads up to `limit` results of the same query, when there are more than listed;
    /// the selection stays where it is.
    fn read_more(&mut self, limit: usize, finder: &dyn Finder) {
        let limit = limit.min(MOST_ROWS);
        if !self.more || limit <= self.limit {
            return;
        }
        // Only the rows not listed yet are read.
        let offset = self.rows.len();
        if let Ok(found) = finder.find(&self.query, &self.filters(), offset, limit - offset) {
            self.limit = limit;
            self.rows.extend(found.questions);
            self.total = found.total;
            self.more = found.more;
        }
    }

    /// Sets how many rows the list shows (the drawing knows), keeping the selection in
    /// view.
    pub fn set_page(&mut self, rows: usize) {
        self.page = rows.max(1);
        self.scroll_into_view();
    }

    fn scroll_into_view(&mut self) {
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + self.page {
            self.top = self.selected + 1 - self.page;
        }
    }

    fn toggle_mark(&mut self, id: String) {
        match self.marks.iter().position(|m| *m == id) {
            Some(at) => {
                self.marks.remove(at);
            }
            None => self.marks.push(id),
        }
    }

    fn open(&mut self, question: Question, finder: &dyn Finder) {
        let related = finder.related(&question);
        self.opened.push(Opened {
            question,
            related,
            scroll: 0,
            // Not known until drawn.
            most_scroll: u16::MAX,
        });
    }

    /// What an export writes: the marked questions, else the results (all read before
    /// an export, up to MOST_ROWS).
    pub fn export_ids(&self) -> Vec<String> {
        if self.marks.is_empty() {
            self.rows.iter().map(|q| q.id.clone()).collect()
        } else {
            self.marks.clone()
        }
    }

    /// Asks for the export file name again, saying why (the file exists, say).
    pub fn ask_again(&mut self, name: String, why: String) {
        self.prompt = Some(name);
        self.prompt_hint = Some(why);
    }

    /// Reports how an export went, in the footer.
    pub fn exported(&mut self, result: Result<String, String>) {
        self.status = Some(match result {
            Ok(done) | Err(done) => done,
        });
    }

    /// Changes the model for one key.
    pub fn handle(&mut self, key: KeyEvent, finder: &dyn Finder) -> Outcome {
        // Terminals that report releases report each key twice.
        if key.kind == KeyEventKind::Release {
            return Outcome::Continue;
        }
        // Some terminals send Backspace as Ctrl-H.
        let key = if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('h')
        {
            KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)
        } else {
            key
        };
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        if control && matches!(key.code, KeyCode::Char('c')) {
            return Outcome::Cancel;
        }
        if self.prompt.is_some() {
            return self.handle_prompt(key, finder);
        }
        if !self.opened.is_empty() {
            return self.handle_opened(key, finder);
        }
        self.status = None;
        match (key.code, control) {
            (KeyCode::Esc, _) if self.pick => Outcome::Cancel,
            (KeyCode::Esc, _) => Outcome::Leave(self.marks.clone()),
            (KeyCode::Enter, _) => match self.selected_question() {
                Some(question) if self.pick => {
                    if self.marks.is_empty() {
                        Outcome::Leave(vec![question.id.clone()])
                    } else {
                        Outcome::Leave(self.marks.clone())
                    }
                }
                Some(question) => {
                    let question = question.clone();
                    self.open(question, finder);
                    Outcome::Continue
                }
                None => Outcome::Continue,
            },
            (KeyCode::Down, _) | (KeyCode::Char('n'), true) => self.moved(1, finder),
            (KeyCode::Up, _) | (KeyCode::Char('p'), true) => self.moved(-1, finder),
            (KeyCode::PageDown, _) => self.moved(self.page as isize, finder),
            (KeyCode::PageUp, _) => self.moved(-(self.page as isize), finder),
            (KeyCode::Home, _) => self.moved(isize::MIN, finder),
            (KeyCode::End, _) => self.moved(isize::MAX, finder),
            (KeyCode::Tab | KeyCode::BackTab, _) => {
                self.preview = match self.preview {
                    Preview::Explanation => Preview::Related,
                    Preview::Related => Preview::Explanation,
                };
                self.load_related(finder);
                Outcome::Continue
            }
            (KeyCode::Char('t'), true) => {
                self.category = next_of(Category::ALL, self.category);
                self.search(finder);
                Outcome::Continue
            }
            (KeyCode::Char('l'), true) => {
                self.level = next_of(Level::ALL, self.level);
                self.search(finder);
                Outcome::Continue
            }
            (KeyCode::Char('e'), true) => {
                if self.export_ids().is_empty() {
                    self.status = Some("nothing to export: no results".to_string());
                } else {
                    self.prompt = Some(DEFAULT_EXPORT.to_string());
                }
                Outcome::Continue
            }
            (KeyCode::Char(' '), false) if self.focus == Focus::List => {
                if let Some(question) = self.selected_question() {
                    let id = question.id.clone();
                    self.toggle_mark(id);
                }
                Outcome::Continue
            }
            (KeyCode::Char('u'), true) => {
                self.query.clear();
                self.cursor = 0;
                self.edited(finder)
            }
            (KeyCode::Char('w'), true) => {
                let chars: Vec<char> = self.query.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                while start > 0 && !chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                self.query = chars[..start].iter().chain(&chars[self.cursor..]).collect();
                self.cursor = start;
                self.edited(finder)
            }
            (KeyCode::Char(c), false) if !key.modifiers.contains(KeyModifiers::ALT) => {
                let at = self.byte_at(self.cursor);
                self.query.insert(at, c);
                self.cursor += 1;
                self.edited(finder)
            }
            (KeyCode::Backspace, _) if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.query.remove(at);
                self.edited(finder)
            }
            (KeyCode::Delete, _) if self.cursor < self.query.chars().count() => {
                let at = self.byte_at(self.cursor);
                self.query.remove(at);
                self.edited(finder)
            }
            (KeyCode::Left, _) => {
                self.cursor = self.cursor.saturating_sub(1);
                self.focus = Focus::Query;
                Outcome::Continue
            }
            (KeyCode::Right, _) => {
                self.cursor = (self.cursor + 1).min(self.query.chars().count());
                self.focus = Focus::Query;
                Outcome::Continue
            }
            _ => Outcome::Continue,
        }
    }

    fn moved(&mut self, delta: isize, finder: &dyn Finder) -> Outcome {
        self.move_by(delta, finder);
        Outcome::Continue
    }

    fn edited(&mut self, finder: &dyn Finder) -> Outcome {
        self.focus = Focus::Query;
        self.search(finder);
        Outcome::Continue
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.query
            .char_indices()
            .nth(chars)
            .map_or(self.query.len(), |(at, _)| at)
    }

    fn handle_prompt(&mut self, key: KeyEvent, finder: &dyn Finder) -> Outcome {
        let Some(name) = self.prompt.as_mut() else {
            return Outcome::Continue;
        };
        match key.code {
            KeyCode::Esc => {
                self.prompt = None;
                self.prompt_hint = None;
                self.status = Some("export cancelled".to_string());
            }
            KeyCode::Enter => {
                let path = name.trim().to_string();
                if path.is_empty() {
                    return Outcome::Continue;
                }
                self.prompt = None;
                self.prompt_hint = None;
                // The results, not only those listed so far.
                if self.marks.is_empty() {
                    self.read_more(MOST_ROWS, finder);
                }
                return Outcome::Export {
                    path,
                    ids: self.export_ids(),
                };
            }
            KeyCode::Backspace => {
                name.pop();
                self.prompt_hint = None;
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                name.clear();
                self.prompt_hint = None;
            }
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                name.push(c);
                self.prompt_hint = None;
            }
            _ => {}
        }
        Outcome::Continue
    }

    fn handle_opened(&mut self, key: KeyEvent, finder: &dyn Finder) -> Outcome {
        let Some(top) = self.opened.last_mut() else {
            return Outcome::Continue;
        };
        // Letters are commands here: Ctrl-R or Alt-Q are not r or q.
        if !(key.modifiers - KeyModifiers::SHIFT).is_empty() {
            return Outcome::Continue;
        }
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Backspace => {
                self.opened.pop();
            }
            KeyCode::Down | KeyCode::Char('j') => top.scroll = top.scroll.saturating_add(1),
            KeyCode::Up | KeyCode::Char('k') => top.scroll = top.scroll.saturating_sub(1),
            KeyCode::PageDown => top.scroll = top.scroll.saturating_add(self.page as u16),
            KeyCode::PageUp => top.scroll = top.scroll.saturating_sub(self.page as u16),
            KeyCode::Home => top.scroll = 0,
            KeyCode::End => top.scroll = top.most_scroll,
            KeyCode::Char(' ') => {
                let id = top.question.id.clone();
                self.toggle_mark(id);
            }
            KeyCode::Char(c @ ('r' | '1'..='9')) => {
                let n = c.to_digit(10).map_or(0, |d| d as usize - 1);
                match top.related.get(n) {
                    Some(related) => {
                        let related = related.clone();
                        self.open(related, finder);
                    }
                    None => self.status = Some(format!("no related question {}", n + 1)),
                }
            }
            KeyCode::Enter if self.pick => {
                let id = top.question.id.clone();
                return Outcome::Leave(vec![id]);
            }
            _ => {}
        }
        if let Some(top) = self.opened.last_mut() {
            top.scroll = top.scroll.min(top.most_scroll);
        }
        Outcome::Continue
    }
}

/// The value after `current` in `all`, then none again: a filter cycles through every
/// value and back to "any".
fn next_of<T: Copy + PartialEq>(all: &[T], current: Option<T>) -> Option<T> {
    match current {
        None => all.first().copied(),
        Some(value) => {
            let at = all.iter().position(|v| *v == value)?;
            all.get(at + 1).copied()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::browse::fake::fake;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn typed(model: &mut Model, text: &str, finder: &dyn Finder) {
        for c in text.chars() {
            assert_eq!(
                model.handle(key(KeyCode::Char(c)), finder),
                Outcome::Continue
            );
        }
    }

    fn ids(model: &Model) -> Vec<&str> {
        model.rows.iter().map(|q| q.id.as_str()).collect()
    }

    #[test]
    fn every_key_typed_searches_again() {
        let finder = fake();
        let mut model = Model::new("", Filters::default(), false, &finder);
        assert_eq!(model.total, 4);
        typed(&mut model, "cach", &finder);
        assert_eq!(ids(&model), ["a:1", "a:2", "a:4"]);
        typed(&mut model, "e ev", &finder);
        assert_eq!(model.query, "cache ev");
        assert_eq!(ids(&model), ["a:2"]);
        model.handle(key(KeyCode::Backspace), &finder);
        model.handle(key(KeyCode::Backspace), &finder);
        assert_eq!(model.query, "cache ");
        assert_eq!(model.total, 3);
        model.handle(ctrl('w'), &finder);
        assert_eq!(model.query, "");
        typed(&mut model, "database", &finder);
        model.handle(ctrl('u'), &finder);
        assert_eq!((model.query.as_str(), model.total), ("", 4));
    }

    #[test]
    fn the_cursor_edits_inside_the_query() {
        let finder = fake();
        let mut model = Model::new("cahe", Filters::default(), false, &finder);
        assert_eq!(model.total, 0);
        model.handle(key(KeyCode::Left), &finder);
        model.handle(key(KeyCode::Left), &finder);
        typed(&mut model, "c", &finder);
        assert_eq!((model.query.as_str(), model.cursor), ("cache", 3));
        assert_eq!(model.total, 3);
        model.handle(key(KeyCode::Delete), &finder);
        assert_eq!(model.query, "cace");
    }

    #[test]
    fn moving_stays_within_the_list_and_keeps_the_selection_in_view() {
        let finder = fake();
        let mut model = Model::new("", Filters::default(), false, &finder);
        model.set_page(2);
        model.handle(key(KeyCode::Up), &finder);
        assert_eq!(model.selected, 0);
        model.handle(key(KeyCode::Down), &finder);
        model.handle(ctrl('n'), &finder);
        assert_eq!((model.selected, model.top), (2, 1));
        model.handle(key(KeyCode::End), &finder);
        assert_eq!((model.selected, model.top), (3, 2));
        model.handle(key(KeyCode::PageUp), &finder);
        assert_eq!((model.selected, model.top), (1, 1));
        model.handle(ctrl('p'), &finder);
        assert_eq!((model.selected, model.top), (0, 0));
        model.handle(key(KeyCode::PageDown), &finder);
        model.handle(key(KeyCode::Home), &finder);
        assert_eq!(model.selected, 0);
        assert_eq!(model.focus, Focus::List);
        // A new query selects its best result again.
        model.handle(key(KeyCode::End), &finder);
        typed(&mut model, "what", &finder);
        assert_eq!((model.selected, model.top), (0, 0));
    }

    #[test]
    fn space_marks_in_the_list_and_types_in_the_query() {
        let finder = fake();
        let mut model = Model::new("", Filters::default(), false, &finder);
        typed(&mut model, "what is", &finder);
        assert_eq!(model.query, "what is");
        assert!(model.marks.is_empty());
        model.handle(key(KeyCode::Down), &finder);
        model.handle(key(KeyCode::Char(' ')), &finder);
        model.handle(key(KeyCode::Up), &finder);
        model.handle(key(KeyCode::Char(' ')), &finder);
        assert_eq!(model.marks, ["a:3", "a:1"]);
        model.handle(key(KeyCode::Char(' ')), &finder);
        assert_eq!(model.marks, ["a:3"]);
        // Typing goes back to the query, where Space is a space; the marks stay across
        // searches.
        typed(&mut model, "x", &finder);
        assert_eq!(model.focus, Focus::Query);
        typed(&mut model, " ", &finder);
        assert_eq!(model.query, "what isx ");
        assert_eq!(model.marks, ["a:3"]);
        assert_eq!(
            model.handle(key(KeyCode::Esc), &finder),
            Outcome::Leave(vec!["a:3".into()])
        );
    }

    #[test]
    fn the_filters_cycle_through_every_value_and_back() {
        let finder = fake();
        let mut model = Model::new("", Filters::default(), false, &finder);
        model.handle(ctrl('t'), &finder);
        assert_eq!(model.category, Some(Category::ALL[0]));
        while model.category != Some(Category::Databases) {
            model.handle(ctrl('t'), &finder);
        }
        assert_eq!(ids(&model), ["a:3", "a:4"]);
        model.handle(ctrl('l'), &finder);
        assert_eq!(model.level, Some(Level::ALL[0]));
        assert_eq!(model.filters().levels, [Level::ALL[0]]);
        for _ in 0..Level::ALL.len() {
            model.handle(ctrl('l'), &finder);
        }
        assert_eq!(model.level, None);
        for _ in Category::Databases.index()..Category::ALL.len() {
            model.handle(ctrl('t'), &finder);
        }
        assert_eq!(model.category, None);
        assert_eq!(model.total, 4);
    }

    #[test]
    fn filters_from_the_command_line_are_shown_or_kept() {
        let finder = fake();
        let one = Filters {
            categories: vec![Category::Databases],
            ..Filters::default()
        };
        let model = Model::new("", one, false, &finder);
        assert_eq!(model.category, Some(Category::Databases));
        assert_eq!(model.fixed_filters(), "");
        assert_eq!(model.total, 2);
        let two = Filters {
            categories: vec![Category::Databases, Category::Performance],
            sources: vec!["fake".into()],
            ..Filters::default()
        };
        let model = Model::new("", two, false, &finder);
        assert_eq!(model.category, None);
        assert_eq!(model.fixed_filters(), "databases|performance, source fake");
        assert_eq!(model.total, 4);
    }

    #[test]
    fn tab_shows_related_questions_of_the_selection() {
        let finder = fake();
        let mut model = Model::new("", Filters::default(), false, &finder);
        assert_eq!(model.related(), None);
        model.handle(key(KeyCode::Tab), &finder);
        assert_eq!(model.preview, Preview::Related);
        let related: Vec<&str> = model
            .related()
            .unwrap_or_default()
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        assert_eq!(related, ["a:2"]);
        model.handle(key(KeyCode::Down), &finder);
        let related: Vec<&str> = model
            .related()
            .unwrap_or_default()
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        assert_eq!(related, ["a:1"]);
        model.handle(key(KeyCode::Tab), &finder);
        assert_eq!(model.preview, Preview::Explanation);
    }

    #[test]
    fn enter_opens_r_follows_a_related_question_and_esc_comes_back() {
        let finder = fake();
        let mut model = Model::new("", Filters::default(), false, &finder);
        model.handle(key(KeyCode::Enter), &finder);
        assert_eq!(model.opened.len(), 1);
        assert_eq!(model.opened[0].question.id, "a:1");
        model.handle(key(KeyCode::Char('r')), &finder);
        assert_eq!(
            model.opened.last().map(|o| o.question.id.as_str()),
            Some("a:2")
        );
        // In the opened view, letters are commands, not the query.
        model.handle(key(KeyCode::Char('9')), &finder);
        assert_eq!(model.status.as_deref(), Some("no related question 9"));
        model.handle(key(KeyCode::Char(' ')), &finder);
        assert_eq!(model.marks, ["a:2"]);
        assert_eq!(model.query, "");
        model.handle(key(KeyCode::Esc), &finder);
        assert_eq!(model.opened.len(), 1);
        model.handle(key(KeyCode::Char('q')), &finder);
        assert!(model.opened.is_empty());
        assert_eq!(
            model.handle(key(KeyCode::Esc), &finder),
            Outcome::Leave(vec!["a:2".into()])
        );
    }

    #[test]
    fn picking_chooses_the_marks_or_the_selection() {
        let finder = fake();
        let mut model = Model::new("cache", Filters::default(), true, &finder);
        model.handle(key(KeyCode::Down), &finder);
        assert_eq!(
            model.handle(key(KeyCode::Enter), &finder),
            Outcome::Leave(vec!["a:2".into()])
        );
        model.handle(key(KeyCode::Char(' ')), &finder);
        model.handle(key(KeyCode::Down), &finder);
        model.handle(key(KeyCode::Char(' ')), &finder);
        assert_eq!(
            model.handle(key(KeyCode::Enter), &finder),
            Outcome::Leave(vec!["a:2".into(), "a:4".into()])
        );
        assert_eq!(model.handle(key(KeyCode::Esc), &finder), Outcome::Cancel);
        assert_eq!(model.handle(ctrl('c'), &finder), Outcome::Cancel);
    }

    #[test]
    fn ctrl_e_asks_for_a_file_name_and_exports_the_marks_else_the_results() {
        let finder = fake();
        let mut model = Model::new("cache", Filters::default(), false, &finder);
        model.handle(ctrl('e'), &finder);
        assert_eq!(model.prompt.as_deref(), Some(DEFAULT_EXPORT));
        // Keys go to the file name, not the query.
        model.handle(ctrl('u'), &finder);
        typed(&mut model, "x.csv", &finder);
        model.handle(key(KeyCode::Backspace), &finder);
        assert_eq!(model.prompt.as_deref(), Some("x.cs"));
        assert_eq!(model.query, "cache");
        assert_eq!(
            model.handle(key(KeyCode::Enter), &finder),
            Outcome::Export {
                path: "x.cs".into(),
                ids: vec!["a:1".into(), "a:2".into(), "a:4".into()]
            }
        );
        assert_eq!(model.prompt, None);
        model.exported(Ok("exported 3 questions to x.cs".into()));
        assert_eq!(
            model.status.as_deref(),
            Some("exported 3 questions to x.cs")
        );
        model.handle(key(KeyCode::Down), &finder);
        model.handle(key(KeyCode::Char(' ')), &finder);
        model.handle(ctrl('e'), &finder);
        let outcome = model.handle(key(KeyCode::Enter), &finder);
        assert_eq!(
            outcome,
            Outcome::Export {
                path: DEFAULT_EXPORT.into(),
                ids: vec!["a:2".into()]
            }
        );
        model.handle(ctrl('e'), &finder);
        model.handle(key(KeyCode::Esc), &finder);
        assert_eq!(model.prompt, None);
        assert_eq!(model.status.as_deref(), Some("export cancelled"));
    }

    #[test]
    fn nothing_found_and_a_failed_search_are_said_not_fatal() {
        let finder = fake();
        let mut model = Model::new("zzz", Filters::default(), false, &finder);
        assert!(model.rows.is_empty());
        assert_eq!(
            model.handle(key(KeyCode::Enter), &finder),
            Outcome::Continue
        );
        model.handle(key(KeyCode::Down), &finder);
        model.handle(key(KeyCode::Tab), &finder);
        model.handle(ctrl('e'), &finder);
        assert_eq!(model.prompt, None);
        assert_eq!(
            model.status.as_deref(),
            Some("nothing to export: no results")
        );
        model.handle(ctrl('u'), &finder);
        typed(&mut model, "\"", &finder);
        assert_eq!(model.status.as_deref(), Some("unclosed quote"));
        model.handle(key(KeyCode::Backspace), &finder);
        assert_eq!((model.status.as_deref(), model.total), (None, 4));
    }

    #[test]
    fn more_results_are_read_as_the_selection_nears_the_end() {
        let many = crate::browse::fake::many(130);
        let mut model = Model::new("caches", Filters::default(), false, &many);
        model.set_page(10);
        assert_eq!(
            (model.rows.len(), model.total, model.more),
            (FIRST_ROWS, 130, true)
        );
        for _ in 0..30 {
            model.handle(key(KeyCode::Down), &many);
        }
        assert_eq!(model.rows.len(), FIRST_ROWS);
        for _ in 0..10 {
            model.handle(key(KeyCode::Down), &many);
        }
        // Within a page of the end: twice as many.
        assert_eq!((model.rows.len(), model.selected), (2 * FIRST_ROWS, 40));
        model.handle(key(KeyCode::End), &many);
        assert_eq!(
            (model.rows.len(), model.more, model.selected),
            (130, false, 129)
        );
        // A new query starts with a few screens again.
        model.handle(key(KeyCode::Backspace), &many);
        assert_eq!((model.rows.len(), model.selected), (FIRST_ROWS, 0));
    }

    #[test]
    fn key_releases_are_ignored() {
        let finder = fake();
        let mut model = Model::new("", Filters::default(), false, &finder);
        let mut release = key(KeyCode::Char('x'));
        release.kind = KeyEventKind::Release;
        model.handle(release, &finder);
        assert_eq!(model.query, "");
    }

    #[test]
    fn ctrl_h_is_backspace_and_alt_or_ctrl_letters_are_not_typed() {
        let finder = fake();
        let mut model = Model::new("cachex", Filters::default(), false, &finder);
        model.handle(ctrl('h'), &finder);
        assert_eq!(model.query, "cache");
        model.handle(
            KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT),
            &finder,
        );
        model.handle(ctrl('z'), &finder);
        assert_eq!(model.query, "cache");
        // In the opened view, Ctrl-R and Alt-Q are not r and q.
        model.handle(key(KeyCode::Enter), &finder);
        model.handle(ctrl('r'), &finder);
        model.handle(
            KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT),
            &finder,
        );
        assert_eq!(model.opened.len(), 1);
        model.handle(key(KeyCode::Char('q')), &finder);
        assert!(model.opened.is_empty());
    }

    #[test]
    fn exporting_the_results_exports_all_of_them_not_only_those_listed() {
        let many = crate::browse::fake::many(120);
        let mut model = Model::new("", Filters::default(), false, &many);
        assert_eq!(model.rows.len(), FIRST_ROWS);
        model.handle(ctrl('e'), &many);
        match model.handle(key(KeyCode::Enter), &many) {
            Outcome::Export { ids, .. } => assert_eq!(ids.len(), 120),
            other => panic!("{other:?}"),
        }
    }
}
