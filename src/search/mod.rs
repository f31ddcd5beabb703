//! Queries over the index: parsing, filters, ranking, and which words matched.
//!
//! Ranking is Tantivy's BM25 over the question (boosted), its explanation and its
//! section heading. Each word of the query is expanded (see `plan`): synonyms, spelling
//! neighbours, split and joined forms, all weighted below the word as typed. Several
//! words must all match; when that finds nothing they are tried again with any of them
//! matching, and the result says so. When nothing matches at all, a spelling
//! suggestion is made from the corpus's own words.

mod edits;
mod explain;
mod plan;
mod vocabulary;

use std::cmp::Reverse;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::ops::{Bound, Range};
use std::sync::OnceLock;

use serde::Serialize;
use tantivy::collector::{Collector, Count, DocSetCollector, TopDocs};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EnableScoring, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::query_grammar::{parse_query, parse_query_lenient};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocAddress, DocId, TantivyDocument, Term};

pub use explain::TermMatch;
pub use plan::{EXPLANATION_BOOST, How, QUESTION_BOOST, SECTION_BOOST};
pub use vocabulary::{Neighbour, Vocabulary};

use crate::concepts::{self, Concepts, Evoked};
use crate::duplicates;
use crate::index::{OpenIndex, spelt_id};
use crate::question::{Category, Level, Question, UnknownValue};
use crate::synonyms::Synonyms;
use plan::{Expand, Node, Planner};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    pub categories: Vec<Category>,
    pub levels: Vec<Level>,
    pub sources: Vec<String>,
    /// Only questions labelled with at least this confidence: on the level when levels
    /// are filtered, on the category when categories are, on both otherwise.
    pub min_confidence: Option<f32>,
    /// Only questions with an explanation (their own, or a duplicate's).
    pub has_explanation: bool,
}

/// Whether query words are expanded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Synonyms, typos, split and joined words.
    #[default]
    Forgiving,
    /// Only the words as typed (and their stems): plain BM25.
    Exact,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub query: String,
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
    /// One result per duplicate cluster (its best-ranked member).
    pub collapse: bool,
    pub mode: Mode,
    /// Say for each hit which words matched and how.
    pub explain: bool,
}

impl Request {
    /// A first page of `limit` results, collapsed, forgiving, without explanations.
    pub fn new(query: impl Into<String>, limit: usize) -> Request {
        Request {
            query: query.into(),
            filters: Filters::default(),
            limit,
            offset: 0,
            collapse: true,
            mode: Mode::Forgiving,
            explain: false,
        }
    }
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
    /// Which query words matched and how (only when asked for).
    pub matches: Vec<TermMatch>,
}

#[derive(Debug, Clone)]
pub struct Hits {
    pub query: String,
    /// How many questions match in all (not only those returned).
    pub total: usize,
    /// How many of them have every word (they rank first).
    pub with_all_words: usize,
    pub hits: Vec<Hit>,
    /// How many results were skipped before these (the request's offset).
    pub offset: usize,
    /// True when there are more results past these (the next page is not empty).
    pub more: bool,
    /// True when no question had all the words and any word was allowed instead.
    pub relaxed: bool,
    /// Set when the query's syntax was not valid and it was read leniently: what was wrong.
    pub lenient: Option<String>,
    /// When nothing matched: the query with its unknown words respelled as corpus words.
    pub suggestion: Option<String>,
    /// When nothing matched the filters: how many questions match the query without
    /// them.
    pub without_filters: Option<usize>,
    /// The concepts the query was understood to ask about.
    pub understood: Vec<Understood>,
}

/// A concept a query evoked, and what in the query evoked it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Understood {
    pub concept: String,
    /// The concept's name or phrasing the query matched.
    pub from: String,
}

