//! Sign-in throttling, as Laravel's `RateLimiter` in the reference app does
//! it: failed attempts counted per kind of user, e-mail (case-insensitive)
//! and client address; the sixth failure within a minute is a 429 with
//! `Retry-After`, and a successful sign-in clears the count. Keyed on the
//! e-mail as well as the address, so one office behind one address does not
//! lock each other out, and one e-mail cannot be tried from one place at speed.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use crate::db::users::Kind;

/// Failures allowed per key and window.
pub const MAX_FAILURES: usize = 5;
pub const WINDOW_MS: i64 = 60_000;

type Key = (Kind, String, IpAddr);

#[derive(Default)]
pub struct SignInThrottle {
    failures: Mutex<HashMap<Key, Vec<i64>>>,
}

impl SignInThrottle {
    fn key(kind: Kind, email: &str, from: IpAddr) -> Key {
        (kind, email.trim().to_lowercase(), from)
    }

    /// Seconds to wait before this key may try again; `None` when it may now.
    pub fn wait_secs(&self, kind: Kind, email: &str, from: IpAddr, now_ms: i64) -> Option<u32> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let recent = failures.get_mut(&Self::key(kind, email, from))?;
        recent.retain(|at| now_ms - at < WINDOW_MS);
        if recent.len() < MAX_FAILURES {
            return None;
        }
        let oldest = recent.iter().min().copied().unwrap_or(now_ms);
        Some(((oldest + WINDOW_MS - now_ms).max(1_000) as u32).div_ceil(1_000))
    }

    pub fn failed(&self, kind: Kind, email: &str, from: IpAddr, now_ms: i64) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let recent = failures.entry(Self::key(kind, email, from)).or_default();
        recent.retain(|at| now_ms - at < WINDOW_MS);
        recent.push(now_ms);
    }

    pub fn succeeded(&self, kind: Kind, email: &str, from: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&Self::key(kind, email, from));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HERE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);
    const THERE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn the_sixth_failure_in_a_minute_waits_and_a_success_clears() {
        let throttle = SignInThrottle::default();
        for i in 0..MAX_FAILURES as i64 {
            assert_eq!(
                throttle.wait_secs(Kind::Admin, "a@x.test", HERE, i * 1_000),
                None
            );
            throttle.failed(Kind::Admin, "A@x.test ", HERE, i * 1_000);
        }
        assert_eq!(
            throttle.wait_secs(Kind::Admin, "a@x.test", HERE, 5_000),
            Some(55)
        );
        // Another e-mail, address or kind of user is counted apart.
        assert_eq!(
            throttle.wait_secs(Kind::Admin, "b@x.test", HERE, 5_000),
            None
        );
        assert_eq!(
            throttle.wait_secs(Kind::Admin, "a@x.test", THERE, 5_000),
            None
        );
        assert_eq!(
            throttle.wait_secs(Kind::Customer, "a@x.test", HERE, 5_000),
            None
        );
        // A minute after the first failure, one more try is allowed.
        assert_eq!(
            throttle.wait_secs(Kind::Admin, "a@x.test", HERE, 60_000),
            None
        );
        throttle.succeeded(Kind::Admin, "a@x.test", HERE);
        throttle.failed(Kind::Admin, "a@x.test", HERE, 61_000);
        assert_eq!(
            throttle.wait_secs(Kind::Admin, "a@x.test", HERE, 61_000),
            None
        );
    }
}
