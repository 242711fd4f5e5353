//! Contract v3's triage state of a ticket: priority, tags and snooze.
//! Admin-only: nothing here ever reaches a customer (see `Triage`).

use rusqlite::{params, Connection};
use serde::{Serialize, Serializer};

use crate::clock::now_millis;

/// How urgent a ticket is; `Normal` unless an admin says otherwise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ];

    /// The contract's word for it, and the stored one: the only mapping.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }

    pub fn parse(word: &str) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.as_str() == word)
    }
}

impl Serialize for Priority {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The v3 fields of a ticket summary, flattened into it for admins under
/// contract v3 and absent for everyone else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Triage {
    pub priority: Priority,
    /// Sorted, normalized (`normalize_tag`).
    pub tags: Vec<String>,
    pub snoozed_until: Option<String>,
    /// v3 `sla`: the customer's oldest unanswered message, and when the
    /// answer is due by `sla::RESPONSE_POLICY`.
    pub waiting_since: Option<String>,
    pub response_due_at: Option<String>,
    /// v3 `merge`: the ticket this one was merged into.
    pub merged_into: Option<i64>,
}

/// At most this many tags on a ticket.
pub const MAX_TAGS: usize = 10;
/// At most this many characters in a tag.
pub const MAX_TAG_CHARS: usize = 32;

/// Why a tag is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum TagError {
    Empty,
    TooLong,
}

impl TagError {
    /// Laravel's `es` wording, for the 422.
    pub fn message(&self) -> String {
        match self {
            TagError::Empty => "Una etiqueta no puede estar vacía.".into(),
            TagError::TooLong => {
                format!("Una etiqueta no debe tener más de {MAX_TAG_CHARS} caracteres.")
            }
        }
    }
}

/// A tag as stored: trimmed and lower-cased (so "VIP " and "vip" are one
/// tag), 1 to 32 characters.
pub fn normalize_tag(raw: &str) -> Result<String, TagError> {
    let tag = raw.trim().to_lowercase();
    match tag.chars().count() {
        0 => Err(TagError::Empty),
        n if n > MAX_TAG_CHARS => Err(TagError::TooLong),
        _ => Ok(tag),
    }
}

pub fn tags_of(conn: &Connection, ticket_id: i64) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT tag FROM ticket_tags WHERE ticket_id = ?1 ORDER BY tag")?;
    let rows = stmt.query_map([ticket_id], |r| r.get(0))?;
    rows.collect()
}

/// Replaces the ticket's tags with `tags` (already checked).
pub fn set_tags(conn: &Connection, ticket_id: i64, tags: &[String]) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM ticket_tags WHERE ticket_id = ?1", [ticket_id])?;
    for tag in tags {
        conn.execute(
            "INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) VALUES (?1, ?2)",
            params![ticket_id, tag],
        )?;
    }
    touch(conn, ticket_id)
}

pub fn set_priority(conn: &Connection, ticket_id: i64, priority: Priority) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE tickets SET priority = ?1 WHERE id = ?2",
        params![priority.as_str(), ticket_id],
    )?;
    touch(conn, ticket_id)
}

/// Snoozes until `until` (Unix ms), or wakes with `None`.
pub fn set_snooze(conn: &Connection, ticket_id: i64, until: Option<i64>) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE tickets SET snoozed_until = ?1 WHERE id = ?2",
        params![until, ticket_id],
    )?;
    touch(conn, ticket_id)
}

/// `updated_at` moves with every triage change: the panel applies a
/// `ticket.updated` only when it is not older than the row it has.
fn touch(conn: &Connection, ticket_id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE tickets SET updated_at = MAX(updated_at, ?1) WHERE id = ?2",
        params![now_millis(), ticket_id],
    )?;
    Ok(())
}

/// Wakes every ticket whose snooze time has come; their ids.
pub fn wake_due(conn: &Connection, now: i64) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "UPDATE tickets SET snoozed_until = NULL, updated_at = MAX(updated_at, ?1)
         WHERE snoozed_until IS NOT NULL AND snoozed_until <= ?1 RETURNING id",
    )?;
    let rows = stmt.query_map([now], |r| r.get(0))?;
    rows.collect()
}

/// Wakes the ticket if it sleeps (the customer wrote); whether it did.
pub fn wake(conn: &Connection, ticket_id: i64) -> rusqlite::Result<bool> {
    let woken = conn.execute(
        "UPDATE tickets SET snoozed_until = NULL, updated_at = MAX(updated_at, ?1)
         WHERE id = ?2 AND snoozed_until IS NOT NULL",
        params![now_millis(), ticket_id],
    )?;
    Ok(woken > 0)
}

/// Tags in use on any ticket, most used first (then by name), with their counts.
pub fn tags_in_use(conn: &Connection) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT tag, COUNT(*) AS uses FROM ticket_tags GROUP BY tag ORDER BY uses DESC, tag ASC",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_trimmed_lower_cased_and_bounded() {
        assert_eq!(normalize_tag("  VIP "), Ok("vip".into()));
        assert_eq!(normalize_tag("Facturación"), Ok("facturación".into()));
        assert_eq!(normalize_tag("   "), Err(TagError::Empty));
        assert_eq!(normalize_tag(&"x".repeat(32)), Ok("x".repeat(32)));
        assert_eq!(normalize_tag(&"x".repeat(33)), Err(TagError::TooLong));
        // Characters, not bytes: 32 accented letters fit.
        assert!(normalize_tag(&"é".repeat(32)).is_ok());
    }

    #[test]
    fn priorities_read_back_as_written() {
        for p in Priority::ALL {
            assert_eq!(Priority::parse(p.as_str()), Some(p));
        }
        assert_eq!(Priority::parse("URGENT"), None);
        assert_eq!(Priority::default(), Priority::Normal);
    }
}
