//! `--broadcast-to`: every broadcast goes to an external Pusher server's
//! HTTP API, signed as Laravel's Pusher library signs it. A tiny fake Pusher
//! endpoint in the test records what arrives.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::common::start;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use devserver::pusher::signature::{channel_auth, verify};
use md5::{Digest, Md5};
use serde_json::{json, Value};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

const KEY: &str = "ext-key";
const SECRET: &str = "ext-secret";
const APP: &str = "ext-app";

/// One request as the fake Pusher server received it.
#[derive(Debug)]
struct Received {
    app_id: String,
    query: String,
    body: Bytes,
}

impl Received {
    fn params(&self) -> BTreeMap<String, String> {
        self.query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Checks the request the way a Pusher server does, then returns the body.
    fn verified_body(&self) -> Value {
        assert_eq!(self.app_id, APP);
        let params = self.params();
        assert_eq!(params["auth_key"], KEY);
        assert_eq!(params["auth_version"], "1.0");
        assert_eq!(params["body_md5"], hex::encode(Md5::digest(&self.body)));
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let timestamp: i64 = params["auth_timestamp"].parse().unwrap();
        assert!((now - timestamp).abs() < 60, "auth_timestamp {timestamp}");
        let signed = params
            .iter()
            .filter(|(k, _)| k.as_str() != "auth_signature")
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        assert!(
            verify(
                SECRET,
                &format!("POST\n/apps/{APP}/events\n{signed}"),
                &params["auth_signature"]
            ),
            "signature of {}",
            self.query
        );
        serde_json::from_slice(&self.body).unwrap()
    }
}

struct FakePusher {
    port: u16,
    received: UnboundedReceiver<Received>,
}

impl FakePusher {
    /// Answers 200 `{}`, or 500 for a trigger whose data holds "FAIL-ME".
    async fn start() -> FakePusher {
        async fn events(
            State(tx): State<UnboundedSender<Received>>,
            Path(app_id): Path<String>,
            RawQuery(query): RawQuery,
            body: Bytes,
        ) -> (StatusCode, &'static str) {
            let fail = String::from_utf8_lossy(&body).contains("FAIL-ME");
            let _ = tx.send(Received {
                app_id,
                query: query.unwrap_or_default(),
                body,
            });
            if fail {
                (StatusCode::INTERNAL_SERVER_ERROR, "{\"error\":\"boom\"}")
            } else {
                (StatusCode::OK, "{}")
            }
        }
        let (tx, received) = unbounded_channel();
        let app = Router::new()
            .route("/apps/{app_id}/events", post(events))
            .with_state(tx);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakePusher { port, received }
    }

    fn url(&self) -> String {
        format!("http://{KEY}:{SECRET}@127.0.0.1:{}/apps/{APP}", self.port)
    }

