//! From what the user typed to a Tantivy query, forgivingly: each word becomes a set of
//! variants (the word itself, its synonyms, its spelling neighbours in the corpus, the
//! word split in two or joined with the next one), each weighted below the word as
//! typed. The plan keeps the variants, so a hit can say which of them matched.
//!
//! The query syntax is Tantivy's grammar (quotes, `+`/`-`, `OR`, `AND`, `field:`,
//! `word*`, `^boost`); only the building of queries from it is ours.

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, Occur,
    PhraseQuery, Query, TermQuery,
};
use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use super::SearchError;
use super::vocabulary::Vocabulary;
use crate::analysis::{analyzer, first_token, positioned_terms, words_analyzer};
use crate::index::Fields;
use crate::question::{Category, Level, UnknownValue};
use crate::synonyms::Synonyms;

/// Field boosts: a word in the question counts most, one in the heading least. A title
/// names what the question asks, nearly as the question does; code is mostly syntax
/// and names, so a word found only there says little about the question.
pub const QUESTION_BOOST: f32 = 3.0;
pub const TITLE_BOOST: f32 = 2.0;
pub const EXPLANATION_BOOST: f32 = 1.0;
pub const CODE_BOOST: f32 = 0.5;
pub const SECTION_BOOST: f32 = 0.5;

/// Weights of variants, relative to the word as typed (1.0).
const SPLIT_OR_JOINED: f32 = 0.9;
const SYNONYM: f32 = 0.8;
const FUZZY_ONE_EDIT: f32 = 0.5;
const FUZZY_TWO_EDITS: f32 = 0.35;
/// How much the other variants of a word add to the best one that matched: a question
/// that has the word and also a misspelling of it is not worth much more.
const TIE_BREAKER: f32 = 0.1;
/// At most this many spelling neighbours per word.
const MAX_NEIGHBOURS: usize = 3;
/// At most this many corpus words for `word*`.
const MAX_PREFIX_WORDS: usize = 64;
/// A corpus word near a query word the corpus also uses counts as a misspelling of it
/// only when a single question uses it; the query word counts as a misspelling of the
/// corpus word when that is used this many times more often. Otherwise both are taken
/// for real words ("retries", "retrieve").
const TYPO_FREQUENCY_RATIO: u64 = 4;

/// How a variant relates to what was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum How {
    /// The word as typed (or, once matched, `Stemmed` when written differently).
    Exact,
    Stemmed,
    Fuzzy,
    Synonym,
    Split,
    Joined,
    Prefix,
    /// A name of a concept the query evoked.
    Concept,
}

impl How {
    pub fn as_str(self) -> &'static str {
        match self {
            How::Exact => "exact",
            How::Stemmed => "stemmed",
            How::Fuzzy => "fuzzy",
            How::Synonym => "synonym",
            How::Split => "split",
            How::Joined => "joined",
            How::Prefix => "prefix",
            How::Concept => "concept",
        }
    }
}

/// One way a piece of the query may appear in a question.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Analysed terms with positions: one term, or a phrase.
    pub terms: Vec<(usize, String)>,
    pub how: How,
    pub weight: f32,
    pub slop: u32,
}

/// A piece of the query (a word, a phrase, a few words read together) and its variants.
#[derive(Debug, Clone)]
pub struct Piece {
    pub typed: String,
    pub fields: Vec<(Field, f32)>,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone)]
pub enum Node {
    Piece(Piece),
    /// Clauses with their occurrence; `None` takes the search's default (all words, or
    /// any word when relaxed).
    Group(Vec<(Option<Occur>, Node)>),
    /// Any of these (a few words, or the one word they join into).
    Either(Vec<Node>),
    Filter(Field, String),
    All,
    Boost(Box<Node>, f32),
}

