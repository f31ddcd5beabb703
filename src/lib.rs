//! qbank: a fast, offline full-text search engine over backend-developer interview
//! questions.
//!
//! Data flows one way: [`corpus`] reads the source lists into records, [`classify`]
//! gives each a category and a level, [`index`] stores them in Tantivy, [`search`]
//! answers queries with hits, and [`render`] prints them.

pub mod analysis;
pub mod browse;
pub mod classify;
pub mod concepts;
pub mod corpus;
pub mod duplicates;
pub mod eval;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod index;
pub mod interrupt;
pub mod locations;
pub mod packs;
pub mod progress;
pub mod question;
pub mod quiz;
pub mod render;
pub mod sample;
pub mod search;
pub mod stats;
pub mod synonyms;

pub use question::{Category, Level, Provenance, Question};
