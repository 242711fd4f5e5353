//! v3 `sla`: a customer's message starts the clock, a note does not stop it,
//! a reply does; the priority moves the due time; the list's `waiting=1`,
//! `overdue=1` and `sort=response_due_at`; `message.sent` on the admin
//! channel carries the ticket; no customer endpoint shows the clock.

use reqwest::Method;
use serde_json::{json, Value};

use super::privacy::carries_none;
use super::sla_time::{field_ms, http_date_ms};
use crate::checks::{data, ensure, ids, message_id, Run, Work, ADMIN_CHANNEL, TICKETS};
use crate::clauses;
use crate::shapes::{self, Check};

/// Every sla clause after the capability's own line, for skipping.
const SLA_CLAUSES: [&str; 9] = [
    clauses::V3_SLA_WAITING,
    clauses::V3_SLA_MESSAGE_SENT,
    clauses::V3_SLA_NOTE,
    clauses::V3_SLA_PRIORITY,
    clauses::V3_SLA_WAITING_FILTER,
    clauses::V3_SLA_OVERDUE_FILTER,
    clauses::V3_SLA_SORT,
    clauses::V3_SLA_PRIVACY,
    clauses::V3_SLA_REPLY,
];

impl Run<'_> {
    pub(super) async fn sla(&mut self, work: &Work) {
        // The clock starts with a customer's message: only the customer
        // can start it, on their own ticket.
        let token = match self.customer_token().map(str::to_string) {
            Some(token) if work.own => token,
            _ => {
                for clause in SLA_CLAUSES {
                    self.report.skip(clause, "needs --customer");
                }
                return;
            }
        };
        let started = self.customer_writes(work, &token).await;
        let (message_id_sent, waiting) = match started {
            Ok(started) => started,
            Err(why) => {
                self.report.check(clauses::V3_SLA_WAITING, Err(why));
                for &clause in &SLA_CLAUSES[1..] {
                    self.report
                        .skip(clause, "the customer's message did not start the clock");
                }
                return;
            }
        };
        self.report.check(clauses::V3_SLA_WAITING, Ok(()));
        let ticket_id = work.id;
        self.expect_event(
            clauses::V3_SLA_MESSAGE_SENT,
            |e| {
                e.event == "message.sent"
                    && e.channel == ADMIN_CHANNEL
                    && message_id(e) == Some(message_id_sent)
            },
            |e| {
                let ticket = shapes::object(&e.data, "ticket", "data")?;
                ensure(ticket.get("id") == Some(&json!(ticket_id)), || {
                    format!("data.ticket.id is {}", shapes::short(&ticket["id"]))
                })?;
                shapes::timestamp(ticket, "waiting_since", "data.ticket")
            },
        )
        .await;
        let note = self.note_keeps_clock(work, waiting).await;
        self.report.check(clauses::V3_SLA_NOTE, note);
        let priority = self.priority_moves_due(work).await;
        self.report.check(clauses::V3_SLA_PRIORITY, priority);
        let waiting_filter = self.waiting_filter(work).await;
        self.report
            .check(clauses::V3_SLA_WAITING_FILTER, waiting_filter);
        let overdue = self.overdue_filter(work).await;
        self.report.check(clauses::V3_SLA_OVERDUE_FILTER, overdue);
        let sort = self.due_sort().await;
        self.report.check(clauses::V3_SLA_SORT, sort);
        let private = self.clock_private(work, &token).await;
        self.report.check(clauses::V3_SLA_PRIVACY, private);
        let reply = self.reply_stops_clock(work).await;
        self.report.check(clauses::V3_SLA_REPLY, reply);
    }

    /// The work ticket's admin summary.
    async fn admin_summary(&self, work: &Work) -> Result<Value, String> {
        let answer = self.get(&format!("{TICKETS}/{}", work.id)).await?;
        answer.expect(200)?;
        Ok(data(&answer)?.clone())
    }

    /// The customer writes; the clock must run from no later than their
    /// message, and the answer be due after it started. The message's id
    /// and `waiting_since` as answered.
    async fn customer_writes(&mut self, work: &Work, token: &str) -> Result<(i64, Value), String> {
        let path = format!("/api/v1/support/tickets/{}/messages", work.id);
        let text = json!({ "message": format!("¿Me atienden? {}", self.marker) });
        let answer = self.api.json(Method::POST, &path, token, text).await?;
        answer
            .expect(201)
            .map_err(|e| format!("the customer's message: {e}"))?;
        let message = data(&answer)?;
        let id = shapes::int(message, "id", "data")?;
        let sent_at = field_ms(message, "created_at")?.ok_or("the message has no created_at")?;
        let summary = self.admin_summary(work).await?;
        let since = field_ms(&summary, "waiting_since")?
            .ok_or("waiting_since is null after the customer's message")?;
        let due = field_ms(&summary, "response_due_at")?
            .ok_or("response_due_at is null while the customer waits")?;
        ensure(since <= sent_at, || {
            "waiting_since is later than the customer's message".into()
        })?;
        ensure(due > since, || {
            "response_due_at is not after waiting_since".into()
        })?;
        Ok((id, summary["waiting_since"].clone()))
    }

    async fn note_keeps_clock(&self, work: &Work, waiting: Value) -> Check {
        let path = format!("{TICKETS}/{}/notes", work.id);
        let note = json!({ "body": format!("Nota interna {}", self.marker) });
        let answer = self
            .api
            .json(Method::POST, &path, &self.token, note)
            .await?;
        answer.expect(201).map_err(|e| format!("the note: {e}"))?;
        let after = self.admin_summary(work).await?;
        ensure(after.get("waiting_since") == Some(&waiting), || {
            format!(
                "waiting_since went from {} to {} after a note",
                shapes::short(&waiting),
                shapes::short(&after["waiting_since"])
            )
        })
    }

    async fn priority_moves_due(&self, work: &Work) -> Check {
        let low = self.patch(work, json!({ "priority": "low" })).await?;
        let urgent = self.patch(work, json!({ "priority": "urgent" })).await?;
        let (low, urgent) = (
            field_ms(&low, "response_due_at")?.ok_or("response_due_at null at low")?,
            field_ms(&urgent, "response_due_at")?.ok_or("response_due_at null at urgent")?,
        );
        ensure(urgent < low, || {
            "urgent is not due sooner than low: the PATCH answer's response_due_at did not move"
                .into()
        })
    }

    async fn waiting_filter(&self, work: &Work) -> Check {
        let marker = &self.marker;
        let mine = self
            .page_of(&format!(
                "waiting=1&search={marker}&status=all&snoozed=include"
            ))
            .await?;
        ensure(ids(&mine.rows).contains(&work.id), || {
            "waiting=1 leaves out the ticket whose customer waits".into()
        })?;
        let all = self.page_of("waiting=1&status=all").await?;
        for row in &all.rows {
            ensure(
                row.get("waiting_since").is_some_and(Value::is_string),
                || format!("waiting=1 lists ticket {} where nobody waits", row["id"]),
            )?;
        }
        Ok(())
    }

    /// No way to age a ticket here: the fresh work ticket must not be
    /// overdue, and every ticket `overdue=1` lists must be past its due
    /// time by the server's own clock (its `Date` header).
    async fn overdue_filter(&self, work: &Work) -> Check {
        let marker = &self.marker;
        let mine = self
            .page_of(&format!(
                "overdue=1&search={marker}&status=all&snoozed=include"
            ))
            .await?;
        ensure(!ids(&mine.rows).contains(&work.id), || {
            "overdue=1 lists the ticket whose answer is not yet due".into()
        })?;
        let answer = self
            .get(&format!("{TICKETS}?per_page=100&overdue=1&status=all"))
            .await?;
        answer.expect(200)?;
        let now = answer
            .date
            .as_deref()
            .and_then(http_date_ms)
            .ok_or("the answer has no readable Date header")?;
        let rows = data(&answer)?.as_array().ok_or("data is not a list")?;
        for row in rows {
            let due = field_ms(row, "response_due_at")?;
            // The Date header has whole seconds: a second of grace.
            ensure(due.is_some_and(|due| due < now + 1000), || {
                format!(
                    "overdue=1 lists ticket {} due {} (Date: {})",
                    row["id"],
                    shapes::short(&row["response_due_at"]),
                    answer.date.as_deref().unwrap_or("")
                )
            })?;
        }
        Ok(())
    }

    async fn due_sort(&self) -> Check {
        let page = self.page_of("status=open&sort=response_due_at").await?;
        let mut previous: Option<i64> = None;
        let mut nobody_waits_seen = false;
        for row in &page.rows {
            match field_ms(row, "response_due_at")? {
                Some(_) if nobody_waits_seen => {
                    return Err(format!(
                        "ticket {} is due but comes after one nobody waits on",
                        row["id"]
                    ))
                }
                Some(due) => {
                    ensure(previous.is_none_or(|p| p <= due), || {
                        format!("ticket {} is due before the one above it", row["id"])
                    })?;
                    previous = Some(due);
                }
                None => nobody_waits_seen = true,
            }
        }
        Ok(())
    }

    /// While the clock runs, the customer's list and detail show none of it.
    async fn clock_private(&self, work: &Work, token: &str) -> Check {
        let list = self.api.get("/api/v1/support/tickets", token).await?;
        list.expect(200)?;
        carries_none(&list.json, "the customer's ticket list")?;
        let detail = self
            .api
            .get(&format!("/api/v1/support/tickets/{}", work.id), token)
            .await?;
        detail.expect(200)?;
        carries_none(data(&detail)?, "the customer's ticket detail")
    }

    async fn reply_stops_clock(&self, work: &Work) -> Check {
        let reply = json!({ "message": format!("Atendido {}", self.marker) });
        let answer = self
            .api
            .json(Method::POST, &self.messages_path(work), &self.token, reply)
            .await?;
        answer.expect(201).map_err(|e| format!("the reply: {e}"))?;
        let after = self.admin_summary(work).await?;
        for key in ["waiting_since", "response_due_at"] {
            ensure(after.get(key) == Some(&Value::Null), || {
                format!("{key} is {} after the reply", shapes::short(&after[key]))
            })?;
        }
        Ok(())
    }
}
