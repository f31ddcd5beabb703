//! The concept layer: the backend concepts questions ask about, each with its name,
//! other names, and the plain words people use for the problem it solves ("while the
//! app keeps running", "without their password"). A query that describes a problem
//! instead of naming it is matched against them, and the concepts it evokes add their
//! names to the search, weighted below the words typed. Questions are tagged at index
//! time with the concepts they name.
//!
//! Read from `concepts.toml` in the corpus directory (its concepts are added to the
//! built-in ones, replacing those of the same name) or built in.
//!
//! Matching is a ranked retrieval over the phrasings, not a fixed overlap rule: each
//! name, other name and phrasing is a small document of analysed terms; a query scores
//! each by the rarity (idf) of the terms they share, divided by the square root of the
//! document's length, and a concept takes the score of its best document. Only a
//! document sharing two terms with the query, or one named in full by it, counts.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::analysis;
use crate::corpus::{Lists, line_at};

mod packed;
use packed::{Packed, Texts};

pub const FILE_NAME: &str = "concepts.toml";
pub(crate) const BUILT_IN: &str = include_str!("../../corpus/concepts.toml");

/// Words of a described problem that say nothing about which problem it is: how people
/// ask ("how do I", "what should we"), who they are ("our team", "my app"), and the
/// vaguest nouns and verbs. Dropped before matching (the analyzer's stop words, such as
/// "how" and "my", are dropped already).
const FILLER: &[&str] = &[
    "app",
    "application",
    "thing",
    "things",
    "someone",
    "somebody",
    "people",
    "person",
    "user",
    "users",
    "way",
    "ways",
    "want",
    "need",
    "get",
    "gets",
    "got",
    "make",
    "makes",
    "keep",
    "use",
    "using",
    "good",
    "best",
    "better",
    "right",
    "just",
    "really",
    "still",
    "even",
    "one",
    "two",
    "lot",
    "lots",
    "much",
    "many",
    "every",
    "all",
    "other",
    "another",
    "same",
    "without",
    "not",
    "no",
    "happen",
    "happens",
    "know",
    "stop",
    "stops",
    "work",
    "works",
    "go",
    "goes",
    "let",
    "like",
    "something",
    "team",
    "time",
    "times",
    "us",
    "happening",
    "tell",
    "say",
    "see",
    "thing",
    "ok",
    "okay",
    "after",
    "before",
    "again",
    "while",
    "only",
    "new",
    "old",
];

#[derive(Debug, Clone, Deserialize)]
struct RawConcept {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    phrasings: Vec<String>,
    category: String,
    #[serde(default)]
    related: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RawFile {
    #[serde(default)]
    concept: Vec<RawConcept>,
}

/// One concept.
#[derive(Debug, Clone)]
pub struct Concept {
    pub name: String,
    pub aliases: Vec<String>,
    pub phrasings: Vec<String>,
    pub category: String,
    pub related: Vec<String>,
}

/// The small documents a query is matched against, each a concept's name, another
/// name, or a phrasing: entry `i` is `concept[i]`, `text(i)`, and so on.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Entries {
    concept: Vec<u32>,
    /// A name or another name (a phrasing is not one).
    is_name: Vec<bool>,
    /// Their terms' numbers (places in [`Concepts::vocabulary`]).
    terms: Packed<u32>,
    text: Texts,
}

impl Entries {
    fn len(&self) -> usize {
        self.concept.len()
    }

    /// Whether the lists agree in length, and every concept and term is one of `concepts`
    /// and `terms`.
    fn fit(&self, concepts: usize, terms: usize) -> bool {
        let entries = self.len();
        self.is_name.len() == entries
            && self.terms.len() == entries
            && self.text.len() == entries
            && self.concept.iter().all(|&c| (c as usize) < concepts)
            && self.terms.items().iter().all(|&t| (t as usize) < terms)
    }
}

/// A concept a query evoked, and the phrase of it that the query matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Evoked {
    pub name: String,
    /// The name, other name or phrasing matched.
    pub from: String,
    pub score: f32,
}

