//! Contract v3 as a whole: what `--contract v3` (the default) announces,
//! what `--contract v2` hides, lasting mentions, and that no customer ever
//! sees triage.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{data, start, TestServer};
use crate::triage::{admin_socket, in_ms, listed};

const TICKETS: &str = "/api/v1/admin/support/tickets";
/// Keys no customer endpoint or channel may carry.
const ADMIN_ONLY: [&str; 6] = [
    "priority",
    "tags",
    "snoozed_until",
    "waiting_since",
    "response_due_at",
    "merged_into",
];

#[tokio::test]
async fn v3_announces_what_it_builds_and_nothing_more() {
    let server = start("capabilities-v3", &[]).await;
    let admin = server.admin_token().await;
    let (status, body) = server.get(&admin, "/api/v1/admin/capabilities").await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"data": {"notes": true, "canned_replies": true, "customers": true,
                        "bulk": true, "idempotency": true, "mentions": true,
                        "priority": true, "tags": true, "snooze": true, "sla": true,
                        "views": true, "merge": true, "mentions_list": true,
                        "viewers": true}})
    );
}

#[tokio::test]
async fn contract_v2_hides_every_part_of_v3() {
    let server = start("contract-v2-no-v3", &["--contract", "v2"]).await;
    let admin = server.admin_token().await;
    let not_found = json!({"message": "Not Found"});
    for (method, path) in [
        (Method::GET, "/api/v1/admin/support/tags"),
        (Method::GET, "/api/v1/admin/views"),
        (Method::POST, "/api/v1/admin/views"),
        (Method::GET, "/api/v1/admin/views/counts"),
        (Method::PATCH, "/api/v1/admin/views/1"),
        (Method::GET, "/api/v1/admin/mentions"),
        (Method::POST, "/api/v1/admin/mentions/1/read"),
        (Method::PUT, "/api/v1/admin/support/tickets/3/viewing"),
        (Method::GET, "/api/v1/admin/support/viewers"),
    ] {
        let (status, answer) = server
            .send_json(method.clone(), &admin, path, json!({}))
            .await;
        assert_eq!((status, &answer), (404, &not_found), "{method} {path}");
    }
    let (_, page) = server.get(&admin, TICKETS).await;
    let (_, detail) = server.get(&admin, &format!("{TICKETS}/3")).await;
    for summary in [&page["data"][0], &detail["data"]] {
        for key in ADMIN_ONLY {
            assert!(summary.get(key).is_none(), "{key} in {summary}");
        }
    }
    let (_, all) = listed(&server, &admin, "").await;
    for query in [
        "priority=urgent",
        "tag=vip",
        "snoozed=only",
        "priority=asap",
    ] {
        assert_eq!(
            listed(&server, &admin, query).await.1,
            all,
            "{query} ignored"
        );
    }
    // v3 fields alone are no change; no ticket.updated is ever sent.
    let mut inbox = admin_socket(&server, &admin).await;
    let (status, _) = server
        .send_json(
            Method::PATCH,
            &admin,
            &format!("{TICKETS}/3"),
            json!({"priority": "urgent"}),
        )
        .await;
    assert_eq!(status, 422);
    inbox.assert_silent().await;
}

/// Every key of `value`, at any depth.
fn keys(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            for (key, inner) in fields {
                found.push(key.clone());
                keys(inner, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| keys(i, found)),
        _ => {}
    }
}

fn admin_only_keys(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    keys(value, &mut found);
    found.retain(|k| ADMIN_ONLY.contains(&k.as_str()));
    found
}

