//! What an admin sees of a customer beside a thread (contract v2).

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::clock::iso;

#[derive(Clone, Debug, Serialize)]
pub struct CustomerContext {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub created_at: String,
    pub tickets_count: i64,
    pub open_tickets_count: i64,
    /// When the customer's newest ticket was opened; null without tickets.
    pub last_ticket_at: Option<String>,
}

pub fn context(conn: &Connection, id: i64) -> rusqlite::Result<Option<CustomerContext>> {
    conn.query_row(
        "SELECT c.id, c.name, c.email, c.created_at,
                (SELECT COUNT(*) FROM tickets t WHERE t.customer_id = c.id),
                (SELECT COUNT(*) FROM tickets t WHERE t.customer_id = c.id AND t.status = 'open'),
                (SELECT MAX(created_at) FROM tickets t WHERE t.customer_id = c.id)
         FROM customers c WHERE c.id = ?1",
        [id],
        |r| {
            Ok(CustomerContext {
                id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
                created_at: iso(r.get(3)?),
                tickets_count: r.get(4)?,
                open_tickets_count: r.get(5)?,
                last_ticket_at: r.get::<_, Option<i64>>(6)?.map(iso),
            })
        },
    )
    .optional()
}
