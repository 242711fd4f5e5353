//! The customer's side: their messages, their tickets, and no one else's.

use reqwest::Method;
use serde_json::{json, Value};

use super::{data, ensure, ids, Run, Work};
use crate::clauses;
use crate::shapes::{self};

impl Run<'_> {
    pub(super) async fn customer_side(&mut self, work: &Work) {
        let every = [
            clauses::CUSTOMER_MESSAGE,
            clauses::CUSTOMER_MESSAGE_SENT_ON_TICKET,
            clauses::CUSTOMER_MESSAGE_SENT_ON_ADMIN,
            clauses::CUSTOMER_TICKET_LIST,
            clauses::CUSTOMER_TICKET_DETAIL,
            clauses::CUSTOMER_OTHER_TICKET_404,
            clauses::CUSTOMER_WRITE_TO_ANOTHER,
        ];
        let Some(token) = self.customer_token().map(str::to_string) else {
            for clause in every {
                self.report.skip(clause, "needs --customer");
            }
            return;
        };
        if !work.own {
            for clause in every {
                self.report
                    .skip(clause, "the customer's own ticket could not be created");
            }
            return;
        }
        let path = format!("/api/v1/support/tickets/{}/messages", work.id);
        let answer = self
            .api
            .json(
                Method::POST,
                &path,
                &token,
                json!({ "message": format!("Cliente {}", self.marker) }),
            )
            .await;
        let sent = answer.and_then(|a| {
            a.expect(201)?;
            let message = data(&a)?;
            shapes::message(message, "data")?;
            ensure(message.get("is_from_admin") == Some(&json!(false)), || {
                "is_from_admin is not false".into()
            })?;
            shapes::int(message, "id", "data")
        });
        let sent_id = sent.as_ref().ok().copied();
        self.report
            .check(clauses::CUSTOMER_MESSAGE, sent.map(|_| ()));
        match sent_id {
            Some(id) => {
                self.message_sent_events(
                    work,
                    id,
                    [
                        clauses::CUSTOMER_MESSAGE_SENT_ON_TICKET,
                        clauses::CUSTOMER_MESSAGE_SENT_ON_ADMIN,
                    ],
                )
                .await
            }
            None => {
                self.report.skip(
                    clauses::CUSTOMER_MESSAGE_SENT_ON_TICKET,
                    "the customer's message failed",
                );
                self.report.skip(
                    clauses::CUSTOMER_MESSAGE_SENT_ON_ADMIN,
                    "the customer's message failed",
                );
            }
        }

        let customer_id = work.customer_id;
        let list = self.api.get("/api/v1/support/tickets", &token).await;
        self.report.check(
            clauses::CUSTOMER_TICKET_LIST,
            list.and_then(|a| {
                a.expect(200)?;
                let rows = &shapes::page(&a.json)?.rows;
                for (i, row) in rows.iter().enumerate() {
                    shapes::summary(row, &format!("data[{i}]"))?;
                    let owner = row
                        .get("customer")
                        .and_then(|c| c.get("id"))
                        .and_then(Value::as_i64);
                    ensure(owner == Some(customer_id), || {
                        format!("data[{i}] belongs to customer {owner:?}")
                    })?;
                }
                ensure(ids(rows).contains(&work.id), || {
                    format!("ticket {} is not listed", work.id)
                })
            }),
        );
        let detail = self
            .api
            .get(&format!("/api/v1/support/tickets/{}", work.id), &token)
            .await;
        self.report.check(
            clauses::CUSTOMER_TICKET_DETAIL,
            detail.and_then(|a| {
                a.expect(200)?;
                let ticket = data(&a)?;
                shapes::summary(ticket, "data")?;
                for (i, m) in shapes::array(ticket, "messages", "data")?
                    .iter()
                    .enumerate()
                {
                    shapes::message(m, &format!("data.messages[{i}]"))?;
                }
                Ok(())
            }),
        );
        let other = self.other_customers_ticket(customer_id, "all").await;
        match other {
            None => self.report.skip(
                clauses::CUSTOMER_OTHER_TICKET_404,
                "no other customer's ticket to try",
            ),
            Some(other) => {
                let answer = self
                    .api
                    .get(&format!("/api/v1/support/tickets/{other}"), &token)
                    .await;
                self.report.check(
                    clauses::CUSTOMER_OTHER_TICKET_404,
                    answer.and_then(|a| a.expect(404).map(|_| ())),
                );
            }
        }
        self.write_to_another(&token, customer_id, clauses::CUSTOMER_WRITE_TO_ANOTHER)
            .await;
    }

    /// A ticket of another customer than `customer_id`, by the admin list.
    pub(super) async fn other_customers_ticket(
        &self,
        customer_id: i64,
        status: &str,
    ) -> Option<i64> {
        let rows = self
            .list(&format!("status={status}&per_page=100"))
            .await
            .ok()?
            .rows;
        rows.iter()
            .find(|r| {
                r.get("customer")
                    .and_then(|c| c.get("id"))
                    .and_then(Value::as_i64)
                    != Some(customer_id)
            })
            .and_then(|r| r.get("id").and_then(Value::as_i64))
    }

    /// The customer posts to another customer's open ticket (open, so a
    /// refusal cannot be the 422 of a closed one): it must be refused as
    /// the ticket's detail is, 404 (or 403), and nothing written.
    async fn write_to_another(&mut self, token: &str, customer_id: i64, clause: &str) {
        let Some(other) = self.other_customers_ticket(customer_id, "open").await else {
            self.report
                .skip(clause, "no other customer's open ticket to try");
            return;
        };
        let answer = self
            .api
            .json(
                Method::POST,
                &format!("/api/v1/support/tickets/{other}/messages"),
                token,
                json!({ "message": format!("Intruso {}", self.marker) }),
            )
            .await;
        self.report.check(
            clause,
            answer.and_then(|a| {
                ensure(a.status == 404 || a.status == 403, || {
                    format!("POST to ticket {other}: expected 404, got {a}")
                })
            }),
        );
    }
}
