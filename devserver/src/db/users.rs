//! Admins, customers and their bearer tokens (Sanctum-style `{id}|{secret}`).

use rand::distr::Alphanumeric;
use rand::Rng;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::clock::now_millis;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Admin {
    pub id: i64,
    pub name: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub email: String,
}

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
}

pub fn insert_admin(
    conn: &Connection,
    name: &str,
    email: &str,
    password: &str,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO admins (name, email, password) VALUES (?1, ?2, ?3)",
        params![name, email, password],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_customer(
    conn: &Connection,
    name: &str,
    email: &str,
    password: &str,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO customers (name, email, password) VALUES (?1, ?2, ?3)",
        params![name, email, password],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The admin with these credentials, if any. Email matching ignores case, as
/// Laravel's default user provider does on MySQL.
pub fn admin_by_credentials(
    conn: &Connection,
    email: &str,
    password: &str,
) -> rusqlite::Result<Option<Admin>> {
    conn.query_row(
        "SELECT id, name, email FROM admins WHERE lower(email) = lower(?1) AND password = ?2",
        params![email.trim(), password],
        |r| {
            Ok(Admin {
                id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
            })
        },
    )
    .optional()
}

pub fn customer_by_credentials(
    conn: &Connection,
    email: &str,
    password: &str,
) -> rusqlite::Result<Option<Customer>> {
    conn.query_row(
        "SELECT id, name, email FROM customers WHERE lower(email) = lower(?1) AND password = ?2",
        params![email.trim(), password],
        |r| {
            Ok(Customer {
                id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
            })
        },
    )
    .optional()
}

pub fn admin(conn: &Connection, id: i64) -> rusqlite::Result<Option<Admin>> {
    conn.query_row(
        "SELECT id, name, email FROM admins WHERE id = ?1",
        [id],
        |r| {
            Ok(Admin {
                id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
            })
        },
    )
    .optional()
}

pub fn admins(conn: &Connection) -> rusqlite::Result<Vec<Admin>> {
    let mut stmt = conn.prepare("SELECT id, name, email FROM admins ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Admin {
            id: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
        })
    })?;
    rows.collect()
}

pub fn customer(conn: &Connection, id: i64) -> rusqlite::Result<Option<Customer>> {
    conn.query_row(
        "SELECT id, name, email FROM customers WHERE id = ?1",
        [id],
        |r| {
            Ok(Customer {
                id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
            })
        },
    )
    .optional()
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
