use super::parse;
use crate::corpus::entry::Parsed;

/// Each entry's question and explanation.
fn answered(parsed: &Parsed) -> Vec<(&str, Option<&str>)> {
    parsed
        .entries
        .iter()
        .map(|e| (e.question.as_str(), e.explanation.as_deref()))
        .collect()
}

/// Each entry's number, question and explanation.
fn numbered(parsed: &Parsed) -> Vec<(Option<u32>, &str, Option<&str>)> {
    parsed
        .entries
        .iter()
        .map(|e| (e.number, e.question.as_str(), e.explanation.as_deref()))
        .collect()
}

fn questions(text: &str) -> Vec<String> {
    parse(text)
        .entries
        .into_iter()
        .map(|e| e.question)
        .collect()
}

#[test]
fn numbered_items_with_both_delimiters() {
    let parsed = parse("1. What is REST?\n2) What is gRPC?\n");
    let got: Vec<_> = parsed
        .entries
        .iter()
        .map(|e| (e.number, e.question.as_str()))
        .collect();
    assert_eq!(
        got,
        [(Some(1), "What is REST?"), (Some(2), "What is gRPC?")]
    );
}

#[test]
fn bulleted_items_and_wrapped_lines() {
    let text = "- What is a\n  reverse proxy?\n* Explain CORS.\n";
    // Two bullet kinds make two lists; both are read.
    assert_eq!(
        questions(text),
        ["What is a reverse proxy?", "Explain CORS."]
    );
    assert_eq!(parse(text).entries[0].number, None);
}

#[test]
fn numbers_are_read_as_written() {
    let parsed = parse("3. What is a queue?\n\n7. What is a stack?\n");
    let numbers: Vec<_> = parsed.entries.iter().map(|e| e.number).collect();
    assert_eq!(numbers, [Some(3), Some(7)]);
}

#[test]
fn emphasis_is_removed_and_whitespace_collapsed() {
    assert_eq!(
        questions("1. **What is  _idempotency_ in `PUT`?**\n"),
        ["What is idempotency in PUT?"]
    );
}

#[test]
fn explanation_inside_the_item() {
    let text = "1. **What is a thread?**  \n   **Explanation**: A unit of\n   execution.\n\n2. **What is a process?**\n";
    let parsed = parse(text);
    assert_eq!(parsed.entries[0].question, "What is a thread?");
    assert_eq!(
        parsed.entries[0].explanation.as_deref(),
        Some("A unit of\nexecution.")
    );
    assert_eq!(parsed.entries[1].explanation, None);
}

#[test]
fn an_unclosed_code_block_is_a_warning_naming_its_line() {
    let text =
        "1. What is X?\n\n   ```sh\n   run x\n   ```\n2. What is Y?\n\n```\ncode\n3. What is Z?\n";
    let parsed = parse(text);
    assert_eq!(parsed.entries.len(), 2);
    let unclosed: Vec<u32> = parsed
        .warnings
        .iter()
        .filter(|(_, message)| message.contains("never closed"))
        .map(|(line, _)| *line)
        .collect();
    assert_eq!(unclosed, [8], "{:?}", parsed.warnings);
}

#[test]
fn a_question_marker_without_text_is_no_question() {
    // Found by fuzzing (tests/fixtures/fuzz/parse_source): "q:" gave an empty question.
    for text in ["q:", "Q: \nA: an answer\n", "## Q:\n"] {
        let parsed = parse(text);
        assert!(parsed.entries.is_empty(), "{text:?}: {:?}", parsed.entries);
    }
}

#[test]
fn an_answer_marker_may_carry_a_note() {
    let text = "1. What is a thread?\n   **Explanation** (from a:3): A unit of execution.\n";
    let parsed = parse(text);
    assert_eq!(parsed.entries[0].question, "What is a thread?");
    assert_eq!(
        parsed.entries[0].explanation.as_deref(),
        Some("A unit of execution.")
    );
}

#[test]
fn answer_and_a_markers_on_following_lines() {
    let text = "1. What is DNS?\nAnswer: Name resolution.\n\n2. What is TCP?\n\nA: A transport protocol.\n";
    let parsed = parse(text);
    let got = answered(&parsed);
    assert_eq!(
        got,
        [
            ("What is DNS?", Some("Name resolution.")),
            ("What is TCP?", Some("A transport protocol."))
        ]
    );
}

#[test]
fn multi_paragraph_answers_keep_lists_and_code() {
    let text = "\
1. What is a mutex?
   **Answer**: A lock.

   - one owner
   - blocking

   ```rust
   let m = Mutex::new(0);
   ```
2. What is a semaphore?
";
    let parsed = parse(text);
    assert_eq!(
        parsed.entries[0].explanation.as_deref(),
        Some("A lock.\n\n- one owner\n- blocking\n\n```rust\nlet m = Mutex::new(0);\n```")
    );
    assert_eq!(parsed.entries[1].question, "What is a semaphore?");
}

