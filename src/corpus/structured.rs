//! Turns the text of a structured question file into the same entries the markdown
//! parser gives. The formats:
//!
//! - **CSV** (`.csv`, the delimiter `,`, `;` or tab sniffed from the header row) and
//!   **TSV** (`.tsv`), with a header row naming the columns.
//! - **Anki's plain-text note export** (a `.txt` whose first line is `#separator:…` or
//!   `#html:…`): `#` header lines, then one note a row, front then back.
//! - **JSON** (`.json`): an array of objects, or an object with a `questions`, `items`,
//!   `cards` or `data` array. **JSON lines** (`.jsonl`): one object a line.
//! - **YAML** (`.yaml`, `.yml`): a sequence of mappings, or a mapping with one of the
//!   keys above holding one.
//!
//! Columns and fields are found by name, whatever their case: the question is
//! `question`, `front`, `q`, `prompt` or `term`; the answer `answer`, `back`,
//! `explanation`, `a` or `definition`; the category `category`, `topic` or `section`
//! (also the question's one heading, which is what the classifier reads); the level
//! `level` or `difficulty`; and `title`, `code`, `number` or `id`. Other names, tags
//! among them, are not read: tags are no hierarchy of sections, and a tag such as
//! `interview` says nothing of a question's topic. A JSON or YAML array of strings is a
//! list of questions without answers. An answer that only says there is none yet
//! (`TBD`, `TODO`, `to be completed`, `-`, `N/A`) is no answer.
//!
//! An Anki note's first field is the question and its second the answer; the tags,
//! note type and guid columns are not fields. Its deck (a deck column, or `#deck:`)
//! gives the headings, `Backend::Databases` two of them, and the category, the last.
//! With `#html:true` the fields are HTML, turned into text.
//!
//! Nothing here is an error: a row without a question, or a file that stops being
//! valid, is a warning with its line, and the questions read before it are kept, as
//! the markdown parser passes over what it cannot place.

use std::path::Path;

use serde_json::{Map, Value};

use super::entry::{Entry, Parsed, collapse_whitespace};
use super::line_at;

/// A structured format, and how its rows are delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV or TSV with a header row, and its delimiter.
    Delimited(u8),
    Anki,
    Json,
    JsonLines,
    Yaml,
}

impl Format {
    /// The structured format of a file, from its extension and, for `.txt`, from its
    /// first line; `None` for markdown and plain text.
    pub fn of(path: &Path, text: &str) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(Format::Delimited(sniff_delimiter(text))),
            "tsv" => Some(Format::Delimited(b'\t')),
            "json" => Some(Format::Json),
            "jsonl" => Some(Format::JsonLines),
            "yaml" | "yml" => Some(Format::Yaml),
            "txt" if is_anki_export(text) => Some(Format::Anki),
            _ => None,
        }
    }

    /// What a file of this format must hold to give questions, for the warning about
    /// one that gives none.
    pub fn expected(self) -> &'static str {
        match self {
            Format::Delimited(_) => {
                "expected a header row with a question column and a row a question"
            }
            Format::Anki => "expected a note a row, its first field the question",
            Format::Json | Format::Yaml => {
                "expected an array of objects with a \"question\" field, or an object \
                 holding one under \"questions\", \"items\", \"cards\" or \"data\""
            }
            Format::JsonLines => "expected one object with a \"question\" field a line",
        }
    }
}

/// Parses the text of a structured file (decoded, `\n` line endings).
pub fn parse(format: Format, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    match format {
        Format::Delimited(delimiter) => parse_delimited(text, delimiter, &mut parsed),
        Format::Anki => parse_anki(text, &mut parsed),
        Format::Json => parse_json(text, &mut parsed),
        Format::JsonLines => parse_json_lines(text, &mut parsed),
        Format::Yaml => parse_yaml(text, &mut parsed),
    }
    parsed
}

/// What a column or a field holds, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Question,
    Answer,
    Category,
    Level,
    Title,
    Code,
    Number,
}