impl Node {
    /// The Tantivy query; `default` is the occurrence of clauses the user left plain.
    pub fn query(&self, default: Occur) -> Box<dyn Query> {
        match self {
            Node::Piece(piece) => piece.query(),
            Node::Group(clauses) => {
                let clauses = clauses
                    .iter()
                    .map(|(occur, node)| (occurrence(*occur, node, default), node.query(default)))
                    .collect();
                Box::new(BooleanQuery::new(clauses))
            }
            Node::Either(nodes) => Box::new(BooleanQuery::new(
                nodes
                    .iter()
                    .map(|node| (Occur::Should, node.query(default)))
                    .collect(),
            )),
            Node::Filter(field, value) => Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(*field, value),
                    IndexRecordOption::Basic,
                )),
                0.0,
            )),
            Node::All => Box::new(AllQuery),
            Node::Boost(node, boost) => Box::new(BoostQuery::new(node.query(default), *boost)),
        }
    }

    /// The queries this node matches the union of, when under `default` it is a plain
    /// disjunction (every clause optional, nothing required, excluded or filtered): a
    /// question matches the node exactly when it matches one of them, so the node's
    /// matches can be counted without scoring its nested unions. `None` otherwise.
    pub fn disjuncts(&self, default: Occur) -> Option<Vec<Box<dyn Query>>> {
        let mut out = Vec::new();
        self.collect_disjuncts(default, &mut out).then_some(out)
    }

    fn collect_disjuncts(&self, default: Occur, out: &mut Vec<Box<dyn Query>>) -> bool {
        match self {
            Node::Piece(piece) => {
                for variant in &piece.variants {
                    for &(field, _) in &piece.fields {
                        out.push(variant_query(field, variant));
                    }
                }
                true
            }
            Node::Group(clauses) => clauses.iter().all(|(occur, node)| {
                occurrence(*occur, node, default) == Occur::Should
                    && node.collect_disjuncts(default, out)
            }),
            Node::Either(nodes) => nodes
                .iter()
                .all(|node| node.collect_disjuncts(default, out)),
            Node::Boost(node, _) => node.collect_disjuncts(default, out),
            Node::Filter(..) | Node::All => false,
        }
    }

    /// Every piece, in query order.
    pub fn pieces(&self) -> Vec<&Piece> {
        let mut out = Vec::new();
        self.collect_pieces(&mut out);
        out
    }

    fn collect_pieces<'a>(&'a self, out: &mut Vec<&'a Piece>) {
        match self {
            Node::Piece(piece) => out.push(piece),
            Node::Group(clauses) => clauses.iter().for_each(|(_, n)| n.collect_pieces(out)),
            Node::Either(nodes) => nodes.iter().for_each(|n| n.collect_pieces(out)),
            Node::Boost(node, _) => node.collect_pieces(out),
            Node::Filter(..) | Node::All => {}
        }
    }

    /// Pieces left to the default occurrence (required when all words must match,
    /// optional when any may): with more than one, "any of them" finds more.
    pub fn plain_pieces(&self) -> usize {
        match self {
            Node::Piece(_) => 1,
            Node::Group(clauses) => clauses
                .iter()
                .filter(|(occur, _)| occur.is_none())
                .map(|(_, node)| node.plain_pieces())
                .sum(),
            Node::Either(nodes) => nodes.iter().map(Node::plain_pieces).sum(),
            Node::Boost(node, _) => node.plain_pieces(),
            Node::Filter(..) | Node::All => 0,
        }
    }

    /// Whether anything is searched for (not only excluded).
    fn has_positive(&self) -> bool {
        match self {
            Node::Group(clauses) => clauses
                .iter()
                .any(|(occur, node)| *occur != Some(Occur::MustNot) && node.has_positive()),
            Node::Either(nodes) => nodes.iter().any(Node::has_positive),
            Node::Boost(node, _) => node.has_positive(),
            Node::Piece(_) | Node::Filter(..) | Node::All => true,
        }
    }
}

