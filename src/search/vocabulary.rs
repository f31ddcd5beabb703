//! The words of the corpus as written (the `words` field): what typo matching, split
//! and joined words and "did you mean" suggestions draw on, so that every expansion is
//! a word some question really uses.

use std::collections::HashMap;

use tantivy::Term;
use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy_fst::Automaton;

use super::edits::WithinEdits;
use crate::analysis::is_stop_word;

/// A corpus word close to a query word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbour {
    pub word: String,
    /// Edits from the query word (a swap of two neighbouring letters counts one).
    pub distance: u8,
    /// Questions that use the word.
    pub doc_freq: u64,
}

pub struct Vocabulary<'a> {
    searcher: &'a tantivy::Searcher,
    field: Field,
}

impl<'a> Vocabulary<'a> {
    pub fn new(searcher: &'a tantivy::Searcher, field: Field) -> Self {
        Vocabulary { searcher, field }
    }

    /// How many questions use this word (lower-cased) as written.
    pub fn doc_freq(&self, word: &str) -> u64 {
        self.searcher
            .doc_freq(&Term::from_field_text(self.field, word))
            .unwrap_or(0)
    }

    /// Corpus words within `distance` edits of `word`, not the word itself, closest and
    /// then most used first.
    pub fn near(&self, word: &str, distance: u8) -> tantivy::Result<Vec<Neighbour>> {
        let mut found: HashMap<String, u64> = HashMap::new();
        match WithinEdits::new(word, distance) {
            Some(automaton) => self.collect(&automaton, word, &mut found)?,
            None => {
                let automaton =
                    FuzzyTermQuery::new(Term::from_field_text(self.field, word), distance, true)
                        .automaton()?;
                self.collect(&automaton, word, &mut found)?;
            }
        }
        let mut neighbours: Vec<Neighbour> = found
            .into_iter()
            .map(|(text, doc_freq)| Neighbour {
                distance: u8::try_from(strsim::osa_distance(word, &text)).unwrap_or(u8::MAX),
                word: text,
                doc_freq,
            })
            .collect();
        neighbours.sort_by(|a, b| {
            (a.distance, std::cmp::Reverse(a.doc_freq), &a.word).cmp(&(
                b.distance,
                std::cmp::Reverse(b.doc_freq),
                &b.word,
            ))
        });
        Ok(neighbours)
    }

    /// Adds the corpus words the automaton accepts, other than `word`, with the number
    /// of questions that use each.
    fn collect<A>(
        &self,
        automaton: &A,
        word: &str,
        found: &mut HashMap<String, u64>,
    ) -> tantivy::Result<()>
    where
        A: Automaton,
        A::State: Clone,
    {
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(self.field)?;
            let mut stream = inverted.terms().search(automaton).into_stream()?;
            while stream.advance() {
                let Ok(text) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if text != word {
                    *found.entry(text.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
        Ok(())
    }

    /// Up to `limit` corpus words that start with `prefix`, in alphabetical order.
    pub fn starting_with(&self, prefix: &str, limit: usize) -> tantivy::Result<Vec<String>> {
        let mut words: Vec<String> = Vec::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(self.field)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()?;
            let mut taken = 0;
            while stream.advance() && taken < limit {
                let Ok(text) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if !text.starts_with(prefix) {
                    break;
                }
                taken += 1;
                if !words.iter().any(|w| w == text) {
                    words.push(text.to_string());
                }
            }
        }
        words.sort();
        words.truncate(limit);
        Ok(words)
    }

    /// The best way to read a run-together word as two corpus words ("loadbalancer" →
    /// "load", "balancer"): both parts at least three letters, not common words, and
    /// used in the corpus; the split whose rarer part is most used wins.
    pub fn split(&self, word: &str) -> Option<(String, String)> {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() < 6 {
            return None;
        }
        let mut best: Option<(u64, usize)> = None;
        for &(at, _) in &chars[3..chars.len() - 2] {
            let (left, right) = word.split_at(at);
            if is_stop_word(left) || is_stop_word(right) {
                continue;
            }
            let support = self.doc_freq(left).min(self.doc_freq(right));
            if support > 0 && best.is_none_or(|(b, _)| support > b) {
                best = Some((support, at));
            }
        }
        best.map(|(_, at)| (word[..at].to_string(), word[at..].to_string()))
    }
}