/// A concepts file that cannot be used: the message names the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}: {message}", path.display())]
pub struct ConceptError {
    pub path: PathBuf,
    pub line: u32,
    pub message: String,
}

/// The concepts, analysed. An index build saves them beside the index
/// ([`Concepts::save`]), so that a search loads them analysed instead of parsing and
/// analysing the file again.
#[derive(Debug, Clone, Default)]
pub struct Concepts {
    concepts: Vec<Concept>,
    entries: Entries,
    /// Every term of the entries, sorted: a term's number is its place.
    vocabulary: Texts,
    /// By term number: the entries holding the term, and its rarity among them (idf).
    postings: Packed<u32>,
    idf: Vec<f32>,
    /// First term of a name → (concept, the name's terms): for tagging questions, which
    /// a search does not do.
    names: std::sync::OnceLock<NamesByFirstTerm>,
}

/// First term of a name → (concept, the name's terms).
type NamesByFirstTerm = HashMap<u32, Vec<(usize, Vec<u32>)>>;

/// The concepts as saved beside an index, ready to match a query against.
#[derive(Serialize)]
struct Saving<'a> {
    /// (name, other names, category).
    concepts: Vec<(&'a str, &'a [String], &'a str)>,
    entries: &'a Entries,
    vocabulary: &'a Texts,
    postings: &'a Packed<u32>,
    idf: &'a [f32],
}

/// [`Saving`], read back.
#[derive(Deserialize)]
struct Saved {
    concepts: Vec<(String, Vec<String>, String)>,
    entries: Entries,
    vocabulary: Texts,
    postings: Packed<u32>,
    idf: Vec<f32>,
}

/// The file an index generation keeps its concepts in (postcard: read in a fraction of
/// the time JSON takes, which a search would pay).
pub const SAVED: &str = "concepts.bin";

/// The least score a concept needs to be evoked, and how close to the best a second
/// one must come to be evoked too.
const MIN_SCORE: f32 = 2.0;
const SECOND_WITHIN: f32 = 0.8;
/// The most concepts one query evokes: a described problem often touches two or three
/// (a slow signup is about hashing, queues and performance).
const MOST_EVOKED: usize = 3;
/// How much a concept's second-best matching document adds to its best one's score.
const SECOND_PHRASING: f32 = 0.6;

impl Concepts {
    pub fn built_in() -> Concepts {
        // Compiled in and checked by a test: it always parses.
        Concepts::parse(BUILT_IN, &PathBuf::from("built-in:concepts.toml")).unwrap_or_default()
    }

