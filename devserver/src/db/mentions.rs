//! Lasting mentions (contract v3 `mentions_list`): one row per admin a note
//! names, kept until that admin reads it, so a mention made while they were
//! away is listed when they come back.

use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::Serialize;

use super::messages::{message, Message, View};
use crate::clock::{iso, now_millis};

#[derive(Clone, Debug, Serialize)]
pub struct By {
    pub id: i64,
    pub name: String,
}

/// A mention as `GET …/mentions` lists it.
#[derive(Clone, Debug, Serialize)]
pub struct Mention {
    pub id: i64,
    pub ticket_id: i64,
    /// The note, as admins see it.
    pub message: Option<Message>,
    pub by: By,
    pub created_at: String,
    pub read_at: Option<String>,
}

/// Which mentions to list.
#[derive(Clone, Copy, Debug)]
pub struct MentionQuery {
    /// Whose: `None` lists everyone's (only under `--break mentions-of-others`).
    pub admin_id: Option<i64>,
    pub unread_only: bool,
    pub page: u32,
    pub per_page: u32,
}

/// The mention ids a note made, by mentioned admin: `mention.created` names its row.
pub fn ids_of_note(conn: &Connection, message_id: i64) -> rusqlite::Result<Vec<(i64, i64)>> {
    let mut stmt =
        conn.prepare_cached("SELECT admin_id, id FROM mentions WHERE message_id = ?1")?;
    let rows = stmt.query_map([message_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// A page of mentions, newest first, and how many there are in all.
pub fn list(conn: &Connection, query: MentionQuery) -> rusqlite::Result<(Vec<Mention>, u64)> {
    let mut conditions = vec!["1 = 1"];
    let mut args: Vec<SqlValue> = Vec::new();
    if let Some(admin_id) = query.admin_id {
        conditions.push("m.admin_id = ?");
        args.push(SqlValue::Integer(admin_id));
    }
    if query.unread_only {
        conditions.push("m.read_at IS NULL");
    }
    let filter = conditions.join(" AND ");
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM mentions m WHERE {filter}"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let offset = i64::from(query.page.saturating_sub(1)) * i64::from(query.per_page);
    args.push(SqlValue::Integer(i64::from(query.per_page)));
    args.push(SqlValue::Integer(offset));
    let mut stmt = conn.prepare(&format!(
        "SELECT m.id, m.ticket_id, m.message_id, m.by_admin_id, a.name, m.created_at, m.read_at
         FROM mentions m JOIN admins a ON a.id = m.by_admin_id
         WHERE {filter} ORDER BY m.id DESC LIMIT ? OFFSET ?"
    ))?;
    let rows = stmt
        .query_map(params_from_iter(args.iter()), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                By {
                    id: r.get(3)?,
                    name: r.get(4)?,
                },
                r.get::<_, i64>(5)?,
                r.get::<_, Option<i64>>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut mentions = Vec::with_capacity(rows.len());
    for (id, ticket_id, message_id, by, created_at, read_at) in rows {
        mentions.push(Mention {
            id,
            ticket_id,
            message: message(conn, ticket_id, message_id, View::ADMIN_V2)?,
            by,
            created_at: iso(created_at),
            read_at: read_at.map(iso),
        });
    }
    Ok((mentions, total as u64))
}

/// Marks the admin's own mention read (the first time counts); false when
/// there is no such mention of theirs.
pub fn mark_read(conn: &Connection, admin_id: i64, id: i64) -> rusqlite::Result<bool> {
    let owner: Option<i64> = conn
        .query_row("SELECT admin_id FROM mentions WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    if owner != Some(admin_id) {
        return Ok(false);
    }
    conn.execute(
        "UPDATE mentions SET read_at = COALESCE(read_at, ?1) WHERE id = ?2",
        params![now_millis(), id],
    )?;
    Ok(true)
}
