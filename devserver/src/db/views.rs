//! Saved views (contract v3 `views`): named ticket-list filters, an admin's
//! own and the shared ones, in the order of their `position`.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use serde_json::Value;

use crate::clock::now_millis;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    /// Every filter key of the contract, `null` where the view sets none.
    pub filters: Value,
    pub shared: bool,
    pub owner_id: i64,
    pub position: i64,
}

/// The fields an admin writes.
#[derive(Clone, Debug)]
pub struct ViewFields {
    pub name: String,
    pub filters: Value,
    pub shared: bool,
    pub position: i64,
}

const SELECT: &str = "SELECT id, name, filters, shared, owner_id, position FROM saved_views";

fn from_row(r: &Row) -> rusqlite::Result<SavedView> {
    let filters: String = r.get(2)?;
    Ok(SavedView {
        id: r.get(0)?,
        name: r.get(1)?,
        filters: serde_json::from_str(&filters).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, e.into())
        })?,
        shared: r.get(3)?,
        owner_id: r.get(4)?,
        position: r.get(5)?,
    })
}

/// What this admin sees: their own and every shared view, by position then id.
pub fn visible_to(conn: &Connection, admin_id: i64) -> rusqlite::Result<Vec<SavedView>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE owner_id = ?1 OR shared = 1 ORDER BY position, id"
    ))?;
    let rows = stmt.query_map([admin_id], from_row)?;
    rows.collect()
}

pub fn find(conn: &Connection, id: i64) -> rusqlite::Result<Option<SavedView>> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()
}

/// Where a new view goes when no position is given: after every view the
/// admin sees.
pub fn next_position(conn: &Connection, admin_id: i64) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COALESCE(MAX(position) + 1, 0) FROM saved_views WHERE owner_id = ?1 OR shared = 1",
        [admin_id],
        |r| r.get(0),
    )
}

pub fn insert(conn: &Connection, owner_id: i64, fields: &ViewFields) -> rusqlite::Result<i64> {
    let now = now_millis();
    conn.execute(
        "INSERT INTO saved_views (owner_id, name, filters, shared, position, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            owner_id,
            fields.name,
            fields.filters.to_string(),
            fields.shared,
            fields.position,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update(conn: &Connection, id: i64, fields: &ViewFields) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE saved_views SET name = ?1, filters = ?2, shared = ?3, position = ?4, updated_at = ?5
         WHERE id = ?6",
        params![
            fields.name,
            fields.filters.to_string(),
            fields.shared,
            fields.position,
            now_millis(),
            id
        ],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM saved_views WHERE id = ?1", [id])?;
    Ok(())
}
