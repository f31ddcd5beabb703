//! Questions that ask the same thing, across lists and within one.
//!
//! Similarity is the weighted Jaccard index of two questions' content terms: the
//! analysed (stemmed) words of the question text, without the analyzer's stop words and
//! without the words that frame a question rather than say what it is about
//! ("difference", "purpose", "work", "backend", ...), each term weighted by its inverse
//! document frequency in the corpus. Two questions whose similarity reaches
//! [`THRESHOLD`] are duplicates; clusters are the connected groups of duplicates.
//!
//! Candidates come from shared rare terms: each question is compared only with the
//! questions that share one of its [`RARE_TERMS`] least frequent terms, so the work
//! grows with the corpus, not with its square.

use std::collections::{BTreeSet, HashMap};

use crate::analysis;
use crate::question::Question;

/// Similarity at which two questions count as duplicates, chosen on the labelled pairs
/// in `tests/data/duplicate-pairs.tsv` (see `tests/duplicates.rs`).
pub const THRESHOLD: f64 = 0.7;

/// How many of a question's rarest terms propose candidates.
const RARE_TERMS: usize = 3;

/// Stemmed words that frame a question without saying what it is about.
const FRAMING: &[&str] = &[
    "differ",
    "differ",
    "between",
    "concept",
    "purpos",
    "role",
    "import",
    "work",
    "use",
    "mean",
    "main",
    "common",
    "exampl",
    "give",
    "name",
    "few",
    "key",
    "benefit",
    "way",
    "help",
    "backend",
    "back",
    "end",
    "develop",
    "applic",
    "modern",
    "significance",
    "signific",
    "typic",
    "kind",
    "handl",
    "implement",
    "approach",
    "ensur",
    "take",
    "measur",
    "techniqu",
    "strategi",
    "method",
    "tool",
    "need",
    "good",
    "best",
    "practic",
    "advantag",
    "drawback",
    "us",
    "like",
    "e.g",
    "g",
    "e",
    "etc",
    "system",
    "environ",
    "product",
    "play",
    "necessari",
    "th",
    "context",
];

/// The content terms of a question.
pub fn content_terms(question: &str) -> BTreeSet<String> {
    analysis::terms(question)
        .into_iter()
        .filter(|t| !FRAMING.contains(&t.as_str()))
        .collect()
}

/// Term weights of a corpus: a term's weight is `ln(1 + N / df)`, so a shared rare
/// term ("nosql") counts for more than a shared common one ("databas").
pub struct Weights {
    idf: HashMap<String, f64>,
    /// The weight of a term the corpus does not have (as rare as can be).
    unseen: f64,
}

impl Weights {
    pub fn new<'a>(term_sets: impl IntoIterator<Item = &'a BTreeSet<String>>) -> Weights {
        let mut df: HashMap<String, usize> = HashMap::new();
        let mut n = 0usize;
        for set in term_sets {
            n += 1;
            for term in set {
                *df.entry(term.clone()).or_default() += 1;
            }
        }
        let n = n.max(1) as f64;
        Weights {
            idf: df
                .into_iter()
                .map(|(term, df)| (term, (1.0 + n / df as f64).ln()))
                .collect(),
            unseen: (1.0 + n).ln(),
        }
    }

    fn weight(&self, term: &String) -> f64 {
        self.idf.get(term).copied().unwrap_or(self.unseen)
    }

    /// Weighted Jaccard similarity of two term sets: the weight of the terms they share
    /// over the weight of all their terms (0 when both are empty).
    pub fn similarity(&self, a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
        let shared: f64 = a.intersection(b).map(|t| self.weight(t)).sum();
        let all: f64 = a.union(b).map(|t| self.weight(t)).sum();
        if all > 0.0 { shared / all } else { 0.0 }
    }
}