/// A ticket with triage set, and what its customer sees of it.
async fn customer_view(server: &TestServer) -> Vec<Value> {
    let admin = server.admin_token().await;
    server
        .send_json(
            Method::PATCH,
            &admin,
            &format!("{TICKETS}/3"),
            json!({"status": "open"}),
        )
        .await;
    let (status, _) = server
        .send_json(
            Method::PATCH,
            &admin,
            &format!("{TICKETS}/3"),
            json!({"priority": "urgent", "tags": ["vip"], "snoozed_until": in_ms(3_600_000)}),
        )
        .await;
    assert_eq!(status, 200);
    let (_, detail) = server.get(&admin, &format!("{TICKETS}/3")).await;
    let email = detail["data"]["customer"]["email"].as_str().unwrap();
    let customer = server.login("/api/v1/auth/login", email).await;
    let customer_id = detail["data"]["customer"]["id"].as_i64().unwrap();
    let mut socket = server.socket().await;
    server
        .subscribe(
            &mut socket,
            &customer,
            &format!("private-customer.{customer_id}"),
        )
        .await;
    server
        .subscribe(&mut socket, &customer, "private-support.ticket.3")
        .await;
    let (_, list) = server.get(&customer, "/api/v1/support/tickets").await;
    let (_, mine) = server.get(&customer, "/api/v1/support/tickets/3").await;
    assert!(
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == 3),
        "a snoozed ticket is still the customer's"
    );
    let (_, created) = server
        .post(
            &customer,
            "/api/v1/support/tickets",
            json!({"reason_id": 1, "message": "Otra"}),
        )
        .await;
    // The admin's reply and close reach the customer's channels.
    server
        .post(
            &admin,
            &format!("{TICKETS}/3/messages"),
            json!({"message": "Hola"}),
        )
        .await;
    server
        .send_json(
            Method::PATCH,
            &admin,
            &format!("{TICKETS}/3"),
            json!({"status": "closed"}),
        )
        .await;
    let mut seen = vec![list, mine, created];
    while let Some(event) = socket.next_event_within(Duration::from_millis(500)).await {
        seen.push(data(&event));
    }
    assert!(
        seen.len() >= 5,
        "the reply and the close were heard: {seen:?}"
    );
    seen
}

#[tokio::test]
async fn no_customer_endpoint_or_channel_carries_triage() {
    let server = start("v3-privacy", &[]).await;
    for seen in customer_view(&server).await {
        assert_eq!(admin_only_keys(&seen), Vec::<String>::new(), "{seen}");
    }
    let broken = start("v3-privacy-break", &["--break", "priority-to-customer"]).await;
    let leaked = customer_view(&broken).await;
    assert!(leaked.iter().any(|seen| !admin_only_keys(seen).is_empty()));
}

#[tokio::test]
async fn mentions_last_until_read_and_are_their_admins_alone() {
    let server = start("mentions-list", &[]).await;
    let carlos = server.admin_token().await;
    let lucia = server
        .login("/api/v1/admin/auth/login", "lucia@mesa.test")
        .await;
    let lucia_id = server.admin_id(&lucia).await;
    // Lucía has no socket: the mention waits for her.
    let (status, note) = server
        .post(
            &carlos,
            &format!("{TICKETS}/7/notes"),
            json!({"body": "Mira esto", "mentions": [lucia_id]}),
        )
        .await;
    assert_eq!(status, 201);
    let (status, unread) = server.get(&lucia, "/api/v1/admin/mentions?unread=1").await;
    assert_eq!(status, 200);
    assert_eq!(unread["meta"]["total"], 1, "{unread}");
    let mention = &unread["data"][0];
    assert_eq!(mention["ticket_id"], 7);
    assert_eq!(mention["message"]["id"], note["data"]["id"]);
    assert_eq!(mention["by"]["name"], "Carlos Méndez");
    assert_eq!(mention["read_at"], Value::Null);
    let (_, carlos_list) = server.get(&carlos, "/api/v1/admin/mentions").await;
    assert_eq!(
        carlos_list["meta"]["total"], 0,
        "only the signed-in admin's"
    );

    let read = format!("/api/v1/admin/mentions/{}/read", mention["id"]);
    assert_eq!(server.post(&carlos, &read, json!({})).await.0, 404);
    assert_eq!(server.post(&lucia, &read, json!({})).await.0, 204);
    let (_, unread) = server.get(&lucia, "/api/v1/admin/mentions?unread=1").await;
    assert_eq!(unread["meta"]["total"], 0);
    let (_, all) = server.get(&lucia, "/api/v1/admin/mentions").await;
    assert!(all["data"][0]["read_at"].is_string());

    // Under v2 mention.created has no id.
    let v2 = start("mentions-list-v2", &["--contract", "v2"]).await;
    let carlos = v2.admin_token().await;
    let carlos_id = v2.admin_id(&carlos).await;
    let mut socket = v2.socket().await;
    v2.subscribe(&mut socket, &carlos, &format!("private-admin.{carlos_id}"))
        .await;
    v2.post(
        &carlos,
        &format!("{TICKETS}/7/notes"),
        json!({"body": "Yo", "mentions": [carlos_id]}),
    )
    .await;
    let event = socket.next_event().await;
    assert_eq!(event["event"], "mention.created");
    assert!(data(&event).get("id").is_none(), "{event}");
}
