//! What words say: which headings name a category or state a level, and the keyword
//! lexicons that point a question's own text at a category or a level. Each phrase of a
//! lexicon that occurs adds its weight (its number of words, unless a `^weight` is
//! given) to its category or level.

use std::ops::Range;
use std::sync::LazyLock;

use crate::question::{Category, Level};

/// What a heading says about the questions beneath it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// Only a level ("Intermediate Level", "Senior"): look further up for the topic.
    LevelOnly,
    /// Names exactly one category.
    Clear(Category),
    /// Names no category, or several ("Miscellaneous", "HTTP & Protocols").
    Unclear,
}

/// The category the nearest topical heading names, if it names exactly one.
pub fn section_category(headings: &[String]) -> Option<Category> {
    for heading in headings.iter().rev() {
        match heading_topic(heading) {
            Topic::LevelOnly => continue,
            Topic::Clear(category) => return Some(category),
            Topic::Unclear => return None,
        }
    }
    None
}

/// The level stated by the nearest heading that states one.
pub fn stated_level(headings: &[String]) -> Option<Level> {
    headings.iter().rev().find_map(|h| heading_level(h))
}

/// Words that say nothing about a heading's topic (besides `LABEL_NOUNS`).
#[rustfmt::skip]
const HEADING_FILLER: &[&str] = &[
    "and", "the", "of", "for", "in", "on", "a", "an", "to", "with", "part", "section",
];

pub fn heading_topic(heading: &str) -> Topic {
    let words = words(heading);
    let categories: Vec<Category> = HEADING_LEXICON
        .matches(&words)
        .into_iter()
        .map(|(category, _)| category)
        .collect();
    if let Some(&first) = categories.first() {
        return if categories.iter().all(|&c| c == first) {
            Topic::Clear(first)
        } else {
            Topic::Unclear
        };
    }
    let level_words = level_word_positions(&words);
    let only_level = !level_words.is_empty()
        && words.iter().enumerate().all(|(i, w)| {
            level_words.contains(&i)
                || HEADING_FILLER.contains(&w.as_str())
                || LABEL_NOUNS.contains(&w.as_str())
                || w.chars().all(|c| c.is_ascii_digit())
        });
    if only_level {
        Topic::LevelOnly
    } else {
        Topic::Unclear
    }
}

/// Level words: (word, level, whether the word always labels a level). Words such as
/// "advanced" or "basic" are also ordinary adjectives ("Advanced Topics", "Database
/// Advanced Concepts"); they state a level only in a label position: alone, in
/// parentheses, after "level", or before "level", "questions", "developer" and the like.
const LEVEL_WORDS: &[(&str, Level, bool)] = &[
    ("beginner", Level::Beginner, true),
    ("beginners", Level::Beginner, true),
    ("junior", Level::Beginner, true),
    ("juniors", Level::Beginner, true),
    ("fresher", Level::Beginner, true),
    ("freshers", Level::Beginner, true),
    ("entry", Level::Beginner, false),
    ("basic", Level::Beginner, false),
    ("easy", Level::Beginner, false),
    ("intermediate", Level::Intermediate, true),
    ("mid", Level::Intermediate, false),
    ("medium", Level::Intermediate, false),
    ("advanced", Level::Advanced, false),
    ("senior", Level::Advanced, true),
    ("seniors", Level::Advanced, true),
    ("expert", Level::Advanced, false),
    ("experts", Level::Advanced, false),
    ("hard", Level::Advanced, false),
];

/// Words after which a level word labels the heading ("Advanced Level", "Senior Questions").
const LABEL_NOUNS: &[&str] = &[
    "level",
    "levels",
    "question",
    "questions",
    "developer",
    "developers",
    "engineer",
    "engineers",
    "candidate",
    "candidates",
    "interview",
    "interviews",
    "role",
    "roles",
];

fn level_word_positions(words: &[String]) -> Vec<usize> {
    (0..words.len())
        .filter(|&i| level_word_at(words, i, "").is_some())
        .collect()
}

