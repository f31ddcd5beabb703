//! The markdown reader on one small list of every shape it reads (tests/fixtures/shapes),
//! each asserted question by question: text, title, code, answer and sections.

use std::path::Path;

use qbank::corpus::{self, Source};

fn read(name: &str) -> Source {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/shapes")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture");
    corpus::read_source("shape", &path, &text, text.len() as u64).expect("fixture reads")
}

/// One expected question: number, question, title, code, answer, sections.
type Expected<'a> = (
    u32,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    &'a [&'a str],
);

fn assert_parse(name: &str, expected: &[Expected]) {
    let source = read(name);
    let got: Vec<_> = source
        .records
        .iter()
        .map(|r| {
            (
                r.number,
                r.question.as_str(),
                r.title.as_deref(),
                r.code.as_deref(),
                r.explanation.as_deref(),
                r.headings.iter().map(String::as_str).collect::<Vec<_>>(),
            )
        })
        .collect();
    let expected: Vec<_> = expected
        .iter()
        .map(|&(number, question, title, code, answer, sections)| {
            (number, question, title, code, answer, sections.to_vec())
        })
        .collect();
    assert_eq!(got, expected, "{name}");
    assert!(source.warnings.is_empty(), "{name}: {:?}", source.warnings);
}

#[test]
fn topic_headings_over_the_paragraphs_that_ask() {
    let caching: &[&str] = &[
        "Server-Side Conversation Starters",
        "Questions about Caching",
    ];
    let code: &[&str] = &["Server-Side Conversation Starters", "Questions about Code"];
    assert_parse(
        "topic-headings.md",
        &[
            (
                1,
                "A cache serves a value that the database has since changed. How would you bound how stale a read can be?",
                Some("Stale Reads"),
                None,
                None,
                caching,
            ),
            (
                2,
                "Why cache at all, when the database is fast? Discuss.",
                Some("Why?"),
                None,
                None,
                caching,
            ),
            (
                3,
                "Warm the cache before traffic arrives. Argue for it, then against it.",
                Some("Warm-up"),
                None,
                None,
                caching,
            ),
            (
                4,
                "Which eviction policy would you pick for a news site, and why?",
                Some("Eviction"),
                None,
                None,
                caching,
            ),
            (
                5,
                "What does this function return for an empty list?",
                Some("Spot the Bug"),
                Some("```python\ndef first(items):\n    return items[0] if items else None\n```"),
                None,
                code,
            ),
            (
                6,
                "What happens between a load balancer and a slow backend?",
                Some("Hand-off"),
                None,
                None,
                code,
            ),
        ],
    );
}

#[test]
fn details_blocks_are_questions_with_their_answers() {
    let delivery: &[&str] = &["Operations", "Questions", "Delivery"];
    assert_parse(
        "details.md",
        &[
            (
                1,
                "What is continuous delivery?",
                None,
                None,
                Some(
                    "Keeping every change releasable:\n\n* build and test on each commit\n* deploy with one command",
                ),
                delivery,
            ),
            (
                2,
                "Which tools have you used for the following? Builds Deployments",
                None,
                None,
                None,
                delivery,
            ),
            (
                3,
                "How does a reverse proxy work?",
                None,
                None,
                Some(
                    "It accepts requests on behalf of servers.\n\n## Forwarding\n\nIt passes each request on, and the reply back.",
                ),
                delivery,
            ),
            (
                4,
                "How do you list the open ports on a host?",
                None,
                None,
                Some("`ss -tlnp` lists listening TCP sockets with their processes."),
                &["Operations", "Questions", "Shell"],
            ),
        ],
    );
}

#[test]
fn heading_questions_keep_their_sub_headed_answers_and_drop_adverts() {
    let title: &[&str] = &["Top 3 Message Queue Interview Questions"];
    assert_parse(
        "heading-answers.md",
        &[
            (
                1,
                "What is a message queue?",
                None,
                None,
                Some(
                    "A **message queue** lets one service hand work to another without waiting.\n\n### Key Properties\n\n- **Durability**: messages survive a restart.\n- **Ordering**: often per partition only.\n\n#### 1. Delivery guarantees\n\nAt-least-once is the usual default.",
                ),
                title,
            ),
            (
                2,
                "How do you make a consumer idempotent?",
                None,
                None,
                Some(
                    "### Approach\n\nRecord each message id before acting on it:\n\n```python\n# skip what was seen\nif store.seen(msg.id):\n    return\n```\n\n| guarantee | cost |\n|---|---|\n| dedupe table | one write |",
                ),
                title,
            ),
            (
                3,
                "When would you choose a log over a queue?",
                None,
                None,
                Some("> A log keeps history; a queue forgets what it delivered."),
                title,
            ),
        ],
    );
}