impl Field {
    fn named(name: &str) -> Option<Field> {
        match name.trim().to_lowercase().as_str() {
            "question" | "front" | "q" | "prompt" | "term" => Some(Field::Question),
            "answer" | "back" | "explanation" | "a" | "definition" => Some(Field::Answer),
            "category" | "topic" | "section" => Some(Field::Category),
            "level" | "difficulty" => Some(Field::Level),
            "title" => Some(Field::Title),
            "code" => Some(Field::Code),
            "number" | "id" => Some(Field::Number),
            _ => None,
        }
    }
}

/// The fields of one row or object; the first non-empty value of a field wins.
#[derive(Debug, Default)]
struct Fields {
    question: Option<String>,
    answer: Option<String>,
    category: Option<String>,
    level: Option<String>,
    title: Option<String>,
    code: Option<String>,
    number: Option<String>,
}

impl Fields {
    fn set(&mut self, field: Field, value: &str) {
        let slot = match field {
            Field::Question => &mut self.question,
            Field::Answer => &mut self.answer,
            Field::Category => &mut self.category,
            Field::Level => &mut self.level,
            Field::Title => &mut self.title,
            Field::Code => &mut self.code,
            Field::Number => &mut self.number,
        };
        let value = value.trim();
        if slot.is_none() && !value.is_empty() {
            *slot = Some(value.to_string());
        }
    }

    fn is_blank(&self) -> bool {
        [
            &self.question,
            &self.answer,
            &self.category,
            &self.level,
            &self.title,
            &self.code,
            &self.number,
        ]
        .iter()
        .all(|value| value.is_none())
    }

    /// The entry, or `None` when there is no question.
    fn into_entry(self, line: u32) -> Option<Entry> {
        let question = collapse_whitespace(&self.question?);
        if question.is_empty() {
            return None;
        }
        Some(Entry {
            number: self
                .number
                .and_then(|n| n.trim_start_matches('#').parse().ok()),
            line,
            question,
            title: self.title,
            code: self.code.map(|code| fenced(&code)),
            explanation: self.answer.filter(|answer| !is_placeholder(answer)),
            headings: self.category.iter().cloned().collect(),
            stated_category: self.category,
            stated_level: self.level,
        })
    }
}

/// Adds a row's entry, or a warning when it has fields but no question. A row of
/// empty cells (as spreadsheets export below the data) is passed over silently.
fn push_row(parsed: &mut Parsed, fields: Fields, line: u32, what: &str) {
    if fields.is_blank() {
        return;
    }
    match fields.into_entry(line) {
        Some(entry) => parsed.entries.push(entry),
        None => parsed
            .warnings
            .push((line, format!("{what} has no question text; skipped"))),
    }
}

/// Code as fenced markdown, the way the markdown parser keeps it.
fn fenced(code: &str) -> String {
    if code.starts_with("```") || code.starts_with("~~~") {
        code.to_string()
    } else {
        format!("```\n{code}\n```")
    }
}

/// Whether an answer only says that there is none yet.
fn is_placeholder(answer: &str) -> bool {
    let answer = answer.trim().trim_end_matches(['.', '!']).to_lowercase();
    matches!(
        answer.as_str(),
        "" | "tbd" | "todo" | "to be completed" | "-" | "—" | "–" | "n/a" | "..." | "…"
    )
}

/// The line of a record the csv crate read; its lines count from 1.
fn csv_line(position: Option<&csv::Position>) -> u32 {
    position.map_or(1, |p| u32::try_from(p.line()).unwrap_or(u32::MAX))
}

/// The delimiter of a CSV file: whichever of `,`, `;` and tab its header line holds
/// most of, outside quotes (spreadsheets in locales with a decimal comma write `;`).
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in header.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(count) = counts.iter_mut().find(|(d, _)| *d == byte) {
            count.1 += 1;
        }
    }
    // The first of the most frequent: a comma when none is there.
    let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    counts
        .iter()
        .find(|(_, n)| *n == most)
        .map_or(b',', |(d, _)| *d)
}

