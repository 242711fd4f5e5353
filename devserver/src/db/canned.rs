//! Canned replies (contract v2): an admin's own, and the ones shared with everyone.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::clock::{iso, now_millis};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CannedReply {
    pub id: i64,
    pub title: String,
    pub shortcut: String,
    pub body: String,
    pub shared: bool,
    pub owner_id: i64,
    pub updated_at: String,
}

/// The fields an admin writes.
#[derive(Clone, Debug)]
pub struct CannedFields {
    pub title: String,
    pub shortcut: String,
    pub body: String,
    pub shared: bool,
}

const SELECT: &str =
    "SELECT id, title, shortcut, body, shared, owner_id, updated_at FROM canned_replies";

fn from_row(r: &Row) -> rusqlite::Result<CannedReply> {
    Ok(CannedReply {
        id: r.get(0)?,
        title: r.get(1)?,
        shortcut: r.get(2)?,
        body: r.get(3)?,
        shared: r.get(4)?,
        owner_id: r.get(5)?,
        updated_at: iso(r.get(6)?),
    })
}

/// What this admin may use: their own and every shared one, oldest first.
pub fn visible_to(conn: &Connection, admin_id: i64) -> rusqlite::Result<Vec<CannedReply>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE owner_id = ?1 OR shared = 1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([admin_id], from_row)?;
    rows.collect()
}

pub fn find(conn: &Connection, id: i64) -> rusqlite::Result<Option<CannedReply>> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()
}

/// Whether this owner already has the shortcut on another reply than `except`.
pub fn shortcut_taken(
    conn: &Connection,
    owner_id: i64,
    shortcut: &str,
    except: Option<i64>,
) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT COUNT(*) FROM canned_replies WHERE owner_id = ?1 AND shortcut = ?2 AND id != ?3",
        params![owner_id, shortcut, except.unwrap_or(0)],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

pub fn insert(conn: &Connection, owner_id: i64, fields: &CannedFields) -> rusqlite::Result<i64> {
    let now = now_millis();
    conn.execute(
        "INSERT INTO canned_replies (owner_id, title, shortcut, body, shared, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            owner_id,
            fields.title,
            fields.shortcut,
            fields.body,
            fields.shared,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update(conn: &Connection, id: i64, fields: &CannedFields) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE canned_replies SET title = ?1, shortcut = ?2, body = ?3, shared = ?4, updated_at = ?5
         WHERE id = ?6",
        params![
            fields.title,
            fields.shortcut,
            fields.body,
            fields.shared,
            now_millis(),
            id
        ],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM canned_replies WHERE id = ?1", [id])?;
    Ok(())
}
