//! The index schema, defined once, and the conversion between `Question` and documents.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::{Index, TantivyDocument};

use crate::analysis::{ANALYZER, WORDS_ANALYZER, analyzer, words_analyzer};
use crate::question::{Question, UnknownValue};

/// Every field of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub source: Field,
    pub number: Field,
    pub line: Field,
    pub question: Field,
    /// The name the source gives the question.
    pub title: Field,
    /// Code the question asks about, fenced: searched (identifiers and all) and shown
    /// whole.
    pub code: Field,
    pub explanation: Field,
    pub section: Field,
    pub category: Field,
    pub category_source: Field,
    pub category_confidence: Field,
    pub level: Field,
    pub level_source: Field,
    pub level_confidence: Field,
    pub cluster: Field,
    /// A duplicate's explanation lent to a question without one: stored, not searched.
    pub shared_explanation: Field,
    pub explanation_from: Field,
    pub concepts: Field,
    /// `ANSWERED` when the question has an explanation, its own or a duplicate's: what
    /// `--has-explanation` filters on.
    pub answered: Field,
    /// Every word of the question, its title, its own explanation and its heading as
    /// written (not stemmed): the vocabulary that typo matching and suggestions draw on.
    pub words: Field,
    /// The question's place in the corpus (files in name order, questions in file
    /// order): documents written by several threads are not in that order.
    pub position: Field,
    pub cluster_position: Field,
    /// How the id is spelt from `source` and `number` (see `id_repeat`), so a cluster's
    /// members are named from columns without opening their stored documents.
    pub id_repeat: Field,
}

/// `id_repeat` of a question whose id is not spelt from its source and number: its id
/// is read from the stored document.
pub const ID_NOT_SPELT: u64 = u64::MAX;

/// The `id_repeat` column of a question: 0 when its id is `source:number`, `r` when it
/// is `source:number-r` (a number used again in one list), `ID_NOT_SPELT` otherwise.
pub fn id_repeat(q: &Question) -> u64 {
    let Some(rest) =
        q.id.strip_prefix(q.source.as_str())
            .and_then(|rest| rest.strip_prefix(':'))
    else {
        return ID_NOT_SPELT;
    };
    let number = q.number.to_string();
    match rest.strip_prefix(number.as_str()) {
        Some("") => 0,
        Some(suffix) => suffix
            .strip_prefix('-')
            .and_then(|r| r.parse::<u64>().ok())
            // Spelt back exactly: "07" or "+7" would not be.
            .filter(|r| *r != ID_NOT_SPELT && suffix[1..] == r.to_string())
            .unwrap_or(ID_NOT_SPELT),
        None => ID_NOT_SPELT,
    }
}

/// The id `id_repeat` says how to spell; `None` for `ID_NOT_SPELT`.
pub fn spelt_id(source: &str, number: u64, repeat: u64) -> Option<String> {
    match repeat {
        0 => Some(format!("{source}:{number}")),
        ID_NOT_SPELT => None,
        r => Some(format!("{source}:{number}-{r}")),
    }
}

/// The term of the `answered` field.
pub const ANSWERED: &str = "yes";