fn csv_reader(text: &str, delimiter: u8, has_headers: bool) -> csv::Reader<&[u8]> {
    // Flexible: spreadsheets drop trailing empty cells, so rows differ in length.
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(has_headers)
        .flexible(true)
        .from_reader(text.as_bytes())
}

fn parse_delimited(text: &str, delimiter: u8, parsed: &mut Parsed) {
    let mut reader = csv_reader(text, delimiter, true);
    let columns: Vec<Option<Field>> = match reader.headers() {
        Ok(headers) => headers.iter().map(Field::named).collect(),
        Err(error) => {
            parsed.warnings.push(csv_error(&error, "the file"));
            return;
        }
    };
    if !columns.contains(&Some(Field::Question)) {
        parsed.warnings.push((
            1,
            "no question column: the header row names none of question, front, q, prompt, \
             term; the file is passed over"
                .to_string(),
        ));
        return;
    }
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let mut fields = Fields::default();
                for (column, value) in columns.iter().zip(record.iter()) {
                    if let Some(field) = column {
                        fields.set(*field, value);
                    }
                }
                push_row(parsed, fields, csv_line(record.position()), "this row");
            }
            Err(error) => {
                parsed
                    .warnings
                    .push(csv_error(&error, "the rest of the file"));
                break;
            }
        }
    }
}

fn csv_error(error: &csv::Error, lost: &str) -> (u32, String) {
    (
        csv_line(error.position()),
        format!("cannot be read as CSV ({error}); {lost} is passed over"),
    )
}

/// Whether a `.txt` file is an Anki export: Anki writes its `#key:value` header lines
/// first, and `#separator:` or `#html:` is always among them.
fn is_anki_export(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("").to_ascii_lowercase();
    first.starts_with("#separator:") || first.starts_with("#html:")
}

/// The delimiter an Anki `#separator:` header names: a name, or the character itself.
fn anki_separator(value: &str) -> Option<u8> {
    match value.to_ascii_lowercase().as_str() {
        "tab" => Some(b'\t'),
        "comma" => Some(b','),
        "semicolon" => Some(b';'),
        "pipe" => Some(b'|'),
        "space" => Some(b' '),
        _ if value.len() == 1 => value.bytes().next(),
        _ => None,
    }
}

/// The keys of the header lines Anki writes. A first note that starts with `#` and
/// holds a `:` is not taken for one.
const ANKI_HEADERS: &[&str] = &[
    "separator",
    "html",
    "deck",
    "deck column",
    "tags column",
    "notetype",
    "notetype column",
    "guid column",
    "columns",
    "tags",
    "if matches",
];

