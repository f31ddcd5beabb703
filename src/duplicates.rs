//! Questions that ask the same thing, across lists and within one.
//!
//! Similarity is the weighted Jaccard index of two questions' content terms: the
//! analysed (stemmed) words of the question text, without the analyzer's stop words and
//! without the words that frame a question rather than say what it is about
//! ("difference", "purpose", "work", "backend", ...), each term weighted by its inverse
//! document frequency in the corpus. Two questions whose similarity reaches
//! [`THRESHOLD`] are duplicates; clusters gather the duplicates of a leader (see
//! [`clusters`]).
//!
//! Candidates come from prefix filtering, which is exact: with every question's terms
//! ordered rarest first, two questions whose similarity reaches the threshold must share
//! a term among the first terms of each that carry more than `1 - THRESHOLD` of its
//! weight (otherwise the terms one lacks would outweigh what the threshold allows). Only
//! those prefixes are indexed and probed, and pairs whose total weights differ by more
//! than the threshold allows are skipped unmeasured, so the work follows the rare terms
//! questions share, not the square of the corpus.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::analysis;
use crate::question::{Question, fenced_code};

/// Similarity at which two questions count as duplicates, chosen on the labelled pairs
/// in `tests/data/duplicate-pairs.tsv` (see `tests/duplicates.rs`).
pub const THRESHOLD: f64 = 0.7;

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
///
/// Groups form around leaders, in corpus order: a question with exactly the content
/// terms of an earlier one goes where that one went; any other joins the earlier leader
/// it is most similar to, if that similarity reaches the threshold, and otherwise leads
/// a group of its own. Every member is thus a duplicate of its leader. Joining
/// duplicates of duplicates instead (the transitive closure) chains on a large corpus:
/// short questions that share one frequent word link into one group of a quarter of a
/// million.
pub fn clusters(questions: &[&str]) -> Vec<Vec<usize>> {
    clusters_in_batches(questions, BATCH)
}

