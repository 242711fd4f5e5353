//! Fixtures for `cargo xtask bench`: a thread of any length written in one
//! transaction, and batches of new customer messages that the benchmark
//! broadcasts itself, through the Pusher HTTP API, at the rate it wants.

use std::fmt;

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rusqlite::{params, Connection, OptionalExtension};

use super::{ADMINS, REASONS};
use crate::clock::now_millis;
use crate::db::writes;

/// A benchmark thread spans about this long, whatever its length, so its
/// messages fall on several days (and the panel draws day dividers).
const SPAN_SECS: i64 = 6 * 24 * 3600;

/// The most messages one call may write: far above what the benchmark
/// needs, low enough that a typo cannot fill the disk.
pub const MAX_MESSAGES: usize = 20_000;

#[derive(Debug)]
pub enum FixtureError {
    /// The database has no customers (started with `--seed none`).
    NoCustomers,
    UnknownTicket(i64),
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for FixtureError {
    fn from(error: rusqlite::Error) -> Self {
        FixtureError::Sqlite(error)
    }
}

impl fmt::Display for FixtureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FixtureError::NoCustomers => {
                write!(
                    f,
                    "there is no customer to write as: start with --seed demo or --seed large"
                )
            }
            FixtureError::UnknownTicket(id) => write!(f, "there is no ticket {id}"),
            FixtureError::Sqlite(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for FixtureError {}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BenchThread {
    pub ticket_id: i64,
    pub customer_id: i64,
    pub newest_message_id: i64,
}

/// A customer's line: one of the scripted complaints, sometimes two, so
/// rows differ in length as they do on a real desk.
fn customer_text(rng: &mut StdRng, reason: usize) -> String {
    let lines = REASONS[reason].customer_lines;
    let first = *lines.choose(rng).expect("every reason has lines");
    if rng.random_bool(0.3) {
        let second = *lines.choose(rng).expect("every reason has lines");
        format!("{first} {second}")
    } else {
        first.to_string()
    }
}

/// Writes an open, unassigned ticket with `messages` messages (the
/// customer's, answered now and then by an admin) that end a minute ago and
/// span several days; all read but the newest two. One transaction.
pub fn create_thread(conn: &mut Connection, messages: usize) -> Result<BenchThread, FixtureError> {
    let messages = messages.clamp(1, MAX_MESSAGES);
    let tx = conn.transaction()?;
    // A different customer and reason for each thread made, yet the same
    // ones on every run.
    let made: i64 = tx.query_row("SELECT COUNT(*) FROM tickets", [], |r| r.get(0))?;
    let mut rng = StdRng::seed_from_u64(made as u64);
    let customers: i64 = tx.query_row("SELECT COUNT(*) FROM customers", [], |r| r.get(0))?;
    if customers == 0 {
        return Err(FixtureError::NoCustomers);
    }
    let (customer_id, customer_name): (i64, String) = tx.query_row(
        "SELECT id, name FROM customers ORDER BY id LIMIT 1 OFFSET ?1",
        [made % customers],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let reason = rng.random_range(0..REASONS.len());
    let reason_id: Option<i64> = tx
        .query_row(
            "SELECT id FROM reasons WHERE id = ?1",
            [reason as i64 + 1],
            |r| r.get(0),
        )
        .optional()?;
    let subject = *REASONS[reason]
        .subjects
        .choose(&mut rng)
        .expect("every reason has subjects");

    // Gaps first, so the thread can be placed to end just before now.
    let mean_gap = (SPAN_SECS / messages as i64).max(2);
    let gaps: Vec<i64> = (1..messages)
        .map(|_| rng.random_range(1..=2 * mean_gap) * 1000)
        .collect();
    let now = now_millis();
    let mut at = now - 60_000 - gaps.iter().sum::<i64>();
    tx.execute(
        "INSERT INTO tickets (customer_id, reason_id, subject, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'open', ?4, ?4)",
        params![customer_id, reason_id, subject, at],
    )?;
    let ticket_id = tx.last_insert_rowid();
    let admin_name = ADMINS[1].0;
    let mut newest_message_id = 0;
    for k in 0..messages {
        if k > 0 {
            at += gaps[k - 1];
        }
        // The customer writes most; every few messages an admin answers.
        let from_admin = k % 3 == 2;
        let (body, sender) = if from_admin {
            let line = *REASONS[reason]
                .admin_lines
                .choose(&mut rng)
                .expect("every reason has lines");
            (line.to_string(), admin_name)
        } else {
            (customer_text(&mut rng, reason), customer_name.as_str())
        };
        tx.execute(
            "INSERT INTO messages (ticket_id, body, is_from_admin, is_read, sender_name, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![ticket_id, body, from_admin, k + 2 < messages, sender, at],
        )?;
        newest_message_id = tx.last_insert_rowid();
    }
    tx.execute(
        "UPDATE tickets SET last_message_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![ticket_id, at],
    )?;
    crate::db::sla::refresh(&tx, Some(ticket_id), crate::db::sla::Answers::RepliesOnly)?;
    tx.commit()?;
    Ok(BenchThread {
        ticket_id,
        customer_id,
        newest_message_id,
    })
}

/// Stores `count` new messages from the ticket's customer, stamped now, in
/// one transaction, and returns their ids (oldest first) with the customer's
/// id. Nothing is broadcast: the benchmark sends the frames itself.
pub fn add_customer_messages(
    conn: &mut Connection,
    ticket_id: i64,
    count: usize,
) -> Result<(Vec<i64>, i64), FixtureError> {
    let count = count.clamp(1, MAX_MESSAGES);
    let tx = conn.transaction()?;
    let customer: Option<(i64, String, i64)> = tx
        .query_row(
            "SELECT c.id, c.name, COALESCE(t.reason_id, 1) FROM tickets t
             JOIN customers c ON c.id = t.customer_id WHERE t.id = ?1",
            [ticket_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((customer_id, customer_name, reason_id)) = customer else {
        return Err(FixtureError::UnknownTicket(ticket_id));
    };
    let reason = usize::try_from(reason_id - 1)
        .ok()
        .filter(|r| *r < REASONS.len())
        .unwrap_or(0);
    // Each batch words its messages differently, and the same on every run.
    let held: i64 = tx.query_row(
        "SELECT COUNT(*) FROM messages WHERE ticket_id = ?1",
        [ticket_id],
        |r| r.get(0),
    )?;
    let mut rng = StdRng::seed_from_u64((ticket_id as u64) << 32 | held as u64);
    let mut ids = Vec::with_capacity(count);
    for _ in 0..count {
        let text = customer_text(&mut rng, reason);
        ids.push(writes::insert_message(
            &tx,
            ticket_id,
            Some(&text),
            false,
            &customer_name,
            &[],
        )?);
    }
    tx.commit()?;
    Ok((ids, customer_id))
}
