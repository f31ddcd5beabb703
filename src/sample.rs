//! Interview sets: a reproducible random draw from the questions a filter selects,
//! spread evenly over categories (and levels) when asked.

use std::collections::BTreeMap;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::question::{Category, Level, Question};

/// How a sample is spread over the questions' groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spread {
    /// Drawn from the whole pool.
    Anywhere,
    /// The same number from each category of the pool.
    PerCategory(usize),
    /// As even as can be over the categories, over the levels, or over each
    /// category-and-level pair.
    Balance { category: bool, level: bool },
}

/// A group the pool could not fill its share of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    /// The group, in words ("databases", "databases, advanced"), or "the selection".
    pub group: String,
    pub wanted: usize,
    pub taken: usize,
}

/// The questions drawn, in category, level, source and number order (the order an
/// export prints them in), and the groups that had fewer questions than their share.
#[derive(Debug, Clone, Default)]
pub struct Sample {
    pub questions: Vec<Question>,
    pub shortfalls: Vec<Shortfall>,
}

/// Draws `count` questions of `pool` (with `PerCategory(k)`, `k` of each category and
/// `count` is not used). The same pool, count, spread and seed give the same questions
/// on every machine (ChaCha8). A balanced share a group cannot fill goes to the groups
/// that can, and is reported.
pub fn draw(pool: Vec<Question>, count: usize, spread: Spread, seed: u64) -> Sample {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // The pool's own order (rank, or corpus order) must not matter.
    let mut pool = pool;
    pool.sort_by(|a, b| a.id.cmp(&b.id));
    let (questions, shortfalls) = match spread {
        Spread::Anywhere => {
            pool.shuffle(&mut rng);
            let shortfalls: Vec<Shortfall> = short("the selection", count, pool.len())
                .into_iter()
                .collect();
            pool.truncate(count);
            (pool, shortfalls)
        }
        Spread::PerCategory(each) => {
            let mut groups = group_by(pool, |q| (Some(q.category), None));
            let mut taken = Vec::new();
            let mut shortfalls = Vec::new();
            for (key, group) in &mut groups {
                group.shuffle(&mut rng);
                shortfalls.extend(short(&name(*key), each, group.len()));
                taken.extend(group.drain(..each.min(group.len())));
            }
            (taken, shortfalls)
        }
        Spread::Balance { category, level } => {
            let mut groups = group_by(pool, |q| {
                (category.then_some(q.category), level.then_some(q.level))
            });
            for group in groups.values_mut() {
                group.shuffle(&mut rng);
            }
            balanced(groups, count, &mut rng)
        }
    };
    let mut questions = questions;
    questions.sort_by(|a, b| {
        (a.category, a.level, &a.source, a.number, &a.id)
            .cmp(&(b.category, b.level, &b.source, b.number, &b.id))
    });
    Sample {
        questions,
        shortfalls,
    }
}

type Key = (Option<Category>, Option<Level>);

fn group_by(pool: Vec<Question>, key: impl Fn(&Question) -> Key) -> BTreeMap<Key, Vec<Question>> {
    let mut groups: BTreeMap<Key, Vec<Question>> = BTreeMap::new();
    for question in pool {
        groups.entry(key(&question)).or_default().push(question);
    }
    groups
}

/// Shares as equal as can be: every group `count / groups`, one more for as many
/// groups (chosen at random) as the division leaves over; a group with too few
/// questions gives what it has, and the rest is shared out again among the others.
fn balanced(
    mut groups: BTreeMap<Key, Vec<Question>>,
    count: usize,
    rng: &mut ChaCha8Rng,
) -> (Vec<Question>, Vec<Shortfall>) {
    let keys: Vec<Key> = groups.keys().copied().collect();
    let mut shares: BTreeMap<Key, usize> = keys.iter().map(|k| (*k, 0)).collect();
    let mut left = count;
    let mut open: Vec<Key> = keys.clone();
    // First shares, before any group ran out: what each group was owed.
    let mut owed: BTreeMap<Key, usize> = BTreeMap::new();
    while left > 0 && !open.is_empty() {
        let each = left / open.len();
        let mut extra: Vec<Key> = open.clone();
        extra.shuffle(rng);
        extra.truncate(left % open.len());
        let mut given = 0;
        for key in &open {
            let want = each + usize::from(extra.contains(key));
            let room = groups[key].len() - shares[key];
            let give = want.min(room);
            owed.entry(*key).or_insert(want);
            if let Some(share) = shares.get_mut(key) {
                *share += give;
            }
            given += give;
        }
        left -= given;
        open.retain(|key| shares[key] < groups[key].len());
        if given == 0 {
            break;
        }
    }
    let mut shortfalls: Vec<Shortfall> = keys
        .iter()
        .filter(|key| shares[*key] < owed.get(*key).copied().unwrap_or(0))
        .map(|key| Shortfall {
            group: name(*key),
            wanted: owed[key],
            taken: shares[key],
        })
        .collect();
    shortfalls.extend(short("the selection", count, count - left));
    let mut taken = Vec::with_capacity(count - left);
    for key in keys {
        if let Some(group) = groups.get_mut(&key) {
            taken.extend(group.drain(..shares[&key]));
        }
    }
    (taken, shortfalls)
}

fn short(group: &str, wanted: usize, available: usize) -> Option<Shortfall> {
    (available < wanted).then(|| Shortfall {
        group: group.to_string(),
        wanted,
        taken: available,
    })
}