/// How a clause of a group occurs: as written, else a filter narrows whatever the words
/// do, and a plain clause takes the search's default.
fn occurrence(written: Option<Occur>, node: &Node, default: Occur) -> Occur {
    match (written, node) {
        (Some(occur), _) => occur,
        (None, Node::Filter(..)) => Occur::Must,
        (None, _) => default,
    }
}

impl Piece {
    fn query(&self) -> Box<dyn Query> {
        let variants: Vec<Box<dyn Query>> = self
            .variants
            .iter()
            .map(|variant| {
                let per_field: Vec<(Occur, Box<dyn Query>)> = self
                    .fields
                    .iter()
                    .map(|&(field, boost)| {
                        let query = variant_query(field, variant);
                        let boosted: Box<dyn Query> =
                            Box::new(BoostQuery::new(query, boost * variant.weight));
                        (Occur::Should, boosted)
                    })
                    .collect();
                Box::new(BooleanQuery::new(per_field)) as Box<dyn Query>
            })
            .collect();
        if variants.len() == 1 {
            variants
                .into_iter()
                .next()
                .unwrap_or_else(|| Box::new(EmptyQuery))
        } else {
            Box::new(DisjunctionMaxQuery::with_tie_breaker(variants, TIE_BREAKER))
        }
    }
}

fn variant_query(field: Field, variant: &Variant) -> Box<dyn Query> {
    match variant.terms.as_slice() {
        [(_, term)] => Box::new(TermQuery::new(
            Term::from_field_text(field, term),
            IndexRecordOption::WithFreqs,
        )),
        terms => Box::new(PhraseQuery::new_with_offset_and_slop(
            terms
                .iter()
                .map(|(position, term)| (*position, Term::from_field_text(field, term)))
                .collect(),
            variant.slop,
        )),
    }
}

/// Whether words are expanded (forgiving search) or searched as typed (plain BM25).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expand {
    Yes,
    No,
}

/// What building a plan needs: the fields, the corpus vocabulary, the synonyms.
pub struct Planner<'a> {
    fields: &'a Fields,
    /// The searched text fields that hold terms in some segment (see [`with_terms`]).
    searched: Vec<(Field, f32)>,
    searcher: &'a tantivy::Searcher,
    vocabulary: Vocabulary<'a>,
    synonyms: &'a Synonyms,
    sources: Vec<&'a str>,
    analyzer: TextAnalyzer,
    words: TextAnalyzer,
    expand: Expand,
}

/// The fields of `candidates` that some segment holds terms for. A field none holds
/// matches nothing, so leaving it out changes no result; asking Tantivy about it
/// would cost more than the rest of a small search, since the first such question
/// builds an empty term dictionary (an FST builder of about 1 MB).
fn with_terms(searcher: &tantivy::Searcher, candidates: &[(Field, f32)]) -> Vec<(Field, f32)> {
    let schema = searcher.schema();
    let mut held: Vec<String> = Vec::new();
    for segment in searcher.segment_readers() {
        let Ok(fields) = segment.fields_metadata() else {
            // Unknown: keep every field, as before.
            return candidates.to_vec();
        };
        held.extend(
            fields
                .into_iter()
                .filter(|f| f.postings_size.is_some_and(|size| size.get_bytes() > 0))
                .map(|f| f.field_name),
        );
    }
    candidates
        .iter()
        .copied()
        .filter(|&(field, _)| held.iter().any(|name| name == schema.get_field_name(field)))
        .collect()
}

/// A word of the query: as written (lower-cased) and analysed.
#[derive(Debug, Clone)]
struct Word {
    written: String,
    term: String,
}

/// What a run of plain words is made of: single words, and words joined by
/// punctuation ("back-end", "ci/cd") that are read as a phrase.
#[derive(Debug, Clone)]
enum Unit {
    Word(Word),
    Compound { text: String, words: Vec<Word> },
}

