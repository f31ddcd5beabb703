//! Crashes, Ctrl-C, concurrent use and damaged indexes: qbank keeps answering from a
//! complete index, leaves nothing behind, and says how to recover.

mod common;

use std::fs;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use common::{TestEnv, synthetic_list};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

/// A corpus big enough that a build takes a while: five lists of `per_list` questions.
fn big_env(per_list: usize) -> TestEnv {
    let env = TestEnv::empty();
    for n in 0..5 {
        env.write(&format!("list-{n}.md"), synthetic_list(per_list, n));
    }
    env
}

fn current(env: &TestEnv) -> String {
    fs::read_to_string(env.index.join("CURRENT"))
        .expect("CURRENT")
        .trim()
        .to_string()
}

/// Everything a build leaves in the index directory besides the marker and the lock.
fn generations(env: &TestEnv) -> Vec<String> {
    env.index_entries()
        .into_iter()
        .filter(|n| n != ".qbank-index" && n != ".lock")
        .collect()
}

/// After a complete build: `CURRENT` and the one generation it names, nothing else.
fn assert_clean(env: &TestEnv) {
    let current = current(env);
    let mut expected = vec!["CURRENT".to_string(), current];
    expected.sort();
    assert_eq!(generations(env), expected);
}

/// A search that answers from the index as it is (no rebuild) and finds something.
fn assert_serves(env: &TestEnv) {
    env.qbank()
        .args(["search", "cache", "-n", "1"])
        .assert()
        .success()
        .stderr(contains("building").not().and(contains("rebuilding").not()));
}

fn time_a_build(env: &TestEnv) -> Duration {
    let start = Instant::now();
    env.index();
    start.elapsed()
}

#[test]
fn killing_a_build_at_any_moment_leaves_the_previous_index_serving() {
    let env = big_env(1000);
    env.index();
    let full = time_a_build(&env);
    // Where the kills landed: before anything was written, while a generation was
    // being written, after the new generation was made current.
    let (mut reading, mut partial, mut swapped) = (0, 0, 0);
    for k in 0..20u32 {
        let landed = kill_a_build(&env, |_| {
            thread::sleep(full * (2 * k + 1) / 40);
        });
        match landed {
            Landed::Reading => reading += 1,
            Landed::Partial => partial += 1,
            Landed::Swapped => swapped += 1,
        }
    }
    eprintln!(
        "of 20 kills: {reading} before writing began (reading, classifying), {partial} while writing \
         (a partial build, removed by the next one), {swapped} after the swap"
    );
    // On a loaded machine the timed kills may all miss the write window, so one more
    // kill waits for the new generation's directory to appear: a kill mid-write is
    // always covered, however long each phase takes.
    let mut mid_write = Landed::Reading;
    for _ in 0..5 {
        mid_write = kill_a_build(&env, |child| {
            let deadline = Instant::now() + full * 4 + Duration::from_secs(10);
            while Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
                if generations(&env).iter().any(|n| n.starts_with("tmp-")) {
                    return;
                }
                thread::sleep(Duration::from_micros(200));
            }
        });
        if mid_write == Landed::Partial {
            break;
        }
    }
    assert_eq!(
        mid_write,
        Landed::Partial,
        "no kill landed while a build was writing"
    );
}

/// Where a kill landed: before anything was written, while a generation was being
/// written, after the new generation was made current.
#[derive(Debug, PartialEq)]
enum Landed {
    Reading,
    Partial,
    Swapped,
}

/// Starts `qbank index`, lets `wait` decide when, kills it with SIGKILL, and checks
/// that the index still serves and that the next build cleans up.
fn kill_a_build(env: &TestEnv, wait: impl FnOnce(&mut std::process::Child)) -> Landed {
    let before = current(env);
    let mut child = env
        .process()
        .arg("index")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns");
    wait(&mut child);
    // The build may have finished already; killing a reaped child is not an error.
    let _ = child.kill();
    child.wait().expect("waits");
    let after = current(env);
    let landed = if generations(env).iter().any(|n| n.starts_with("tmp-")) {
        Landed::Partial
    } else if after != before {
        Landed::Swapped
    } else {
        Landed::Reading
    };
    // CURRENT names the previous index, or the new one if the kill came after the
    // swap; either way a complete one, which answers.
    assert!(
        after == before || env.index.join(&after).join("meta.json").exists(),
        "{landed:?}: {after}"
    );
    assert_serves(env);
    // The next build succeeds and removes what the killed one left.
    env.index();
    assert_clean(env);
    landed
}

