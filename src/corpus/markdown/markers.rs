//! What makes a line read as a question, and the labels lists put before questions and
//! answers (`Q:`, `**Answer**:`, `Question 3.`).

/// Words a question (or a task phrased as one) starts with.
pub const QUESTION_WORDS: &[&str] = &[
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
pub const PROMPT_VERBS: &[&str] = &[
    "explain",
    "describe",
    "discuss",
    "compare",
    "contrast",
    "define",
    "implement",
    "write",
];

pub fn first_word(text: &str) -> String {
    text.split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .replace('’', "'")
        .to_lowercase()
}

pub fn ends_with_question_mark(text: &str) -> bool {
    // "… (module pattern, inheritance?)", "… regression? 👶", "**Why?**"
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(c, '*' | '_' | ')' | ']' | '"' | '\'' | '`' | '”' | '’')
            || is_symbol(c)
    });
    trimmed.ends_with('?') || trimmed.ends_with('？')
}

/// Emoji, stars and the like: neither words nor punctuation.
pub fn is_symbol(c: char) -> bool {
    !c.is_alphanumeric()
        && !c.is_whitespace()
        && !c.is_ascii()
        && !matches!(c, '？' | '“' | '”' | '‘' | '’')
}

/// Whether a line of text reads like a question or a task.
pub fn looks_like_question(text: &str) -> bool {
    ends_with_question_mark(text) || QUESTION_WORDS.contains(&first_word(text).as_str())
}

/// If a heading's text is a question, its number (if it has one) and the question.
pub fn question_heading(text: &str) -> Option<(Option<u32>, &str)> {
    if let Some((number, len)) = question_marker(text) {
        return Some((number, text[len..].trim()));
    }
    let (number, rest) = match numbered_prefix(text).or_else(|| glued_number(text)) {
        Some((n, len)) => (Some(n), text[len..].trim()),
        None => (None, text),
    };
    let is_question =
        ends_with_question_mark(rest) || PROMPT_VERBS.contains(&first_word(rest).as_str());
    (is_question && !rest.is_empty()).then_some((number, rest))
}

/// `12.` or `12)` followed by whitespace: the number and the length of the prefix.
pub fn numbered_prefix(text: &str) -> Option<(u32, usize)> {
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

/// A heading's number written without a space before its text (`4.What is …`).
fn glued_number(text: &str) -> Option<(u32, usize)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 || !text[digits..].starts_with('.') {
        return None;
    }
    let next = text[digits + 1..].chars().next()?;
    next.is_uppercase()
        .then(|| Some((text[..digits].parse().ok()?, digits + 1)))
        .flatten()
}

/// If a heading's text starts with a number (`12. …`, `4.What …`), the number and its
/// length.
pub fn heading_number(text: &str) -> Option<(u32, usize)> {
    numbered_prefix(text).or_else(|| glued_number(text))
}

pub fn numbered_line(line: &str) -> bool {
    numbered_prefix(line.trim_start_matches(' '))
        .is_some_and(|(_, len)| !line.trim_start_matches(' ')[len..].trim().is_empty())
}

/// The number written at the start of an ordered list item.
pub fn leading_number(item: &str) -> Option<u32> {
    let digits: String = item
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Labels that introduce an answer, lowercase.
pub const ANSWER_LABELS: &[&str] = &["explanation", "answer", "ans", "a"];
/// Labels that introduce a question, lowercase.
pub const QUESTION_LABELS: &[&str] = &["question", "q"];

/// If `line` starts with an answer marker (`**Explanation**:`, `Answer:`, `A:`,
/// `**Answer:**`), the byte length of the marker and the spaces after it.
pub fn answer_marker(line: &str) -> Option<usize> {
    labelled_marker(line, ANSWER_LABELS, false).map(|(_, len)| len)
}

/// If `line` starts with a question marker (`Q:`, `Q1.`, `**Question 3:**`), the
/// number it carries and the byte length of the marker.
pub fn question_marker(line: &str) -> Option<(Option<u32>, usize)> {
    labelled_marker(line, QUESTION_LABELS, true).or_else(|| bold_number(line))
}

/// Whether a paragraph's question marker is a bare number in bold (`**1.**`), which
/// answers also use for their own points (`**1. Primitives:**`).
pub fn is_bold_number(line: &str) -> bool {
    labelled_marker(line, QUESTION_LABELS, true).is_none() && bold_number(line).is_some()
}

/// A number in bold opening a paragraph: `**1.** What …`, `**2) What …**`.
fn bold_number(line: &str) -> Option<(Option<u32>, usize)> {
    let start = line.len() - line.trim_start().len();
    let rest = &line[start..];
    let emphasis = ["**", "__"].into_iter().find(|e| rest.starts_with(e))?;
    let inner = &rest[2..];
    let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 || !inner[digits..].starts_with(['.', ')']) {
        return None;
    }
    let number = inner[..digits].parse().ok();
    let mut after = &inner[digits + 1..];
    after = after.strip_prefix(emphasis).unwrap_or(after);
    if !after.starts_with([' ', '\t']) {
        return None;
    }
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    Some((number, line.len() - after.len() + spaces))
}

/// Matches `[emphasis] label [number] [emphasis] (':' | '.' | ')') [emphasis] spaces` at
/// the start of `line` (after indentation). Answers take only `:`.
pub fn labelled_marker(
    line: &str,
    labels: &[&str],
    numbered: bool,
) -> Option<(Option<u32>, usize)> {
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
pub fn find_answer_marker(text: &str) -> Option<(usize, usize)> {
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

/// Whether a line is wholly bold (`**What is X?**`).
pub fn is_bold_line(line: &str) -> bool {
    let trimmed = line.trim();
    ["**", "__"].iter().any(|e| {
        trimmed.len() > 4
            && trimmed.starts_with(e)
            && trimmed.ends_with(e)
            && !trimmed[2..trimmed.len() - 2].contains(e)
    })
}
