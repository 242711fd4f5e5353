//! Contract v3 `merge`: one ticket's thread moved into another of the same
//! customer, the first closed with `merged_into`. The caller holds the
//! transaction, so a merge is whole or nothing.

use rusqlite::{params, Connection, OptionalExtension};

use super::sla::{self, Answers};
use crate::clock::now_millis;

/// Why a merge is refused (a 422, each with its own wording).
#[derive(Debug, PartialEq, Eq)]
pub enum MergeRefusal {
    IntoItself,
    NoSuchTarget,
    TargetMerged,
    /// Already merged into another ticket than the one asked.
    SourceMerged,
    OtherCustomer,
}

impl MergeRefusal {
    /// Laravel's `es` wording, for the 422 on `into`.
    pub fn message(&self) -> &'static str {
        match self {
            MergeRefusal::IntoItself => "Un ticket no se puede unir consigo mismo.",
            MergeRefusal::NoSuchTarget => "El ticket de destino no existe.",
            MergeRefusal::TargetMerged => {
                "El ticket de destino ya se unió a otro: únalo al ticket que lo recibió."
            }
            MergeRefusal::SourceMerged => "Este ticket ya se unió a otro ticket.",
            MergeRefusal::OtherCustomer => "Solo se pueden unir tickets del mismo cliente.",
        }
    }
}

/// What a merge did.
#[derive(Debug, PartialEq, Eq)]
pub enum Merged {
    /// Moved now.
    Now,
    /// Already merged into this very target: nothing to do.
    Before,
}

/// A ticket's owner and `merged_into`, if it exists.
pub fn owner_and_merged(
    conn: &Connection,
    ticket_id: i64,
) -> rusqlite::Result<Option<(i64, Option<i64>)>> {
    conn.query_row(
        "SELECT customer_id, merged_into FROM tickets WHERE id = ?1",
        [ticket_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// Merges `source` (which exists) into `target`: its messages and notes
/// (and their mentions) move, keeping their ids, which are in time order
/// already, so the target's thread reads in time order; the source is
/// closed with `merged_into`; both clocks are derived again.
pub fn merge(
    tx: &Connection,
    source: (i64, i64, Option<i64>),
    target: i64,
) -> rusqlite::Result<Result<Merged, MergeRefusal>> {
    let (source_id, customer_id, source_merged) = source;
    if source_id == target {
        return Ok(Err(MergeRefusal::IntoItself));
    }
    let Some((target_customer, target_merged)) = owner_and_merged(tx, target)? else {
        return Ok(Err(MergeRefusal::NoSuchTarget));
    };
    match source_merged {
        Some(into) if into == target => return Ok(Ok(Merged::Before)),
        Some(_) => return Ok(Err(MergeRefusal::SourceMerged)),
        None => {}
    }
    if target_merged.is_some() {
        return Ok(Err(MergeRefusal::TargetMerged));
    }
    if target_customer != customer_id {
        return Ok(Err(MergeRefusal::OtherCustomer));
    }
    let now = now_millis();
    tx.execute(
        "UPDATE messages SET ticket_id = ?2 WHERE ticket_id = ?1",
        params![source_id, target],
    )?;
    tx.execute(
        "UPDATE mentions SET ticket_id = ?2 WHERE ticket_id = ?1",
        params![source_id, target],
    )?;
    tx.execute(
        "UPDATE tickets SET updated_at = MAX(updated_at, ?2),
                last_message_at = (SELECT MAX(created_at) FROM messages
                                   WHERE ticket_id = ?1 AND kind = 'reply')
         WHERE id = ?1",
        params![target, now],
    )?;
    tx.execute(
        "UPDATE tickets SET status = 'closed', resolved_at = COALESCE(resolved_at, ?2),
                merged_into = ?3, snoozed_until = NULL, updated_at = MAX(updated_at, ?2)
         WHERE id = ?1",
        params![source_id, now, target],
    )?;
    sla::refresh(tx, Some(source_id), Answers::RepliesOnly)?;
    sla::refresh(tx, Some(target), Answers::RepliesOnly)?;
    Ok(Ok(Merged::Now))
}
