//! The fixtures `cargo xtask bench` builds on: `/__dev/bench/thread` and
//! `/__dev/bench/messages`.

use std::collections::BTreeSet;

use crate::common::{self, data, start, start_with, temp_dir, TestServer};
use devserver::cli::Options;
use devserver::pusher::signature::signed_trigger_query;
use serde_json::{json, Value};

async fn dev_post(server: &TestServer, path: &str, body: Value) -> (u16, Value) {
    let response = server
        .http
        .post(server.url(path))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Every message of a ticket, oldest first, the way the panel pages back.
async fn whole_thread(server: &TestServer, token: &str, ticket: i64) -> Vec<Value> {
    let (status, detail) = server
        .get(token, &format!("/api/v1/admin/support/tickets/{ticket}"))
        .await;
    assert_eq!(status, 200);
    let mut messages = detail["data"]["messages"].as_array().unwrap().clone();
    let mut more = detail["data"]["has_more_messages"] == true;
    while more {
        let oldest = messages[0]["id"].as_i64().unwrap();
        let (_, page) = server
            .get(
                token,
                &format!(
                    "/api/v1/admin/support/tickets/{ticket}/messages?before_id={oldest}&limit=100"
                ),
            )
            .await;
        let mut older = page["data"].as_array().unwrap().clone();
        more = page["meta"]["has_more"] == true;
        older.append(&mut messages);
        messages = older;
    }
    messages
}

/// Unix milliseconds of the contract's `2024-01-25T10:30:00.000Z`.
fn millis(iso: &Value) -> i64 {
    let text = iso.as_str().unwrap();
    let number = |range: std::ops::Range<usize>| text[range].parse::<i64>().unwrap();
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    // Days from civil (Howard Hinnant), the inverse of the server's own.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = number(11..13) * 3600 + number(14..16) * 60 + number(17..19);
    (days * 86_400 + seconds) * 1000 + number(20..23)
}

#[test]
fn millis_reads_the_contracts_timestamps() {
    assert_eq!(millis(&json!("1970-01-01T00:00:00.000Z")), 0);
    assert_eq!(
        millis(&json!("2024-01-25T10:30:00.000Z")),
        1_706_178_600_000
    );
    assert_eq!(millis(&json!("2000-02-29T00:00:00.123Z")), 951_782_400_123);
}

#[tokio::test]
async fn a_bench_thread_is_written_with_its_messages_over_several_days() {
    let server = start("bench-thread", &[]).await;
    let token = server.admin_token().await;
    let (status, made) = dev_post(&server, "/__dev/bench/thread", json!({"messages": 2000})).await;
    assert_eq!(status, 200, "{made}");
    assert_eq!(made["messages"], 2000);
    let ticket = made["ticket_id"].as_i64().unwrap();

    let messages = whole_thread(&server, &token, ticket).await;
    assert_eq!(messages.len(), 2000);
    assert_eq!(
        messages.last().unwrap()["id"].as_i64(),
        made["newest_message_id"].as_i64()
    );
    let customers = messages
        .iter()
        .filter(|m| m["sender"]["type"] == "customer")
        .count();
    assert!(customers > 1200, "mostly the customer's: {customers}");
    let texts: BTreeSet<&str> = messages
        .iter()
        .map(|m| m["message"].as_str().unwrap())
        .collect();
    assert!(texts.len() >= 10, "varied texts: {texts:?}");
    let first = millis(&messages[0]["created_at"]);
    let last = millis(&messages.last().unwrap()["created_at"]);
    assert!(
        last - first > 3 * 86_400_000,
        "spans several days: {first}..{last}"
    );
    assert!(messages
        .windows(2)
        .all(|w| millis(&w[0]["created_at"]) <= millis(&w[1]["created_at"])));

    // Open and the newest activity: the top of the inbox.
    let (_, inbox) = server
        .get(&token, "/api/v1/admin/support/tickets?per_page=1")
        .await;
    assert_eq!(inbox["data"][0]["id"], ticket);
    assert_eq!(inbox["data"][0]["status"], "open");
    assert_eq!(inbox["data"][0]["customer"]["id"], made["customer_id"]);
}

#[tokio::test]
async fn bench_messages_are_stored_and_answered_as_the_broadcasts_a_customer_makes() {
    let server = start("bench-messages", &[]).await;
    let token = server.admin_token().await;
    let (_, made) = dev_post(&server, "/__dev/bench/thread", json!({"messages": 50})).await;
    let ticket = made["ticket_id"].as_i64().unwrap();
    let newest = made["newest_message_id"].as_i64().unwrap();
    let channel = format!("private-support.ticket.{ticket}");
    let mut socket = server.socket().await;
    server.subscribe(&mut socket, &token, &channel).await;

    let (status, batch) = dev_post(
        &server,
        "/__dev/bench/messages",
        json!({"ticket_id": ticket, "count": 3}),
    )
    .await;
    assert_eq!(status, 200, "{batch}");
    assert_eq!(batch["event"], "message.sent");
    assert_eq!(
        batch["channels"],
        json!([channel, "private-support.admin"]),
        "a customer's message: the ticket and the admins"
    );
    let payloads = batch["payloads"].as_array().unwrap();
    assert_eq!(payloads.len(), 3);
    for payload in payloads {
        assert_eq!(payload["ticket_id"], ticket);
        let message = &payload["message"];
        assert!(message["id"].as_i64().unwrap() > newest);
        assert_eq!(message["is_from_admin"], false);
        assert_eq!(message["sender"]["type"], "customer");
        assert_eq!(message["type"], "reply");
        assert!(message["message"].as_str().is_some_and(|t| !t.is_empty()));
        assert_eq!(message["attachments"], json!([]));
        assert!(message["created_at"].as_str().unwrap().ends_with('Z'));
    }
    // Stored, not broadcast: the benchmark sends the frames.
    socket.assert_silent().await;
    let (_, after) = server
        .get(
            &token,
            &format!("/api/v1/admin/support/tickets/{ticket}/messages?after_id={newest}"),
        )
        .await;
    let stored: Vec<&Value> = after["data"].as_array().unwrap().iter().collect();
    assert_eq!(stored.len(), 3);
    assert_eq!(stored[0], &payloads[0]["message"]);

    // Through the Pusher HTTP API, the payload arrives as the server's own would.
    let body = json!({
        "name": "message.sent",
        "channels": batch["channels"],
        "data": payloads[0].to_string(),
    })
    .to_string();
    let now = devserver::clock::now_millis() / 1000;
    let query = signed_trigger_query("mesa", "mesa-key", "mesa-secret", body.as_bytes(), now);
    let response = server
        .http
        .post(server.url(&format!("/apps/mesa/events?{query}")))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let event = socket.next_event().await;
    assert_eq!(event["event"], "message.sent");
    assert_eq!(event["channel"], channel);
    assert_eq!(data(&event), payloads[0]);
}

#[tokio::test]
async fn bench_fixtures_check_what_they_are_asked() {
    let server = start("bench-checks", &[]).await;
    for (path, body) in [
        ("/__dev/bench/thread", json!({"messages": 0})),
        ("/__dev/bench/thread", json!({"messages": 20_001})),
        ("/__dev/bench/messages", json!({"ticket_id": 1, "count": 0})),
    ] {
        let (status, answer) = dev_post(&server, path, body.clone()).await;
        assert_eq!(status, 422, "{path} {body}: {answer}");
        assert!(answer["errors"].is_object());
    }
    let (status, _) = dev_post(
        &server,
        "/__dev/bench/messages",
        json!({"ticket_id": 999_999, "count": 1}),
    )
    .await;
    assert_eq!(status, 404);
    let form = server
        .http
        .post(server.url("/__dev/bench/thread"))
        .form(&[("messages", "10")])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 415);

    // An empty desk has nobody to write as.
    let dir = temp_dir("bench-empty");
    let empty = start_with(dir.clone(), common::options(&dir, &["--seed", "none"])).await;
    let (status, answer) = dev_post(&empty, "/__dev/bench/thread", json!({"messages": 5})).await;
    assert_eq!(status, 422);
    assert!(answer["message"].as_str().unwrap().contains("--seed"));
}

#[tokio::test]
async fn bench_fixtures_exist_only_with_dev_faults() {
    let dir = temp_dir("bench-off");
    let options = Options::from_args(
        [
            "--addr",
            "127.0.0.1:0",
            "--db",
            ":memory:",
            "--seed",
            "demo",
            "--static-dir",
            &dir.join("dist").display().to_string(),
            "--uploads",
            &dir.join("uploads").display().to_string(),
        ]
        .map(String::from),
    )
    .unwrap();
    let server = start_with(dir, options).await;
    let token = server.admin_token().await;
    let (status, _) = dev_post(&server, "/__dev/bench/thread", json!({"messages": 5})).await;
    assert_ne!(status, 200);
    let (_, inbox) = server
        .get(
            &token,
            "/api/v1/admin/support/tickets?status=all&per_page=1",
        )
        .await;
    assert_eq!(inbox["meta"]["total"], 200, "no ticket was made");
}