    /// The next trigger, verified; fails after 5 s.
    async fn next(&mut self) -> Value {
        let received = tokio::time::timeout(Duration::from_secs(5), self.received.recv())
            .await
            .expect("a trigger within 5 s")
            .expect("the fake server is running");
        received.verified_body()
    }
}

fn data(body: &Value) -> Value {
    serde_json::from_str(body["data"].as_str().expect("data is a JSON string")).unwrap()
}

fn channels(body: &Value) -> Vec<&str> {
    body["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn every_broadcast_is_a_signed_trigger_on_the_external_server() {
    let mut pusher = FakePusher::start().await;
    let url = pusher.url();
    let server = start("broadcast-to", &["--broadcast-to", &url]).await;
    let admin = server.admin_token().await;

    let (_, list) = server
        .get(
            &admin,
            "/api/v1/admin/support/tickets?status=open&per_page=1",
        )
        .await;
    let ticket = list["data"][0].clone();
    let id = ticket["id"].as_i64().unwrap();
    let customer_id = ticket["customer"]["id"].as_i64().unwrap();

    // An admin's reply with X-Socket-ID: ticket, customer and admin channels, toOthers().
    let reply = server
        .http
        .post(server.url(&format!("/api/v1/admin/support/tickets/{id}/messages")))
        .bearer_auth(&admin)
        .header("X-Socket-ID", "1234.5678")
        .json(&json!({ "message": "Hola desde la mesa" }))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 201);
    let reply: Value = reply.json().await.unwrap();
    // The seed's channels get the seed's payload; the admin channel (v3)
    // its own copy, with the ticket's summary.
    let body = pusher.next().await;
    assert_eq!(body["name"], "message.sent");
    assert_eq!(
        channels(&body),
        [
            format!("private-support.ticket.{id}"),
            format!("private-customer.{customer_id}"),
        ]
    );
    assert_eq!(body["socket_id"], "1234.5678");
    let payload = data(&body);
    assert_eq!(payload["ticket_id"], id);
    assert_eq!(payload["message"]["id"], reply["data"]["id"]);
    assert_eq!(payload["message"]["message"], "Hola desde la mesa");
    assert!(payload.get("ticket").is_none(), "{payload}");
    let admins = pusher.next().await;
    assert_eq!(channels(&admins), ["private-support.admin".to_string()]);
    assert_eq!(admins["socket_id"], "1234.5678");
    assert_eq!(data(&admins)["message"], payload["message"]);
    assert_eq!(data(&admins)["ticket"]["id"], id);

    // The customer's message, without X-Socket-ID: no socket_id at all.
    let email = ticket["customer"]["email"].as_str().unwrap();
    let customer = server.login("/api/v1/auth/login", email).await;
    let (status, _) = server
        .post(
            &customer,
            &format!("/api/v1/support/tickets/{id}/messages"),
            json!({ "message": "Gracias" }),
        )
        .await;
    assert_eq!(status, 201);
    let body = pusher.next().await;
    assert_eq!(body["name"], "message.sent");
    assert_eq!(channels(&body), [format!("private-support.ticket.{id}")]);
    assert!(body.get("socket_id").is_none(), "{body}");
    assert_eq!(data(&body)["message"]["is_from_admin"], false);
    let admins = pusher.next().await;
    assert_eq!(channels(&admins), ["private-support.admin".to_string()]);
    assert!(admins.get("socket_id").is_none(), "{admins}");

    // Close then reopen: two status changes, in that order. A malformed
    // X-Socket-ID is dropped rather than making Pusher refuse the event.
    for (status, socket) in [("closed", "99.1"), ("open", "not-a-socket")] {
        let answer = server
            .http
            .patch(server.url(&format!("/api/v1/admin/support/tickets/{id}")))
            .bearer_auth(&admin)
            .header("X-Socket-ID", socket)
            .json(&json!({ "status": status }))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
    }
    let closed = pusher.next().await;
    assert_eq!(closed["name"], "ticket.status.changed");
    assert_eq!(
        channels(&closed),
        [
            format!("private-support.ticket.{id}"),
            "private-support.admin".to_string()
        ]
    );
    assert_eq!(closed["socket_id"], "99.1");
    assert_eq!(data(&closed)["status"], "closed");
    assert_eq!(data(&closed)["ticket_id"], id);
    let reopened = pusher.next().await;
    assert_eq!(data(&reopened)["status"], "open");
    assert!(reopened.get("socket_id").is_none(), "{reopened}");
    // Reopened with the customer's "Gracias" unanswered: the clock runs
    // again, which only ticket.updated says (v3).
    let clock = pusher.next().await;
    assert_eq!(clock["name"], "ticket.updated");
    assert!(data(&clock)["ticket"]["waiting_since"].is_string());

    // A new ticket: ticket.created on the admin channel only.
    let (status, created) = server
        .post(
            &customer,
            "/api/v1/support/tickets",
            json!({ "reason_id": 1, "subject": "Nuevo", "message": "Otra consulta" }),
        )
        .await;
    assert_eq!(status, 201);
    let body = pusher.next().await;
    assert_eq!(body["name"], "ticket.created");
    assert_eq!(channels(&body), ["private-support.admin"]);
    assert_eq!(data(&body)["ticket"]["id"], created["data"]["id"]);
}

#[tokio::test]
async fn order_is_kept_and_a_refused_trigger_does_not_stop_the_queue() {
    let mut pusher = FakePusher::start().await;
    let url = pusher.url();
    let server = start("broadcast-order", &["--broadcast-to", &url]).await;
    let admin = server.admin_token().await;
    let (_, list) = server
        .get(
            &admin,
            "/api/v1/admin/support/tickets?status=open&per_page=1",
        )
        .await;
    let id = list["data"][0]["id"].as_i64().unwrap();
    let texts = ["uno", "FAIL-ME", "dos", "tres", "cuatro", "cinco"];
    for text in texts {
        let (status, _) = server
            .post(
                &admin,
                &format!("/api/v1/admin/support/tickets/{id}/messages"),
                json!({ "message": text }),
            )
            .await;
        assert_eq!(status, 201);
    }
    // Each reply is two triggers (the seed's channels, then the admins'
    // copy with the ticket), in the order written.
    for text in texts {
        for _copy in 0..2 {
            assert_eq!(data(&pusher.next().await)["message"]["message"], text);
        }
    }
}

#[tokio::test]
async fn channel_auth_and_the_panel_config_follow_the_external_server() {
    let pusher = FakePusher::start().await;
    let url = pusher.url();
    let server = start("broadcast-auth", &["--broadcast-to", &url]).await;
    let admin = server.admin_token().await;
    let answer: Value = server
        .http
        .post(server.url("/api/v1/broadcasting/auth"))
        .bearer_auth(&admin)
        .form(&[
            ("socket_id", "123.456"),
            ("channel_name", "private-support.admin"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        answer["auth"],
        channel_auth(KEY, SECRET, "123.456", "private-support.admin", None)
    );
    let config: Value = server
        .http
        .get(server.url("/config.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(config["reverb_app_key"], KEY);
    assert_eq!(config["ws_host"], "127.0.0.1");
    assert_eq!(config["ws_port"], pusher.port);
    assert_eq!(config["ws_scheme"], "ws");
}
