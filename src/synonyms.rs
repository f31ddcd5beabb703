//! The synonym dictionary: groups of words and phrases that mean the same thing
//! ("k8s", "kube", "Kubernetes"), read from `synonyms.toml` in the corpus directory or,
//! without one, from the copy built into qbank. Search expands a query's words with
//! the other members of their groups.
//!
//! ```toml
//! [synonyms]
//! kubernetes = ["k8s", "kube"]
//! "single sign-on" = ["sso"]
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::PathBuf;

use serde::Deserialize;
use tantivy::tokenizer::TextAnalyzer;
use toml::Spanned;

use crate::analysis::{analyzer, positioned_terms};
use crate::corpus::{Lists, line_at};

/// The file name looked for in the corpus directory.
pub const FILE_NAME: &str = "synonyms.toml";

/// The dictionary built into qbank: the repository's own `corpus/synonyms.toml`.
const BUILT_IN: &str = include_str!("../corpus/synonyms.toml");

/// One way of writing a group's meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// As written in the dictionary.
    pub text: String,
    /// Analysed terms with their positions (relative to the first): one term, or a
    /// phrase.
    pub terms: Vec<(usize, String)>,
}

impl Member {
    /// The analysed terms alone, joined by spaces: what a query's words are compared to.
    fn key(&self) -> String {
        key(self.terms.iter().map(|(_, term)| term.as_str()))
    }
}

/// Where the dictionary came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    BuiltIn,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::BuiltIn => f.write_str("built in"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Synonyms {
    groups: Vec<Vec<Member>>,
    /// Member key → the groups it belongs to.
    by_key: HashMap<String, Vec<usize>>,
    /// Most terms in one member: how far a query is scanned for a phrase.
    longest: usize,
    pub origin: Origin,
}

/// A dictionary that cannot be used: the message names the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}: {message}", path.display())]
pub struct SynonymError {
    pub path: PathBuf,
    pub line: u32,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    synonyms: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
}

impl Synonyms {
    /// The dictionary of a corpus: its directory's `synonyms.toml`, or the built-in one.
    pub fn for_corpus(lists: &Lists) -> Result<Synonyms, SynonymError> {
        let Some(dir) = lists.dir() else {
            return Ok(Synonyms::built_in());
        };
        let path = dir.join(FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => Synonyms::parse(&text, Origin::File(path)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Synonyms::built_in()),
            Err(e) => Err(SynonymError {
                path,
                line: 1,
                message: format!("cannot read the file: {e}"),
            }),
        }
    }

    pub fn built_in() -> Synonyms {
        // The built-in text is checked by a test, so it always parses.
        Synonyms::parse(BUILT_IN, Origin::BuiltIn).unwrap_or_else(|_| Synonyms::empty())
    }

    pub fn empty() -> Synonyms {
        Synonyms {
            groups: Vec::new(),
            by_key: HashMap::new(),
            longest: 0,
            origin: Origin::BuiltIn,
        }
    }

    pub fn parse(text: &str, origin: Origin) -> Result<Synonyms, SynonymError> {
        let path = match &origin {
            Origin::File(path) => path.clone(),
            Origin::BuiltIn => PathBuf::from(FILE_NAME),
        };
        let error = |offset: usize, message: String| SynonymError {
            path: path.clone(),
            line: line_at(text, offset),
            message,
        };
        let file: File = toml::from_str(text).map_err(|e| {
            error(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_string(),
            )
        })?;
        let mut analyzer = analyzer();
        let mut entries: Vec<(Spanned<String>, Vec<Spanned<String>>)> =
            file.synonyms.into_iter().collect();
        entries.sort_by_key(|(name, _)| name.span().start);
        let mut synonyms = Synonyms::empty();
        synonyms.origin = origin;
        for (name, others) in entries {
            let mut group = Vec::with_capacity(others.len() + 1);
            for text in std::iter::once(&name).chain(&others) {
                let member = member(&mut analyzer, text.get_ref()).ok_or_else(|| {
                    error(
                        text.span().start,
                        format!("'{}' has no searchable words", text.get_ref()),
                    )
                })?;
                if !group.iter().any(|m: &Member| m.key() == member.key()) {
                    group.push(member);
                }
            }
            if group.len() < 2 {
                return Err(error(
                    name.span().start,
                    format!(
                        "'{}' has no synonym that searches differently (plurals and case already match)",
                        name.get_ref()
                    ),
                ));
            }
            synonyms.add(group);
        }
        Ok(synonyms)
    }

