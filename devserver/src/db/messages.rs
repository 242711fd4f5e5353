//! A ticket's thread, read in the seed's message shape, as one audience may
//! see it: customers never see internal notes.

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::clock::iso;

#[derive(Clone, Debug, Serialize)]
pub struct Sender {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Attachment {
    pub id: i64,
    pub url: String,
    pub file_name: String,
    pub mime_type: String,
    pub file_size: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Message {
    pub id: i64,
    /// `reply` or `note` (contract v2); absent under v1, which has no notes.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    pub message: Option<String>,
    pub is_from_admin: bool,
    pub is_read: bool,
    pub sender: Sender,
    pub attachments: Vec<Attachment>,
    /// The admins a note mentions; replies have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentions: Option<Vec<i64>>,
    pub created_at: String,
}

/// What a reader of a thread may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct View {
    /// Internal notes are listed: admins under contract v2, never customers.
    pub notes: bool,
    /// Every message carries `type` (contract v2).
    pub typed: bool,
}

impl View {
    /// Everything, typed: what a note's own answer and broadcasts show.
    pub const ADMIN_V2: View = View {
        notes: true,
        typed: true,
    };
}

/// Which end of the thread to read.
#[derive(Clone, Copy, Debug)]
pub enum MessageWindow {
    Newest,
    Before(i64),
    After(i64),
}

/// Up to `limit` messages, oldest first, and whether more lie beyond them.
pub fn messages(
    conn: &Connection,
    ticket_id: i64,
    window: MessageWindow,
    limit: u32,
    view: View,
) -> rusqlite::Result<(Vec<Message>, bool)> {
    let fetch = i64::from(limit) + 1;
    let (sql, bound) = match window {
        MessageWindow::Newest => ("AND id > ?2 ORDER BY id DESC LIMIT ?3", 0),
        MessageWindow::Before(id) => ("AND id < ?2 ORDER BY id DESC LIMIT ?3", id),
        MessageWindow::After(id) => ("AND id > ?2 ORDER BY id ASC LIMIT ?3", id),
    };
    // In SQL, not after the fact: a customer's page, its `has_more` and its
    // paging bounds are computed as if notes did not exist.
    let kinds = if view.notes { "" } else { "AND kind = 'reply'" };
    let mut stmt = conn.prepare(&format!(
        "SELECT id, body, is_from_admin, is_read, sender_name, created_at, kind FROM messages
         WHERE ticket_id = ?1 {kinds} {sql}"
    ))?;
    let mut rows = stmt
        .query_map(params![ticket_id, bound, fetch], |r| {
            let is_from_admin: bool = r.get(2)?;
            let is_note = r.get::<_, String>(6)? == "note";
            Ok(Message {
                id: r.get(0)?,
                kind: view.typed.then_some(if is_note { "note" } else { "reply" }),
                message: r.get(1)?,
                is_from_admin,
                is_read: r.get(3)?,
                sender: Sender {
                    kind: if is_from_admin { "admin" } else { "customer" },
                    name: r.get(4)?,
                },
                attachments: Vec::new(),
                mentions: is_note.then(Vec::new),
                created_at: iso(r.get(5)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let has_more = rows.len() as i64 > i64::from(limit);
    rows.truncate(limit as usize);
    if !matches!(window, MessageWindow::After(_)) {
        rows.reverse();
    }
    for message in &mut rows {
        message.attachments = attachments(conn, message.id)?;
        if let Some(mentions) = &mut message.mentions {
            *mentions = mentioned(conn, message.id)?;
        }
    }
    Ok((rows, has_more))
}

/// One message, in the seed's shape, if this view may see it.
pub fn message(
    conn: &Connection,
    ticket_id: i64,
    message_id: i64,
    view: View,
) -> rusqlite::Result<Option<Message>> {
    let (mut found, _) = messages(
        conn,
        ticket_id,
        MessageWindow::After(message_id - 1),
        1,
        view,
    )?;
    Ok(found.pop().filter(|m| m.id == message_id))
}

fn attachments(conn: &Connection, message_id: i64) -> rusqlite::Result<Vec<Attachment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, url, file_name, mime_type, file_size FROM attachments WHERE message_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([message_id], |r| {
        Ok(Attachment {
            id: r.get(0)?,
            url: r.get(1)?,
            file_name: r.get(2)?,
            mime_type: r.get(3)?,
            file_size: r.get(4)?,
        })
    })?;
    rows.collect()
}

fn mentioned(conn: &Connection, message_id: i64) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn
        .prepare_cached("SELECT admin_id FROM mentions WHERE message_id = ?1 ORDER BY admin_id")?;
    let rows = stmt.query_map([message_id], |r| r.get(0))?;
    rows.collect()
}