impl<'a> Planner<'a> {
    pub fn new(
        fields: &'a Fields,
        searcher: &'a tantivy::Searcher,
        synonyms: &'a Synonyms,
        sources: Vec<&'a str>,
        expand: Expand,
    ) -> Self {
        let searched = with_terms(
            searcher,
            &[
                (fields.question, QUESTION_BOOST),
                (fields.title, TITLE_BOOST),
                (fields.explanation, EXPLANATION_BOOST),
                (fields.code, CODE_BOOST),
                (fields.section, SECTION_BOOST),
            ],
        );
        Planner {
            fields,
            searched,
            searcher,
            vocabulary: Vocabulary::new(searcher, fields.words),
            synonyms,
            sources,
            analyzer: analyzer(),
            words: words_analyzer(),
            expand,
        }
    }

    /// The plan of a parsed query; errors for queries with nothing to search.
    pub fn plan(&mut self, ast: UserInputAst, query: &str) -> Result<Node, SearchError> {
        let node = self.node(ast, None)?;
        let node = node.ok_or_else(|| SearchError::NoTerms(query.to_string()))?;
        if !node.has_positive() {
            return Err(SearchError::OnlyExcluded(query.to_string()));
        }
        Ok(node)
    }

    fn default_fields(&self) -> Vec<(Field, f32)> {
        self.searched.clone()
    }

    fn node(
        &mut self,
        ast: UserInputAst,
        occur: Option<Occur>,
    ) -> Result<Option<Node>, SearchError> {
        match ast {
            UserInputAst::Clause(clauses) => self.clauses(clauses),
            UserInputAst::Boost(inner, boost) => Ok(self
                .node(*inner, occur)?
                .map(|node| Node::Boost(Box::new(node), boost.into_inner() as f32))),
            UserInputAst::Leaf(leaf) => self.leaf(*leaf, occur),
        }
    }

    fn clauses(
        &mut self,
        clauses: Vec<(Option<Occur>, UserInputAst)>,
    ) -> Result<Option<Node>, SearchError> {
        let mut out: Vec<(Option<Occur>, Node)> = Vec::new();
        let mut run: Vec<UserInputLiteral> = Vec::new();
        let mut run_occur: Option<Occur> = None;
        for (occur, ast) in clauses {
            if let UserInputAst::Leaf(leaf) = &ast
                && let UserInputLeaf::Literal(literal) = leaf.as_ref()
                && is_plain(literal)
            {
                if !run.is_empty() && occur != run_occur {
                    let words = std::mem::take(&mut run);
                    out.extend(
                        self.run(words, run_occur)
                            .into_iter()
                            .map(|n| (run_occur, n)),
                    );
                }
                run_occur = occur;
                run.push(literal.clone());
                continue;
            }
            if !run.is_empty() {
                let words = std::mem::take(&mut run);
                out.extend(
                    self.run(words, run_occur)
                        .into_iter()
                        .map(|n| (run_occur, n)),
                );
            }
            if let Some(node) = self.node(ast, occur)? {
                out.push((occur, node));
            }
        }
        if !run.is_empty() {
            out.extend(self.run(run, run_occur).into_iter().map(|n| (run_occur, n)));
        }
        Ok(match out.len() {
            0 => None,
            _ => Some(Node::Group(out)),
        })
    }

    fn leaf(
        &mut self,
        leaf: UserInputLeaf,
        occur: Option<Occur>,
    ) -> Result<Option<Node>, SearchError> {
        match leaf {
            UserInputLeaf::Literal(literal) if is_plain(&literal) => {
                let nodes = self.run(vec![literal], occur);
                Ok(match nodes.len() {
                    0 => None,
                    1 => nodes.into_iter().next(),
                    _ => Some(Node::Group(nodes.into_iter().map(|n| (None, n)).collect())),
                })
            }
            UserInputLeaf::Literal(literal) => self.literal(literal),
            UserInputLeaf::All => Ok(Some(Node::All)),
            UserInputLeaf::Range { .. } => Err(SearchError::Unsupported("ranges [a TO b]")),
            UserInputLeaf::Set { .. } => Err(SearchError::Unsupported("sets IN [...]")),
            UserInputLeaf::Regex { .. } => Err(SearchError::Unsupported("regular expressions")),
            UserInputLeaf::Exists { field } => Err(SearchError::UnknownField(field)),
        }
    }

