//! Nearest labelled neighbours by BM25 similarity, over an in-memory inverted index of
//! the training examples.
//!
//! Every question without a label is a query here, so this is the classifier's inner
//! loop. Each example's BM25 score per term is computed once, when the examples are
//! read, and a query adds up the scores of its terms' examples, rarest term first. Once
//! the terms left could not lift an example not yet met above the `k`-th best so far
//! (MaxScore pruning), their scores are only added to the examples already met: the
//! ranking is the exhaustive one, with fewer examples to rank. (A Tantivy index in RAM
//! ranks alike, with block-max WAND, but its set-up per query cost more than the
//! scoring saved: classifying 100,000 generated questions took 2.7 times as long.)

use std::cell::RefCell;
use std::collections::HashMap;

use crate::analysis;

/// BM25 parameters, Tantivy's (and Lucene's) defaults.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Labelled examples, searchable by text.
pub struct Neighbours<K> {
    term_ids: HashMap<String, u32>,
    /// Per term: the examples holding it and the term's BM25 score in each.
    postings: Vec<Vec<(u32, f32)>>,
    /// Per term: its best score in any example.
    max_score: Vec<f32>,
    labels: Vec<K>,
}

/// At most this many examples are kept, spread evenly over those given. Every
/// inference is a query against them, so without a cap a corpus labelled throughout
/// would cost time quadratic in its size; far fewer than this already vote as well.
pub const MAX_EXAMPLES: usize = 10_000;

impl<K: Copy + LabelIndex> Neighbours<K> {
    pub fn new(examples: Vec<(String, K)>) -> Self {
        let examples = spread(examples, MAX_EXAMPLES);
        let analysed: Vec<(Vec<(String, u32)>, u32)> = examples
            .iter()
            .map(|(text, _)| analysis::term_counts(text))
            .collect();
        let documents = analysed.len() as f32;
        let average_length =
            analysed.iter().map(|(_, n)| *n as f32).sum::<f32>() / documents.max(1.0);
        let mut term_ids: HashMap<String, u32> = HashMap::new();
        let mut postings: Vec<Vec<(u32, f32)>> = Vec::new();
        for (row, (counts, length)) in analysed.into_iter().enumerate() {
            let norm = K1 * (1.0 - B + B * length as f32 / average_length.max(f32::MIN_POSITIVE));
            for (term, count) in counts {
                let next = postings.len() as u32;
                let id = *term_ids.entry(term).or_insert(next);
                if id == next {
                    postings.push(Vec::new());
                }
                let count = count as f32;
                postings[id as usize].push((row as u32, count / (count + norm)));
            }
        }
        let mut max_score = Vec::with_capacity(postings.len());
        for examples in postings.iter_mut() {
            let holding = examples.len() as f32;
            let idf = (1.0 + (documents - holding + 0.5) / (holding + 0.5)).ln();
            let mut best = 0.0f32;
            for (_, score) in examples.iter_mut() {
                *score *= idf * (1.0 + K1);
                best = best.max(*score);
            }
            max_score.push(best);
        }
        Neighbours {
            term_ids,
            postings,
            max_score,
            labels: examples.into_iter().map(|(_, label)| label).collect(),
        }
    }

    /// The summed similarity of the `k` nearest examples, per label (indexed by
    /// `LabelIndex::index`); all zeros when nothing is similar.
    pub fn vote(&self, text: &str, k: usize) -> Vec<f32> {
        thread_local! {
            // Per example its score so far, and which examples have one: kept between
            // queries, so that a query costs what its terms' examples cost.
            static SCRATCH: RefCell<(Vec<f32>, Vec<u32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
        }
        let mut terms: Vec<u32> = analysis::terms(text)
            .iter()
            .filter_map(|term| self.term_ids.get(term).copied())
            .collect();
        terms.sort_by_key(|&t| (self.postings[t as usize].len(), t));
        let nearest = SCRATCH.with_borrow_mut(|(scores, touched)| {
            scores.resize(self.labels.len().max(scores.len()), 0.0);
            let mut closed = false;
            for (n, &term) in terms.iter().enumerate() {
                let list = &self.postings[term as usize];
                // Finding the k-th best costs a pass over the examples met: worth it
                // before a list longer than that.
                if !closed && touched.len() >= k && list.len() > touched.len() {
                    let reach: f32 = terms[n..].iter().map(|&t| self.max_score[t as usize]).sum();
                    // The margin keeps rounding from ever closing too early.
                    closed = reach * 1.001 < kth_best(scores, touched, k);
                }
                if closed {
                    for &(row, score) in list {
                        let sum = &mut scores[row as usize];
                        if *sum != 0.0 {
                            *sum += score;
                        }
                    }
                    continue;
                }
                for &(row, score) in list {
                    let sum = &mut scores[row as usize];
                    if *sum == 0.0 {
                        touched.push(row);
                    }
                    // Every score is positive (idf > 0), so a touched sum is too.
                    *sum += score;
                }
            }
            let mut nearest = Nearest::new(k);
            for row in touched.drain(..) {
                nearest.offer(row, std::mem::take(&mut scores[row as usize]));
            }
            nearest.best
        });
        let mut votes = vec![0.0; K::COUNT];
        for (row, score) in nearest {
            if let Some(label) = self.labels.get(row as usize) {
                votes[label.index()] += score;
            }
        }
        votes
    }
}

/// The `k`-th best score among the touched examples.
fn kth_best(scores: &[f32], touched: &[u32], k: usize) -> f32 {
    let mut nearest = Nearest::new(k);
    for &row in touched {
        nearest.offer(row, scores[row as usize]);
    }
    nearest
        .best
        .get(k.wrapping_sub(1))
        .map_or(f32::INFINITY, |&(_, score)| score)
}

/// The `k` best of the examples offered, best first; among equals the earlier example,
/// as a search engine ranks them.
struct Nearest {
    k: usize,
    best: Vec<(u32, f32)>,
}

impl Nearest {
    fn new(k: usize) -> Nearest {
        Nearest {
            k,
            best: Vec::with_capacity(k + 1),
        }
    }

