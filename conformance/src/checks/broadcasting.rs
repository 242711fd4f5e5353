//! Broadcasting auth: who may subscribe to which channel.

use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::{json, Value};
use sha2::Sha256;

use super::{ensure, Run, Work, ADMIN_CHANNEL};
use crate::api::{Answer, Body};
use crate::clauses;
use crate::shapes::{self, Check};

impl Run<'_> {
    /// `POST /broadcasting/auth` as the given token, form-encoded or JSON.
    pub(super) async fn authorize(
        &self,
        token: Option<&str>,
        channel: &str,
        as_json: bool,
    ) -> Result<Answer, String> {
        let socket_id = "1234.5678";
        let body = if as_json {
            Body::Json(json!({ "socket_id": socket_id, "channel_name": channel }))
        } else {
            Body::Form(vec![
                ("socket_id".into(), socket_id.into()),
                ("channel_name".into(), channel.into()),
            ])
        };
        self.api
            .call(Method::POST, "/api/v1/broadcasting/auth", token, &[], body)
            .await
    }

    /// `key:hex-signature`; exactly Pusher's HMAC when the secret is known.
    fn check_auth(&self, auth: &str, channel: &str, channel_data: Option<&str>) -> Check {
        let Some((key, signature)) = auth.split_once(':') else {
            return Err(format!("auth {auth:?} is not key:signature"));
        };
        if let Some(ws) = &self.ws {
            ensure(key == ws.key, || {
                format!("auth is signed for key {key:?}, not {:?}", ws.key)
            })?;
        }
        ensure(
            signature.len() == 64 && signature.bytes().all(|c| c.is_ascii_hexdigit()),
            || format!("signature {signature:?} is not 64 hex digits"),
        )?;
        if let Some(secret) = &self.config.secret {
            let payload = match channel_data {
                Some(data) => format!("1234.5678:{channel}:{data}"),
                None => format!("1234.5678:{channel}"),
            };
            let mut mac =
                Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|e| e.to_string())?;
            mac.update(payload.as_bytes());
            let expected = hex::encode(mac.finalize().into_bytes());
            ensure(signature == expected, || {
                "the signature does not match the app secret".into()
            })?;
        }
        Ok(())
    }

    pub(super) async fn channel_auth(&mut self, work: Option<&Work>) {
        let token = self.token.clone();
        let private = self.authorize(Some(&token), ADMIN_CHANNEL, false).await;
        let result = private.and_then(|a| {
            a.expect(200)?;
            self.check_auth(
                shapes::string(&a.json, "auth", "answer")?,
                ADMIN_CHANNEL,
                None,
            )
        });
        self.report.check(clauses::AUTH_PRIVATE_CHANNEL, result);

        let presence = format!(
            "presence-support.ticket.{}",
            work.map(|w| w.id).unwrap_or(1)
        );
        let answer = self.authorize(Some(&token), &presence, false).await;
        let admin_id = self.admin_id;
        let result = answer.and_then(|a| {
            a.expect(200)?;
            let data = shapes::string(&a.json, "channel_data", "answer")?;
            let parsed: Value = serde_json::from_str(data)
                .map_err(|_| format!("channel_data is not JSON: {data:?}"))?;
            let user_id = parsed.get("user_id").cloned().unwrap_or(Value::Null);
            // A number works with Reverb but sockudo refuses the subscription.
            let same = user_id.as_str() == Some(admin_id.to_string().as_str());
            ensure(same, || {
                format!("channel_data.user_id is {user_id}, not the string \"{admin_id}\"")
            })?;
            shapes::string(
                shapes::object(&parsed, "user_info", "channel_data")?,
                "name",
                "channel_data.user_info",
            )?;
            self.check_auth(
                shapes::string(&a.json, "auth", "answer")?,
                &presence,
                Some(data),
            )
        });
        self.report.check(clauses::AUTH_PRESENCE_CHANNEL, result);

        let json_body = self.authorize(Some(&token), ADMIN_CHANNEL, true).await;
        self.report.check(
            clauses::AUTH_JSON_BODY,
            json_body.and_then(|a| {
                a.expect(200)?;
                shapes::string(&a.json, "auth", "answer").map(|_| ())
            }),
        );
        // Laravel refuses a channel that no rule in routes/channels.php matches.
        let nowhere = self
            .authorize(Some(&token), "private-mesa-conformance.nowhere", false)
            .await;
        self.report.check(
            clauses::AUTH_NO_RULE,
            nowhere.and_then(|a| a.expect(403).map(|_| ())),
        );
        let anonymous = self.authorize(None, ADMIN_CHANNEL, false).await;
        self.report.check(
            clauses::AUTH_UNAUTHENTICATED,
            anonymous.and_then(|a| {
                // The contract allows 403 too for a missing token.
                ensure(a.status == 401 || a.status == 403, || {
                    format!("expected 401, got {a}")
                })
            }),
        );
        match self.customer.as_ref().map(|c| (c.token.clone(), c.id)) {
            None => {
                for clause in [
                    clauses::AUTH_CUSTOMER_ADMIN_CHANNEL,
                    clauses::AUTH_CUSTOMER_OTHER_CHANNEL,
                    clauses::AUTH_CUSTOMER_PRESENCE,
                    clauses::AUTH_CUSTOMER_OTHER_TICKET,
                    clauses::AUTH_CUSTOMER_ADMIN_PRIVATE,
                ] {
                    self.report.skip(clause, "needs --customer");
                }
            }
            Some((token, id)) => {
                self.customer_refusals(&token, id, work).await;
                let admin = self.authorize(Some(&token), ADMIN_CHANNEL, false).await;
                self.report.check(
                    clauses::AUTH_CUSTOMER_ADMIN_CHANNEL,
                    admin.and_then(|a| a.expect(403).map(|_| ())),
                );
                let other = self
                    .authorize(Some(&token), &format!("private-customer.{}", id + 1), false)
                    .await;
                let own = self
                    .authorize(Some(&token), &format!("private-customer.{id}"), false)
                    .await;
                self.report.check(
                    clauses::AUTH_CUSTOMER_OTHER_CHANNEL,
                    other.and_then(|a| {
                        a.expect(403)?;
                        own?.expect(200)
                            .map(|_| ())
                            .map_err(|e| format!("their own channel: {e}"))
                    }),
                );
            }
        }
    }

    /// Channels the seed never gives a customer: the presence channel of
    /// their own ticket (admins only: it carries admin names), another
    /// customer's ticket, and an admin's own channel.
    async fn customer_refusals(&mut self, token: &str, customer_id: i64, work: Option<&Work>) {
        match work.filter(|w| w.own) {
            None => self.report.skip(
                clauses::AUTH_CUSTOMER_PRESENCE,
                "the customer's own ticket could not be created",
            ),
            Some(work) => {
                let channel = format!("presence-support.ticket.{}", work.id);
                self.refused(token, &channel, clauses::AUTH_CUSTOMER_PRESENCE)
                    .await;
            }
        }
        match self.other_customers_ticket(customer_id, "all").await {
            None => self.report.skip(
                clauses::AUTH_CUSTOMER_OTHER_TICKET,
                "no other customer's ticket to try",
            ),
            Some(other) => {
                let channel = format!("private-support.ticket.{other}");
                self.refused(token, &channel, clauses::AUTH_CUSTOMER_OTHER_TICKET)
                    .await;
            }
        }
        let channel = format!("private-admin.{}", self.admin_id);
        self.refused(token, &channel, clauses::AUTH_CUSTOMER_ADMIN_PRIVATE)
            .await;
    }

    /// `clause` passes when `token` is refused `channel` with a 403.
    pub(super) async fn refused(&mut self, token: &str, channel: &str, clause: &str) {
        let answer = self.authorize(Some(token), channel, false).await;
        self.report.check(
            clause,
            answer.and_then(|a| {
                a.expect(403)
                    .map(|_| ())
                    .map_err(|e| format!("{channel}: {e}"))
            }),
        );
    }
}