#[test]
fn questions_as_headings_with_answers_beneath() {
    let text = "\
# Interview prep

## Databases

### 1. What is a B-tree?

A balanced tree.

It keeps keys sorted.

### Explain MVCC

Versions per row.

## Networking

### What is DNS?
";
    let parsed = parse(text);
    let got: Vec<_> = parsed
        .entries
        .iter()
        .map(|e| {
            (
                e.number,
                e.question.as_str(),
                e.explanation.as_deref(),
                e.headings.last().map(String::as_str),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Some(1),
                "What is a B-tree?",
                Some("A balanced tree.\n\nIt keeps keys sorted."),
                Some("Databases")
            ),
            (
                None,
                "Explain MVCC",
                Some("Versions per row."),
                Some("Databases")
            ),
            (None, "What is DNS?", None, Some("Networking")),
        ]
    );
}

#[test]
fn headings_of_every_depth_with_bold_inside() {
    let text = "# Title\n## **Level 2**\n###### *Deep*\n1. What is X?\n";
    let parsed = parse(text);
    assert_eq!(parsed.entries[0].headings, ["Title", "Level 2", "Deep"]);
}

#[test]
fn a_new_heading_closes_deeper_ones() {
    let text = "# T\n## A\n### A1\n1. Q one?\n## B\n1. Q two?\n";
    let parsed = parse(text);
    assert_eq!(parsed.entries[1].headings, ["T", "B"]);
}

#[test]
fn title_and_intro_lines_are_not_questions_and_not_warnings() {
    let text = "Backend Interview Questions\n\nA list for practice.\n\n1. What is an API?\n";
    let parsed = parse(text);
    assert_eq!(questions(text), ["What is an API?"]);
    assert!(parsed.warnings.is_empty());
}

#[test]
fn q_and_a_paragraphs() {
    let text = "Q: What is a CDN?\nA: A network of caches.\n\nQ2. What is TLS?\n";
    let parsed = parse(text);
    assert_eq!(parsed.entries[0].question, "What is a CDN?");
    assert_eq!(
        parsed.entries[0].explanation.as_deref(),
        Some("A network of caches.")
    );
    assert_eq!(parsed.entries[1].number, Some(2));
    assert_eq!(parsed.entries[1].question, "What is TLS?");
}

#[test]
fn numbered_lines_folded_into_a_paragraph_are_still_questions() {
    let text = "Part two\n12. What is gRPC?\n13. What is Thrift?\n";
    let parsed = parse(text);
    let numbers: Vec<_> = parsed.entries.iter().map(|e| e.number).collect();
    assert_eq!(numbers, [Some(12), Some(13)]);
    assert_eq!(parsed.entries[1].question, "What is Thrift?");
}

#[test]
fn unplaced_text_after_a_question_is_a_warning_with_its_line() {
    let text = "1. What is REST?\n\nStray remark.\n";
    let parsed = parse(text);
    assert_eq!(parsed.entries.len(), 1);
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].0, 3);
    assert!(parsed.warnings[0].1.contains("Stray remark."));
}

#[test]
fn an_answer_with_no_question_before_it_is_a_warning() {
    let parsed = parse("Answer: 42\n");
    assert!(parsed.entries.is_empty());
    // Before the first question everything is intro text: no warning there.
    assert!(parsed.warnings.is_empty());
    let parsed = parse("# T\n\n1. What?\n\n## S\n\nAnswer: 42\n");
    assert_eq!(parsed.entries[0].explanation, None);
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].0, 7);
}

#[test]
fn a_table_of_contents_is_not_read_as_questions() {
    let text =
        "1. [Databases](#databases)\n2. [Caching](#caching)\n\n## Databases\n\n1. What is SQL?\n";
    assert_eq!(questions(text), ["What is SQL?"]);
}

#[test]
fn non_ascii_punctuation_is_kept() {
    assert_eq!(
        questions("1. What’s the “CAP” theorem — really?\n"),
        ["What’s the “CAP” theorem — really?"]
    );
}

#[test]
fn unterminated_fence_does_not_swallow_the_question() {
    let parsed = parse("1. What is X?\n   **Answer**: see\n   ```\n   code\n");
    assert_eq!(parsed.entries.len(), 1);
    assert_eq!(parsed.entries[0].question, "What is X?");
}

