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

use serde::{Deserialize, Serialize};

use crate::analysis;
use crate::corpus::{Lists, line_at};

pub const FILE_NAME: &str = "concepts.toml";
const BUILT_IN: &str = include_str!("../corpus/concepts.toml");

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

/// A small document a query is matched against: a concept's name, another name, or a
/// phrasing.
#[derive(Debug, Clone)]
struct Entry {
    concept: usize,
    text: String,
    terms: Vec<String>,
    /// A name or another name (a phrasing is not one).
    is_name: bool,
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
    entries: Vec<Entry>,
    /// Term → entries holding it.
    postings: HashMap<String, Vec<usize>>,
    idf: HashMap<String, f32>,
    /// First term of a name → (concept, the name's terms): for tagging questions.
    names: HashMap<String, Vec<(usize, Vec<String>)>>,
}

/// The concepts as saved beside an index: (name, other names, category); the terms;
/// (concept, text, term numbers, is a name) of each entry.
#[derive(Serialize, Deserialize)]
struct Saved {
    concepts: Vec<(String, Vec<String>, String)>,
    vocabulary: Vec<String>,
    entries: Vec<(u32, String, Vec<u32>, bool)>,
}

/// The file an index generation keeps its concepts in.
pub const SAVED: &str = "concepts.json";