fn clusters_in_batches(questions: &[&str], batch_len: usize) -> Vec<Vec<usize>> {
    let interned = Interned::new(questions);
    let mut leader_of: Vec<usize> = Vec::with_capacity(questions.len());
    // A large corpus repeats questions word for word; each set is measured once.
    let mut first_with: HashMap<&[u32], usize> = HashMap::new();
    let mut leaders = LeaderIndex::default();
    // Questions are taken in batches: each is measured against the leaders before its
    // batch on every core, then, in order, against the leaders its batch made. The best
    // of both is what measuring in order would have found.
    for start in (0..questions.len()).step_by(batch_len.max(1)) {
        let batch = start..(start + batch_len.max(1)).min(questions.len());
        let earlier: Vec<Option<(f64, usize)>> = batch
            .clone()
            .into_par_iter()
            .map(|i| {
                let repeated = first_with.contains_key(interned.sets[i].as_slice());
                if repeated {
                    None
                } else {
                    best_leader(&interned, &leaders, i)
                }
            })
            .collect();
        let mut made = LeaderIndex::default();
        for (i, earlier) in batch.zip(earlier) {
            let set = &interned.sets[i];
            if !set.is_empty() {
                if let Some(&first) = first_with.get(set.as_slice()) {
                    leader_of.push(leader_of[first]);
                    continue;
                }
                first_with.insert(set, i);
            }
            match better(earlier, best_leader(&interned, &made, i)) {
                Some((_, leader)) => leader_of.push(leader),
                None => {
                    leader_of.push(i);
                    made.add(&interned, i);
                }
            }
        }
        leaders.append(made);
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of_leader: HashMap<usize, usize> = HashMap::new();
    for (i, &leader) in leader_of.iter().enumerate() {
        let group = *group_of_leader.entry(leader).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[group].push(i);
    }
    groups
}

/// Questions analysed together on every core.
const ANALYSED_AT_ONCE: usize = 65_536;

/// Questions measured together on every core before their own leaders are known.
const BATCH: usize = 4096;

/// The leader in `leaders` most similar to question `i`, if that reaches the threshold.
fn best_leader(interned: &Interned, leaders: &LeaderIndex, i: usize) -> Option<(f64, usize)> {
    let set = &interned.sets[i];
    let total = interned.totals[i];
    let mut best = None;
    // Weighted Jaccard is at most min/max of the two totals: only leaders whose totals
    // are within the threshold's ratio of this one can be duplicates. A leader sharing
    // several prefix terms is measured once per term: cheaper than remembering which
    // were measured, since the lists are read in order.
    let bands = band(total * THRESHOLD)..=band(total / THRESHOLD);
    for &term in interned.prefix(i) {
        for band in bands.clone() {
            for (j, other, terms) in leaders.entries(term, band) {
                if total.min(other) < THRESHOLD * total.max(other) {
                    continue;
                }
                let similarity = interned.similarity(set, terms);
                if similarity >= THRESHOLD {
                    best = better(best, Some((similarity, j)));
                }
            }
        }
    }
    best
}

/// The more similar of two candidate leaders, the earlier one on a tie.
fn better(a: Option<(f64, usize)>, b: Option<(f64, usize)>) -> Option<(f64, usize)> {
    match (a, b) {
        (Some((sa, la)), Some((sb, lb))) => {
            if sb > sa || (sb == sa && lb < la) {
                b
            } else {
                a
            }
        }
        (a, None) => a,
        (None, b) => b,
    }
}

/// The band of a set's total weight: bands are a tenth of an `e` factor wide, so the
/// leaders a question can match lie in a handful of bands around its own.
fn band(total: f64) -> i32 {
    (total.max(f64::MIN_POSITIVE).ln() * 10.0).floor() as i32
}

/// Leaders by (prefix term, total weight band). Each list is one buffer of entries
/// `leader, total (two words), term count, terms…`: a probe reads a list in memory order
/// instead of jumping to every leader's set, which on a large corpus costs more than
/// measuring the similarity.
#[derive(Default)]
struct LeaderIndex {
    lists: HashMap<(u32, i32), Vec<u32>>,
}

impl LeaderIndex {
    /// Lists question `leader` under each of its prefix terms.
    fn add(&mut self, interned: &Interned, leader: usize) {
        let terms = &interned.sets[leader];
        let total = interned.totals[leader];
        let bits = total.to_bits();
        for &term in interned.prefix(leader) {
            let list = self.lists.entry((term, band(total))).or_default();
            // Corpora hold far fewer than 2^32 questions, or terms in one question.
            list.extend([
                leader as u32,
                (bits >> 32) as u32,
                bits as u32,
                terms.len() as u32,
            ]);
            list.extend_from_slice(terms);
        }
    }

    fn append(&mut self, other: LeaderIndex) {
        for (key, list) in other.lists {
            self.lists.entry(key).or_default().extend(list);
        }
    }

    /// The leaders listed under a term and band: (leader, its total weight, its terms).
    fn entries(&self, term: u32, band: i32) -> impl Iterator<Item = (usize, f64, &[u32])> {
        let mut rest: &[u32] = self.lists.get(&(term, band)).map_or(&[], Vec::as_slice);
        std::iter::from_fn(move || {
            let [leader, high, low, len, tail @ ..] = rest else {
                return None;
            };
            let (terms, after) = tail.split_at((*len as usize).min(tail.len()));
            rest = after;
            let total = f64::from_bits((u64::from(*high) << 32) | u64::from(*low));
            Some((*leader as usize, total, terms))
        })
    }
}

/// Term sets as numbers, ordered rarest first (the order prefix filtering needs), with
/// each term's weight and each set's total weight.
struct Interned {
    /// Per question: term ids, rarest (heaviest) first; ties by id.
    sets: Vec<Vec<u32>>,
    weight: Vec<f64>,
    totals: Vec<f64>,
    /// Per question: how many of its first terms form its prefix.
    prefix_len: Vec<usize>,
}

impl Interned {
    fn new(questions: &[&str]) -> Interned {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<usize> = Vec::new();
        let mut numbered: Vec<Vec<u32>> = Vec::with_capacity(questions.len());
        // Analysed a slice at a time, so that only the numbers of a large corpus's
        // terms are held, not their text.
        for slice in questions.chunks(ANALYSED_AT_ONCE) {
            let sets: Vec<BTreeSet<String>> = slice.par_iter().map(|q| content_terms(q)).collect();
            for set in sets {
                let terms = set
                    .into_iter()
                    .map(|term| {
                        let next = df.len() as u32;
                        let id = *ids.entry(term).or_insert(next);
                        if id == next {
                            df.push(0);
                        }
                        df[id as usize] += 1;
                        id
                    })
                    .collect();
                numbered.push(terms);
            }
        }
        // As `Weights`: ln(1 + N / df).
        let n = questions.len().max(1) as f64;
        let first_weight: Vec<f64> = df.iter().map(|&df| (1.0 + n / df as f64).ln()).collect();
        // Renumbered rarest first (ties in order of appearance), so that a set sorted by
        // number is in prefix order and two sets merge by comparing numbers.
        let mut by_rarity: Vec<u32> = (0..first_weight.len() as u32).collect();
        by_rarity.sort_by(|&a, &b| {
            first_weight[b as usize]
                .total_cmp(&first_weight[a as usize])
                .then(a.cmp(&b))
        });
        let mut rank = vec![0u32; by_rarity.len()];
        for (r, &id) in by_rarity.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        let weight: Vec<f64> = by_rarity
            .iter()
            .map(|&id| first_weight[id as usize])
            .collect();
        let numbered: Vec<Vec<u32>> = numbered
            .into_par_iter()
            .map(|terms| {
                let mut terms: Vec<u32> = terms.iter().map(|&t| rank[t as usize]).collect();
                terms.sort_unstable();
                terms
            })
            .collect();
        let totals: Vec<f64> = numbered
            .iter()
            .map(|terms| terms.iter().map(|&t| weight[t as usize]).sum())
            .collect();
        let prefix_len = numbered
            .iter()
            .zip(&totals)
            .map(|(terms, &total)| {
                // The shortest prefix weighing more than what a duplicate may lack.
                let allowed = (1.0 - THRESHOLD) * total;
                let mut sum = 0.0;
                terms
                    .iter()
                    .position(|&t| {
                        sum += weight[t as usize];
                        sum > allowed
                    })
                    .map_or(terms.len(), |at| at + 1)
            })
            .collect();
        Interned {
            sets: numbered,
            weight,
            totals,
            prefix_len,
        }
    }

    fn prefix(&self, i: usize) -> &[u32] {
        &self.sets[i][..self.prefix_len[i]]
    }

    /// Weighted Jaccard of two sets in the same (rarest first) order.
    fn similarity(&self, a: &[u32], b: &[u32]) -> f64 {
        let (mut i, mut j) = (0, 0);
        let (mut shared, mut all) = (0.0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Equal => {
                    shared += self.weight[a[i] as usize];
                    all += self.weight[a[i] as usize];
                    i += 1;
                    j += 1;
                }
                std::cmp::Ordering::Less => {
                    all += self.weight[a[i] as usize];
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    all += self.weight[b[j] as usize];
                    j += 1;
                }
            }
        }
        all += a[i..]
            .iter()
            .chain(&b[j..])
            .map(|&t| self.weight[t as usize])
            .sum::<f64>();
        if all > 0.0 { shared / all } else { 0.0 }
    }
}

