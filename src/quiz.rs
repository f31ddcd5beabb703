//! Practice: questions drawn at random (reproducibly, from a seed), each shown, then
//! its explanation on Enter, then "did you know it?", and a score at the end. Reads
//! answers line by line from any `BufRead`, so a script or a test can answer.

use std::io::{self, BufRead, Write};

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::progress::Grade;
use crate::question::{Question, fenced_code};
use crate::{interrupt, render};

/// `count` questions of `pool` in random order; the same seed and pool give the same
/// questions in the same order on every machine (ChaCha8, not the standard generator
/// whose output may change between versions).
pub fn draw(mut pool: Vec<Question>, count: usize, seed: u64) -> Vec<Question> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    pool.shuffle(&mut rng);
    pool.truncate(count);
    pool
}

/// How a session went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Questions answered with yes or no.
    pub answered: usize,
    pub known: usize,
    /// Ids of the questions answered no, in order.
    pub missed: Vec<String>,
    /// Whether the session ended before the last question (q, or the end of input).
    pub stopped: bool,
}

/// What the user typed at a prompt.
enum Reply {
    Line(String),
    Quit,
}

fn read_reply(input: &mut dyn BufRead) -> io::Result<Reply> {
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        return Ok(Reply::Quit);
    }
    let line = line.trim().to_lowercase();
    Ok(if line == "q" || line == "quit" {
        Reply::Quit
    } else {
        Reply::Line(line)
    })
}

/// Where each grade goes: it returns a line to show after it (when the question is
/// due again), or an error message.
pub type Record<'a> = dyn FnMut(&Question, Grade) -> Result<String, String> + 'a;

/// Runs the session over `questions`, prompting on `output`, text wrapped to `width`
/// columns; each grade is handed to `record`. While it waits for an answer, the score
/// so far is what Ctrl-C prints.
pub fn run(
    questions: &[Question],
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    width: usize,
    record: &mut Record,
) -> io::Result<Summary> {
    let result = session(questions, input, output, width, record);
    interrupt::set_farewell(None);
    result
}

fn session(
    questions: &[Question],
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    width: usize,
    record: &mut Record,
) -> io::Result<Summary> {
    let mut summary = Summary::default();
    let total = questions.len();
    let farewell = |summary: &Summary| {
        let stopped = Summary {
            stopped: true,
            ..summary.clone()
        };
        let mut text = Vec::new();
        if write_summary(&stopped, total, &mut text).is_ok() {
            interrupt::set_farewell(Some(String::from_utf8_lossy(&text).into_owned()));
        }
    };
    for (i, q) in questions.iter().enumerate() {
        farewell(&summary);
        writeln!(
            output,
            "\nQuestion {} of {total}  [{} · {} · {}]",
            i + 1,
            q.id,
            q.category,
            q.level,
        )?;
        if let Some(title) = &q.title {
            writeln!(output, "{}", render::wrapped(title, width))?;
        }
        writeln!(output, "{}\n", render::wrapped(&q.question, width))?;
        // A question about code cannot be answered without it.
        if let Some(code) = &q.code {
            for line in fenced_code(code).1.lines() {
                writeln!(output, "    {line}")?;
            }
            writeln!(output)?;
        }
        write!(output, "Press Enter for the explanation (q to quit) ")?;
        output.flush()?;
        if let Reply::Quit = read_reply(input)? {
            summary.stopped = true;
            break;
        }
        let explanation = q
            .explanation
            .as_deref()
            .map(|text| render::explanation_text(text, width));
        match (explanation, &q.explanation_from) {
            (Some(explanation), None) => writeln!(output, "\n{explanation}\n")?,
            (Some(explanation), Some(from)) => {
                writeln!(output, "\n(explanation from {from})\n{explanation}\n")?
            }
            (None, _) => writeln!(output, "\nNo explanation in the corpus.\n")?,
        }
        let grade = loop {
            write!(
                output,
                "How well did you know it? [1 again, 2 hard, 3 good, 4 easy; q to quit] "
            )?;
            output.flush()?;
            match read_reply(input)? {
                Reply::Quit => break None,
                Reply::Line(line) => match Grade::from_reply(&line) {
                    Some(grade) => break Some(grade),
                    None => writeln!(
                        output,
                        "Please answer 1 (again: didn't know it), 2 (hard), 3 (good) or 4 (easy)."
                    )?,
                },
            }
        };
        let Some(grade) = grade else {
            summary.stopped = true;
            break;
        };
        summary.answered += 1;
        if grade.knew() {
            summary.known += 1;
        } else {
            summary.missed.push(q.id.clone());
        }
        match record(q, grade) {
            Ok(note) if note.is_empty() => {}
            Ok(note) => writeln!(output, "{note}")?,
            Err(problem) => writeln!(output, "qbank: {problem}")?,
        }
    }
    summary.stopped |= summary.answered < total;
    write_summary(&summary, total, output)?;
    Ok(summary)
}

