//! Measuring search relevance against a judgments file: queries with the questions a
//! person would want (grade 2 squarely on topic, 1 useful), scored as nDCG@10, MRR and
//! recall@10 per kind of query, for plain BM25 and for the forgiving search.
//!
//! ```toml
//! [[query]]
//! text = "rate limiting"
//! kind = "words"
//! relevant = { "backend-128:45" = 2, "explained-100:77" = 1 }
//! ```
//!
//! Results are judged as a user sees them: one row per duplicate cluster, which is
//! worth the best grade of its members; each relevant cluster counts once.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::corpus::line_at;
use crate::search::{Mode, Request, SearchError, Searcher};

/// Results judged per query.
pub const CUTOFF: usize = 10;

#[derive(Debug, Clone)]
pub struct Judged {
    pub text: String,
    pub kind: String,
    /// Question id → grade (1 or 2).
    pub relevant: BTreeMap<String, u8>,
    line: u32,
}

#[derive(Debug, Clone)]
pub struct Judgments {
    pub path: PathBuf,
    pub queries: Vec<Judged>,
}

/// A judgments file that cannot be used: the message names the line.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{}:{line}: {message}", path.display())]
    File {
        path: PathBuf,
        line: u32,
        message: String,
    },
    #[error("cannot read {}: {error}", path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(transparent)]
    Search(#[from] SearchError),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    query: Vec<Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    text: String,
    kind: String,
    relevant: BTreeMap<Spanned<String>, Spanned<i64>>,
}

