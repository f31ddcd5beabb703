//! The index schema, defined once, and the conversion between `Question` and documents.

use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
    Value,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};
use tantivy::{Index, TantivyDocument};

use crate::question::{Question, UnknownValue};

/// Name of the English analyzer used by the text fields.
pub const ANALYZER: &str = "qbank_en";

/// Words too common in interview questions to tell them apart ("what is", "how would
/// you", "explain"). Dropped at index and query time alike, so "what is a cookie"
/// searches for "cookie".
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as",
    "into", "about", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this",
    "that", "these", "those", "there", "their", "they", "them", "what", "whats", "which", "who",
    "whom", "how", "why", "when", "where", "do", "does", "did", "can", "could", "would", "should",
    "will", "shall", "may", "might", "must", "you", "your", "yours", "we", "our", "i", "me", "my",
    "he", "she", "his", "her", "s", "explain", "describe", "discuss", "some", "any", "each",
    "such", "than", "then", "so", "if", "also", "have", "has", "had", "vs", "versus", "t", "d",
    "ll", "m", "re", "ve", "don", "doesn", "isn", "aren", "won", "didn", "can", "couldn", "wouldn",
    "shouldn",
];

/// Every field of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub source: Field,
    pub number: Field,
    pub line: Field,
    pub question: Field,
    pub explanation: Field,
    pub section: Field,
    pub category: Field,
    pub category_source: Field,
    pub level: Field,
    pub level_source: Field,
}

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
    builder.add_text_field("source", STRING | STORED);
    builder.add_u64_field("number", STORED | INDEXED);
    builder.add_u64_field("line", STORED);
    builder.add_text_field("question", text.clone());
    builder.add_text_field("explanation", text.clone());
    builder.add_text_field("section", text);
    builder.add_text_field("category", STRING | STORED);
    builder.add_text_field("category_source", STRING | STORED);
    builder.add_text_field("level", STRING | STORED);
    builder.add_text_field("level_source", STRING | STORED);
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
            explanation: schema.get_field("explanation")?,
            section: schema.get_field("section")?,
            category: schema.get_field("category")?,
            category_source: schema.get_field("category_source")?,
            level: schema.get_field("level")?,
            level_source: schema.get_field("level_source")?,
        })
    }

    pub fn document(&self, q: &Question) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(self.id, &q.id);
        doc.add_text(self.source, &q.source);
        doc.add_u64(self.number, u64::from(q.number));
        doc.add_u64(self.line, u64::from(q.line));
        doc.add_text(self.question, &q.question);
        if let Some(explanation) = &q.explanation {
            doc.add_text(self.explanation, explanation);
        }
        if let Some(section) = &q.section {
            doc.add_text(self.section, section);
        }
        doc.add_text(self.category, q.category.as_str());
        doc.add_text(self.category_source, q.category_source.as_str());
        doc.add_text(self.level, q.level.as_str());
        doc.add_text(self.level_source, q.level_source.as_str());
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
        Ok(Question {
            id: text(self.id).unwrap_or_default(),
            source: text(self.source).unwrap_or_default(),
            number: number(self.number),
            line: number(self.line),
            question: text(self.question).unwrap_or_default(),
            explanation: text(self.explanation),
            section: text(self.section),
            category: text(self.category).unwrap_or_default().parse()?,
            category_source: text(self.category_source).unwrap_or_default().parse()?,
            level: text(self.level).unwrap_or_default().parse()?,
            level_source: text(self.level_source).unwrap_or_default().parse()?,
        })
    }
}

/// Registers the analyzer: tokenizers are not saved in the index, so this runs on every
/// index opened or created.
pub fn register_analyzer(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer());
}

pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(AcronymPlural)
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(
            STOP_WORDS.iter().map(|w| w.to_string()),
        ))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Strips the plural `s` of an upper-case acronym ("JWTs", "CDNs", "VMs"), which the
/// English stemmer keeps when the acronym has no vowel. Runs before lower-casing: only
/// the casing tells "CDNs" (plural) from "DNS" (an acronym ending in S).
#[derive(Clone)]
struct AcronymPlural;

impl TokenFilter for AcronymPlural {
    type Tokenizer<T: Tokenizer> = AcronymPluralFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        AcronymPluralFilter(tokenizer)
    }
}

#[derive(Clone)]
struct AcronymPluralFilter<T>(T);

impl<T: Tokenizer> Tokenizer for AcronymPluralFilter<T> {
    type TokenStream<'a> = AcronymPluralStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        AcronymPluralStream(self.0.token_stream(text))
    }
}

struct AcronymPluralStream<S>(S);

impl<S: TokenStream> TokenStream for AcronymPluralStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let text = &mut self.0.token_mut().text;
        if let Some(stem) = text.strip_suffix('s')
            && stem.len() >= 2
            && stem
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && stem.bytes().any(|b| b.is_ascii_uppercase())
        {
            text.truncate(stem.len());
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn analyzer_stems_and_drops_question_words() {
        assert_eq!(terms("What is caching?"), ["cach"]);
        assert_eq!(terms("cache"), ["cach"]);
        assert_eq!(terms("How do you store passwords"), ["store", "password"]);
    }

    #[test]
    fn acronym_plurals_meet_their_singular() {
        assert_eq!(terms("JWTs CDNs"), terms("JWT CDN"));
        // Acronyms that end in S are not plurals.
        assert_eq!(terms("DNS TLS"), ["dns", "tls"]);
    }
}
