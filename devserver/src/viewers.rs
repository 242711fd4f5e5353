//! Who is on a ticket, witnessed by the server (contract v2 `viewers`): an
//! admin says "I am viewing ticket N" (and whether they are typing) every
//! 20 s; the entry expires 45 s after its last word. Pure set logic here,
//! the routes in `http::viewers`.

use std::collections::BTreeMap;

use serde::Serialize;

/// An entry lasts this long after its last `PUT`.
pub const EXPIRES_AFTER_MS: i64 = 45_000;

/// One admin on a ticket, as `ticket.viewers` and `GET …/viewers` carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Viewer {
    pub id: i64,
    pub name: String,
    pub typing: bool,
}

#[derive(Clone, Debug)]
struct Entry {
    name: String,
    typing: bool,
    last_put: i64,
}

/// Every ticket's viewers: ticket id → admin id → entry. Ordered maps, so
/// lists come out sorted by id.
#[derive(Debug, Default)]
pub struct Viewers {
    tickets: BTreeMap<i64, BTreeMap<i64, Entry>>,
}

impl Viewers {
    /// The admin is on the ticket as of `now`. True when the ticket's list
    /// changed (a new viewer, or their typing or name changed); a refresh
    /// that only keeps the entry alive is false.
    pub fn put(&mut self, ticket: i64, admin: i64, name: &str, typing: bool, now: i64) -> bool {
        let entries = self.tickets.entry(ticket).or_default();
        match entries.get_mut(&admin) {
            Some(entry) => {
                entry.last_put = now;
                let changed = entry.typing != typing || entry.name != name;
                entry.typing = typing;
                if entry.name != name {
                    entry.name = name.to_string();
                }
                changed
            }
            None => {
                entries.insert(
                    admin,
                    Entry {
                        name: name.to_string(),
                        typing,
                        last_put: now,
                    },
                );
                true
            }
        }
    }

    /// The admin left the ticket. True when they were on it.
    pub fn delete(&mut self, ticket: i64, admin: i64) -> bool {
        let Some(entries) = self.tickets.get_mut(&ticket) else {
            return false;
        };
        let removed = entries.remove(&admin).is_some();
        if entries.is_empty() {
            self.tickets.remove(&ticket);
        }
        removed
    }

    /// Drops every entry whose last `PUT` is `EXPIRES_AFTER_MS` old at
    /// `now`; answers the tickets whose list changed, in id order.
    pub fn expire(&mut self, now: i64) -> Vec<i64> {
        let mut changed = Vec::new();
        self.tickets.retain(|ticket, entries| {
            let before = entries.len();
            entries.retain(|_, e| now - e.last_put < EXPIRES_AFTER_MS);
            if entries.len() != before {
                changed.push(*ticket);
            }
            !entries.is_empty()
        });
        changed
    }

    /// The ticket's viewers, by id; empty when nobody is on it.
    pub fn list(&self, ticket: i64) -> Vec<Viewer> {
        self.tickets
            .get(&ticket)
            .map(|entries| {
                entries
                    .iter()
                    .map(|(id, e)| Viewer {
                        id: *id,
                        name: e.name.clone(),
                        typing: e.typing,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every ticket someone is on, with its viewers.
    pub fn all(&self) -> BTreeMap<i64, Vec<Viewer>> {
        self.tickets
            .keys()
            .map(|ticket| (*ticket, self.list(*ticket)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[Viewer]) -> Vec<(i64, bool)> {
        list.iter().map(|v| (v.id, v.typing)).collect()
    }

    #[test]
    fn put_says_when_the_list_changed() {
        let mut v = Viewers::default();
        assert!(v.put(456, 3, "Lucía", false, 0));
        assert!(!v.put(456, 3, "Lucía", false, 1_000), "a refresh");
        assert!(v.put(456, 3, "Lucía", true, 2_000), "typing changed");
        assert!(!v.put(456, 3, "Lucía", true, 3_000));
        assert!(v.put(456, 2, "Carlos", false, 3_000), "a second viewer");
        assert_eq!(ids(&v.list(456)), [(2, false), (3, true)]);
        assert!(v.list(457).is_empty());
    }

    #[test]
    fn delete_is_idempotent() {
        let mut v = Viewers::default();
        v.put(1, 2, "Carlos", false, 0);
        assert!(!v.delete(1, 3));
        assert!(!v.delete(9, 2));
        assert!(v.delete(1, 2));
        assert!(!v.delete(1, 2));
        assert!(v.all().is_empty());
    }

    #[test]
    fn entries_expire_45_s_after_their_last_put() {
        let mut v = Viewers::default();
        v.put(1, 2, "Carlos", false, 0);
        v.put(1, 3, "Lucía", false, 0);
        v.put(5, 2, "Carlos", true, 0);
        v.put(1, 3, "Lucía", false, 20_000);
        assert!(v.expire(EXPIRES_AFTER_MS - 1).is_empty());
        assert_eq!(v.expire(EXPIRES_AFTER_MS), [1, 5]);
        assert_eq!(ids(&v.list(1)), [(3, false)]);
        assert!(v.list(5).is_empty());
        assert_eq!(v.all().keys().copied().collect::<Vec<_>>(), [1]);
        assert!(v.expire(20_000 + EXPIRES_AFTER_MS - 1).is_empty());
        assert_eq!(v.expire(20_000 + EXPIRES_AFTER_MS), [1]);
        assert!(v.all().is_empty());
    }
}
