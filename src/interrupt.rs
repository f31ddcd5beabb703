//! Ctrl-C during a build. The binary's signal handler asks for a stop; a build, which
//! defers interrupts while it runs, notices at its next check, removes what it wrote and
//! returns `Interrupted`, leaving the previous index serving. Outside a build nothing
//! needs cleaning up, and the handler may end the process at once.
//!
//! The handler runs on a thread of its own, so it is installed only when something
//! needs it ([`arm`]): a search that only reads the index ends by the signal itself,
//! as grep does, and starts no thread.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, Once, OnceLock};

static REQUESTED: AtomicBool = AtomicBool::new(false);
static DEFERRING: AtomicUsize = AtomicUsize::new(0);
static FAREWELL: Mutex<Option<String>> = Mutex::new(None);
static HANDLER: OnceLock<fn()> = OnceLock::new();
static ARMED: Once = Once::new();

/// What Ctrl-C does once armed (the binary's handler); installs nothing yet.
pub fn on_ctrl_c(handler: fn()) {
    let _ = HANDLER.set(handler);
}

/// Installs the handler given to [`on_ctrl_c`], once: for a command about to do
/// something Ctrl-C must not cut short (a build, a download, a quiz's score, a raw
/// terminal). Deferring and setting a farewell arm it too.
pub fn arm() {
    if let Some(&handler) = HANDLER.get() {
        ARMED.call_once(|| {
            // Fails only if another handler is installed, which qbank never does.
            let _ = ctrlc::set_handler(handler);
        });
    }
}

/// A build stopped by Ctrl-C.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("interrupted; the index was left as it was")]
pub struct Interrupted;

/// Asks running builds to stop. Returns false when none is running, so the caller may
/// end the process itself.
pub fn request() -> bool {
    REQUESTED.store(true, Ordering::SeqCst);
    DEFERRING.load(Ordering::SeqCst) > 0
}

/// Whether a stop was asked for.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// What to print if Ctrl-C ends the process now (a quiz's score so far); `None` for
/// nothing.
pub fn set_farewell(text: Option<String>) {
    arm();
    if let Ok(mut farewell) = FAREWELL.lock() {
        *farewell = text;
    }
}

/// The text set by [`set_farewell`].
pub fn farewell() -> Option<String> {
    FAREWELL.lock().ok().and_then(|farewell| farewell.clone())
}

/// Forgets a stop that was asked for while something else owned Ctrl-C (a pager).
pub fn forget() {
    REQUESTED.store(false, Ordering::SeqCst);
}

/// `Err(Interrupted)` once a stop was asked for: the check a build makes between steps.
pub fn check() -> Result<(), Interrupted> {
    if requested() {
        Err(Interrupted)
    } else {
        Ok(())
    }
}

/// While alive, interrupts wait for the holder to notice them.
pub struct Deferral(());

pub fn defer() -> Deferral {
    arm();
    DEFERRING.fetch_add(1, Ordering::SeqCst);
    Deferral(())
}

impl Drop for Deferral {
    fn drop(&mut self) {
        DEFERRING.fetch_sub(1, Ordering::SeqCst);
    }
}