    /// A quoted, prefixed or field-qualified literal.
    fn literal(&mut self, literal: UserInputLiteral) -> Result<Option<Node>, SearchError> {
        let fields = match literal.field_name.as_deref() {
            None => self.default_fields(),
            Some(name) => match name.to_ascii_lowercase().as_str() {
                "question" => vec![(self.fields.question, QUESTION_BOOST)],
                "title" => vec![(self.fields.title, TITLE_BOOST)],
                "code" => vec![(self.fields.code, CODE_BOOST)],
                "explanation" => vec![(self.fields.explanation, EXPLANATION_BOOST)],
                "section" => vec![(self.fields.section, SECTION_BOOST)],
                "category" => {
                    let value: Category = literal.phrase.parse()?;
                    return Ok(Some(Node::Filter(
                        self.fields.category,
                        value.as_str().to_string(),
                    )));
                }
                "level" => {
                    let value: Level = literal.phrase.parse()?;
                    return Ok(Some(Node::Filter(
                        self.fields.level,
                        value.as_str().to_string(),
                    )));
                }
                "source" => {
                    let value = literal.phrase.to_lowercase();
                    if !self.sources.contains(&value.as_str()) {
                        return Err(
                            UnknownValue::new("source", &literal.phrase, &self.sources).into()
                        );
                    }
                    return Ok(Some(Node::Filter(self.fields.source, value)));
                }
                _ => return Err(SearchError::UnknownField(name.to_string())),
            },
        };
        if let Some(stem) = prefix_of(&literal) {
            return self.prefix(stem, fields);
        }
        let terms = positioned_terms(&mut self.analyzer, &literal.phrase);
        let Some(&(first, _)) = terms.first() else {
            return Ok(None);
        };
        let quoted = literal.delimiter != Delimiter::None;
        if !quoted && self.expand == Expand::Yes {
            // A plain word in one field: expanded as elsewhere, within that field.
            let nodes = self.run(vec![literal.clone()], None);
            return Ok(nodes.into_iter().next().map(|node| restrict(node, &fields)));
        }
        Ok(Some(Node::Piece(Piece {
            typed: literal.phrase.clone(),
            fields,
            variants: vec![Variant {
                terms: terms.into_iter().map(|(p, t)| (p - first, t)).collect(),
                how: How::Exact,
                weight: 1.0,
                slop: literal.slop,
            }],
        })))
    }

    /// `word*`: every corpus word that starts so.
    fn prefix(
        &mut self,
        prefix: &str,
        fields: Vec<(Field, f32)>,
    ) -> Result<Option<Node>, SearchError> {
        let Some(lowered) = first_token(&mut self.words, prefix) else {
            return Ok(None);
        };
        let mut variants: Vec<Variant> = Vec::new();
        for word in self.vocabulary.starting_with(&lowered, MAX_PREFIX_WORDS)? {
            if let Some(term) = first_token(&mut self.analyzer, &word)
                && !variants.iter().any(|v| v.terms[0].1 == term)
            {
                variants.push(single(term, How::Prefix, 1.0));
            }
        }
        if variants.is_empty() {
            // Nothing starts so: a term that matches nothing, so the search says so.
            variants.push(single(lowered, How::Prefix, 1.0));
        }
        Ok(Some(Node::Piece(Piece {
            typed: format!("{prefix}*"),
            fields,
            variants,
        })))
    }

