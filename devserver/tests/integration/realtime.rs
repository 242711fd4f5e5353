//! The Pusher protocol server, broadcasts and channel auth, with a real
//! WebSocket client.

use std::time::Duration;

use crate::common::{data, start};
use devserver::pusher::signature::channel_auth;
use devserver::pusher::signature::signed_trigger_query;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn connection_established_and_ping_pong() {
    let server = start("ws-basics", &[]).await;
    let mut socket = server.socket().await;
    let (a, b) = socket.socket_id.split_once('.').unwrap();
    assert!(
        a.parse::<u64>().is_ok() && b.parse::<u64>().is_ok(),
        "{}",
        socket.socket_id
    );
    socket
        .send(json!({"event": "pusher:ping", "data": {}}))
        .await;
    assert_eq!(socket.next_event().await["event"], "pusher:pong");
}

#[tokio::test]
async fn an_idle_socket_is_pinged_then_closed_with_4201() {
    let server = start("ws-idle", &["--activity-timeout", "1"]).await;
    let mut socket = server.socket().await;
    assert_eq!(socket.next_event().await["event"], "pusher:ping");
    let error = socket.next_event().await;
    assert_eq!(error["event"], "pusher:error");
    assert_eq!(data(&error)["code"], 4201);
    assert_eq!(socket.close_code().await, Some(4201));

    // Answering the ping keeps the socket open.
    let mut alive = server.socket().await;
    assert_eq!(alive.next_event().await["event"], "pusher:ping");
    alive
        .send(json!({"event": "pusher:pong", "data": {}}))
        .await;
    assert_eq!(alive.next_event().await["event"], "pusher:ping");
}