fn write_summary(summary: &Summary, total: usize, output: &mut dyn Write) -> io::Result<()> {
    writeln!(output)?;
    if summary.stopped {
        writeln!(
            output,
            "Stopped after {} of {total} questions.",
            summary.answered
        )?;
    }
    let percent = (summary.known * 100)
        .checked_div(summary.answered)
        .unwrap_or(0);
    writeln!(
        output,
        "Score: {} of {} ({percent}%)",
        summary.known, summary.answered
    )?;
    if summary.missed.is_empty() {
        writeln!(output, "Missed: none")?;
    } else {
        writeln!(output, "Missed: {}", summary.missed.join(", "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::question::{Category, Level, Provenance};

    fn question(n: u32, explanation: Option<&str>) -> Question {
        Question {
            id: format!("s:{n}"),
            source: "s".into(),
            number: n,
            line: n,
            question: format!("Question {n}?"),
            title: None,
            code: None,
            explanation: explanation.map(str::to_string),
            section: None,
            category: Category::Databases,
            category_source: Provenance::Inferred,
            category_confidence: 1.0,
            level: Level::Beginner,
            level_source: Provenance::Inferred,
            level_confidence: 1.0,
            cluster: format!("s:{n}"),
            duplicates: Vec::new(),
            explanation_from: None,
            concepts: Vec::new(),
        }
    }

    fn session(questions: &[Question], answers: &str) -> (Summary, String) {
        let mut output = Vec::new();
        let mut grades = Vec::new();
        let summary = run(
            questions,
            &mut answers.as_bytes(),
            &mut output,
            60,
            &mut |q, grade| {
                grades.push((q.id.clone(), grade));
                Ok(format!("recorded {}", grade.as_str()))
            },
        )
        .expect("runs");
        assert_eq!(grades.len(), summary.answered);
        (summary, String::from_utf8(output).expect("utf-8"))
    }

    #[test]
    fn the_same_seed_draws_the_same_questions() {
        let pool: Vec<Question> = (1..=20).map(|n| question(n, None)).collect();
        let ids = |qs: Vec<Question>| qs.into_iter().map(|q| q.id).collect::<Vec<_>>();
        let first = ids(draw(pool.clone(), 5, 7));
        assert_eq!(first, ids(draw(pool.clone(), 5, 7)));
        assert_ne!(first, ids(draw(pool.clone(), 5, 8)));
        assert_eq!(first.len(), 5);
        assert_eq!(ids(draw(pool, 50, 7)).len(), 20);
    }

    #[test]
    fn a_session_scores_and_lists_the_missed() {
        let qs = [
            question(1, Some("Because.")),
            question(2, None),
            question(3, None),
        ];
        let (summary, out) = session(&qs, "\n4\n\nmaybe\n1\n\nY\n");
        assert_eq!(summary.answered, 3);
        assert_eq!(summary.known, 2);
        assert_eq!(summary.missed, ["s:2"]);
        assert!(!summary.stopped);
        assert!(out.contains("Because."), "{out}");
        assert!(out.contains("No explanation in the corpus."), "{out}");
        assert!(out.contains("Please answer 1 (again"), "{out}");
        // Each grade is handed on, and what comes back is shown.
        assert!(
            out.contains("recorded easy")
                && out.contains("recorded again")
                && out.contains("recorded good"),
            "{out}"
        );
        assert!(out.ends_with("Score: 2 of 3 (66%)\nMissed: s:2\n"), "{out}");
    }

    #[test]
    fn a_question_about_code_shows_its_title_and_code() {
        let q = Question {
            title: Some("Typeof".to_string()),
            code: Some("```js\nconsole.log(typeof null);\n```".to_string()),
            ..question(1, None)
        };
        let (_, out) = session(&[q], "q\n");
        assert!(
            out.contains("]\nTypeof\nQuestion 1?\n\n    console.log(typeof null);\n\n"),
            "{out}"
        );
    }

    #[test]
    fn quitting_or_running_out_of_input_still_summarises() {
        let qs = [question(1, None), question(2, None)];
        let (summary, out) = session(&qs, "\nn\nq\n");
        assert_eq!((summary.answered, summary.stopped), (1, true));
        assert!(out.contains("Stopped after 1 of 2 questions."), "{out}");
        assert!(out.contains("Missed: s:1"), "{out}");
        let (summary, _) = session(&qs, "");
        assert_eq!((summary.answered, summary.stopped), (0, true));
    }
}