#[test]
fn a_heading_that_is_only_a_label_takes_the_paragraph_below_as_its_question() {
    let text = "## Question 1\n\nWhat is a lease?\n\nA lock that expires.\n\n## Question 2\nWhat is fencing?\n**Answer**: A token that orders writers.\n";
    let parsed = parse(text);
    let got = numbered(&parsed);
    assert_eq!(
        got,
        [
            (Some(1), "What is a lease?", Some("A lock that expires.")),
            (
                Some(2),
                "What is fencing?",
                Some("A token that orders writers.")
            )
        ]
    );
}

#[test]
fn links_that_ask_are_questions_and_back_links_leave_answers() {
    let text = "\
* [Caching](#caching)
* [Queues](#queues)
* [Locks](#locks)

1. [What is a cache stampede?](answers/stampede.md)
2. ### What is a dead-letter queue?

   Where messages go after too many failed deliveries.

   **[⬆ Back to Top](#table-of-contents)**
";
    let parsed = parse(text);
    let got = answered(&parsed);
    assert_eq!(
        got,
        [
            ("What is a cache stampede?", None),
            (
                "What is a dead-letter queue?",
                Some("Where messages go after too many failed deliveries.")
            )
        ]
    );
}

#[test]
fn text_introducing_a_section_is_no_warning() {
    let text = "## Locks\n\n1. What is a mutex?\n\n## Queues\n\nThis part is about queues.\n\n1. What is a queue?\n";
    let parsed = parse(text);
    assert_eq!(parsed.entries.len(), 2);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn bold_questions_with_answer_paragraphs() {
    let text = "# Caching notes\n\n**What is a cache stampede?**\n\nMany clients miss at once.\n\nThey all hit the database.\n\n**Q2. How do you prevent it?**\n\nLet one client refill.\n";
    let parsed = parse(text);
    let got = answered(&parsed);
    assert_eq!(
        got,
        [
            (
                "What is a cache stampede?",
                Some("Many clients miss at once.\n\nThey all hit the database.")
            ),
            ("How do you prevent it?", Some("Let one client refill."))
        ]
    );
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn output_questions_with_lettered_options_and_a_hidden_answer() {
    let text = "\
###### 1. What's the output?

```javascript
console.log(typeof null);
```

- A: `\"null\"`
- B: `\"object\"`

<details><summary><b>Answer</b></summary>
<p>

#### Answer: B

A historical quirk.

</p>
</details>

---

###### 2. What's the output?

```javascript
console.log(0.1 + 0.2 === 0.3);
```

- A: `true`
- B: `false`
";
    let parsed = parse(text);
    let got: Vec<_> = parsed
        .entries
        .iter()
        .map(|e| {
            (
                e.number,
                e.question.as_str(),
                e.code.as_deref(),
                e.explanation.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Some(1),
                "What's the output?",
                Some("```javascript\nconsole.log(typeof null);\n```"),
                Some("- A: `\"null\"`\n- B: `\"object\"`\n\n#### Answer: B\n\nA historical quirk.")
            ),
            (
                Some(2),
                "What's the output?",
                Some("```javascript\nconsole.log(0.1 + 0.2 === 0.3);\n```"),
                Some("- A: `true`\n- B: `false`")
            ),
        ]
    );
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn unnumbered_headings_inside_numbered_answers_and_questions_ending_in_a_parenthesis() {
    let text = "\
* [Explain hoisting](#explain-hoisting)
* [Explain closures](#explain-closures)
* [Explain scope](#explain-scope)

### 1. How do you empty an array?

### Method 1

```js
list = [];
```

### 2. What is hoisting?

Declarations move up.

### 3. How do you organise code? (modules, classes?)

By feature.
";
    let parsed = parse(text);
    let got = numbered(&parsed);
    assert_eq!(
        got,
        [
            (
                Some(1),
                "How do you empty an array?",
                Some("### Method 1\n\n```js\nlist = [];\n```")
            ),
            (Some(2), "What is hoisting?", Some("Declarations move up.")),
            (
                Some(3),
                "How do you organise code? (modules, classes?)",
                Some("By feature.")
            ),
        ]
    );
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn a_question_goes_on_after_its_code_up_to_the_options() {
    let text = "\
**Q.** A developer runs the following query:

```sql
SELECT * FROM t WHERE x = NULL;
```

It returns no rows. What is wrong?

- A) Nothing.
- B) `= NULL` is never true.

> **Answer: B**
";
    let parsed = parse(text);
    let entry = &parsed.entries[0];
    assert_eq!(
        entry.question,
        "A developer runs the following query: It returns no rows. What is wrong?"
    );
    assert_eq!(
        entry.code.as_deref(),
        Some("```sql\nSELECT * FROM t WHERE x = NULL;\n```")
    );
    assert_eq!(
        entry.explanation.as_deref(),
        Some("- A) Nothing.\n- B) `= NULL` is never true.\n\n> **Answer: B**")
    );
}