fn name(key: Key) -> String {
    match key {
        (Some(category), Some(level)) => format!("{category}, {level}"),
        (Some(category), None) => category.to_string(),
        (None, Some(level)) => level.to_string(),
        (None, None) => "the selection".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Provenance;

    fn question(n: usize, category: Category, level: Level) -> Question {
        Question {
            id: format!("s:{n}"),
            source: "s".into(),
            number: n as u32,
            line: n as u32,
            question: format!("Question {n}?"),
            title: None,
            code: None,
            explanation: None,
            section: None,
            category,
            category_source: Provenance::Stated,
            category_confidence: 1.0,
            level,
            level_source: Provenance::Stated,
            level_confidence: 1.0,
            cluster: format!("s:{n}"),
            duplicates: Vec::new(),
            explanation_from: None,
            concepts: Vec::new(),
        }
    }

    /// 20 databases (10 beginner, 10 advanced), 6 security (all beginner), 2 apis.
    fn pool() -> Vec<Question> {
        let mut pool = Vec::new();
        for n in 0..20 {
            let level = if n < 10 {
                Level::Beginner
            } else {
                Level::Advanced
            };
            pool.push(question(n, Category::Databases, level));
        }
        for n in 20..26 {
            pool.push(question(n, Category::Security, Level::Beginner));
        }
        pool.push(question(26, Category::Apis, Level::Intermediate));
        pool.push(question(27, Category::Apis, Level::Intermediate));
        pool
    }

    fn ids(sample: &Sample) -> Vec<&str> {
        sample.questions.iter().map(|q| q.id.as_str()).collect()
    }

    fn count(sample: &Sample, category: Category) -> usize {
        sample
            .questions
            .iter()
            .filter(|q| q.category == category)
            .count()
    }

    #[test]
    fn the_same_seed_draws_the_same_set_whatever_the_pool_order() {
        let first = draw(pool(), 8, Spread::Anywhere, 7);
        let mut reversed = pool();
        reversed.reverse();
        let again = draw(reversed, 8, Spread::Anywhere, 7);
        assert_eq!(ids(&first), ids(&again));
        assert_eq!(first.questions.len(), 8);
        let other = draw(pool(), 8, Spread::Anywhere, 8);
        assert_ne!(ids(&first), ids(&other));
        assert!(first.shortfalls.is_empty());
    }

    #[test]
    fn a_sample_larger_than_the_selection_takes_all_and_says_so() {
        let all = draw(pool(), 40, Spread::Anywhere, 1);
        assert_eq!(all.questions.len(), 28);
        assert_eq!(
            all.shortfalls,
            [Shortfall {
                group: "the selection".into(),
                wanted: 40,
                taken: 28
            }]
        );
    }

    #[test]
    fn per_category_takes_k_of_each_and_reports_the_short_ones() {
        let sample = draw(pool(), 0, Spread::PerCategory(3), 3);
        assert_eq!(count(&sample, Category::Databases), 3);
        assert_eq!(count(&sample, Category::Security), 3);
        assert_eq!(count(&sample, Category::Apis), 2);
        assert_eq!(
            sample.shortfalls,
            [Shortfall {
                group: "apis".into(),
                wanted: 3,
                taken: 2
            }]
        );
        // Printed grouped, as an export orders them.
        let categories: Vec<Category> = sample.questions.iter().map(|q| q.category).collect();
        let mut sorted = categories.clone();
        sorted.sort();
        assert_eq!(categories, sorted);
    }

    #[test]
    fn balance_shares_evenly_and_passes_on_what_a_group_cannot_fill() {
        // 9 over three categories: 3 each, and the one apis lacks to another.
        let sample = draw(
            pool(),
            9,
            Spread::Balance {
                category: true,
                level: false,
            },
            5,
        );
        let [databases, security, apis] =
            [Category::Databases, Category::Security, Category::Apis].map(|c| count(&sample, c));
        assert_eq!((databases + security, apis), (7, 2));
        assert!(databases >= 3 && security >= 3);
        assert_eq!(
            sample.shortfalls,
            [Shortfall {
                group: "apis".into(),
                wanted: 3,
                taken: 2
            }]
        );
        // 12 over category and level: databases/beginner, databases/advanced,
        // security/beginner and apis/intermediate, 3 each; apis gives 2 and its third
        // goes to one of the others.
        let sample = draw(
            pool(),
            12,
            Spread::Balance {
                category: true,
                level: true,
            },
            5,
        );
        assert_eq!(sample.questions.len(), 12);
        assert_eq!(count(&sample, Category::Apis), 2);
        let advanced = sample
            .questions
            .iter()
            .filter(|q| q.level == Level::Advanced)
            .count();
        assert!((3..=4).contains(&advanced), "{advanced}");
        // Levels alone: beginner 16, advanced 10, intermediate 2.
        let sample = draw(
            pool(),
            6,
            Spread::Balance {
                category: false,
                level: true,
            },
            5,
        );
        let levels: Vec<usize> = Level::ALL
            .iter()
            .map(|l| sample.questions.iter().filter(|q| q.level == *l).count())
            .collect();
        assert_eq!(levels, [2, 2, 2]);
        assert!(sample.shortfalls.is_empty());
    }

    #[test]
    fn balance_over_more_than_the_pool_takes_everything_and_says_so() {
        let sample = draw(
            pool(),
            50,
            Spread::Balance {
                category: true,
                level: false,
            },
            2,
        );
        assert_eq!(sample.questions.len(), 28);
        assert!(
            sample
                .shortfalls
                .iter()
                .any(|s| s.group == "the selection" && s.taken == 28)
        );
    }
}
