//! Contract v3 triage: priority, tags and snooze on the ticket writes, the
//! list's filters, `GET …/tags`, and `ticket.updated`.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{data, start, Socket, TestServer};

const TICKETS: &str = "/api/v1/admin/support/tickets";

async fn patch(server: &TestServer, token: &str, ticket: i64, body: Value) -> (u16, Value) {
    server
        .send_json(Method::PATCH, token, &format!("{TICKETS}/{ticket}"), body)
        .await
}

/// An admin's socket on `private-support.admin`.
pub async fn admin_socket(server: &TestServer, token: &str) -> Socket {
    let mut socket = server.socket().await;
    server
        .subscribe(&mut socket, token, "private-support.admin")
        .await;
    socket
}

/// The next `ticket.updated` for this ticket, skipping other events.
pub async fn next_update(socket: &mut Socket, ticket: i64, within: Duration) -> Option<Value> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let event = socket.next_event_within(left).await?;
        if event["event"] == "ticket.updated" && data(&event)["ticket"]["id"] == ticket {
            return Some(data(&event)["ticket"].clone());
        }
    }
}

/// The ids on the first page of the list asked with `query`, and its total.
pub async fn listed(server: &TestServer, token: &str, query: &str) -> (Vec<i64>, u64) {
    let (status, page) = server
        .get(token, &format!("{TICKETS}?per_page=100&{query}"))
        .await;
    assert_eq!(status, 200, "{query}: {page}");
    let ids = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    (ids, page["meta"]["total"].as_u64().unwrap())
}

pub fn in_ms(ms: i64) -> String {
    devserver::clock::iso(devserver::clock::now_millis() + ms)
}