/// Groups the questions into duplicate clusters: sets each one's `cluster` (the id of
/// the canonical member: the first with its own explanation, else the longest question)
/// and lends the canonical member's explanation to every member that has none, by
/// naming it in `explanation_from`; the text is copied only into the index, as each
/// borrower's document is written. `duplicates` stays empty: the members of a cluster
/// are found from its id when a question is read back (`Searcher`). So a large cluster
/// costs memory in proportion to its size, not its square, nor its size times an
/// explanation.
///
/// A question's code is part of what it asks: "What does this print?" over two
/// different snippets is two questions. Questions that read alike are duplicates only
/// when their code is the same too (or neither has any).
pub fn group(questions: &mut [Question]) {
    let texts: Vec<&str> = questions.iter().map(|q| q.question.as_str()).collect();
    let groups = clusters(&texts);
    let code_keys: Vec<Option<String>> = questions
        .iter()
        .map(|q| q.code.as_deref().map(code_key))
        .collect();
    for text_members in groups {
        for members in split_by_code(&text_members, &code_keys) {
            mark_cluster(questions, &members);
        }
    }
}

/// What makes two pieces of code the same: the code between the fences, whitespace
/// collapsed, so that a snippet indented or fenced differently in another list (or
/// tagged `javascript` instead of `js`) still matches.
fn code_key(code: &str) -> String {
    crate::corpus::collapse_whitespace(fenced_code(code).1)
}

/// The members of a cluster of similar texts, split into groups with the same code,
/// each in the cluster's order, groups in order of their first member.
fn split_by_code(members: &[usize], code_keys: &[Option<String>]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<&Option<String>, usize> = HashMap::new();
    for &i in members {
        let group = *group_of.entry(&code_keys[i]).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[group].push(i);
    }
    groups
}