/// The least score a concept needs to be evoked, and how close to the best a second
/// one must come to be evoked too.
const MIN_SCORE: f32 = 2.0;
const SECOND_WITHIN: f32 = 0.8;
/// The most concepts one query evokes: a described problem often touches two or three
/// (a slow signup is about hashing, queues and performance).
const MOST_EVOKED: usize = 3;

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

    /// The concepts an index build saved in `dir`; `None` when there are none there.
    pub fn saved(dir: &std::path::Path) -> Option<Concepts> {
        let text = std::fs::read(dir.join(SAVED)).ok()?;
        let saved: Saved = serde_json::from_slice(&text).ok()?;
        let term = |id: &u32| saved.vocabulary.get(*id as usize).cloned();
        let mut concepts = Concepts {
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
            entries: saved
                .entries
                .iter()
                .map(|(concept, text, terms, is_name)| Entry {
                    concept: *concept as usize,
                    text: text.clone(),
                    terms: terms.iter().filter_map(term).collect(),
                    is_name: *is_name,
                })
                .collect(),
            ..Concepts::default()
        };
        concepts.look_up();
        Some(concepts)
    }

    /// Saves the concepts, analysed, in `dir`: what a search needs of them, its terms
    /// numbered (a third of the size as text, read in a millisecond or two).
    pub fn save(&self, dir: &std::path::Path) -> std::io::Result<()> {
        let mut vocabulary: Vec<String> = Vec::new();
        let mut numbers: HashMap<&str, u32> = HashMap::new();
        let mut entries = Vec::with_capacity(self.entries.len());
        for entry in &self.entries {
            let terms = entry
                .terms
                .iter()
                .map(|term| {
                    *numbers.entry(term.as_str()).or_insert_with(|| {
                        vocabulary.push(term.clone());
                        (vocabulary.len() - 1) as u32
                    })
                })
                .collect();
            entries.push((
                entry.concept as u32,
                entry.text.clone(),
                terms,
                entry.is_name,
            ));
        }
        let saved = Saved {
            concepts: self
                .concepts
                .iter()
                .map(|c| (c.name.clone(), c.aliases.clone(), c.category.clone()))
                .collect(),
            vocabulary,
            entries,
        };
        let json = serde_json::to_vec(&saved).map_err(std::io::Error::other)?;
        std::fs::write(dir.join(SAVED), json)
    }

    fn from_raw(raw: Vec<RawConcept>) -> Concepts {
        let mut concepts = Concepts::default();
        for (index, c) in raw.into_iter().enumerate() {
            let names = std::iter::once(&c.name).chain(&c.aliases);
            for text in names {
                let terms = analysis::terms(text);
                concepts.push_entry(index, text, terms, true);
            }
            for text in &c.phrasings {
                let terms: Vec<String> = content_terms(text);
                concepts.push_entry(index, text, terms, false);
            }
            concepts.concepts.push(Concept {
                name: c.name,
                aliases: c.aliases,
                phrasings: c.phrasings,
                category: c.category,
                related: c.related,
            });
        }
        concepts.look_up();
        concepts
    }

    /// Builds the tables a query and a question are looked up in from the entries.
    fn look_up(&mut self) {
        self.postings.clear();
        self.names.clear();
        for (at, entry) in self.entries.iter().enumerate() {
            for term in entry.terms.iter().collect::<HashSet<_>>() {
                self.postings.entry(term.clone()).or_default().push(at);
            }
            if entry.is_name
                && let Some(first) = entry.terms.first()
            {
                self.names
                    .entry(first.clone())
                    .or_default()
                    .push((entry.concept, entry.terms.clone()));
            }
        }
        let documents = self.entries.len().max(1) as f32;
        self.idf = self
            .postings
            .iter()
            .map(|(term, entries)| {
                let idf = (documents / entries.len() as f32).ln().max(0.1);
                (term.clone(), idf)
            })
            .collect();
    }

    fn push_entry(&mut self, concept: usize, text: &str, mut terms: Vec<String>, is_name: bool) {
        terms.dedup();
        if terms.is_empty() {
            return;
        }
        self.entries.push(Entry {
            concept,
            text: text.to_string(),
            terms,
            is_name,
        });
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
        let terms: HashSet<String> = content_terms(query).into_iter().collect();
        if terms.is_empty() {
            return Vec::new();
        }
        let mut best: HashMap<usize, (f32, usize)> = HashMap::new();
        let mut candidates: HashSet<usize> = HashSet::new();
        for term in &terms {
            if let Some(entries) = self.postings.get(term) {
                candidates.extend(entries.iter().copied());
            }
        }
        for at in candidates {
            let entry = &self.entries[at];
            let shared: Vec<&String> = entry.terms.iter().filter(|t| terms.contains(*t)).collect();
            let named_in_full = entry.is_name && shared.len() == entry.terms.len();
            if shared.len() < 2 && !named_in_full {
                continue;
            }
            let weight: f32 = shared
                .iter()
                .map(|t| self.idf.get(*t).copied().unwrap_or(0.1))
                .sum();
            let mut score = weight / (entry.terms.len() as f32).sqrt();
            if named_in_full {
                // A name the query says outright is what it asks about.
                score += 2.0;
            }
            let slot = best.entry(entry.concept).or_insert((0.0, at));
            if score > slot.0 {
                *slot = (score, at);
            }
        }
        let mut ranked: Vec<(usize, f32, usize)> =
            best.into_iter().map(|(c, (s, at))| (c, s, at)).collect();
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
                from: self.entries[at].text.clone(),
                score,
            })
            .collect()
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
        let terms = analysis::terms(text);
        let mut found: Vec<usize> = Vec::new();
        for start in 0..terms.len() {
            let Some(names) = self.names.get(&terms[start]) else {
                continue;
            };
            for (concept, name) in names {
                let end = start + name.len();
                if end <= terms.len() && terms[start..end] == name[..] && !found.contains(concept) {
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

/// Whether a query is long enough to describe a problem: one or two words name what
/// they ask about (synonyms and typo matching serve them), and matching costs a query
/// the time to load the concepts.
pub fn worth_matching(query: &str) -> bool {
    query.split_whitespace().count() >= 3
}

/// A text's analysed terms without the filler of a described problem.
fn content_terms(text: &str) -> Vec<String> {
    let words: String = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty() && !FILLER.contains(&w.to_lowercase().as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    analysis::terms(&words)
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
