//! Interview sets: reproducible samples, balanced quotas, and the printable HTML page,
//! rendered to PDF by a real headless browser (Chromium, which `.ci/run` installs with
//! poppler's pdfinfo and pdftotext where they are missing).

mod common;

use std::path::Path;
use std::process::Command;

use common::{TestEnv, json_lines_of};

fn sample_ids(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut cmd = env.qbank();
    cmd.args(["export", "--format", "jsonl"]).args(args);
    json_lines_of(&mut cmd)
        .iter()
        .filter_map(|q| q["id"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn the_same_seed_draws_the_same_set_and_another_seed_another() {
    let env = TestEnv::with_project_corpus();
    let first = sample_ids(&env, &["--sample", "8", "--seed", "42"]);
    assert_eq!(first.len(), 8);
    assert_eq!(first, sample_ids(&env, &["--sample", "8", "--seed", "42"]));
    assert_ne!(first, sample_ids(&env, &["--sample", "8", "--seed", "43"]));
    // The filters narrow the pool the sample is drawn from.
    let mut cmd = env.qbank();
    cmd.args([
        "export",
        "--format",
        "jsonl",
        "--sample",
        "5",
        "--seed",
        "1",
        "-l",
        "intermediate",
        "--has-explanation",
    ]);
    let drawn = json_lines_of(&mut cmd);
    assert_eq!(drawn.len(), 5);
    for q in &drawn {
        assert_eq!(q["level"], "intermediate");
        assert!(
            q["explanation"].as_str().is_some_and(|e| !e.is_empty()),
            "{q}"
        );
    }
}

#[test]
fn balance_spreads_the_sample_over_categories() {
    let env = TestEnv::with_project_corpus();
    let mut cmd = env.qbank();
    cmd.args([
        "export",
        "--format",
        "jsonl",
        "--sample",
        "24",
        "--seed",
        "5",
        "--balance",
        "category",
    ]);
    let drawn = json_lines_of(&mut cmd);
    assert_eq!(drawn.len(), 24);
    let mut per_category = std::collections::BTreeMap::new();
    for q in &drawn {
        *per_category
            .entry(q["category"].as_str().unwrap_or_default().to_string())
            .or_insert(0) += 1;
    }
    // Twelve categories in the built-in lists, each with at least two questions.
    assert_eq!(per_category.len(), 12, "{per_category:?}");
    assert!(per_category.values().all(|&n| n == 2), "{per_category:?}");
}

#[test]
fn a_quota_that_cannot_be_met_is_said_and_the_rest_exported() {
    let env = TestEnv::with_project_corpus();
    let output = env
        .qbank()
        .args(["export", "--format", "jsonl", "--per-category", "6"])
        .args([
            "-c", "apis", "-c", "testing", "-l", "advanced", "--seed", "2",
        ])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("drew") && stderr.contains("--seed 2"),
        "{stderr}"
    );
    // The built-in lists have one advanced apis question and no advanced testing one.
    let lines = String::from_utf8_lossy(&output.stdout).lines().count();
    assert_eq!(lines, 1);
    assert!(
        stderr.contains("6 were wanted from apis, only 1 there")
            && stderr.contains("6 were wanted from testing, only 0 there"),
        "{stderr}"
    );
    // Balance needs a sample to balance.
    env.qbank()
        .args(["export", "--balance", "category"])
        .assert()
        .code(2);
}

/// Chromium's `--print-to-pdf` of a page, and the PDF's pages as text.
fn print_to_pdf(page: &Path, dir: &Path) -> (usize, Vec<String>) {
    let pdf = dir.join("page.pdf");
    let status = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs (.ci/run installs it: apt-get install chromium)");
    assert!(status.status.success() && pdf.exists(), "{status:?}");
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo runs (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let texts = text.split('\u{c}').map(normalise).collect();
    (pages, texts)
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_html_sheet_prints_in_chromium_with_answers_from_a_new_page() {
    let env = TestEnv::with_project_corpus();
    let args = ["--sample", "6", "--seed", "9", "--has-explanation"];
    let mut cmd = env.qbank();
    cmd.args(["export", "--format", "jsonl"]).args(args);
    let questions = json_lines_of(&mut cmd);
    assert_eq!(questions.len(), 6);

    let sheet = env.dir.path().join("sheet.html");
    env.qbank()
        .args(["export", "-o"])
        .arg(&sheet)
        .args(args)
        .assert()
        .success();
    let html = std::fs::read_to_string(&sheet).expect("written");
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("@import"));
    let (pages, texts) = print_to_pdf(&sheet, env.dir.path());
    assert_eq!(
        pages, 1,
        "six questions without answers fit a page: {texts:?}"
    );
    let page = &texts[0];
    assert!(page.contains("Interview questions") && !page.contains("Answers"));
    for (n, q) in questions.iter().enumerate() {
        let text = normalise(q["question"].as_str().unwrap_or_default());
        assert!(
            page.contains(&format!("{}. {text}", n + 1)),
            "{text} in {page}"
        );
        assert!(page.contains(q["category"].as_str().unwrap_or("?")));
    }

    let with_answers = env.dir.path().join("answers.html");
    env.qbank()
        .args(["export", "--answers", "-o"])
        .arg(&with_answers)
        .args(args)
        .assert()
        .success();
    let (pages, texts) = print_to_pdf(&with_answers, env.dir.path());
    assert!(pages >= 2, "{pages}");
    assert!(
        !texts[0].contains("Answers"),
        "the questions' page has no answers"
    );
    let answers = texts
        .iter()
        .position(|t| t.starts_with("Answers"))
        .expect("a page that starts with the answers");
    assert!(answers >= 1);
    let rest = texts[answers..].join(" ");
    for q in &questions {
        // The first words of every explanation, as the page shows them.
        let explanation = normalise(q["explanation"].as_str().unwrap_or_default());
        let start: String = explanation.split(' ').take(4).collect::<Vec<_>>().join(" ");
        let plain = start.replace(['*', '`', '_'], "");
        assert!(rest.contains(&plain), "{plain:?} in the answers: {rest}");
    }
}
