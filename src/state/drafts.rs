//! Reply drafts, one per admin and ticket, so a colleague who signs in on the
//! same browser never finds someone else's words in the reply box.
//!
//! Drafts follow the session: with "keep me signed in" they live in
//! `localStorage`, otherwise in `sessionStorage` and die with the tab.

use crate::browser::storage::{self, Area};

const PREFIX: &str = "mesa.draft.";

/// Where one admin's drafts are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Drafts {
    pub admin_id: u64,
    pub area: Area,
}

impl Drafts {
    pub fn get(&self, ticket_id: u64) -> String {
        storage::get(self.area, &key(self.admin_id, ticket_id)).unwrap_or_default()
    }

    /// Saves a draft; an empty one is removed.
    pub fn set(&self, ticket_id: u64, text: &str) {
        let key = key(self.admin_id, ticket_id);
        if text.is_empty() {
            storage::remove(self.area, &key);
        } else {
            storage::set(self.area, &key, text);
        }
    }

    /// How many drafts this admin has on this device.
    pub fn count(admin_id: u64) -> usize {
        [Area::Local, Area::Session]
            .into_iter()
            .flat_map(storage::keys)
            .filter(|k| owner(k) == Owner::Admin(admin_id))
            .count()
    }

    /// Removes this admin's drafts, and drafts that name no admin (left by an
    /// older build, so nobody can claim them).
    pub fn remove_all(admin_id: u64) {
        for area in [Area::Local, Area::Session] {
            for key in storage::keys(area) {
                if matches!(owner(&key), Owner::Admin(id) if id == admin_id)
                    || owner(&key) == Owner::Nobody
                {
                    storage::remove(area, &key);
                }
            }
        }
    }
}

fn key(admin_id: u64, ticket_id: u64) -> String {
    format!("{PREFIX}{admin_id}.{ticket_id}")
}

#[derive(Debug, PartialEq, Eq)]
enum Owner {
    /// Not a draft at all.
    NotADraft,
    /// `mesa.draft.{ticket}`: written before drafts had owners.
    Nobody,
    Admin(u64),
}

fn owner(key: &str) -> Owner {
    let Some(rest) = key.strip_prefix(PREFIX) else {
        return Owner::NotADraft;
    };
    let number = |s: &str| s.parse::<u64>().ok();
    match rest.split_once('.') {
        Some((admin, ticket)) => match (number(admin), number(ticket)) {
            (Some(admin), Some(_)) => Owner::Admin(admin),
            _ => Owner::NotADraft,
        },
        None if number(rest).is_some() => Owner::Nobody,
        None => Owner::NotADraft,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_their_admin() {
        assert_eq!(owner(&key(3, 42)), Owner::Admin(3));
        assert_eq!(owner("mesa.draft.42"), Owner::Nobody);
        for other in [
            "mesa.outbox",
            "mesa.draft.",
            "mesa.draft.x.1",
            "mesa.draft.1.y",
            "draft.1.2",
        ] {
            assert_eq!(owner(other), Owner::NotADraft, "{other}");
        }
    }
}