#[test]
fn ctrl_c_stops_a_build_with_status_130_and_no_leftovers() {
    let env = big_env(1000);
    env.index();
    let full = time_a_build(&env);
    let mut interrupted = 0;
    for fraction in [3u32, 5, 7] {
        let before = current(&env);
        let child = env
            .process()
            .arg("index")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns");
        thread::sleep(full * fraction / 10);
        Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("kill -INT");
        let output = child.wait_with_output().expect("waits");
        match output.status.code() {
            Some(130) => {
                interrupted += 1;
                let stderr = String::from_utf8_lossy(&output.stderr);
                assert!(stderr.contains("interrupted"), "{stderr}");
            }
            // The build had finished before the signal came.
            Some(0) => {}
            other => panic!("exit status {other:?}"),
        }
        // No leftovers either way, and a complete index serves: the previous one, or
        // the new one when the build finished before it saw the signal.
        let after = current(&env);
        assert!(
            after == before || env.index.join(&after).join("meta.json").exists(),
            "{after}"
        );
        assert_clean(&env);
        assert_serves(&env);
    }
    assert!(interrupted > 0, "no Ctrl-C landed during a build");
}

/// The number of questions a JSON search for "cache" reports as matching.
fn cache_total(output: &std::process::Output) -> Option<u64> {
    serde_json::from_slice::<serde_json::Value>(&output.stdout)
        .ok()
        .and_then(|json| json["total"].as_u64())
}

#[test]
fn searches_never_fail_or_see_a_half_built_index_while_it_is_rebuilt() {
    let env = big_env(400);
    // Two corpora, told apart by how many questions match "cache": without and with
    // an extra list. Every search must see one of the two counts, never another.
    let extra = synthetic_list(300, 99);
    let search = || {
        env.qbank()
            .args(["search", "cache", "-n", "3", "--format", "json"])
            .output()
            .expect("runs")
    };
    env.index();
    let without = cache_total(&search()).expect("a total");
    env.write("extra.md", &extra);
    env.index();
    let with = cache_total(&search()).expect("a total");
    assert_ne!(without, with);

    let done = AtomicBool::new(false);
    let searches = AtomicUsize::new(0);
    thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(Ordering::SeqCst) {
                let output = search();
                assert!(
                    output.status.success(),
                    "{}",
                    String::from_utf8_lossy(&output.stderr)
                );
                let total = cache_total(&output);
                assert!(
                    total == Some(without) || total == Some(with),
                    "a search saw {total:?} matches; complete indexes give {without} or {with}"
                );
                searches.fetch_add(1, Ordering::SeqCst);
            }
        });
        for round in 0..6 {
            if round % 2 == 0 {
                fs::remove_file(env.corpus.join("extra.md")).expect("remove");
            } else {
                env.write("extra.md", &extra);
            }
            env.index();
        }
        done.store(true, Ordering::SeqCst);
    });
    assert!(searches.load(Ordering::SeqCst) >= 2);
    assert_clean(&env);
}

/// Waits until another process holds the build lock.
fn wait_for_build_lock(env: &TestEnv) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(file) = fs::File::open(env.index.join(".lock"))
            && let Err(fs::TryLockError::WouldBlock) = file.try_lock()
        {
            return;
        }
        thread::sleep(Duration::from_millis(2));
    }
    panic!("no build took the lock");
}

#[test]
fn a_search_that_waited_for_a_rebuild_does_not_rebuild_again() {
    let env = big_env(1000);
    env.index();
    // An edit makes the index stale; the first search rebuilds it, the second waits.
    env.write("extra.md", "1. What is a cache stampede?\n");
    let start = || {
        env.process()
            .args(["search", "stampede", "--format", "json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns")
    };
    let first = start();
    wait_for_build_lock(&env);
    let second = start();
    let second_pid = second.id();
    let outputs = [
        first.wait_with_output().expect("waits"),
        second.wait_with_output().expect("waits"),
    ];
    for output in &outputs {
        assert!(output.status.success(), "{output:?}");
        assert!(String::from_utf8_lossy(&output.stdout).contains("extra:1"));
    }
    let second_stderr = String::from_utf8_lossy(&outputs[1].stderr);
    assert!(
        second_stderr.contains("being rebuilt by another process"),
        "{second_stderr}"
    );
    // Generations are named gen-<time>-<pid>: the one serving is the first search's.
    let serving = current(&env);
    assert!(
        !serving.ends_with(&format!("-{second_pid}")),
        "the second search rebuilt the index again ({serving})"
    );
    assert_clean(&env);
}

#[test]
fn two_builds_at_once_take_turns() {
    let env = big_env(400);
    env.index();
    let start = || {
        env.process()
            .arg("index")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns")
    };
    let (first, second) = (start(), start());
    let outputs = [
        first.wait_with_output().expect("waits"),
        second.wait_with_output().expect("waits"),
    ];
    assert!(outputs.iter().all(|o| o.status.success()), "{outputs:?}");
    let waited = outputs
        .iter()
        .any(|o| String::from_utf8_lossy(&o.stderr).contains("being rebuilt by another process"));
    assert!(waited, "one build should have waited for the other");
    assert_clean(&env);
    assert_serves(&env);
}

/// The path of the current generation's first file with this extension.
fn segment_file(env: &TestEnv, extension: &str) -> std::path::PathBuf {
    fs::read_dir(env.index.join(current(env)))
        .expect("generation")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == extension))
        .expect("segment file")
}