fn level_word_at(words: &[String], i: usize, heading: &str) -> Option<Level> {
    let &(word, level, always) = LEVEL_WORDS.iter().find(|(w, _, _)| *w == words[i])?;
    if always {
        return Some(level);
    }
    let next = words.get(i + 1).map(String::as_str);
    let previous = i.checked_sub(1).map(|p| words[p].as_str());
    let labelled = next.is_some_and(|n| LABEL_NOUNS.contains(&n))
        || previous == Some("level")
        || words.len() == 1
        || (!heading.is_empty() && heading.to_lowercase().contains(&format!("({word}")));
    // "Entry" and "Mid" are levels only as "entry level" and "mid-level".
    if matches!(word, "entry" | "mid") && next != Some("level") {
        return None;
    }
    labelled.then_some(level)
}

/// The level a heading states, if it states exactly one.
pub fn heading_level(heading: &str) -> Option<Level> {
    let words = words(heading);
    let mut found = (0..words.len()).filter_map(|i| level_word_at(&words, i, heading));
    let first = found.next()?;
    found.all(|l| l == first).then_some(first)
}

/// Lexicon scores of a question for each category, in `Category::ALL` order: the
/// question counts fully, its explanation a quarter.
pub fn category_scores(question: &str, explanation: Option<&str>) -> [f32; 12] {
    let mut scores = [0.0f32; 12];
    for (category, weight) in CATEGORY_LEXICON.matches(&words(question)) {
        scores[category.index()] += weight;
    }
    if let Some(explanation) = explanation {
        for (category, weight) in CATEGORY_LEXICON.matches(&words(explanation)) {
            scores[category.index()] += weight * 0.25;
        }
    }
    scores
}

/// Lexicon scores of a question for each level, in `Level::ALL` order. Design, scale,
/// distributed-systems and trade-off wording leans advanced; short definitions ("What
/// is JSON?"), "name a few" and "stand for" lean beginner; against them intermediate
/// has a constant prior. A question with neither kind of wording scores nothing.
pub fn level_scores(question: &str) -> [f32; 3] {
    let words = words(question);
    let advanced: f32 = ADVANCED_LEXICON.matches(&words).iter().map(|m| m.1).sum();
    let mut beginner: f32 = BEGINNER_LEXICON.matches(&words).iter().map(|m| m.1).sum();
    let definition = matches!(
        words.first().map(String::as_str),
        Some("what" | "whats" | "describe" | "explain")
    ) && words.len() <= 7;
    if definition {
        beginner += 1.0;
    }
    // Without wording either way there is no evidence, not certainty of intermediate.
    if beginner + advanced > 0.0 {
        [beginner, INTERMEDIATE_PRIOR, advanced]
    } else {
        [0.0; 3]
    }
}

/// The score intermediate gets whatever the wording.
const INTERMEDIATE_PRIOR: f32 = 0.75;

/// Lowercase words of a text; apostrophes are dropped so "what's" is "whats".
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['\'', '’'], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Phrases per category. A phrase is words separated by spaces; a final `*` matches any
/// word that starts with what precedes it; `^w` sets the phrase's weight.
struct Lexicon<K> {
    phrases: Vec<(K, Vec<String>, bool, f32)>,
}

impl<K: Copy> Lexicon<K> {
    fn new(table: &[(K, &[&str])]) -> Self {
        let mut phrases = Vec::new();
        for (key, entries) in table {
            for entry in *entries {
                let (text, weight) = match entry.split_once('^') {
                    Some((t, w)) => (t, w.parse().unwrap_or(1.0)),
                    None => (*entry, f32::NAN),
                };
                let prefix = text.ends_with('*');
                let words: Vec<String> = text
                    .trim_end_matches('*')
                    .split(' ')
                    .map(str::to_string)
                    .collect();
                let weight = if weight.is_nan() {
                    words.len() as f32
                } else {
                    weight
                };
                phrases.push((*key, words, prefix, weight));
            }
        }
        Lexicon { phrases }
    }

    /// Every phrase that occurs in `words` (each counted once), with its weight. A
    /// phrase found only inside a longer phrase's match does not count: "design
    /// patterns" is not also "design".
    fn matches(&self, words: &[String]) -> Vec<(K, f32)> {
        let mut spans: Vec<(usize, Range<usize>)> = Vec::new();
        for (index, (_, phrase, prefix, _)) in self.phrases.iter().enumerate() {
            for start in 0..words.len().saturating_sub(phrase.len() - 1) {
                let window = &words[start..start + phrase.len()];
                let found = window.iter().zip(phrase).enumerate().all(|(i, (w, p))| {
                    if *prefix && i == phrase.len() - 1 {
                        w.starts_with(p.as_str())
                    } else {
                        w == p
                    }
                });
                if found {
                    spans.push((index, start..start + phrase.len()));
                }
            }
        }
        let covered = |span: &Range<usize>| {
            spans.iter().any(|(_, other)| {
                other.len() > span.len() && other.start <= span.start && span.end <= other.end
            })
        };
        let mut counted: Vec<usize> = spans
            .iter()
            .filter(|(_, span)| !covered(span))
            .map(|(index, _)| *index)
            .collect();
        counted.dedup();
        counted
            .into_iter()
            .map(|index| (self.phrases[index].0, self.phrases[index].3))
            .collect()
    }
}