    /// The built-in concepts, with the corpus directory's `concepts.toml` laid over.
    pub fn for_corpus(lists: &Lists) -> Result<Concepts, ConceptError> {
        let Some(dir) = lists.dir() else {
            return Ok(Concepts::built_in());
        };
        let path = dir.join(FILE_NAME);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Concepts::built_in());
            }
            Err(e) => {
                return Err(ConceptError {
                    path,
                    line: 1,
                    message: format!("cannot read the file: {e}"),
                });
            }
        };
        let own = raw(&text, &path)?;
        let mut all = raw(BUILT_IN, &path).unwrap_or_default();
        let replaced: HashSet<String> = own.iter().map(|c| c.name.to_lowercase()).collect();
        all.retain(|c| !replaced.contains(&c.name.to_lowercase()));
        all.extend(own);
        Ok(Concepts::from_raw(all))
    }

    pub fn parse(text: &str, path: &Path) -> Result<Concepts, ConceptError> {
        Ok(Concepts::from_raw(raw(text, path)?))
    }

    /// The concepts an index build saved in `dir`; `None` when there are none there, or
    /// they do not hold together (the caller reads the file instead).
    pub fn saved(dir: &std::path::Path) -> Option<Concepts> {
        let bytes = std::fs::read(dir.join(SAVED)).ok()?;
        let saved: Saved = postcard::from_bytes(&bytes).ok()?;
        let terms = saved.vocabulary.len();
        let fits = saved.entries.fit(saved.concepts.len(), terms)
            && saved.postings.len() == terms
            && saved.idf.len() == terms
            && saved
                .postings
                .items()
                .iter()
                .all(|&at| (at as usize) < saved.entries.len());
        if !fits {
            return None;
        }
        Some(Concepts {
            concepts: saved
                .concepts
                .into_iter()
                .map(|(name, aliases, category)| Concept {
                    name,
                    aliases,
                    phrasings: Vec::new(),
                    category,
                    related: Vec::new(),
                })
                .collect(),
            entries: saved.entries,
            vocabulary: saved.vocabulary,
            postings: saved.postings,
            idf: saved.idf,
            names: std::sync::OnceLock::new(),
        })
    }

    /// Saves the concepts, analysed and looked up, in `dir`.
    pub fn save(&self, dir: &std::path::Path) -> std::io::Result<()> {
        let saving = Saving {
            concepts: self
                .concepts
                .iter()
                .map(|c| (c.name.as_str(), c.aliases.as_slice(), c.category.as_str()))
                .collect(),
            entries: &self.entries,
            vocabulary: &self.vocabulary,
            postings: &self.postings,
            idf: &self.idf,
        };
        let bytes = postcard::to_stdvec(&saving).map_err(std::io::Error::other)?;
        std::fs::write(dir.join(SAVED), bytes)
    }

    fn from_raw(raw: Vec<RawConcept>) -> Concepts {
        // (concept, text, terms, is a name), before the terms are numbered.
        let mut entries: Vec<(usize, &str, Vec<String>, bool)> = Vec::new();
        for (index, c) in raw.iter().enumerate() {
            for text in std::iter::once(&c.name).chain(&c.aliases) {
                entries.push((index, text, analysis::terms(text), true));
            }
            for text in &c.phrasings {
                entries.push((index, text, content_terms(text), false));
            }
        }
        let mut vocabulary: Vec<&str> = entries
            .iter()
            .flat_map(|(_, _, terms, _)| terms.iter().map(String::as_str))
            .collect();
        vocabulary.sort_unstable();
        vocabulary.dedup();
        let mut concepts = Concepts::default();
        for term in vocabulary {
            concepts.vocabulary.push(term);
        }
        let mut numbered = Entries::default();
        for (concept, text, mut terms, is_name) in entries {
            terms.dedup();
            if terms.is_empty() {
                continue;
            }
            numbered.concept.push(concept as u32);
            numbered.is_name.push(is_name);
            numbered
                .terms
                .push(terms.iter().filter_map(|t| concepts.number(t)));
            numbered.text.push(text);
        }
        concepts.entries = numbered;
        concepts.concepts = raw
            .into_iter()
            .map(|c| Concept {
                name: c.name,
                aliases: c.aliases,
                phrasings: c.phrasings,
                category: c.category,
                related: c.related,
            })
            .collect();
        concepts.look_up();
        concepts
    }

    /// A term's number, if an entry has it.
    fn number(&self, term: &str) -> Option<u32> {
        u32::try_from(self.vocabulary.find_sorted(term)?).ok()
    }

    /// Builds the postings and idf of each term from the entries.
    fn look_up(&mut self) {
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); self.vocabulary.len()];
        for at in 0..self.entries.len() {
            let terms: HashSet<&u32> = self.entries.terms.get(at).iter().collect();
            for &term in terms {
                postings[term as usize].push(at as u32);
            }
        }
        let documents = self.entries.len().max(1) as f32;
        self.idf = postings
            .iter()
            .map(|entries| (documents / entries.len().max(1) as f32).ln().max(0.1))
            .collect();
        self.postings = Packed::default();
        for entries in postings {
            self.postings.push(entries);
        }
    }

    fn names(&self) -> &NamesByFirstTerm {
        self.names.get_or_init(|| {
            let mut names = NamesByFirstTerm::new();
            for at in (0..self.entries.len()).filter(|&at| self.entries.is_name[at]) {
                let terms = self.entries.terms.get(at);
                if let Some(&first) = terms.first() {
                    names
                        .entry(first)
                        .or_default()
                        .push((self.entries.concept[at] as usize, terms.to_vec()));
                }
            }
            names
        })
    }

    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }

    pub fn get(&self, name: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.name == name)
    }

    /// The concepts a query evokes, best first: the best, and up to two more that score
    /// nearly as well.
    pub fn evoked(&self, query: &str) -> Vec<Evoked> {
        let terms: HashSet<u32> = content_terms(query)
            .into_iter()
            .filter_map(|term| self.number(&self.spelled_as_known(term)))
            .collect();
        if terms.is_empty() {
            return Vec::new();
        }
        let words: HashSet<String> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        // Concept → its best document's score and place, and the second best's score.
        let mut best: HashMap<usize, (f32, usize, f32)> = HashMap::new();
        let mut candidates: Vec<usize> = Vec::new();
        for &term in &terms {
            candidates.extend(
                self.postings
                    .get(term as usize)
                    .iter()
                    .map(|&at| at as usize),
            );
        }
        // In the order of the file: of two documents of a concept that score the same
        // ("api" and "apis"), the first written is the one shown, at every run.
        candidates.sort_unstable();
        candidates.dedup();
        for at in candidates {
            let entry_terms = self.entries.terms.get(at);
            let is_name = self.entries.is_name[at];
            let concept = self.entries.concept[at] as usize;
            let shared: Vec<u32> = entry_terms
                .iter()
                .copied()
                .filter(|t| terms.contains(t))
                .collect();
            let named_in_full = is_name
                && shared.len() == entry_terms.len()
                && (entry_terms.len() > 1 || said_as_written(self.entries.text.get(at), &words));
            if shared.len() < 2 && !named_in_full {
                continue;
            }
            let weight: f32 = shared.iter().map(|&t| self.idf[t as usize]).sum();
            let mut score = weight / (entry_terms.len() as f32).sqrt();
            if named_in_full {
                // A name the query says outright is what it asks about.
                score += 2.0;
            }
            let (first, first_at, second) = best.entry(concept).or_insert((0.0, at, 0.0));
            if score > *first {
                (*first, *first_at, *second) = (score, at, *first);
            } else if score > *second {
                *second = score;
            }
        }
        // A concept two of whose documents match is likelier than one with one.
        let mut ranked: Vec<(usize, f32, usize)> = best
            .into_iter()
            .map(|(c, (first, at, second))| (c, first + SECOND_PHRASING * second, at))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let Some(&(_, top, _)) = ranked.first() else {
            return Vec::new();
        };
        ranked
            .into_iter()
            .take(MOST_EVOKED)
            .filter(|&(_, score, _)| score >= MIN_SCORE && score >= top * SECOND_WITHIN)
            .map(|(concept, score, at)| Evoked {
                name: self.concepts[concept].name.clone(),
                from: self.entries.text.get(at).to_string(),
                score,
            })
            .collect()
    }

    /// A query term the concepts do not use, replaced by the one they use that is a typo
    /// away (one letter wrong, missing, extra or swapped; two in a long word), if there
    /// is exactly one best. The first letter is taken as typed: few typos are there,
    /// and it keeps the comparisons few.
    fn spelled_as_known(&self, term: String) -> String {
        let length = term.chars().count();
        if length < 5 || self.number(&term).is_some() {
            return term;
        }
        let most = if length >= 8 { 2 } else { 1 };
        let first = term.chars().next();
        let mut closest: Option<(usize, &str)> = None;
        let mut tied = false;
        for known in self.vocabulary.iter() {
            if known.chars().next() != first || known.chars().count().abs_diff(length) > most {
                continue;
            }
            let distance = strsim::osa_distance(&term, known);
            if distance > most {
                continue;
            }
            match closest {
                Some((best, _)) if distance > best => {}
                Some((best, _)) if distance == best => tied = true,
                _ => {
                    closest = Some((distance, known));
                    tied = false;
                }
            }
        }
        match closest {
            Some((_, known)) if !tied => known.to_string(),
            _ => term,
        }
    }

    /// The first of a concept's names whose every word a text has, in any order (as
    /// the search asks for them).
    pub fn name_in(&self, concept: &str, text: &str) -> Option<String> {
        let terms: HashSet<String> = analysis::terms(text).into_iter().collect();
        self.names_of(concept).into_iter().find(|name| {
            let wanted = analysis::terms(name);
            !wanted.is_empty() && wanted.iter().all(|term| terms.contains(term))
        })
    }

    /// The words a concept adds to a query: its name and other names.
    pub fn names_of(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|c| {
                std::iter::once(c.name.clone())
                    .chain(c.aliases.iter().cloned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The concepts a text names outright (by a name or another name, as a phrase of
    /// its analysed terms), in the order of the concepts file.
    pub fn tags(&self, text: &str) -> Vec<String> {
        let terms: Vec<Option<u32>> = analysis::terms(text)
            .iter()
            .map(|term| self.number(term))
            .collect();
        let mut found: Vec<usize> = Vec::new();
        for start in 0..terms.len() {
            let Some(names) = terms[start].and_then(|first| self.names().get(&first)) else {
                continue;
            };
            for (concept, name) in names {
                let end = start + name.len();
                let named = end <= terms.len()
                    && terms[start..end]
                        .iter()
                        .zip(name)
                        .all(|(term, wanted)| *term == Some(*wanted));
                if named && !found.contains(concept) {
                    found.push(*concept);
                }
            }
        }
        found.sort_unstable();
        found
            .into_iter()
            .map(|c| self.concepts[c].name.clone())
            .collect()
    }
}

/// Whether a query says a one-word name as it is written, or as its plural: a stem
/// alone says too little ("signing" is not "sign in", "secretly" is not "secrets").
fn said_as_written(name: &str, words: &HashSet<String>) -> bool {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !analysis::terms(w).is_empty())
        .all(|w| {
            words.contains(&w)
                || words.contains(&format!("{w}s"))
                || words.contains(&format!("{w}es"))
                || w.strip_suffix('s').is_some_and(|one| words.contains(one))
        })
}

/// Whether a query is long enough to describe a problem: one or two words name what
/// they ask about (synonyms and typo matching serve them), and matching costs a query
/// the time to load the concepts.
pub fn worth_matching(query: &str) -> bool {
    query.split_whitespace().count() >= 3
}

/// A text's analysed terms without the filler of a described problem.
fn content_terms(text: &str) -> Vec<String> {
    analysis::terms(&without_filler(text))
}

/// Whether a word is one of `FILLER`, in any case. Every phrasing of the concepts file
/// is checked word by word at every build: a set, not a scan of the list.
fn is_filler(word: &str) -> bool {
    static SET: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| FILLER.iter().copied().collect());
    if word.bytes().any(|b| b.is_ascii_uppercase()) || !word.is_ascii() {
        SET.contains(word.to_lowercase().as_str())
    } else {
        SET.contains(word)
    }
}

/// A text's words without the filler of a described problem.
pub fn without_filler(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty() && !is_filler(w))
        .collect::<Vec<_>>()
        .join(" ")
}

