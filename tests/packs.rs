//! `qbank add`, `packs`, `update` and `remove` against a small HTTP server on
//! 127.0.0.1 run by the test itself: lists, archives and GitHub-style repository
//! archives are served from memory, with validators (ETag, 304), errors, a server that
//! never answers, responses over the size limit, and archives built to escape.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{TestEnv, json_of, names_in, stdout_of};
use predicates::prelude::*;
use predicates::str::contains;

/// What the server answers at a path.
#[derive(Clone)]
enum Route {
    /// 200 with the body and an ETag (304 when the request's If-None-Match is it).
    File {
        body: Vec<u8>,
        etag: String,
    },
    Status(u16),
    Redirect(String),
    /// Reads the request and says nothing.
    Silent,
    /// Promises `length` bytes, sends the body, then waits.
    Partial {
        body: Vec<u8>,
        length: usize,
    },
    /// 200 with no Content-Length: `length` bytes, then the connection closes.
    Unsized {
        length: usize,
    },
}

struct Server {
    base: String,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    /// Paths requested, in order.
    requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let routes: Arc<Mutex<HashMap<String, Route>>> = Arc::default();
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let (routes_in, requests_in) = (routes.clone(), requests.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (routes, requests) = (routes_in.clone(), requests_in.clone());
                std::thread::spawn(move || answer(stream, &routes, &requests));
            }
        });
        Server {
            base,
            routes,
            requests,
        }
    }

    fn serve(&self, path: &str, route: Route) {
        self.routes
            .lock()
            .expect("routes")
            .insert(path.to_string(), route);
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn requested(&self, path: &str) -> usize {
        let requests = self.requests.lock().expect("requests");
        requests.iter().filter(|p| *p == path).count()
    }
}

fn answer(
    mut stream: TcpStream,
    routes: &Mutex<HashMap<String, Route>>,
    requests: &Mutex<Vec<String>>,
) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let mut path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut if_none_match = None;
    if first.starts_with("CONNECT ") {
        // A proxy's tunnel: agreed to, then the request inside it is answered.
        requests
            .lock()
            .expect("requests")
            .push(format!("CONNECT {path}"));
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                break;
            }
        }
        if stream
            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
            .is_err()
        {
            return;
        }
        let mut inner = String::new();
        if reader.read_line(&mut inner).is_err() {
            return;
        }
        path = inner.split_whitespace().nth(1).unwrap_or("/").to_string();
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("if-none-match")
        {
            if_none_match = Some(value.trim().to_string());
        }
    }
    requests.lock().expect("requests").push(path.clone());
    let route = routes.lock().expect("routes").get(&path).cloned();
    let head = |status: &str, extra: &str| {
        format!("HTTP/1.1 {status}\r\nConnection: close\r\n{extra}\r\n").into_bytes()
    };
    let _ = match route {
        None => stream.write_all(&head("404 Not Found", "Content-Length: 0\r\n")),
        Some(Route::File { body, etag }) => {
            if if_none_match.as_deref() == Some(etag.as_str()) {
                stream.write_all(&head("304 Not Modified", &format!("ETag: {etag}\r\n")))
            } else {
                let extra = format!("ETag: {etag}\r\nContent-Length: {}\r\n", body.len());
                stream
                    .write_all(&head("200 OK", &extra))
                    .and_then(|()| stream.write_all(&body))
            }
        }
        Some(Route::Status(code)) => {
            stream.write_all(&head(&format!("{code} Something"), "Content-Length: 0\r\n"))
        }
        Some(Route::Redirect(to)) => stream.write_all(&head(
            "302 Found",
            &format!("Location: {to}\r\nContent-Length: 0\r\n"),
        )),
        Some(Route::Silent) => {
            std::thread::sleep(Duration::from_secs(30));
            Ok(())
        }
        Some(Route::Partial { body, length }) => {
            let extra = format!("Content-Length: {length}\r\n");
            let sent = stream
                .write_all(&head("200 OK", &extra))
                .and_then(|()| stream.write_all(&body))
                .and_then(|()| stream.flush());
            std::thread::sleep(Duration::from_secs(30));
            sent
        }
        Some(Route::Unsized { length }) => stream
            .write_all(&head("200 OK", ""))
            .and_then(|()| stream.write_all(&vec![b'x'; length])),
    };
}

