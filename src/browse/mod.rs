//! `qbank browse`: type a query and watch the results narrow, read the selected
//! question beside them, mark some, open one, export the marked set.
//!
//! [`model`] holds the state and changes it key by key, [`draw`] paints it with
//! ratatui; the command (in the binary) owns the terminal and runs the loop. The model
//! reads questions through a [`Finder`], the index's searcher here and a fake in tests.

pub mod draw;
#[cfg(test)]
mod fake;
pub mod model;

pub use draw::{Palette, draw};
pub use model::{Finder, Found, Model, Outcome};

use crate::Question;
use crate::search::{Filters, Related, Request, Searcher};

/// How many related questions are offered (numbered 1–9 in the opened view).
const RELATED: usize = 9;

/// The index as the model sees it: the same search as `qbank search`.
pub struct IndexFinder<'a> {
    pub searcher: Searcher<'a>,
}

impl Finder for IndexFinder<'_> {
    fn find(
        &self,
        query: &str,
        filters: &Filters,
        offset: usize,
        limit: usize,
    ) -> Result<Found, String> {
        let request = Request {
            filters: filters.clone(),
            offset,
            ..Request::new(query, limit)
        };
        let hits = if query.trim().is_empty() {
            self.searcher.first(&request)
        } else {
            self.searcher.search(&request)
        }
        .map_err(|e| e.to_string())?;
        let note = if hits.lenient.is_some() {
            Some("read as plain words".to_string())
        } else if hits.relaxed {
            Some("none has every word; any of them".to_string())
        } else {
            hits.suggestion
                .as_ref()
                .map(|suggestion| format!("did you mean: {suggestion}"))
        };
        Ok(Found {
            total: hits.total,
            more: hits.more,
            questions: hits.hits.into_iter().map(|hit| hit.question).collect(),
            note,
        })
    }

    fn related(&self, question: &Question) -> Vec<Question> {
        self.searcher
            .related(
                &Related::Question(Box::new(question.clone())),
                &Request::new("", RELATED),
            )
            .map(|hits| hits.hits.into_iter().map(|hit| hit.question).collect())
            .unwrap_or_default()
    }
}
