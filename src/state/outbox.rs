//! Replies that left but were not confirmed, kept so a reload or a crash
//! during an outage loses none of them, and retried with backoff while the
//! page that sent them is open.
//!
//! They follow the session: with "keep me signed in" in `localStorage`,
//! otherwise in `sessionStorage`, gone with the tab. What a later page finds
//! is shown to its author for review and sent only on their word.
//!
//! Only the text is kept: browsers cannot store picked files across a reload,
//! so a reply with attachments survives only while the page stays open.
//!
//! A shared computer is the rule at support desks, so every entry belongs to
//! the admin who wrote it: only that admin's entries are shown or resumed,
//! and an entry that names nobody (written by an older build) is dropped.

use serde::{Deserialize, Serialize};

use crate::api::types::MessageKind;
use crate::api::ApiError;
use crate::browser::storage::{self, Area};

pub const STORAGE_KEY: &str = "mesa.outbox";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// Also the `Idempotency-Key` of every attempt, so the server can tell a
    /// retry from a new reply.
    pub client_id: String,
    /// Who wrote it; entries of other admins are never sent.
    #[serde(default)]
    pub admin_id: u64,
    pub ticket_id: u64,
    pub text: String,
    /// A reply or an internal note (entries of older builds are replies).
    #[serde(default)]
    pub kind: MessageKind,
    #[serde(default)]
    pub mentions: Vec<u64>,
    /// The newest message id when the reply first left (see `Thread::stored_copy`).
    #[serde(default)]
    pub sent_after: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outbox {
    entries: Vec<OutboxEntry>,
}

impl Outbox {
    /// Reads what an earlier page stored; anything unreadable is dropped
    /// rather than blocking the panel.
    pub fn from_stored(text: Option<&str>) -> Self {
        let entries = text
            .and_then(|t| crate::json::from_text::<Vec<OutboxEntry>>(t).ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|e| e.admin_id != 0)
            .collect();
        Self { entries }
    }

    pub fn to_stored(&self) -> String {
        serde_json::to_string(&self.entries).unwrap_or_else(|_| "[]".into())
    }

    pub fn put(&mut self, entry: OutboxEntry) {
        match self
            .entries
            .iter_mut()
            .find(|e| e.client_id == entry.client_id)
        {
            Some(existing) => *existing = entry,
            None => self.entries.push(entry),
        }
    }

    pub fn remove(&mut self, client_id: &str) {
        self.entries.retain(|e| e.client_id != client_id);
    }

    /// One admin's waiting replies to one ticket.
    pub fn for_ticket(&self, admin_id: u64, ticket_id: u64) -> impl Iterator<Item = &OutboxEntry> {
        self.of_admin(admin_id)
            .filter(move |e| e.ticket_id == ticket_id)
    }

    pub fn of_admin(&self, admin_id: u64) -> impl Iterator<Item = &OutboxEntry> {
        self.entries.iter().filter(move |e| e.admin_id == admin_id)
    }