/// A list of our own, in the numbered shape.
fn list(title: &str, questions: &[&str]) -> Vec<u8> {
    let mut text = format!("# {title}\n\n");
    for (i, q) in questions.iter().enumerate() {
        text.push_str(&format!("{}. {q}\n", i + 1));
    }
    text.into_bytes()
}

/// A `.tar.gz` of `(path, bytes)` files.
fn tar_gz(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut builder = tar::Builder::new(encoder);
    for (path, bytes) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, path, bytes.as_slice())
            .expect("append");
    }
    builder
        .into_inner()
        .and_then(|gz| gz.finish())
        .expect("tar.gz")
}

/// A `.tar.gz` with one entry whose raw name (and link target) are written as given,
/// past the tar crate's own checks: what a hostile archive holds.
fn hostile_tar_gz(name: &str, link: Option<&str>) -> Vec<u8> {
    let mut header = tar::Header::new_old();
    {
        let old = header.as_old_mut();
        old.name[..name.len()].copy_from_slice(name.as_bytes());
        if let Some(link) = link {
            old.linkname[..link.len()].copy_from_slice(link.as_bytes());
        }
    }
    let body: &[u8] = if link.is_some() {
        b""
    } else {
        b"# Escaped\n\n1. Did this get out?\n"
    };
    header.set_entry_type(if link.is_some() {
        tar::EntryType::Symlink
    } else {
        tar::EntryType::Regular
    });
    header.set_size(body.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    let mut raw = header.as_bytes().to_vec();
    raw.extend_from_slice(body);
    raw.resize(raw.len().div_ceil(512) * 512, 0);
    // A good list after it, so that only the bad entry can be the reason for refusing.
    let good = tar_gz(&[("fine.md", list("Fine", &["What is a fine question?"]))]);
    let mut rest = Vec::new();
    flate2::read::GzDecoder::new(good.as_slice())
        .read_to_end(&mut rest)
        .expect("gunzip");
    raw.extend_from_slice(&rest);
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&raw).expect("gzip");
    encoder.finish().expect("gzip")
}

fn zip_of(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (path, bytes) in files {
        writer
            .start_file(*path, zip::write::SimpleFileOptions::default())
            .expect("zip entry");
        writer.write_all(bytes).expect("zip write");
    }
    writer.finish().expect("zip").into_inner()
}

/// A directory without a corpus, with a home of its own: the built-in lists and the
/// packs are the corpus.
fn user() -> TestEnv {
    TestEnv::empty()
}

fn packs_dir(env: &TestEnv) -> PathBuf {
    env.home().join(".local/share/qbank/packs")
}

fn ids(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let json = json_of(
        env.bare()
            .args(["search"])
            .args(args)
            .args(["--format", "json", "-n", "50"]),
    );
    common::ids(&json)
}

