//! Contract v3 `merge`: the thread moves in order keeping ids, the source
//! closes with `merged_into`, the refusals, `Idempotency-Key`, the
//! broadcasts, and what the customer sees.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{data, start, Socket, TestServer};
use crate::sla::customer_ticket;
use crate::triage::admin_socket;

const TICKETS: &str = "/api/v1/admin/support/tickets";

async fn merge(
    server: &TestServer,
    admin: &str,
    source: i64,
    into: Value,
    key: Option<&str>,
) -> (u16, Value) {
    let headers: Vec<(&str, &str)> = key.map(|k| ("Idempotency-Key", k)).into_iter().collect();
    server
        .send_json_with(
            Method::POST,
            admin,
            &format!("{TICKETS}/{source}/merge"),
            json!({ "into": into }),
            &headers,
        )
        .await
}

fn ids(messages: &Value) -> Vec<i64> {
    messages
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect()
}

/// The next event called `name` on `channel`.
async fn next_named(socket: &mut Socket, channel: &str, name: &str) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let event = socket
            .next_event_within(left)
            .await
            .unwrap_or_else(|| panic!("no {name} on {channel}"));
        if event["event"] == name && event["channel"] == channel {
            return data(&event);
        }
    }
}

#[tokio::test]
async fn a_merge_moves_the_thread_and_closes_the_source() {
    let server = start("merge", &[]).await;
    let admin = server.admin_token().await;
    let customer = server.customer_token(1).await;
    let (target, _) = customer_ticket(&server, &customer).await;
    let (source, _) = customer_ticket(&server, &customer).await;
    let (status, _) = server
        .post(
            &admin,
            &format!("{TICKETS}/{source}/notes"),
            json!({"body": "Duplicado"}),
        )
        .await;
    assert_eq!(status, 201);
    server
        .post(
            &admin,
            &format!("{TICKETS}/{target}/messages"),
            json!({"message": "Hola"}),
        )
        .await;
    let (_, before) = server.get(&admin, &format!("{TICKETS}/{source}")).await;
    let moved = ids(&before["data"]["messages"]);
    let (_, target_before) = server.get(&admin, &format!("{TICKETS}/{target}")).await;
    let mut expected = ids(&target_before["data"]["messages"]);
    expected.extend(&moved);
    expected.sort();

    let mut inbox = admin_socket(&server, &admin).await;
    let mut thread = server.socket().await;
    let source_channel = format!("private-support.ticket.{source}");
    server
        .subscribe(&mut thread, &customer, &source_channel)
        .await;

    // Refusals first: nothing is written by them.
    let (other_customer, _) = customer_ticket(&server, &server.customer_token(2).await).await;
    for into in [
        json!(source),
        json!(other_customer),
        json!(999_999),
        json!("x"),
    ] {
        let (status, answer) = merge(&server, &admin, source, into.clone(), None).await;
        assert_eq!(status, 422, "{into}: {answer}");
        assert!(answer["errors"]["into"].is_array());
    }

    let (status, answer) = merge(&server, &admin, source, json!(target), Some("m-1")).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["data"]["id"], target);
    assert_eq!(answer["data"]["merged_into"], Value::Null);
    let (_, merged) = server.get(&admin, &format!("{TICKETS}/{target}")).await;
    assert_eq!(ids(&merged["data"]["messages"]), expected);
    let (_, closed) = server.get(&admin, &format!("{TICKETS}/{source}")).await;
    assert_eq!(closed["data"]["status"], "closed");
    assert_eq!(closed["data"]["merged_into"], target);

    let told = next_named(&mut inbox, "private-support.admin", "ticket.merged").await;
    assert_eq!(told, json!({"ticket_id": source, "into": target}));
    let updated = next_named(&mut inbox, "private-support.admin", "ticket.updated").await;
    assert_eq!(updated["ticket"]["id"], target);
    let heard = next_named(&mut thread, &source_channel, "ticket.merged").await;
    assert_eq!(heard["ticket_id"], source);
    let status_changed = next_named(&mut thread, &source_channel, "ticket.status.changed").await;
    assert_eq!(status_changed["status"], "closed");

    // The same key again: the same answer, nothing more broadcast.
    let (status, again) = merge(&server, &admin, source, json!(target), Some("m-1")).await;
    assert_eq!((status, &again), (200, &answer));
    // Into a merged ticket, or a merged ticket elsewhere: refused.
    let (status, _) = merge(&server, &admin, target, json!(source), None).await;
    assert_eq!(status, 422);
    let (third, _) = customer_ticket(&server, &customer).await;
    let (status, _) = merge(&server, &admin, source, json!(third), None).await;
    assert_eq!(status, 422);

    // The merged ticket takes no message and cannot be reopened.
    let (status, refused) = server
        .post(
            &customer,
            &format!("/api/v1/support/tickets/{source}/messages"),
            json!({"message": "¿Y?"}),
        )
        .await;
    assert_eq!(status, 422, "{refused}");
    assert!(
        !refused.to_string().contains(&target.to_string()),
        "{refused}"
    );
    let (status, _) = server
        .post(
            &admin,
            &format!("{TICKETS}/{source}/messages"),
            json!({"message": "¿Y?"}),
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = server
        .send_json(
            Method::PATCH,
            &admin,
            &format!("{TICKETS}/{source}"),
            json!({"status": "open"}),
        )
        .await;
    assert_eq!(status, 422);

    // The customer still lists the source, closed, and never sees merged_into.
    let (_, list) = server
        .get_text(&customer, "/api/v1/support/tickets?per_page=100")
        .await;
    assert!(!list.contains("merged_into") && !list.contains("waiting_since"));
    let (_, mine) = server
        .get(&customer, &format!("/api/v1/support/tickets/{source}"))
        .await;
    assert_eq!(mine["data"]["status"], "closed");
    assert!(mine["data"].get("merged_into").is_none());
}

#[tokio::test]
async fn broken_merges_leak_and_accept_messages() {
    let server = start(
        "merge-broken",
        &[
            "--break",
            "merge-leaks-to-customer",
            "--break",
            "merged-accepts-messages",
        ],
    )
    .await;
    let admin = server.admin_token().await;
    let customer = server.customer_token(1).await;
    let (target, _) = customer_ticket(&server, &customer).await;
    let (source, _) = customer_ticket(&server, &customer).await;
    let (status, _) = merge(&server, &admin, source, json!(target), None).await;
    assert_eq!(status, 200);
    let (_, mine) = server
        .get(&customer, &format!("/api/v1/support/tickets/{source}"))
        .await;
    assert_eq!(mine["data"]["merged_into"], target);
    let (status, _) = server
        .post(
            &customer,
            &format!("/api/v1/support/tickets/{source}/messages"),
            json!({"message": "¿Y?"}),
        )
        .await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn under_v2_there_is_no_merge() {
    let server = start("merge-v2", &["--contract", "v2"]).await;
    let admin = server.admin_token().await;
    let (status, _) = merge(&server, &admin, 1, json!(2), None).await;
    assert_eq!(status, 404);
}