    /// Plain words typed one after another: read together where they form a synonym
    /// phrase or join into one corpus word, else each on its own.
    fn run(&mut self, literals: Vec<UserInputLiteral>, occur: Option<Occur>) -> Vec<Node> {
        let units: Vec<Unit> = literals
            .iter()
            .filter_map(|literal| self.unit(&literal.phrase))
            .collect();
        // Excluded words are only excluded as typed and by synonym, not by near spelling.
        let forgiving = self.expand == Expand::Yes && occur != Some(Occur::MustNot);
        let mut nodes = Vec::new();
        let mut i = 0;
        while i < units.len() {
            if let Unit::Compound { text, words } = &units[i] {
                nodes.push(Node::Piece(self.compound(text, words, forgiving)));
                i += 1;
                continue;
            }
            let words: Vec<&Word> = units[i..]
                .iter()
                .map_while(|unit| match unit {
                    Unit::Word(word) => Some(word),
                    Unit::Compound { .. } => None,
                })
                .collect();
            if forgiving
                && words.len() >= 2
                && let Some(node) = self.joined(words[0], words[1])
            {
                nodes.push(node);
                i += 2;
                continue;
            }
            if self.expand == Expand::Yes
                && let Some((len, node)) = self.phrase_synonym(&words, forgiving)
            {
                nodes.push(node);
                i += len;
                continue;
            }
            nodes.push(Node::Piece(self.word(words[0], forgiving)));
            i += 1;
        }
        nodes
    }

    fn unit(&mut self, text: &str) -> Option<Unit> {
        let words: Vec<Word> = crate::analysis::words_and_terms(text)
            .into_iter()
            .filter_map(|(written, term)| term.map(|term| Word { written, term }))
            .collect();
        match words.len() {
            0 => None,
            1 => words.into_iter().next().map(Unit::Word),
            _ => Some(Unit::Compound {
                text: text.to_string(),
                words,
            }),
        }
    }

    /// The longest run of words at the start of `words` that is a synonym phrase
    /// ("msg queue", "single sign on"): its words as typed, or any synonym.
    fn phrase_synonym(&mut self, words: &[&Word], forgiving: bool) -> Option<(usize, Node)> {
        let longest = self.synonyms.longest().min(words.len());
        for len in (2..=longest).rev() {
            let terms: Vec<&str> = words[..len].iter().map(|w| w.term.as_str()).collect();
            let members = self.synonyms.expand(&terms);
            if members.is_empty() {
                continue;
            }
            let typed: Vec<&str> = words[..len].iter().map(|w| w.written.as_str()).collect();
            let variants = members
                .iter()
                .map(|m| Variant {
                    terms: m.terms.clone(),
                    how: How::Synonym,
                    weight: SYNONYM,
                    slop: 0,
                })
                .collect();
            let reference: Vec<(usize, String)> = terms
                .iter()
                .enumerate()
                .map(|(i, t)| (i, t.to_string()))
                .collect();
            let synonyms = self.piece(typed.join(" "), variants, &reference);
            let each: Vec<(Option<Occur>, Node)> = words[..len]
                .iter()
                .map(|w| (None, Node::Piece(self.word(w, forgiving))))
                .collect();
            return Some((
                len,
                Node::Either(vec![Node::Group(each), Node::Piece(synonyms)]),
            ));
        }
        None
    }

    /// Two words that the corpus writes as one ("micro services" → "microservices").
    fn joined(&mut self, first: &Word, second: &Word) -> Option<Node> {
        let together = format!("{}{}", first.written, second.written);
        if self.vocabulary.doc_freq(&together) == 0 {
            return None;
        }
        let term = first_token(&mut self.analyzer, &together)?;
        let mut variants = vec![single(term.clone(), How::Joined, SPLIT_OR_JOINED)];
        variants.extend(self.synonym_variants(&[term.as_str()]));
        let reference = [(0, first.term.clone()), (1, second.term.clone())];
        let one = self.piece(
            format!("{} {}", first.written, second.written),
            variants,
            &reference,
        );
        let each = vec![
            (None, Node::Piece(self.word(first, true))),
            (None, Node::Piece(self.word(second, true))),
        ];
        Some(Node::Either(vec![Node::Group(each), Node::Piece(one)]))
    }