fn mark_cluster(questions: &mut [Question], members: &[usize]) {
    if members.len() < 2 {
        return;
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
        .is_some()
        .then(|| questions[canonical].id.clone());
    let cluster = questions[canonical].id.clone();
    for &i in members {
        let question = &mut questions[i];
        question.cluster = cluster.clone();
        if question.explanation.is_none() {
            question.explanation_from.clone_from(&lender);
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
    fn prefix_filtering_finds_the_leaders_all_pairs_would() {
        // Variations on a few topics, so that many pairs come near the threshold.
        let topics = [
            "sql nosql databases",
            "load balancer",
            "cache invalidation redis",
        ];
        let extras = [
            "",
            "what is",
            "explain",
            "in practice",
            "with examples",
            "today",
        ];
        let mut texts: Vec<String> = Vec::new();
        for topic in topics {
            for (n, extra) in extras.iter().enumerate() {
                texts.push(format!(
                    "{topic} {extra} {}",
                    ["", "scaling", "latency"][n % 3]
                ));
            }
        }
        // Word-for-word repeats, and questions that only differ in framing words.
        for n in [0, 4, 7, 11] {
            texts.push(texts[n].clone());
            texts.push(format!("What is the purpose of {}?", texts[n]));
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let sets: Vec<BTreeSet<String>> = refs.iter().map(|q| content_terms(q)).collect();
        let weights = Weights::new(&sets);
        // The same leaders, measuring every question against every earlier leader.
        let mut leaders: Vec<usize> = Vec::new();
        let mut expected: Vec<Vec<usize>> = Vec::new();
        let mut group_of_leader: HashMap<usize, usize> = HashMap::new();
        let mut leader_of: Vec<usize> = Vec::new();
        for i in 0..refs.len() {
            if let Some(first) = (0..i).find(|&e| !sets[i].is_empty() && sets[e] == sets[i]) {
                let leader = leader_of[first];
                leader_of.push(leader);
                expected[group_of_leader[&leader]].push(i);
                continue;
            }
            let mut best: Option<(f64, usize)> = None;
            for &l in &leaders {
                let similarity = weights.similarity(&sets[i], &sets[l]);
                if similarity >= THRESHOLD && best.is_none_or(|(s, _)| similarity > s) {
                    best = Some((similarity, l));
                }
            }
            let leader = match best {
                Some((_, l)) => l,
                None => {
                    leaders.push(i);
                    i
                }
            };
            leader_of.push(leader);
            let g = *group_of_leader.entry(leader).or_insert_with(|| {
                expected.push(Vec::new());
                expected.len() - 1
            });
            expected[g].push(i);
        }
        assert!(
            expected.iter().any(|g| g.len() > 1),
            "the test needs duplicates"
        );
        // Batches of any length find what measuring one question at a time finds.
        for batch_len in [1, 2, 5, 8, BATCH] {
            assert_eq!(
                clusters_in_batches(&refs, batch_len),
                expected,
                "batches of {batch_len}"
            );
        }
    }

    fn question(id: &str, text: &str, code: Option<&str>, explanation: Option<&str>) -> Question {
        Question {
            code: code.map(str::to_string),
            explanation: explanation.map(str::to_string),
            ..crate::question::sample(id, text)
        }
    }

    #[test]
    fn the_same_question_over_different_code_is_not_a_duplicate() {
        let asked = "What is the output of this code?";
        let mut questions = vec![
            question(
                "quiz:1",
                asked,
                Some("```js\nconsole.log(0.1 + 0.2);\n```"),
                Some("0.30000000000000004"),
            ),
            question(
                "quiz:2",
                asked,
                Some("```js\nconsole.log(typeof null);\n```"),
                None,
            ),
            question("quiz:3", asked, None, None),
            // The first snippet again, fenced and indented another way.
            question(
                "other:1",
                asked,
                Some("~~~javascript\n  console.log(0.1 + 0.2);\n~~~"),
                None,
            ),
        ];
        group(&mut questions);
        let clusters: Vec<&str> = questions.iter().map(|q| q.cluster.as_str()).collect();
        assert_eq!(clusters, ["quiz:1", "quiz:2", "quiz:3", "quiz:1"]);
        let lent: Vec<Option<&str>> = questions
            .iter()
            .map(|q| q.explanation_from.as_deref())
            .collect();
        assert_eq!(lent, [None, None, None, Some("quiz:1")]);
    }

    #[test]
    fn clusters_gather_duplicates_of_a_leader_and_keep_the_rest_alone() {
        let groups = clusters(&[
            "What is the difference between SQL and NoSQL databases?",
            "What is a load balancer?",
            "Can you explain the difference between SQL and NoSQL databases?",
            "SQL vs NoSQL databases: what is the difference?",
        ]);
        assert_eq!(groups, vec![vec![0, 2, 3], vec![1]]);
    }
}