/// Groups of duplicates, as indexes into the input, each group sorted, groups in order
/// of their first member. Every question is in exactly one group (alone if it has no
/// duplicate).
pub fn clusters(questions: &[&str]) -> Vec<Vec<usize>> {
    let terms: Vec<BTreeSet<String>> = questions.iter().map(|q| content_terms(q)).collect();
    let weights = Weights::new(&terms);
    let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, set) in terms.iter().enumerate() {
        for term in set {
            postings.entry(term.as_str()).or_default().push(i);
        }
    }
    let mut parent: Vec<usize> = (0..questions.len()).collect();
    for (i, set) in terms.iter().enumerate() {
        let mut rare: Vec<&str> = set.iter().map(String::as_str).collect();
        rare.sort_by_key(|t| (postings.get(t).map_or(0, Vec::len), *t));
        for term in rare.into_iter().take(RARE_TERMS) {
            for &j in postings.get(term).into_iter().flatten() {
                if j > i && weights.similarity(set, &terms[j]) >= THRESHOLD {
                    union(&mut parent, i, j);
                }
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of_root: HashMap<usize, usize> = HashMap::new();
    for i in 0..questions.len() {
        let root = find(&mut parent, i);
        let group = *group_of_root.entry(root).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[group].push(i);
    }
    groups
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// Groups the questions into duplicate clusters: sets each one's `cluster` (the id of
/// the canonical member: the first with its own explanation, else the longest question)
/// and `duplicates`, and lends an explanation to every member that has none, from the
/// canonical member or else the first member that has one.
pub fn group(questions: &mut [Question]) {
    let texts: Vec<&str> = questions.iter().map(|q| q.question.as_str()).collect();
    for members in clusters(&texts) {
        if members.len() < 2 {
            continue;
        }
        let canonical = members
            .iter()
            .copied()
            .find(|&i| questions[i].explanation.is_some())
            .unwrap_or_else(|| {
                members
                    .iter()
                    .copied()
                    .max_by_key(|&i| (questions[i].question.len(), std::cmp::Reverse(i)))
                    .unwrap_or(members[0])
            });
        let lender = questions[canonical]
            .explanation
            .clone()
            .map(|text| (questions[canonical].id.clone(), text));
        let ids: Vec<String> = members.iter().map(|&i| questions[i].id.clone()).collect();
        let cluster = questions[canonical].id.clone();
        for &i in &members {
            let question = &mut questions[i];
            question.cluster = cluster.clone();
            question.duplicates = ids
                .iter()
                .filter(|id| **id != question.id)
                .cloned()
                .collect();
            if question.explanation.is_none()
                && let Some((from, text)) = &lender
            {
                question.explanation = Some(text.clone());
                question.explanation_from = Some(from.clone());
            }
        }
    }
}

/// Reads labelled pairs: lines of `id_a<TAB>id_b<TAB>1|0`, `#` comments and blank lines
/// skipped. Errors name the line.
pub fn parse_pairs(text: &str) -> Result<Vec<(String, String, bool)>, String> {
    let mut pairs = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            [a, b, "1"] => pairs.push((a.to_string(), b.to_string(), true)),
            [a, b, "0"] => pairs.push((a.to_string(), b.to_string(), false)),
            _ => return Err(format!("line {}: expected id<TAB>id<TAB>1 or 0", n + 1)),
        }
    }
    Ok(pairs)
}

/// Precision and recall of the duplicate rule on labelled pairs of question texts.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PairScore {
    pub threshold: f64,
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub precision: f64,
    pub recall: f64,
}

/// Scores the similarity rule at `threshold` on `(text a, text b, is duplicate)` pairs,
/// with term weights from `corpus` (the texts of every question).
pub fn score_pairs(corpus: &[&str], pairs: &[(&str, &str, bool)], threshold: f64) -> PairScore {
    let sets: Vec<BTreeSet<String>> = corpus.iter().map(|q| content_terms(q)).collect();
    let weights = Weights::new(&sets);
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (a, b, duplicate) in pairs {
        let predicted = weights.similarity(&content_terms(a), &content_terms(b)) >= threshold;
        match (predicted, *duplicate) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            (false, false) => {}
        }
    }
    let ratio = |n: usize, d: usize| if d == 0 { 1.0 } else { n as f64 / d as f64 };
    PairScore {
        threshold,
        true_positives: tp,
        false_positives: fp,
        false_negatives: fn_,
        precision: ratio(tp, tp + fp),
        recall: ratio(tp, tp + fn_),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_words_do_not_count() {
        assert_eq!(
            content_terms("What is the difference between SQL and NoSQL databases?"),
            content_terms("Explain the difference between SQL and NoSQL")
                .into_iter()
                .chain(["databas".to_string()])
                .collect()
        );
    }

    #[test]
    fn clusters_join_duplicates_transitively_and_keep_the_rest_alone() {
        let groups = clusters(&[
            "What is the difference between SQL and NoSQL databases?",
            "What is a load balancer?",
            "Can you explain the difference between SQL and NoSQL databases?",
            "SQL vs NoSQL databases: what is the difference?",
        ]);
        assert_eq!(groups, vec![vec![0, 2, 3], vec![1]]);
    }
}
