//! v3 `mentions_list`: mentions that last until read, each admin's own.

use reqwest::Method;
use serde_json::{json, Value};

use crate::api::{Answer, Body};
use crate::checks::{data, ensure, Run, Work, TICKETS};
use crate::clauses;
use crate::shapes::{self, Check};

const MENTIONS: &str = "/api/v1/admin/mentions";

/// One listed mention as the contract writes it.
fn mention(m: &Value, context: &str) -> Check {
    shapes::int(m, "id", context)?;
    shapes::int(m, "ticket_id", context)?;
    let message = shapes::object(m, "message", context)?;
    shapes::int(message, "id", &format!("{context}.message"))?;
    let by = shapes::object(m, "by", context)?;
    shapes::int(by, "id", &format!("{context}.by"))?;
    shapes::string(by, "name", &format!("{context}.by"))?;
    shapes::timestamp(m, "created_at", context)?;
    match m.get("read_at") {
        Some(Value::Null) => Ok(()),
        Some(_) => shapes::timestamp(m, "read_at", context),
        None => Err(format!("{context}.read_at is missing")),
    }
}

impl Run<'_> {
    pub(super) async fn mentions_list(&mut self, work: &Work) {
        let own = self.own_mention_listed(work).await;
        self.report.check(clauses::V3_MENTIONS_LIST_EVENT_ID, own);
        match self.config.admin2.clone() {
            Some((email, password)) => {
                let (away, others) = self.mention_while_away(work, &email, &password).await;
                self.report.check(clauses::V3_MENTIONS_LIST_AWAY, away);
                self.report.check(clauses::V3_MENTIONS_LIST_OWN, others);
            }
            None => {
                let why = "needs --admin2 and --admin2-password: a second admin to mention";
                self.report.skip(clauses::V3_MENTIONS_LIST_AWAY, why);
                self.report.skip(clauses::V3_MENTIONS_LIST_OWN, why);
            }
        }
    }

    async fn note(&self, work: &Work, body: &str, mentioned: i64) -> Result<i64, String> {
        let answer = self
            .api
            .json(
                Method::POST,
                &format!("{TICKETS}/{}/notes", work.id),
                &self.token,
                json!({ "body": body, "mentions": [mentioned] }),
            )
            .await?;
        answer.expect(201).map_err(|e| format!("the note: {e}"))?;
        shapes::int(data(&answer)?, "id", "data")
    }

    /// The mentions `token` lists, checked in shape, newest first.
    async fn mentions_of(&self, token: &str, query: &str) -> Result<Vec<Value>, String> {
        let answer: Answer = self.api.get(&format!("{MENTIONS}?{query}"), token).await?;
        answer.expect(200)?;
        let page = shapes::page(&answer.json)?;
        for (i, m) in page.rows.iter().enumerate() {
            mention(m, &format!("data[{i}]"))?;
        }
        let ids: Vec<i64> = page.rows.iter().filter_map(|m| m["id"].as_i64()).collect();
        ensure(ids.windows(2).all(|w| w[0] > w[1]), || {
            format!("not newest first: ids {ids:?}")
        })?;
        Ok(page.rows)
    }

    /// This admin mentions themselves, listening on their own channel:
    /// `mention.created`'s `id` is the one their list shows.
    async fn own_mention_listed(&mut self, work: &Work) -> Check {
        let me = self.admin_id;
        let token = self.token.clone();
        let channel = format!("private-admin.{me}");
        let heard = match self.socket.as_mut() {
            Some(socket) => Some(socket.subscribe(&self.api, &token, &channel).await),
            None => None,
        };
        let note_id = self
            .note(work, &format!("Nota para mí {}", self.marker), me)
            .await?;
        let listed = self.mentions_of(&token, "unread=1").await?;
        let mine = listed
            .iter()
            .find(|m| m["message"]["id"].as_i64() == Some(note_id))
            .ok_or("the mention is not in GET mentions?unread=1")?;
        let id = mine["id"].as_i64();
        let read = self.mark_read(&token, id.unwrap_or(0)).await?;
        ensure(read == 204, || {
            format!("marking it read: expected 204, got {read}")
        })?;
        match (heard, self.socket.as_mut()) {
            (Some(Ok(())), Some(socket)) => {
                let event = socket
                    .wait_for(crate::ws::EVENT_WAIT, |e| {
                        e.event == "mention.created"
                            && e.channel == channel
                            && e.data["message"]["id"].as_i64() == Some(note_id)
                    })
                    .await?
                    .ok_or("no mention.created within 5 s")?;
                ensure(event.data.get("id").and_then(Value::as_i64) == id, || {
                    format!(
                        "mention.created's id is {}, the list's {id:?}",
                        event.data["id"]
                    )
                })
            }
            (Some(Err(why)), _) => Err(format!("subscribing to {channel}: {why}")),
            // No socket: the list alone is checked.
            _ => Ok(()),
        }
    }

    async fn mark_read(&self, token: &str, id: i64) -> Result<u16, String> {
        let path = format!("{MENTIONS}/{id}/read");
        let answer = self
            .api
            .call(Method::POST, &path, Some(token), &[], Body::None)
            .await?;
        Ok(answer.status)
    }

    /// The second admin, not connected anywhere, is mentioned; on signing in
    /// they find it unread and mark it read. This admin neither lists it
    /// nor may mark it.
    async fn mention_while_away(&self, work: &Work, email: &str, password: &str) -> (Check, Check) {
        let setup = async {
            let other = self.sign_in_admin2(email, password).await?;
            let me_answer = self.api.get("/api/v1/admin/auth/me", &other).await?;
            let other_id = shapes::int(data(&me_answer)?, "id", "data")?;
            let note_id = self
                .note(work, &format!("Mención {}", self.marker), other_id)
                .await?;
            Ok::<_, String>((other, note_id))
        };
        let (other, note_id) = match setup.await {
            Ok(found) => found,
            Err(why) => return (Err(why.clone()), Err(why)),
        };
        let unread = self.mentions_of(&other, "unread=1").await;
        let found = unread.and_then(|rows| {
            rows.into_iter()
                .find(|m| m["message"]["id"].as_i64() == Some(note_id))
                .ok_or_else(|| "the second admin's unread mentions do not list it".to_string())
        });
        let mention = match found {
            Ok(m) => m,
            Err(why) => return (Err(why), Err("the mention was not listed".into())),
        };
        let id = mention["id"].as_i64().unwrap_or(0);
        let others = async {
            let mine = self.mentions_of(&self.token, "").await?;
            ensure(!mine.iter().any(|m| m["id"].as_i64() == Some(id)), || {
                "this admin's list shows the second admin's mention".into()
            })?;
            let status = self.mark_read(&self.token, id).await?;
            ensure(status == 404, || {
                format!("marking another admin's mention: expected 404, got {status}")
            })
        }
        .await;
        let away = async {
            ensure(mention["by"]["id"].as_i64() == Some(self.admin_id), || {
                format!("by.id is {}, not the note's author", mention["by"]["id"])
            })?;
            ensure(mention["read_at"].is_null(), || {
                "read_at is set before reading".into()
            })?;
            let status = self.mark_read(&other, id).await?;
            ensure(status == 204, || {
                format!("marking it read: expected 204, got {status}")
            })?;
            let unread = self.mentions_of(&other, "unread=1").await?;
            ensure(!unread.iter().any(|m| m["id"].as_i64() == Some(id)), || {
                "read, still listed with unread=1".into()
            })
        }
        .await;
        (away, others)
    }
}
