//! Contract v3 `sla`: who waits since when, and when their answer is due.
//!
//! The response policy lives here and only here (`RESPONSE_POLICY`): the
//! summary's `response_due_at`, the list's `overdue=1` filter and its
//! `sort=response_due_at` all read this one table. A backend team that wants
//! other targets changes the minutes below.

use rusqlite::{params, Connection};

use super::triage::Priority;

/// How long an answer may take, by priority, counted from `waiting_since`:
/// the contract's reference policy (first and next response alike).
pub const RESPONSE_POLICY: [(Priority, i64); 4] = [
    (Priority::Urgent, 30),
    (Priority::High, 2 * 60),
    (Priority::Normal, 8 * 60),
    (Priority::Low, 24 * 60),
];

/// The response time allowed for a priority, in milliseconds.
pub fn allowed_ms(priority: Priority) -> i64 {
    RESPONSE_POLICY
        .iter()
        .find(|(p, _)| *p == priority)
        .map_or(24 * 60, |(_, minutes)| *minutes)
        * 60_000
}

/// When the answer is due (Unix ms), if someone waits.
pub fn due_at(waiting_since: Option<i64>, priority: Priority) -> Option<i64> {
    waiting_since.map(|since| since + allowed_ms(priority))
}

/// The policy as a JSON object `{"urgent": ms, …}`, bound as the one
/// parameter of `DUE_SQL`, so SQL reads the very same table.
pub fn policy_json() -> String {
    let policy: serde_json::Map<String, serde_json::Value> = RESPONSE_POLICY
        .iter()
        .map(|(p, _)| (p.as_str().to_string(), allowed_ms(*p).into()))
        .collect();
    serde_json::Value::Object(policy).to_string()
}

/// A ticket's due time in SQL (over `tickets t`), NULL when nobody waits;
/// its `?` takes `policy_json()`.
pub const DUE_SQL: &str =
    "(t.waiting_since + (SELECT value FROM json_each(?) WHERE key = t.priority))";

/// What counts as an answer: an admin reply; a note too under
/// `--break note-stops-clock`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answers {
    RepliesOnly,
    NotesToo,
}

/// Recomputes `waiting_since` of one ticket (`Some(id)`) or of all
/// (`None`, after seeding): the customer's oldest reply after the last
/// admin answer, NULL when there is none or the ticket is closed. Derived
/// from the thread rather than adjusted step by step, so it cannot drift.
pub fn refresh(
    conn: &Connection,
    ticket_id: Option<i64>,
    answers: Answers,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE tickets SET waiting_since = CASE WHEN status = 'open' THEN
           (SELECT MIN(m.created_at) FROM messages m
            WHERE m.ticket_id = tickets.id AND m.kind = 'reply' AND m.is_from_admin = 0
              AND m.id > COALESCE((SELECT MAX(a.id) FROM messages a
                                   WHERE a.ticket_id = tickets.id AND a.is_from_admin = 1
                                     AND (a.kind = 'reply' OR ?2)), 0))
         END
         WHERE ?1 IS NULL OR id = ?1",
        params![ticket_id, answers == Answers::NotesToo],
    )?;
    Ok(())
}

/// `waiting_since` and `priority` of a ticket as stored, to tell whether a
/// write moved its clock.
pub fn clock_of(conn: &Connection, ticket_id: i64) -> rusqlite::Result<(Option<i64>, String)> {
    conn.query_row(
        "SELECT waiting_since, priority FROM tickets WHERE id = ?1",
        [ticket_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_policy_by_priority() {
        assert_eq!(allowed_ms(Priority::Urgent), 30 * 60_000);
        assert_eq!(allowed_ms(Priority::High), 2 * 3_600_000);
        assert_eq!(allowed_ms(Priority::Normal), 8 * 3_600_000);
        assert_eq!(allowed_ms(Priority::Low), 24 * 3_600_000);
        assert_eq!(due_at(None, Priority::Urgent), None);
        assert_eq!(
            due_at(Some(1_000), Priority::Urgent),
            Some(1_000 + 1_800_000)
        );
        let json: serde_json::Value = serde_json::from_str(&policy_json()).unwrap();
        assert_eq!(json["high"], 7_200_000);
    }
}
