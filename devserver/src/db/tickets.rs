//! Tickets and messages, read in the contract's JSON shapes.

use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::clock::iso;

pub use super::messages::{message, messages, Attachment, Message, MessageWindow, Sender, View};

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFilter {
    Open,
    Closed,
    All,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignedFilter {
    Me,
    Unassigned,
    Any,
    Admin(i64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    LastMessageDesc,
    LastMessageAsc,
    CreatedDesc,
}

#[derive(Clone, Debug)]
pub struct TicketQuery {
    pub status: StatusFilter,
    pub assigned: AssignedFilter,
    pub reason_id: Option<i64>,
    pub search: Option<String>,
    pub sort: Sort,
    pub page: u32,
    pub per_page: u32,
    /// Only this customer's tickets (the customer API, and the admins'
    /// `customer_id` filter of contract v2).
    pub customer_id: Option<i64>,
    /// `search` matches the text of internal notes too: only for admins who
    /// can see notes, so a ticket list never tells anyone else a note's text.
    pub search_notes: bool,
}

pub struct TicketPage {
    pub tickets: Vec<TicketSummary>,
    pub total: u64,
}

const SUMMARY_SELECT: &str = "
SELECT t.id, t.subject, t.status, r.id, r.name, c.id, c.name, c.email,
       t.assigned_to, a.name,
       (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id AND m.kind = 'reply' AND m.is_from_admin = 0 AND m.is_read = 0),
       lm.id, lm.body, lm.is_from_admin, lm.created_at,
       t.last_message_at, t.created_at, t.updated_at, t.resolved_at
FROM tickets t
JOIN customers c ON c.id = t.customer_id
LEFT JOIN reasons r ON r.id = t.reason_id
LEFT JOIN admins a ON a.id = t.assigned_to
LEFT JOIN messages lm ON lm.id = (SELECT MAX(id) FROM messages WHERE ticket_id = t.id AND kind = 'reply')
";
// Notes never count in a summary (`unread_count`, `last_message`): a summary
// is what customers see too, and a note is not part of the conversation.

fn summary_from_row(r: &Row) -> rusqlite::Result<TicketSummary> {
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
    })
}

pub fn list(
    conn: &Connection,
    query: &TicketQuery,
    admin_id: Option<i64>,
) -> rusqlite::Result<TicketPage> {
    let mut conditions: Vec<&str> = Vec::new();
    let mut args: Vec<SqlValue> = Vec::new();
    match query.status {
        StatusFilter::Open => conditions.push("t.status = 'open'"),
        StatusFilter::Closed => conditions.push("t.status = 'closed'"),
        StatusFilter::All => {}
    }
    match query.assigned {
        AssignedFilter::Any => {}
        AssignedFilter::Unassigned => conditions.push("t.assigned_to IS NULL"),
        AssignedFilter::Me => {
            conditions.push("t.assigned_to = ?");
            args.push(SqlValue::Integer(admin_id.unwrap_or(-1)));
        }
        AssignedFilter::Admin(id) => {
            conditions.push("t.assigned_to = ?");
            args.push(SqlValue::Integer(id));
        }
    }
    if let Some(reason_id) = query.reason_id {
        conditions.push("t.reason_id = ?");
        args.push(SqlValue::Integer(reason_id));
    }
    if let Some(customer_id) = query.customer_id {
        conditions.push("t.customer_id = ?");
        args.push(SqlValue::Integer(customer_id));
    }
    if let Some(search) = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        conditions.push(
            "(t.subject LIKE ? ESCAPE '\\' OR c.name LIKE ? ESCAPE '\\' OR c.email LIKE ? ESCAPE '\\'
              OR EXISTS (SELECT 1 FROM messages sm WHERE sm.ticket_id = t.id AND sm.body LIKE ? ESCAPE '\\'
                         AND (sm.kind = 'reply' OR ?)))",
        );
        let pattern = format!("%{}%", escape_like(search));
        for _ in 0..4 {
            args.push(SqlValue::Text(pattern.clone()));
        }
        args.push(SqlValue::Integer(i64::from(query.search_notes)));
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let order = match query.sort {
        Sort::LastMessageDesc => {
            "ORDER BY COALESCE(t.last_message_at, t.created_at) DESC, t.id DESC"
        }
        Sort::LastMessageAsc => "ORDER BY COALESCE(t.last_message_at, t.created_at) ASC, t.id ASC",
        Sort::CreatedDesc => "ORDER BY t.created_at DESC, t.id DESC",
    };

    let total: i64 = conn.query_row(
        &format!(
            "SELECT COUNT(*) FROM tickets t JOIN customers c ON c.id = t.customer_id {filter}"
        ),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let offset = i64::from(query.page.saturating_sub(1)) * i64::from(query.per_page);
    let mut page_args = args.clone();
    page_args.push(SqlValue::Integer(i64::from(query.per_page)));
    page_args.push(SqlValue::Integer(offset));
    let mut stmt = conn.prepare(&format!(
        "{SUMMARY_SELECT} {filter} {order} LIMIT ? OFFSET ?"
    ))?;
    let tickets = stmt
        .query_map(params_from_iter(page_args.iter()), summary_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(TicketPage {
        tickets,
        total: total as u64,
    })
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub fn summary(conn: &Connection, id: i64) -> rusqlite::Result<Option<TicketSummary>> {
    conn.query_row(
        &format!("{SUMMARY_SELECT} WHERE t.id = ?1"),
        [id],
        summary_from_row,
    )
    .optional()
}

pub fn detail(conn: &Connection, id: i64, view: View) -> rusqlite::Result<Option<TicketDetail>> {
    let Some(summary) = summary(conn, id)? else {
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
