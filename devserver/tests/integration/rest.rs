//! The REST API of the contract and the seed, against a real server.

use crate::common::{options, start, start_with, temp_dir};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn health_config_and_the_panel_with_spa_fallback() {
    let server = start("site", &[]).await;
    let health: Value = server
        .http
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    let config: Value = server
        .http
        .get(server.url("/config.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(config["reverb_app_key"], "mesa-key");
    assert_eq!(config["api_url"], "");
    let page = server
        .http
        .get(server.url("/tickets/42"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("<title>Mesa</title>"));
    let api_miss = server
        .http
        .get(server.url("/api/v1/nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(api_miss.status(), 404);
    assert_eq!(
        api_miss.json::<Value>().await.unwrap()["message"],
        "Not Found"
    );
}

/// The same headers as a deployment's `_headers` (one generator): a strict
/// CSP holding the loader's hash, no framing, no sniffing, no referrer; on
/// the panel's routes only, never on the API.
#[tokio::test]
async fn the_panel_is_served_with_the_deployment_s_strict_headers() {
    let server = start("panel-headers", &[]).await;
    for path in ["/", "/tickets/42", "/mesa-0123456789abcdef.js"] {
        let answer = server.http.get(server.url(path)).send().await.unwrap();
        let header = |name: &str| {
            answer
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default()
        };
        let csp = header("content-security-policy");
        assert!(
            csp.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
    }
    let api = server
        .http
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert!(api.headers().get("content-security-policy").is_none());
}

/// Five wrong passwords for one e-mail in a minute, then 429 with
/// `Retry-After`, even for the right password; other e-mails and the
/// customer side are counted apart.
#[tokio::test]
async fn failed_sign_ins_are_throttled_per_email() {
    let server = start("sign-in-throttle", &[]).await;
    let login = |email: &str, password: &str| {
        let request = server
            .http
            .post(server.url("/api/v1/admin/auth/login"))
            .header("Accept", "application/json")
            .json(&json!({"email": email, "password": password}));
        async move { request.send().await.unwrap() }
    };
    for _ in 0..5 {
        assert_eq!(login("lucia@mesa.test", "nope").await.status(), 422);
    }
    let refused = login("LUCIA@mesa.test", "password").await;
    assert_eq!(refused.status(), 429);
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(
        refused.json::<Value>().await.unwrap()["message"],
        "Too Many Attempts."
    );
    assert_eq!(login("diego@mesa.test", "password").await.status(), 200);
    let (status, _) = server
        .post(
            "",
            "/api/v1/auth/login",
            json!({"email": "lucia@mesa.test", "password": "password"}),
        )
        .await;
    assert_eq!(
        status, 422,
        "the customer side counts its own failures: no such customer"
    );
}

#[tokio::test]
async fn admin_sign_in_profile_and_sign_out() {
    let server = start("admin-auth", &[]).await;
    let (status, bad) = server
        .post(
            "",
            "/api/v1/admin/auth/login",
            json!({"email": "carlos@mesa.test", "password": "nope"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(bad["errors"]["email"][0]
        .as_str()
        .unwrap()
        .contains("credenciales"));
    let (status, missing) = server
        .post(
            "",
            "/api/v1/admin/auth/login",
            json!({"email": "carlos@mesa.test"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(missing["errors"]["password"].is_array());
    // A customer's credentials do not open the admin side.
    let (status, _) = server
        .post(
            "",
            "/api/v1/admin/auth/login",
            json!({"email": "cliente1@mesa.test", "password": "password"}),
        )
        .await;
    assert_eq!(status, 422);

    let token = server.admin_token().await;
    let (status, me) = server.get(&token, "/api/v1/admin/auth/me").await;
    assert_eq!(status, 200);
    assert_eq!(me["data"]["email"], "carlos@mesa.test");
    let (status, admins) = server.get(&token, "/api/v1/admin/support/admins").await;
    assert_eq!(status, 200);
    assert_eq!(admins["data"].as_array().unwrap().len(), 5);

    let (status, _) = server
        .post(&token, "/api/v1/admin/auth/logout", json!({}))
        .await;
    assert_eq!(status, 204);
    let (status, body) = server.get(&token, "/api/v1/admin/auth/me").await;
    assert_eq!(status, 401);
    assert_eq!(body["message"], "Unauthenticated.");
    let customer = server.customer_token(1).await;
    assert_eq!(
        server
            .get(&customer, "/api/v1/admin/support/tickets")
            .await
            .0,
        401
    );
}

#[tokio::test]
async fn inbox_filters_search_sorting_and_paging() {
    let server = start("inbox", &[]).await;
    let token = server.admin_token().await;
    let (_, all) = server
        .get(&token, "/api/v1/admin/support/tickets?per_page=100")
        .await;
    assert_eq!(all["meta"]["total"], 200);
    assert_eq!(all["meta"]["last_page"], 2);
    assert_eq!(all["data"].as_array().unwrap().len(), 100);
    // Laravel's extras: links that keep the query (withQueryString()), from/to/path.
    assert_eq!(
        all["links"]["next"],
        "/api/v1/admin/support/tickets?per_page=100&page=2"
    );
    assert_eq!(all["links"]["prev"], Value::Null);
    assert_eq!(
        (all["meta"]["from"].clone(), all["meta"]["to"].clone()),
        (1.into(), 100.into())
    );
    assert_eq!(all["meta"]["path"], "/api/v1/admin/support/tickets");
    let times: Vec<&str> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["last_message_at"].as_str().unwrap())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest activity first"
    );

    let (_, open) = server
        .get(
            &token,
            "/api/v1/admin/support/tickets?status=open&per_page=100",
        )
        .await;
    let (_, closed) = server
        .get(
            &token,
            "/api/v1/admin/support/tickets?status=closed&per_page=100",
        )
        .await;
    let open_total = open["meta"]["total"].as_u64().unwrap();
    assert_eq!(open_total + closed["meta"]["total"].as_u64().unwrap(), 200);
    assert!(open["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["status"] == "open"));

    let (_, unassigned) = server
        .get(&token, "/api/v1/admin/support/tickets?assigned=unassigned")
        .await;
    assert!(unassigned["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["assigned_to"].is_null()));
    let (_, mine) = server
        .get(&token, "/api/v1/admin/support/tickets?assigned=me")
        .await;
    assert!(mine["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["assigned_to"] == 2));
    let (_, by_reason) = server
        .get(&token, "/api/v1/admin/support/tickets?reason_id=1")
        .await;
    assert!(by_reason["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["reason"]["id"] == 1));

    let (_, search) = server
        .get(
            &token,
            "/api/v1/admin/support/tickets?search=cliente7%40mesa.test",
        )
        .await;
    assert!(search["meta"]["total"].as_u64().unwrap() >= 1);
    assert!(search["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["customer"]["email"] == "cliente7@mesa.test"));
    let (_, none) = server
        .get(&token, "/api/v1/admin/support/tickets?search=%25_nada_%25")
        .await;
    assert_eq!(none["meta"]["total"], 0);

    let (_, oldest) = server
        .get(
            &token,
            "/api/v1/admin/support/tickets?sort=last_message_at&per_page=3",
        )
        .await;
    let times: Vec<&str> = oldest["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["last_message_at"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));

    for bad in [
        "per_page=101",
        "per_page=0",
        "status=pending",
        "sort=subject",
        "assigned=someone",
        "page=-1",
    ] {
        let (status, body) = server
            .get(&token, &format!("/api/v1/admin/support/tickets?{bad}"))
            .await;
        assert_eq!(status, 422, "{bad}");
        assert!(body["errors"].is_object(), "{bad}");
    }
}

#[tokio::test]
async fn thread_and_message_paging() {
    let server = start("thread", &[]).await;
    let token = server.admin_token().await;
    // Ticket 1 is one of the long demo threads (60 messages).
    let (status, ticket) = server.get(&token, "/api/v1/admin/support/tickets/1").await;
    assert_eq!(status, 200);
    let messages = ticket["data"]["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 50);
    assert_eq!(ticket["data"]["has_more_messages"], true);
    let ids: Vec<i64> = messages.iter().map(|m| m["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "oldest first");

    let (_, older) = server
        .get(
            &token,
            &format!(
                "/api/v1/admin/support/tickets/1/messages?before_id={}&limit=100",
                ids[0]
            ),
        )
        .await;
    assert_eq!(older["data"].as_array().unwrap().len(), 10);
    assert_eq!(older["meta"]["has_more"], false);
    let (_, newer) = server
        .get(
            &token,
            &format!(
                "/api/v1/admin/support/tickets/1/messages?after_id={}&limit=5",
                ids[39]
            ),
        )
        .await;
    let newer_ids: Vec<i64> = newer["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    assert_eq!(newer_ids, ids[40..45].to_vec());
    assert_eq!(newer["meta"]["has_more"], true);

    assert_eq!(
        server
            .get(&token, "/api/v1/admin/support/tickets/99999")
            .await
            .0,
        404
    );
    assert_eq!(
        server
            .get(&token, "/api/v1/admin/support/tickets/abc")
            .await
            .0,
        404
    );
    assert_eq!(
        server
            .get(&token, "/api/v1/admin/support/tickets/1/messages?limit=500")
            .await
            .0,
        422
    );
    assert_eq!(
        server
            .get(
                &token,
                "/api/v1/admin/support/tickets/1/messages?before_id=x"
            )
            .await
            .0,
        422
    );
}

#[tokio::test]
async fn replies_status_assignment_and_read_marks() {
    let server = start("writes", &[]).await;
    let token = server.admin_token().await;
    let (status, reopened) = server
        .send_json(
            Method::PATCH,
            &token,
            "/api/v1/admin/support/tickets/2",
            json!({"status": "open", "assigned_to": 2}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(reopened["data"]["status"], "open");
    assert_eq!(reopened["data"]["assignee"]["name"], "Carlos Méndez");

    let (status, reply) = server
        .post(
            &token,
            "/api/v1/admin/support/tickets/2/messages",
            json!({"message": "  Hola, ya lo revisamos.  "}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(reply["data"]["message"], "Hola, ya lo revisamos.");
    assert_eq!(reply["data"]["is_from_admin"], true);
    assert_eq!(
        reply["data"]["sender"],
        json!({"type": "admin", "name": "Carlos Méndez"})
    );
    let (_, ticket) = server.get(&token, "/api/v1/admin/support/tickets/2").await;
    assert_eq!(ticket["data"]["last_message"]["id"], reply["data"]["id"]);

    assert_eq!(
        server
            .post(
                &token,
                "/api/v1/admin/support/tickets/2/messages",
                json!({"message": "   "})
            )
            .await
            .0,
        422
    );
    assert_eq!(
        server
            .post(
                &token,
                "/api/v1/admin/support/tickets/2/messages",
                json!({"message": 5})
            )
            .await
            .0,
        422
    );

    let (status, closed) = server
        .send_json(
            Method::PATCH,
            &token,
            "/api/v1/admin/support/tickets/2",
            json!({"status": "closed", "assigned_to": null}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(closed["data"]["status"], "closed");
    assert!(closed["data"]["resolved_at"].is_string());
    assert!(closed["data"]["assignee"].is_null());
    let (status, refused) = server
        .post(
            &token,
            "/api/v1/admin/support/tickets/2/messages",
            json!({"message": "¿Sigue ahí?"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(refused["errors"]["message"].is_array());

    for bad in [
        json!({"status": "pending"}),
        json!({"assigned_to": 999}),
        json!({"assigned_to": "2"}),
        json!({}),
    ] {
        assert_eq!(
            server
                .send_json(
                    Method::PATCH,
                    &token,
                    "/api/v1/admin/support/tickets/2",
                    bad.clone()
                )
                .await
                .0,
            422,
            "{bad}"
        );
    }

    let (_, before) = server
        .get(&token, "/api/v1/admin/support/tickets?per_page=100")
        .await;
    let unread_ticket = before["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["unread_count"].as_u64().unwrap() > 0)
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        server
            .post(
                &token,
                &format!("/api/v1/admin/support/tickets/{unread_ticket}/read"),
                json!({})
            )
            .await
            .0,
        204
    );
    let (_, after) = server
        .get(
            &token,
            &format!("/api/v1/admin/support/tickets/{unread_ticket}"),
        )
        .await;
    assert_eq!(after["data"]["unread_count"], 0);
}

#[tokio::test]
async fn customers_use_the_seeds_api_and_only_see_their_own_tickets() {
    let server = start("customer", &[]).await;
    let token = server.customer_token(3).await;
    let (status, reasons) = server.get(&token, "/api/v1/support/reasons").await;
    assert_eq!(status, 200);
    assert_eq!(reasons["data"][0]["name"], "Puntos");

    let (status, created) = server
        .post(
            &token,
            "/api/v1/support/tickets",
            json!({"reason_id": 1, "subject": "Puntos perdidos", "message": "No veo mis puntos."}),
        )
        .await;
    assert_eq!(status, 201);
    let id = created["data"]["id"].as_i64().unwrap();
    assert_eq!(created["data"]["status"], "open");
    assert_eq!(
        created["data"]["last_message"]["message"],
        "No veo mis puntos."
    );
    assert_eq!(created["data"]["customer"]["email"], "cliente3@mesa.test");

    let (status, sent) = server
        .post(
            &token,
            &format!("/api/v1/support/tickets/{id}/messages"),
            json!({"message": "¿Alguna novedad?"}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(sent["data"]["is_from_admin"], false);
    let (_, mine) = server.get(&token, "/api/v1/support/tickets").await;
    assert!(mine["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["customer"]["email"] == "cliente3@mesa.test"));
    let (_, detail) = server
        .get(&token, &format!("/api/v1/support/tickets/{id}"))
        .await;
    assert_eq!(detail["data"]["messages"].as_array().unwrap().len(), 2);

    let other = server.customer_token(4).await;
    assert_eq!(
        server
            .get(&other, &format!("/api/v1/support/tickets/{id}"))
            .await
            .0,
        404
    );
    assert_eq!(
        server
            .post(
                &other,
                &format!("/api/v1/support/tickets/{id}/messages"),
                json!({"message": "x"})
            )
            .await
            .0,
        404
    );
    assert_eq!(
        server
            .post(
                &token,
                "/api/v1/support/tickets",
                json!({"reason_id": 99, "message": "x"})
            )
            .await
            .0,
        422
    );
    assert_eq!(
        server
            .post(&token, "/api/v1/support/tickets", json!({"reason_id": 1}))
            .await
            .0,
        422
    );
    let admin = server.admin_token().await;
    assert_eq!(server.get(&admin, "/api/v1/support/tickets").await.0, 401);
}

#[tokio::test]
async fn attachments_are_stored_served_and_limited() {
    let server = start("uploads", &[]).await;
    let token = server.customer_token(5).await;
    let png = b"\x89PNG\r\n\x1a\nnot-really-a-png".to_vec();
    let form = reqwest::multipart::Form::new()
        .text("reason_id", "2")
        .text("message", "Foto del cupón")
        .part(
            "attachments[]",
            reqwest::multipart::Part::bytes(png.clone())
                .file_name("../cupón.png")
                .mime_str("image/png")
                .unwrap(),
        );
    let response = server
        .http
        .post(server.url("/api/v1/support/tickets"))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let ticket: Value = response.json().await.unwrap();
    let id = ticket["data"]["id"].as_i64().unwrap();
    let (_, detail) = server
        .get(&token, &format!("/api/v1/support/tickets/{id}"))
        .await;
    let attachment = &detail["data"]["messages"][0]["attachments"][0];
    assert_eq!(attachment["file_name"], "cupón.png");
    assert_eq!(attachment["mime_type"], "image/png");
    assert_eq!(attachment["file_size"], png.len());
    let served = server
        .http
        .get(server.url(attachment["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    // Kept by this browser only, and not for long: a customer's file should
    // not outlive the session on a shared computer.
    assert_eq!(served.headers()["cache-control"], "private, max-age=300");
    assert_eq!(served.bytes().await.unwrap().to_vec(), png);

    // A temporary signed URL, valid for 30 minutes.
    let signed = attachment["url"].as_str().unwrap();
    let (path, query) = signed.split_once('?').unwrap();
    let expires: i64 = query
        .strip_prefix("expires=")
        .and_then(|q| q.split('&').next())
        .unwrap()
        .parse()
        .unwrap();
    let now = devserver::clock::now_millis() / 1000;
    assert!(
        (now + 29 * 60..=now + 31 * 60).contains(&expires),
        "{signed}"
    );
    let signature = query.split_once("&signature=").unwrap().1;
    let flipped = format!(
        "{}{}",
        &signature[..signature.len() - 1],
        if signature.ends_with('0') { '1' } else { '0' }
    );
    let other_id = attachment["id"].as_i64().unwrap() + 1;
    let refused = [
        path.to_string(),
        format!("{path}?expires={expires}"),
        format!("{path}?expires={expires}&signature={flipped}"),
        format!("{path}?expires={}&signature={signature}", expires + 3600),
        format!("/storage/attachments/{other_id}/x.png?{query}"),
        // Signed with the right secret, but already expired.
        devserver::http::signed::sign("mesa-secret", path, now - 1, None),
        devserver::http::signed::sign("another-secret", path, now + 600, None),
    ];
    for url in refused {
        let response = server.http.get(server.url(&url)).send().await.unwrap();
        assert_eq!(response.status(), 403, "{url}");
        assert_eq!(
            response.json::<Value>().await.unwrap(),
            json!({"message": "Invalid signature."}),
            "{url}"
        );
    }
    let fresh = devserver::http::signed::sign("mesa-secret", path, now + 60, None);
    let response = server.http.get(server.url(&fresh)).send().await.unwrap();
    assert_eq!(response.status(), 200, "the same path, signed and in time");

    let html = reqwest::multipart::Form::new().part(
        "attachments[]",
        reqwest::multipart::Part::bytes(b"<script>".to_vec())
            .file_name("x.html")
            .mime_str("text/html")
            .unwrap(),
    );
    let response = server
        .http
        .post(server.url(&format!("/api/v1/support/tickets/{id}/messages")))
        .bearer_auth(&token)
        .multipart(html)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);

    let big = reqwest::multipart::Form::new().part(
        "attachments[]",
        reqwest::multipart::Part::bytes(vec![0u8; 10 * 1024 * 1024 + 1])
            .file_name("big.pdf")
            .mime_str("application/pdf")
            .unwrap(),
    );
    let response = server
        .http
        .post(server.url(&format!("/api/v1/support/tickets/{id}/messages")))
        .bearer_auth(&token)
        .multipart(big)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert!(response.json::<Value>().await.unwrap()["message"].is_string());
}

/// The status and body of a GET without a token, as an `<img>` makes it.
async fn fetch(server: &crate::common::TestServer, url: &str) -> (u16, Vec<u8>) {
    let response = server.http.get(server.url(url)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.bytes().await.unwrap().to_vec())
}

/// The first attachment URL of a ticket's first message, as this token sees it.
async fn first_attachment_url(
    server: &crate::common::TestServer,
    token: &str,
    path: &str,
) -> String {
    let (status, detail) = server.get(token, path).await;
    assert_eq!(status, 200, "{detail}");
    detail["data"]["messages"][0]["attachments"][0]["url"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn attachment_urls_die_with_the_session_that_got_them() {
    let server = start("attachment-sessions", &[]).await;
    let customer = server.customer_token(6).await;
    let png = b"\x89PNG\r\n\x1a\nsession-bound".to_vec();
    let form = reqwest::multipart::Form::new()
        .text("reason_id", "2")
        .text("message", "Foto")
        .part(
            "attachments[]",
            reqwest::multipart::Part::bytes(png.clone())
                .file_name("foto.png")
                .mime_str("image/png")
                .unwrap(),
        );
    let response = server
        .http
        .post(server.url("/api/v1/support/tickets"))
        .bearer_auth(&customer)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let id = response.json::<Value>().await.unwrap()["data"]["id"]
        .as_i64()
        .unwrap();

    // The same admin on a laptop and a phone: each token gets its own URLs.
    let laptop = server.admin_token().await;
    let phone = server.admin_token().await;
    let path = format!("/api/v1/admin/support/tickets/{id}");
    let laptop_url = first_attachment_url(&server, &laptop, &path).await;
    let phone_url = first_attachment_url(&server, &phone, &path).await;
    let customer_url =
        first_attachment_url(&server, &customer, &format!("/api/v1/support/tickets/{id}")).await;
    // Bound by the token's id, never the token itself.
    let laptop_id = laptop.split_once('|').unwrap().0;
    assert!(
        laptop_url.contains(&format!("&sid={laptop_id}&")),
        "{laptop_url}"
    );
    assert!(!laptop_url.contains(laptop.split_once('|').unwrap().1));
    assert_ne!(laptop_url, phone_url);
    for url in [&laptop_url, &phone_url, &customer_url] {
        assert_eq!(fetch(&server, url).await, (200, png.clone()), "{url}");
    }
    // The message pages used to refresh a failed image are bound too.
    let (_, page) = server
        .get(
            &laptop,
            &format!("/api/v1/admin/support/tickets/{id}/messages?limit=1"),
        )
        .await;
    let paged = page["data"][0]["attachments"][0]["url"].as_str().unwrap();
    assert!(paged.contains(&format!("&sid={laptop_id}&")), "{paged}");

    // The laptop signs out: its URLs die, the phone's and the customer's live on.
    let (status, _) = server
        .post(&laptop, "/api/v1/admin/auth/logout", json!({}))
        .await;
    assert_eq!(status, 204);
    for url in [laptop_url.as_str(), paged] {
        let (status, body) = fetch(&server, url).await;
        assert_eq!(status, 403, "{url}");
        assert_eq!(
            serde_json::from_slice::<Value>(&body).unwrap(),
            json!({"message": "Invalid signature."})
        );
    }
    assert_eq!(fetch(&server, &phone_url).await.0, 200);
    assert_eq!(fetch(&server, &customer_url).await.0, 200);

    // The customer's own URLs die with the customer's token.
    let (status, _) = server
        .post(&customer, "/api/v1/auth/logout", json!({}))
        .await;
    assert_eq!(status, 204);
    assert_eq!(fetch(&server, &customer_url).await.0, 403);
    assert_eq!(fetch(&server, &phone_url).await.0, 200);
}

#[tokio::test]
async fn broadcast_attachment_urls_are_short_lived_and_bound_to_no_session() {
    let server = start("attachment-broadcasts", &[]).await;
    let admin = server.admin_token().await;
    let mut socket = server.socket().await;
    server
        .subscribe(&mut socket, &admin, "private-support.admin")
        .await;
    let customer = server.customer_token(7).await;
    let (status, ticket) = server
        .post(
            &customer,
            "/api/v1/support/tickets",
            json!({"reason_id": 2, "message": "Hola"}),
        )
        .await;
    assert_eq!(status, 201, "{ticket}");
    let id = ticket["data"]["id"].as_i64().unwrap();
    let form = reqwest::multipart::Form::new().part(
        "attachments[]",
        reqwest::multipart::Part::bytes(b"\x89PNG\r\n\x1a\nbroadcast".to_vec())
            .file_name("b.png")
            .mime_str("image/png")
            .unwrap(),
    );
    let response = server
        .http
        .post(server.url(&format!("/api/v1/admin/support/tickets/{id}/messages")))
        .bearer_auth(&admin)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let answered = response.json::<Value>().await.unwrap();
    let answered = answered["data"]["attachments"][0]["url"].as_str().unwrap();
    assert!(answered.contains("&sid="), "{answered}");
    let event = loop {
        let event = socket.next_event().await;
        if event["event"] == "message.sent" {
            break event;
        }
    };
    let payload = crate::common::data(&event);
    let url = payload["message"]["attachments"][0]["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!url.contains("sid="), "{url}");
    let expires: i64 = url
        .split_once("?expires=")
        .and_then(|(_, q)| q.split('&').next())
        .unwrap()
        .parse()
        .unwrap();
    let now = devserver::clock::now_millis() / 1000;
    let lifetime = devserver::http::signed::BROADCAST_LIFETIME_SECS;
    assert!(
        lifetime <= 10 * 60,
        "short-lived: the contract's least, no more"
    );
    assert!(
        (now + lifetime - 60..=now + lifetime).contains(&expires),
        "{url}"
    );
    // Not bound to the sender's session: it outlives the sign-out, briefly.
    let (status, _) = server
        .post(&admin, "/api/v1/admin/auth/logout", json!({}))
        .await;
    assert_eq!(status, 204);
    assert_eq!(fetch(&server, &url).await.0, 200);
    assert_eq!(fetch(&server, answered).await.0, 403);
}

#[tokio::test]
async fn injected_rest_failures_and_recovery() {
    let server = start("faults-rest", &[]).await;
    let token = server.admin_token().await;
    let armed: Value = server
        .http
        .post(server.url("/__dev/rest/fail"))
        .json(&json!({"count": 2, "status": 503}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(armed["failing_next"], 2);
    assert_eq!(server.get(&token, "/api/v1/admin/auth/me").await.0, 503);
    assert_eq!(server.get(&token, "/api/v1/admin/auth/me").await.0, 503);
    assert_eq!(server.get(&token, "/api/v1/admin/auth/me").await.0, 200);

    server
        .http
        .post(server.url("/__dev/rest/fail"))
        .json(&json!({"count": 1, "status": 429}))
        .send()
        .await
        .unwrap();
    let limited = server
        .http
        .get(server.url("/api/v1/admin/auth/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.headers()["retry-after"], "1");

    let refused = server
        .http
        .post(server.url("/__dev/rest/fail"))
        .json(&json!({"count": 1, "status": 200}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
}

#[tokio::test]
async fn fault_endpoints_take_json_only() {
    let server = start("faults-json", &[]).await;
    // What a cross-site page can send without a preflight: no body, a form,
    // text/plain. None of them may reach a fault.
    let bare = server
        .http
        .post(server.url("/__dev/ws/drop"))
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), 415);
    assert!(bare.json::<Value>().await.unwrap()["message"].is_string());
    let form = server
        .http
        .post(server.url("/__dev/rest/fail"))
        .form(&[("count", "5"), ("status", "503")])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 415);
    let text = server
        .http
        .post(server.url("/__dev/latency"))
        .header("Content-Type", "text/plain")
        .body(r#"{"rest_ms": 500}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(text.status(), 415);
    let token = server.admin_token().await;
    assert_eq!(
        server.get(&token, "/api/v1/admin/auth/me").await.0,
        200,
        "the refused form armed nothing"
    );
    let json = server
        .http
        .post(server.url("/__dev/ws/drop"))
        .header("Content-Type", "application/json; charset=utf-8")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 200);
}

#[tokio::test]
async fn fault_endpoints_are_absent_without_the_flag() {
    let dir = temp_dir("no-faults");
    let mut opts = options(&dir, &[]);
    opts.dev_faults = false;
    let server = start_with(dir, opts).await;
    let response = server
        .http
        .post(server.url("/__dev/ws/drop"))
        .send()
        .await
        .unwrap();
    assert_ne!(response.status(), 200);
}

#[tokio::test]
async fn data_survives_a_restart() {
    let dir = temp_dir("restart");
    let db = dir.join("mesa.sqlite").display().to_string();
    let reply_id = {
        let server = start_with(dir.clone(), options(&dir, &["--db", &db])).await;
        let token = server.admin_token().await;
        server
            .send_json(
                Method::PATCH,
                &token,
                "/api/v1/admin/support/tickets/5",
                json!({"status": "open"}),
            )
            .await;
        let (status, reply) = server
            .post(
                &token,
                "/api/v1/admin/support/tickets/5/messages",
                json!({"message": "Persistente"}),
            )
            .await;
        assert_eq!(status, 201);
        reply["data"]["id"].as_i64().unwrap()
    };
    let server = start_with(dir.clone(), options(&dir, &["--db", &db])).await;
    let token = server.admin_token().await;
    let (_, ticket) = server.get(&token, "/api/v1/admin/support/tickets/5").await;
    assert_eq!(ticket["data"]["last_message"]["id"], reply_id);
    assert_eq!(ticket["data"]["last_message"]["message"], "Persistente");
    let (_, all) = server.get(&token, "/api/v1/admin/support/tickets").await;
    assert_eq!(
        all["meta"]["total"], 200,
        "seeding an existing database adds nothing"
    );
}

#[tokio::test]
async fn a_database_from_an_older_build_is_refused_with_a_clear_error() {
    let dir = temp_dir("old-db");
    let db = dir.join("old.sqlite");
    {
        // What builds before hashed passwords left behind: plain passwords,
        // plain tokens, no schema version.
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "CREATE TABLE admins (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
                 email TEXT NOT NULL UNIQUE, password TEXT NOT NULL);
             INSERT INTO admins (name, email, password) VALUES ('A', 'a@mesa.test', 'password');
             CREATE TABLE tokens (token TEXT PRIMARY KEY, kind TEXT NOT NULL,
                 user_id INTEGER NOT NULL, created_at INTEGER NOT NULL);",
        )
        .unwrap();
    }
    let db = db.display().to_string();
    let refused = devserver::Server::bind(&options(&dir, &["--db", &db])).await;
    let Err(message) = refused else {
        panic!("an old database must be refused");
    };
    assert!(message.contains("older dev server"), "{message}");
    assert!(message.contains(&db), "names the file: {message}");
}

/// Files left in the uploads directory, apart from the demo's own.
fn uploaded_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir.join("uploads"))
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with("demo-"))
        .collect()
}

#[tokio::test]
async fn a_too_large_file_is_refused_while_it_is_still_arriving() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let server = start("upload-stream", &[]).await;
    let token = server.customer_token(8).await;
    let (status, created) = server
        .post(
            &token,
            "/api/v1/support/tickets",
            json!({"reason_id": 1, "message": "Va un PDF grande"}),
        )
        .await;
    assert_eq!(status, 201);
    let id = created["data"]["id"].as_i64().unwrap();
    let before = uploaded_files(&server.dir);

    // A body that announces 40 MB (under the 51 MB body limit) but sends a
    // little over 10 MB of one file and then nothing more. A server that
    // buffers the file or the body first never answers; one that counts
    // while reading answers 413 at 10 MB.
    let addr = server.base.trim_start_matches("http://").to_string();
    let stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST /api/v1/support/tickets/{id}/messages HTTP/1.1\r\n\
         Host: {addr}\r\n\
         Authorization: Bearer {token}\r\n\
         Accept: application/json\r\n\
         Content-Type: multipart/form-data; boundary=mesa-boundary\r\n\
         Content-Length: 40000000\r\n\
         Connection: close\r\n\r\n\
         --mesa-boundary\r\n\
         Content-Disposition: form-data; name=\"attachments[]\"; filename=\"grande.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    );
    let writing = tokio::spawn(async move {
        writer.write_all(head.as_bytes()).await?;
        let chunk = vec![b'%'; 64 * 1024];
        for _ in 0..(10 * 1024 * 1024 / chunk.len() + 8) {
            writer.write_all(&chunk).await?;
        }
        // Keep the connection open: the rest of the body never comes.
        std::future::pending::<()>().await;
        Ok::<(), std::io::Error>(())
    });
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    let read = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        loop {
            let n = reader.read(&mut buffer).await.unwrap_or(0);
            answer.extend_from_slice(&buffer[..n]);
            let text = String::from_utf8_lossy(&answer);
            if n == 0 || text.contains("}") {
                break;
            }
        }
    })
    .await;
    writing.abort();
    assert!(read.is_ok(), "no answer while the body was still arriving");
    let answer = String::from_utf8_lossy(&answer).into_owned();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("10240 kilobytes"), "{answer}");
    assert_eq!(
        uploaded_files(&server.dir),
        before,
        "the refused part is not left on disk"
    );
    let (_, detail) = server
        .get(&token, &format!("/api/v1/support/tickets/{id}"))
        .await;
    assert_eq!(detail["data"]["messages"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn refused_uploads_leave_no_files_behind() {
    let server = start("upload-cleanup", &[]).await;
    let token = server.customer_token(9).await;
    let (_, created) = server
        .post(
            &token,
            "/api/v1/support/tickets",
            json!({"reason_id": 1, "message": "Hola"}),
        )
        .await;
    let id = created["data"]["id"].as_i64().unwrap();
    let before = uploaded_files(&server.dir);
    // A good file, then a bad one: the request fails after the first was written.
    let form = reqwest::multipart::Form::new()
        .part(
            "attachments[]",
            reqwest::multipart::Part::bytes(b"%PDF-1.4".to_vec())
                .file_name("bien.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        )
        .part(
            "attachments[]",
            reqwest::multipart::Part::bytes(b"<svg/>".to_vec())
                .file_name("mal.svg")
                .mime_str("image/svg+xml")
                .unwrap(),
        );
    let response = server
        .http
        .post(server.url(&format!("/api/v1/support/tickets/{id}/messages")))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(uploaded_files(&server.dir), before);
    // A file with a message on a closed ticket: refused after reading.
    let admin = server.admin_token().await;
    server
        .send_json(
            Method::PATCH,
            &admin,
            &format!("/api/v1/admin/support/tickets/{id}"),
            json!({"status": "closed"}),
        )
        .await;
    let form = reqwest::multipart::Form::new().part(
        "attachments[]",
        reqwest::multipart::Part::bytes(b"%PDF-1.4".to_vec())
            .file_name("tarde.pdf")
            .mime_str("application/pdf")
            .unwrap(),
    );
    let response = server
        .http
        .post(server.url(&format!("/api/v1/support/tickets/{id}/messages")))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(uploaded_files(&server.dir), before);
}

/// Every route with an `{id}` reads it as Laravel's route binding does: an id
/// that is not a number, or too large for one, names no record, and the
/// answer is the contract's 404 with Laravel's body.
#[tokio::test]
async fn a_non_numeric_or_out_of_range_id_is_not_found() {
    let server = start("non-numeric-ids", &[]).await;
    let admin = server.admin_token().await;
    let customer = server.customer_token(1).await;
    let not_found = json!({"message": "Not Found"});
    for id in ["abc", "1x", "99999999999999999999"] {
        let admin_gets = [
            format!("/api/v1/admin/support/tickets/{id}"),
            format!("/api/v1/admin/support/tickets/{id}/messages"),
            format!("/api/v1/admin/support/customers/{id}"),
        ];
        for path in &admin_gets {
            assert_eq!(
                server.get(&admin, path).await,
                (404, not_found.clone()),
                "{path}"
            );
        }
        let path = format!("/api/v1/support/tickets/{id}");
        assert_eq!(
            server.get(&customer, &path).await,
            (404, not_found.clone()),
            "{path}"
        );

        let admin_writes = [
            (
                Method::PATCH,
                format!("/api/v1/admin/support/tickets/{id}"),
                json!({"status": "closed"}),
            ),
            (
                Method::POST,
                format!("/api/v1/admin/support/tickets/{id}/messages"),
                json!({"body": "Hola"}),
            ),
            (
                Method::POST,
                format!("/api/v1/admin/support/tickets/{id}/read"),
                json!({}),
            ),
            (
                Method::POST,
                format!("/api/v1/admin/support/tickets/{id}/notes"),
                json!({"body": "Nota"}),
            ),
            (
                Method::PATCH,
                format!("/api/v1/admin/support/canned-replies/{id}"),
                json!({"title": "x"}),
            ),
            (
                Method::DELETE,
                format!("/api/v1/admin/support/canned-replies/{id}"),
                json!({}),
            ),
        ];
        for (method, path, body) in admin_writes {
            let answer = server.send_json(method.clone(), &admin, &path, body).await;
            assert_eq!(answer, (404, not_found.clone()), "{method} {path}");
        }
        let path = format!("/api/v1/support/tickets/{id}/messages");
        let answer = server.post(&customer, &path, json!({"body": "Hola"})).await;
        assert_eq!(answer, (404, not_found.clone()), "POST {path}");
    }
}