#[test]
fn front_matter_names_the_list_and_follow_ups_join_their_question() {
    let title: &[&str] = &["Warm-up Questions"];
    assert_parse(
        "front-matter-bullets.md",
        &[
            (1, "What did you ship last month?", None, None, None, title),
            (
                2,
                "How do you keep a build fast? What do you cache? What do you never cache?",
                None,
                None,
                None,
                title,
            ),
            (
                3,
                "Talk about a bug you are proud of fixing.",
                None,
                None,
                None,
                title,
            ),
            (
                4,
                "Which logging levels do you use?",
                None,
                None,
                None,
                title,
            ),
        ],
    );
}

#[test]
fn multiple_choice_options_and_code_shown_with_the_question() {
    let quiz: &[&str] = &["HTTP Quiz"];
    assert_parse(
        "multiple-choice.md",
        &[
            (
                1,
                "Which status code means the resource was created?",
                None,
                None,
                Some("- [ ] 200 OK\n- [x] 201 Created\n- [ ] 204 No Content"),
                quiz,
            ),
            (
                2,
                "Which of these headers may a cache use? (Select all that apply.)",
                None,
                Some("```\nA. ETag\nB. Cache-Control\nC. Content-Length\n```"),
                Some("- [x] A,B\n- [ ] B,C"),
                quiz,
            ),
            (
                3,
                "Which port does HTTPS use by default?",
                None,
                None,
                Some("- [ ] 80\n- [x] 443"),
                quiz,
            ),
            (
                4,
                "Which method is idempotent? a) POST b) PUT",
                None,
                None,
                Some("b) PUT"),
                &["Lettered Options"],
            ),
        ],
    );
}

#[test]
fn numbered_items_whose_text_is_a_heading() {
    let title: &[&str] = &["Storage Questions"];
    assert_parse(
        "heading-items.md",
        &[
            (
                1,
                "What is a write-ahead log?",
                None,
                None,
                Some(
                    "A file where changes are recorded before they are applied.\n\nIt lets a database recover after a crash.",
                ),
                title,
            ),
            (
                2,
                "What is a B-tree?",
                None,
                None,
                Some("A balanced tree with many keys per node.\n\n```text\n[10 | 20]\n```"),
                title,
            ),
            (3, "What is compaction?", None, None, None, title),
        ],
    );
}

#[test]
fn labelled_questions_bold_numbers_and_placeholders() {
    assert_parse(
        "labelled.md",
        &[
            (
                1,
                "What is a socket?",
                None,
                None,
                Some("An endpoint for sending and receiving data."),
                &[],
            ),
            (
                2,
                "What does DNS resolve?",
                None,
                None,
                Some("Names to addresses."),
                &[],
            ),
            (
                3,
                "What is a subnet mask?",
                None,
                None,
                Some("It splits an address into network and host parts."),
                &[],
            ),
            // "Answer: TBD" is no answer.
            (4, "What is NAT?", None, None, None, &[]),
            (
                5,
                "What is the output of this command?",
                None,
                Some("```sh\necho $((2 + 3))\n```"),
                Some("`5`"),
                &[],
            ),
        ],
    );
}

#[test]
fn bold_paragraph_questions_with_emoji_and_spacers() {
    assert_parse(
        "bold-questions.md",
        &[
            (
                1,
                "What is a covering index?",
                None,
                None,
                Some(
                    "An index that holds every column a query reads, so the table is never visited.",
                ),
                &["Storage Interview Notes", "Indexes"],
            ),
            (
                2,
                "When does an index slow things down?",
                None,
                None,
                Some(
                    "1. Every write must update it.\n2. A query that reads most rows is faster as a scan.",
                ),
                &["Storage Interview Notes", "Indexes"],
            ),
            (
                3,
                "Why would a replica lag behind?",
                None,
                None,
                Some("Because it applies the leader's log after the leader does."),
                &["Storage Interview Notes", "Replication"],
            ),
        ],
    );
}

#[test]
fn numbered_headings_are_questions_and_boilerplate_headings_are_not() {
    let sections: &[&str] = &["40 Queue Questions", "1. Basics"];
    assert_parse(
        "numbered-headings.md",
        &[
            (
                1,
                "Difference between a queue and a topic",
                None,
                None,
                Some("A queue hands each message to one consumer; a topic to every subscriber."),
                sections,
            ),
            (
                2,
                "What is a poison message?",
                None,
                None,
                Some(
                    "A message that fails every time it is processed.\n\n**1. Detection:**\n\nCount deliveries per message.",
                ),
                sections,
            ),
            // "Read answer on 👉 …" is no answer.
            (
                3,
                "How do you size a consumer pool?",
                None,
                None,
                None,
                sections,
            ),
        ],
    );
}
