//! Nearest labelled neighbours by BM25 similarity, through a small in-memory Tantivy
//! index of the training examples.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{FAST, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, Searcher, TantivyDocument, Term};

use crate::analysis::{self, ANALYZER};

/// Labelled examples, searchable by text.
pub struct Neighbours<K> {
    /// None when there are no examples (or the index could not be built).
    searcher: Option<Searcher>,
    text: Field,
    labels: Vec<K>,
}

const ROW: &str = "row";

/// At most this many examples are kept, spread evenly over those given. Every
/// inference is a query against them, so without a cap a corpus labelled throughout
/// would cost time quadratic in its size; far fewer than this already vote as well.
const MAX_EXAMPLES: usize = 10_000;

impl<K: Copy + LabelIndex> Neighbours<K> {
    pub fn new(examples: Vec<(String, K)>) -> Self {
        let examples = spread(examples, MAX_EXAMPLES);
        let mut builder = Schema::builder();
        let text = builder.add_text_field(
            "text",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(ANALYZER)
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        );
        let row = builder.add_u64_field(ROW, FAST);
        let schema = builder.build();
        let labels = examples.iter().map(|(_, label)| *label).collect();
        let searcher = (!examples.is_empty())
            .then(|| build(schema, text, row, &examples).ok())
            .flatten();
        Neighbours {
            searcher,
            text,
            labels,
        }
    }

    /// The summed similarity of the `k` nearest examples, per label (indexed by
    /// `LabelIndex::index`); all zeros when nothing is similar.
    pub fn vote(&self, text: &str, k: usize) -> Vec<f32> {
        let mut votes = vec![0.0; K::COUNT];
        let Some(searcher) = &self.searcher else {
            return votes;
        };
        let clauses: Vec<(Occur, Box<dyn Query>)> = analysis::terms(text)
            .into_iter()
            .map(|term| {
                let query: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(self.text, &term),
                    IndexRecordOption::WithFreqs,
                ));
                (Occur::Should, query)
            })
            .collect();
        if clauses.is_empty() {
            return votes;
        }
        let query = BooleanQuery::new(clauses);
        let Ok(top) = searcher.search(&query, &TopDocs::with_limit(k).order_by_score()) else {
            return votes;
        };
        for (score, address) in top {
            let row = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64(ROW)
                .ok()
                .and_then(|column| column.first(address.doc_id));
            if let Some(label) = row.and_then(|r| self.labels.get(r as usize)) {
                votes[label.index()] += score;
            }
        }
        votes
    }
}

/// At most `max` of `items`, taken at even steps from the first.
fn spread<T>(items: Vec<T>, max: usize) -> Vec<T> {
    if items.len() <= max {
        return items;
    }
    let step = items.len().div_ceil(max);
    items.into_iter().step_by(step).collect()
}

fn build<K>(
    schema: Schema,
    text: Field,
    row: Field,
    examples: &[(String, K)],
) -> tantivy::Result<Searcher> {
    let index = Index::create_in_ram(schema);
    index.tokenizers().register(ANALYZER, analysis::analyzer());
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000)?;
    for (i, (content, _)) in examples.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_text(text, content);
        doc.add_u64(row, i as u64);
        writer.add_document(doc)?;
    }
    writer.commit()?;
    let reader: tantivy::IndexReader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()?;
    Ok(reader.searcher())
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
    use super::spread;

    #[test]
    fn spread_keeps_at_most_max_at_even_steps() {
        assert_eq!(spread((0..10).collect(), 20), (0..10).collect::<Vec<_>>());
        assert_eq!(spread((0..10).collect(), 5), [0, 2, 4, 6, 8]);
        assert_eq!(spread((0..10).collect(), 4), [0, 3, 6, 9]);
        assert!(spread((0..100_001).collect::<Vec<_>>(), 10_000).len() <= 10_000);
    }
}
