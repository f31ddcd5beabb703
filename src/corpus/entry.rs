//! What every reader of a source list produces: question entries, before ids and
//! classification, and the lines it could not place.

/// A question as a reader finds it, before ids and classification.
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

/// What a reader found in one file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub entries: Vec<Entry>,
    /// Lines the reader could not place, with the reason.
    pub warnings: Vec<(u32, String)>,
}

/// Collapses every run of whitespace (and control characters) to one space and trims.
pub fn collapse_whitespace(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