fn parse_anki(text: &str, parsed: &mut Parsed) {
    let mut delimiter = b'\t';
    let mut html = false;
    let mut deck: Option<String> = None;
    // Columns (from 0) that hold something other than the note's fields.
    let mut deck_column = None;
    let mut other_columns = Vec::new();
    let mut header_lines = 0u32;
    let mut body = 0;
    for line in text.split_inclusive('\n') {
        let header = line.strip_prefix('#').and_then(|h| h.split_once(':'));
        let Some((key, value)) = header
            .filter(|(key, _)| ANKI_HEADERS.contains(&key.trim().to_ascii_lowercase().as_str()))
        else {
            break;
        };
        header_lines += 1;
        body += line.len();
        let value = value.trim();
        let column = || value.parse::<usize>().ok().and_then(|n| n.checked_sub(1));
        match key.trim().to_ascii_lowercase().as_str() {
            "separator" => match anki_separator(value) {
                Some(separator) => delimiter = separator,
                None => parsed.warnings.push((
                    header_lines,
                    format!("unknown separator '{value}'; reading the notes as tab-separated"),
                )),
            },
            "html" => html = value.eq_ignore_ascii_case("true"),
            "deck" => deck = Some(value.to_string()),
            "deck column" => deck_column = column(),
            "tags column" | "notetype column" | "guid column" => match column() {
                Some(column) => other_columns.push(column),
                None => parsed.warnings.push((
                    header_lines,
                    format!("'{value}' is not a column number; the header is passed over"),
                )),
            },
            _ => {}
        }
    }
    let mut reader = csv_reader(&text[body..], delimiter, false);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = header_lines + csv_line(record.position());
                let clean = |value: &str| {
                    if html {
                        html_to_text(value)
                    } else {
                        value.to_string()
                    }
                };
                let mut fields = Fields::default();
                let mut note_deck = deck.clone();
                let mut position = 0;
                for (column, value) in record.iter().enumerate() {
                    if Some(column) == deck_column {
                        note_deck = Some(value.trim().to_string());
                    } else if !other_columns.contains(&column) {
                        match position {
                            0 => fields.set(Field::Question, &clean(value)),
                            1 => fields.set(Field::Answer, &clean(value)),
                            _ => {}
                        }
                        position += 1;
                    }
                }
                // A deck is a path (`Backend::Databases`): its parts are the headings,
                // its last part the category.
                let headings: Vec<String> = note_deck
                    .iter()
                    .flat_map(|d| d.split("::"))
                    .map(str::trim)
                    .filter(|part| !part.is_empty())
                    .map(str::to_string)
                    .collect();
                if let Some(last) = headings.last() {
                    fields.set(Field::Category, last);
                }
                let before = parsed.entries.len();
                push_row(parsed, fields, line, "this note");
                if let Some(entry) = parsed.entries.get_mut(before) {
                    entry.headings = headings;
                }
            }
            Err(error) => {
                let (line, message) = csv_error(&error, "the rest of the file");
                parsed.warnings.push((header_lines + line, message));
                break;
            }
        }
    }
}

