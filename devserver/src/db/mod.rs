//! The dev server's state, in SQLite so a restart loses nothing.
//!
//! A single connection behind a mutex: the dev server serves one team's demo
//! or one test run, and every query is short.

mod schema;
pub mod tickets;
pub mod users;
pub mod writes;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

pub struct Db {
    conn: Mutex<Connection>,
}

impl Db {
    /// Opens (or creates) the database; `:memory:` for a throwaway run.
    pub fn open(path: &Path) -> rusqlite::Result<Db> {
        let conn = if path.as_os_str() == ":memory:" {
            Connection::open_in_memory()?
        } else {
            Connection::open(path)?
        };
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.execute_batch(schema::SCHEMA)?;
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