/// What is wrong with a query that is not valid syntax, in words: the parser's first
/// error (`(byte position, message)`), or none when it only failed strictly.
fn syntax_problem(text: &str, first: Option<(usize, &str)>) -> String {
    const OPERATORS: [&str; 3] = ["AND", "OR", "NOT"];
    match first {
        Some((_, message)) if message.contains("missing delimiter") => {
            "a quote is not closed".to_string()
        }
        Some((_, message)) if message.contains("')'") => "a parenthesis is not closed".to_string(),
        Some((position, _)) => {
            let rest: String = text
                .get(position..)
                .unwrap_or_default()
                .chars()
                .take(12)
                .collect();
            format!("cannot read '{rest}' (character {})", position + 1)
        }
        None => {
            let words: Vec<&str> = text.split_whitespace().collect();
            let operator = |w: &str| OPERATORS.contains(&w);
            if let Some(last) = words.last().filter(|w| operator(w)) {
                format!("'{last}' has no word after it")
            } else if let Some(first) = words.first().filter(|w| operator(w)) {
                format!("'{first}' has no word before it")
            } else if let Some(pair) = words.windows(2).find(|p| operator(p[0]) && operator(p[1])) {
                format!("'{} {}': two operators in a row", pair[0], pair[1])
            } else {
                "special characters out of place".to_string()
            }
        }
    }
}

impl Hits {
    /// No results, for `query`.
    pub fn none(query: &str) -> Hits {
        Hits {
            query: query.to_string(),
            total: 0,
            with_all_words: 0,
            hits: Vec::new(),
            offset: 0,
            more: false,
            relaxed: false,
            lenient: None,
            suggestion: None,
            without_filters: None,
            understood: Vec::new(),
        }
    }
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
        "unknown field '{0}:' in the query (fields: question, title, code, explanation, section, category, level, source); quote the words if the colon is meant as text"
    )]
    UnknownField(String),
    #[error("{0} are not supported in queries; quote the text if it is meant as words")]
    Unsupported(&'static str),
    #[error(transparent)]
    UnknownValue(#[from] UnknownValue),
    #[error("search failed: {0} (if the index is damaged, `qbank index --force` rebuilds it)")]
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
    synonyms: Synonyms,
    concepts: Concepts,
    /// Per segment, the columns of what ranking and collapsing need to know of a
    /// document before it is shown.
    columns: Vec<Columns>,
    /// Per segment, the columns that spell ids, opened when a cluster is first listed.
    id_columns: Vec<OnceLock<IdColumns>>,
}

/// The best `limit` documents by score, and among equal scores the one earlier in the
/// corpus first: a large index is written by several threads, so document order
/// differs from one build to the next, and ties broken by it would rank the same
/// corpus differently after a rebuild.
fn ranked_then_in_corpus_order(
    limit: usize,
) -> impl Collector<Fruit = Vec<((tantivy::Score, Reverse<u64>), DocAddress)>> {
    TopDocs::with_limit(limit).tweak_score(|segment: &tantivy::SegmentReader| {
        let position = segment.fast_fields().u64("position").ok();
        move |doc: DocId, score: tantivy::Score| {
            let at = position.as_ref().and_then(|c| c.first(doc));
            (score, Reverse(at.unwrap_or(u64::MAX)))
        }
    })
}

/// A segment's columns: where each document is in the corpus, and where its cluster's
/// canonical member is.
struct Columns {
    position: Option<Column<u64>>,
    cluster_position: Option<Column<u64>>,
}

impl Columns {
    fn of(segment: &tantivy::SegmentReader) -> Columns {
        let fast = segment.fast_fields();
        Columns {
            position: fast.u64("position").ok(),
            cluster_position: fast.u64("cluster_position").ok(),
        }
    }
}

/// A segment's columns that spell a question's id (`index::schema::id_repeat`).
struct IdColumns {
    source: Option<StrColumn>,
    number: Option<Column<u64>>,
    repeat: Option<Column<u64>>,
}

impl IdColumns {
    fn of(segment: &tantivy::SegmentReader) -> IdColumns {
        let fast = segment.fast_fields();
        IdColumns {
            source: fast.str("source").ok().flatten(),
            number: fast.u64("number").ok(),
            repeat: fast.u64("id_repeat").ok(),
        }
    }

    /// The document's id, or `None` when it must be read from the store. `sources`
    /// keeps the source names already looked up in this segment's dictionary.
    fn spell(&self, doc: DocId, sources: &mut HashMap<u64, String>) -> Option<String> {
        let repeat = self.repeat.as_ref()?.first(doc)?;
        let number = self.number.as_ref()?.first(doc)?;
        let column = self.source.as_ref()?;
        let ord = column.term_ords(doc).next()?;
        let source = match sources.entry(ord) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(new) => {
                let mut name = String::new();
                if !column.ord_to_str(ord, &mut name).ok()? {
                    return None;
                }
                new.insert(name)
            }
        };
        spelt_id(source, number, repeat)
    }
}