/// The text of an HTML field, as Anki stores one: line breaks and blocks become
/// newlines, other tags go, and the common entities are decoded.
fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            // A `<` that opens no tag is text.
            text.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close]
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        // A block starts a line; every `<br>` is one (two make a blank line).
        let block = matches!(
            tag.as_str(),
            "div" | "p" | "li" | "tr" | "ul" | "ol" | "pre"
        );
        if tag == "br" || (block && !text.is_empty() && !text.ends_with('\n')) {
            text.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    decode_entities(text.trim_end())
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let entity = rest[1..]
            .find(';')
            .filter(|&end| end <= 8)
            .map(|end| &rest[1..=end]);
        let decoded = entity.and_then(|name| match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => {
                let number = name.strip_prefix('#')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (entity, decoded) {
            (Some(name), Some(c)) => {
                out.push(c);
                rest = &rest[name.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Keys of an object that hold its list of questions.
const LIST_KEYS: &[&str] = &["questions", "items", "cards", "data"];

fn is_list_key(key: &str) -> bool {
    LIST_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key.trim()))
}

/// Adds the entry of one JSON or YAML item, `what` naming it in warnings.
fn push_value(parsed: &mut Parsed, value: Value, line: u32, what: &str) {
    match value {
        Value::Object(object) => push_row(parsed, object_fields(object), line, what),
        Value::String(question) => {
            let mut fields = Fields::default();
            fields.set(Field::Question, &question);
            push_row(parsed, fields, line, what);
        }
        _ => parsed.warnings.push((
            line,
            format!("{what} is neither an object nor a string; skipped"),
        )),
    }
}

fn object_fields(object: Map<String, Value>) -> Fields {
    let mut fields = Fields::default();
    for (key, value) in object {
        let Some(field) = Field::named(&key) else {
            continue;
        };
        // An answer or code written as a list of lines keeps them as lines.
        let separator = if matches!(field, Field::Answer | Field::Code) {
            "\n"
        } else {
            ", "
        };
        if let Some(text) = scalar_text(&value, separator) {
            fields.set(field, &text);
        }
    }
    fields
}

/// A value as text: strings, numbers and booleans as written, an array of them joined.
fn scalar_text(value: &Value, separator: &str) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .filter_map(|v| scalar_text(v, separator))
                .collect();
            Some(parts.join(separator))
        }
        Value::Null | Value::Object(_) => None,
    }
}

/// A JSON syntax error: its line in the whole file and what is wrong.
struct JsonError {
    line: u32,
    message: String,
}

/// Reads a JSON document value by value, so that each item's line is known and the
/// items before a syntax error are kept.
struct JsonCursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> JsonCursor<'a> {
    fn skip_whitespace(&mut self) {
        let rest = &self.text[self.at..];
        self.at += rest.len() - rest.trim_start().len();
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn error(&self, message: impl Into<String>) -> JsonError {
        JsonError {
            line: line_at(self.text, self.at),
            message: message.into(),
        }
    }

    /// One JSON value starting here.
    fn value<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, JsonError> {
        let mut stream = serde_json::Deserializer::from_str(&self.text[self.at..]).into_iter::<T>();
        match stream.next() {
            Some(Ok(value)) => {
                self.at += stream.byte_offset();
                Ok(value)
            }
            Some(Err(error)) => {
                // serde_json counts lines from where this value starts.
                let line = line_at(self.text, self.at)
                    + u32::try_from(error.line().saturating_sub(1)).unwrap_or(0);
                let message = error.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(what, _)| what);
                Err(JsonError {
                    line,
                    message: message.to_string(),
                })
            }
            None => Err(self.error("the file ends where a value should be")),
        }
    }

    /// Steps over `,` and reports whether the container goes on, or over its `close`.
    fn next_or_close(&mut self, close: u8) -> Result<bool, JsonError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                Ok(true)
            }
            Some(byte) if byte == close => {
                self.at += 1;
                Ok(false)
            }
            _ => Err(self.error(format!("expected ',' or '{}'", char::from(close)))),
        }
    }

    /// The items of the array starting here.
    fn items(&mut self, mut item: impl FnMut(usize, Value)) -> Result<(), JsonError> {
        self.at += 1;
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            return Ok(());
        }
        loop {
            self.skip_whitespace();
            let start = self.at;
            let value = self.value::<Value>()?;
            item(start, value);
            if !self.next_or_close(b']')? {
                return Ok(());
            }
        }
    }

    /// The items of the document's array: the whole document, or the value of the
    /// first list key of the object it is. `false` when there is no such array.
    fn document(&mut self, item: impl FnMut(usize, Value)) -> Result<bool, JsonError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'[') => self.items(item).map(|()| true),
            Some(b'{') => {
                self.at += 1;
                self.skip_whitespace();
                if self.peek() == Some(b'}') {
                    return Ok(false);
                }
                loop {
                    self.skip_whitespace();
                    let key = self.value::<String>()?;
                    self.skip_whitespace();
                    if self.peek() != Some(b':') {
                        return Err(self.error("expected ':' after a key"));
                    }
                    self.at += 1;
                    self.skip_whitespace();
                    if is_list_key(&key) && self.peek() == Some(b'[') {
                        return self.items(item).map(|()| true);
                    }
                    self.value::<serde::de::IgnoredAny>()?;
                    if !self.next_or_close(b'}')? {
                        return Ok(false);
                    }
                }
            }
            None => Ok(false),
            Some(_) => self.value::<serde::de::IgnoredAny>().map(|_| false),
        }
    }
}

fn parse_json(text: &str, parsed: &mut Parsed) {
    let mut cursor = JsonCursor { text, at: 0 };
    let mut count = 0;
    let read = cursor.document(|start, value| {
        count += 1;
        push_value(
            parsed,
            value,
            line_at(text, start),
            &format!("item {count}"),
        );
    });
    if let Err(error) = read {
        parsed.warnings.push((
            error.line,
            format!(
                "not valid JSON ({}); the rest of the file is passed over",
                error.message
            ),
        ));
    }
}

