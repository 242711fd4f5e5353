//! The demo desk's triage (contract v3): a realistic spread of priorities
//! and a few tags, so the panel has something to show. Drawn from a random
//! source of its own, so the rest of the demo data stays as it was.

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rusqlite::{params, Connection};

use crate::db::triage::Priority;

/// Out of 100 tickets: most are normal, a few urgent.
const PRIORITY_WEIGHTS: [(Priority, u32); 4] = [
    (Priority::Low, 15),
    (Priority::Normal, 60),
    (Priority::High, 18),
    (Priority::Urgent, 7),
];

/// Tags by reason (the demo's `REASONS`, in order: Puntos, Canje de
/// cupones, Pedido, Cuenta, Pagos), and for any ticket.
const TAGS_BY_REASON: [&[&str]; 5] = [
    &["puntos-caducados", "app-android"],
    &["cupón", "app-ios"],
    &["envío", "reembolso"],
    &["acceso", "app-android", "app-ios"],
    &["facturación", "reembolso"],
];
const ANY_TICKET_TAGS: [&str; 2] = ["vip", "recurrente"];

fn priority(rng: &mut StdRng) -> Priority {
    let mut roll = rng.random_range(0..100);
    for (priority, weight) in PRIORITY_WEIGHTS {
        if roll < weight {
            return priority;
        }
        roll -= weight;
    }
    Priority::Normal
}

/// Gives every ticket a priority and about a third of them one or two tags.
pub fn seed(tx: &Connection) -> rusqlite::Result<()> {
    let mut rng = StdRng::seed_from_u64(20_240_301);
    let tickets: Vec<(i64, i64)> = tx
        .prepare("SELECT id, COALESCE(reason_id, 1) FROM tickets ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (ticket_id, reason_id) in tickets {
        tx.execute(
            "UPDATE tickets SET priority = ?1 WHERE id = ?2",
            params![priority(&mut rng).as_str(), ticket_id],
        )?;
        let mut tags: Vec<&str> = Vec::new();
        if rng.random_bool(0.3) {
            let reason_tags = TAGS_BY_REASON[(reason_id as usize - 1) % TAGS_BY_REASON.len()];
            tags.extend(reason_tags.choose(&mut rng));
        }
        if rng.random_bool(0.1) {
            tags.extend(ANY_TICKET_TAGS.choose(&mut rng));
        }
        for tag in tags {
            tx.execute(
                "INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) VALUES (?1, ?2)",
                params![ticket_id, tag],
            )?;
        }
    }
    Ok(())
}