/// How a ranked list keeps one row per duplicate cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Collapse {
    /// Every member is a row.
    No,
    /// The best-ranked member of each cluster.
    Best,
    /// The cluster's canonical member (the one whose id is the cluster's).
    Canonical,
}

impl<'a> Searcher<'a> {
    /// A searcher without synonyms; see `with_synonyms`.
    pub fn new(index: &'a OpenIndex) -> Self {
        let searcher = index.reader.searcher();
        let columns = searcher.segment_readers().iter().map(Columns::of).collect();
        let id_columns = searcher
            .segment_readers()
            .iter()
            .map(|_| OnceLock::new())
            .collect();
        Searcher {
            index,
            searcher,
            synonyms: Synonyms::empty(),
            concepts: Concepts::default(),
            columns,
            id_columns,
        }
    }

    /// Where a document is in the corpus, and where its cluster's canonical member is.
    fn place_of(&self, address: DocAddress) -> (u64, u64) {
        let columns = self.columns.get(address.segment_ord as usize);
        let read = |column: Option<&Column<u64>>| {
            column
                .and_then(|c| c.first(address.doc_id))
                .unwrap_or(u64::MAX)
        };
        (
            read(columns.and_then(|c| c.position.as_ref())),
            read(columns.and_then(|c| c.cluster_position.as_ref())),
        )
    }
    pub fn with_synonyms(mut self, synonyms: Synonyms) -> Self {
        self.synonyms = synonyms;
        self
    }

    /// Concepts to understand described problems by (see [`crate::concepts`]).
    pub fn with_concepts(mut self, concepts: Concepts) -> Self {
        self.concepts = concepts;
        self
    }

    pub fn search(&self, request: &Request) -> Result<Hits, SearchError> {
        self.check_sources(&request.filters.sources)?;
        let (plan, lenient) = self.plan(&request.query, request.mode)?;
        let mut tiers = vec![plan.query(Occur::Must)];
        // What the last tier is the union of, when it is only "any of these".
        let mut last_disjuncts = None;
        if plan.plain_pieces() > 1 {
            tiers.push(plan.query(Occur::Should));
            last_disjuncts = plan.disjuncts(Occur::Should);
        }
        let evoked = if request.mode == Mode::Forgiving && concepts::worth_matching(&request.query)
        {
            self.concepts.evoked(&request.query)
        } else {
            Vec::new()
        };
        // Below the words typed and above any one of them: a tier for each concept
        // evoked, best first, of the questions naming it (ranked by the words typed);
        // the last tier counts them among the questions found.
        let expansions: Vec<Node> = evoked.iter().filter_map(|e| self.expansion(e)).collect();
        if !expansions.is_empty() {
            last_disjuncts = std::iter::once(&plan)
                .chain(&expansions)
                .map(|node| node.disjuncts(Occur::Should))
                .collect::<Option<Vec<_>>>()
                .map(|parts| parts.into_iter().flatten().collect());
            // The "any word" tier, when there is one, goes last; a single tier (one
            // word, or words joined by OR) stays first.
            let any_word = if tiers.len() > 1 { tiers.pop() } else { None };
            let mut last = vec![(
                Occur::Should,
                any_word.unwrap_or_else(|| plan.query(Occur::Should)),
            )];
            for names in expansions {
                let names = names.query(Occur::Should);
                last.push((Occur::Should, names.box_clone()));
                tiers.push(Box::new(BooleanQuery::new(vec![
                    (Occur::Must, names),
                    (Occur::Should, plan.query(Occur::Should)),
                ])));
            }
            tiers.push(Box::new(BooleanQuery::new(last)));
        }
        let mut hits = self.run(&tiers, last_disjuncts.as_deref(), request, Some(&plan))?;
        if request.explain {
            for hit in &mut hits.hits {
                hit.matches
                    .extend(self.concept_matches(&evoked, &hit.question));
            }
        }
        hits.understood = evoked
            .into_iter()
            .map(|e| Understood {
                concept: e.name,
                from: e.from,
            })
            .collect();
        hits.relaxed = hits.with_all_words == 0 && hits.total > 0;
        if hits.total == 0 {
            hits.suggestion = self.suggest(&request.query);
            if request.filters != Filters::default() {
                let unfiltered = Request {
                    filters: Filters::default(),
                    limit: 1,
                    offset: 0,
                    explain: false,
                    ..request.clone()
                };
                hits.without_filters = Some(
                    self.run(&tiers, last_disjuncts.as_deref(), &unfiltered, None)?
                        .total,
                );
            }
        }
        hits.lenient = lenient;
        Ok(hits)
    }