fn parse_json_lines(text: &str, parsed: &mut Parsed) {
    for (index, line) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(value) => push_value(parsed, value, number, "this line"),
            Err(error) => {
                let message = error.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(what, _)| what);
                parsed.warnings.push((
                    number,
                    format!("not valid JSON ({message}); this line is skipped"),
                ));
            }
        }
    }
}

fn parse_yaml(text: &str, parsed: &mut Parsed) {
    let document: Value = match serde_norway::from_str(text) {
        Ok(document) => document,
        Err(error) => {
            let line = error
                .location()
                .map_or(1, |l| u32::try_from(l.line()).unwrap_or(u32::MAX));
            parsed.warnings.push((
                line,
                format!("not valid YAML ({error}); the file is passed over"),
            ));
            return;
        }
    };
    let (items, key) = match document {
        Value::Array(items) => (items, None),
        Value::Object(object) => match object
            .into_iter()
            .find(|(key, value)| is_list_key(key) && value.is_array())
        {
            Some((key, Value::Array(items))) => (items, Some(key)),
            _ => return,
        },
        _ => return,
    };
    let lines = yaml_item_lines(text, key.as_deref(), items.len());
    for (index, item) in items.into_iter().enumerate() {
        let line = lines.get(index).copied().unwrap_or(1);
        push_value(parsed, item, line, &format!("item {}", index + 1));
    }
}