use Category::*;

/// Words that make a heading name a category.
#[rustfmt::skip]
static HEADING_LEXICON: LazyLock<Lexicon<Category>> = LazyLock::new(|| {
    Lexicon::new(&[
        (Fundamentals, &["fundamental*", "basics", "programming", "frameworks", "framework", "design patterns", "oop"]),
        (DataStructures, &["data structure*", "algorithm*", "dsa"]),
        (Apis, &["api", "apis", "rest", "restful", "graphql", "web services", "http", "file handling", "file uploads"]),
        (Databases, &["database*", "sql", "nosql", "data storage", "storage", "orm", "data modeling", "data modelling"]),
        (Security, &["security", "authentication", "authorization", "auth", "oauth", "encryption", "cryptography"]),
        (Performance, &["performance", "caching", "cache", "optimization", "optimisation"]),
        (Architecture, &["architecture", "system design", "scalability", "scaling", "distributed systems", "microservice*", "messaging", "design"]),
        (Devops, &["devops", "ci cd", "deployment*", "cloud", "infrastructure", "containers", "docker", "kubernetes", "version control", "git"]),
        (Testing, &["testing", "tests", "debugging", "tdd"]),
        (Concurrency, &["concurrency", "multithreading", "threading", "threads", "parallelism", "async"]),
        (Networking, &["networking", "network", "networks", "protocols", "tcp", "dns"]),
        (Observability, &["observability", "logging", "monitoring", "error handling", "errors", "tracing", "metrics"]),
    ])
});