    /// Forgets everything one admin left waiting (signing out without keeping).
    pub fn remove_admin(&mut self, admin_id: u64) {
        self.entries.retain(|e| e.admin_id != admin_id);
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// When to try a failed reply again by itself: after a network error or a
/// server error, with exponential backoff (2 s doubling to 1 min, jittered);
/// after a 429, when the server said. A refusal (4xx) waits for the admin.
pub fn retry_after_ms(error: &ApiError, attempt: u32, jitter: f64) -> Option<u32> {
    match error {
        ApiError::RateLimited {
            retry_after_secs: Some(secs),
        } => Some(secs.saturating_mul(1000).max(1000)),
        ApiError::Network
        | ApiError::Server { .. }
        | ApiError::RateLimited {
            retry_after_secs: None,
        } => {
            let ceiling = 2_000u32.saturating_mul(1 << attempt.min(5)).min(60_000);
            Some(ceiling / 2 + (f64::from(ceiling / 2) * jitter.clamp(0.0, 1.0)) as u32)
        }
        _ => None,
    }
}

/// The outbox kept in `area`: `localStorage` for a session kept on the
/// device ("keep me signed in"), else `sessionStorage`, so an admin who
/// closes the browser without signing out leaves no text behind.
pub fn stored(area: Area) -> Outbox {
    Outbox::from_stored(storage::get(area, STORAGE_KEY).as_deref())
}

/// Both areas' entries: what this tab may find from an earlier visit.
pub fn stored_everywhere() -> Outbox {
    let mut outbox = stored(Area::Local);
    for entry in stored(Area::Session).entries {
        outbox.put(entry);
    }
    outbox
}

/// Changes the outbox in `area` (read, change, write back: other tabs
/// may have changed it meanwhile).
pub fn update_stored(area: Area, change: impl FnOnce(&mut Outbox)) {
    let mut outbox = stored(area);
    change(&mut outbox);
    if outbox.is_empty() {
        storage::remove(area, STORAGE_KEY);
    } else {
        storage::set(area, STORAGE_KEY, &outbox.to_stored());
    }
}

/// The same change in both areas (a confirmed reply, a discard).
pub fn update_everywhere(change: impl Fn(&mut Outbox)) {
    for area in [Area::Local, Area::Session] {
        update_stored(area, &change);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, ticket: u64) -> OutboxEntry {
        OutboxEntry {
            client_id: id.into(),
            admin_id: 3,
            ticket_id: ticket,
            text: format!("texto {id}"),
            kind: MessageKind::Reply,
            mentions: Vec::new(),
            sent_after: Some(10),
        }
    }

    #[test]
    fn entries_survive_a_round_trip_through_storage() {
        let mut outbox = Outbox::default();
        outbox.put(entry("a", 1));
        outbox.put(entry("b", 2));
        outbox.put(entry("a", 1));
        let restored = Outbox::from_stored(Some(&outbox.to_stored()));
        assert_eq!(restored, outbox);
        assert_eq!(restored.for_ticket(3, 1).count(), 1);
        let mut emptied = restored;
        emptied.remove("a");
        emptied.remove("b");
        assert!(emptied.is_empty());
    }

    #[test]
    fn each_admin_sees_and_forgets_only_their_own_replies() {
        let mut outbox = Outbox::default();
        outbox.put(entry("lucia", 1));
        outbox.put(OutboxEntry {
            admin_id: 4,
            ..entry("diego", 1)
        });
        let ids = |o: &Outbox, admin| {
            o.for_ticket(admin, 1)
                .map(|e| e.client_id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&outbox, 3), ["lucia"]);
        assert_eq!(ids(&outbox, 4), ["diego"]);
        assert_eq!(ids(&outbox, 5), Vec::<String>::new());
        outbox.remove_admin(3);
        assert_eq!(outbox.of_admin(3).count(), 0);
        assert_eq!(ids(&outbox, 4), ["diego"]);
    }

    #[test]
    fn entries_that_name_no_admin_are_dropped() {
        let stored = r#"[{"client_id":"old","ticket_id":1,"text":"sin dueño"}]"#;
        assert!(Outbox::from_stored(Some(stored)).is_empty());
    }

    #[test]
    fn unreadable_storage_is_an_empty_outbox() {
        for text in [
            None,
            Some(""),
            Some("{"),
            Some("{\"a\":1}"),
            Some("[{\"client_id\":1}]"),
        ] {
            assert!(Outbox::from_stored(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn only_transient_failures_retry_by_themselves() {
        assert_eq!(
            retry_after_ms(
                &ApiError::RateLimited {
                    retry_after_secs: Some(7)
                },
                0,
                0.5
            ),
            Some(7_000)
        );
        let first = retry_after_ms(&ApiError::Network, 0, 0.0).unwrap();
        let later = retry_after_ms(&ApiError::Server { status: 503 }, 4, 1.0).unwrap();
        assert_eq!(first, 1_000);
        assert_eq!(later, 32_000);
        assert_eq!(
            retry_after_ms(&ApiError::Network, 30, 1.0),
            Some(60_000),
            "capped"
        );
        assert_eq!(
            retry_after_ms(&ApiError::Forbidden { message: None }, 0, 0.5),
            None
        );
        assert_eq!(
            retry_after_ms(
                &ApiError::Validation {
                    message: String::new(),
                    errors: Default::default()
                },
                0,
                0.5
            ),
            None
        );
    }
}
