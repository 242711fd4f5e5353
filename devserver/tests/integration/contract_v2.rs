//! Contract v2 on the dev server: the capability endpoint and `Idempotency-Key`
//! on replies, and `--contract v1`, which has none of the v2 additions (the
//! workspace itself is tested in `notes.rs` and `workspace.rs`).

use crate::common::{options, start, start_with, temp_dir, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

/// Posts a JSON reply with an optional `Idempotency-Key`.
async fn reply(
    server: &TestServer,
    token: &str,
    ticket: i64,
    key: Option<&str>,
    body: Value,
) -> (u16, Value) {
    let headers: Vec<(&str, &str)> = key.map(|k| ("Idempotency-Key", k)).into_iter().collect();
    server
        .send_json_with(
            Method::POST,
            token,
            &format!("/api/v1/admin/support/tickets/{ticket}/messages"),
            body,
            &headers,
        )
        .await
}

/// How many messages of the ticket carry this text.
async fn count(server: &TestServer, token: &str, ticket: i64, text: &str) -> usize {
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
        .filter(|m| m["message"] == text)
        .count()
}

/// Opens a ticket (the demo's may be closed) and returns its id.
async fn open_ticket(server: &TestServer, token: &str, ticket: i64) -> i64 {
    let (status, _) = server
        .send_json(
            Method::PATCH,
            token,
            &format!("/api/v1/admin/support/tickets/{ticket}"),
            json!({"status": "open"}),
        )
        .await;
    assert_eq!(status, 200);
    ticket
}

#[tokio::test]
async fn capabilities_name_only_what_is_implemented_and_need_an_admin() {
    let server = start("capabilities", &["--contract", "v2"]).await;
    let admin = server.admin_token().await;
    let (status, body) = server.get(&admin, "/api/v1/admin/capabilities").await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"data": {"notes": true, "canned_replies": true, "customers": true,
                        "bulk": true, "idempotency": true, "mentions": true}})
    );
    let (status, body) = server.get("", "/api/v1/admin/capabilities").await;
    assert_eq!(status, 401);
    assert_eq!(body, json!({"message": "Unauthenticated."}));
    let customer = server.customer_token(1).await;
    assert_eq!(
        server.get(&customer, "/api/v1/admin/capabilities").await.0,
        401
    );
}

#[tokio::test]
async fn contract_v1_has_no_capabilities_and_ignores_idempotency_keys() {
    let server = start("contract-v1", &["--contract", "v1"]).await;
    let admin = server.admin_token().await;
    let (status, body) = server.get(&admin, "/api/v1/admin/capabilities").await;
    assert_eq!(status, 404);
    assert_eq!(body, json!({"message": "Not Found"}));
    let ticket = open_ticket(&server, &admin, 3).await;
    let long = "k".repeat(300);
    for _ in 0..2 {
        let (status, _) = reply(
            &server,
            &admin,
            ticket,
            Some(&long),
            json!({"message": "v1"}),
        )
        .await;
        assert_eq!(status, 201, "the header does not exist in v1");
    }
    assert_eq!(count(&server, &admin, ticket, "v1").await, 2);
    assert!(devserver::cli::Options::from_args(["--contract".into(), "v4".into()]).is_err());
}

