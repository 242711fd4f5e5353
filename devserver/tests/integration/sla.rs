//! Contract v3 `sla`: `waiting_since` and `response_due_at` follow the
//! thread (a customer's message starts the clock, a reply stops it, a note
//! does not), the priority and close/reopen; the list's `waiting`,
//! `overdue` and `sort=response_due_at`; `message.sent` on the admin channel
//! carries the ticket.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{data, start, Socket, TestServer};
use crate::triage::{admin_socket, listed, next_update};

const TICKETS: &str = "/api/v1/admin/support/tickets";

fn ms(value: &Value) -> i64 {
    devserver::clock::parse_iso(value.as_str().expect("a time")).expect("ISO 8601")
}

/// A new ticket of customer 1; its id and first message's time.
pub async fn customer_ticket(server: &TestServer, customer: &str) -> (i64, Value) {
    let (status, created) = server
        .post(
            customer,
            "/api/v1/support/tickets",
            json!({"reason_id": 1, "message": "¿Dónde están mis puntos?"}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["data"]["id"].as_i64().unwrap();
    (id, created["data"]["last_message"]["created_at"].clone())
}

async fn summary(server: &TestServer, admin: &str, id: i64) -> Value {
    let (status, answer) = server.get(admin, &format!("{TICKETS}/{id}")).await;
    assert_eq!(status, 200, "{answer}");
    answer["data"].clone()
}

/// The next `message.sent` on `channel` for this message.
async fn next_message_sent(socket: &mut Socket, channel: &str, message_id: i64) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let event = socket
            .next_event_within(left)
            .await
            .unwrap_or_else(|| panic!("no message.sent {message_id} on {channel}"));
        if event["event"] == "message.sent"
            && event["channel"] == channel
            && data(&event)["message"]["id"] == message_id
        {
            return data(&event);
        }
    }
}