#[test]
fn a_damaged_index_says_how_to_recover_and_force_recovers() {
    let env = TestEnv::with_project_corpus();
    env.index();
    // Garbage in the middle of a segment file: Tantivy trips over it at search time.
    let file = segment_file(&env, "idx");
    let mut bytes = fs::read(&file).expect("read");
    let n = bytes.len();
    for b in &mut bytes[n / 4..n / 2] {
        *b ^= 0x5a;
    }
    fs::write(&file, bytes).expect("damage");
    env.qbank()
        .args(["search", "docker"])
        .assert()
        .code(2)
        .stderr(contains("qbank index --force"));
    env.qbank().args(["index", "--force"]).assert().success();
    assert_clean(&env);
    assert_serves(&env);
}

#[test]
fn missing_or_truncated_files_are_rebuilt_on_the_next_command() {
    for damage in ["delete", "truncate", "garble meta.json", "garble CURRENT"] {
        let env = TestEnv::with_project_corpus();
        env.index();
        let file = segment_file(&env, "store");
        match damage {
            "delete" => fs::remove_file(&file).expect("delete"),
            "truncate" => fs::write(&file, b"short").expect("truncate"),
            "garble meta.json" => {
                fs::write(env.index.join(current(&env)).join("meta.json"), b"{\"segm")
                    .expect("garble")
            }
            _ => fs::write(env.index.join("CURRENT"), b"../../etc\n").expect("garble"),
        }
        env.qbank()
            .args(["search", "docker"])
            .assert()
            .success()
            .stderr(contains("cannot be read").and(contains("rebuilding")));
        assert_clean(&env);
    }
}

/// Rewrites the manifest (the commit payload in meta.json) of the current generation.
fn edit_manifest(env: &TestEnv, edit: impl Fn(&mut serde_json::Value)) {
    let meta_path = env.index.join(current(env)).join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&meta_path).expect("meta")).expect("json");
    let mut manifest: serde_json::Value =
        serde_json::from_str(meta["payload"].as_str().expect("payload")).expect("manifest");
    edit(&mut manifest);
    meta["payload"] = manifest.to_string().into();
    fs::write(&meta_path, meta.to_string()).expect("write meta");
}

#[test]
fn an_index_from_another_schema_or_a_future_version_is_rebuilt() {
    let env = TestEnv::with_project_corpus();
    env.index();
    edit_manifest(&env, |m| m["qbank_version"] = "99.0.0".into());
    env.qbank()
        .args(["search", "docker"])
        .assert()
        .success()
        .stderr(contains("built by qbank 99.0.0").and(contains("rebuilding")));
    // A schema qbank does not know: a field renamed in meta.json.
    let meta_path = env.index.join(current(&env)).join("meta.json");
    let meta = fs::read_to_string(&meta_path).expect("meta");
    fs::write(
        &meta_path,
        meta.replace("\"explanation_from\"", "\"explained_by\""),
    )
    .expect("write");
    env.qbank()
        .args(["search", "docker"])
        .assert()
        .success()
        .stderr(contains("another version of qbank"));
    assert_clean(&env);
}

#[test]
fn force_never_takes_over_a_directory_qbank_did_not_create() {
    let env = TestEnv::with_project_corpus();
    fs::create_dir(&env.index).expect("dir");
    fs::write(env.index.join("thesis.tex"), "precious").expect("file");
    for args in [&["index"][..], &["index", "--force"], &["search", "docker"]] {
        env.qbank()
            .args(args)
            .assert()
            .code(2)
            .stderr(contains("not a qbank index directory"));
    }
    assert_eq!(env.index_entries(), ["thesis.tex"]);
    assert_eq!(
        fs::read_to_string(env.index.join("thesis.tex")).expect("kept"),
        "precious"
    );
}

#[test]
fn an_index_path_that_is_a_file_is_refused_and_kept() {
    let env = TestEnv::with_project_corpus();
    fs::write(&env.index, "notes").expect("file");
    for args in [&["index"][..], &["index", "--force"], &["search", "docker"]] {
        env.qbank().args(args).assert().code(2).stderr(contains(
            "is not a directory; choose another --index directory",
        ));
    }
    assert_eq!(fs::read_to_string(&env.index).expect("kept"), "notes");
}

#[test]
fn force_takes_back_a_qbank_directory_whose_marker_is_gone() {
    let env = TestEnv::with_project_corpus();
    env.index();
    fs::remove_file(env.index.join(".qbank-index")).expect("remove marker");
    env.qbank()
        .arg("index")
        .assert()
        .code(2)
        .stderr(contains("marker is missing").and(contains("qbank index --force")));
    env.qbank().args(["index", "--force"]).assert().success();
    assert!(env.index.join(".qbank-index").exists());
    assert_clean(&env);
    assert_serves(&env);
}

#[test]
fn force_with_a_bad_corpus_leaves_the_index_serving() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let before = current(&env);
    env.write("broken.md", b"1. What is a caf\xe9?\n");
    env.qbank()
        .args(["index", "--force"])
        .assert()
        .code(2)
        .stderr(contains("broken.md").and(contains("not UTF-8")));
    assert_eq!(current(&env), before);
    assert_clean(&env);
}
