//! The checker against the dev server binary: everything passes against the
//! normal server, and each `--break` makes the clause it breaks fail.

mod common;

use common::{fails_naming, lines, summary, DevServer};

#[test]
fn every_clause_passes_against_the_dev_server() {
    let server = DevServer::start("pass", &[]);
    let output = server.check(true);
    let lines = lines(&output);
    let failed: Vec<&String> = lines.iter().filter(|l| l.starts_with("FAIL")).collect();
    assert!(failed.is_empty(), "{failed:#?}");
    let skipped: Vec<&String> = lines.iter().filter(|l| l.starts_with("SKIP")).collect();
    assert!(skipped.is_empty(), "{skipped:#?}");
    let (passed, failures) = summary(&lines);
    assert_eq!(failures, 0);
    assert!(passed >= 50, "only {passed} clauses passed");
    assert!(output.status.success(), "{:?}", output.status);
    for clause in [
        "admin sign-in",
        "paginator shape",
        "filter status=open",
        "filter status=closed",
        "message.sent on private-support.admin",
        "ticket.created on private-support.admin",
        "v2 idempotency: same key twice → one message, same answer",
        "v2 notes: never broadcast to the ticket's channel",
        "v2 notes: never broadcast to private-customer.{id}",
        "v2 mentions: private-admin.{id} only for that admin",
        "v2 mentions: mention.created",
        "v3 viewers: PUT viewing → ticket.viewers on private-support.admin names this admin, typing as sent",
        "v3 viewers: GET viewers lists the ticket",
        "v3 viewers: DELETE viewing → ticket.viewers without this admin",
        "attachment URLs die with the session",
    ] {
        assert!(
            lines.contains(&format!("PASS {clause}"))
                || lines
                    .iter()
                    .any(|l| l.starts_with(&format!("PASS {clause}: "))),
            "no PASS {clause}"
        );
    }
    assert!(lines.contains(&"PASS paginator shape: length-aware, through a Resource".to_string()));
}

/// Every clause passes against the dev server answering lists with
/// `--paginator shape`, and the paginator clause names the shape it saw.
fn passes_with_paginator(shape: &str, named: &str) {
    let server = DevServer::start(&format!("paginator-{shape}"), &["--paginator", shape]);
    let output = server.check(true);
    let lines = lines(&output);
    let not_passed: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("FAIL") || l.starts_with("SKIP"))
        .collect();
    assert!(not_passed.is_empty(), "{not_passed:#?}");
    assert_eq!(summary(&lines).1, 0);
    assert!(output.status.success(), "{:?}", output.status);
    let line = format!("PASS paginator shape: {named}");
    assert!(lines.contains(&line), "no {line:?} in {lines:#?}");
    assert!(lines.contains(&"PASS paginator page 2".to_string()));
}

#[test]
fn a_length_aware_paginator_through_a_resource_passes() {
    passes_with_paginator("resource", "length-aware, through a Resource");
}

#[test]
fn a_plain_length_aware_paginator_passes() {
    passes_with_paginator("plain", "length-aware, plain");
}

#[test]
fn a_plain_simple_paginator_passes() {
    passes_with_paginator("simple", "simple, plain");
}

#[test]
fn a_simple_paginator_through_a_resource_passes() {
    passes_with_paginator("simple-resource", "simple, through a Resource");
}

#[test]
fn dropping_ticket_id_fails_the_message_sent_clauses() {
    fails_naming(
        "drop-ticket-id",
        "message.sent on private-support.admin",
        "ticket_id",
    );
}

#[test]
fn a_list_without_meta_fails_the_paginator_clause() {
    // A Resource collection without `meta` is none of the four shapes.
    fails_naming("paginator-meta", "paginator shape", "neither meta");
}

#[test]
fn a_note_on_the_customers_channel_fails_the_privacy_clause() {
    fails_naming(
        "note-to-customer",
        "v2 notes: never broadcast to private-customer.{id}",
        "note.added with the note on private-customer.",
    );
}

#[test]
fn an_admin_channel_open_to_any_admin_fails() {
    fails_naming(
        "admin-channel-any-admin",
        "v2 mentions: private-admin.{id} only for that admin",
        "expected 403, got 200",
    );
}

#[test]
fn a_refused_admin_channel_fails_mentions_instead_of_skipping() {
    fails_naming(
        "admin-channel-refused",
        "v2 mentions: mention.created",
        "mentions are announced",
    );
}

#[test]
fn viewers_whose_typing_is_ignored_fail_the_typing_clause() {
    fails_naming(
        "viewers-typing-ignored",
        "v3 viewers: PUT viewing → ticket.viewers on private-support.admin names this admin, typing as sent",
        "typing false for this admin, sent true",
    );
}

#[test]
fn a_lenient_customer_auth_fails_each_refusal() {
    for clause in [
        "broadcasting auth: customer refused presence-support.ticket.{id}",
        "broadcasting auth: customer refused another customer's private-support.ticket.{id}",
        "broadcasting auth: customer refused private-admin.{id}",
    ] {
        fails_naming("customer-auth-lenient", clause, "expected 403, got 200");
    }
}

#[test]
fn a_customer_writing_to_another_ticket_fails() {
    fails_naming(
        "customer-writes-any-ticket",
        "customer: a message to another customer's ticket is refused",
        "expected 404, got 201",
    );
}

#[test]
fn an_empty_closed_filter_fails() {
    fails_naming(
        "closed-filter-empty",
        "filter status=closed",
        "the list is empty",
    );
}

#[test]
fn attachment_urls_that_outlive_their_session_fail() {
    fails_naming(
        "attachment-urls-outlive-session",
        "attachment URLs die with the session",
        "after its token logged out, the second sign-in's URL",
    );
}

/// Without /config.json every WebSocket clause is skipped: the run fails
/// unless the caller allows it.
#[test]
fn skips_fail_the_run_unless_allowed() {
    let server = DevServer::start("no-config-json", &["--break", "no-config-json"]);
    let output = server.check(true);
    let lines = lines(&output);
    assert!(lines.contains(&"SKIP websocket connection: no --ws-host/--ws-port/--key and no /config.json to read them from".to_string()), "{lines:#?}");
    assert_eq!(summary(&lines).1, 0);
    assert!(!output.status.success(), "skips passed the run");
    assert!(String::from_utf8_lossy(&output.stderr).contains("\"websocket connection\""));
    assert!(server.check_with(true, &["--allow-skip"]).status.success());
}

/// A v1 backend offers none of v2 (nor v3): those skips, and only those,
/// are expected.
#[test]
fn a_v1_server_passes_with_the_v2_clauses_allowed_to_skip() {
    let server = DevServer::start("v1", &["--contract", "v1"]);
    let output = server.check_with(
        true,
        &["--allow-skip-clause", "v2 *", "--allow-skip-clause", "v3 *"],
    );
    let lines = lines(&output);
    assert!(output.status.success(), "{lines:#?}");
    assert!(lines.contains(&"SKIP v2 mentions: not offered".to_string()));
    assert!(
        !server.check(true).status.success(),
        "v1 skips passed unasked"
    );
}
