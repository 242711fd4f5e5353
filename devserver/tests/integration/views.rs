//! Contract v3 saved views and their counts: each count is the list's own
//! `total` for the same filters.

use std::collections::HashMap;

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{start, TestServer};
use crate::triage::{in_ms, listed};

const VIEWS: &str = "/api/v1/admin/views";

async fn create(server: &TestServer, token: &str, body: Value) -> (u16, Value) {
    server.post(token, VIEWS, body).await
}

#[tokio::test]
async fn views_are_the_admins_own_and_the_shared_ones_in_position_order() {
    let server = start("views-crud", &[]).await;
    let carlos = server.admin_token().await;
    let lucia = server
        .login("/api/v1/admin/auth/login", "lucia@mesa.test")
        .await;
    let (status, urgent) = create(
        &server,
        &carlos,
        json!({"name": "Urgentes sin asignar", "shared": true,
               "filters": {"status": "open", "assigned": "unassigned", "priority": ["urgent", "high"]}}),
    )
    .await;
    assert_eq!(status, 201, "{urgent}");
    let urgent = urgent["data"].clone();
    assert_eq!(urgent["filters"]["priority"], json!(["urgent", "high"]));
    assert_eq!(urgent["filters"]["tag"], Value::Null);
    assert_eq!(urgent["owner_id"], server.admin_id(&carlos).await);
    let (_, private) = create(
        &server,
        &carlos,
        json!({"name": "Mías VIP", "filters": {"tag": "VIP", "assigned": "me"}}),
    )
    .await;
    let private = private["data"].clone();
    assert_eq!(private["filters"]["tag"], "vip");
    assert_eq!(private["shared"], false);

    let names = |list: &Value| -> Vec<String> {
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["name"].as_str().unwrap().to_string())
            .collect()
    };
    let (_, theirs) = server.get(&lucia, VIEWS).await;
    assert_eq!(names(&theirs), ["Urgentes sin asignar"]);
    // Position orders the list; PATCH moves a view.
    let moved = format!("{VIEWS}/{}", private["id"]);
    let (status, _) = server
        .send_json(Method::PATCH, &carlos, &moved, json!({"position": -1}))
        .await;
    assert_eq!(status, 422);
    let (status, answer) = server
        .send_json(
            Method::PATCH,
            &carlos,
            &format!("{VIEWS}/{}", urgent["id"]),
            json!({"position": 5}),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    let (_, mine) = server.get(&carlos, VIEWS).await;
    assert_eq!(names(&mine), ["Mías VIP", "Urgentes sin asignar"]);

    // Only the owner changes or deletes; others get 403, a missing view 404.
    let shared = format!("{VIEWS}/{}", urgent["id"]);
    for method in [Method::PATCH, Method::DELETE] {
        let (status, _) = server
            .send_json(method.clone(), &lucia, &shared, json!({"name": "Mía"}))
            .await;
        assert_eq!(status, 403, "{method}");
    }
    assert_eq!(
        server
            .send_json(
                Method::DELETE,
                &carlos,
                &format!("{VIEWS}/999999"),
                json!({})
            )
            .await
            .0,
        404
    );
    assert_eq!(
        server
            .send_json(Method::DELETE, &carlos, &shared, json!({}))
            .await
            .0,
        204
    );
    let (_, theirs) = server.get(&lucia, VIEWS).await;
    assert_eq!(names(&theirs), Vec::<String>::new());
}

#[tokio::test]
async fn views_are_validated_field_by_field() {
    let server = start("views-invalid", &[]).await;
    let admin = server.admin_token().await;
    for (body, field) in [
        (json!({"filters": {}}), "name"),
        (json!({"name": "x".repeat(61)}), "name"),
        (
            json!({"name": "v", "filters": {"status": "pending"}}),
            "filters.status",
        ),
        (
            json!({"name": "v", "filters": {"priority": ["asap"]}}),
            "filters.priority",
        ),
        (
            json!({"name": "v", "filters": {"tag": "x".repeat(33)}}),
            "filters.tag",
        ),
        (
            json!({"name": "v", "filters": {"reason_id": "abc"}}),
            "filters.reason_id",
        ),
        (
            json!({"name": "v", "filters": {"snoozed": "never"}}),
            "filters.snoozed",
        ),
        (
            json!({"name": "v", "filters": {"colour": "red"}}),
            "filters",
        ),
        (json!({"name": "v", "filters": []}), "filters"),
        (json!({"name": "v", "shared": "yes"}), "shared"),
    ] {
        let (status, answer) = create(&server, &admin, body.clone()).await;
        assert_eq!(status, 422, "{body}: {answer}");
        assert!(answer["errors"][field].is_array(), "{body}: {answer}");
    }
}

#[tokio::test]
async fn each_count_is_the_lists_total_for_the_same_filters() {
    let server = start("views-counts", &[]).await;
    let admin = server.admin_token().await;
    // A snoozed open ticket, so `open` and `snoozed` differ.
    server
        .send_json(
            Method::PATCH,
            &admin,
            "/api/v1/admin/support/tickets/3",
            json!({"status": "open"}),
        )
        .await;
    let (status, _) = server
        .send_json(
            Method::PATCH,
            &admin,
            "/api/v1/admin/support/tickets/3",
            json!({"snoozed_until": in_ms(3_600_000)}),
        )
        .await;
    assert_eq!(status, 200);
    let (_, view) = create(
        &server,
        &admin,
        json!({"name": "Urgentes", "filters": {"status": "open", "priority": ["urgent"]}}),
    )
    .await;
    let view_id = view["data"]["id"].as_i64().unwrap();
    let (status, counts) = server.get(&admin, &format!("{VIEWS}/counts")).await;
    assert_eq!(status, 200);
    let counts: HashMap<String, u64> = serde_json::from_value(counts["data"].clone()).unwrap();
    let expected = [
        ("open", "status=open"),
        ("mine", "status=open&assigned=me"),
        ("unassigned", "status=open&assigned=unassigned"),
        ("snoozed", "status=open&snoozed=only"),
        ("overdue", "status=open&overdue=1"),
        (
            &format!("view:{view_id}") as &str,
            "status=open&priority=urgent",
        ),
    ];
    assert_eq!(counts.len(), expected.len(), "{counts:?}");
    for (key, query) in expected {
        assert_eq!(counts[key], listed(&server, &admin, query).await.1, "{key}");
    }
    assert_eq!(counts["snoozed"], 1);
}