#[tokio::test]
async fn priority_and_tags_are_set_normalized_filtered_and_broadcast() {
    let server = start("triage-priority", &[]).await;
    let admin = server.admin_token().await;
    let mut inbox = admin_socket(&server, &admin).await;
    let (status, answer) = patch(
        &server,
        &admin,
        3,
        json!({"priority": "urgent", "tags": [" VIP ", "Facturación", "vip"]}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["data"]["priority"], "urgent");
    assert_eq!(answer["data"]["tags"], json!(["facturación", "vip"]));
    let updated = next_update(&mut inbox, 3, Duration::from_secs(5)).await;
    assert_eq!(updated.as_ref(), Some(&answer["data"]));
    // Neither status nor assignment changed: no ticket.status.changed.
    inbox.assert_silent().await;

    let (urgent, _) = listed(&server, &admin, "priority=urgent,high").await;
    assert!(urgent.contains(&3));
    let (_, page) = server
        .get(
            &admin,
            &format!("{TICKETS}?per_page=100&priority=urgent,high"),
        )
        .await;
    for row in page["data"].as_array().unwrap() {
        assert!(["urgent", "high"].contains(&row["priority"].as_str().unwrap()));
    }
    let (tagged, total) = listed(&server, &admin, "tag=VIP").await;
    assert!(tagged.contains(&3) && total >= 1);
    let (status, tags) = server.get(&admin, "/api/v1/admin/support/tags").await;
    assert_eq!(status, 200);
    let tags = tags["data"].as_array().unwrap();
    assert!(tags.iter().any(|t| t["name"] == "vip"), "{tags:?}");
    let counts: Vec<i64> = tags.iter().map(|t| t["count"].as_i64().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most used first");

    // The demo desk has a spread of priorities.
    let (_, low) = listed(&server, &admin, "priority=low").await;
    assert!(low > 0);
}

#[tokio::test]
async fn triage_writes_are_validated() {
    let server = start("triage-invalid", &[]).await;
    let admin = server.admin_token().await;
    let eleven: Vec<String> = (0..11).map(|n| format!("t{n}")).collect();
    for (body, field) in [
        (json!({"priority": "asap"}), "priority"),
        (json!({"tags": eleven}), "tags"),
        (json!({"tags": ["x".repeat(33)]}), "tags"),
        (json!({"tags": ["  "]}), "tags"),
        (json!({"tags": "vip"}), "tags"),
        (json!({"snoozed_until": in_ms(-60_000)}), "snoozed_until"),
        (json!({"snoozed_until": "mañana"}), "snoozed_until"),
    ] {
        let (status, answer) = patch(&server, &admin, 3, body.clone()).await;
        assert_eq!(status, 422, "{body}: {answer}");
        assert!(answer["errors"][field].is_array(), "{body}: {answer}");
    }
    for (query, wanted) in [
        ("priority=asap", 422),
        ("snoozed=sometimes", 422),
        ("tag=", 200),
    ] {
        let (status, _) = server.get(&admin, &format!("{TICKETS}?{query}")).await;
        assert_eq!(status, wanted, "{query}");
    }
    // Snoozing a closed ticket is refused, and nothing is written.
    patch(&server, &admin, 4, json!({"status": "closed"})).await;
    let (status, answer) = patch(
        &server,
        &admin,
        4,
        json!({"snoozed_until": in_ms(3_600_000)}),
    )
    .await;
    assert_eq!(status, 422, "{answer}");
    assert!(answer["errors"]["snoozed_until"].is_array());
}

#[tokio::test]
async fn bulk_changes_take_triage_and_tags_add_remove() {
    let server = start("triage-bulk", &[]).await;
    let admin = server.admin_token().await;
    let bulk = |body: Value| server.send_json(Method::PATCH, &admin, TICKETS, body);
    let full: Vec<String> = (0..10).map(|n| format!("t{n}")).collect();
    assert_eq!(
        patch(&server, &admin, 5, json!({"tags": full, "priority": "low"}))
            .await
            .0,
        200
    );
    let (status, answer) =
        bulk(json!({"ids": [3, 4, 5, 999999], "priority": "high", "tags_add": ["Bulk"]})).await;
    assert_eq!(status, 200, "{answer}");
    let changed: Vec<i64> = answer["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(changed, [3, 4]);
    assert!(
        answer["errors"]["5"].as_str().unwrap().contains("10"),
        "{answer}"
    );
    assert!(answer["errors"]["999999"].is_string());
    for row in answer["data"].as_array().unwrap() {
        assert_eq!(row["priority"], "high");
        assert!(row["tags"].as_array().unwrap().contains(&json!("bulk")));
    }
    // Ticket 5 was refused whole: its priority did not change either.
    let (_, five) = server.get(&admin, &format!("{TICKETS}/5")).await;
    assert_eq!(five["data"]["priority"], "low");
    let (status, answer) = bulk(json!({"ids": [3], "tags_remove": ["BULK"]})).await;
    assert_eq!(status, 200);
    assert!(!answer["data"][0]["tags"]
        .as_array()
        .unwrap()
        .contains(&json!("bulk")));
}

#[tokio::test]
async fn a_snooze_leaves_every_list_until_the_customer_writes_or_the_time_comes() {
    let server = start("triage-snooze", &[]).await;
    let admin = server.admin_token().await;
    let mut inbox = admin_socket(&server, &admin).await;
    let (_, detail) = server.get(&admin, &format!("{TICKETS}/3")).await;
    assert_eq!(
        patch(&server, &admin, 3, json!({"status": "open"})).await.0,
        200
    );
    let customer_id = detail["data"]["customer"]["id"].as_i64().unwrap();
    let mine = format!("customer_id={customer_id}");

    let (status, answer) = patch(
        &server,
        &admin,
        3,
        json!({"snoozed_until": in_ms(3_600_000)}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert!(answer["data"]["snoozed_until"].is_string());
    let woken = next_update(&mut inbox, 3, Duration::from_secs(5))
        .await
        .unwrap();
    assert!(woken["snoozed_until"].is_string());
    assert!(!listed(&server, &admin, &format!("status=open&{mine}"))
        .await
        .0
        .contains(&3));
    assert!(
        !listed(&server, &admin, &mine).await.0.contains(&3),
        "every list"
    );
    assert!(listed(&server, &admin, &format!("snoozed=only&{mine}"))
        .await
        .0
        .contains(&3));
    assert!(listed(&server, &admin, &format!("snoozed=include&{mine}"))
        .await
        .0
        .contains(&3));

    // The customer writes: it wakes.
    let customer = server
        .login(
            "/api/v1/auth/login",
            detail["data"]["customer"]["email"].as_str().unwrap(),
        )
        .await;
    let (status, _) = server
        .post(
            &customer,
            "/api/v1/support/tickets/3/messages",
            json!({"message": "¿Hola?"}),
        )
        .await;
    assert_eq!(status, 201);
    let woken = next_update(&mut inbox, 3, Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(woken["snoozed_until"], Value::Null);
    assert!(listed(&server, &admin, &format!("status=open&{mine}"))
        .await
        .0
        .contains(&3));

    // The time comes: the waker wakes it and says so.
    patch(&server, &admin, 3, json!({"snoozed_until": in_ms(1_500)})).await;
    next_update(&mut inbox, 3, Duration::from_secs(5))
        .await
        .unwrap();
    let woken = next_update(&mut inbox, 3, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(woken["snoozed_until"], Value::Null);

    // Closing clears a snooze, and tells it apart from the status change.
    patch(
        &server,
        &admin,
        3,
        json!({"snoozed_until": in_ms(3_600_000)}),
    )
    .await;
    next_update(&mut inbox, 3, Duration::from_secs(5))
        .await
        .unwrap();
    let (_, closed) = patch(&server, &admin, 3, json!({"status": "closed"})).await;
    assert_eq!(closed["data"]["snoozed_until"], Value::Null);
    let cleared = next_update(&mut inbox, 3, Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(cleared["status"], "closed");
}
