//! The large data set and the customer simulator.

use std::time::Duration;

use crate::common::{data, start};
use devserver::simulator::{self, Plan};

#[tokio::test]
async fn the_large_seed_loads_10000_tickets_and_a_5000_message_thread() {
    let server = start("large", &["--seed", "large", "--tickets", "10000"]).await;
    let token = server.admin_token().await;
    let started = std::time::Instant::now();
    let (status, page) = server
        .get(
            &token,
            "/api/v1/admin/support/tickets?per_page=100&page=100",
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(page["meta"]["total"], 10_000);
    assert_eq!(page["data"].as_array().unwrap().len(), 100);
    println!(
        "last inbox page of 10,000 tickets in {:?}",
        started.elapsed()
    );

    let (_, thread) = server.get(&token, "/api/v1/admin/support/tickets/1").await;
    assert_eq!(thread["data"]["has_more_messages"], true);
    let mut oldest = thread["data"]["messages"][0]["id"].as_i64().unwrap();
    let mut total = thread["data"]["messages"].as_array().unwrap().len();
    loop {
        let (_, older) = server
            .get(
                &token,
                &format!("/api/v1/admin/support/tickets/1/messages?before_id={oldest}&limit=100"),
            )
            .await;
        let batch = older["data"].as_array().unwrap();
        total += batch.len();
        if older["meta"]["has_more"] == false {
            break;
        }
        oldest = batch[0]["id"].as_i64().unwrap();
    }
    assert_eq!(total, 5_000);
}

#[tokio::test]
async fn demo_threads_carry_image_and_pdf_attachments() {
    let server = start("demo-files", &[]).await;
    let token = server.admin_token().await;
    let mut kinds = std::collections::BTreeSet::new();
    for id in 1..=40 {
        let (_, ticket) = server
            .get(&token, &format!("/api/v1/admin/support/tickets/{id}"))
            .await;
        for message in ticket["data"]["messages"].as_array().unwrap() {
            for attachment in message["attachments"].as_array().unwrap() {
                let url = attachment["url"].as_str().unwrap();
                let served = server.http.get(server.url(url)).send().await.unwrap();
                assert_eq!(served.status(), 200, "{url}");
                assert_eq!(
                    served.bytes().await.unwrap().len() as u64,
                    attachment["file_size"].as_u64().unwrap()
                );
                kinds.insert(attachment["mime_type"].as_str().unwrap().to_string());
            }
        }
    }
    assert!(
        kinds.contains("image/png") && kinds.contains("application/pdf"),
        "{kinds:?}"
    );
}

#[tokio::test]
async fn the_simulator_writes_numbered_messages_through_the_customer_api() {
    let server = start("simulator", &[]).await;
    let admin = server.admin_token().await;
    let mut inbox = server.socket().await;
    server
        .subscribe(&mut inbox, &admin, "private-support.admin")
        .await;

    let plan = Plan::from_args(
        [
            "--url",
            &server.base,
            "--customer",
            "6",
            "--count",
            "3",
            "--interval-ms",
            "10",
            "--numbered",
        ]
        .map(String::from),
    )
    .unwrap();
    tokio::time::timeout(Duration::from_secs(10), simulator::run(plan))
        .await
        .unwrap()
        .unwrap();

    let created = inbox.next_event().await;
    assert_eq!(created["event"], "ticket.created");
    let ticket = data(&created)["ticket"]["id"].as_i64().unwrap();
    for n in 1..=3 {
        let event = inbox.next_event().await;
        assert_eq!(event["event"], "message.sent");
        assert_eq!(data(&event)["message"]["message"], format!("Mensaje {n}"));
        assert_eq!(data(&event)["ticket_id"], ticket);
    }
    let (_, thread) = server
        .get(&admin, &format!("/api/v1/admin/support/tickets/{ticket}"))
        .await;
    let texts: Vec<&str> = thread["data"]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["message"].as_str().unwrap())
        .collect();
    assert_eq!(texts[1..], ["Mensaje 1", "Mensaje 2", "Mensaje 3"]);
    assert_eq!(thread["data"]["customer"]["email"], "cliente6@mesa.test");
}

#[test]
fn simulator_options_are_checked() {
    assert!(Plan::from_args(["--ticket", "3"].map(String::from)).is_err());
    assert!(Plan::from_args(["--customer", "41"].map(String::from)).is_err());
    assert!(Plan::from_args(["--interval-ms", "x"].map(String::from)).is_err());
    let plan: Plan =
        Plan::from_args(["--customer", "2", "--ticket", "9"].map(String::from)).unwrap();
    assert_eq!((plan.customer, plan.ticket), (Some(2), Some(9)));
}
