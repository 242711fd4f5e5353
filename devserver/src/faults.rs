//! Fault injection for resilience tests, behind `--dev-faults`: drop every
//! WebSocket, refuse new ones for a while, fail the next REST calls, add
//! latency, refuse chosen tickets in bulk changes.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Which REST calls to fail: the next `count` that match.
#[derive(Clone, Debug, Default)]
pub struct RestFailure {
    pub count: u32,
    pub status: u16,
    /// Only calls with this method (e.g. "PATCH"), if set.
    pub method: Option<String>,
    /// Only calls whose path contains this, if set.
    pub path_contains: Option<String>,
    /// Handle the call, then lose its answer: the write happened, the client
    /// cannot know (the case that makes naive retries send twice).
    pub after_handling: bool,
}

#[derive(Default)]
pub struct Faults {
    refuse_websockets_until: Mutex<Option<Instant>>,
    /// Remaining REST calls to fail, and how.
    failing_rest: Mutex<RestFailure>,
    rest_latency_ms: AtomicU64,
    broadcast_latency_ms: AtomicU64,
    /// Tickets a bulk change reports as failed instead of changing.
    bulk_refused: Mutex<BTreeSet<i64>>,
}

impl Faults {
    pub fn refuse_websockets_for(&self, duration: Duration) {
        *self
            .refuse_websockets_until
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(Instant::now() + duration);
    }

    pub fn refusing_websockets(&self) -> bool {
        self.refuse_websockets_until
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some_and(|until| Instant::now() < until)
    }

    pub fn fail_next_rest_calls(&self, failure: RestFailure) {
        *self.failing_rest.lock().unwrap_or_else(|e| e.into_inner()) = failure;
    }

    /// How to fail this REST call, consuming one injected failure.
    pub fn take_rest_failure(&self, method: &str, path: &str) -> Option<RestFailure> {
        let mut failing = self.failing_rest.lock().unwrap_or_else(|e| e.into_inner());
        let matches = failing.count > 0
            && failing
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && failing
                .path_contains
                .as_deref()
                .is_none_or(|p| path.contains(p));
        if !matches {
            return None;
        }
        failing.count -= 1;
        Some(failing.clone())
    }

    pub fn set_rest_latency(&self, latency: Duration) {
        self.rest_latency_ms
            .store(latency.as_millis() as u64, Ordering::Relaxed);
    }

    pub fn rest_latency(&self) -> Duration {
        Duration::from_millis(self.rest_latency_ms.load(Ordering::Relaxed))
    }

    pub fn set_broadcast_latency(&self, latency: Duration) {
        self.broadcast_latency_ms
            .store(latency.as_millis() as u64, Ordering::Relaxed);
    }

    pub fn broadcast_latency(&self) -> Duration {
        Duration::from_millis(self.broadcast_latency_ms.load(Ordering::Relaxed))
    }

    /// From now on, bulk changes refuse exactly these tickets (none: off).
    pub fn refuse_in_bulk(&self, ids: impl IntoIterator<Item = i64>) -> Vec<i64> {
        let mut refused = self.bulk_refused.lock().unwrap_or_else(|e| e.into_inner());
        *refused = ids.into_iter().collect();
        refused.iter().copied().collect()
    }

    pub fn bulk_refuses(&self, ticket_id: i64) -> bool {
        self.bulk_refused
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&ticket_id)
    }
}