    /// Words joined by punctuation ("back-end", "ci/cd"): the phrase, its synonyms, and
    /// the words written together when the corpus has that.
    fn compound(&mut self, text: &str, words: &[Word], forgiving: bool) -> Piece {
        let terms = positioned_terms(&mut self.analyzer, text);
        let first = terms.first().map_or(0, |(p, _)| *p);
        let exact: Vec<(usize, String)> = terms.into_iter().map(|(p, t)| (p - first, t)).collect();
        let mut variants = vec![Variant {
            terms: exact.clone(),
            how: How::Exact,
            weight: 1.0,
            slop: 0,
        }];
        if self.expand == Expand::Yes {
            let keys: Vec<&str> = words.iter().map(|w| w.term.as_str()).collect();
            variants.extend(self.synonym_variants(&keys));
        }
        if forgiving {
            let together: String = words.iter().map(|w| w.written.as_str()).collect();
            if self.vocabulary.doc_freq(&together) > 0
                && let Some(term) = first_token(&mut self.analyzer, &together)
            {
                variants.push(single(term, How::Joined, SPLIT_OR_JOINED));
            }
        }
        self.piece(text.to_string(), variants, &exact)
    }

    /// One word: as typed, its synonyms, and when forgiving its split and its spelling
    /// neighbours.
    fn word(&mut self, word: &Word, forgiving: bool) -> Piece {
        let mut variants = vec![single(word.term.clone(), How::Exact, 1.0)];
        if self.expand == Expand::Yes {
            variants.extend(self.synonym_variants(&[word.term.as_str()]));
        }
        if forgiving {
            if let Some((left, right)) = self.vocabulary.split(&word.written)
                && let (Some(l), Some(r)) = (
                    first_token(&mut self.analyzer, &left),
                    first_token(&mut self.analyzer, &right),
                )
            {
                variants.push(Variant {
                    terms: vec![(0, l), (1, r)],
                    how: How::Split,
                    weight: SPLIT_OR_JOINED,
                    slop: 0,
                });
            }
            variants.extend(self.misspellings(word));
        }
        self.piece(word.written.clone(), variants, &[(0, word.term.clone())])
    }

    /// A piece over the default fields. No variant may weigh more than the words as
    /// typed (`reference`) would: a variant rarer than them has its weight scaled down
    /// by the ratio of inverse document frequencies, so that "back-end" does not rank
    /// "server-side" first only because fewer questions say it.
    fn piece(
        &self,
        typed: String,
        mut variants: Vec<Variant>,
        reference: &[(usize, String)],
    ) -> Piece {
        dedupe(&mut variants);
        if let Some(reference) = self.idf(reference) {
            for variant in &mut variants {
                if let Some(idf) = self.idf(&variant.terms)
                    && idf > reference
                {
                    variant.weight *= reference / idf;
                }
            }
        }
        Piece {
            typed,
            fields: self.default_fields(),
            variants,
        }
    }

    /// BM25's inverse document frequency of a term or phrase (summed over its terms),
    /// from the text fields; `None` when a term is not in the corpus.
    fn idf(&self, terms: &[(usize, String)]) -> Option<f32> {
        let docs = self.searcher.num_docs() as f32;
        let mut sum = 0.0;
        for (_, term) in terms {
            let doc_freq = self
                .searched
                .iter()
                .filter(|&&(field, _)| field != self.fields.section)
                .map(|&(field, _)| {
                    self.searcher
                        .doc_freq(&Term::from_field_text(field, term))
                        .unwrap_or(0)
                })
                .max()
                .unwrap_or(0) as f32;
            if doc_freq == 0.0 {
                return None;
            }
            sum += (1.0 + (docs - doc_freq + 0.5) / (doc_freq + 0.5)).ln();
        }
        Some(sum)
    }