#[test]
fn a_raw_list_a_tar_gz_and_a_zip_become_packs_searched_with_the_built_in_lists() {
    let server = Server::start();
    let env = user();
    server.serve(
        "/lists/caching.md",
        Route::File {
            body: list(
                "Caching",
                &[
                    "How does a write-behind cache lose data on a crash?",
                    "What is cache stampede protection?",
                ],
            ),
            etag: "\"v1\"".into(),
        },
    );
    server.serve(
        "/archives/queues.tar.gz",
        Route::File {
            body: tar_gz(&[
                (
                    "queues/basics.md",
                    list("Queues", &["What is a dead-letter queue for?"]),
                ),
                ("queues/LICENSE", b"Permission is granted.".to_vec()),
                ("queues/run.sh", b"rm -rf /".to_vec()),
            ]),
            etag: "\"q1\"".into(),
        },
    );
    server.serve(
        "/archives/tls.zip",
        Route::File {
            body: zip_of(&[(
                "tls/handshake.md",
                list("TLS", &["What does a TLS handshake negotiate?"]),
            )]),
            etag: "\"z1\"".into(),
        },
    );
    env.bare()
        .args(["add", &server.url("/lists/caching.md")])
        .assert()
        .success()
        .stderr(contains("added the pack caching: 2 questions"));
    env.bare()
        .args(["add", &server.url("/archives/queues.tar.gz")])
        .assert()
        .success()
        .stderr(contains("added the pack queues: 1 question"));
    env.bare()
        .args(["add", &server.url("/archives/tls.zip"), "--name", "tls"])
        .assert()
        .success();

    assert_eq!(ids(&env, &["write-behind"]), ["caching/caching:1"]);
    assert_eq!(ids(&env, &["dead-letter"]), ["queues/queues/basics:1"]);
    assert_eq!(
        ids(&env, &["handshake", "negotiate"]),
        ["tls/tls/handshake:1"]
    );
    // The built-in lists are still there, and --source takes a pack's name.
    assert!(!ids(&env, &["rate", "limiting"]).is_empty());
    assert_eq!(
        ids(&env, &["queue", "-s", "queues"]),
        ["queues/queues/basics:1"]
    );
    // Nothing but lists and the licence was taken from the archive.
    let queues = packs_dir(&env).join("queues");
    assert!(queues.join("queues/basics.md").is_file());
    assert!(!queues.join("queues/run.sh").exists());

    let listed = json_of(env.bare().args(["packs", "--format", "json"]));
    let names: Vec<&str> = listed
        .as_array()
        .expect("packs")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["caching", "queues", "tls"]);
    assert_eq!(listed[1]["licence_file"], "queues/LICENSE");
    assert_eq!(listed[0]["questions"], 2);
    assert_eq!(listed[0]["etag"], "\"v1\"");
    let table = stdout_of(env.bare().arg("packs"));
    assert!(
        table.contains("caching") && table.contains("queues/LICENSE"),
        "{table}"
    );

    env.bare()
        .args(["add", &server.url("/lists/caching.md")])
        .assert()
        .code(2)
        .stderr(contains("a pack named 'caching' exists"));
}

#[test]
fn update_changes_nothing_on_304_and_replaces_the_pack_on_new_content() {
    let server = Server::start();
    let env = user();
    let path = "/lists/caching.md";
    server.serve(
        path,
        Route::File {
            body: list("Caching", &["What is a write-behind cache?"]),
            etag: "\"v1\"".into(),
        },
    );
    env.bare()
        .args(["add", &server.url(path)])
        .assert()
        .success();
    let manifest = packs_dir(&env).join("caching/.qbank-pack.json");
    let before = std::fs::read_to_string(&manifest).expect("manifest");
    env.bare()
        .args(["update", "caching"])
        .assert()
        .success()
        .stderr(contains("caching is up to date"));
    assert_eq!(
        std::fs::read_to_string(&manifest).expect("manifest"),
        before
    );
    assert_eq!(server.requested(path), 2);

    server.serve(
        path,
        Route::File {
            body: list(
                "Caching",
                &[
                    "What is a write-behind cache?",
                    "What is a read-through cache?",
                ],
            ),
            etag: "\"v2\"".into(),
        },
    );
    env.bare()
        .arg("update")
        .assert()
        .success()
        .stderr(contains("updated caching: 2 questions"));
    assert_eq!(ids(&env, &["read-through"]), ["caching/caching:2"]);
}

#[test]
fn http_errors_timeouts_and_oversized_responses_fail_cleanly() {
    let server = Server::start();
    let env = user();
    server.serve("/gone.md", Route::Status(404));
    server.serve("/forbidden.md", Route::Status(403));
    server.serve("/silent.md", Route::Silent);
    server.serve(
        "/big.md",
        Route::File {
            body: vec![b'a'; 1_500_000],
            etag: "\"big\"".into(),
        },
    );
    server.serve("/endless.md", Route::Unsized { length: 1_500_000 });
    server.serve("/moved.md", Route::Redirect(server.url("/gone.md")));
    for (path, message) in [
        ("/gone.md", "HTTP 404"),
        ("/forbidden.md", "HTTP 403"),
        ("/moved.md", "HTTP 404"),
        ("/big.md", "larger than 1 MB"),
        ("/endless.md", "larger than 1 MB"),
    ] {
        let output = env
            .bare()
            .args(["add", &server.url(path), "--max-size", "1"])
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{path}: {stderr}");
        assert!(stderr.contains(message), "{path}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{path}: {stderr}");
    }
    let started = Instant::now();
    env.bare()
        .args(["add", &server.url("/silent.md"), "--timeout", "1"])
        .assert()
        .code(2)
        .stderr(contains("timed out"));
    assert!(started.elapsed() < Duration::from_secs(20));
    // Nothing listens on a port just freed: as offline as a test can be.
    let closed = TcpListener::bind("127.0.0.1:0").expect("port");
    let address = closed.local_addr().expect("address");
    drop(closed);
    env.bare()
        .args(["add", &format!("http://{address}/list.md")])
        .assert()
        .code(2)
        .stderr(contains("cannot download").and(contains("connection refused")));
    // No pack was made, and no half-written one is visible.
    let visible: Vec<String> = names_in(&packs_dir(&env))
        .into_iter()
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert!(visible.is_empty(), "{visible:?}");
}