/// The schema: text fields analysed in English for ranking, exact fields for filters,
/// everything stored so results render from the index alone.
pub fn schema() -> Schema {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    builder.add_text_field("id", STRING | STORED);
    builder.add_text_field("source", STRING | STORED | FAST);
    builder.add_u64_field("number", STORED | INDEXED | FAST);
    builder.add_u64_field("line", STORED);
    builder.add_text_field("question", text.clone());
    builder.add_text_field("title", text.clone());
    builder.add_text_field("code", text.clone());
    builder.add_text_field("explanation", text.clone());
    builder.add_text_field("section", text);
    builder.add_text_field("category", STRING | STORED);
    builder.add_text_field("category_source", STRING | STORED);
    builder.add_f64_field("category_confidence", FAST | STORED);
    builder.add_text_field("level", STRING | STORED);
    builder.add_text_field("level_source", STRING | STORED);
    builder.add_f64_field("level_confidence", FAST | STORED);
    builder.add_text_field("cluster", STRING | STORED);
    builder.add_text_field("shared_explanation", STORED);
    builder.add_text_field("explanation_from", STRING | STORED);
    builder.add_text_field("concepts", STRING | STORED);
    builder.add_text_field("answered", STRING);
    builder.add_text_field(
        "words",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(WORDS_ANALYZER)
                .set_index_option(IndexRecordOption::Basic),
        ),
    );
    builder.add_u64_field("position", FAST);
    // Columns (fast fields) read without opening the stored documents: the cluster as
    // the position of its canonical member, to fold duplicates while ranking.
    builder.add_u64_field("cluster_position", FAST);
    // With `source` and `number`, the id of a cluster's member: a large cluster's ids
    // read from the store cost a compressed block each.
    builder.add_u64_field("id_repeat", FAST);
    builder.build()
}

impl Fields {
    pub fn new(schema: &Schema) -> tantivy::Result<Fields> {
        Ok(Fields {
            id: schema.get_field("id")?,
            source: schema.get_field("source")?,
            number: schema.get_field("number")?,
            line: schema.get_field("line")?,
            question: schema.get_field("question")?,
            title: schema.get_field("title")?,
            code: schema.get_field("code")?,
            explanation: schema.get_field("explanation")?,
            section: schema.get_field("section")?,
            category: schema.get_field("category")?,
            category_source: schema.get_field("category_source")?,
            category_confidence: schema.get_field("category_confidence")?,
            level: schema.get_field("level")?,
            level_source: schema.get_field("level_source")?,
            level_confidence: schema.get_field("level_confidence")?,
            cluster: schema.get_field("cluster")?,
            shared_explanation: schema.get_field("shared_explanation")?,
            explanation_from: schema.get_field("explanation_from")?,
            concepts: schema.get_field("concepts")?,
            answered: schema.get_field("answered")?,
            words: schema.get_field("words")?,
            position: schema.get_field("position")?,
            cluster_position: schema.get_field("cluster_position")?,
            id_repeat: schema.get_field("id_repeat")?,
        })
    }