#[tokio::test]
async fn an_unknown_app_key_gets_4001_and_is_closed() {
    let server = start("ws-key", &[]).await;
    let (mut ws, _) =
        tokio_tungstenite::connect_async(format!("{}/app/wrong-key?protocol=7", server.ws_base))
            .await
            .unwrap();
    use futures_util::StreamExt;
    let first = ws.next().await.unwrap().unwrap();
    let frame: Value = serde_json::from_str(first.to_text().unwrap()).unwrap();
    assert_eq!(frame["event"], "pusher:error");
    assert_eq!(data(&frame)["code"], 4001);
    match ws.next().await {
        Some(Ok(tokio_tungstenite::tungstenite::Message::Close(Some(close)))) => {
            assert_eq!(u16::from(close.code), 4001)
        }
        other => panic!("expected a close frame, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_input_gets_4200_and_never_disturbs_the_connection() {
    let server = start("ws-bad", &[]).await;
    let mut socket = server.socket().await;
    let bad_frames = [
        "not json".to_string(),
        "[1,2,3]".to_string(),
        json!({"event": 5}).to_string(),
        json!({"event": "pusher:signin", "data": {"auth": "x", "user_data": "{}"}}).to_string(),
        json!({"event": "pusher:unknown"}).to_string(),
        json!({"event": "pusher:subscribe", "data": 42}).to_string(),
        json!({"event": "pusher:subscribe", "data": {"channel": "bad channel name!"}}).to_string(),
        json!({"event": "pusher:subscribe", "data": {"channel": 7}}).to_string(),
        json!({"event": "pusher:ping", "data": "x".repeat(11 * 1024)}).to_string(),
    ];
    for frame in bad_frames {
        socket.send_text(frame.clone()).await;
        let error = socket.next_event().await;
        assert_eq!(error["event"], "pusher:error", "for {frame:.60}");
        assert_eq!(data(&error)["code"], 4200, "for {frame:.60}");
    }
    socket.send(json!({"event": "pusher:ping"})).await;
    assert_eq!(socket.next_event().await["event"], "pusher:pong");
}

#[tokio::test]
async fn private_channels_need_a_valid_signature() {
    let server = start("ws-auth", &[]).await;
    let admin = server.admin_token().await;
    let mut socket = server.socket().await;

    socket
        .send(json!({"event": "pusher:subscribe", "data": {"channel": "private-support.admin"}}))
        .await;
    let refused = socket.next_event().await;
    assert_eq!(refused["event"], "pusher:error");
    assert_eq!(data(&refused)["code"], 4009);
    assert!(
        refused.get("channel").is_none(),
        "Reverb's 4009 names no channel"
    );

    // A signature for another socket is refused too.
    let forged = channel_auth(
        "mesa-key",
        "mesa-secret",
        "1.1",
        "private-support.admin",
        None,
    );
    socket.send(json!({"event": "pusher:subscribe", "data": {"channel": "private-support.admin", "auth": forged}})).await;
    assert_eq!(data(&socket.next_event().await)["code"], 4009);

    let succeeded = server
        .subscribe(&mut socket, &admin, "private-support.admin")
        .await;
    assert_eq!(succeeded["channel"], "private-support.admin");

    // Public channels need nothing.
    socket
        .send(json!({"event": "pusher:subscribe", "data": {"channel": "announcements"}}))
        .await;
    assert_eq!(
        socket.next_event().await["event"],
        "pusher_internal:subscription_succeeded"
    );
}

#[tokio::test]
async fn the_auth_endpoint_decides_who_may_join_what() {
    let server = start("auth-endpoint", &[]).await;
    let admin = server.admin_token().await;
    let customer = server.customer_token(1).await;
    let authorize = |token: String, channel: &'static str| {
        let server = &server;
        async move {
            let response = server
                .http
                .post(server.url("/api/v1/broadcasting/auth"))
                .bearer_auth(token)
                .form(&[("socket_id", "123.456"), ("channel_name", channel)])
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let (status, body) = authorize(admin.clone(), "private-support.admin").await;
    assert_eq!(status, 200);
    assert_eq!(
        body["auth"],
        channel_auth(
            "mesa-key",
            "mesa-secret",
            "123.456",
            "private-support.admin",
            None
        )
    );
    assert_eq!(
        authorize(admin.clone(), "private-support.ticket.9").await.0,
        200
    );
    let (status, presence) = authorize(admin.clone(), "presence-support.ticket.9").await;
    assert_eq!(status, 200);
    let channel_data: Value =
        serde_json::from_str(presence["channel_data"].as_str().unwrap()).unwrap();
    assert_eq!(channel_data["user_info"]["name"], "Carlos Méndez");

    let (status, body) = authorize(customer.clone(), "private-support.admin").await;
    assert_eq!(status, 403);
    assert_eq!(body["message"], "Unauthorized");
    assert_eq!(
        authorize(customer.clone(), "private-customer.1").await.0,
        200
    );
    assert_eq!(
        authorize(customer.clone(), "private-customer.2").await.0,
        403
    );
    assert_eq!(
        authorize(customer.clone(), "presence-support.ticket.1")
            .await
            .0,
        403
    );
    assert_eq!(
        authorize("not-a-token".into(), "private-customer.1")
            .await
            .0,
        401
    );

    let bad_socket = server
        .http
        .post(server.url("/api/v1/broadcasting/auth"))
        .bearer_auth(&admin)
        .form(&[
            ("socket_id", "abc"),
            ("channel_name", "private-support.admin"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad_socket.status(), 403);
}

#[tokio::test]
async fn the_auth_endpoint_reads_form_and_json_and_wants_a_token_first() {
    let server = start("auth-bodies", &[]).await;
    let admin = server.admin_token().await;
    let expected = channel_auth(
        "mesa-key",
        "mesa-secret",
        "123.456",
        "private-support.admin",
        None,
    );
    let form = server
        .http
        .post(server.url("/api/v1/broadcasting/auth"))
        .bearer_auth(&admin)
        .form(&[
            ("socket_id", "123.456"),
            ("channel_name", "private-support.admin"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 200);
    assert_eq!(form.json::<Value>().await.unwrap()["auth"], expected);
    let json_body = server
        .http
        .post(server.url("/api/v1/broadcasting/auth"))
        .bearer_auth(&admin)
        .json(&json!({"socket_id": "123.456", "channel_name": "private-support.admin"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json_body.status(), 200);
    assert_eq!(json_body.json::<Value>().await.unwrap()["auth"], expected);
    let (status, presence) = server
        .post(
            &admin,
            "/api/v1/broadcasting/auth",
            json!({"socket_id": "123.456", "channel_name": "presence-support.ticket.3"}),
        )
        .await;
    assert_eq!(status, 200);
    assert!(presence["channel_data"].is_string());

    // No token, or a wrong one: 401 whatever the body, before anything else.
    for token in [None, Some("1|not-a-token")] {
        for body in [
            json!({"socket_id": "123.456", "channel_name": "private-support.admin"}),
            json!(["not", "an", "object"]),
        ] {
            let mut request = server
                .http
                .post(server.url("/api/v1/broadcasting/auth"))
                .header("Accept", "application/json")
                .json(&body);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 401, "{token:?} {body}");
            assert_eq!(
                response.json::<Value>().await.unwrap(),
                json!({"message": "Unauthenticated."})
            );
        }
    }
    let bare = server
        .http
        .post(server.url("/api/v1/broadcasting/auth"))
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), 401);
    // Signed in but the JSON names no socket: a 403, not a 415 or a 422.
    let (status, body) = server
        .post(
            &admin,
            "/api/v1/broadcasting/auth",
            json!({"channel_name": "private-support.admin"}),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["message"], "Unauthorized");
}

#[tokio::test]
async fn writes_broadcast_to_the_right_channels_except_the_sender() {
    let server = start("broadcasts", &[]).await;
    let admin = server.admin_token().await;
    let customer_token = server.customer_token(9).await;
    let (_, created) = server
        .post(
            &customer_token,
            "/api/v1/support/tickets",
            json!({"reason_id": 3, "message": "Pedido incompleto"}),
        )
        .await;
    let ticket = created["data"]["id"].as_i64().unwrap();
    let ticket_channel = format!("private-support.ticket.{ticket}");

    let mut inbox = server.socket().await;
    server
        .subscribe(&mut inbox, &admin, "private-support.admin")
        .await;
    let mut thread = server.socket().await;
    server.subscribe(&mut thread, &admin, &ticket_channel).await;
    let mut phone = server.socket().await;
    server
        .subscribe(&mut phone, &customer_token, "private-customer.9")
        .await;
    server
        .subscribe(&mut phone, &customer_token, &ticket_channel)
        .await;

    // A customer message: the ticket channel and the admin channel.
    let (_, sent) = server
        .post(
            &customer_token,
            &format!("/api/v1/support/tickets/{ticket}/messages"),
            json!({"message": "¿Hola?"}),
        )
        .await;
    for socket in [&mut inbox, &mut thread, &mut phone] {
        let event = socket.next_event().await;
        assert_eq!(event["event"], "message.sent");
        assert!(
            event["data"].is_string(),
            "data is a JSON string, as Laravel sends it"
        );
        let payload = data(&event);
        assert_eq!(payload["ticket_id"], ticket);
        assert_eq!(payload["message"], sent["data"]);
    }

    // An admin reply sent from the thread's socket: everyone else, including the customer's own channel.
    let response = server
        .http
        .post(server.url(&format!("/api/v1/admin/support/tickets/{ticket}/messages")))
        .bearer_auth(&admin)
        .header("X-Socket-ID", &thread.socket_id)
        .json(&json!({"message": "Ya lo revisamos"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let event = inbox.next_event().await;
    assert_eq!(data(&event)["message"]["is_from_admin"], true);
    let on_phone: Vec<String> = vec![phone.next_event().await, phone.next_event().await]
        .into_iter()
        .map(|e| e["channel"].as_str().unwrap().to_string())
        .collect();
    assert!(
        on_phone.contains(&ticket_channel) && on_phone.contains(&"private-customer.9".to_string()),
        "{on_phone:?}"
    );
    thread.assert_silent().await;

    // Close: ticket.status.changed on the ticket and admin channels.
    let (status, _) = server
        .send_json(
            Method::PATCH,
            &admin,
            &format!("/api/v1/admin/support/tickets/{ticket}"),
            json!({"status": "closed"}),
        )
        .await;
    assert_eq!(status, 200);
    for socket in [&mut inbox, &mut thread, &mut phone] {
        let event = socket.next_event().await;
        assert_eq!(event["event"], "ticket.status.changed");
        let payload = data(&event);
        assert_eq!(payload["ticket_id"], ticket);
        assert_eq!(payload["status"], "closed");
        assert!(payload["resolved_at"].is_string());
        assert!(payload.as_object().unwrap().contains_key("assigned_to"));
    }

    // A new ticket: ticket.created on the admin channel only.
    let (_, other) = server
        .post(
            &customer_token,
            "/api/v1/support/tickets",
            json!({"reason_id": 1, "message": "Otro tema"}),
        )
        .await;
    let event = inbox.next_event().await;
    assert_eq!(event["event"], "ticket.created");
    assert_eq!(data(&event)["ticket"]["id"], other["data"]["id"]);
    thread.assert_silent().await;
}

#[tokio::test]
async fn attachment_urls_are_signed_in_broadcasts_and_every_answer() {
    let server = start("signed-broadcast", &[]).await;
    let admin = server.admin_token().await;
    let customer = server.customer_token(6).await;
    let (_, created) = server
        .post(
            &customer,
            "/api/v1/support/tickets",
            json!({"reason_id": 1, "message": "Ahí va la foto"}),
        )
        .await;
    let ticket = created["data"]["id"].as_i64().unwrap();
    let mut inbox = server.socket().await;
    server
        .subscribe(&mut inbox, &admin, "private-support.admin")
        .await;
    let mut phone = server.socket().await;
    server
        .subscribe(&mut phone, &customer, "private-customer.6")
        .await;

    let png = b"\x89PNG\r\n\x1a\nfirmado".to_vec();
    let form = reqwest::multipart::Form::new().part(
        "attachments[]",
        reqwest::multipart::Part::bytes(png.clone())
            .file_name("foto.png")
            .mime_str("image/png")
            .unwrap(),
    );
    let response = server
        .http
        .post(server.url(&format!("/api/v1/admin/support/tickets/{ticket}/messages")))
        .bearer_auth(&admin)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let answer: Value = response.json().await.unwrap();
    let (_, admin_page) = server
        .get(
            &admin,
            &format!("/api/v1/admin/support/tickets/{ticket}/messages"),
        )
        .await;
    let (_, admin_detail) = server
        .get(&admin, &format!("/api/v1/admin/support/tickets/{ticket}"))
        .await;
    let (_, customer_detail) = server
        .get(&customer, &format!("/api/v1/support/tickets/{ticket}"))
        .await;
    let urls = [
        answer["data"]["attachments"][0]["url"].clone(),
        data(&inbox.next_event().await)["message"]["attachments"][0]["url"].clone(),
        data(&phone.next_event().await)["message"]["attachments"][0]["url"].clone(),
        admin_page["data"][1]["attachments"][0]["url"].clone(),
        admin_detail["data"]["messages"][1]["attachments"][0]["url"].clone(),
        customer_detail["data"]["messages"][1]["attachments"][0]["url"].clone(),
    ];
    for url in urls {
        let url = url.as_str().unwrap();
        assert!(
            url.starts_with("/storage/attachments/") && url.contains("?expires="),
            "{url}"
        );
        assert!(url.contains("&signature="), "{url}");
        // No bearer token: the signature alone opens it, as an <img> does.
        let served = server.http.get(server.url(url)).send().await.unwrap();
        assert_eq!(served.status(), 200, "{url}");
        assert_eq!(served.bytes().await.unwrap().to_vec(), png);
    }
}

#[tokio::test]
async fn presence_members_and_client_events() {
    let server = start("presence", &[]).await;
    let carlos = server.admin_token().await;
    let lucia = server
        .login("/api/v1/admin/auth/login", "lucia@mesa.test")
        .await;
    let channel = "presence-support.ticket.4";

    let mut first = server.socket().await;
    let joined = server.subscribe(&mut first, &carlos, channel).await;
    let presence = &data(&joined)["presence"];
    assert_eq!(presence["count"], 1);
    assert_eq!(presence["hash"]["2"]["name"], "Carlos Méndez");

    let mut second = server.socket().await;
    let joined = server.subscribe(&mut second, &lucia, channel).await;
    assert_eq!(data(&joined)["presence"]["count"], 2);
    let added = first.next_event().await;
    assert_eq!(added["event"], "pusher_internal:member_added");
    assert_eq!(data(&added)["user_id"], "3");

    // A second tab of the same admin is not a new member.
    let mut second_tab = server.socket().await;
    server.subscribe(&mut second_tab, &lucia, channel).await;
    first.assert_silent().await;

    // Client events reach the others, never the sender.
    second.send(json!({"event": "client-typing", "channel": channel, "data": {"admin_id": 3, "name": "Lucía", "typing": true}})).await;
    let typing = first.next_event().await;
    assert_eq!(typing["event"], "client-typing");
    assert_eq!(typing["user_id"], "3");
    assert_eq!(typing["data"]["typing"], true);
    second.assert_silent().await;

    // Not subscribed, or on a public channel: rejected.
    let mut outsider = server.socket().await;
    outsider
        .send(json!({"event": "client-typing", "channel": channel, "data": {}}))
        .await;
    assert_eq!(data(&outsider.next_event().await)["code"], 4301);

    // The member leaves only when their last socket does.
    second
        .send(json!({"event": "pusher:unsubscribe", "data": {"channel": channel}}))
        .await;
    first.assert_silent().await;
    drop(second_tab);
    let removed = first.next_event().await;
    assert_eq!(removed["event"], "pusher_internal:member_removed");
    assert_eq!(data(&removed)["user_id"], "3");
}

#[tokio::test]
async fn the_http_trigger_api_checks_its_signature() {
    let server = start("trigger", &[]).await;
    let admin = server.admin_token().await;
    let mut socket = server.socket().await;
    server
        .subscribe(&mut socket, &admin, "private-support.admin")
        .await;

    let body = json!({"name": "ticket.created", "channel": "private-support.admin", "data": "{\"ticket\":{\"id\":1}}"}).to_string();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let query = signed_trigger_query("mesa", "mesa-key", "mesa-secret", body.as_bytes(), now);
    let response = server
        .http
        .post(server.url(&format!("/apps/mesa/events?{query}")))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let event = socket.next_event().await;
    assert_eq!(event["event"], "ticket.created");
    assert_eq!(data(&event)["ticket"]["id"], 1);

    let forged = signed_trigger_query("mesa", "mesa-key", "wrong-secret", body.as_bytes(), now);
    let response = server
        .http
        .post(server.url(&format!("/apps/mesa/events?{forged}")))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let stale = signed_trigger_query(
        "mesa",
        "mesa-key",
        "mesa-secret",
        body.as_bytes(),
        now - 3600,
    );
    let response = server
        .http
        .post(server.url(&format!("/apps/mesa/events?{stale}")))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let response = server
        .http
        .post(server.url(&format!("/apps/mesa/events?{query}")))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401, "the body must match body_md5");
    socket.assert_silent().await;
}

#[tokio::test]
async fn injected_websocket_faults() {
    let server = start("faults-ws", &[]).await;
    let mut a = server.socket().await;
    let mut b = server.socket().await;
    let dropped: Value = server
        .http
        .post(server.url("/__dev/ws/drop"))
        .json(&json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(dropped["dropped"], 2);
    assert_eq!(a.close_code().await, Some(4200));
    assert_eq!(b.close_code().await, Some(4200));

    server
        .http
        .post(server.url("/__dev/ws/refuse"))
        .json(&json!({"seconds": 0.5}))
        .send()
        .await
        .unwrap();
    let refused =
        tokio_tungstenite::connect_async(format!("{}/app/mesa-key", server.ws_base)).await;
    assert!(refused.is_err(), "connections are refused for a while");
    tokio::time::sleep(Duration::from_millis(600)).await;
    let mut c = server.socket().await;
    c.send(json!({"event": "pusher:ping"})).await;
    assert_eq!(c.next_event().await["event"], "pusher:pong");

    // Broadcast latency delays, but delivers.
    let admin = server.admin_token().await;
    server
        .subscribe(&mut c, &admin, "private-support.admin")
        .await;
    server
        .http
        .post(server.url("/__dev/latency"))
        .json(&json!({"broadcast_ms": 300}))
        .send()
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let customer = server.customer_token(2).await;
    server
        .post(
            &customer,
            "/api/v1/support/tickets",
            json!({"reason_id": 1, "message": "Hola"}),
        )
        .await;
    assert_eq!(c.next_event().await["event"], "ticket.created");
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn random_frames_never_break_the_server() {
    let server = start("ws-fuzz", &[]).await;
    let mut socket = server.socket().await;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let pieces = [
        "{",
        "}",
        "[",
        "]",
        "\"event\"",
        ":",
        ",",
        "\"pusher:subscribe\"",
        "\"data\"",
        "\"channel\"",
        "\"private-support.admin\"",
        "null",
        "1e309",
        "\"\\u0000\"",
        "\"client-x\"",
        "\"auth\"",
        "\"a:b\"",
        "ü",
        "\u{1F600}",
    ];
    for _ in 0..300 {
        let len = (next() % 12) as usize;
        let text: String = (0..len)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect();
        socket.send_text(text).await;
    }
    // Every frame got at most an error; the socket and the server still work.
    socket.send(json!({"event": "pusher:ping"})).await;
    loop {
        let event = socket.next_event().await;
        if event["event"] == "pusher:pong" {
            break;
        }
        assert!(
            event["event"] == "pusher:error"
                || event["event"] == "pusher_internal:subscription_succeeded",
            "{event}"
        );
    }
    let mut other = server.socket().await;
    other.send(json!({"event": "pusher:ping"})).await;
    assert_eq!(other.next_event().await["event"], "pusher:pong");
}