    fn synonym_variants(&self, terms: &[&str]) -> Vec<Variant> {
        self.synonyms
            .expand(terms)
            .into_iter()
            .map(|m| Variant {
                terms: m.terms.clone(),
                how: How::Synonym,
                weight: SYNONYM,
                slop: 0,
            })
            .collect()
    }

    /// Corpus words one or two edits away that look like misspellings of the word, or
    /// the word like a misspelling of them (see `TYPO_FREQUENCY_RATIO`).
    fn misspellings(&mut self, word: &Word) -> Vec<Variant> {
        let Some(distance) = fuzzy_distance(&word.written) else {
            return Vec::new();
        };
        let used = self.vocabulary.doc_freq(&word.written);
        let Ok(neighbours) = self.vocabulary.near(&word.written, distance) else {
            return Vec::new();
        };
        let mut variants: Vec<Variant> = Vec::new();
        for neighbour in neighbours {
            if variants.len() == MAX_NEIGHBOURS {
                break;
            }
            let typo_like = used == 0
                || neighbour.doc_freq == 1
                || used * TYPO_FREQUENCY_RATIO <= neighbour.doc_freq;
            if !typo_like || neighbour.word.chars().count() < 4 {
                continue;
            }
            let Some(term) = first_token(&mut self.analyzer, &neighbour.word) else {
                continue;
            };
            if term == word.term || variants.iter().any(|v| v.terms[0].1 == term) {
                continue;
            }
            let weight = if neighbour.distance <= 1 {
                FUZZY_ONE_EDIT
            } else {
                FUZZY_TWO_EDITS
            };
            variants.push(single(term, How::Fuzzy, weight));
        }
        variants
    }
}

/// How many edits a typo of this word may have: none for short words (too many real
/// words are one letter apart), one from five letters, two from eight.
pub fn fuzzy_distance(word: &str) -> Option<u8> {
    match word.chars().count() {
        0..=4 => None,
        5..=7 => Some(1),
        _ => Some(2),
    }
}

fn single(term: String, how: How, weight: f32) -> Variant {
    Variant {
        terms: vec![(0, term)],
        how,
        weight,
        slop: 0,
    }
}

/// Keeps the first (heaviest) of variants with the same terms.
fn dedupe(variants: &mut Vec<Variant>) {
    let mut seen: Vec<Vec<(usize, String)>> = Vec::new();
    variants.retain(|v| {
        if seen.contains(&v.terms) {
            false
        } else {
            seen.push(v.terms.clone());
            true
        }
    });
}

/// A plain literal: no field, no quotes, no `*`.
fn is_plain(literal: &UserInputLiteral) -> bool {
    literal.field_name.is_none()
        && literal.delimiter == Delimiter::None
        && prefix_of(literal).is_none()
}

/// The start of a `word*` literal (the grammar keeps the star in unquoted words).
fn prefix_of(literal: &UserInputLiteral) -> Option<&str> {
    if literal.delimiter != Delimiter::None {
        return None;
    }
    let stem = literal.phrase.strip_suffix('*')?;
    (!stem.is_empty() && !stem.contains('*')).then_some(stem)
}

/// Confines a node's pieces to the given fields.
fn restrict(node: Node, fields: &[(Field, f32)]) -> Node {
    match node {
        Node::Piece(mut piece) => {
            piece.fields = fields.to_vec();
            Node::Piece(piece)
        }
        Node::Group(clauses) => Node::Group(
            clauses
                .into_iter()
                .map(|(o, n)| (o, restrict(n, fields)))
                .collect(),
        ),
        Node::Either(nodes) => {
            Node::Either(nodes.into_iter().map(|n| restrict(n, fields)).collect())
        }
        Node::Boost(node, boost) => Node::Boost(Box::new(restrict(*node, fields)), boost),
        other => other,
    }
}
