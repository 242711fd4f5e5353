//! v2 `notes`: internal notes, heard by admins and never by the customer.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::checks::{data, ensure, ids, message_id, Run, Work, TICKETS};
use crate::clauses;
use crate::report::Outcome;
use crate::shapes::{self, Check};
use crate::ws::{Event, Socket, EVENT_WAIT};

/// The seed's channels for a customer and their ticket.
pub(in crate::checks) fn customer_channels(work: &Work) -> [String; 2] {
    [
        format!("private-support.ticket.{}", work.id),
        format!("private-customer.{}", work.customer_id),
    ]
}

/// Waits for `message.sent` of `marker_id` on `channel`, then fails if an
/// event that `forbidden` matches came on that channel before it.
async fn heard_without(
    socket: &mut Socket,
    channel: &str,
    marker_id: i64,
    forbidden: impl Fn(&Event) -> bool,
) -> Check {
    let marker = socket
        .wait_for(EVENT_WAIT, |e| {
            e.event == "message.sent" && e.channel == channel && message_id(e) == Some(marker_id)
        })
        .await?;
    ensure(marker.is_some(), || {
        format!("message.sent of the reply sent after the note never came on {channel} within 5 s, so silence proves nothing")
    })?;
    let leaked = socket
        .wait_for(Duration::ZERO, |e| e.channel == channel && forbidden(e))
        .await?;
    match leaked {
        Some(e) => Err(format!("{} with the note on {channel}", e.event)),
        None => Ok(()),
    }
}

impl Run<'_> {
    pub(super) async fn notes(&mut self, work: &Work) {
        let path = format!("{TICKETS}/{}/notes", work.id);
        // Listening as the customer before the note exists, so a leak is heard.
        let ears = self.customer_ears(work).await;
        let body = format!("Nota {}", self.marker);
        let answer = self
            .api
            .json(Method::POST, &path, &self.token, json!({ "body": body }))
            .await;
        let note = answer.and_then(|a| {
            a.expect(201)?;
            let m = data(&a)?;
            shapes::message(m, "data")?;
            ensure(m.get("type") == Some(&json!("note")), || {
                "type is not \"note\"".into()
            })?;
            ensure(m.get("is_from_admin") == Some(&json!(true)), || {
                "is_from_admin is not true".into()
            })?;
            shapes::int(m, "id", "data")
        });
        let note_id = note.as_ref().ok().copied();
        let empty = self
            .api
            .json(Method::POST, &path, &self.token, json!({ "body": "" }))
            .await;
        self.report.check(
            clauses::V2_NOTES_CREATE,
            note.and_then(|_| empty?.expect(422).map(|_| ())),
        );
        let Some(note_id) = note_id else { return };
        let ticket_id = work.id;
        self.expect_event(
            clauses::V2_NOTES_ADDED_ON_ADMIN,
            |e| {
                e.event == "note.added"
                    && e.data
                        .get("message")
                        .and_then(|m| m.get("id"))
                        .and_then(Value::as_i64)
                        == Some(note_id)
            },
            |e| shapes::message_event(&e.data, ticket_id),
        )
        .await;
        self.note_unheard(work, ears, note_id, &body).await;
        match self.customer_token().map(str::to_string) {
            Some(token) if work.own => {
                let detail = self
                    .api
                    .get(&format!("/api/v1/support/tickets/{}", work.id), &token)
                    .await;
                self.report.check(
                    clauses::V2_NOTES_NOT_ON_CUSTOMER_ENDPOINTS,
                    detail.and_then(|a| {
                        a.expect(200)?;
                        let messages = shapes::array(data(&a)?, "messages", "data")?;
                        ensure(!ids(messages).contains(&note_id), || {
                            "the customer's ticket shows the note".into()
                        })
                    }),
                );
            }
            _ => self.report.skip(
                clauses::V2_NOTES_NOT_ON_CUSTOMER_ENDPOINTS,
                "needs --customer",
            ),
        }
    }

    /// A socket signed in as the customer, subscribed to both channels the
    /// seed gives them for this ticket; Err(clause outcome) when there is
    /// none to listen with.
    pub(in crate::checks) async fn customer_ears(
        &mut self,
        work: &Work,
    ) -> Result<Socket, Outcome> {
        let skip = |why: &str| Err(Outcome::Skip(why.into()));
        let Some(target) = self.ws.clone().filter(|_| self.socket.is_some()) else {
            return skip("no subscribed WebSocket");
        };
        let Some(token) = self.customer_token().map(str::to_string) else {
            return skip("needs --customer");
        };
        if !work.own {
            return skip("the customer's own ticket could not be created");
        }
        let fail = |why: String| Outcome::Fail(format!("as the customer: {why}"));
        let mut socket = Socket::connect(&target.url()).await.map_err(fail)?;
        for channel in customer_channels(work) {
            socket
                .subscribe(&self.api, &token, &channel)
                .await
                .map_err(fail)?;
        }
        Ok(socket)
    }

    /// The privacy rule, heard as the customer: after the note, an admin
    /// reply, which the seed sends to both customer channels. Events on a
    /// channel arrive in order, so once the reply is heard on a channel the
    /// note would have been heard before it there.
    async fn note_unheard(
        &mut self,
        work: &Work,
        ears: Result<Socket, Outcome>,
        note_id: i64,
        body: &str,
    ) {
        let silent = [
            clauses::V2_NOTES_NOT_ON_TICKET_CHANNEL,
            clauses::V2_NOTES_NOT_ON_CUSTOMER_CHANNEL,
        ];
        let mut socket = match ears {
            Ok(socket) => socket,
            Err(outcome) => {
                for clause in silent {
                    self.report.record(clause, outcome.clone());
                }
                return;
            }
        };
        let after = self
            .api
            .json(
                Method::POST,
                &self.messages_path(work),
                &self.token,
                json!({ "message": format!("Tras la nota {}", self.marker) }),
            )
            .await
            .and_then(|a| {
                a.expect(201)?;
                shapes::int(data(&a)?, "id", "data")
            });
        for (clause, channel) in silent.into_iter().zip(customer_channels(work)) {
            let result = match &after {
                Err(why) => Err(format!("the reply sent after the note: {why}")),
                Ok(reply_id) => {
                    heard_without(&mut socket, &channel, *reply_id, |e| {
                        message_id(e) == Some(note_id) || e.raw_data.to_string().contains(body)
                    })
                    .await
                }
            };
            self.report.check(clause, result);
        }
    }
}
