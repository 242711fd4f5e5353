//! Contract v2's internal notes and mentions: admins see notes among the
//! replies; no customer ever sees one, by REST or WebSocket.

use crate::common::{data, start, Socket, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

/// Posts a JSON note, with an optional `Idempotency-Key` and `X-Socket-ID`.
async fn note(
    server: &TestServer,
    token: &str,
    ticket: i64,
    body: Value,
    key: Option<&str>,
    socket: Option<&str>,
) -> (u16, Value) {
    let headers: Vec<(&str, &str)> = [("Idempotency-Key", key), ("X-Socket-ID", socket)]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
        .collect();
    server
        .send_json_with(
            Method::POST,
            token,
            &format!("/api/v1/admin/support/tickets/{ticket}/notes"),
            body,
            &headers,
        )
        .await
}

async fn reply(server: &TestServer, token: &str, ticket: i64, text: &str) -> Value {
    let (status, body) = server
        .post(
            token,
            &format!("/api/v1/admin/support/tickets/{ticket}/messages"),
            json!({ "message": text }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body["data"].clone()
}

async fn set_status(server: &TestServer, token: &str, ticket: i64, status: &str) {
    let (code, _) = server
        .send_json(
            Method::PATCH,
            token,
            &format!("/api/v1/admin/support/tickets/{ticket}"),
            json!({ "status": status }),
        )
        .await;
    assert_eq!(code, 200);
}

async fn summary(server: &TestServer, token: &str, ticket: i64) -> Value {
    let (status, mut detail) = server
        .get(token, &format!("/api/v1/admin/support/tickets/{ticket}"))
        .await;
    assert_eq!(status, 200);
    let object = detail["data"].as_object_mut().unwrap();
    object.remove("messages");
    object.remove("has_more_messages");
    detail["data"].take()
}

async fn thread_ids(server: &TestServer, token: &str, ticket: i64) -> Vec<i64> {
    let (_, page) = server
        .get(
            token,
            &format!("/api/v1/admin/support/tickets/{ticket}/messages?limit=100"),
        )
        .await;
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn admins_see_notes_in_id_order_and_notes_leave_the_summary_alone() {
    let server = start("notes-thread", &[]).await;
    let admin = server.admin_token().await;
    let lucia = server
        .login("/api/v1/admin/auth/login", "lucia@mesa.test")
        .await;
    let lucia_id = server.admin_id(&lucia).await;
    let ticket = 12;
    set_status(&server, &admin, ticket, "open").await;
    let first = reply(&server, &admin, ticket, "Primera respuesta").await;
    assert_eq!(first["type"], "reply");
    assert!(first.get("mentions").is_none(), "{first}");
    let before = summary(&server, &admin, ticket).await;

    let (status, created) = note(
        &server,
        &admin,
        ticket,
        json!({"body": "  Cliente frecuente, revisar con @Lucía  ", "mentions": [lucia_id, lucia_id]}),
        None,
        None,
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let created = &created["data"];
    assert_eq!(created["type"], "note");
    assert_eq!(created["message"], "Cliente frecuente, revisar con @Lucía");
    assert_eq!(created["mentions"], json!([lucia_id]));
    assert_eq!(created["is_from_admin"], true);
    assert_eq!(
        created["sender"],
        json!({"type": "admin", "name": "Carlos Méndez"})
    );
    assert_eq!(created["attachments"], json!([]));
    let note_id = created["id"].as_i64().unwrap();

    // Unread count, last message, its time, even updated_at: as before.
    assert_eq!(summary(&server, &admin, ticket).await, before);
    // Read marks leave the note alone too.
    server
        .post(
            &admin,
            &format!("/api/v1/admin/support/tickets/{ticket}/read"),
            json!({}),
        )
        .await;

    let second = reply(&server, &admin, ticket, "Segunda respuesta").await;
    let ids = thread_ids(&server, &admin, ticket).await;
    let at = ids.iter().position(|id| *id == note_id).unwrap();
    assert_eq!(ids[at - 1], first["id"]);
    assert_eq!(ids[at + 1], second["id"]);
    let (_, detail) = server
        .get(&admin, &format!("/api/v1/admin/support/tickets/{ticket}"))
        .await;
    let messages = detail["data"]["messages"].as_array().unwrap();
    let ids_in_detail: Vec<i64> = messages.iter().map(|m| m["id"].as_i64().unwrap()).collect();
    assert!(ids_in_detail.windows(2).all(|w| w[0] < w[1]));
    let listed = messages.iter().find(|m| m["id"] == note_id).unwrap();
    assert_eq!(listed, created);
    assert!(messages
        .iter()
        .filter(|m| m["id"] != note_id)
        .all(|m| m["type"] == "reply" && m.get("mentions").is_none()));
    assert_eq!(detail["data"]["last_message"]["id"], second["id"]);

    // Notes are for closed tickets too, and admin search finds their text.
    set_status(&server, &admin, ticket, "closed").await;
    let (status, _) = note(
        &server,
        &admin,
        ticket,
        json!({"body": "Cerrado: zanahoria-secreta"}),
        None,
        None,
    )
    .await;
    assert_eq!(status, 201);
    let (_, found) = server
        .get(
            &admin,
            "/api/v1/admin/support/tickets?search=zanahoria-secreta",
        )
        .await;
    assert_eq!(found["meta"]["total"], 1);
    assert_eq!(found["data"][0]["id"], ticket);
}

#[tokio::test]
async fn notes_are_validated() {
    let server = start("notes-validation", &[]).await;
    let admin = server.admin_token().await;
    let ticket = 13;
    let field_error = |body: &Value, field: &str| {
        assert!(body["errors"][field][0].is_string(), "{body}");
        assert!(body["message"].is_string());
    };
    for bad in [json!({}), json!({"body": "   "}), json!({"body": 5})] {
        let (status, body) = note(&server, &admin, ticket, bad, None, None).await;
        assert_eq!(status, 422);
        field_error(&body, "body");
    }
    let (status, body) = note(
        &server,
        &admin,
        ticket,
        json!({"body": "ñ".repeat(5001)}),
        None,
        None,
    )
    .await;
    assert_eq!(status, 422);
    field_error(&body, "body");
    let (status, _) = note(
        &server,
        &admin,
        ticket,
        json!({"body": "ñ".repeat(5000)}),
        None,
        None,
    )
    .await;
    assert_eq!(status, 201, "5000 characters is the limit, not bytes");
    for bad in [json!([999]), json!([1, "x"]), json!("2"), json!([1.5])] {
        let (status, body) = note(
            &server,
            &admin,
            ticket,
            json!({"body": "Hola", "mentions": bad}),
            None,
            None,
        )
        .await;
        assert_eq!(status, 422, "{bad}");
        field_error(&body, "mentions");
    }
    let (status, _) = note(&server, &admin, 99_999, json!({"body": "x"}), None, None).await;
    assert_eq!(status, 404);
    let customer = server.customer_token(1).await;
    let (status, _) = note(&server, &customer, ticket, json!({"body": "x"}), None, None).await;
    assert_eq!(status, 401);

    // Multipart: attachments[] as for replies, mentions[] as a form list.
    let form = reqwest::multipart::Form::new()
        .text("body", "Ver captura")
        .text("mentions[]", "3")
        .text("mentions[]", "4")
        .part(
            "attachments[]",
            reqwest::multipart::Part::bytes(b"%PDF-1.4 nota".to_vec())
                .file_name("nota.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
    let response = server
        .http
        .post(server.url(&format!("/api/v1/admin/support/tickets/{ticket}/notes")))
        .bearer_auth(&admin)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let sent: Value = response.json().await.unwrap();
    assert_eq!(sent["data"]["mentions"], json!([3, 4]));
    let url = sent["data"]["attachments"][0]["url"].as_str().unwrap();
    assert!(url.contains("&signature="), "{url}");
    let file = server.http.get(server.url(url)).send().await.unwrap();
    assert_eq!(file.status(), 200);
}

#[tokio::test]
async fn notes_honour_idempotency_keys_in_their_own_scope() {
    let server = start("notes-idempotency", &[]).await;
    let admin = server.admin_token().await;
    let ticket = 14;
    set_status(&server, &admin, ticket, "open").await;
    let mut inbox = server.socket().await;
    server
        .subscribe(&mut inbox, &admin, "private-support.admin")
        .await;
    let (status, first) = note(
        &server,
        &admin,
        ticket,
        json!({"body": "Solo una vez"}),
        Some("n-1"),
        None,
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(inbox.next_event().await["event"], "note.added");
    let (status, again) = note(
        &server,
        &admin,
        ticket,
        json!({"body": "Otra cosa"}),
        Some("n-1"),
        None,
    )
    .await;
    assert_eq!((status, &again), (201, &first));
    inbox.assert_silent().await;
    let before = thread_ids(&server, &admin, ticket).await;
    assert_eq!(
        before
            .iter()
            .filter(|id| **id == first["data"]["id"])
            .count(),
        1
    );

    // The note's key is no reply's key, nor a key for another ticket's note.
    let response = server
        .http
        .post(server.url(&format!("/api/v1/admin/support/tickets/{ticket}/messages")))
        .bearer_auth(&admin)
        .header("Idempotency-Key", "n-1")
        .json(&json!({"message": "Respuesta"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert!(body["errors"]["Idempotency-Key"].is_array(), "{body}");
    let (status, _) = note(
        &server,
        &admin,
        15,
        json!({"body": "Otra"}),
        Some("n-1"),
        None,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(thread_ids(&server, &admin, ticket).await, before);
}

/// The customer who owns the ticket, signed in.
async fn owner_token(server: &TestServer, admin: &str, ticket: i64) -> (String, i64) {
    let owner = summary(server, admin, ticket).await["customer"].clone();
    let token = server
        .login("/api/v1/auth/login", owner["email"].as_str().unwrap())
        .await;
    (token, owner["id"].as_i64().unwrap())
}

/// Every customer-facing answer about this ticket, as raw text.
async fn customer_answers(server: &TestServer, token: &str, ticket: i64) -> Vec<String> {
    let mut answers = Vec::new();
    for path in [
        "/api/v1/support/tickets".to_string(),
        "/api/v1/support/tickets?per_page=100".to_string(),
        "/api/v1/support/tickets?search=SECRETO-DE-NOTA".to_string(),
        format!("/api/v1/support/tickets/{ticket}"),
    ] {
        let (status, text) = server.get_text(token, &path).await;
        assert_eq!(status, 200, "{path}");
        // Paginator links echo the request's own query (the search term),
        // which says nothing about what the server holds: leave them out.
        let mut answer: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        if let Some(fields) = answer.as_object_mut() {
            fields.remove("links");
        }
        answers.push(answer.to_string());
    }
    answers
}

#[tokio::test]
async fn a_note_never_reaches_a_customer() {
    let server = start("notes-privacy", &[]).await;
    let admin = server.admin_token().await;
    let ticket = 16;
    set_status(&server, &admin, ticket, "open").await;
    let (customer, customer_id) = owner_token(&server, &admin, ticket).await;

    // The customer's phone, with channel auth as the customer.
    let mut phone = server.socket().await;
    let own_channel = format!("private-customer.{customer_id}");
    let ticket_channel = format!("private-support.ticket.{ticket}");
    server.subscribe(&mut phone, &customer, &own_channel).await;
    server
        .subscribe(&mut phone, &customer, &ticket_channel)
        .await;

    let (status, written) = note(
        &server,
        &admin,
        ticket,
        json!({"body": "SECRETO-DE-NOTA: cliente conflictivo", "mentions": [3]}),
        None,
        None,
    )
    .await;
    assert_eq!(status, 201);
    let note_id = written["data"]["id"].as_i64().unwrap();

    // The socket is live: the next reply arrives on both channels, and
    // nothing came before it.
    let visible = reply(&server, &admin, ticket, "Respuesta visible").await;
    let mut seen = Vec::new();
    for _ in 0..2 {
        let event = phone.next_event().await;
        assert_eq!(event["event"], "message.sent", "{event}");
        assert_eq!(data(&event)["message"]["id"], visible["id"], "{event}");
        seen.push(event["channel"].as_str().unwrap().to_string());
        assert!(!event.to_string().contains("SECRETO-DE-NOTA"));
    }
    seen.sort();
    let mut expected = vec![own_channel.clone(), ticket_channel.clone()];
    expected.sort();
    assert_eq!(seen, expected);

    // Another note after the reply: still nothing on the phone.
    note(
        &server,
        &admin,
        ticket,
        json!({"body": "SECRETO-DE-NOTA otra vez"}),
        None,
        None,
    )
    .await;
    phone.assert_silent().await;

    // REST: the note is in no answer, and the summary ends with the reply.
    for text in customer_answers(&server, &customer, ticket).await {
        assert!(!text.contains("SECRETO-DE-NOTA"), "{text}");
        assert!(!text.contains(&format!("\"id\":{note_id},")), "{text}");
    }
    let (_, detail) = server
        .get(&customer, &format!("/api/v1/support/tickets/{ticket}"))
        .await;
    assert_eq!(detail["data"]["last_message"]["id"], visible["id"]);
    assert_eq!(
        detail["data"]["messages"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()["id"],
        visible["id"]
    );
    // The customer's own message answer neither.
    let (status, sent) = server
        .post(
            &customer,
            &format!("/api/v1/support/tickets/{ticket}/messages"),
            json!({"message": "Gracias"}),
        )
        .await;
    assert_eq!(status, 201);
    assert!(!sent.to_string().contains("SECRETO-DE-NOTA"));
    // Admins still find the ticket by the note's text.
    let (_, found) = server
        .get(
            &admin,
            "/api/v1/admin/support/tickets?search=SECRETO-DE-NOTA",
        )
        .await;
    assert_eq!(found["meta"]["total"], 1);
}

/// A socket subscribed to this admin's own channel.
async fn admin_channel(server: &TestServer, token: &str) -> Socket {
    let id = server.admin_id(token).await;
    let mut socket = server.socket().await;
    server
        .subscribe(&mut socket, token, &format!("private-admin.{id}"))
        .await;
    socket
}

#[tokio::test]
async fn mentions_reach_only_the_mentioned_admin() {
    let server = start("notes-mentions", &[]).await;
    let carlos = server.admin_token().await;
    let lucia = server
        .login("/api/v1/admin/auth/login", "lucia@mesa.test")
        .await;
    let diego = server
        .login("/api/v1/admin/auth/login", "diego@mesa.test")
        .await;
    let carlos_id = server.admin_id(&carlos).await;
    let lucia_id = server.admin_id(&lucia).await;
    let mut lucia_socket = admin_channel(&server, &lucia).await;
    let mut diego_socket = admin_channel(&server, &diego).await;

    // `private-admin.{id}` is that admin's alone.
    let channel = format!("private-admin.{lucia_id}");
    let socket_id = "123.456";
    assert_eq!(server.auth_status(&lucia, socket_id, &channel).await, 200);
    assert_eq!(server.auth_status(&carlos, socket_id, &channel).await, 403);
    let customer = server.customer_token(1).await;
    assert_eq!(
        server.auth_status(&customer, socket_id, &channel).await,
        403
    );
    assert_eq!(server.auth_status("", socket_id, &channel).await, 401);

    // Carlos's panel, sending with its socket id (and mentioning himself,
    // which his other tabs hear, not this one), and another admin's inbox.
    let mut sender = server.socket().await;
    server
        .subscribe(&mut sender, &carlos, "private-support.admin")
        .await;
    server
        .subscribe(&mut sender, &carlos, &format!("private-admin.{carlos_id}"))
        .await;
    let mut other_tab = admin_channel(&server, &carlos).await;
    let mut inbox = server.socket().await;
    server
        .subscribe(&mut inbox, &diego, "private-support.admin")
        .await;

    let (status, written) = note(
        &server,
        &carlos,
        17,
        json!({"body": "¿Lo ves tú?", "mentions": [lucia_id, carlos_id]}),
        None,
        Some(&sender.socket_id),
    )
    .await;
    assert_eq!(status, 201);
    let event = lucia_socket.next_event().await;
    assert_eq!(event["event"], "mention.created");
    assert_eq!(event["channel"], channel);
    // v3 `mentions_list`: the event names the lasting mention.
    let mut mention = data(&event);
    let mention_id = mention.as_object_mut().unwrap().remove("id");
    assert!(mention_id.and_then(|id| id.as_i64()).is_some(), "{event}");
    assert_eq!(
        mention,
        json!({
            "ticket_id": 17,
            "message": written["data"],
            "by": {"id": carlos_id, "name": "Carlos Méndez"},
        })
    );
    let added = inbox.next_event().await;
    assert_eq!(added["event"], "note.added");
    assert_eq!(
        data(&added),
        json!({"message": written["data"], "ticket_id": 17})
    );
    let own = other_tab.next_event().await;
    assert_eq!(own["event"], "mention.created");
    assert_eq!(
        data(&own)["message"]["mentions"],
        json!([carlos_id, lucia_id])
    );
    sender.assert_silent().await;
    diego_socket.assert_silent().await;
    lucia_socket.assert_silent().await;
}
