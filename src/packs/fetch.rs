//! Downloads over HTTP(S): rustls, redirects followed, proxies from `HTTPS_PROXY`,
//! `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (ureq reads them), a time limit on connecting
//! and on every read, and a size limit checked as the bytes arrive. Conditional requests
//! (`If-None-Match`, `If-Modified-Since`) let an update that finds nothing new change
//! nothing.

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use ureq::ResponseExt;

use super::PackError;

/// How much and how long a download may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_bytes: u64,
    /// For connecting, and for each read: a server that stops sending fails the
    /// download after this long.
    pub timeout: Duration,
}

/// What a previous download was told about the file, to ask whether it changed.
#[derive(Debug, Clone, Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A file downloaded in full.
#[derive(Debug, Clone)]
pub struct Downloaded {
    /// The URL it came from, after redirects.
    pub final_url: String,
    pub validators: Validators,
    pub bytes: u64,
}

pub enum Outcome {
    Downloaded(Downloaded),
    /// The server says the file has not changed (304).
    NotModified,
}

/// Downloads `url` into the file `to`. `progress(done, total)` is called as bytes
/// arrive (`total` when the server says it).
pub fn get(
    url: &str,
    previous: &Validators,
    limits: Limits,
    to: &Path,
    mut progress: impl FnMut(u64, Option<u64>),
) -> Result<Outcome, PackError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(limits.timeout))
        .timeout_per_read(Some(limits.timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!("qbank/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut request = agent.get(url);
    if let Some(etag) = &previous.etag {
        request = request.header("If-None-Match", etag);
    }
    if let Some(date) = &previous.last_modified {
        request = request.header("If-Modified-Since", date);
    }
    let mut response = request.call().map_err(|e| network(url, &e))?;
    let status = response.status();
    if status.as_u16() == 304 {
        return Ok(Outcome::NotModified);
    }
    if !status.is_success() {
        return Err(PackError::Http {
            url: url.to_string(),
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_string(),
        });
    }
    let final_url = response.get_uri().to_string();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let validators = Validators {
        etag: header("etag"),
        last_modified: header("last-modified"),
    };
    let total = header("content-length").and_then(|n| n.parse::<u64>().ok());
    let too_large = || PackError::TooLarge {
        url: url.to_string(),
        limit: limits.max_bytes,
    };
    if total.is_some_and(|n| n > limits.max_bytes) {
        return Err(too_large());
    }
    let mut file = File::create(to).map_err(|e| PackError::io(to, e))?;
    // One byte over the limit tells a body exactly at it from one past it.
    let mut body = response
        .body_mut()
        .with_config()
        .limit(limits.max_bytes.saturating_add(1))
        .reader();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut done: u64 = 0;
    loop {
        if crate::interrupt::requested() {
            return Err(PackError::Interrupted);
        }
        let read = match body.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            // A read cut short by Ctrl-C (or timing out after it) was asked for.
            Err(_) if crate::interrupt::requested() => return Err(PackError::Interrupted),
            Err(e) => {
                return Err(
                    match e.get_ref().and_then(|e| e.downcast_ref::<ureq::Error>()) {
                        Some(ureq::Error::BodyExceedsLimit(_)) => too_large(),
                        Some(inner) => network(url, inner),
                        None => PackError::Network {
                            url: url.to_string(),
                            detail: e.to_string(),
                        },
                    },
                );
            }
        };
        done += read as u64;
        if done > limits.max_bytes {
            return Err(too_large());
        }
        file.write_all(&buffer[..read])
            .map_err(|e| PackError::io(to, e))?;
        progress(done, total);
    }
    file.sync_all().map_err(|e| PackError::io(to, e))?;
    Ok(Outcome::Downloaded(Downloaded {
        final_url,
        validators,
        bytes: done,
    }))
}

/// A failed exchange in a few words.
fn network(url: &str, error: &ureq::Error) -> PackError {
    let detail = match error {
        ureq::Error::Timeout(_) => "timed out".to_string(),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".to_string(),
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                "timed out".to_string()
            }
            _ => io.to_string(),
        },
        ureq::Error::HostNotFound => "host not found (offline?)".to_string(),
        ureq::Error::TooManyRedirects => "too many redirects".to_string(),
        other => other.to_string(),
    };
    PackError::Network {
        url: url.to_string(),
        detail,
    }
}
