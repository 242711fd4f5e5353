//! Changes to tickets: new messages, status and assignment, read marks.

use rusqlite::{params, Connection, OptionalExtension};

use super::sla::{self, Answers};
use crate::clock::now_millis;

pub struct NewAttachment {
    pub url_base: String,
    pub file_name: String,
    pub mime_type: String,
    pub file_size: i64,
    pub stored_as: String,
}

/// Adds a message (and its attachments) and moves the ticket's activity time.
/// Returns the new message id.
pub fn add_message(
    conn: &mut Connection,
    ticket_id: i64,
    body: Option<&str>,
    from_admin: bool,
    sender_name: &str,
    attachments: &[NewAttachment],
) -> rusqlite::Result<i64> {
    let tx = conn.transaction()?;
    let id = insert_message(&tx, ticket_id, body, from_admin, sender_name, attachments)?;
    tx.commit()?;
    Ok(id)
}

/// `add_message` inside a transaction the caller holds (and commits), so
/// more can be written with the message atomically.
pub fn insert_message(
    tx: &Connection,
    ticket_id: i64,
    body: Option<&str>,
    from_admin: bool,
    sender_name: &str,
    attachments: &[NewAttachment],
) -> rusqlite::Result<i64> {
    let now = now_millis();
    let message_id = insert_row(
        tx,
        ticket_id,
        now,
        "reply",
        body,
        from_admin,
        sender_name,
        attachments,
    )?;
    tx.execute(
        "UPDATE tickets SET last_message_at = ?1, updated_at = ?1 WHERE id = ?2",
        params![now, ticket_id],
    )?;
    // A customer's message starts (or keeps) the clock, an admin's reply stops it.
    sla::refresh(tx, Some(ticket_id), Answers::RepliesOnly)?;
    Ok(message_id)
}

/// An admin's internal note and its mentions, inside the caller's
/// transaction. The ticket is left as it was: a note is no activity the
/// customer could see (no `last_message_at`, no `updated_at`).
pub fn insert_note(
    tx: &Connection,
    ticket_id: i64,
    body: &str,
    by: (i64, &str),
    attachments: &[NewAttachment],
    mentions: &[i64],
) -> rusqlite::Result<i64> {
    let (by_admin_id, sender_name) = by;
    let now = now_millis();
    let message_id = insert_row(
        tx,
        ticket_id,
        now,
        "note",
        Some(body),
        true,
        sender_name,
        attachments,
    )?;
    // One row per mentioned admin, kept until read (v3 `mentions_list`):
    // a mention made while its admin was away is still there for them.
    for admin_id in mentions {
        tx.execute(
            "INSERT OR IGNORE INTO mentions (admin_id, ticket_id, message_id, by_admin_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![admin_id, ticket_id, message_id, by_admin_id, now],
        )?;
    }
    Ok(message_id)
}

/// Stored with the ticket's activity time where there is one, so the
/// ticket's `last_message_at` is its last message's `created_at` exactly.
#[allow(clippy::too_many_arguments)]
fn insert_row(
    tx: &Connection,
    ticket_id: i64,
    created_at: i64,
    kind: &str,
    body: Option<&str>,
    from_admin: bool,
    sender_name: &str,
    attachments: &[NewAttachment],
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO messages (ticket_id, body, is_from_admin, is_read, sender_name, created_at, kind)
         VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6)",
        params![ticket_id, body, from_admin, sender_name, created_at, kind],
    )?;
    let message_id = tx.last_insert_rowid();
    for attachment in attachments {
        tx.execute(
            "INSERT INTO attachments (message_id, url, file_name, mime_type, file_size, stored_as)
             VALUES (?1, '', ?2, ?3, ?4, ?5)",
            params![
                message_id,
                attachment.file_name,
                attachment.mime_type,
                attachment.file_size,
                attachment.stored_as
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "UPDATE attachments SET url = ?1 WHERE id = ?2",
            params![
                format!(
                    "{}/{id}/{}",
                    attachment.url_base,
                    url_safe(&attachment.file_name)
                ),
                id
            ],
        )?;
    }
    Ok(message_id)
}

/// A file name as a URL path segment.
fn url_safe(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn create_ticket(
    conn: &Connection,
    customer_id: i64,
    reason_id: i64,
    subject: &str,
) -> rusqlite::Result<i64> {
    let now = now_millis();
    conn.execute(
        "INSERT INTO tickets (customer_id, reason_id, subject, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'open', ?4, ?4)",
        params![customer_id, reason_id, subject, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn ticket_owner_and_status(
    conn: &Connection,
    ticket_id: i64,
) -> rusqlite::Result<Option<(i64, String)>> {
    conn.query_row(
        "SELECT customer_id, status FROM tickets WHERE id = ?1",
        [ticket_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// Closing also clears a snooze (v3): a closed ticket waits for nobody.
pub fn set_status(conn: &Connection, ticket_id: i64, status: &str) -> rusqlite::Result<()> {
    let now = now_millis();
    let closed = status == "closed";
    let resolved = closed.then_some(now);
    conn.execute(
        "UPDATE tickets SET status = ?1, resolved_at = ?2, updated_at = ?3,
                snoozed_until = CASE WHEN ?5 THEN NULL ELSE snoozed_until END
         WHERE id = ?4",
        params![status, resolved, now, ticket_id, closed],
    )?;
    // Nobody waits on a closed ticket; reopening restarts the clock from
    // the customer's unanswered messages, if any.
    sla::refresh(conn, Some(ticket_id), Answers::RepliesOnly)?;
    Ok(())
}

/// Whether the ticket has a snooze set (v3), passed or not.
pub fn is_snoozed(conn: &Connection, ticket_id: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT snoozed_until IS NOT NULL FROM tickets WHERE id = ?1",
        [ticket_id],
        |r| r.get(0),
    )
}

pub fn set_assignee(
    conn: &Connection,
    ticket_id: i64,
    admin_id: Option<i64>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE tickets SET assigned_to = ?1, updated_at = ?2 WHERE id = ?3",
        params![admin_id, now_millis(), ticket_id],
    )?;
    Ok(())
}

/// Marks the other side's messages read: the customer's when an admin reads.
/// Notes are nobody's to read: they keep `is_read: false`.
pub fn mark_read(conn: &Connection, ticket_id: i64, by_admin: bool) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE messages SET is_read = 1
         WHERE ticket_id = ?1 AND kind = 'reply' AND is_from_admin = ?2 AND is_read = 0",
        params![ticket_id, !by_admin],
    )?;
    Ok(())
}

pub fn reason_exists(conn: &Connection, reason_id: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT COUNT(*) FROM reasons WHERE id = ?1",
        [reason_id],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

/// Where an attachment's bytes are stored, and what to serve them as.
pub fn attachment_file(conn: &Connection, id: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.query_row(
        "SELECT stored_as, mime_type FROM attachments WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}