#[test]
fn archives_that_reach_outside_are_refused_and_write_nothing_outside() {
    let server = Server::start();
    let env = user();
    let outside = env.dir.path().join("escaped.md");
    for (name, entry, link) in [
        ("dotdot", "../../../../escaped.md", None),
        ("absolute", outside.to_str().expect("utf-8"), None),
        ("link", "pack/link.md", Some("../../../../escaped.md")),
        ("rooted-link", "pack/root.md", Some("/etc/passwd")),
    ] {
        let path = format!("/{name}.tar.gz");
        server.serve(
            &path,
            Route::File {
                body: hostile_tar_gz(entry, link),
                etag: "\"h\"".into(),
            },
        );
        env.bare()
            .args(["add", &server.url(&path)])
            .assert()
            .code(2)
            .stderr(contains(format!(
                "refused the archive {}",
                server.url(&path)
            )));
        assert!(!outside.exists(), "{name} wrote outside");
        assert!(!packs_dir(&env).join(name).exists(), "{name} was added");
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("../escaped.md", zip::write::SimpleFileOptions::default())
        .expect("entry");
    zip.write_all(b"# Escaped\n\n1. Out?\n").expect("write");
    let body = zip.finish().expect("zip").into_inner();
    server.serve(
        "/dotdot.zip",
        Route::File {
            body,
            etag: "\"z\"".into(),
        },
    );
    env.bare()
        .args(["add", &server.url("/dotdot.zip")])
        .assert()
        .code(2)
        .stderr(contains("refused the archive"));
    assert!(!env.dir.path().join("escaped.md").exists());
}

#[test]
fn a_github_repository_and_a_catalogue_name_are_fetched_as_archives() {
    let server = Server::start();
    let env = user();
    server.serve(
        "/someone/interview-lists/archive/HEAD.tar.gz",
        Route::File {
            body: tar_gz(&[
                (
                    "interview-lists-main/backend/apis.md",
                    list("APIs", &["What makes a PUT request idempotent?"]),
                ),
                (
                    "interview-lists-main/frontend/css.md",
                    list("CSS", &["What is the box model?"]),
                ),
                ("interview-lists-main/LICENSE", b"MIT".to_vec()),
            ]),
            etag: "\"g1\"".into(),
        },
    );
    server.serve(
        "/bregman-arie/devops-exercises/archive/HEAD.tar.gz",
        Route::File {
            body: tar_gz(&[(
                "devops-exercises-master/topics/containers/README.md",
                list("Containers", &["What does a container image layer hold?"]),
            )]),
            etag: "\"d1\"".into(),
        },
    );
    let add = |args: &[&str]| {
        let mut cmd = env.bare();
        cmd.env("QBANK_GITHUB", &server.base).arg("add").args(args);
        cmd
    };
    add(&["someone/interview-lists:backend"]).assert().success();
    assert_eq!(
        ids(&env, &["idempotent", "-s", "interview-lists"]),
        ["interview-lists/backend/apis:1"]
    );
    assert!(
        ids(&env, &["box", "model"])
            .iter()
            .all(|id| !id.starts_with("interview-lists/"))
    );
    add(&["someone/interview-lists:nowhere", "--name", "other"])
        .assert()
        .code(2)
        .stderr(contains("'nowhere' is not in someone/interview-lists"));
    add(&["devops-exercises"])
        .assert()
        .success()
        .stderr(contains("licence: CC BY-NC-ND 3.0"));
    assert_eq!(
        ids(&env, &["image", "layer", "-s", "devops-exercises"]),
        ["devops-exercises/topics/containers/readme:1"]
    );
    let listed = stdout_of(env.bare().args(["add", "--list"]));
    assert!(
        listed.contains("devops-exercises") && listed.contains("their authors' work"),
        "{listed}"
    );
}

#[test]
fn remove_asks_first_and_the_pack_leaves_the_search() {
    let server = Server::start();
    let env = user();
    server.serve(
        "/caching.md",
        Route::File {
            body: list("Caching", &["What is a write-behind cache?"]),
            etag: "\"v1\"".into(),
        },
    );
    env.bare()
        .args(["add", &server.url("/caching.md")])
        .assert()
        .success();
    env.bare()
        .args(["remove", "caching"])
        .assert()
        .code(2)
        .stderr(contains("give --yes"));
    assert!(packs_dir(&env).join("caching").exists());
    env.bare()
        .args(["remove", "caching", "--yes"])
        .assert()
        .success();
    assert!(!packs_dir(&env).join("caching").exists());
    assert!(ids(&env, &["write-behind"]).is_empty());
    env.bare()
        .args(["remove", "caching", "--yes"])
        .assert()
        .code(2)
        .stderr(contains("no pack named 'caching'"));
}

#[cfg(unix)]
#[test]
fn a_download_killed_half_way_leaves_the_previous_pack() {
    let server = Server::start();
    let env = user();
    let path = "/caching.md";
    let first = list("Caching", &["What is a write-behind cache?"]);
    server.serve(
        path,
        Route::File {
            body: first.clone(),
            etag: "\"v1\"".into(),
        },
    );
    env.bare()
        .args(["add", &server.url(path)])
        .assert()
        .success();
    let folder = packs_dir(&env).join("caching");
    let before = std::fs::read(folder.join("caching.md")).expect("the list");
    server.serve(
        path,
        Route::Partial {
            body: vec![b'#'; 4000],
            length: 8000,
        },
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_qbank"))
        .current_dir(env.dir.path())
        .env("HOME", env.home())
        .env_remove("XDG_DATA_HOME")
        .args(["update", "caching"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("update starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.requested(path) < 2 {
        assert!(Instant::now() < deadline, "the update never asked");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    child.kill().expect("killed");
    child.wait().expect("ended");
    assert_eq!(
        std::fs::read(folder.join("caching.md")).expect("the list"),
        before
    );
    assert_eq!(ids(&env, &["write-behind"]), ["caching/caching:1"]);
    let listed = json_of(env.bare().args(["packs", "--format", "json"]));
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_a_download_stops_it_and_leaves_nothing_behind() {
    let server = Server::start();
    let env = user();
    let path = "/slow.md";
    server.serve(
        path,
        Route::Partial {
            body: b"# Slow\n\n1. What is slow?\n".to_vec(),
            length: 100_000,
        },
    );
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_qbank"))
        .current_dir(env.dir.path())
        .env("HOME", env.home())
        .env_remove("XDG_DATA_HOME")
        .args(["add", &server.url(path), "--timeout", "2"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("add starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.requested(path) < 1 {
        assert!(Instant::now() < deadline, "the download never started");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    let output = child.wait_with_output().expect("ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted; the packs are as they were"),
        "{stderr}"
    );
    let left = names_in(&packs_dir(&env));
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn downloads_go_through_the_proxy_unless_no_proxy_names_the_host() {
    let proxy = Server::start();
    let env = user();
    proxy.serve(
        "/caching.md",
        Route::File {
            body: list("Caching", &["What is a write-behind cache?"]),
            etag: "\"p\"".into(),
        },
    );
    let url = "http://lists.example.invalid/caching.md";
    env.bare()
        .env("HTTP_PROXY", &proxy.base)
        .env("http_proxy", &proxy.base)
        .args(["add", url])
        .assert()
        .success();
    let tunnel = "CONNECT lists.example.invalid:80";
    assert_eq!(proxy.requested(tunnel), 1);
    assert_eq!(ids(&env, &["write-behind"]), ["caching/caching:1"]);
    env.bare()
        .env("HTTP_PROXY", &proxy.base)
        .env("http_proxy", &proxy.base)
        .env("NO_PROXY", "lists.example.invalid")
        .env("no_proxy", "lists.example.invalid")
        .args(["add", url, "--name", "direct"])
        .assert()
        .code(2)
        .stderr(contains("cannot download"));
    assert_eq!(proxy.requested(tunnel), 1);
}