/// Words that point a question at a category.
#[rustfmt::skip]
static CATEGORY_LEXICON: LazyLock<Lexicon<Category>> = LazyLock::new(|| {
    Lexicon::new(&[
        (Fundamentals, &[
            "backend^0.5", "back end^0.5", "frontend^1", "front end^1", "server^0.5", "client server^3",
            "framework*", "mvc", "design pattern*", "dependency injection", "environment variable*",
            "env var*", "configuration*", "config file*", "json", "crud", "route", "routes", "routing",
            "middleware", "maintainab*", "code review*", "recursion", "recursive", "closure*",
            "pass by value", "pass by reference", "higher order", "oop", "object oriented", "solid",
            "clean code", "responsibilities", "web service^1", "hotfix^0.5",
        ]),
        (DataStructures, &[
            "data structure*", "algorithm*", "complexity", "big o", "hash table*", "hash map*",
            "linked list*", "tree", "trees", "binary", "sort*", "array*", "stack^2", "heap",
            "string^1.5", "palindrome*", "graph", "graphs", "two pointer", "bfs", "dfs", "lru",
            "function to^1.5", "write a function",
        ]),
        (Apis, &[
            "api^0.5", "apis^0.5", "http method*", "status code*", "get request^2", "post request^2",
            "get and post", "put and patch", "request response", "request*^0.5", "rest", "restful",
            "graphql", "endpoint*", "versioning", "webhook*", "cors^2", "paginat*", "websocket*",
            "web socket*", "idempoten*", "upload*", "invalid data", "validat*", "500 internal",
            "api dependencies",
        ]),
        (Databases, &[
            "database*", "db", "sql", "nosql", "schema*", "primary key*", "foreign key*", "index",
            "indexes", "indexing", "normaliz*", "denormaliz*", "normalis*", "join", "joins",
            "subquer*", "transaction*", "acid", "optimistic", "pessimistic", "deadlock*", "orm",
            "orms", "object relational", "migration*", "replication^2", "shard*", "full text search",
            "relational", "mongodb", "postgres*", "mysql", "query^0.5", "queries^0.5",
        ]),
        (Security, &[
            "authenticat*", "authori*", "authantication", "authn", "authz", "oauth*", "jwt*",
            "token*", "session*", "cookie*", "sso", "single sign on", "2fa", "two factor", "mfa",
            "password*", "hash*", "encrypt*", "decrypt*", "tls", "ssl", "sql injection^3",
            "injection", "xss", "csrf", "cross site", "secur*", "secret*", "gdpr", "privacy",
            "man in the middle", "rbac", "access control", "rate limit*", "abuse", "certificate*",
            "asymmetric", "symmetric", "public key*", "private key*", "unauthorized", "vulnerab*",
            "attack*", "third party",
        ]),
        (Performance, &[
            "cach*^2", "evict*", "cdn*", "content delivery", "optimiz*", "optimis*", "lazy loading",
            "connection pool*", "compress*", "gzip", "latency", "throughput", "bottleneck*",
            "performance", "slow", "redis", "memcached", "profil*", "lock contention^3",
        ]),
        (Architecture, &[
            "system design", "design a^1.5", "architect*", "scal*", "microservice*", "monolith*",
            "distributed", "cap", "eventual consistency", "consistency", "load balanc*",
            "reverse prox*", "forward proxy", "proxy", "proxies", "api gateway^3", "message queu*",
            "queue*^0.5", "kafka", "rabbitmq", "event driven", "event sourcing", "saga", "circuit breaker",
            "service discovery", "high availability", "availability", "failover", "redundancy",
            "batch processing", "batch", "stream*", "background job*", "background task*", "jobs",
            "long running", "notification*", "stateless^1.5", "stateful^1.5", "service mesh",
            "traffic", "spike*", "surge", "millions", "fault toleran*", "real time",
            "inter service", "anomal*", "data consistency",
        ]),
        (Devops, &[
            "ci cd", "continuous integration", "continuous deployment", "continuous delivery",
            "pipeline*", "container*", "docker", "kubernetes", "k8s", "orchestration", "cloud",
            "aws", "azure", "gcp", "serverless^3", "infrastructure as code", "iac", "terraform",
            "deploy*", "blue green", "canary", "version control", "git", "release*", "hotfix*",
            "virtual machine*", "vms",
        ]),
        (Testing, &[
            "test*^2", "tdd", "mock*", "unit test*", "integration test*", "debug*", "black box",
            "white box", "qa",
        ]),
        (Concurrency, &[
            "process", "processes", "thread*", "multithread*", "concurren*", "parallel*",
            "race condition*", "lock", "locks", "locking", "mutex*", "semaphore*", "thread pool*",
            "async*", "asynchronous", "synchronous", "sync",
        ]),
        (Networking, &[
            "tcp", "udp", "dns", "socket", "sockets", "http and https^3", "https^1.5", "http 2^3",
            "http 1 1^2", "osi", "ip", "network*", "packet*", "handshake", "protocol*",
        ]),
        (Observability, &[
            "log", "logs", "logging", "log errors^3", "monitor*", "metric*", "tracing", "trace",
            "correlation id*", "observab*", "error handling^3", "error handler*^3", "handle errors",
            "exception*", "retry", "retries", "alert*", "prometheus", "grafana", "error^0.5",
            "errors^0.5", "fails^1", "failure*^1",
        ]),
    ])
});

/// Wording that leans advanced.
#[rustfmt::skip]
static ADVANCED_LEXICON: LazyLock<Lexicon<()>> = LazyLock::new(|| {
    Lexicon::new(&[((), &[
        "design a^1", "design the^1", "you design^1", "architect^1", "at scale^1",
        "large scale^1", "millions^1", "global^1", "multinational^1", "trade off*^1",
        "tradeoff*^1", "distributed^1", "consistency^1", "cap^1", "saga^1", "event sourcing^1",
        "shard*^1", "deadlock*^1", "optimistic^1", "pessimistic^1", "high availability^1",
        "service mesh^1", "circuit breaker^1", "real time^1", "inter service^1", "anomal*^1",
        "fault toleran*^1", "replication^1", "idempoten*^1", "consensus^1", "decompose^1",
        "high load^1", "high traffic^1", "spike*^1", "surge^1", "failover^1", "redundancy^1",
        "orchestration^1", "in production^1",
    ])])
});