/// The lines where the items of a block sequence start (the document's, or the one
/// under `key`): the `-` lines at the sequence's indentation. The parsed document
/// carries no positions, so this reads the text; when it does not find exactly
/// `count` items (a flow sequence `[…]`, say) it gives none, and items are placed at
/// line 1 rather than at a wrong line.
fn yaml_item_lines(text: &str, key: Option<&str>, count: usize) -> Vec<u32> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    if let Some(key) = key {
        let opens = |line: &str| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        };
        if lines.by_ref().find(|(_, line)| opens(line)).is_none() {
            return Vec::new();
        }
    }
    let mut dashes = Vec::new();
    for (number, line) in lines {
        let content = line.trim_start();
        let indent = line.len() - content.len();
        // Under a key, the sequence ends at the next key of the top mapping.
        let top_key =
            key.is_some() && indent == 0 && !content.is_empty() && !content.starts_with(['-', '#']);
        if top_key {
            break;
        }
        if content == "-" || content.starts_with("- ") {
            dashes.push((number, indent));
        }
    }
    let Some(indent) = dashes.iter().map(|&(_, indent)| indent).min() else {
        return Vec::new();
    };
    let lines: Vec<u32> = dashes
        .into_iter()
        .filter(|&(_, i)| i == indent)
        .map(|(number, _)| u32::try_from(number).unwrap_or(u32::MAX))
        .collect();
    if lines.len() == count {
        lines
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn questions(parsed: &Parsed) -> Vec<(u32, &str, Option<&str>)> {
        parsed
            .entries
            .iter()
            .map(|e| (e.line, e.question.as_str(), e.explanation.as_deref()))
            .collect()
    }

    #[test]
    fn formats_follow_the_extension_and_anki_exports_their_first_line() {
        let of = |name: &str, text: &str| Format::of(Path::new(name), text);
        assert_eq!(
            of("a.CSV", "q;answer;level\n"),
            Some(Format::Delimited(b';'))
        );
        assert_eq!(of("a.csv", "q,answer\n"), Some(Format::Delimited(b',')));
        assert_eq!(of("a.csv", "\"a;b\",q\n"), Some(Format::Delimited(b',')));
        assert_eq!(of("a.tsv", "q,answer\n"), Some(Format::Delimited(b'\t')));
        assert_eq!(of("a.yml", ""), Some(Format::Yaml));
        assert_eq!(of("a.txt", "#separator:tab\n"), Some(Format::Anki));
        assert_eq!(of("a.txt", "#html:false\n"), Some(Format::Anki));
        assert_eq!(of("a.txt", "# Questions\n1. Why?\n"), None);
        assert_eq!(of("a.md", "q,answer\n"), None);
    }

    #[test]
    fn placeholders_are_no_answer() {
        for answer in ["TBD", "todo.", "To be completed", "-", "n/a", " "] {
            assert!(is_placeholder(answer), "{answer}");
        }
        for answer in ["None", "TBD means to be decided", "0"] {
            assert!(!is_placeholder(answer), "{answer}");
        }
    }

    #[test]
    fn anki_separators_are_names_or_the_character_and_notes_may_start_with_a_hash() {
        assert_eq!(anki_separator("Semicolon"), Some(b';'));
        assert_eq!(anki_separator("X"), Some(b'X'));
        assert_eq!(anki_separator("two"), None);
        let parsed = parse(
            Format::Anki,
            "#separator:Pipe\n#include: what does it do?|Pastes a file in.\n",
        );
        assert_eq!(
            questions(&parsed),
            [(2, "#include: what does it do?", Some("Pastes a file in."))]
        );
    }

    #[test]
    fn html_fields_become_text() {
        assert_eq!(
            html_to_text("<b>Why</b> use &lt;br&gt;?<br>Line two<div>three &amp; four</div>"),
            "Why use <br>?\nLine two\nthree & four"
        );
        assert_eq!(
            html_to_text("a < b &nbsp;&#39;x&#x41;&bogus; &"),
            "a < b  'xA&bogus; &"
        );
    }

    #[test]
    fn a_json_syntax_error_keeps_the_items_before_it_and_names_its_line() {
        let text =
            "[\n  {\"q\": \"One?\"},\n  {\"q\": \"Two?\"},\n  {\"q\": \"Three?\" \"a\": 1}\n]\n";
        let parsed = parse(Format::Json, text);
        assert_eq!(questions(&parsed), [(2, "One?", None), (3, "Two?", None)]);
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].0, 4);
        assert!(
            parsed.warnings[0]
                .1
                .starts_with("not valid JSON (expected `,` or `}`"),
            "{:?}",
            parsed.warnings
        );
    }

    #[test]
    fn a_json_object_without_a_list_gives_nothing() {
        let parsed = parse(Format::Json, "{\"name\": \"qbank\", \"version\": [1, 2]}");
        assert!(parsed.entries.is_empty() && parsed.warnings.is_empty());
        let parsed = parse(Format::Json, "{\"name\": 1, \"Cards\": [\"Why?\"]}");
        assert_eq!(questions(&parsed), [(1, "Why?", None)]);
    }

    #[test]
    fn yaml_item_lines_skip_nested_sequences_and_give_up_on_flow_ones() {
        let text = "title: x\nquestions:\n  - q: One?\n    answer: |\n      - a bullet\n  - q: Two?\nother:\n  - 1\n";
        assert_eq!(yaml_item_lines(text, Some("questions"), 2), [3, 6]);
        assert_eq!(
            yaml_item_lines("[{q: a}, {q: b}]\n", None, 2),
            Vec::<u32>::new()
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_in_any_format_gives_questions_with_text(
            text in "[\\[\\]{}\",:;|\t\n #<>&a-z0-9-]{0,300}",
        ) {
            let formats = [
                Format::Delimited(b','),
                Format::Delimited(b'\t'),
                Format::Anki,
                Format::Json,
                Format::JsonLines,
                Format::Yaml,
            ];
            for format in formats {
                for head in ["", "question,answer\n", "#separator:comma\n", "[", "- q: "] {
                    let parsed = parse(format, &format!("{head}{text}"));
                    for entry in &parsed.entries {
                        proptest::prop_assert!(!entry.question.trim().is_empty());
                    }
                }
            }
        }
    }

    #[test]
    fn a_bad_csv_header_is_a_warning() {
        let parsed = parse(Format::Delimited(b','), "name,value\nx,1\n");
        assert!(parsed.entries.is_empty());
        assert_eq!(parsed.warnings.len(), 1);
        assert!(parsed.warnings[0].1.starts_with("no question column"));
    }
}
