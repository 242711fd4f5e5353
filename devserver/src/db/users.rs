//! Admins, customers and their bearer tokens (Sanctum-style `{id}|{secret}`).

use rand::distr::Alphanumeric;
use rand::Rng;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::clock::now_millis;

/// An admin or a customer: the contract gives both the same shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub email: String,
}

pub type Admin = User;
pub type Customer = User;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Admin,
    Customer,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Admin => "admin",
            Kind::Customer => "customer",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Kind::Admin => "admins",
            Kind::Customer => "customers",
        }
    }
}

fn user_from_row(r: &rusqlite::Row) -> rusqlite::Result<User> {
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
    })
}

pub fn insert(
    conn: &Connection,
    kind: Kind,
    name: &str,
    email: &str,
    password: &str,
) -> rusqlite::Result<i64> {
    conn.execute(
        &format!(
            "INSERT INTO {} (name, email, password) VALUES (?1, ?2, ?3)",
            kind.table()
        ),
        params![name, email, password],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The user of this kind with these credentials, if any. Email matching
/// ignores case, as Laravel's default user provider does on MySQL.
pub fn by_credentials(
    conn: &Connection,
    kind: Kind,
    email: &str,
    password: &str,
) -> rusqlite::Result<Option<User>> {
    conn.query_row(
        &format!(
            "SELECT id, name, email FROM {} WHERE lower(email) = lower(?1) AND password = ?2",
            kind.table()
        ),
        params![email.trim(), password],
        user_from_row,
    )
    .optional()
}

pub fn find(conn: &Connection, kind: Kind, id: i64) -> rusqlite::Result<Option<User>> {
    conn.query_row(
        &format!("SELECT id, name, email FROM {} WHERE id = ?1", kind.table()),
        [id],
        user_from_row,
    )
    .optional()
}

pub fn admins(conn: &Connection) -> rusqlite::Result<Vec<Admin>> {
    let mut stmt = conn.prepare("SELECT id, name, email FROM admins ORDER BY id")?;
    let rows = stmt.query_map([], user_from_row)?;
    rows.collect()
}

/// Issues a new token for the user.
pub fn issue_token(conn: &Connection, kind: Kind, user_id: i64) -> rusqlite::Result<String> {
    let secret: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(40)
        .map(char::from)
        .collect();
    conn.execute(
        "INSERT INTO tokens (token, kind, user_id, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![secret, kind.as_str(), user_id, now_millis()],
    )?;
    let id = conn.last_insert_rowid();
    Ok(format!("{id}|{secret}"))
}

/// Whose token this is. The `{id}|` prefix is informative only; the secret decides.
pub fn token_owner(conn: &Connection, token: &str) -> rusqlite::Result<Option<(Kind, i64)>> {
    let secret = token.split_once('|').map_or(token, |(_, s)| s);
    conn.query_row(
        "SELECT kind, user_id FROM tokens WHERE token = ?1",
        [secret],
        |r| {
            let kind: String = r.get(0)?;
            let kind = if kind == "admin" {
                Kind::Admin
            } else {
                Kind::Customer
            };
            Ok((kind, r.get(1)?))
        },
    )
    .optional()
}

pub fn revoke_token(conn: &Connection, token: &str) -> rusqlite::Result<()> {
    let secret = token.split_once('|').map_or(token, |(_, s)| s);
    conn.execute("DELETE FROM tokens WHERE token = ?1", [secret])?;
    Ok(())
}
