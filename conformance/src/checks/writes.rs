//! The admin's writes: replies and attachments, read marks, assignment and status.

use reqwest::Method;
use serde_json::{json, Value};

use super::auth::logout;
use super::{data, ensure, Run, Work, ADMIN_CHANNEL, TICKETS};
use crate::api::Body;
use crate::clauses;
use crate::shapes::{self, short};

/// A 1×1 PNG, for the multipart reply.
const PNG: [u8; 70] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f,
    0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba, 0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

impl Run<'_> {
    pub(super) fn messages_path(&self, work: &Work) -> String {
        format!("{TICKETS}/{}/messages", work.id)
    }

    pub(super) async fn replies(&mut self, work: &Work) {
        let text = format!("Respuesta {}", self.marker);
        let answer = self
            .api
            .json(
                Method::POST,
                &self.messages_path(work),
                &self.token,
                json!({ "message": text }),
            )
            .await;
        let reply = answer.and_then(|a| {
            a.expect(201)?;
            let message = data(&a)?;
            shapes::message(message, "data")?;
            ensure(message.get("is_from_admin") == Some(&json!(true)), || {
                "is_from_admin is not true".into()
            })?;
            ensure(
                message.get("sender").and_then(|s| s.get("type")) == Some(&json!("admin")),
                || "sender.type is not admin".into(),
            )?;
            ensure(
                message.get("message").and_then(Value::as_str) == Some(text.as_str()),
                || {
                    format!(
                        "message is {}, not the text sent",
                        short(message.get("message").unwrap_or(&Value::Null))
                    )
                },
            )?;
            shapes::int(message, "id", "data")
        });
        let reply_id = reply.as_ref().ok().copied();
        self.report.check(clauses::REPLY_JSON, reply.map(|_| ()));
        match reply_id {
            Some(id) => {
                self.message_sent_events(
                    work,
                    id,
                    [
                        clauses::MESSAGE_SENT_ON_TICKET,
                        clauses::MESSAGE_SENT_ON_ADMIN,
                    ],
                )
                .await
            }
            None => {
                self.report
                    .skip(clauses::MESSAGE_SENT_ON_TICKET, "the reply failed");
                self.report
                    .skip(clauses::MESSAGE_SENT_ON_ADMIN, "the reply failed");
            }
        }

        let part = reqwest::multipart::Part::bytes(PNG.to_vec())
            .file_name("conformance.png")
            .mime_str("image/png");
        let answer = match part {
            Ok(part) => {
                let form = reqwest::multipart::Form::new()
                    .text("message", format!("Adjunto {}", self.marker))
                    .part("attachments[]", part);
                self.api
                    .call(
                        Method::POST,
                        &self.messages_path(work),
                        Some(&self.token),
                        &[],
                        Body::Multipart(form),
                    )
                    .await
            }
            Err(e) => Err(format!("cannot build the form: {e}")),
        };
        let attachment = answer.and_then(|a| {
            a.expect(201)?;
            let message = data(&a)?;
            shapes::message(message, "data")?;
            let attachments = shapes::array(message, "attachments", "data")?;
            let first = attachments.first().ok_or("no attachment in the answer")?;
            let mime = shapes::string(first, "mime_type", "attachment")?;
            ensure(mime == "image/png", || format!("mime_type is {mime:?}"))?;
            let size = shapes::int(first, "file_size", "attachment")?;
            ensure(size == PNG.len() as i64, || {
                format!("file_size is {size}, sent {}", PNG.len())
            })?;
            let url = shapes::string(first, "url", "attachment")?.to_string();
            Ok((url, shapes::int(message, "id", "data")?))
        });
        let sent = attachment.as_ref().ok().cloned();
        self.report
            .check(clauses::REPLY_MULTIPART, attachment.map(|_| ()));
        match sent {
            None => {
                self.report
                    .skip(clauses::ATTACHMENT_URL_SERVES, "the multipart reply failed");
                self.report
                    .skip(clauses::ATTACHMENT_SESSION, "the multipart reply failed");
            }
            Some((url, message_id)) => {
                let fetched = self.api.fetch_bytes(&url).await;
                self.report.check(
                    clauses::ATTACHMENT_URL_SERVES,
                    fetched.and_then(|(status, bytes)| {
                        ensure(status == 200, || {
                            format!("GET {url} without a token answered {status}")
                        })?;
                        ensure(bytes == PNG, || {
                            format!("{} bytes that are not the PNG sent", bytes.len())
                        })
                    }),
                );
                self.attachment_session(work, message_id, &url).await;
            }
        }

        let empty = self
            .api
            .json(
                Method::POST,
                &self.messages_path(work),
                &self.token,
                json!({ "message": "" }),
            )
            .await;
        self.report.check(
            clauses::REPLY_EMPTY,
            empty.and_then(|a| a.expect(422).map(|_| ())),
        );
    }

    /// An attachment URL is bound to the sign-in it was given to, so that on
    /// a shared computer a customer's file cannot be fetched again from the
    /// browser's history after sign-out. The admin's second sign-in fetches
    /// the message the way the panel refreshes a failed image
    /// (`after_id={id - 1}&limit=1`); its URL loads; that token logs out;
    /// the URL is refused with 403, while the URL given to the checker's own
    /// session (`own_url`, from the reply's answer) still loads.
    async fn attachment_session(&mut self, work: &Work, message_id: i64, own_url: &str) {
        let Some(spare) = self.spare_token.take() else {
            self.report.skip(
                clauses::ATTACHMENT_SESSION,
                "no second sign-in of the admin (see \"two sign-ins coexist\")",
            );
            return;
        };
        let path = format!(
            "{}?after_id={}&limit=1",
            self.messages_path(work),
            message_id - 1
        );
        let api = &self.api;
        let result = async {
            let answer = api.get(&path, &spare).await?;
            answer.expect(200).map_err(|why| format!("GET {path}: {why}"))?;
            let rows = shapes::array(&answer.json, "data", "answer")?;
            let message = rows
                .iter()
                .find(|m| m.get("id") == Some(&json!(message_id)))
                .ok_or_else(|| format!("GET {path} did not answer message {message_id}"))?;
            let attachments = shapes::array(message, "attachments", "data[0]")?;
            let first = attachments
                .first()
                .ok_or("the message has no attachment")?;
            let url = shapes::string(first, "url", "data[0].attachments[0]")?.to_string();
            let (status, _) = api.fetch_bytes(&url).await?;
            ensure(status == 200, || {
                format!("while the second sign-in lives, its URL {url} answered {status}")
            })?;
            logout(api, &spare)
                .await
                .map_err(|why| format!("logout of the second sign-in: {why}"))?;
            let (status, _) = api.fetch_bytes(&url).await?;
            ensure(status == 403, || {
                format!(
                    "after its token logged out, the second sign-in's URL {url} answered {status}, not 403"
                )
            })?;
            let (status, _) = api.fetch_bytes(own_url).await?;
            ensure(status == 200, || {
                format!(
                    "after another sign-in of the same admin logged out, this session's URL {own_url} answered {status}: URLs are bound to one sign-in, not to the admin"
                )
            })
        }
        .await;
        self.report.check(clauses::ATTACHMENT_SESSION, result);
    }

    pub(super) async fn read_mark(&mut self, work: &Work) {
        let answer = self
            .api
            .call(
                Method::POST,
                &format!("{TICKETS}/{}/read", work.id),
                Some(&self.token),
                &[],
                Body::None,
            )
            .await;
        let after = self.get(&format!("{TICKETS}/{}", work.id)).await;
        self.report.check(
            clauses::READ_MARKS,
            answer.and_then(|a| {
                a.expect(204)?;
                let after = after?;
                let unread = shapes::int(data(&after)?, "unread_count", "data")?;
                ensure(unread == 0, || {
                    format!("unread_count is {unread} after marking read")
                })
            }),
        );
    }

    pub(super) async fn patch(&self, work: &Work, body: Value) -> Result<Value, String> {
        let answer = self
            .api
            .json(
                Method::PATCH,
                &format!("{TICKETS}/{}", work.id),
                &self.token,
                body,
            )
            .await?;
        answer.expect(200)?;
        let summary = data(&answer)?.clone();
        shapes::summary(&summary, "data")?;
        Ok(summary)
    }

    pub(super) async fn assignment(&mut self, work: &Work) {
        let me = self.admin_id;
        let assigned = self.patch(work, json!({ "assigned_to": me })).await;
        let ok = assigned
            .as_ref()
            .is_ok_and(|s| s.get("assigned_to").and_then(Value::as_i64) == Some(me));
        let unassigned = self.patch(work, json!({ "assigned_to": null })).await;
        self.report.check(
            clauses::ASSIGNMENT_PATCH,
            assigned.and_then(|s| {
                ensure(ok, || {
                    format!(
                        "assigned_to is {}, not {me}",
                        short(s.get("assigned_to").unwrap_or(&Value::Null))
                    )
                })?;
                let s = unassigned?;
                ensure(s.get("assigned_to") == Some(&Value::Null), || {
                    "assigned_to: null did not unassign".into()
                })
            }),
        );
        let ticket_id = work.id;
        self.expect_event(
            clauses::STATUS_CHANGED_ON_ASSIGNMENT,
            |e| {
                e.event == "ticket.status.changed"
                    && e.data.get("ticket_id").and_then(Value::as_i64) == Some(ticket_id)
                    && e.data.get("assigned_to").and_then(Value::as_i64) == Some(me)
            },
            |e| shapes::status_event(&e.data, ticket_id),
        )
        .await;
        if let Some(original) = work.assigned_to {
            if let Err(why) = self.patch(work, json!({ "assigned_to": original })).await {
                eprintln!(
                    "conformance: could not give ticket {} back to admin {original}: {why}",
                    work.id
                );
            }
        }
    }

    pub(super) async fn status(&mut self, work: &Work) {
        let closed = self.patch(work, json!({ "status": "closed" })).await;
        let closed_ok = closed.is_ok();
        let ticket_id = work.id;
        let result = closed.and_then(|s| {
            ensure(s.get("status") == Some(&json!("closed")), || {
                format!(
                    "status is {}",
                    short(s.get("status").unwrap_or(&Value::Null))
                )
            })?;
            ensure(
                s.get("resolved_at").and_then(Value::as_str).is_some(),
                || "resolved_at is null on a closed ticket".into(),
            )
        });
        for channel in [
            format!("private-support.ticket.{ticket_id}"),
            ADMIN_CHANNEL.to_string(),
        ] {
            let clause = if channel == ADMIN_CHANNEL {
                clauses::STATUS_CHANGED_ON_ADMIN
            } else {
                clauses::STATUS_CHANGED_ON_TICKET
            };
            self.expect_event(
                clause,
                |e| {
                    e.event == "ticket.status.changed"
                        && e.channel == channel
                        && e.data.get("ticket_id").and_then(Value::as_i64) == Some(ticket_id)
                        && e.data.get("status").and_then(Value::as_str) == Some("closed")
                },
                |e| shapes::status_event(&e.data, ticket_id),
            )
            .await;
        }
        if closed_ok {
            self.status_filter(clauses::FILTER_STATUS_CLOSED, "closed", work)
                .await;
            let reply = self
                .api
                .json(
                    Method::POST,
                    &self.messages_path(work),
                    &self.token,
                    json!({ "message": "cerrado" }),
                )
                .await;
            self.report.check(
                clauses::REPLY_CLOSED,
                reply.and_then(|a| a.expect(422).map(|_| ())),
            );
            match self.customer_token().map(str::to_string) {
                Some(token) if work.own => {
                    let path = format!("/api/v1/support/tickets/{}/messages", work.id);
                    let sent = self
                        .api
                        .json(Method::POST, &path, &token, json!({ "message": "cerrado" }))
                        .await;
                    self.report.check(
                        clauses::CUSTOMER_MESSAGE_CLOSED,
                        sent.and_then(|a| a.expect(422).map(|_| ())),
                    );
                }
                _ => self
                    .report
                    .skip(clauses::CUSTOMER_MESSAGE_CLOSED, "needs --customer"),
            }
        } else {
            self.report
                .skip(clauses::FILTER_STATUS_CLOSED, "closing failed");
            self.report.skip(clauses::REPLY_CLOSED, "closing failed");
            self.report
                .skip(clauses::CUSTOMER_MESSAGE_CLOSED, "closing failed");
        }
        let reopened = self.patch(work, json!({ "status": work.status })).await;
        let bad = self
            .api
            .json(
                Method::PATCH,
                &format!("{TICKETS}/{}", work.id),
                &self.token,
                json!({ "status": "archivado" }),
            )
            .await;
        self.report.check(
            clauses::STATUS_PATCH,
            result.and_then(|_| {
                let s = reopened?;
                ensure(
                    s.get("status").and_then(Value::as_str) == Some(work.status.as_str()),
                    || "reopening did not reopen".into(),
                )?;
                bad?.expect(422)
                    .map(|_| ())
                    .map_err(|e| format!("status \"archivado\": {e}"))
            }),
        );
    }
}
