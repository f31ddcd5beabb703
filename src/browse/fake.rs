//! A finder over a handful of questions, for the model's and the drawing's tests.

use super::model::{Finder, Found};
use crate::search::Filters;
use crate::{Category, Level, Provenance, Question};

/// Questions whose text holds every word of the query, in order.
pub struct Fake(pub Vec<Question>);

pub fn question(id: &str, text: &str, category: Category, level: Level) -> Question {
    Question {
        id: id.to_string(),
        source: "fake".to_string(),
        number: 1,
        line: 1,
        question: text.to_string(),
        title: None,
        code: None,
        explanation: Some(format!("About {text}")),
        section: None,
        category,
        category_source: Provenance::Stated,
        category_confidence: 1.0,
        level,
        level_source: Provenance::Stated,
        level_confidence: 1.0,
        cluster: id.to_string(),
        duplicates: Vec::new(),
        explanation_from: None,
        concepts: Vec::new(),
    }
}

pub fn fake() -> Fake {
    Fake(vec![
        question(
            "a:1",
            "What is a cache?",
            Category::Performance,
            Level::Beginner,
        ),
        question(
            "a:2",
            "How does cache eviction work?",
            Category::Performance,
            Level::Intermediate,
        ),
        question(
            "a:3",
            "What is database indexing?",
            Category::Databases,
            Level::Beginner,
        ),
        question(
            "a:4",
            "How do you invalidate a cache?",
            Category::Databases,
            Level::Advanced,
        ),
    ])
}

/// `count` questions about caches, numbered from 1.
pub fn many(count: usize) -> Fake {
    Fake(
        (1..=count)
            .map(|n| {
                question(
                    &format!("q:{n}"),
                    &format!("Question {n} about caches"),
                    Category::Performance,
                    Level::Beginner,
                )
            })
            .collect(),
    )
}

impl Finder for Fake {
    fn find(
        &self,
        query: &str,
        filters: &Filters,
        offset: usize,
        limit: usize,
    ) -> Result<Found, String> {
        if query.contains('"') {
            return Err("unclosed quote".to_string());
        }
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let matching: Vec<Question> = self
            .0
            .iter()
            .filter(|q| words.iter().all(|w| q.question.to_lowercase().contains(w)))
            .filter(|q| filters.categories.is_empty() || filters.categories.contains(&q.category))
            .filter(|q| filters.levels.is_empty() || filters.levels.contains(&q.level))
            .cloned()
            .collect();
        Ok(Found {
            total: matching.len(),
            more: matching.len() > offset + limit,
            questions: matching.into_iter().skip(offset).take(limit).collect(),
            note: None,
        })
    }

    fn related(&self, question: &Question) -> Vec<Question> {
        self.0
            .iter()
            .filter(|q| q.id != question.id && q.category == question.category)
            .cloned()
            .collect()
    }
}