#[tokio::test]
async fn a_repeated_key_creates_nothing_broadcasts_nothing_and_answers_the_same() {
    let server = start("idempotent-replies", &[]).await;
    let admin = server.admin_token().await;
    let ticket = open_ticket(&server, &admin, 4).await;
    let mut inbox = server.socket().await;
    server
        .subscribe(&mut inbox, &admin, "private-support.admin")
        .await;

    let (status, first) = reply(
        &server,
        &admin,
        ticket,
        Some("reply-1"),
        json!({"message": "Una vez"}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(inbox.next_event().await["event"], "message.sent");
    // Even with another body: the key decides, as the contract says.
    for body in [
        json!({"message": "Una vez"}),
        json!({"message": "Otra cosa"}),
    ] {
        let (status, again) = reply(&server, &admin, ticket, Some("reply-1"), body).await;
        assert_eq!(status, 201);
        assert_eq!(again, first);
    }
    inbox.assert_silent().await;
    assert_eq!(count(&server, &admin, ticket, "Una vez").await, 1);
    assert_eq!(count(&server, &admin, ticket, "Otra cosa").await, 0);

    // Another key, or no key, is another reply.
    let (_, second) = reply(
        &server,
        &admin,
        ticket,
        Some("reply-2"),
        json!({"message": "Una vez"}),
    )
    .await;
    assert_ne!(second["data"]["id"], first["data"]["id"]);
    reply(&server, &admin, ticket, None, json!({"message": "Una vez"})).await;
    assert_eq!(count(&server, &admin, ticket, "Una vez").await, 3);

    // The same key from another admin is that admin's own.
    let lucia = server
        .login("/api/v1/admin/auth/login", "lucia@mesa.test")
        .await;
    let (status, hers) = reply(
        &server,
        &lucia,
        ticket,
        Some("reply-1"),
        json!({"message": "Una vez"}),
    )
    .await;
    assert_eq!(status, 201);
    assert_ne!(hers["data"]["id"], first["data"]["id"]);
    assert_eq!(hers["data"]["sender"]["name"], "Lucía Ramírez");
    assert_eq!(count(&server, &admin, ticket, "Una vez").await, 4);

    // The first answer stands after the ticket is closed.
    server
        .send_json(
            Method::PATCH,
            &admin,
            &format!("/api/v1/admin/support/tickets/{ticket}"),
            json!({"status": "closed"}),
        )
        .await;
    let (status, again) = reply(
        &server,
        &admin,
        ticket,
        Some("reply-1"),
        json!({"message": "x"}),
    )
    .await;
    assert_eq!((status, again), (201, first.clone()));
    // A key first used on another ticket is not a retry of this one.
    let other = open_ticket(&server, &admin, 6).await;
    let (status, body) = reply(
        &server,
        &admin,
        other,
        Some("reply-1"),
        json!({"message": "x"}),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["Idempotency-Key"].is_array(), "{body}");
}

#[tokio::test]
async fn only_successful_answers_are_remembered() {
    let server = start("idempotent-failures", &[]).await;
    let admin = server.admin_token().await;
    let ticket = open_ticket(&server, &admin, 7).await;
    let (status, _) = reply(
        &server,
        &admin,
        ticket,
        Some("k-fail"),
        json!({"message": "  "}),
    )
    .await;
    assert_eq!(status, 422);
    let (status, sent) = reply(
        &server,
        &admin,
        ticket,
        Some("k-fail"),
        json!({"message": "Ahora sí"}),
    )
    .await;
    assert_eq!(status, 201, "a failed first attempt can be retried");
    assert_eq!(sent["data"]["message"], "Ahora sí");
    // A failure injected before handling stores nothing either.
    server
        .http
        .post(server.url("/__dev/rest/fail"))
        .json(&json!({"count": 1, "status": 503, "method": "POST", "path_contains": "/messages"}))
        .send()
        .await
        .unwrap();
    let (status, _) = reply(
        &server,
        &admin,
        ticket,
        Some("k-503"),
        json!({"message": "Tras 503"}),
    )
    .await;
    assert_eq!(status, 503);
    let (status, _) = reply(
        &server,
        &admin,
        ticket,
        Some("k-503"),
        json!({"message": "Tras 503"}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(count(&server, &admin, ticket, "Tras 503").await, 1);
}

#[tokio::test]
async fn a_retry_after_a_lost_answer_returns_the_stored_message() {
    let server = start("idempotent-lost-answer", &[]).await;
    let admin = server.admin_token().await;
    let ticket = open_ticket(&server, &admin, 8).await;
    // The write happens, the answer is lost: what makes naive retries send twice.
    server
        .http
        .post(server.url("/__dev/rest/fail"))
        .json(&json!({"count": 1, "status": 502, "method": "POST",
                      "path_contains": "/messages", "after_handling": true}))
        .send()
        .await
        .unwrap();
    let (status, _) = reply(
        &server,
        &admin,
        ticket,
        Some("lost-1"),
        json!({"message": "Perdida"}),
    )
    .await;
    assert_eq!(status, 502);
    assert_eq!(
        count(&server, &admin, ticket, "Perdida").await,
        1,
        "it was written"
    );
    let (status, retried) = reply(
        &server,
        &admin,
        ticket,
        Some("lost-1"),
        json!({"message": "Perdida"}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(retried["data"]["message"], "Perdida");
    assert_eq!(
        count(&server, &admin, ticket, "Perdida").await,
        1,
        "not written twice"
    );
    let (_, page) = server
        .get(
            &admin,
            &format!("/api/v1/admin/support/tickets/{ticket}/messages?limit=1"),
        )
        .await;
    assert_eq!(page["data"][0]["id"], retried["data"]["id"]);
}

#[tokio::test]
async fn multipart_replies_honour_the_key_and_replays_sign_urls_afresh() {
    let server = start("idempotent-multipart", &[]).await;
    let admin = server.admin_token().await;
    let ticket = open_ticket(&server, &admin, 9).await;
    let send = || {
        let form = reqwest::multipart::Form::new()
            .text("message", "Con adjunto")
            .part(
                "attachments[]",
                reqwest::multipart::Part::bytes(b"%PDF-1.4 prueba".to_vec())
                    .file_name("prueba.pdf")
                    .mime_str("application/pdf")
                    .unwrap(),
            );
        server
            .http
            .post(server.url(&format!("/api/v1/admin/support/tickets/{ticket}/messages")))
            .bearer_auth(&admin)
            .header("Idempotency-Key", "multipart-1")
            .multipart(form)
            .send()
    };
    let first = send().await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let again = send().await.unwrap();
    assert_eq!(again.status(), 201);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["data"]["id"], first["data"]["id"]);
    assert_eq!(count(&server, &admin, ticket, "Con adjunto").await, 1);
    let url = again["data"]["attachments"][0]["url"].as_str().unwrap();
    assert!(url.contains("&signature="), "{url}");
    let served = server.http.get(server.url(url)).send().await.unwrap();
    assert_eq!(served.status(), 200);
    // The discarded second upload left no file behind.
    let files = std::fs::read_dir(server.dir.join("uploads"))
        .unwrap()
        .filter(|f| {
            !f.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("demo-")
        })
        .count();
    assert_eq!(files, 1);
}

#[tokio::test]
async fn keys_longer_than_100_characters_are_refused() {
    let server = start("idempotency-key-length", &[]).await;
    let admin = server.admin_token().await;
    let ticket = open_ticket(&server, &admin, 10).await;
    let (status, body) = reply(
        &server,
        &admin,
        ticket,
        Some(&"k".repeat(101)),
        json!({"message": "Larga"}),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["Idempotency-Key"][0].is_string(), "{body}");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("Idempotency-Key"));
    assert_eq!(count(&server, &admin, ticket, "Larga").await, 0);
    let (status, _) = reply(
        &server,
        &admin,
        ticket,
        Some(""),
        json!({"message": "Vacía"}),
    )
    .await;
    assert_eq!(status, 422);
    let (status, _) = reply(
        &server,
        &admin,
        ticket,
        Some(&"k".repeat(100)),
        json!({"message": "Larga"}),
    )
    .await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn keys_survive_a_restart() {
    let dir = temp_dir("idempotency-restart");
    let db = dir.join("mesa.sqlite").display().to_string();
    let first = {
        let server = start_with(dir.clone(), options(&dir, &["--db", &db])).await;
        let admin = server.admin_token().await;
        open_ticket(&server, &admin, 11).await;
        let (status, first) = reply(
            &server,
            &admin,
            11,
            Some("restart-1"),
            json!({"message": "Antes"}),
        )
        .await;
        assert_eq!(status, 201);
        first
    };
    let server = start_with(dir.clone(), options(&dir, &["--db", &db])).await;
    let admin = server.admin_token().await;
    let (status, again) = reply(
        &server,
        &admin,
        11,
        Some("restart-1"),
        json!({"message": "Antes"}),
    )
    .await;
    assert_eq!((status, &again), (201, &first));
    assert_eq!(count(&server, &admin, 11, "Antes").await, 1);
}

#[tokio::test]
async fn contract_v1_hides_the_whole_workspace() {
    let dir = temp_dir("contract-v1-workspace");
    let db = dir.join("mesa.sqlite").display().to_string();
    // A note written under v2, then the same database served as v1.
    {
        let server = start_with(dir.clone(), options(&dir, &["--db", &db])).await;
        let admin = server.admin_token().await;
        open_ticket(&server, &admin, 3).await;
        let (status, _) = server
            .post(
                &admin,
                "/api/v1/admin/support/tickets/3/notes",
                json!({"body": "NOTA-V2 interna"}),
            )
            .await;
        assert_eq!(status, 201);
    }
    let server = start_with(
        dir.clone(),
        options(&dir, &["--db", &db, "--contract", "v1"]),
    )
    .await;
    let admin = server.admin_token().await;
    let not_found = json!({"message": "Not Found"});
    for (method, path, body) in [
        (
            Method::POST,
            "/api/v1/admin/support/tickets/3/notes",
            json!({"body": "x"}),
        ),
        (
            Method::GET,
            "/api/v1/admin/support/canned-replies",
            json!({}),
        ),
        (
            Method::POST,
            "/api/v1/admin/support/canned-replies",
            json!({"title": "t", "shortcut": "t", "body": "b"}),
        ),
        (
            Method::PATCH,
            "/api/v1/admin/support/canned-replies/1",
            json!({"title": "t"}),
        ),
        (
            Method::DELETE,
            "/api/v1/admin/support/canned-replies/1",
            json!({}),
        ),
        (Method::GET, "/api/v1/admin/support/customers/1", json!({})),
        (
            Method::PATCH,
            "/api/v1/admin/support/tickets",
            json!({"ids": [1], "status": "closed"}),
        ),
    ] {
        let (status, answer) = server.send_json(method.clone(), &admin, path, body).await;
        assert_eq!((status, &answer), (404, &not_found), "{method} {path}");
    }
    // The bulk route's path still lists the inbox.
    let (status, all) = server.get(&admin, "/api/v1/admin/support/tickets").await;
    assert_eq!(status, 200);
    for query in ["customer_id=1", "customer_id=abc"] {
        let (status, filtered) = server
            .get(&admin, &format!("/api/v1/admin/support/tickets?{query}"))
            .await;
        assert_eq!(status, 200, "{query}: ignored under v1");
        assert_eq!(filtered["meta"]["total"], all["meta"]["total"]);
    }
    let me = server.admin_id(&admin).await;
    assert_eq!(
        server
            .auth_status(&admin, "1.2", &format!("private-admin.{me}"))
            .await,
        403
    );

    // No notes and no `type`, anywhere.
    let (_, sent) = reply(&server, &admin, 3, None, json!({"message": "v1"})).await;
    assert!(sent["data"].get("type").is_none(), "{sent}");
    let (_, detail) = server.get(&admin, "/api/v1/admin/support/tickets/3").await;
    let (_, page) = server
        .get(&admin, "/api/v1/admin/support/tickets/3/messages")
        .await;
    let customer = server
        .login(
            "/api/v1/auth/login",
            detail["data"]["customer"]["email"].as_str().unwrap(),
        )
        .await;
    let (_, theirs) = server.get(&customer, "/api/v1/support/tickets/3").await;
    for messages in [
        &detail["data"]["messages"],
        &page["data"],
        &theirs["data"]["messages"],
    ] {
        let messages = messages.as_array().unwrap();
        assert!(!messages.is_empty());
        for message in messages {
            assert!(message.get("type").is_none(), "{message}");
            assert_ne!(message["message"], "NOTA-V2 interna");
        }
    }
    let (_, found) = server
        .get(&admin, "/api/v1/admin/support/tickets?search=NOTA-V2")
        .await;
    assert_eq!(found["meta"]["total"], 0);
}