    /// Every question the request matches, not a page of them. With a query, in rank
    /// order; with an empty one, every question that passes the filters, ordered by
    /// category, level, source and number (and, collapsed, each cluster's canonical
    /// member, the one with the explanation).
    pub fn select(&self, request: &Request) -> Result<Hits, SearchError> {
        let everything = Request {
            limit: usize::try_from(self.searcher.num_docs())
                .unwrap_or(usize::MAX)
                .max(1),
            offset: 0,
            ..request.clone()
        };
        if !request.query.trim().is_empty() {
            return self.search(&everything);
        }
        self.check_sources(&request.filters.sources)?;
        let collapse = if request.collapse {
            Collapse::Canonical
        } else {
            Collapse::No
        };
        let mut hits =
            self.run_collapsed(&[Box::new(AllQuery)], None, &everything, None, collapse)?;
        hits.hits.sort_by(|a, b| {
            let key = |q: &Question| {
                (
                    q.category,
                    q.level,
                    q.source.clone(),
                    q.number,
                    q.id.clone(),
                )
            };
            key(&a.question).cmp(&key(&b.question))
        });
        Ok(hits)
    }

    /// A page of the questions that pass the filters, in the corpus's order, one per
    /// duplicate cluster: a listing without a query that reads only the rows shown
    /// (`select` reads them all, to sort them).
    pub fn first(&self, request: &Request) -> Result<Hits, SearchError> {
        self.check_sources(&request.filters.sources)?;
        let collapse = if request.collapse {
            Collapse::Best
        } else {
            Collapse::No
        };
        self.run_collapsed(&[Box::new(AllQuery)], None, request, None, collapse)
    }

    /// Parses and plans the query; the note says what a lenient reading left out.
    fn plan(&self, query: &str, mode: Mode) -> Result<(Node, Option<String>), SearchError> {
        let text = join_contractions(query);
        let (ast, lenient) = match parse_query(&text) {
            Ok(ast) => (ast, None),
            Err(_) => {
                // Natural text such as "O(n)" or an unclosed quote is not meant as
                // syntax: read it leniently, and say what was set aside.
                let (ast, errors) = parse_query_lenient(&text);
                let first = errors.first().map(|e| (e.pos, e.message.as_str()));
                (ast, Some(syntax_problem(&text, first)))
            }
        };
        let expand = match mode {
            Mode::Forgiving => Expand::Yes,
            Mode::Exact => Expand::No,
        };
        let mut planner = Planner::new(
            &self.index.fields,
            &self.searcher,
            &self.synonyms,
            self.sources(),
            expand,
        );
        match planner.plan(ast, query) {
            Err(SearchError::NoTerms(_)) if lenient.is_some() => Err(SearchError::Syntax {
                query: query.to_string(),
                detail: "no words left once the syntax is set aside".to_string(),
            }),
            Err(e) => Err(e),
            Ok(plan) => Ok((plan, lenient)),
        }
    }

    /// The evoked concepts a question names, as the query's matches in it.
    fn concept_matches(&self, evoked: &[Evoked], question: &Question) -> Vec<TermMatch> {
        let fields = [
            ("question", Some(&question.question)),
            ("explanation", question.explanation.as_ref()),
        ];
        evoked
            .iter()
            .filter_map(|e| {
                let (field, name) = fields.iter().find_map(|(field, text)| {
                    Some((*field, self.concepts.name_in(&e.name, text.as_ref()?)?))
                })?;
                Some(TermMatch {
                    typed: e.from.clone(),
                    matched: name,
                    how: How::Concept,
                    fields: vec![field],
                })
            })
            .collect()
    }