    /// The document of the question at `place.0` in the corpus, whose cluster's
    /// canonical member is at `place.1`; `lent` is the text of the explanation it
    /// borrows (named by `explanation_from`), if any.
    pub fn document(&self, place: (u64, u64), q: &Question, lent: Option<&str>) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_u64(self.position, place.0);
        doc.add_u64(self.cluster_position, place.1);
        doc.add_text(self.id, &q.id);
        doc.add_text(self.source, &q.source);
        doc.add_u64(self.number, u64::from(q.number));
        doc.add_u64(self.id_repeat, id_repeat(q));
        doc.add_u64(self.line, u64::from(q.line));
        doc.add_text(self.question, &q.question);
        doc.add_text(self.words, &q.question);
        if let Some(title) = &q.title {
            doc.add_text(self.title, title);
            doc.add_text(self.words, title);
        }
        // Identifiers of code are not words a user misspells: kept out of `words`, so
        // suggestions stay English.
        if let Some(code) = &q.code {
            doc.add_text(self.code, code);
        }
        match (&q.explanation, &q.explanation_from, lent) {
            (Some(explanation), None, _) => {
                doc.add_text(self.explanation, explanation);
                doc.add_text(self.words, explanation);
                doc.add_text(self.answered, ANSWERED);
            }
            (None, Some(from), Some(explanation)) => {
                doc.add_text(self.shared_explanation, explanation);
                doc.add_text(self.explanation_from, from);
                doc.add_text(self.answered, ANSWERED);
            }
            _ => {}
        }
        if let Some(section) = &q.section {
            doc.add_text(self.section, section);
            doc.add_text(self.words, section);
        }
        doc.add_text(self.category, q.category.as_str());
        doc.add_text(self.category_source, q.category_source.as_str());
        doc.add_f64(self.category_confidence, f64::from(q.category_confidence));
        doc.add_text(self.level, q.level.as_str());
        doc.add_text(self.level_source, q.level_source.as_str());
        doc.add_f64(self.level_confidence, f64::from(q.level_confidence));
        doc.add_text(self.cluster, &q.cluster);
        for concept in &q.concepts {
            doc.add_text(self.concepts, concept);
        }
        doc
    }

    /// Reads a stored document back. Fails only on an index written by another schema.
    pub fn question(&self, doc: &TantivyDocument) -> Result<Question, UnknownValue> {
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let number = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_u64())
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(0)
        };
        let confidence = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_f64())
                .map_or(0.0, |c| c as f32)
        };
        Ok(Question {
            id: text(self.id).unwrap_or_default(),
            source: text(self.source).unwrap_or_default(),
            number: number(self.number),
            line: number(self.line),
            question: text(self.question).unwrap_or_default(),
            title: text(self.title),
            code: text(self.code),
            explanation: text(self.explanation).or_else(|| text(self.shared_explanation)),
            section: text(self.section),
            category: text(self.category).unwrap_or_default().parse()?,
            category_source: text(self.category_source).unwrap_or_default().parse()?,
            category_confidence: confidence(self.category_confidence),
            level: text(self.level).unwrap_or_default().parse()?,
            level_source: text(self.level_source).unwrap_or_default().parse()?,
            level_confidence: confidence(self.level_confidence),
            cluster: text(self.cluster).unwrap_or_default(),
            // Looked up from the cluster id when a question is shown
            // (`Searcher::fill_duplicates`).
            duplicates: Vec::new(),
            explanation_from: text(self.explanation_from),
            concepts: doc
                .get_all(self.concepts)
                .filter_map(|v| v.as_str())
                .map(str::to_string)
                .collect(),
        })
    }
}

/// Registers the analyzers: tokenizers are not saved in the index, so this runs on every
/// index opened or created.
pub fn register_analyzers(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer());
    index
        .tokenizers()
        .register(WORDS_ANALYZER, words_analyzer());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_code_are_stored_and_read_back() {
        let fields = Fields::new(&schema()).expect("fields");
        let asked = Question {
            title: Some("Equality".to_string()),
            code: Some("```js\nconsole.log(0.1 + 0.2 === 0.3);\n```".to_string()),
            ..crate::question::sample("quiz:1", "What is the output of this code?")
        };
        let doc = fields.document((0, 0), &asked, None);
        assert_eq!(fields.question(&doc).expect("readable"), asked);
        let plain = crate::question::sample("quiz:2", "What is a thread?");
        let doc = fields.document((1, 1), &plain, None);
        let read = fields.question(&doc).expect("readable");
        assert_eq!((read.title, read.code), (None, None));
    }

    #[test]
    fn ids_are_spelt_back_from_source_number_and_repeat_or_marked_unspellable() {
        let with = |id: &str, source: &str, number: u32| Question {
            source: source.to_string(),
            number,
            ..crate::question::sample(id, "What is a thread?")
        };
        for (q, repeat) in [
            (with("quiz:7", "quiz", 7), 0),
            (with("quiz:7-3", "quiz", 7), 3),
            (with("my:list:12", "my:list", 12), 0),
            (with("quiz:07", "quiz", 7), ID_NOT_SPELT),
            (with("quiz:7-03", "quiz", 7), ID_NOT_SPELT),
            (with("quiz:7-", "quiz", 7), ID_NOT_SPELT),
            (with("quiz:70", "quiz", 7), ID_NOT_SPELT),
            (with("other:7", "quiz", 7), ID_NOT_SPELT),
        ] {
            assert_eq!(id_repeat(&q), repeat, "{}", q.id);
            let spelt = spelt_id(&q.source, u64::from(q.number), repeat);
            let expected = (repeat != ID_NOT_SPELT).then(|| q.id.clone());
            assert_eq!(spelt, expected, "{}", q.id);
        }
    }
}