/// Wording that leans beginner.
#[rustfmt::skip]
static BEGINNER_LEXICON: LazyLock<Lexicon<()>> = LazyLock::new(|| {
    Lexicon::new(&[((), &[
        "name a few^1", "name some^1", "give examples^1", "stand for^1", "basic^0.5",
        "simple^0.5",
    ])])
});

#[cfg(test)]
mod tests {
    use super::*;

    fn argmax(scores: &[f32]) -> usize {
        let mut best = 0;
        for (i, &score) in scores.iter().enumerate() {
            if score > scores[best] {
                best = i;
            }
        }
        best
    }

    fn infer_category(question: &str, explanation: Option<&str>) -> Category {
        Category::ALL[argmax(&category_scores(question, explanation))]
    }

    fn infer_level(question: &str) -> Level {
        let scores = level_scores(question);
        if scores.iter().all(|&s| s == 0.0) {
            return Level::Intermediate;
        }
        Level::ALL[argmax(&scores)]
    }

    fn headings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn level_words_in_label_position_state_a_level() {
        for (heading, level) in [
            ("Fundamental Concepts (Beginner)", Some(Level::Beginner)),
            ("Junior Developer Questions", Some(Level::Beginner)),
            ("Entry level", Some(Level::Beginner)),
            ("Intermediate Level", Some(Level::Intermediate)),
            ("Mid-level", Some(Level::Intermediate)),
            ("Advanced Level", Some(Level::Advanced)),
            ("Senior", Some(Level::Advanced)),
            ("Expert Questions", Some(Level::Advanced)),
            ("Advanced Topics", None),
            ("Database Advanced Concepts", None),
            ("Entry points", None),
            ("Junior to Senior", None),
        ] {
            assert_eq!(heading_level(heading), level, "{heading}");
        }
    }

    #[test]
    fn headings_name_one_category_or_none() {
        for (heading, topic) in [
            ("Databases and Data Storage", Topic::Clear(Databases)),
            ("Database Advanced Concepts", Topic::Clear(Databases)),
            ("Scalability & Architecture", Topic::Clear(Architecture)),
            ("Error Handling and Logging", Topic::Clear(Observability)),
            ("HTTP & Protocols", Topic::Unclear),
            ("File Handling & Testing", Topic::Unclear),
            ("Miscellaneous", Topic::Unclear),
            ("Advanced Topics", Topic::Unclear),
            ("Practical Coding Questions", Topic::Unclear),
            ("Problem-Solving and Scenarios", Topic::Unclear),
            ("General Back-End Development Concepts", Topic::Unclear),
            ("Intermediate Level", Topic::LevelOnly),
        ] {
            assert_eq!(heading_topic(heading), topic, "{heading}");
        }
    }

    #[test]
    fn level_only_headings_defer_to_the_topic_above() {
        let h = headings(&["Databases", "Senior"]);
        assert_eq!(section_category(&h), Some(Databases));
        assert_eq!(stated_level(&h), Some(Level::Advanced));
        let h = headings(&["Fundamental Concepts (Beginner)", "Miscellaneous"]);
        assert_eq!(section_category(&h), None);
        assert_eq!(stated_level(&h), Some(Level::Beginner));
    }

    #[test]
    fn keyword_inference_picks_the_obvious_category() {
        for (question, category) in [
            (
                "How do you protect a server from SQL injection attacks?",
                Security,
            ),
            (
                "What is a load balancer and how does it work?",
                Architecture,
            ),
            (
                "Explain what caching is and how it can improve the performance of a backend?",
                Performance,
            ),
            (
                "What is the difference between a process and a thread?",
                Concurrency,
            ),
            (
                "How would you log errors in a backend application?",
                Observability,
            ),
            (
                "What kind of tests would you write for a new API endpoint?",
                Testing,
            ),
            (
                "Write a function to reverse a string in Python.",
                DataStructures,
            ),
            ("What is JSON?", Fundamentals),
        ] {
            assert_eq!(infer_category(question, None), category, "{question}");
        }
    }

    #[test]
    fn level_inference_reads_the_wording() {
        assert_eq!(infer_level("What is JSON?"), Level::Beginner);
        assert_eq!(
            level_scores("How do you handle database migrations?"),
            [0.0; 3]
        );
        assert_eq!(
            infer_level("How would you design a global, high availability storage system?"),
            Level::Advanced
        );
        assert_eq!(
            infer_level("How do you handle database migrations in your team?"),
            Level::Intermediate
        );
    }
}