    /// The names of an evoked concept as one query: any of them, each as all its words.
    fn expansion(&self, evoked: &Evoked) -> Option<Node> {
        let names: Vec<String> = self
            .concepts
            .names_of(&evoked.name)
            .into_iter()
            .filter_map(|name| {
                // Every word of the name, in any order: "optimistic locking" is asked
                // about as "optimistic and pessimistic locking".
                let words: Vec<String> = crate::analysis::words_and_terms(&name)
                    .into_iter()
                    .filter_map(|(word, term)| term.map(|_| word))
                    .collect();
                (!words.is_empty()).then(|| format!("({})", words.join(" AND ")))
            })
            .collect();
        if names.is_empty() {
            return None;
        }
        let (plan, _) = self.plan(&names.join(" OR "), Mode::Exact).ok()?;
        Some(plan)
    }

    /// The query with each word the corpus does not use replaced by the closest word it
    /// does use (most used first); `None` when no word changes.
    fn suggest(&self, query: &str) -> Option<String> {
        let vocabulary = Vocabulary::new(&self.searcher, self.index.fields.words);
        let mut suggestion = query.to_string();
        let mut changed = false;
        for (word, term) in crate::analysis::words_and_terms(query) {
            let distance = match word.chars().count() {
                0..=2 => continue,
                3..=4 => 1,
                _ => 2,
            };
            if term.is_none() || vocabulary.doc_freq(&word) > 0 {
                continue;
            }
            let Ok(neighbours) = vocabulary.near(&word, distance) else {
                continue;
            };
            if let Some(best) = neighbours.first() {
                let respelled = replace_word(&suggestion, &word, &best.word);
                changed |= respelled != suggestion;
                suggestion = respelled;
            }
        }
        changed.then_some(suggestion)
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
        let mut hits = self.run(&[Box::new(text_query)], None, request, None)?;
        hits.query = match of {
            Related::Question(q) => q.id.clone(),
            Related::Text(text) => text.clone(),
        };
        Ok(hits)
    }

    /// The question with this id, if the index has it.
    pub fn get(&self, id: &str) -> Result<Option<Question>, SearchError> {
        let fields = &self.index.fields;
        // Ids are lower case (source keys are slugs), so `Backend-128:21` is typed
        // case aside, not a different question.
        let id = id.trim().to_lowercase();
        let query = TermQuery::new(
            Term::from_field_text(fields.id, &id),
            IndexRecordOption::Basic,
        );
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let Some(&(_, address)) = top.first() else {
            return Ok(None);
        };
        let mut question = self.question(address)?;
        self.fill_duplicates([&mut question])?;
        Ok(Some(question))
    }

