//! v2 `mentions`: mention.created, and private-admin.{id} for that admin only.

use reqwest::Method;
use serde_json::{json, Value};

use crate::api::Body;
use crate::checks::{data, ensure, Run, Work, ADMIN, TICKETS};
use crate::clauses;
use crate::shapes::{self, Check};

impl Run<'_> {
    pub(super) async fn mentions(&mut self, work: &Work) {
        let me = self.admin_id;
        let token = self.token.clone();
        self.admin_channel_is_private().await;
        let channel = format!("private-admin.{me}");
        // None: no socket to subscribe with, which is not the backend's doing.
        let subscribed = match self.socket.as_mut() {
            Some(socket) => Some(socket.subscribe(&self.api, &token, &channel).await),
            None => None,
        };
        let path = format!("{TICKETS}/{}/notes", work.id);
        let note = self
            .api
            .json(
                Method::POST,
                &path,
                &token,
                json!({ "body": "Mención", "mentions": [me] }),
            )
            .await;
        let note_id = note.and_then(|a| {
            a.expect(201)?;
            shapes::int(data(&a)?, "id", "data")
        });
        let note_id = match note_id {
            Ok(id) => id,
            Err(why) => {
                self.report.check(clauses::V2_MENTION_CREATED, Err(why));
                return;
            }
        };
        match subscribed {
            None => {
                self.report
                    .skip(clauses::V2_MENTION_CREATED, "no subscribed WebSocket");
                return;
            }
            // The backend announces mentions: its admin may not be refused
            // the channel they arrive on.
            Some(Err(why)) => {
                self.report.check(
                    clauses::V2_MENTION_CREATED,
                    Err(format!("mentions are announced, but {why}")),
                );
                return;
            }
            Some(Ok(())) => {}
        }
        let ticket_id = work.id;
        self.expect_event(
            clauses::V2_MENTION_CREATED,
            |e| e.event == "mention.created" && e.channel == channel,
            |e| {
                let id = shapes::int(&e.data, "ticket_id", "data")?;
                ensure(id == ticket_id, || format!("ticket_id {id}"))?;
                let m = shapes::object(&e.data, "message", "data")?;
                ensure(m.get("id").and_then(Value::as_i64) == Some(note_id), || {
                    "another message".into()
                })?;
                let by = shapes::object(&e.data, "by", "data")?;
                shapes::int(by, "id", "data.by")?;
                shapes::string(by, "name", "data.by").map(|_| ())
            },
        )
        .await;
    }

    /// `private-admin.{id}` lets its admin in and keeps another admin out:
    /// only a second signed-in admin can show the latter, since the backend
    /// tells admins apart by token.
    async fn admin_channel_is_private(&mut self) {
        let clause = clauses::V2_MENTIONS_ADMIN_CHANNEL;
        let me = self.admin_id;
        let token = self.token.clone();
        let own = self
            .authorize(Some(&token), &format!("private-admin.{me}"), false)
            .await
            .and_then(|a| {
                a.expect(200)
                    .map(|_| ())
                    .map_err(|e| format!("their own channel: {e}"))
            });
        if let Err(why) = own {
            self.report.check(clause, Err(why));
            return;
        }
        let Some((email, password)) = self.config.admin2.clone() else {
            self.report.skip(
                clause,
                "needs --admin2 and --admin2-password: a second admin to be refused this one's channel",
            );
            return;
        };
        let result = self.second_admin_refused(&email, &password).await;
        self.report.check(clause, result);
    }

    /// Signs in the second admin; each is refused the other's channel.
    async fn second_admin_refused(&self, email: &str, password: &str) -> Check {
        let answer = self
            .api
            .call(
                Method::POST,
                &format!("{ADMIN}/auth/login"),
                None,
                &[],
                Body::Json(json!({ "email": email, "password": password })),
            )
            .await
            .map_err(|e| format!("--admin2 sign-in: {e}"))?;
        answer
            .expect(200)
            .map_err(|e| format!("--admin2 sign-in: {e}"))?;
        let token2 = shapes::string(&answer.json, "token", "answer")?;
        let admin2 = shapes::object(&answer.json, "admin", "answer")?;
        let id2 = shapes::int(admin2, "id", "admin")?;
        let me = self.admin_id;
        ensure(id2 != me, || format!("--admin2 {email} is admin {me} too"))?;
        for (token, id, channel) in [
            (token2, id2, format!("private-admin.{me}")),
            (self.token.as_str(), me, format!("private-admin.{id2}")),
        ] {
            self.authorize(Some(token), &channel, false)
                .await?
                .expect(403)
                .map_err(|e| format!("admin {id} asked for {channel}: {e}"))?;
        }
        Ok(())
    }
}