fn raw(text: &str, path: &Path) -> Result<Vec<RawConcept>, ConceptError> {
    let file: RawFile = toml::from_str(text).map_err(|e| ConceptError {
        path: path.to_path_buf(),
        line: e.span().map_or(1, |span| line_at(text, span.start)),
        message: e.message().to_string(),
    })?;
    for concept in &file.concept {
        if concept.name.trim().is_empty() {
            return Err(ConceptError {
                path: path.to_path_buf(),
                line: 1,
                message: "a concept without a name".to_string(),
            });
        }
    }
    Ok(file.concept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_concepts_parse_and_are_many() {
        let path = PathBuf::from("built-in");
        let concepts = Concepts::parse(BUILT_IN, &path).expect("parses");
        assert!(concepts.len() >= 200, "{}", concepts.len());
        for concept in &concepts.concepts {
            for related in &concept.related {
                assert!(
                    concepts.get(related).is_some(),
                    "{} → {related}",
                    concept.name
                );
            }
        }
    }

    #[test]
    fn a_described_problem_evokes_its_concept() {
        let concepts = Concepts::built_in();
        let evoked = concepts.evoked("how can another app read my calendar without my password");
        assert!(
            evoked.iter().any(|e| e.name.contains("oauth")),
            "{evoked:?}"
        );
        assert!(concepts.evoked("how do I").is_empty());
    }

    #[test]
    fn what_a_query_is_understood_from_is_the_same_at_every_run() {
        let concepts = Concepts::built_in();
        let query = "how do I stop a user from calling my api too often";
        let first: Vec<(String, String)> = concepts
            .evoked(query)
            .into_iter()
            .map(|e| (e.name, e.from))
            .collect();
        assert!(!first.is_empty());
        // Each call hashes with new keys; before candidates were ordered, documents
        // scoring the same ("api", "apis") were picked in hash order.
        for _ in 0..30 {
            let again: Vec<(String, String)> = concepts
                .evoked(query)
                .into_iter()
                .map(|e| (e.name, e.from))
                .collect();
            assert_eq!(again, first);
        }
    }

    #[test]
    fn a_stem_alone_does_not_name_a_concept() {
        let concepts = Concepts::built_in();
        let named = |query: &str| -> Vec<String> {
            concepts.evoked(query).into_iter().map(|e| e.name).collect()
        };
        // "sign in" is another name of authentication; "signing" is not it.
        assert!(
            !named("signing the release build before we ship it")
                .contains(&"authentication".to_string()),
            "{:?}",
            named("signing the release build before we ship it")
        );
        assert!(
            named("users sign in with their email and a password")
                .contains(&"authentication".to_string()),
            "{:?}",
            named("users sign in with their email and a password")
        );
    }

    #[test]
    fn a_misspelled_word_is_read_as_the_word_the_concepts_use() {
        let concepts = Concepts::built_in();
        let term = |word: &str| analysis::terms(word).remove(0);
        assert_eq!(concepts.spelled_as_known(term("recrod")), term("record"));
        assert_eq!(concepts.spelled_as_known(term("pasword")), term("password"));
        // Known words and short words stay as typed.
        assert_eq!(concepts.spelled_as_known(term("record")), term("record"));
        assert_eq!(concepts.spelled_as_known("pepl".into()), "pepl");
        let query = "two people edit the same recrod and one person's changes silently vanish";
        let evoked = concepts.evoked(query);
        assert_eq!(
            evoked.first().map(|e| e.name.as_str()),
            Some("optimistic locking"),
            "{evoked:?}"
        );
    }

    #[test]
    fn questions_are_tagged_with_the_concepts_they_name() {
        let concepts = Concepts::built_in();
        let tags = concepts.tags("What is OAuth, and how does it differ from a JWT?");
        assert!(tags.iter().any(|t| t.contains("oauth")), "{tags:?}");
        assert!(
            tags.iter()
                .any(|t| t.contains("jwt") || t.contains("json web token")),
            "{tags:?}"
        );
    }

    #[test]
    fn saved_concepts_evoke_as_the_file_does() {
        let concepts = Concepts::built_in();
        let dir = tempfile::tempdir().expect("a directory");
        concepts.save(dir.path()).expect("saved");
        let saved = Concepts::saved(dir.path()).expect("read back");
        let query = "two people edit the same record and one person's changes vanish";
        assert_eq!(saved.evoked(query), concepts.evoked(query));
        assert_eq!(
            saved.tags("What is a JWT?"),
            concepts.tags("What is a JWT?")
        );
    }

    #[test]
    fn a_broken_file_names_its_line() {
        let error = Concepts::parse(
            "[[concept]]\nname = \"x\"\ncategory = 3\n",
            &PathBuf::from("c.toml"),
        )
        .expect_err("a number is not a category");
        assert_eq!(error.line, 3, "{error}");
    }
}