    fn add(&mut self, group: Vec<Member>) {
        let index = self.groups.len();
        for member in &group {
            self.longest = self.longest.max(member.terms.len());
            self.by_key.entry(member.key()).or_default().push(index);
        }
        self.groups.push(group);
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Most analysed terms in one member.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// The other ways of writing these analysed terms (none when they are in no group).
    pub fn expand(&self, terms: &[&str]) -> Vec<&Member> {
        let key = key(terms.iter().copied());
        let mut out: Vec<&Member> = Vec::new();
        for &group in self.by_key.get(&key).into_iter().flatten() {
            for member in &self.groups[group] {
                if member.key() != key && !out.iter().any(|m| m.key() == member.key()) {
                    out.push(member);
                }
            }
        }
        out
    }
}

fn key<'a>(terms: impl Iterator<Item = &'a str>) -> String {
    terms.collect::<Vec<_>>().join(" ")
}

fn member(analyzer: &mut TextAnalyzer, text: &str) -> Option<Member> {
    let terms = positioned_terms(analyzer, text);
    let first = terms.first()?.0;
    Some(Member {
        text: text.to_string(),
        terms: terms.into_iter().map(|(p, t)| (p - first, t)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Synonyms, String> {
        Synonyms::parse(text, Origin::File(PathBuf::from("c/synonyms.toml")))
            .map_err(|e| e.to_string())
    }

    fn expansions(synonyms: &Synonyms, terms: &[&str]) -> Vec<String> {
        synonyms
            .expand(terms)
            .iter()
            .map(|m| m.text.clone())
            .collect()
    }

    #[test]
    fn built_in_dictionary_parses_and_is_large() {
        let synonyms = Synonyms::parse(BUILT_IN, Origin::BuiltIn).expect("built-in parses");
        assert!(synonyms.len() >= 40, "{} groups", synonyms.len());
    }

    #[test]
    fn members_find_each_other_both_ways() {
        let synonyms =
            parse("[synonyms]\nkubernetes = [\"k8s\", \"kube\"]\n\"single sign-on\" = [\"SSO\"]\n")
                .expect("valid");
        assert_eq!(expansions(&synonyms, &["k8s"]), ["kubernetes", "kube"]);
        assert_eq!(expansions(&synonyms, &["kubernet"]), ["k8s", "kube"]);
        assert_eq!(expansions(&synonyms, &["sso"]), ["single sign-on"]);
        assert_eq!(expansions(&synonyms, &["singl", "sign"]), ["SSO"]);
        assert!(expansions(&synonyms, &["docker"]).is_empty());
        assert_eq!(synonyms.longest(), 2);
    }

    #[test]
    fn phrases_keep_the_gaps_of_dropped_words() {
        let synonyms = parse("[synonyms]\nioc = [\"inversion of control\"]\n").expect("valid");
        let member = synonyms.expand(&["ioc"])[0];
        assert_eq!(
            member.terms,
            [(0, "invers".to_string()), (2, "control".to_string())]
        );
    }

    #[test]
    fn mistakes_name_their_line() {
        let err = parse("[synonyms]\nk8s = \"kubernetes\"\n").unwrap_err();
        assert!(err.starts_with("c/synonyms.toml:2: "), "{err}");
        let err = parse("[synonyms]\nk8s = [\"kubernetes\"]\ncache = [\"caches\"]\n").unwrap_err();
        assert!(
            err.starts_with("c/synonyms.toml:3: 'cache' has no synonym"),
            "{err}"
        );
        let err = parse("[synonyms]\n\nwhat = [\"the\"]\n").unwrap_err();
        assert!(
            err.starts_with("c/synonyms.toml:3: 'what' has no searchable words"),
            "{err}"
        );
        let err = parse("[words]\n").unwrap_err();
        assert!(err.starts_with("c/synonyms.toml:1: "), "{err}");
        assert!(parse("").expect("empty is valid").is_empty());
    }
}
