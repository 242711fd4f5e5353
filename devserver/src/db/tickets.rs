//! Tickets and messages, read in the contract's JSON shapes.

use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::clock::iso;

pub use super::messages::{message, messages, Attachment, Message, MessageWindow, Sender, View};
use super::sla;
pub use super::ticket_list::{
    list, total, AssignedFilter, SnoozedFilter, Sort, StatusFilter, TicketPage, TicketQuery,
};
use super::triage::{Priority, Triage};

#[derive(Clone, Debug, Serialize)]
pub struct Reason {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct CustomerRef {
    pub id: i64,
    pub name: String,
    pub email: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct AssigneeRef {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct LastMessage {
    pub id: i64,
    pub message: Option<String>,
    pub is_from_admin: bool,
    pub created_at: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct TicketSummary {
    pub id: i64,
    pub subject: String,
    pub status: String,
    pub reason: Option<Reason>,
    pub customer: CustomerRef,
    pub assigned_to: Option<i64>,
    pub assignee: Option<AssigneeRef>,
    pub unread_count: i64,
    pub last_message: Option<LastMessage>,
    pub last_message_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub resolved_at: Option<String>,
    /// Contract v3's `priority`, `tags`, `snoozed_until`, `waiting_since`,
    /// `response_due_at`, `merged_into`: for admins under
    /// v3 only, never for a customer (`None` writes none of the keys).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub triage: Option<Triage>,
}

/// A ticket with its newest messages, as `GET …/tickets/{id}` answers.
#[derive(Clone, Debug, Serialize)]
pub struct TicketDetail {
    #[serde(flatten)]
    pub summary: TicketSummary,
    pub messages: Vec<Message>,
    pub has_more_messages: bool,
}

/// How many messages a ticket's detail carries.
pub const DETAIL_MESSAGES: u32 = 50;

pub(super) const SUMMARY_SELECT: &str = "
SELECT t.id, t.subject, t.status, r.id, r.name, c.id, c.name, c.email,
       t.assigned_to, a.name,
       (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id AND m.kind = 'reply' AND m.is_from_admin = 0 AND m.is_read = 0),
       lm.id, lm.body, lm.is_from_admin, lm.created_at,
       t.last_message_at, t.created_at, t.updated_at, t.resolved_at,
       t.priority, t.snoozed_until,
       (SELECT json_group_array(tag) FROM (SELECT tag FROM ticket_tags WHERE ticket_id = t.id ORDER BY tag)),
       t.waiting_since, t.merged_into
FROM tickets t
JOIN customers c ON c.id = t.customer_id
LEFT JOIN reasons r ON r.id = t.reason_id
LEFT JOIN admins a ON a.id = t.assigned_to
LEFT JOIN messages lm ON lm.id = (SELECT MAX(id) FROM messages WHERE ticket_id = t.id AND kind = 'reply')
";
// Notes never count in a summary (`unread_count`, `last_message`): a summary
// is what customers see too, and a note is not part of the conversation.

/// One summary row; with `triage`, its v3 fields too (admins under v3).
pub(super) fn summary_from_row(r: &Row, triage: bool) -> rusqlite::Result<TicketSummary> {
    let reason_id: Option<i64> = r.get(3)?;
    let assigned_to: Option<i64> = r.get(8)?;
    let last_id: Option<i64> = r.get(11)?;
    Ok(TicketSummary {
        id: r.get(0)?,
        subject: r.get(1)?,
        status: r.get(2)?,
        reason: match reason_id {
            Some(id) => Some(Reason {
                id,
                name: r.get(4)?,
            }),
            None => None,
        },
        customer: CustomerRef {
            id: r.get(5)?,
            name: r.get(6)?,
            email: r.get(7)?,
        },
        assigned_to,
        assignee: match assigned_to {
            Some(id) => Some(AssigneeRef {
                id,
                name: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
            }),
            None => None,
        },
        unread_count: r.get(10)?,
        last_message: match last_id {
            Some(id) => Some(LastMessage {
                id,
                message: r.get(12)?,
                is_from_admin: r.get(13)?,
                created_at: iso(r.get(14)?),
            }),
            None => None,
        },
        last_message_at: r.get::<_, Option<i64>>(15)?.map(iso),
        created_at: iso(r.get(16)?),
        updated_at: iso(r.get(17)?),
        resolved_at: r.get::<_, Option<i64>>(18)?.map(iso),
        triage: if triage {
            Some(triage_from_row(r)?)
        } else {
            None
        },
    })
}

fn triage_from_row(r: &Row) -> rusqlite::Result<Triage> {
    let priority: String = r.get(19)?;
    let tags: String = r.get(21)?;
    let bad_column = |column: usize, why: String| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, why.into())
    };
    let priority = Priority::parse(&priority)
        .ok_or_else(|| bad_column(19, format!("unknown priority {priority:?}")))?;
    let waiting_since: Option<i64> = r.get(22)?;
    Ok(Triage {
        priority,
        tags: serde_json::from_str(&tags).map_err(|e| bad_column(21, e.to_string()))?,
        snoozed_until: r.get::<_, Option<i64>>(20)?.map(iso),
        waiting_since: waiting_since.map(iso),
        response_due_at: sla::due_at(waiting_since, priority).map(iso),
        merged_into: r.get(23)?,
    })
}

/// One ticket's summary; with `triage`, its v3 fields (admins under v3 only).
pub fn summary(
    conn: &Connection,
    id: i64,
    triage: bool,
) -> rusqlite::Result<Option<TicketSummary>> {
    conn.query_row(&format!("{SUMMARY_SELECT} WHERE t.id = ?1"), [id], |r| {
        summary_from_row(r, triage)
    })
    .optional()
}

pub fn detail(
    conn: &Connection,
    id: i64,
    view: View,
    triage: bool,
) -> rusqlite::Result<Option<TicketDetail>> {
    let Some(summary) = summary(conn, id, triage)? else {
        return Ok(None);
    };
    let (messages, has_more_messages) =
        messages(conn, id, MessageWindow::Newest, DETAIL_MESSAGES, view)?;
    Ok(Some(TicketDetail {
        summary,
        messages,
        has_more_messages,
    }))
}

pub fn reasons(conn: &Connection) -> rusqlite::Result<Vec<Reason>> {
    let mut stmt = conn.prepare("SELECT id, name FROM reasons ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Reason {
            id: r.get(0)?,
            name: r.get(1)?,
        })
    })?;
    rows.collect()
}