impl Judgments {
    pub fn read(path: &Path) -> Result<Judgments, EvalError> {
        let text = std::fs::read_to_string(path).map_err(|error| EvalError::Read {
            path: path.to_path_buf(),
            error,
        })?;
        Judgments::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Judgments, EvalError> {
        let error = |offset: usize, message: String| EvalError::File {
            path: path.to_path_buf(),
            line: line_at(text, offset),
            message,
        };
        let file: File = toml::from_str(text).map_err(|e| {
            error(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_string(),
            )
        })?;
        let mut queries = Vec::with_capacity(file.query.len());
        for entry in file.query {
            let start = entry.span().start;
            let entry = entry.into_inner();
            if entry.relevant.is_empty() {
                return Err(error(
                    start,
                    format!("'{}' has no relevant ids", entry.text),
                ));
            }
            let mut relevant = BTreeMap::new();
            for (id, grade) in entry.relevant {
                let value = *grade.get_ref();
                if !(1..=2).contains(&value) {
                    return Err(error(
                        grade.span().start,
                        format!("grade {value} for '{}': grades are 1 or 2", id.get_ref()),
                    ));
                }
                relevant.insert(id.into_inner(), value as u8);
            }
            queries.push(Judged {
                text: entry.text,
                kind: entry.kind,
                relevant,
                line: line_at(text, start),
            });
        }
        Ok(Judgments {
            path: path.to_path_buf(),
            queries,
        })
    }
}

/// The figures of one query.
#[derive(Debug, Clone, Serialize)]
pub struct QueryScore {
    pub text: String,
    pub kind: String,
    pub ndcg: f64,
    pub reciprocal_rank: f64,
    pub recall: f64,
    /// Ids of the results, in rank order.
    pub results: Vec<String>,
}

/// Means over the queries of one kind (or all).
#[derive(Debug, Clone, Serialize)]
pub struct KindScore {
    pub kind: String,
    pub queries: usize,
    pub ndcg: f64,
    pub mrr: f64,
    pub recall: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModeReport {
    pub mode: Mode,
    /// Per kind, in order of first appearance, then "all".
    pub kinds: Vec<KindScore>,
    pub queries: Vec<QueryScore>,
}

/// Scores every judged query with the given mode.
pub fn evaluate(
    searcher: &Searcher,
    judgments: &Judgments,
    mode: Mode,
) -> Result<ModeReport, EvalError> {
    let mut scores = Vec::with_capacity(judgments.queries.len());
    for judged in &judgments.queries {
        // Grades per duplicate cluster: the best grade of its judged members.
        let mut cluster_grades: HashMap<String, u8> = HashMap::new();
        for (id, &grade) in &judged.relevant {
            let question = searcher.get(id)?.ok_or_else(|| EvalError::File {
                path: judgments.path.clone(),
                line: judged.line,
                message: format!("unknown question id '{id}' in '{}'", judged.text),
            })?;
            let best = cluster_grades.entry(question.cluster).or_default();
            *best = (*best).max(grade);
        }
        let request = Request {
            mode,
            ..Request::new(judged.text.as_str(), CUTOFF)
        };
        let hits = match searcher.search(&request) {
            Ok(hits) => hits.hits,
            Err(SearchError::Index(e)) => return Err(SearchError::Index(e).into()),
            // A query this mode cannot read finds nothing.
            Err(_) => Vec::new(),
        };
        let gains: Vec<u8> = hits
            .iter()
            .map(|hit| {
                cluster_grades
                    .get(&hit.question.cluster)
                    .copied()
                    .unwrap_or(0)
            })
            .collect();
        let mut ideal: Vec<u8> = cluster_grades.values().copied().collect();
        ideal.sort_unstable_by(|a, b| b.cmp(a));
        scores.push(QueryScore {
            text: judged.text.clone(),
            kind: judged.kind.clone(),
            ndcg: ndcg(&gains, &ideal),
            reciprocal_rank: gains
                .iter()
                .position(|&g| g > 0)
                .map_or(0.0, |rank| 1.0 / (rank as f64 + 1.0)),
            recall: gains.iter().filter(|&&g| g > 0).count() as f64 / ideal.len() as f64,
            results: hits.into_iter().map(|hit| hit.question.id).collect(),
        });
    }
    Ok(ModeReport {
        mode,
        kinds: by_kind(&scores),
        queries: scores,
    })
}

/// Discounted cumulative gain of the top results over that of the ideal order.
fn ndcg(gains: &[u8], ideal: &[u8]) -> f64 {
    let dcg = |grades: &[u8]| -> f64 {
        grades
            .iter()
            .take(CUTOFF)
            .enumerate()
            .map(|(i, &g)| (2f64.powi(i32::from(g)) - 1.0) / (i as f64 + 2.0).log2())
            .sum()
    };
    let best = dcg(ideal);
    if best == 0.0 { 0.0 } else { dcg(gains) / best }
}

fn by_kind(scores: &[QueryScore]) -> Vec<KindScore> {
    let mut kinds: Vec<&str> = Vec::new();
    for score in scores {
        if !kinds.contains(&score.kind.as_str()) {
            kinds.push(&score.kind);
        }
    }
    let mean = |kind: &str, of: &[&QueryScore]| {
        let n = of.len().max(1) as f64;
        KindScore {
            kind: kind.to_string(),
            queries: of.len(),
            ndcg: of.iter().map(|s| s.ndcg).sum::<f64>() / n,
            mrr: of.iter().map(|s| s.reciprocal_rank).sum::<f64>() / n,
            recall: of.iter().map(|s| s.recall).sum::<f64>() / n,
        }
    };
    let mut out: Vec<KindScore> = kinds
        .iter()
        .map(|kind| {
            let of: Vec<&QueryScore> = scores.iter().filter(|s| s.kind == *kind).collect();
            mean(kind, &of)
        })
        .collect();
    let all: Vec<&QueryScore> = scores.iter().collect();
    out.push(mean("all", &all));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ndcg_is_one_for_the_ideal_order_and_less_otherwise() {
        assert_eq!(ndcg(&[2, 1, 0], &[2, 1]), 1.0);
        let swapped = ndcg(&[1, 2], &[2, 1]);
        assert!(swapped < 1.0 && swapped > 0.5, "{swapped}");
        assert_eq!(ndcg(&[0, 0], &[2]), 0.0);
        // A relevant result at rank 2 of one relevant: 1 / log2(3).
        let second = ndcg(&[0, 2], &[2]);
        assert!((second - 1.0 / 3f64.log2()).abs() < 1e-9, "{second}");
    }

    #[test]
    fn judgments_errors_name_their_line() {
        let path = Path::new("j.toml");
        let ok = "[[query]]\ntext = \"a\"\nkind = \"keyword\"\nrelevant = { \"s:1\" = 2 }\n";
        let judgments = Judgments::parse(path, ok).expect("valid");
        assert_eq!(judgments.queries[0].relevant["s:1"], 2);
        let bad_grade = "[[query]]\ntext = \"a\"\nkind = \"k\"\n\nrelevant = { \"s:1\" = 3 }\n";
        let err = Judgments::parse(path, bad_grade).unwrap_err().to_string();
        assert!(err.starts_with("j.toml:5: grade 3"), "{err}");
        let unknown_key = "[[query]]\ntext = \"a\"\nkind = \"k\"\nrelevant = {}\ngrade = 1\n";
        let err = Judgments::parse(path, unknown_key).unwrap_err().to_string();
        assert!(err.starts_with("j.toml:"), "{err}");
    }
}