    fn offer(&mut self, row: u32, score: f32) {
        let ahead = |&(r, s): &(u32, f32)| s > score || (s == score && r < row);
        if self.best.len() == self.k && self.best.last().is_none_or(ahead) {
            return;
        }
        let at = self.best.partition_point(ahead);
        self.best.insert(at, (row, score));
        self.best.truncate(self.k);
    }
}

/// At most `max` of `items`, taken at even steps from the first.
pub fn spread<T>(items: Vec<T>, max: usize) -> Vec<T> {
    if items.len() <= max {
        return items;
    }
    let step = items.len().div_ceil(max);
    items.into_iter().step_by(step).collect()
}

/// A closed set of labels, numbered from 0.
pub trait LabelIndex {
    const COUNT: usize;
    fn index(self) -> usize;
}

impl LabelIndex for crate::question::Category {
    const COUNT: usize = crate::question::Category::ALL.len();
    fn index(self) -> usize {
        crate::question::Category::index(self)
    }
}

impl LabelIndex for crate::question::Level {
    const COUNT: usize = crate::question::Level::ALL.len();
    fn index(self) -> usize {
        crate::question::Level::index(self)
    }
}

#[cfg(test)]
mod tests {
    use super::{Nearest, Neighbours, spread};
    use crate::question::Level;

    #[test]
    fn nearest_keeps_the_k_best_and_the_earlier_of_equals() {
        let mut nearest = Nearest::new(3);
        for (row, score) in [(0, 1.0), (1, 3.0), (2, 2.0), (3, 3.0), (4, 0.5), (5, 2.0)] {
            nearest.offer(row, score);
        }
        assert_eq!(nearest.best, [(1, 3.0), (3, 3.0), (2, 2.0)]);
        let mut none = Nearest::new(0);
        none.offer(0, 1.0);
        assert!(none.best.is_empty());
    }

    #[test]
    fn votes_go_to_the_labels_of_the_most_similar_examples() {
        let neighbours = Neighbours::new(vec![
            (
                "What is a cache eviction policy?".to_string(),
                Level::Advanced,
            ),
            ("What is SQL?".to_string(), Level::Beginner),
            (
                "How does cache eviction work in Redis?".to_string(),
                Level::Advanced,
            ),
            ("What is a join in SQL?".to_string(), Level::Beginner),
        ]);
        let votes = neighbours.vote("cache eviction", 2);
        assert!(votes[Level::Advanced.index()] > 0.0);
        assert_eq!(votes[Level::Beginner.index()], 0.0);
        // With k = 1 only the nearest votes: the question holding both words.
        let one = neighbours.vote("sql join", 1);
        assert!(one[Level::Beginner.index()] > 0.0);
        assert_eq!(one.iter().filter(|&&v| v > 0.0).count(), 1);
        assert!(neighbours.vote("kubernetes", 5).iter().all(|&v| v == 0.0));
    }

    #[test]
    fn spread_keeps_at_most_max_at_even_steps() {
        assert_eq!(spread((0..10).collect(), 20), (0..10).collect::<Vec<_>>());
        assert_eq!(spread((0..10).collect(), 5), [0, 2, 4, 6, 8]);
        assert_eq!(spread((0..10).collect(), 4), [0, 3, 6, 9]);
        assert!(spread((0..100_001).collect::<Vec<_>>(), 10_000).len() <= 10_000);
    }
}
