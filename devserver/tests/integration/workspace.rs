//! Contract v2's agent workspace besides notes: canned replies, customer
//! context with the `customer_id` filter, bulk changes, and who is viewing
//! a ticket.

use std::collections::BTreeSet;

use crate::common::{data, start, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

const CANNED: &str = "/api/v1/admin/support/canned-replies";

fn shortcuts(list: &Value) -> BTreeSet<String> {
    list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["shortcut"].as_str().unwrap().to_string())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn canned_replies_are_the_admins_own_and_the_shared_ones() {
    let server = start("canned-list", &[]).await;
    let carlos = server.admin_token().await;
    let carlos_id = server.admin_id(&carlos).await;
    let (status, list) = server.get(&carlos, CANNED).await;
    assert_eq!(status, 200);
    // The seed: shared hola, factura, puntos-24h; Carlos's cupon and cierre;
    // Diego's private reembolso is not his to see.
    assert_eq!(
        shortcuts(&list),
        set(&["hola", "factura", "puntos-24h", "cupon", "cierre"])
    );
    let hola = &list["data"][0];
    assert_eq!(hola["title"], "Saludo");
    assert_eq!(hola["shared"], true);
    assert!(hola["body"]
        .as_str()
        .unwrap()
        .contains("{{customer.first_name}}"));
    assert!(hola["updated_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        hola.as_object().unwrap().keys().collect::<Vec<_>>(),
        [
            "body",
            "id",
            "owner_id",
            "shared",
            "shortcut",
            "title",
            "updated_at"
        ]
    );
    for reply in list["data"].as_array().unwrap() {
        assert!(reply["shared"] == true || reply["owner_id"] == carlos_id);
    }
    let diego = server
        .login("/api/v1/admin/auth/login", "diego@mesa.test")
        .await;
    let (_, his) = server.get(&diego, CANNED).await;
    assert!(shortcuts(&his).contains("reembolso"));
    assert!(!shortcuts(&his).contains("cupon"));

    // Shared or not is the owner's call, and shows at once.
    let reembolso = his["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["shortcut"] == "reembolso")
        .unwrap()["id"]
        .clone();
    let (status, _) = server
        .send_json(
            Method::PATCH,
            &diego,
            &format!("{CANNED}/{reembolso}"),
            json!({"shared": true}),
        )
        .await;
    assert_eq!(status, 200);
    assert!(shortcuts(&server.get(&carlos, CANNED).await.1).contains("reembolso"));

    let customer = server.customer_token(1).await;
    assert_eq!(server.get(&customer, CANNED).await.0, 401);
}

#[tokio::test]
async fn canned_replies_are_validated() {
    let server = start("canned-validation", &[]).await;
    let admin = server.admin_token().await;
    let valid = json!({"title": "Despedida", "shortcut": "adios_1", "body": "Hasta pronto, {{customer.name}}.", "shared": false});
    let with = |field: &str, value: Value| {
        let mut body = valid.clone();
        body[field] = value;
        body
    };
    let cases = [
        (with("title", json!("")), "title"),
        (with("title", json!("t".repeat(81))), "title"),
        (with("title", json!(7)), "title"),
        (with("shortcut", json!("Hola")), "shortcut"),
        (with("shortcut", json!("con espacio")), "shortcut"),
        (with("shortcut", json!("s".repeat(33))), "shortcut"),
        (with("shortcut", json!("")), "shortcut"),
        (with("body", json!("")), "body"),
        (with("body", json!("b".repeat(5001))), "body"),
        (with("shared", json!("sí")), "shared"),
        (with("shortcut", json!("hola")), "shortcut"),
    ];
    let _ = server
        .post(&admin, CANNED, with("shortcut", json!("hola")))
        .await;
    for (body, field) in cases {
        let (status, answer) = server.post(&admin, CANNED, body.clone()).await;
        assert_eq!(status, 422, "{body}");
        assert!(answer["errors"][field][0].is_string(), "{field}: {answer}");
    }
    // Every bad field at once, as Laravel names them.
    let (status, answer) = server.post(&admin, CANNED, json!({"shortcut": "ÑÑ"})).await;
    assert_eq!(status, 422);
    for field in ["title", "shortcut", "body"] {
        assert!(answer["errors"][field].is_array(), "{answer}");
    }
    // The limits themselves are fine; `shared` defaults to false.
    let (status, created) = server
        .post(
            &admin,
            CANNED,
            json!({"title": "t".repeat(80), "shortcut": "a-b_c9".repeat(5) + "xy", "body": "b".repeat(5000)}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["data"]["shared"], false);
    let (status, _) = server.post(&admin, CANNED, valid).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn only_the_owner_changes_or_deletes_a_canned_reply() {
    let server = start("canned-owner", &[]).await;
    let carlos = server.admin_token().await;
    let carlos_id = server.admin_id(&carlos).await;
    let lucia = server
        .login("/api/v1/admin/auth/login", "lucia@mesa.test")
        .await;
    let (status, created) = server
        .post(
            &carlos,
            CANNED,
            json!({"title": "Espera", "shortcut": "espera", "body": "Un momento, por favor.", "shared": true}),
        )
        .await;
    assert_eq!(status, 201);
    let reply = created["data"].clone();
    assert_eq!(reply["owner_id"], carlos_id);
    let path = format!("{CANNED}/{}", reply["id"]);

    // Another owner may use the same shortcut; the same owner may not.
    let (status, _) = server
        .post(
            &lucia,
            CANNED,
            json!({"title": "Espera", "shortcut": "espera", "body": "Ya vuelvo."}),
        )
        .await;
    assert_eq!(status, 201);
    let (status, answer) = server
        .send_json(Method::PATCH, &carlos, &path, json!({"shortcut": "cupon"}))
        .await;
    assert_eq!(status, 422);
    assert!(answer["errors"]["shortcut"].is_array());

    // A PATCH may send some fields; its own shortcut is no clash.
    let (status, changed) = server
        .send_json(
            Method::PATCH,
            &carlos,
            &path,
            json!({"shortcut": "espera", "body": "Un momento, {{customer.first_name}}."}),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(
        changed["data"]["body"],
        "Un momento, {{customer.first_name}}."
    );
    assert_eq!(changed["data"]["title"], "Espera");
    assert_eq!(changed["data"]["shared"], true);
    let (status, _) = server
        .send_json(Method::PATCH, &carlos, &path, json!({"title": ""}))
        .await;
    assert_eq!(status, 422);

    // Lucía sees it (shared) but may not change or delete it.
    let (status, answer) = server
        .send_json(Method::PATCH, &lucia, &path, json!({"title": "Mío"}))
        .await;
    assert_eq!(status, 403);
    assert!(answer["message"].is_string());
    let (status, _) = server
        .send_json(Method::DELETE, &lucia, &path, json!({}))
        .await;
    assert_eq!(status, 403);
    for missing in [format!("{CANNED}/99999"), format!("{CANNED}/abc")] {
        let (status, _) = server
            .send_json(Method::PATCH, &carlos, &missing, json!({"title": "x"}))
            .await;
        assert_eq!(status, 404);
        let (status, _) = server
            .send_json(Method::DELETE, &carlos, &missing, json!({}))
            .await;
        assert_eq!(status, 404);
    }

    let (status, _) = server
        .send_json(Method::DELETE, &carlos, &path, json!({}))
        .await;
    assert_eq!(status, 204);
    assert!(!server.get(&carlos, CANNED).await.1["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == reply["id"]));
    let (status, _) = server
        .send_json(Method::DELETE, &carlos, &path, json!({}))
        .await;
    assert_eq!(status, 404);
}

/// Ticket ids of every page of this inbox query.
async fn inbox_ids(server: &TestServer, token: &str, query: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    for page in 1.. {
        let (status, answer) = server
            .get(
                token,
                &format!("/api/v1/admin/support/tickets?per_page=100&page={page}&{query}"),
            )
            .await;
        assert_eq!(status, 200, "{query}: {answer}");
        ids.extend(
            answer["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].as_i64().unwrap()),
        );
        if answer["meta"]["last_page"].as_u64().unwrap() <= page {
            break;
        }
    }
    ids
}

#[tokio::test]
async fn customer_context_and_the_customer_id_filter() {
    let server = start("customer-context", &[]).await;
    let admin = server.admin_token().await;
    let (_, ticket) = server.get(&admin, "/api/v1/admin/support/tickets/5").await;
    let customer = ticket["data"]["customer"].clone();
    let id = customer["id"].as_i64().unwrap();

    let theirs = inbox_ids(&server, &admin, &format!("customer_id={id}")).await;
    let open = inbox_ids(&server, &admin, &format!("customer_id={id}&status=open")).await;
    let (status, context) = server
        .get(&admin, &format!("/api/v1/admin/support/customers/{id}"))
        .await;
    assert_eq!(status, 200);
    let context = &context["data"];
    assert_eq!(context["id"], id);
    assert_eq!(context["name"], customer["name"]);
    assert_eq!(context["email"], customer["email"]);
    assert_eq!(context["tickets_count"], theirs.len());
    assert_eq!(context["open_tickets_count"], open.len());
    assert!(theirs.len() > 1, "the demo customer has a few tickets");
    let (_, newest) = server
        .get(
            &admin,
            &format!("/api/v1/admin/support/tickets?customer_id={id}&sort=-created_at&per_page=1"),
        )
        .await;
    assert_eq!(context["last_ticket_at"], newest["data"][0]["created_at"]);
    let created_at = context["created_at"].as_str().unwrap();
    assert!(created_at.ends_with('Z'));
    assert!(created_at < context["last_ticket_at"].as_str().unwrap());

    for missing in ["99999", "abc"] {
        let (status, body) = server
            .get(
                &admin,
                &format!("/api/v1/admin/support/customers/{missing}"),
            )
            .await;
        assert_eq!(status, 404);
        assert_eq!(body, json!({"message": "Not Found"}));
    }
    let customer_token = server.customer_token(1).await;
    assert_eq!(
        server
            .get(
                &customer_token,
                &format!("/api/v1/admin/support/customers/{id}")
            )
            .await
            .0,
        401
    );

    // With every other filter: the customer's tickets among that filter's,
    // in that filter's order.
    let me = server.admin_id(&admin).await;
    let word = ticket["data"]["subject"]
        .as_str()
        .unwrap()
        .split(' ')
        .next_back()
        .unwrap()
        .to_string();
    for filter in [
        "status=open".to_string(),
        "status=closed".into(),
        "assigned=unassigned".into(),
        "assigned=me".into(),
        format!("assigned={me}"),
        "reason_id=2".into(),
        format!("search={word}"),
        "sort=last_message_at".into(),
        "sort=-created_at".into(),
    ] {
        let all = inbox_ids(&server, &admin, &filter).await;
        let expected: Vec<i64> = all.into_iter().filter(|t| theirs.contains(t)).collect();
        let got = inbox_ids(&server, &admin, &format!("{filter}&customer_id={id}")).await;
        assert_eq!(got, expected, "{filter}");
    }
    let (status, body) = server
        .get(&admin, "/api/v1/admin/support/tickets?customer_id=abc")
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["customer_id"].is_array());
}

/// A bulk change, sent from a socket (`X-Socket-ID`) if given.
async fn bulk(server: &TestServer, token: &str, body: Value, socket: Option<&str>) -> (u16, Value) {
    let mut request = server
        .http
        .patch(server.url("/api/v1/admin/support/tickets"))
        .bearer_auth(token)
        .header("Accept", "application/json")
        .json(&body);
    if let Some(socket) = socket {
        request = request.header("X-Socket-ID", socket);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn status_of(server: &TestServer, token: &str, ticket: i64) -> Value {
    let (_, detail) = server
        .get(token, &format!("/api/v1/admin/support/tickets/{ticket}"))
        .await;
    detail["data"]["status"].clone()
}

async fn dev_refuse(server: &TestServer, ids: Value) -> Value {
    let response = server
        .http
        .post(server.url("/__dev/bulk/refuse"))
        .json(&json!({ "ids": ids }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn bulk_changes_change_each_ticket_on_its_own() {
    let server = start("bulk", &[]).await;
    let admin = server.admin_token().await;
    let lucia_id = 3;
    let tickets = [20_i64, 21, 22, 23];
    bulk(
        &server,
        &admin,
        json!({"ids": tickets, "status": "open"}),
        None,
    )
    .await;
    let mut inbox = server.socket().await;
    server
        .subscribe(&mut inbox, &admin, "private-support.admin")
        .await;
    let mut sender = server.socket().await;
    server
        .subscribe(&mut sender, &admin, "private-support.admin")
        .await;

    let (status, answer) = bulk(
        &server,
        &admin,
        json!({"ids": [20, 21, 99999, 21, 22], "status": "closed", "assigned_to": lucia_id}),
        Some(&sender.socket_id),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let changed: Vec<i64> = answer["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(changed, [20, 21, 22]);
    for summary in answer["data"].as_array().unwrap() {
        assert_eq!(summary["status"], "closed");
        assert_eq!(summary["assigned_to"], lucia_id);
        assert_eq!(summary["assignee"]["name"], "Lucía Ramírez");
        assert!(summary["resolved_at"].is_string());
    }
    assert_eq!(
        answer["errors"],
        json!({"99999": devserver::http::ticket_changes::NO_SUCH_TICKET})
    );
    let mut heard = BTreeSet::new();
    for _ in 0..3 {
        let event = inbox.next_event().await;
        assert_eq!(event["event"], "ticket.status.changed");
        let payload = data(&event);
        assert_eq!(payload["status"], "closed");
        assert_eq!(payload["assigned_to"], lucia_id);
        heard.insert(payload["ticket_id"].as_i64().unwrap());
    }
    assert_eq!(heard, BTreeSet::from([20, 21, 22]));
    inbox.assert_silent().await;
    sender.assert_silent().await;
    assert_eq!(status_of(&server, &admin, 23).await, "open");

    // Unassigning in bulk; no errors is an empty object.
    let (status, answer) = bulk(
        &server,
        &admin,
        json!({"ids": [20, 23], "assigned_to": null}),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(answer["errors"], json!({}));
    assert!(answer["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["assigned_to"].is_null() && t["assignee"].is_null()));
    assert_eq!(answer["data"][1]["status"], "open", "status left alone");

    // A hundred ids is the limit, not an error.
    let hundred: Vec<i64> = (1..=100).collect();
    let (status, answer) = bulk(
        &server,
        &admin,
        json!({"ids": hundred, "status": "open"}),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(answer["data"].as_array().unwrap().len(), 100);
}

#[tokio::test]
async fn bulk_changes_are_validated() {
    let server = start("bulk-validation", &[]).await;
    let admin = server.admin_token().await;
    let (_, before) = server.get(&admin, "/api/v1/admin/support/tickets/1").await;
    let too_many: Vec<i64> = (1..=101).collect();
    for (body, field) in [
        (json!({"status": "closed"}), "ids"),
        (json!({"ids": [], "status": "closed"}), "ids"),
        (json!({"ids": too_many, "status": "closed"}), "ids"),
        (json!({"ids": ["1"], "status": "closed"}), "ids"),
        (json!({"ids": 1, "status": "closed"}), "ids"),
        (json!({"ids": [1, 2]}), "status"),
        (json!({"ids": [1], "status": "pending"}), "status"),
        (json!({"ids": [1], "assigned_to": 999}), "assigned_to"),
        (json!([1, 2]), "ids"),
    ] {
        let (status, answer) = bulk(&server, &admin, body.clone(), None).await;
        assert_eq!(status, 422, "{body}");
        assert!(answer["errors"][field][0].is_string(), "{body}: {answer}");
    }
    let (status, _) = bulk(
        &server,
        &server.customer_token(1).await,
        json!({"ids": [1], "status": "closed"}),
        None,
    )
    .await;
    assert_eq!(status, 401);
    let (_, after) = server.get(&admin, "/api/v1/admin/support/tickets/1").await;
    for field in ["status", "assigned_to", "updated_at"] {
        assert_eq!(after["data"][field], before["data"][field], "{field}");
    }
}

#[tokio::test]
async fn the_dev_fault_refuses_chosen_tickets_in_bulk_changes() {
    let server = start("bulk-refuse", &[]).await;
    let admin = server.admin_token().await;
    bulk(
        &server,
        &admin,
        json!({"ids": [30, 31, 32], "status": "open"}),
        None,
    )
    .await;
    let mut inbox = server.socket().await;
    server
        .subscribe(&mut inbox, &admin, "private-support.admin")
        .await;

    // JSON only, like every /__dev/ endpoint.
    let response = server
        .http
        .post(server.url("/__dev/bulk/refuse"))
        .body(r#"{"ids":[31]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    assert_eq!(
        dev_refuse(&server, json!([31, 31])).await,
        json!({"refusing": [31]})
    );

    let (status, answer) = bulk(
        &server,
        &admin,
        json!({"ids": [30, 31, 32], "status": "closed"}),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(answer["data"].as_array().unwrap().len(), 2);
    let why = answer["errors"]["31"].as_str().unwrap();
    assert!(why.contains("/__dev/bulk/refuse"), "{why}");
    assert_eq!(answer["errors"].as_object().unwrap().len(), 1);
    assert_eq!(status_of(&server, &admin, 31).await, "open");
    assert_eq!(status_of(&server, &admin, 32).await, "closed");
    let mut heard = BTreeSet::new();
    for _ in 0..2 {
        heard.insert(
            data(&inbox.next_event().await)["ticket_id"]
                .as_i64()
                .unwrap(),
        );
    }
    assert_eq!(heard, BTreeSet::from([30, 32]));
    inbox.assert_silent().await;
    // The single-ticket PATCH is not affected.
    let (status, _) = server
        .send_json(
            Method::PATCH,
            &admin,
            "/api/v1/admin/support/tickets/31",
            json!({"status": "closed"}),
        )
        .await;
    assert_eq!(status, 200);

    assert_eq!(
        dev_refuse(&server, json!([])).await,
        json!({"refusing": []})
    );
    let (_, answer) = bulk(
        &server,
        &admin,
        json!({"ids": [31], "status": "open"}),
        None,
    )
    .await;
    assert_eq!(answer["errors"], json!({}));
    assert_eq!(answer["data"][0]["status"], "open");
}

fn viewing(ticket: i64) -> String {
    format!("/api/v1/admin/support/tickets/{ticket}/viewing")
}

#[tokio::test]
async fn viewers_are_told_by_the_server_sender_included() {
    let server = start("viewers", &[]).await;
    let admin = server.admin_token().await;
    let (_, me) = server.get(&admin, "/api/v1/admin/auth/me").await;
    let (id, name) = (me["data"]["id"].clone(), me["data"]["name"].clone());
    let mut inbox = server.socket().await;
    server
        .subscribe(&mut inbox, &admin, "private-support.admin")
        .await;
    let ticket = 7_i64;

    // From the very socket that hears it: the panel filters itself out by id.
    let socket_id = inbox.socket_id.clone();
    let (status, _) = server
        .send_json_with(
            Method::PUT,
            &admin,
            &viewing(ticket),
            json!({"typing": true}),
            &[("X-Socket-ID", &socket_id)],
        )
        .await;
    assert_eq!(status, 204);
    let event = inbox.next_event().await;
    assert_eq!(event["event"], "ticket.viewers");
    assert_eq!(event["channel"], "private-support.admin");
    assert_eq!(
        data(&event),
        json!({"ticket_id": ticket, "viewers": [{"id": id, "name": name, "typing": true}]})
    );
    // A refresh that changes nothing is not announced.
    let (status, _) = server
        .send_json(
            Method::PUT,
            &admin,
            &viewing(ticket),
            json!({"typing": true}),
        )
        .await;
    assert_eq!(status, 204);
    inbox.assert_silent().await;

    let (status, list) = server.get(&admin, "/api/v1/admin/support/viewers").await;
    assert_eq!(status, 200);
    assert_eq!(
        list,
        json!({"data": {ticket.to_string(): [{"id": id, "name": name, "typing": true}]}})
    );

    let (status, _) = server
        .send_json(Method::DELETE, &admin, &viewing(ticket), json!({}))
        .await;
    assert_eq!(status, 204);
    let event = inbox.next_event().await;
    assert_eq!(event["event"], "ticket.viewers");
    assert_eq!(data(&event), json!({"ticket_id": ticket, "viewers": []}));
    let (status, _) = server
        .send_json(Method::DELETE, &admin, &viewing(ticket), json!({}))
        .await;
    assert_eq!(status, 204, "idempotent");
    inbox.assert_silent().await;
    let (_, list) = server.get(&admin, "/api/v1/admin/support/viewers").await;
    assert_eq!(list, json!({"data": {}}));

    // Validation, unknown tickets and strangers.
    let (status, body) = server
        .send_json(
            Method::PUT,
            &admin,
            &viewing(ticket),
            json!({"typing": "yes"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["typing"].is_array());
    let (status, _) = server
        .send_json(Method::PUT, &admin, &viewing(99_999), json!({}))
        .await;
    assert_eq!(status, 404);
    let (status, _) = server
        .send_json(Method::PUT, "", &viewing(ticket), json!({}))
        .await;
    assert_eq!(status, 401);
    // Missing typing is false.
    let (status, _) = server
        .send_json(Method::PUT, &admin, &viewing(ticket), json!({}))
        .await;
    assert_eq!(status, 204);
    let event = inbox.next_event().await;
    assert_eq!(data(&event)["viewers"][0]["typing"], false);
}

#[tokio::test]
async fn contract_v1_has_no_viewers() {
    let server = start("viewers-v1", &["--contract", "v1"]).await;
    let admin = server.admin_token().await;
    let (status, _) = server
        .send_json(Method::PUT, &admin, &viewing(7), json!({"typing": true}))
        .await;
    assert_eq!(status, 404);
    assert_eq!(
        server.get(&admin, "/api/v1/admin/support/viewers").await.0,
        404
    );
}
