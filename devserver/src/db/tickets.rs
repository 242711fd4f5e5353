//! Tickets and messages, read in the contract's JSON shapes.

use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::clock::iso;

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

#[derive(Clone, Debug, Serialize)]
pub struct Sender {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Attachment {
    pub id: i64,
    pub url: String,
    pub file_name: String,
    pub mime_type: String,
    pub file_size: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Message {
    pub id: i64,
    pub message: Option<String>,
    pub is_from_admin: bool,
    pub is_read: bool,
    pub sender: Sender,
    pub attachments: Vec<Attachment>,
    pub created_at: String,
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
    /// Only this customer's tickets (the customer API).
    pub customer_id: Option<i64>,
}

pub struct TicketPage {
    pub tickets: Vec<TicketSummary>,
    pub total: u64,
}

const SUMMARY_SELECT: &str = "
SELECT t.id, t.subject, t.status, r.id, r.name, c.id, c.name, c.email,
       t.assigned_to, a.name,
       (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id AND m.is_from_admin = 0 AND m.is_read = 0),
       lm.id, lm.body, lm.is_from_admin, lm.created_at,
       t.last_message_at, t.created_at, t.updated_at, t.resolved_at
FROM tickets t
JOIN customers c ON c.id = t.customer_id
LEFT JOIN reasons r ON r.id = t.reason_id
LEFT JOIN admins a ON a.id = t.assigned_to
LEFT JOIN messages lm ON lm.id = (SELECT MAX(id) FROM messages WHERE ticket_id = t.id)
";

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
              OR EXISTS (SELECT 1 FROM messages sm WHERE sm.ticket_id = t.id AND sm.body LIKE ? ESCAPE '\\'))",
        );
        let pattern = format!("%{}%", escape_like(search));
        for _ in 0..4 {
            args.push(SqlValue::Text(pattern.clone()));
        }
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

pub fn detail(conn: &Connection, id: i64) -> rusqlite::Result<Option<TicketDetail>> {
    let Some(summary) = summary(conn, id)? else {
        return Ok(None);
    };
    let (messages, has_more_messages) = messages(conn, id, MessageWindow::Newest, DETAIL_MESSAGES)?;
    Ok(Some(TicketDetail {
        summary,
        messages,
        has_more_messages,
    }))
}

/// Which end of the thread to read.
#[derive(Clone, Copy, Debug)]
pub enum MessageWindow {
    Newest,
    Before(i64),
    After(i64),
}

/// Up to `limit` messages, oldest first, and whether more lie beyond them.
pub fn messages(
    conn: &Connection,
    ticket_id: i64,
    window: MessageWindow,
    limit: u32,
) -> rusqlite::Result<(Vec<Message>, bool)> {
    let fetch = i64::from(limit) + 1;
    let (sql, bound) = match window {
        MessageWindow::Newest => (
            "WHERE ticket_id = ?1 AND id > ?2 ORDER BY id DESC LIMIT ?3",
            0,
        ),
        MessageWindow::Before(id) => (
            "WHERE ticket_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3",
            id,
        ),
        MessageWindow::After(id) => (
            "WHERE ticket_id = ?1 AND id > ?2 ORDER BY id ASC LIMIT ?3",
            id,
        ),
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT id, body, is_from_admin, is_read, sender_name, created_at FROM messages {sql}"
    ))?;
    let mut rows = stmt
        .query_map(params![ticket_id, bound, fetch], |r| {
            let is_from_admin: bool = r.get(2)?;
            Ok(Message {
                id: r.get(0)?,
                message: r.get(1)?,
                is_from_admin,
                is_read: r.get(3)?,
                sender: Sender {
                    kind: if is_from_admin { "admin" } else { "customer" },
                    name: r.get(4)?,
                },
                attachments: Vec::new(),
                created_at: iso(r.get(5)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let has_more = rows.len() as i64 > i64::from(limit);
    rows.truncate(limit as usize);
    if !matches!(window, MessageWindow::After(_)) {
        rows.reverse();
    }
    for message in &mut rows {
        message.attachments = attachments(conn, message.id)?;
    }
    Ok((rows, has_more))
}

/// One message, in the seed's shape.
pub fn message(
    conn: &Connection,
    ticket_id: i64,
    message_id: i64,
) -> rusqlite::Result<Option<Message>> {
    let (mut found, _) = messages(conn, ticket_id, MessageWindow::After(message_id - 1), 1)?;
    Ok(found.pop().filter(|m| m.id == message_id))
}

fn attachments(conn: &Connection, message_id: i64) -> rusqlite::Result<Vec<Attachment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, url, file_name, mime_type, file_size FROM attachments WHERE message_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([message_id], |r| {
        Ok(Attachment {
            id: r.get(0)?,
            url: r.get(1)?,
            file_name: r.get(2)?,
            mime_type: r.get(3)?,
            file_size: r.get(4)?,
        })
    })?;
    rows.collect()
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
