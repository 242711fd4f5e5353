//! Admins, customers and their bearer tokens (Sanctum-style `{id}|{secret}`).
//! Passwords are bcrypt hashes and tokens SHA-256 hashes, as Laravel keeps them.

use std::sync::OnceLock;

use rand::distr::Alphanumeric;
use rand::Rng;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

/// bcrypt's cost for every password this server stores. Laravel's default
/// is 12 (about 250 ms a hash); the only passwords here are the demo's, which
/// are public anyway, and 4 (bcrypt's minimum, about 1 ms) keeps seeding 45
/// users and every test's sign-ins fast. A real backend keeps its own cost.
pub const BCRYPT_COST: u32 = 4;

/// A bcrypt hash in Laravel's `$2y$` spelling.
fn hash_password(password: &str) -> rusqlite::Result<String> {
    bcrypt::hash_with_result(password, BCRYPT_COST)
        .map(|hash| hash.format_for_version(bcrypt::Version::TwoY))
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
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
        params![name, email, hash_password(password)?],
    )?;
    let id = conn.last_insert_rowid();
    // The admin panel's customer context shows when a customer signed up.
    if kind == Kind::Customer {
        conn.execute(
            "UPDATE customers SET created_at = ?1 WHERE id = ?2",
            params![now_millis(), id],
        )?;
    }
    Ok(id)
}

/// The user of this kind with these credentials, if any. Email matching
/// ignores case, as Laravel's default user provider does on MySQL.
pub fn by_credentials(
    conn: &Connection,
    kind: Kind,
    email: &str,
    password: &str,
) -> rusqlite::Result<Option<User>> {
    let found = conn
        .query_row(
            &format!(
                "SELECT id, name, email, password FROM {} WHERE lower(email) = lower(?1)",
                kind.table()
            ),
            params![email.trim()],
            |r| Ok((user_from_row(r)?, r.get::<_, String>(3)?)),
        )
        .optional()?;
    match found {
        // A hash bcrypt cannot read (not one of ours) matches nothing.
        Some((user, hash)) => Ok(bcrypt::verify(password, &hash)
            .unwrap_or(false)
            .then_some(user)),
        None => {
            // Hash anyway, so an unknown email takes as long as a wrong
            // password and timing does not tell which emails exist.
            let _ = bcrypt::verify(password, unknown_user_hash());
            Ok(None)
        }
    }
}

/// A hash that no password is checked against for real.
fn unknown_user_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password("no such user").unwrap_or_default())
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

/// What the tokens table keeps of a token's secret: hex SHA-256, as
/// Sanctum's token guard does, so a copy of the database opens no session.
fn token_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Issues a new token for the user: `{id}|{secret}`, the only time the
/// secret exists in plain text.
pub fn issue_token(conn: &Connection, kind: Kind, user_id: i64) -> rusqlite::Result<String> {
    let secret: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(40)
        .map(char::from)
        .collect();
    conn.execute(
        "INSERT INTO tokens (token_hash, kind, user_id, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash(&secret), kind.as_str(), user_id, now_millis()],
    )?;
    let id = conn.last_insert_rowid();
    Ok(format!("{id}|{secret}"))
}

/// The token's row id, if it names the token that `secret` hashes to. As in
/// Sanctum, an `{id}|` prefix must name that token; without one the hash decides.
fn token_row(conn: &Connection, token: &str) -> rusqlite::Result<Option<(i64, Kind, i64)>> {
    let (id, secret) = match token.split_once('|') {
        Some((id, secret)) => match id.parse::<i64>() {
            Ok(id) => (Some(id), secret),
            Err(_) => return Ok(None),
        },
        None => (None, token),
    };
    let row = conn
        .query_row(
            "SELECT id, kind, user_id FROM tokens WHERE token_hash = ?1",
            [token_hash(secret)],
            |r| {
                let kind: String = r.get(1)?;
                let kind = if kind == "admin" {
                    Kind::Admin
                } else {
                    Kind::Customer
                };
                Ok((r.get(0)?, kind, r.get(2)?))
            },
        )
        .optional()?;
    Ok(row.filter(|(row_id, _, _)| id.is_none_or(|id| id == *row_id)))
}

/// Whose token this is.
pub fn token_owner(conn: &Connection, token: &str) -> rusqlite::Result<Option<(Kind, i64)>> {
    Ok(token_row(conn, token)?.map(|(_, kind, user_id)| (kind, user_id)))
}

/// A bearer token's session: the token's row id (what attachment URLs are
/// bound to, never the token itself), its kind and its user.
pub struct Session {
    pub token_id: i64,
    pub kind: Kind,
    pub user_id: i64,
}

pub fn token_session(conn: &Connection, token: &str) -> rusqlite::Result<Option<Session>> {
    Ok(
        token_row(conn, token)?.map(|(token_id, kind, user_id)| Session {
            token_id,
            kind,
            user_id,
        }),
    )
}

/// Whether the token with this row id is still signed in. Tokens here do
/// not expire; logging out deletes the row.
pub fn token_is_live(conn: &Connection, token_id: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM tokens WHERE id = ?1)",
        [token_id],
        |r| r.get(0),
    )
}

pub fn revoke_token(conn: &Connection, token: &str) -> rusqlite::Result<()> {
    if let Some((id, _, _)) = token_row(conn, token)? {
        revoke_token_id(conn, id)?;
    }
    Ok(())
}

/// Ends the sign-in whose token has this row id.
pub fn revoke_token_id(conn: &Connection, token_id: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM tokens WHERE id = ?1", [token_id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(crate::db::schema::SCHEMA).unwrap();
        conn
    }

    #[test]
    fn passwords_are_stored_as_bcrypt_hashes() {
        let conn = db();
        let id = insert(&conn, Kind::Admin, "Ana", "ana@mesa.test", "secreto").unwrap();
        let stored: String = conn
            .query_row("SELECT password FROM admins WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(stored.starts_with("$2y$04$"), "{stored}");
        assert!(!stored.contains("secreto"));
        let found = by_credentials(&conn, Kind::Admin, "ANA@mesa.test", "secreto").unwrap();
        assert_eq!(found.map(|u| u.id), Some(id));
        assert!(
            by_credentials(&conn, Kind::Admin, "ana@mesa.test", "Secreto")
                .unwrap()
                .is_none()
        );
        assert!(
            by_credentials(&conn, Kind::Admin, "nadie@mesa.test", "secreto")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn tokens_are_stored_as_sha256_and_checked_with_their_id() {
        let conn = db();
        let token = issue_token(&conn, Kind::Customer, 7).unwrap();
        let (id, secret) = token.split_once('|').unwrap();
        let stored: String = conn
            .query_row("SELECT token_hash FROM tokens", [], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, hex::encode(Sha256::digest(secret.as_bytes())));
        assert!(!stored.contains(secret));
        assert_eq!(
            token_owner(&conn, &token).unwrap(),
            Some((Kind::Customer, 7))
        );
        assert_eq!(
            token_owner(&conn, secret).unwrap(),
            Some((Kind::Customer, 7))
        );
        let other_id = id.parse::<i64>().unwrap() + 1;
        assert_eq!(
            token_owner(&conn, &format!("{other_id}|{secret}")).unwrap(),
            None
        );
        assert_eq!(token_owner(&conn, &format!("x|{secret}")).unwrap(), None);
        assert_eq!(
            token_owner(&conn, &stored).unwrap(),
            None,
            "the hash is no token"
        );
        revoke_token(&conn, &token).unwrap();
        assert_eq!(token_owner(&conn, &token).unwrap(), None);
    }
}
