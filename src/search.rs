//! Queries over the index: parsing, filters, ranking, and which words matched.
//!
//! Ranking is Tantivy's BM25 over the question (boosted), its explanation and its
//! section heading. Several words must all match; when that finds nothing the words
//! are tried again with any of them matching, and the result says so.

use std::collections::HashSet;
use std::ops::Range;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, Occur, Query, QueryParser, QueryParserError, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, TantivyDocument, Term};

use crate::duplicates;
use crate::index::OpenIndex;
use crate::question::{Category, Level, Question, UnknownValue};

/// Field boosts: a word in the question counts most, one in the heading least.
const QUESTION_BOOST: f32 = 3.0;
const EXPLANATION_BOOST: f32 = 1.0;
const SECTION_BOOST: f32 = 0.5;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    pub categories: Vec<Category>,
    pub levels: Vec<Level>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub query: String,
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
    /// One result per duplicate cluster (its best-ranked member).
    pub collapse: bool,
}

/// Byte ranges of matched words, for highlighting.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Highlights {
    pub question: Vec<Range<usize>>,
    pub explanation: Vec<Range<usize>>,
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub score: f32,
    pub question: Question,
    pub highlights: Highlights,
}

#[derive(Debug, Clone)]
pub struct Hits {
    pub query: String,
    /// How many questions match in all (not only those returned).
    pub total: usize,
    pub hits: Vec<Hit>,
    /// True when no question had all the words and any word was allowed instead.
    pub relaxed: bool,
    /// Set when the query's syntax was not valid and it was read leniently: what was wrong.
    pub lenient: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(
        "cannot parse the query '{query}': {detail}; quote words that hold special characters (+ - : \" ( ) ^ ~ [ ] {{ }} !)"
    )]
    Syntax { query: String, detail: String },
    #[error("the query '{0}' has no searchable terms (only common words such as 'what' or 'the')")]
    NoTerms(String),
    #[error("the query '{0}' only excludes words (-word); add a word to search for")]
    OnlyExcluded(String),
    #[error(
        "unknown field '{0}:' in the query (fields: question, explanation, section, category, level, source); quote the words if the colon is meant as text"
    )]
    UnknownField(String),
    #[error(transparent)]
    UnknownValue(#[from] UnknownValue),
    #[error("search failed: {0}")]
    Index(#[from] tantivy::TantivyError),
}

/// What to find related questions for.
#[derive(Debug, Clone)]
pub enum Related {
    Question(Box<Question>),
    Text(String),
}

/// A point-in-time view of an open index.
pub struct Searcher<'a> {
    index: &'a OpenIndex,
    searcher: tantivy::Searcher,
}

impl<'a> Searcher<'a> {
    pub fn new(index: &'a OpenIndex) -> Self {
        Searcher {
            index,
            searcher: index.reader.searcher(),
        }
    }

    pub fn search(&self, request: &Request) -> Result<Hits, SearchError> {
        self.check_sources(&request.filters.sources)?;
        let (text_query, note) = self.parse(&request.query, true)?;
        let mut hits = self.run(&*text_query, request)?;
        if hits.total == 0 && term_count(&*text_query) > 1 {
            let (any_word, _) = self.parse(&request.query, false)?;
            hits = self.run(&*any_word, request)?;
            hits.relaxed = hits.total > 0;
        }
        hits.lenient = note;
        Ok(hits)
    }

