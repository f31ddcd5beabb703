//! A linear model over sparse text features: multinomial logistic regression, trained
//! in memory from labelled examples. Small and deterministic: the same examples give the
//! same weights on every machine, so the model is learnt when it is first needed rather
//! than shipped as a file of numbers nobody can review.

use rustc_hash::FxHashMap;

use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;

/// A feature, by id, and its value (1 for the presence of a word, a score otherwise).
pub type Feature = (u64, f32);

/// How the weights are learnt.
#[derive(Debug, Clone, Copy)]
pub struct Training {
    pub epochs: usize,
    pub learning_rate: f32,
    /// L2 penalty: keeps a word seen in a handful of examples from deciding alone.
    pub l2: f32,
}

impl Default for Training {
    fn default() -> Self {
        Training {
            epochs: 40,
            learning_rate: 0.2,
            l2: 1e-4,
        }
    }
}

/// Weights per feature and class, and a bias per class.
#[derive(Debug, Clone)]
pub struct LinearModel {
    classes: usize,
    // Keys are already hashes (`features::id`); a quick hash is enough.
    vocabulary: FxHashMap<u64, usize>,
    /// `vocabulary.len() × classes`, row by row.
    weights: Vec<f32>,
    bias: Vec<f32>,
    /// Divides the scores before they become probabilities: above 1 it tempers an
    /// over-confident model (see [`LinearModel::with_temperature`]).
    temperature: f32,
}

impl LinearModel {
    /// Learns from `(features, class)` examples by stochastic gradient descent on the
    /// cross-entropy, in an order shuffled with a fixed seed.
    pub fn train(examples: &[(Vec<Feature>, usize)], classes: usize, training: Training) -> Self {
        let mut vocabulary = FxHashMap::default();
        let indexed: Vec<(Vec<(usize, f32)>, usize)> = examples
            .iter()
            .map(|(features, class)| {
                let features = features
                    .iter()
                    .map(|(feature, value)| {
                        let next = vocabulary.len();
                        (*vocabulary.entry(*feature).or_insert(next), *value)
                    })
                    .collect();
                (features, *class)
            })
            .collect();
        let mut model = LinearModel {
            classes,
            weights: vec![0.0; vocabulary.len() * classes],
            vocabulary,
            bias: vec![0.0; classes],
            temperature: 1.0,
        };
        let mut order: Vec<usize> = (0..indexed.len()).collect();
        let mut rng = ChaCha8Rng::seed_from_u64(17);
        let mut probabilities = vec![0.0f32; classes];
        for epoch in 0..training.epochs {
            order.shuffle(&mut rng);
            let rate = training.learning_rate / (1.0 + epoch as f32 * 0.1);
            for &i in &order {
                let (features, class) = &indexed[i];
                model.scores_into(features, &mut probabilities);
                softmax(&mut probabilities);
                for (c, p) in probabilities.iter().enumerate() {
                    let gradient = p - f32::from(u8::from(c == *class));
                    model.bias[c] -= rate * gradient;
                    for &(f, value) in features {
                        let w = &mut model.weights[f * classes + c];
                        *w -= rate * (gradient * value + training.l2 * *w);
                    }
                }
            }
        }
        model
    }

    /// Calibrates the probabilities: a model trained to separate its examples is surer
    /// of itself than its accuracy on new ones warrants; dividing its scores by a
    /// temperature fitted on held-out predictions makes its probabilities honest.
    pub fn with_temperature(mut self, temperature: f32) -> Self {
        self.temperature = temperature.max(f32::EPSILON);
        self
    }

    /// The probability of each class.
    pub fn probabilities(&self, features: &[Feature]) -> Vec<f32> {
        let known: Vec<(usize, f32)> = features
            .iter()
            .filter_map(|(feature, value)| self.vocabulary.get(feature).map(|&f| (f, *value)))
            .collect();
        let mut scores = vec![0.0; self.classes];
        self.scores_into(&known, &mut scores);
        for s in &mut scores {
            *s /= self.temperature;
        }
        softmax(&mut scores);
        scores
    }

    fn scores_into(&self, features: &[(usize, f32)], scores: &mut [f32]) {
        scores.copy_from_slice(&self.bias);
        for &(f, value) in features {
            let row = &self.weights[f * self.classes..(f + 1) * self.classes];
            for (s, w) in scores.iter_mut().zip(row) {
                *s += w * value;
            }
        }
    }
}

fn softmax(scores: &mut [f32]) {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut total = 0.0;
    for s in scores.iter_mut() {
        *s = (*s - max).exp();
        total += *s;
    }
    for s in scores.iter_mut() {
        *s /= total;
    }
}

/// The class with the largest probability (ties to the first), and that probability.
pub fn best(probabilities: &[f32]) -> (usize, f32) {
    let mut best = (0, f32::NEG_INFINITY);
    for (class, &p) in probabilities.iter().enumerate() {
        if p > best.1 {
            best = (class, p);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words as feature ids: a word's bytes summed, enough for these tests.
    fn word(w: &str) -> u64 {
        w.bytes().map(u64::from).sum()
    }

    fn example(words: &[&str], class: usize) -> (Vec<Feature>, usize) {
        (words.iter().map(|w| (word(w), 1.0)).collect(), class)
    }

    #[test]
    fn learns_separable_classes_and_is_deterministic() {
        let examples = vec![
            example(&["what", "is", "dns"], 0),
            example(&["what", "is", "tcp"], 0),
            example(&["design", "a", "cache"], 1),
            example(&["design", "a", "queue"], 1),
        ];
        let model = LinearModel::train(&examples, 2, Training::default());
        let p = model.probabilities(&[(word("design"), 1.0), (word("dns"), 1.0)]);
        assert_eq!(best(&p).0, 1, "{p:?}");
        let p = model.probabilities(&[(word("what"), 1.0), (word("is"), 1.0)]);
        assert_eq!(best(&p).0, 0, "{p:?}");
        let again = LinearModel::train(&examples, 2, Training::default());
        assert_eq!(again.weights, model.weights);
    }

    #[test]
    fn unknown_features_leave_the_prior() {
        let examples = vec![example(&["a"], 0), example(&["a"], 0), example(&["b"], 1)];
        let model = LinearModel::train(&examples, 2, Training::default());
        let p = model.probabilities(&[(word("never seen"), 1.0)]);
        assert_eq!(best(&p).0, 0);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }
}
