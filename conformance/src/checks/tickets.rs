//! The ticket the write clauses work on: found or made, its thread read, and left as it was.

use reqwest::Method;
use serde_json::{json, Value};

use super::{data, ensure, ids, Customer, Run, Work, ADMIN_CHANNEL, TICKETS};
use crate::api::Body;
use crate::clauses;
use crate::shapes::{self, Check};

impl Run<'_> {
    pub(super) async fn work_ticket(&mut self) -> Option<Work> {
        let Some((email, password)) = self.config.customer.clone() else {
            self.report
                .skip(clauses::CUSTOMER_SIGN_IN, "needs --customer");
            self.report
                .skip(clauses::CUSTOMER_CREATES_TICKET, "needs --customer");
            self.report
                .skip(clauses::TICKET_CREATED_ON_ADMIN, "needs --customer");
            return self.borrowed_ticket().await;
        };
        let answer = self
            .api
            .call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                &[],
                Body::Json(json!({ "email": email, "password": password })),
            )
            .await;
        let customer = answer.and_then(|a| {
            a.expect(200)?;
            let token = shapes::string(&a.json, "token", "answer")?.to_string();
            let customer = shapes::object(&a.json, "customer", "answer")?;
            let id = shapes::int(customer, "id", "customer")?;
            Ok(Customer { token, id })
        });
        match customer {
            Ok(customer) => {
                self.report.check(clauses::CUSTOMER_SIGN_IN, Ok(()));
                self.customer = Some(customer);
            }
            Err(why) => {
                self.report.check(clauses::CUSTOMER_SIGN_IN, Err(why));
                self.report
                    .skip(clauses::CUSTOMER_CREATES_TICKET, "customer sign-in failed");
                return self.borrowed_ticket().await;
            }
        }
        let reason = self
            .get("/api/v1/support/reasons")
            .await
            .ok()
            .and_then(|a| a.json.get("data")?.get(0)?.get("id")?.as_i64())
            .unwrap_or(1);
        let subject = format!("Conformance {}", self.marker);
        let token = self.customer_token().unwrap_or_default().to_string();
        let answer = self
            .api
            .json(Method::POST, "/api/v1/support/tickets", &token, json!({
                "reason_id": reason, "subject": subject, "message": format!("Primer mensaje {}", self.marker)
            }))
            .await;
        let created = answer.and_then(|a| {
            a.expect(201)?;
            let summary = data(&a)?;
            shapes::summary(summary, "data")?;
            let status = summary.get("status").and_then(Value::as_str);
            ensure(status == Some("open"), || {
                format!("a new ticket is {status:?}")
            })?;
            ensure(
                summary.get("last_message").is_some_and(Value::is_object),
                || {
                    "the first message was not created with the ticket (last_message is null)"
                        .into()
                },
            )?;
            shapes::int(summary, "id", "data")
        });
        let id = match created {
            Ok(id) => {
                self.report.check(clauses::CUSTOMER_CREATES_TICKET, Ok(()));
                id
            }
            Err(why) => {
                self.report
                    .check(clauses::CUSTOMER_CREATES_TICKET, Err(why));
                return self.borrowed_ticket().await;
            }
        };
        self.expect_event(
            clauses::TICKET_CREATED_ON_ADMIN,
            |e| {
                e.event == "ticket.created"
                    && e.channel == ADMIN_CHANNEL
                    && e.data
                        .get("ticket")
                        .and_then(|t| t.get("id"))
                        .and_then(Value::as_i64)
                        == Some(id)
            },
            |e| shapes::summary(shapes::object(&e.data, "ticket", "data")?, "data.ticket"),
        )
        .await;
        let customer_id = self.customer.as_ref().map(|c| c.id).unwrap_or_default();
        let work = Work {
            id,
            customer_id,
            own: true,
            status: "open".into(),
            assigned_to: None,
        };
        self.subscribe_ticket(&work).await;
        Some(work)
    }

    /// The newest open ticket, put back as it was at the end.
    async fn borrowed_ticket(&mut self) -> Option<Work> {
        let rows = self.list("status=open&per_page=1").await.ok()?.rows;
        let row = rows.first()?;
        let work = Work {
            id: row.get("id")?.as_i64()?,
            customer_id: row.get("customer")?.get("id")?.as_i64()?,
            own: false,
            status: "open".into(),
            assigned_to: row.get("assigned_to").and_then(Value::as_i64),
        };
        self.subscribe_ticket(&work).await;
        Some(work)
    }

    /// Message ids must be strictly increasing (oldest first).
    fn ascending(messages: &[Value]) -> Check {
        let ids = ids(messages);
        ensure(ids.len() == messages.len(), || {
            "a message without an integer id".into()
        })?;
        ensure(ids.windows(2).all(|w| w[0] < w[1]), || {
            format!("not oldest first: {ids:?}")
        })
    }

    pub(super) async fn page(
        &self,
        work: &Work,
        query: &str,
    ) -> Result<(Vec<Value>, bool), String> {
        let answer = self
            .get(&format!("{}?{query}", self.messages_path(work)))
            .await?;
        answer.expect(200)?;
        let list = shapes::array(&answer.json, "data", "answer")?.clone();
        for (i, m) in list.iter().enumerate() {
            shapes::message(m, &format!("data[{i}]"))?;
        }
        let meta = shapes::object(&answer.json, "meta", "answer")?;
        let has_more = shapes::boolean(meta, "has_more", "meta")?;
        Self::ascending(&list)?;
        Ok((list, has_more))
    }

    pub(super) async fn thread(&mut self, work: &Work) {
        let detail = self.get(&format!("{TICKETS}/{}", work.id)).await;
        let messages = detail.and_then(|a| {
            a.expect(200)?;
            let ticket = data(&a)?;
            shapes::summary(ticket, "data")?;
            shapes::boolean(ticket, "has_more_messages", "data")?;
            let messages = shapes::array(ticket, "messages", "data")?;
            ensure(messages.len() <= 50, || {
                format!("{} messages, more than the newest 50", messages.len())
            })?;
            for (i, m) in messages.iter().enumerate() {
                shapes::message(m, &format!("data.messages[{i}]"))?;
            }
            Self::ascending(messages)?;
            Ok(ids(messages))
        });
        let thread = messages.as_ref().ok().cloned().unwrap_or_default();
        self.report
            .check(clauses::TICKET_DETAIL_SHAPE, messages.map(|_| ()));
        if thread.len() < 3 {
            for clause in [
                clauses::MESSAGE_PAGING_LIMIT,
                clauses::MESSAGE_PAGING_BEFORE_ID,
                clauses::MESSAGE_PAGING_AFTER_ID,
            ] {
                self.report
                    .skip(clause, "the thread has fewer than 3 messages");
            }
            return;
        }
        let newest = thread[thread.len() - 1];
        let oldest = thread[0];
        let limited = self.page(work, "limit=2").await;
        let over = self
            .get(&format!("{}?limit=101", self.messages_path(work)))
            .await;
        self.report.check(
            clauses::MESSAGE_PAGING_LIMIT,
            limited.and_then(|(list, has_more)| {
                let got = ids(&list);
                ensure(got.len() == 2 && got.last() == Some(&newest), || {
                    format!("limit=2 gave {got:?}, expected the newest two ending in {newest}")
                })?;
                ensure(has_more, || {
                    "meta.has_more is false with older messages left".into()
                })?;
                let over = over?;
                if over.status == 422 {
                    return Ok(());
                }
                over.expect(200).map_err(|e| format!("limit=101: {e}"))?;
                let n = shapes::array(&over.json, "data", "answer")?.len();
                ensure(n <= 100, || format!("limit=101 answered {n} messages"))
            }),
        );
        let before = self
            .page(work, &format!("before_id={newest}&limit=100"))
            .await;
        self.report.check(
            clauses::MESSAGE_PAGING_BEFORE_ID,
            before.and_then(|(list, _)| {
                let got = ids(&list);
                ensure(!got.is_empty() && got.iter().all(|id| *id < newest), || {
                    format!("before_id={newest} gave {got:?}")
                })
            }),
        );
        let after = self
            .page(work, &format!("after_id={oldest}&limit=100"))
            .await;
        self.report.check(
            clauses::MESSAGE_PAGING_AFTER_ID,
            after.and_then(|(list, _)| {
                let got = ids(&list);
                ensure(
                    got.iter().all(|id| *id > oldest) && got.contains(&newest),
                    || {
                        format!(
                            "after_id={oldest} gave {got:?}, expected ids above it up to {newest}"
                        )
                    },
                )
            }),
        );
    }

    /// Puts things back: our own ticket is closed (it is done), a borrowed
    /// one already has its status and assignee back.
    pub(super) async fn leave(&mut self, work: &Work) {
        if work.own {
            if let Err(why) = self.patch(work, json!({ "status": "closed" })).await {
                eprintln!(
                    "conformance: could not close ticket {} at the end: {why}",
                    work.id
                );
            }
        }
    }
}