#[tokio::test]
async fn the_clock_follows_the_thread_priority_and_status() {
    let server = start("sla-clock", &[]).await;
    let admin = server.admin_token().await;
    let customer = server.customer_token(1).await;
    let (caps_status, caps) = server.get(&admin, "/api/v1/admin/capabilities").await;
    assert_eq!(caps_status, 200);
    assert_eq!(caps["data"]["sla"], true);
    let mut inbox = admin_socket(&server, &admin).await;
    let (id, first_at) = customer_ticket(&server, &customer).await;
    let ticket_channel = format!("private-support.ticket.{id}");
    let mut thread = server.socket().await;
    server.subscribe(&mut thread, &admin, &ticket_channel).await;

    let opened = summary(&server, &admin, id).await;
    assert_eq!(opened["waiting_since"], first_at);
    assert_eq!(opened["priority"], "normal");
    assert_eq!(
        ms(&opened["response_due_at"]) - ms(&first_at),
        8 * 3_600_000
    );

    // A second customer message: the clock keeps its start; the admins'
    // message.sent carries the ticket, the ticket channel's is the seed's.
    let (status, sent) = server
        .post(
            &customer,
            &format!("/api/v1/support/tickets/{id}/messages"),
            json!({"message": "¿Hola?"}),
        )
        .await;
    assert_eq!(status, 201);
    let message_id = sent["data"]["id"].as_i64().unwrap();
    let for_admins = next_message_sent(&mut inbox, "private-support.admin", message_id).await;
    assert_eq!(for_admins["ticket"]["id"], id);
    assert_eq!(for_admins["ticket"]["waiting_since"], first_at);
    assert_eq!(for_admins["ticket_id"], id);
    let seed = next_message_sent(&mut thread, &ticket_channel, message_id).await;
    assert!(seed.get("ticket").is_none(), "{seed}");

    // A note answers nobody.
    let (status, _) = server
        .post(
            &admin,
            &format!("{TICKETS}/{id}/notes"),
            json!({"body": "Revisar"}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(
        summary(&server, &admin, id).await["waiting_since"],
        first_at
    );

    // Urgent: due 30 minutes after the wait began, and ticket.updated says so.
    let (status, urgent) = server
        .send_json(
            Method::PATCH,
            &admin,
            &format!("{TICKETS}/{id}"),
            json!({"priority": "urgent"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        ms(&urgent["data"]["response_due_at"]) - ms(&first_at),
        30 * 60_000
    );
    let updated = next_update(&mut inbox, id, Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(
        updated["response_due_at"],
        urgent["data"]["response_due_at"]
    );

    // Listed as waiting, not overdue; first by due time among the waiting.
    let (waiting, _) = listed(&server, &admin, "waiting=1&status=all").await;
    assert!(waiting.contains(&id));
    let (overdue, _) = listed(&server, &admin, "overdue=1&status=all").await;
    assert!(!overdue.contains(&id));
    let (_, page) = server
        .get(
            &admin,
            &format!("{TICKETS}?per_page=100&status=open&sort=response_due_at"),
        )
        .await;
    let dues: Vec<Option<i64>> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["response_due_at"].as_str().map(|s| ms(&json!(s))))
        .collect();
    let first_null = dues.iter().position(Option::is_none).unwrap_or(dues.len());
    assert!(dues[first_null..].iter().all(Option::is_none), "{dues:?}");
    let due: Vec<i64> = dues[..first_null].iter().flatten().copied().collect();
    assert!(due.windows(2).all(|w| w[0] <= w[1]), "{due:?}");

    // A reply stops the clock; closing and reopening with nobody waiting
    // leaves it stopped.
    let (status, _) = server
        .post(
            &admin,
            &format!("{TICKETS}/{id}/messages"),
            json!({"message": "Ya está"}),
        )
        .await;
    assert_eq!(status, 201);
    let answered = summary(&server, &admin, id).await;
    assert_eq!(answered["waiting_since"], Value::Null);
    assert_eq!(answered["response_due_at"], Value::Null);
    let (waiting, _) = listed(&server, &admin, "waiting=1&status=all").await;
    assert!(!waiting.contains(&id));

    // Waiting again, then closed: nobody waits on a closed ticket; reopened,
    // the clock runs again and ticket.updated says so
    // (ticket.status.changed carries no clock).
    server
        .post(
            &customer,
            &format!("/api/v1/support/tickets/{id}/messages"),
            json!({"message": "Otra cosa"}),
        )
        .await;
    assert!(summary(&server, &admin, id).await["waiting_since"].is_string());
    let mut inbox3 = admin_socket(&server, &admin).await;
    server
        .send_json(
            Method::PATCH,
            &admin,
            &format!("{TICKETS}/{id}"),
            json!({"status": "closed"}),
        )
        .await;
    assert_eq!(
        summary(&server, &admin, id).await["waiting_since"],
        Value::Null
    );
    server
        .send_json(
            Method::PATCH,
            &admin,
            &format!("{TICKETS}/{id}"),
            json!({"status": "open"}),
        )
        .await;
    let reopened = next_update(&mut inbox3, id, Duration::from_secs(5))
        .await
        .unwrap();
    assert!(reopened["waiting_since"].is_string(), "{reopened}");
}

#[tokio::test]
async fn views_take_sla_filters_and_count_overdue() {
    let server = start("sla-views", &[]).await;
    let admin = server.admin_token().await;
    let (status, view) = server
        .post(
            &admin,
            "/api/v1/admin/views",
            json!({"name": "Vencidos", "filters": {"overdue": true, "waiting": true, "sort": "response_due_at"}}),
        )
        .await;
    assert_eq!(status, 201, "{view}");
    assert_eq!(view["data"]["filters"]["overdue"], true);
    let (_, counts) = server.get(&admin, "/api/v1/admin/views/counts").await;
    let (_, overdue) = listed(&server, &admin, "status=open&overdue=1").await;
    assert_eq!(counts["data"]["overdue"], overdue);
    // The demo desk has customers waiting for weeks.
    assert!(overdue > 0);
    let (status, _) = server.get(&admin, &format!("{TICKETS}?overdue=soon")).await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn every_answer_has_a_date_header() {
    let server = start("sla-date", &[]).await;
    let admin = server.admin_token().await;
    for path in [
        "/api/v1/admin/support/tickets",
        "/api/v1/admin/nope",
        "/healthz",
    ] {
        let response = server
            .http
            .get(server.url(path))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        assert!(response.headers().contains_key("date"), "{path}");
    }
}

#[tokio::test]
async fn a_note_stops_the_clock_only_when_broken() {
    let server = start("sla-break-note", &["--break", "note-stops-clock"]).await;
    let admin = server.admin_token().await;
    let customer = server.customer_token(1).await;
    let (id, _) = customer_ticket(&server, &customer).await;
    server
        .post(
            &admin,
            &format!("{TICKETS}/{id}/notes"),
            json!({"body": "Nota"}),
        )
        .await;
    assert_eq!(
        summary(&server, &admin, id).await["waiting_since"],
        Value::Null
    );
}

#[tokio::test]
async fn under_v2_there_is_no_sla() {
    let server = start("sla-v2", &["--contract", "v2"]).await;
    let admin = server.admin_token().await;
    let (_, caps) = server.get(&admin, "/api/v1/admin/capabilities").await;
    assert!(caps["data"].get("sla").is_none());
    let (_, page) = server.get(&admin, TICKETS).await;
    assert!(page["data"][0].get("waiting_since").is_none());
    let (status, _) = server
        .get(&admin, &format!("{TICKETS}?sort=response_due_at"))
        .await;
    assert_eq!(status, 422);
}