    /// Sets each question's `duplicates`: the other members of its cluster, in corpus
    /// order. The index keeps only the cluster id on every member, since lists of the
    /// others on every member would grow with the square of a cluster's size.
    fn fill_duplicates<'q>(
        &self,
        questions: impl IntoIterator<Item = &'q mut Question>,
    ) -> Result<(), SearchError> {
        let mut members: HashMap<String, Vec<String>> = HashMap::new();
        for question in questions {
            let term = Term::from_field_text(self.index.fields.cluster, &question.cluster);
            if self.searcher.doc_freq(&term)? < 2 {
                continue;
            }
            if !members.contains_key(&question.cluster) {
                let ids = self.cluster_members(term)?;
                members.insert(question.cluster.clone(), ids);
            }
            if let Some(ids) = members.get(&question.cluster) {
                question.duplicates = ids
                    .iter()
                    .filter(|id| **id != question.id)
                    .cloned()
                    .collect();
            }
        }
        Ok(())
    }

    /// The ids of a cluster's members, in corpus order. Spelt from the columns
    /// (`source`, `number`, `id_repeat`): a large cluster's members read from the store
    /// would cost a compressed block each.
    fn cluster_members(&self, cluster: Term) -> Result<Vec<String>, SearchError> {
        let query = TermQuery::new(cluster, IndexRecordOption::Basic);
        let mut addresses: Vec<DocAddress> = self
            .searcher
            .search(&query, &DocSetCollector)?
            .into_iter()
            .collect();
        addresses.sort_by_key(|a| (a.segment_ord, a.doc_id));
        let mut members: Vec<(u64, String)> = Vec::with_capacity(addresses.len());
        for in_segment in addresses.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
            let ord = in_segment[0].segment_ord;
            let ids = self.id_columns[ord as usize]
                .get_or_init(|| IdColumns::of(self.searcher.segment_reader(ord)));
            let mut sources: HashMap<u64, String> = HashMap::new();
            for &address in in_segment {
                let id = match ids.spell(address.doc_id, &mut sources) {
                    Some(id) => id,
                    None => self.stored_id(address)?,
                };
                members.push((self.place_of(address).0, id));
            }
        }
        members.sort();
        Ok(members.into_iter().map(|(_, id)| id).collect())
    }

    /// A question's id read from its stored document.
    fn stored_id(&self, address: DocAddress) -> Result<String, SearchError> {
        let doc: TantivyDocument = self.searcher.doc(address)?;
        Ok(doc
            .get_first(self.index.fields.id)
            .and_then(|v| tantivy::schema::Value::as_str(&v))
            .unwrap_or_default()
            .to_string())
    }

    /// Up to `limit` question ids that start with `prefix` (case aside), in id order,
    /// each with its question: what a shell offers after `show `. The ids are read from
    /// the term dictionary, so a large index costs no more than a small one.
    pub fn ids_starting_with(
        &self,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<(String, String)>, SearchError> {
        let prefix = prefix.trim().to_lowercase();
        let field = self.index.fields.id;
        let mut ids: Vec<String> = Vec::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()
                .map_err(tantivy::TantivyError::from)?;
            let mut taken = 0;
            while taken < limit && stream.advance() {
                let Ok(id) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if !id.starts_with(&prefix) {
                    break;
                }
                ids.push(id.to_string());
                taken += 1;
            }
        }
        ids.sort();
        ids.dedup();
        ids.truncate(limit);
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            let query = TermQuery::new(Term::from_field_text(field, &id), IndexRecordOption::Basic);
            let top = self
                .searcher
                .search(&query, &TopDocs::with_limit(1).order_by_score())?;
            if let Some(&(_, address)) = top.first() {
                let text = self.question(address)?.question;
                found.push((id, text));
            }
        }
        Ok(found)
    }

    /// Valid source keys, for messages.
    pub fn sources(&self) -> Vec<&str> {
        self.index.manifest.stats.source_keys()
    }

    fn check_sources(&self, sources: &[String]) -> Result<(), UnknownValue> {
        match sources.iter().find(|s| self.sources_under(s).is_empty()) {
            Some(unknown) => Err(UnknownValue::new("source", unknown, &self.sources())),
            None => Ok(()),
        }
    }

    /// The source keys a `--source` value names: the key itself, or every key in the
    /// folder it names (a pack's name, a folder of a corpus: `devops` for `devops/aws`).
    fn sources_under(&self, wanted: &str) -> Vec<&str> {
        let valid = self.sources();
        if valid.contains(&wanted) {
            return valid.into_iter().filter(|key| *key == wanted).collect();
        }
        let folder = format!("{}/", wanted.trim_end_matches('/'));
        valid
            .into_iter()
            .filter(|key| key.starts_with(&folder))
            .collect()
    }

    /// Runs the text queries in order of preference (all words, then any word): the
    /// questions the first finds rank first, then those only the next finds. `total`
    /// counts the questions the last one finds; `last_disjuncts`, when given, are the
    /// queries the last one is the union of (`Node::disjuncts`).
    fn run(
        &self,
        tiers: &[Box<dyn Query>],
        last_disjuncts: Option<&[Box<dyn Query>]>,
        request: &Request,
        plan: Option<&Node>,
    ) -> Result<Hits, SearchError> {
        let collapse = if request.collapse {
            Collapse::Best
        } else {
            Collapse::No
        };
        self.run_collapsed(tiers, last_disjuncts, request, plan, collapse)
    }

    fn run_collapsed(
        &self,
        tiers: &[Box<dyn Query>],
        last_disjuncts: Option<&[Box<dyn Query>]>,
        request: &Request,
        plan: Option<&Node>,
        collapse: Collapse,
    ) -> Result<Hits, SearchError> {
        // Limits and offsets come from the user: never ask Tantivy for more documents
        // than the index holds (it sizes its buffers by the request).
        let documents = usize::try_from(self.searcher.num_docs())
            .unwrap_or(usize::MAX)
            .max(1);
        // One row past the page says whether there is a next one.
        let wanted = request
            .offset
            .saturating_add(request.limit.max(1))
            .saturating_add(1);
        // With duplicates folding into one row, enough members to fill the page.
        let candidates = match collapse {
            Collapse::Best => wanted.saturating_mul(4).saturating_add(32),
            Collapse::No | Collapse::Canonical => wanted,
        }
        .min(documents);
        let mut top: Vec<(f32, DocAddress)> = Vec::new();
        let mut seen: HashSet<DocAddress> = HashSet::new();
        let (mut with_all_words, mut total) = (0, 0);
        // The rows the tiers so far give, as collapsing will count them: once they fill
        // the page, a later tier's questions (ranked below them) cannot be shown, and
        // only the last tier's count is still wanted.
        let mut rows_so_far = HashSet::new();
        for (at, text_query) in tiers.iter().enumerate() {
            let query = self.filtered(&**text_query, &request.filters);
            let collector = ranked_then_in_corpus_order(candidates);
            // Only the first tier's count (every word) and the last's (all found) are
            // reported: the tiers between are not counted.
            let (first, last) = (at == 0, at + 1 == tiers.len());
            if rows_so_far.len() >= wanted {
                if last {
                    // Counting without ranking: no scores computed, no tie-breaks read.
                    total = match last_disjuncts {
                        Some(disjuncts) if request.filters == Filters::default() => {
                            self.count_union(disjuncts)?
                        }
                        _ => self.searcher.search(&query, &Count)?,
                    };
                }
                continue;
            }
            let tier_top = if first || last {
                let (tier_top, count) = self.searcher.search(&query, &(collector, Count))?;
                if first {
                    with_all_words = count;
                }
                if last {
                    total = count;
                }
                tier_top
            } else {
                self.searcher.search(&query, &collector)?
            };
            for ((score, _), address) in tier_top {
                if seen.insert(address) {
                    top.push((score, address));
                    let (position, cluster) = self.place_of(address);
                    match collapse {
                        Collapse::No => rows_so_far.insert(position),
                        Collapse::Best => rows_so_far.insert(cluster),
                        Collapse::Canonical => position == cluster && rows_so_far.insert(position),
                    };
                }
            }
        }
        let terms = tiers
            .last()
            .map(|query| matched_terms(&**query))
            .unwrap_or_default();
        let fields = &self.index.fields;
        // Rows are chosen from the columns; only the rows shown are read from the store.
        let mut clusters = HashSet::new();
        let mut rows: Vec<(f32, DocAddress)> = top
            .into_iter()
            .filter(|&(_, address)| {
                let (position, cluster) = self.place_of(address);
                match collapse {
                    Collapse::No => true,
                    Collapse::Best => clusters.insert(cluster),
                    Collapse::Canonical => position == cluster,
                }
            })
            .skip(request.offset)
            .take(request.limit.saturating_add(1))
            .collect();
        let more = rows.len() > request.limit;
        rows.truncate(request.limit);
        let mut found: Vec<(f32, Question)> = rows
            .into_iter()
            .map(|(score, address)| Ok((score, self.question(address)?)))
            .collect::<Result<_, SearchError>>()?;
        self.fill_duplicates(found.iter_mut().map(|(_, question)| question))?;
        let mut hits = Vec::with_capacity(found.len());
        for (score, question) in found {
            let highlights = if terms.is_empty() {
                Highlights::default()
            } else {
                Highlights {
                    question: self.highlight(fields.question, &question.question, &terms),
                    explanation: question
                        .explanation
                        .as_deref()
                        .map(|e| self.highlight(fields.explanation, e, &terms))
                        .unwrap_or_default(),
                }
            };
            let matches = match plan {
                Some(plan) if request.explain => {
                    explain::matches(plan, &question, &self.index.fields)
                }
                _ => Vec::new(),
            };
            hits.push(Hit {
                score,
                question,
                highlights,
                matches,
            });
        }
        Ok(Hits {
            query: request.query.clone(),
            total,
            with_all_words,
            hits,
            offset: request.offset,
            more,
            relaxed: false,
            lenient: None,
            suggestion: None,
            without_filters: None,
            understood: Vec::new(),
        })
    }

    /// The text query narrowed by the request's filters.
    fn filtered(&self, text_query: &dyn Query, filters: &Filters) -> BooleanQuery {
        let fields = &self.index.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query.box_clone())];
        let categories: Vec<&str> = filters.categories.iter().map(|c| c.as_str()).collect();
        let levels: Vec<&str> = filters.levels.iter().map(|l| l.as_str()).collect();
        let sources: Vec<&str> = filters
            .sources
            .iter()
            .flat_map(|wanted| self.sources_under(wanted))
            .collect();
        for (field, values) in [
            (fields.category, categories),
            (fields.level, levels),
            (fields.source, sources),
        ] {
            if let Some(filter) = any_of(field, &values) {
                clauses.push((Occur::Must, filter));
            }
        }
        if filters.has_explanation {
            let answered = Term::from_field_text(fields.answered, crate::index::ANSWERED);
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(answered, IndexRecordOption::Basic)),
            ));
        }
        if let Some(least) = filters.min_confidence {
            let by_level = !filters.levels.is_empty();
            let by_category = !filters.categories.is_empty();
            for (field, wanted) in [
                (fields.level_confidence, by_level || !by_category),
                (fields.category_confidence, by_category || !by_level),
            ] {
                if wanted {
                    // Confidences are stored as f32 widened to f64: compare in the same
                    // precision, so that 0.8 keeps a label of confidence 0.8.
                    let least = f64::from(least) - 1e-6;
                    let range = RangeQuery::new(
                        Bound::Included(Term::from_field_f64(field, least)),
                        Bound::Unbounded,
                    );
                    clauses.push((Occur::Must, Box::new(range)));
                }
            }
        }
        BooleanQuery::new(clauses)
    }

    /// How many questions match any of `queries`, each query's matches set in a bit set
    /// per segment, unscored. Counting the union query itself walks Tantivy's nested
    /// unions (words, their variants, the fields), which score every match as they
    /// merge: at a million questions, "jwt authentication" spent 13–18% of its
    /// profile samples there, and 1% in this count.
    fn count_union(&self, queries: &[Box<dyn Query>]) -> Result<usize, SearchError> {
        let unscored = EnableScoring::disabled_from_searcher(&self.searcher);
        let weights = queries
            .iter()
            .map(|query| query.weight(unscored))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut total = 0;
        for segment in self.searcher.segment_readers() {
            let mut matched = BitSet::with_max_value(segment.max_doc());
            for weight in &weights {
                weight.for_each_no_score(segment, &mut |docs| {
                    for &doc in docs {
                        matched.insert(doc);
                    }
                })?;
            }
            if let Some(alive) = segment.alive_bitset() {
                matched.intersect_update(alive.bitset());
            }
            total += matched.len();
        }
        Ok(total)
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

/// Replaces the first whole-word, case-insensitive occurrence of `word` in `text`.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let lower = text.to_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(word) {
        let start = from + found;
        let end = start + word.len();
        let boundary = |i: Option<char>| i.is_none_or(|c| !c.is_alphanumeric());
        // Lower-casing may change byte lengths outside ASCII: then the offsets do not
        // carry over to `text`, and it is left as it is.
        if boundary(lower[..start].chars().next_back())
            && boundary(lower[end..].chars().next())
            && lower.len() == text.len()
            && let (Some(before), Some(after)) = (text.get(..start), text.get(end..))
        {
            return format!("{before}{with}{after}");
        }
        from = end;
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{FAST, STORED, Schema, TEXT, Value};
    use tantivy::{Index, doc};

    #[test]
    fn equal_scores_are_ranked_in_corpus_order_whatever_the_segments() {
        let mut builder = Schema::builder();
        let text = builder.add_text_field("text", TEXT);
        let position = builder.add_u64_field("position", FAST | STORED);
        let index = Index::create_in_ram(builder.build());
        let mut writer: tantivy::IndexWriter = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        // Later in the corpus but written first, in a segment of its own.
        for at in [7u64, 3, 5, 1] {
            writer
                .add_document(doc!(text => "same words", position => at))
                .expect("add");
            writer.commit().expect("commit");
        }
        let searcher = index.reader().expect("reader").searcher();
        assert!(searcher.segment_readers().len() > 1);
        let query = TermQuery::new(
            Term::from_field_text(text, "same"),
            IndexRecordOption::WithFreqs,
        );
        let top = searcher
            .search(&query, &ranked_then_in_corpus_order(3))
            .expect("search");
        let positions: Vec<u64> = top
            .iter()
            .map(|&(_, address)| {
                let doc: TantivyDocument = searcher.doc(address).expect("doc");
                doc.get_first(position)
                    .and_then(|v| v.as_u64())
                    .expect("position")
            })
            .collect();
        assert_eq!(positions, [1, 3, 5]);
    }
}
