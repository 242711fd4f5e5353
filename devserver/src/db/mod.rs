//! The dev server's state, in SQLite so a restart loses nothing.
//!
//! A single connection behind a mutex: the dev server serves one team's demo
//! or one test run, and every query is short.

pub mod canned;
pub mod customers;
pub mod idempotency;
pub mod mentions;
pub mod merge;
pub mod messages;
mod schema;
pub mod sla;
mod ticket_list;
pub mod tickets;
pub mod triage;
pub mod users;
pub mod views;
pub mod writes;

use std::fmt;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

pub struct Db {
    conn: Mutex<Connection>,
}

/// Why a database cannot be used.
#[derive(Debug)]
pub enum OpenError {
    Sqlite(rusqlite::Error),
    /// Made by an older build (an older schema, see
    /// `schema::VERSION`); there are no migrations.
    OlderBuild {
        version: i64,
    },
}

impl From<rusqlite::Error> for OpenError {
    fn from(error: rusqlite::Error) -> Self {
        OpenError::Sqlite(error)
    }
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::Sqlite(error) => error.fmt(f),
            OpenError::OlderBuild { version } => write!(
                f,
                "it was made by an older dev server (schema {version}, this build needs {}) \
                 and cannot be upgraded: delete it, or pass another --db, and start again",
                schema::VERSION
            ),
        }
    }
}

impl std::error::Error for OpenError {}

impl Db {
    /// Opens (or creates) the database; `:memory:` for a throwaway run.
    pub fn open(path: &Path) -> Result<Db, OpenError> {
        let conn = if path.as_os_str() == ":memory:" {
            Connection::open_in_memory()?
        } else {
            Connection::open(path)?
        };
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let tables: i64 = conn.query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if tables > 0 && version != schema::VERSION {
            return Err(OpenError::OlderBuild { version });
        }
        conn.execute_batch(schema::SCHEMA)?;
        conn.pragma_update(None, "user_version", schema::VERSION)?;
        Ok(Db {
            conn: Mutex::new(conn),
        })
    }

    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (every write
        // is a statement or a transaction), so a poisoned lock is still usable.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn is_empty(&self) -> rusqlite::Result<bool> {
        let count: i64 = self
            .conn()
            .query_row("SELECT COUNT(*) FROM admins", [], |r| r.get(0))?;
        Ok(count == 0)
    }
}
