//! The checker's v3 clauses against the dev server binary: all pass under
//! `--contract v3` (the default), all skip under `--contract v2`, and each
//! v3 `--break` fails the clause it breaks.

mod common;

use common::{fails_naming, lines, DevServer};

/// Every v3 clause of the checker.
const V3_CLAUSES: [&str; 39] = [
    "v3 priority: PATCH sets it, the summary says it",
    "v3 priority: ticket.updated on private-support.admin with the new priority",
    "v3 priority: filter priority=urgent,high",
    "v3 tags: trimmed and lower-cased, filter tag=",
    "v3 tags: 422 for 11 tags or a 33-character tag",
    "v3 tags: bulk tags_add and tags_remove",
    "v3 tags: GET tags, most used first",
    "v3 snooze: 422 for a past time and for a closed ticket",
    "v3 snooze: set, out of the default and status=open lists, in snoozed=only",
    "v3 snooze: the customer's message wakes it (ticket.updated with snoozed_until null)",
    "v3 snooze: its time passing wakes it (ticket.updated with snoozed_until null within 90 s)",
    "v3 sla: a customer's message sets waiting_since and response_due_at",
    "v3 sla: message.sent on private-support.admin carries the ticket with waiting_since",
    "v3 sla: a note does not stop the clock",
    "v3 sla: a priority change moves response_due_at (urgent sooner than low)",
    "v3 sla: filter waiting=1",
    "v3 sla: filter overdue=1 lists only tickets past response_due_at by the Date header",
    "v3 sla: sort=response_due_at, soonest due first, then nobody waiting",
    "v3 sla: no customer endpoint carries waiting_since or response_due_at",
    "v3 sla: an admin reply stops the clock (waiting_since null)",
    "v3 merge: the source's messages and notes move to the target in time order, keeping their ids",
    "v3 merge: 200 with the target, the source closed with merged_into",
    "v3 merge: 422 into itself, into a merged ticket, across customers",
    "v3 merge: the same Idempotency-Key again answers the same, merges nothing more",
    "v3 merge: ticket.merged on private-support.admin and the source's ticket channel",
    "v3 merge: a merged ticket refuses a customer's new message",
    "v3 merge: no customer endpoint carries merged_into",
    "v3 views: create, list by position, edit, delete",
    "v3 views: 403 changing or deleting another admin's view",
    "v3 views: 422 with field errors",
    "v3 views: each count equals the list's total for the same filters",
    "v3 mentions_list: mention.created carries the id GET mentions lists",
    "v3 mentions_list: a mention made while away is listed unread, then marked read",
    "v3 mentions_list: only the signed-in admin's, 404 marking another's",
    "v3 viewers: PUT viewing → ticket.viewers on private-support.admin names this admin, typing as sent",
    "v3 viewers: GET viewers lists the ticket",
    "v3 viewers: DELETE viewing → ticket.viewers without this admin",
    "v3 privacy: no customer endpoint carries priority, tags or snoozed_until",
    "v3 privacy: no customer channel carries priority, tags or snoozed_until",
];

#[test]
fn every_v3_clause_passes_under_contract_v3() {
    let server = DevServer::start("v3-pass", &["--contract", "v3"]);
    let output = server.check(true);
    let lines = lines(&output);
    assert!(output.status.success(), "{lines:#?}");
    for clause in V3_CLAUSES {
        assert!(
            lines.contains(&format!("PASS {clause}")),
            "no PASS {clause} in {lines:#?}"
        );
    }
    // And the simple paginator, whose counts are counted page by page.
    let simple = DevServer::start("v3-pass-simple", &["--paginator", "simple"]);
    let output = simple.check(true);
    assert!(output.status.success(), "{:#?}", common::lines(&output));
    assert!(common::lines(&output).contains(
        &"PASS v3 views: each count equals the list's total for the same filters".to_string()
    ));
}

#[test]
fn every_v3_clause_skips_under_contract_v2() {
    let server = DevServer::start("v3-under-v2", &["--contract", "v2"]);
    let output = server.check_with(true, &["--allow-skip-clause", "v3 *"]);
    let lines = lines(&output);
    assert!(output.status.success(), "{lines:#?}");
    for capability in [
        "priority",
        "tags",
        "snooze",
        "sla",
        "views",
        "merge",
        "mentions_list",
        "viewers",
    ] {
        let line = format!("SKIP v3 {capability}: not announced");
        assert!(lines.contains(&line), "no {line:?} in {lines:#?}");
    }
    let v3: Vec<&String> = lines.iter().filter(|l| l.contains(" v3 ")).collect();
    assert!(v3.iter().all(|l| l.starts_with("SKIP ")), "{v3:#?}");
    assert!(
        !server.check(true).status.success(),
        "v3 skips passed unasked"
    );
}

#[test]
fn counts_that_disagree_with_the_list_fail() {
    fails_naming(
        "counts-disagree",
        "v3 views: each count equals the list's total for the same filters",
        "but the list ?status=open",
    );
}

#[test]
fn a_snooze_that_never_wakes_fails_both_wakes() {
    // The time wake waits its full 90 s for a scheduler before failing.
    let lines = fails_naming(
        "snooze-never-wakes",
        "v3 snooze: the customer's message wakes it (ticket.updated with snoozed_until null)",
        "no such event within 5 s",
    );
    let time = "FAIL v3 snooze: its time passing wakes it (ticket.updated with snoozed_until null within 90 s): no such event within 90 s";
    assert!(lines.iter().any(|l| l == time), "{lines:#?}");
}

#[test]
fn tags_stored_as_sent_fail() {
    fails_naming(
        "tags-not-normalized",
        "v3 tags: trimmed and lower-cased, filter tag=",
        "trimmed, lower-cased, once each",
    );
}

#[test]
fn triage_shown_to_the_customer_fails_the_privacy_clause() {
    fails_naming(
        "priority-to-customer",
        "v3 privacy: no customer endpoint carries priority, tags or snoozed_until",
        // The first admin-only key in the row, whichever it is.
        "carries data[0].",
    );
}

#[test]
fn listing_every_admins_mentions_fails() {
    fails_naming(
        "mentions-of-others",
        "v3 mentions_list: only the signed-in admin's, 404 marking another's",
        "shows the second admin's mention",
    );
}

#[test]
fn views_anyone_may_edit_fail() {
    fails_naming(
        "views-editable-by-anyone",
        "v3 views: 403 changing or deleting another admin's view",
        "expected 403, got 200",
    );
}

#[test]
fn a_note_that_stops_the_clock_fails() {
    fails_naming(
        "note-stops-clock",
        "v3 sla: a note does not stop the clock",
        "after a note",
    );
}

#[test]
fn an_overdue_filter_that_lists_tickets_not_yet_due_fails() {
    fails_naming(
        "overdue-wrong",
        "v3 sla: filter overdue=1 lists only tickets past response_due_at by the Date header",
        "overdue=1 lists the ticket whose answer is not yet due",
    );
}

#[test]
fn a_merged_ticket_that_takes_messages_fails() {
    fails_naming(
        "merged-accepts-messages",
        "v3 merge: a merged ticket refuses a customer's new message",
        "expected 422, got 201",
    );
}

#[test]
fn merge_and_sla_fields_shown_to_the_customer_fail() {
    let lines = fails_naming(
        "merge-leaks-to-customer",
        "v3 merge: no customer endpoint carries merged_into",
        "carries",
    );
    let sla = "FAIL v3 sla: no customer endpoint carries waiting_since or response_due_at";
    assert!(lines.iter().any(|l| l.starts_with(sla)), "{lines:#?}");
}
