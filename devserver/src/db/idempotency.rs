//! Remembered answers for `Idempotency-Key`: per admin, for 24 hours, in
//! SQLite so a restart forgets nothing. Only successful answers are stored,
//! in the same transaction as the write they answer, so a write and its
//! remembered answer exist together or not at all.

use rusqlite::{params, Connection, OptionalExtension};

/// How long a key is kept: the contract's 24 hours.
pub const KEEP_MILLIS: i64 = 24 * 60 * 60 * 1000;

/// The first answer given for a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// Which request the key was first used for (e.g. `messages:12`), so a
    /// key reused for another request is told apart from a retry.
    pub scope: String,
    pub status: u16,
    /// The JSON body, with attachment URLs unsigned (they are signed afresh
    /// on every replay, so a replay never hands out an expired URL).
    pub body: String,
}

/// The answer remembered for this admin's key, if it is younger than a day at `now`.
pub fn find(
    conn: &Connection,
    admin_id: i64,
    key: &str,
    now: i64,
) -> rusqlite::Result<Option<Stored>> {
    conn.query_row(
        "SELECT scope, status, body FROM idempotency_keys
         WHERE admin_id = ?1 AND key = ?2 AND created_at > ?3",
        params![admin_id, key, now - KEEP_MILLIS],
        |r| {
            Ok(Stored {
                scope: r.get(0)?,
                status: r.get(1)?,
                body: r.get(2)?,
            })
        },
    )
    .optional()
}

/// Remembers the first answer for this admin's key, and forgets keys older
/// than a day (an expired row with the same key is replaced).
pub fn remember(
    conn: &Connection,
    admin_id: i64,
    key: &str,
    stored: &Stored,
    now: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM idempotency_keys WHERE created_at <= ?1",
        [now - KEEP_MILLIS],
    )?;
    conn.execute(
        "INSERT INTO idempotency_keys (admin_id, key, scope, status, body, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![admin_id, key, stored.scope, stored.status, stored.body, now],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_kept_a_day_per_admin() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(crate::db::schema::SCHEMA).unwrap();
        let stored = Stored {
            scope: "messages:1".into(),
            status: 201,
            body: r#"{"data":{"id":9}}"#.into(),
        };
        let t0 = 1_700_000_000_000;
        remember(&conn, 1, "k", &stored, t0).unwrap();
        assert_eq!(find(&conn, 1, "k", t0 + 1).unwrap(), Some(stored.clone()));
        assert_eq!(find(&conn, 2, "k", t0 + 1).unwrap(), None, "another admin");
        assert_eq!(find(&conn, 1, "K", t0 + 1).unwrap(), None, "keys are exact");
        let almost = t0 + KEEP_MILLIS - 1;
        assert_eq!(find(&conn, 1, "k", almost).unwrap(), Some(stored.clone()));
        let later = t0 + KEEP_MILLIS;
        assert_eq!(find(&conn, 1, "k", later).unwrap(), None, "a day old");
        // After a day the key is free again, and the old row is gone.
        remember(&conn, 1, "k", &stored, later).unwrap();
        let rows: i64 = conn
            .query_row("SELECT COUNT(*) FROM idempotency_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
    }
}
