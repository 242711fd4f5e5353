//! The ticket list's query: every filter of the contract, turned into one
//! WHERE clause. `total` is the single place a list is counted: the list's
//! `meta.total` and every count of `GET …/views/counts` come from it, so
//! they cannot disagree.

use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};

use super::sla;
use super::tickets::{summary_from_row, TicketSummary, SUMMARY_SELECT};
use super::triage::Priority;

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

/// Contract v3 `snoozed`: whether tickets snoozed into the future are left
/// out (the default for admins under v3), the only ones, or counted like any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnoozedFilter {
    Exclude,
    Only,
    Include,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    LastMessageDesc,
    LastMessageAsc,
    CreatedDesc,
    /// v3 `sla`: soonest due first, then the tickets nobody waits on, by
    /// last activity.
    ResponseDue,
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
    /// v3 `priority=urgent,high`: any of these; empty for any priority.
    pub priorities: Vec<Priority>,
    /// v3 `tag=vip`: tickets that have this (normalized) tag.
    pub tag: Option<String>,
    /// v3 `snoozed`; `Include` for customers and under v1/v2, which know
    /// nothing of snoozing.
    pub snoozed: SnoozedFilter,
    /// v3 `waiting=1`: someone waits for an answer.
    pub waiting: bool,
    /// v3 `overdue=1`: the answer is past due, on this server's clock.
    pub overdue: bool,
    /// `--break overdue-wrong`: `overdue=1` lists every waiting ticket.
    pub overdue_wrong: bool,
    /// The summaries carry v3's fields (admins under v3 only).
    pub triage: bool,
}

pub struct TicketPage {
    pub tickets: Vec<TicketSummary>,
    pub total: u64,
}

/// The WHERE clause (possibly empty) of a query, and its arguments.
fn filter(query: &TicketQuery, admin_id: Option<i64>, now: i64) -> (String, Vec<SqlValue>) {
    let overdue = format!("{} < ?", sla::DUE_SQL);
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
    if !query.priorities.is_empty() {
        conditions.push("t.priority IN (SELECT value FROM json_each(?))");
        let words: Vec<&str> = query.priorities.iter().map(|p| p.as_str()).collect();
        args.push(SqlValue::Text(serde_json::json!(words).to_string()));
    }
    if let Some(tag) = &query.tag {
        conditions
            .push("EXISTS (SELECT 1 FROM ticket_tags tt WHERE tt.ticket_id = t.id AND tt.tag = ?)");
        args.push(SqlValue::Text(tag.clone()));
    }
    // Snoozed means "until a time still to come", as the contract says: a
    // snooze whose time has passed counts as woken even before the waker
    // has cleared it.
    match query.snoozed {
        SnoozedFilter::Include => {}
        SnoozedFilter::Exclude => {
            conditions.push("(t.snoozed_until IS NULL OR t.snoozed_until <= ?)");
            args.push(SqlValue::Integer(now));
        }
        SnoozedFilter::Only => {
            conditions.push("t.snoozed_until > ?");
            args.push(SqlValue::Integer(now));
        }
    }
    if query.waiting || (query.overdue && query.overdue_wrong) {
        conditions.push("t.waiting_since IS NOT NULL");
    }
    // Overdue means now > response_due_at, as the contract says.
    if query.overdue && !query.overdue_wrong {
        conditions.push(&overdue);
        args.push(SqlValue::Text(sla::policy_json()));
        args.push(SqlValue::Integer(now));
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    (filter, args)
}

/// How many tickets the query finds, all pages together: the list's
/// `meta.total`, and every count of `GET …/views/counts`.
pub fn total(
    conn: &Connection,
    query: &TicketQuery,
    admin_id: Option<i64>,
    now: i64,
) -> rusqlite::Result<u64> {
    let (filter, args) = filter(query, admin_id, now);
    let total: i64 = conn.query_row(
        &format!(
            "SELECT COUNT(*) FROM tickets t JOIN customers c ON c.id = t.customer_id {filter}"
        ),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    Ok(total as u64)
}

pub fn list(
    conn: &Connection,
    query: &TicketQuery,
    admin_id: Option<i64>,
) -> rusqlite::Result<TicketPage> {
    // One instant for both the page and its total, so they agree.
    let now = crate::clock::now_millis();
    let (filter, args) = filter(query, admin_id, now);
    // Due first (NULLs, nobody waiting, after), then by last activity.
    let due_order = format!(
        "ORDER BY {} IS NULL, {} ASC, COALESCE(t.last_message_at, t.created_at) DESC, t.id DESC",
        "t.waiting_since",
        sla::DUE_SQL
    );
    let order = match query.sort {
        Sort::LastMessageDesc => {
            "ORDER BY COALESCE(t.last_message_at, t.created_at) DESC, t.id DESC"
        }
        Sort::LastMessageAsc => "ORDER BY COALESCE(t.last_message_at, t.created_at) ASC, t.id ASC",
        Sort::CreatedDesc => "ORDER BY t.created_at DESC, t.id DESC",
        Sort::ResponseDue => &due_order,
    };
    let total = total(conn, query, admin_id, now)?;
    let offset = i64::from(query.page.saturating_sub(1)) * i64::from(query.per_page);
    let mut page_args = args;
    if query.sort == Sort::ResponseDue {
        page_args.push(SqlValue::Text(sla::policy_json()));
    }
    page_args.push(SqlValue::Integer(i64::from(query.per_page)));
    page_args.push(SqlValue::Integer(offset));
    let mut stmt = conn.prepare(&format!(
        "{SUMMARY_SELECT} {filter} {order} LIMIT ? OFFSET ?"
    ))?;
    let tickets = stmt
        .query_map(params_from_iter(page_args.iter()), |r| {
            summary_from_row(r, query.triage)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(TicketPage { tickets, total })
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