    /// The questions most related to a question (by id) or to a text: a query of its
    /// content words (see `duplicates::content_terms`), any of them matching, ranked by
    /// BM25 like a search. The question's
    /// own cluster is left out of the results (they are its duplicates).
    pub fn related(&self, of: &Related, request: &Request) -> Result<Hits, SearchError> {
        self.check_sources(&request.filters.sources)?;
        let fields = &self.index.fields;
        let (text, exclude) = match of {
            Related::Question(q) => (q.question.clone(), Some(q.cluster.clone())),
            Related::Text(text) => (text.clone(), None),
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // The words that say what the question is about, not how it is asked.
        for term in duplicates::content_terms(&text) {
            for (field, boost) in [
                (fields.question, QUESTION_BOOST),
                (fields.explanation, EXPLANATION_BOOST),
            ] {
                let query = TermQuery::new(
                    Term::from_field_text(field, &term),
                    IndexRecordOption::WithFreqs,
                );
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(query), boost)),
                ));
            }
        }
        if clauses.is_empty() {
            return Err(SearchError::NoTerms(text));
        }
        let mut text_query = BooleanQuery::new(clauses);
        if let Some(cluster) = exclude {
            text_query = BooleanQuery::new(vec![
                (Occur::Must, Box::new(text_query)),
                (
                    Occur::MustNot,
                    Box::new(TermQuery::new(
                        Term::from_field_text(fields.cluster, &cluster),
                        IndexRecordOption::Basic,
                    )),
                ),
            ]);
        }
        let mut hits = self.run(&text_query, request)?;
        hits.query = match of {
            Related::Question(q) => q.id.clone(),
            Related::Text(text) => text.clone(),
        };
        Ok(hits)
    }

    /// The question with this id, if the index has it.
    pub fn get(&self, id: &str) -> Result<Option<Question>, SearchError> {
        let fields = &self.index.fields;
        let query = TermQuery::new(
            Term::from_field_text(fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())?;
        top.first()
            .map(|&(_, address)| self.question(address))
            .transpose()
    }

    /// Valid source keys, for messages.
    pub fn sources(&self) -> Vec<&str> {
        self.index.manifest.stats.source_keys()
    }

    fn check_sources(&self, sources: &[String]) -> Result<(), UnknownValue> {
        let valid = self.sources();
        match sources.iter().find(|s| !valid.contains(&s.as_str())) {
            Some(unknown) => Err(UnknownValue::new("source", unknown, &valid)),
            None => Ok(()),
        }
    }

    /// Parses the query; the note says what a lenient reading left out.
    fn parse(
        &self,
        query: &str,
        all_words: bool,
    ) -> Result<(Box<dyn Query>, Option<String>), SearchError> {
        let fields = &self.index.fields;
        let mut parser = QueryParser::for_index(
            &self.index.index,
            vec![fields.question, fields.explanation, fields.section],
        );
        parser.set_field_boost(fields.question, QUESTION_BOOST);
        parser.set_field_boost(fields.explanation, EXPLANATION_BOOST);
        parser.set_field_boost(fields.section, SECTION_BOOST);
        if all_words {
            parser.set_conjunction_by_default();
        }
        if !self.has_searchable_words(query) {
            return Err(SearchError::NoTerms(query.to_string()));
        }
        let text = join_contractions(query);
        match parser.parse_query(&text) {
            Ok(parsed) if parsed.is::<EmptyQuery>() => Err(SearchError::NoTerms(query.to_string())),
            Ok(parsed) => Ok((parsed, None)),
            Err(QueryParserError::SyntaxError(_)) => {
                // Natural text such as "O(n)" or an unclosed quote is not meant as syntax:
                // read it leniently, and say what was dropped.
                let (parsed, errors) = parser.parse_query_lenient(&text);
                if parsed.is::<EmptyQuery>() || term_count(&*parsed) == 0 {
                    return Err(SearchError::Syntax {
                        query: query.to_string(),
                        detail: "no words left once the syntax is set aside".to_string(),
                    });
                }
                let detail = errors.first().map(ToString::to_string).unwrap_or_default();
                Ok((parsed, Some(detail)))
            }
            Err(QueryParserError::AllButQueryForbidden) => {
                Err(SearchError::OnlyExcluded(query.to_string()))
            }
            Err(QueryParserError::FieldDoesNotExist(field)) => {
                Err(SearchError::UnknownField(field))
            }
            Err(e) => Err(SearchError::Syntax {
                query: query.to_string(),
                detail: e.to_string(),
            }),
        }
    }

    /// Whether any word of the query survives analysis (is not a common word).
    fn has_searchable_words(&self, query: &str) -> bool {
        let Ok(mut analyzer) = self
            .index
            .index
            .tokenizer_for_field(self.index.fields.question)
        else {
            return true;
        };
        let mut stream = analyzer.token_stream(query);
        stream.advance()
    }

    fn run(&self, text_query: &dyn Query, request: &Request) -> Result<Hits, SearchError> {
        let fields = &self.index.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query.box_clone())];
        let category_values: Vec<&str> = request
            .filters
            .categories
            .iter()
            .map(|c| c.as_str())
            .collect();
        let level_values: Vec<&str> = request.filters.levels.iter().map(|l| l.as_str()).collect();
        let source_values: Vec<&str> = request.filters.sources.iter().map(String::as_str).collect();
        for (field, values) in [
            (fields.category, category_values),
            (fields.level, level_values),
            (fields.source, source_values),
        ] {
            if let Some(filter) = any_of(field, &values) {
                clauses.push((Occur::Must, filter));
            }
        }
        let query = BooleanQuery::new(clauses);
        let wanted = request.offset + request.limit.max(1);
        let collector = if request.collapse {
            // Enough members to fill the page once duplicates fold into one row.
            TopDocs::with_limit(wanted * 4 + 32).order_by_score()
        } else {
            TopDocs::with_limit(request.limit.max(1))
                .and_offset(request.offset)
                .order_by_score()
        };
        let (top, total) = self.searcher.search(&query, &(collector, Count))?;
        let terms = matched_terms(text_query);
        let mut found = Vec::with_capacity(top.len());
        let mut clusters = HashSet::new();
        for (score, address) in top {
            let question = self.question(address)?;
            if request.collapse && !clusters.insert(question.cluster.clone()) {
                continue;
            }
            found.push((score, question));
        }
        if request.collapse {
            found = found
                .into_iter()
                .skip(request.offset)
                .take(request.limit)
                .collect();
        }
        let mut hits = Vec::with_capacity(found.len());
        for (score, question) in found {
            let highlights = Highlights {
                question: self.highlight(fields.question, &question.question, &terms),
                explanation: question
                    .explanation
                    .as_deref()
                    .map(|e| self.highlight(fields.explanation, e, &terms))
                    .unwrap_or_default(),
            };
            hits.push(Hit {
                score,
                question,
                highlights,
            });
        }
        Ok(Hits {
            query: request.query.clone(),
            total,
            hits,
            relaxed: false,
            lenient: None,
        })
    }

    fn question(&self, address: DocAddress) -> Result<Question, SearchError> {
        let doc: TantivyDocument = self.searcher.doc(address)?;
        Ok(self.index.fields.question(&doc)?)
    }

    /// Byte ranges of the words of `text` whose analysed form is one of the query's terms.
    fn highlight(
        &self,
        field: Field,
        text: &str,
        terms: &HashSet<(Field, String)>,
    ) -> Vec<Range<usize>> {
        let Ok(mut analyzer) = self.index.index.tokenizer_for_field(field) else {
            return Vec::new();
        };
        let mut stream = analyzer.token_stream(text);
        let mut ranges = Vec::new();
        while stream.advance() {
            let token = stream.token();
            if terms.contains(&(field, token.text.clone())) {
                ranges.push(token.offset_from..token.offset_to);
            }
        }
        ranges
    }
}

/// A query that matches documents whose `field` is any of `values` (None for no values).
fn any_of(field: Field, values: &[&str]) -> Option<Box<dyn Query>> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = values
        .iter()
        .map(|value| {
            let term = Term::from_field_text(field, value);
            let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
            (Occur::Should, query)
        })
        .collect();
    (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
}

fn matched_terms(query: &dyn Query) -> HashSet<(Field, String)> {
    let mut terms = HashSet::new();
    query.query_terms(&mut |term, _| {
        if let Some(text) = term.value().as_str() {
            terms.insert((term.field(), text.to_string()));
        }
    });
    terms
}

/// Distinct words in a query (one word searched in three fields counts once).
fn term_count(query: &dyn Query) -> usize {
    matched_terms(query)
        .into_iter()
        .map(|(_, text)| text)
        .collect::<HashSet<_>>()
        .len()
}

/// Turns apostrophes inside words ("what's", "don't") into spaces, as the tokenizer
/// splits them in the indexed text; the query syntax would read them as quotes.
fn join_contractions(query: &str) -> String {
    let chars: Vec<char> = query.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let inside = i > 0
                && chars[i - 1].is_alphanumeric()
                && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
            if c == '\'' && inside { ' ' } else { c }
        })
        .collect()
}
