//! Property tests: REST pages and live events about the same tickets and
//! messages, applied in any order and any number of times, end in the same
//! state. (Native; a tiny xorshift generator keeps runs reproducible.)

use leptos::prelude::*;
use serde_json::json;

use crate::api::events::LiveEvent;
use crate::api::types::{Message, Page, PageMeta, TicketDetail, TicketSummary};
use crate::state::inbox::{Inbox, InboxFilter, InboxFollowUp};
use crate::state::thread::ThreadStoreFields;
use crate::state::thread_store::OpenThread;
use crate::test_rng::Rng;

fn message(id: u64, from_admin: bool) -> Message {
    serde_json::from_value(json!({
        "id": id, "message": format!("m{id}"), "is_from_admin": from_admin,
        "created_at": format!("2024-01-25T10:{:02}:{:02}.000Z", id / 60, id % 60)
    }))
    .unwrap()
}

fn summary(id: u64, last: Option<&Message>) -> TicketSummary {
    serde_json::from_value(json!({
        "id": id, "subject": format!("T{id}"), "status": "open",
        "customer": {"id": 1, "name": "Ana"}, "created_at": "2024-01-25T09:00:00.000Z",
        "last_message": last.map(|m| json!({"id": m.id, "message": m.message, "is_from_admin": m.is_from_admin, "created_at": m.created_at})),
        "last_message_at": last.map(|m| m.created_at.clone()),
    }))
    .unwrap()
}

/// What the thread may hear: a REST page of some messages, or one event.
#[derive(Clone)]
enum ThreadInput {
    Page(Vec<Message>),
    Event(Message),
}

#[test]
fn a_thread_converges_whatever_the_order_and_repetition() {
    for seed in 1..=200u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let messages: Vec<Message> = (1..=30).map(|id| message(id, rng.below(2) == 0)).collect();
        let mut inputs = Vec::new();
        for m in &messages {
            inputs.push(ThreadInput::Event(m.clone()));
            if rng.below(3) == 0 {
                inputs.push(ThreadInput::Event(m.clone()));
            }
        }
        for _ in 0..5 {
            let start = rng.below(messages.len());
            let end = (start + 1 + rng.below(10)).min(messages.len());
            inputs.push(ThreadInput::Page(messages[start..end].to_vec()));
        }
        let run = |inputs: &[ThreadInput]| {
            let detail = TicketDetail {
                summary: summary(1, None),
                messages: Vec::new(),
                has_more_messages: false,
            };
            let thread = OpenThread::new(detail);
            for input in inputs {
                match input {
                    ThreadInput::Page(page) => {
                        thread.merge(page.clone());
                    }
                    ThreadInput::Event(m) => {
                        thread.apply(
                            &LiveEvent::MessageSent {
                                ticket_id: 1,
                                message: m.clone(),
                            },
                            |_| None,
                        );
                    }
                }
            }
            thread.store().messages().get_untracked()
        };
        let expected = run(&inputs);
        assert_eq!(
            expected, messages,
            "seed {seed}: every message once, in order"
        );
        for _ in 0..5 {
            rng.shuffle(&mut inputs);
            assert_eq!(run(&inputs), expected, "seed {seed}");
        }
    }
}

#[test]
fn the_inbox_converges_on_the_latest_message_and_order() {
    for seed in 1..=200u64 {
        let mut rng = Rng(seed.wrapping_mul(0xD1B5_4A32_D192_ED03));
        // Three tickets; each message belongs to one of them.
        let messages: Vec<(u64, Message)> = (1..=24)
            .map(|id| (1 + rng.below(3) as u64, message(id, false)))
            .collect();
        let mut inputs: Vec<Result<LiveEvent, Page<TicketSummary>>> = messages
            .iter()
            .map(|(ticket, m)| {
                Ok(LiveEvent::MessageSent {
                    ticket_id: *ticket,
                    message: m.clone(),
                })
            })
            .collect();
        // Pages taken at random moments: each ticket as of some prefix of the messages.
        for _ in 0..4 {
            let upto = rng.below(messages.len() + 1);
            let tickets = (1..=3)
                .map(|t| {
                    summary(
                        t,
                        messages[..upto]
                            .iter()
                            .filter(|(x, _)| *x == t)
                            .map(|(_, m)| m)
                            .next_back(),
                    )
                })
                .collect();
            inputs.push(Err(Page {
                data: tickets,
                meta: PageMeta {
                    current_page: 1,
                    per_page: 50,
                    total: Some(3),
                    has_more: false,
                },
            }));
        }
        let run = |inputs: &[Result<LiveEvent, Page<TicketSummary>>]| {
            let mut inbox = Inbox::new(InboxFilter::default(), 1);
            let all = (1..=3).map(|t| summary(t, None)).collect();
            let page = Page {
                data: all,
                meta: PageMeta {
                    current_page: 1,
                    per_page: 50,
                    total: Some(3),
                    has_more: false,
                },
            };
            inbox.page_loaded(page, inbox.asking());
            for input in inputs {
                match input {
                    Ok(event) => {
                        inbox.apply(event);
                    }
                    Err(page) => inbox.page_loaded(page.clone(), inbox.asking()),
                }
            }
            inbox
                .tickets()
                .iter()
                .map(|t| (t.id, t.last_message.as_ref().map(|m| m.id)))
                .collect::<Vec<_>>()
        };
        let expected = run(&inputs);
        for (id, last) in &expected {
            let newest = messages
                .iter()
                .filter(|(t, _)| t == id)
                .map(|(_, m)| m.id)
                .max();
            assert_eq!(
                *last, newest,
                "seed {seed}: ticket {id} shows its newest message"
            );
        }
        for _ in 0..5 {
            rng.shuffle(&mut inputs);
            assert_eq!(run(&inputs), expected, "seed {seed}");
        }
    }
}

/// A page or a fetched ticket reflects the server when it was asked for; a
/// status change heard after that must survive its answer. The admin
/// channel delivers the server's events in order; each answer carries the
/// server's state at some moment after it was asked, and arrives at any
/// moment after that.
#[test]
fn an_answer_asked_for_before_a_status_change_does_not_undo_it() {
    use crate::api::events::StatusChange;
    use crate::api::types::{LastMessage, TicketStatus};
    use crate::state::inbox::StatusFilter;

    const EVENTS: usize = 24;
    for seed in 1..=300u64 {
        let mut rng = Rng(seed.wrapping_mul(0xA076_1D64_78BD_642F));
        let events: Vec<LiveEvent> = (1..=EVENTS as u64)
            .map(|id| {
                let ticket_id = 1 + rng.below(3) as u64;
                match rng.below(2) {
                    0 => LiveEvent::MessageSent {
                        ticket_id,
                        message: message(id, false),
                    },
                    _ => LiveEvent::StatusChanged(StatusChange {
                        ticket_id,
                        status: [TicketStatus::Open, TicketStatus::Closed][rng.below(2)],
                        assigned_to: [None, Some(5), Some(6)][rng.below(3)],
                        resolved_at: None,
                    }),
                }
            })
            .collect();
        // The server's copy of ticket `t` after its first `n` events.
        let server = |t: u64, n: usize| {
            let mut ticket = summary(t, None);
            for event in &events[..n] {
                match event {
                    LiveEvent::MessageSent { ticket_id, message } if *ticket_id == t => {
                        ticket.last_message = Some(LastMessage {
                            id: message.id,
                            message: message.message.clone(),
                            is_from_admin: false,
                            created_at: message.created_at.clone(),
                        });
                        ticket.last_message_at = Some(message.created_at.clone());
                    }
                    LiveEvent::StatusChanged(change) if change.ticket_id == t => {
                        ticket.status = change.status;
                        ticket.assigned_to = change.assigned_to;
                    }
                    _ => {}
                }
            }
            ticket
        };
        // Pages: (asked after `r` events, the server's state after `u`, arriving after `a`).
        let pages: Vec<(usize, usize, usize)> = (0..4)
            .map(|_| {
                let r = rng.below(EVENTS + 1);
                (
                    r,
                    r + rng.below(EVENTS + 1 - r),
                    r + rng.below(EVENTS + 1 - r),
                )
            })
            .collect();
        for status in [StatusFilter::All, StatusFilter::Open] {
            let filter = InboxFilter {
                status,
                ..Default::default()
            };
            let view = |n: usize| -> Vec<TicketSummary> {
                (1..=3)
                    .map(|t| server(t, n))
                    .filter(|t| filter.admits(t, 1))
                    .collect()
            };
            let page_of = |n: usize| {
                let data = view(n);
                let total = data.len() as u64;
                Page {
                    data,
                    meta: PageMeta {
                        current_page: 1,
                        per_page: 50,
                        total: Some(total),
                        has_more: false,
                    },
                }
            };
            let mut inbox = Inbox::new(filter.clone(), 1);
            inbox.page_loaded(page_of(0), inbox.asking());
            let mut asked = vec![None; pages.len()];
            for i in 0..=EVENTS {
                for (k, &(r, _, _)) in pages.iter().enumerate() {
                    if r == i {
                        asked[k] = Some(inbox.asking());
                    }
                }
                for (k, &(_, u, a)) in pages.iter().enumerate() {
                    if a == i {
                        inbox.page_loaded(page_of(u), asked[k].expect("asked before answered"));
                    }
                }
                if let Some(event) = events.get(i) {
                    // A ticket the view lacks is fetched: the answer, the server now.
                    let asked = inbox.asking();
                    if let Some(InboxFollowUp::FetchTicket(id)) = inbox.apply(event) {
                        inbox.ticket_loaded(server(id, i + 1), asked);
                    }
                }
            }
            let seen = |tickets: &[TicketSummary]| {
                let mut rows: Vec<_> = tickets
                    .iter()
                    .map(|t| {
                        let last = t.last_message.as_ref().map(|m| m.id);
                        (t.id, last, t.status, t.assigned_to)
                    })
                    .collect();
                rows.sort_by_key(|row| row.0);
                rows
            };
            assert_eq!(
                seen(inbox.tickets()),
                seen(&view(EVENTS)),
                "seed {seed}, {status:?}: the inbox ends as the server"
            );
        }
    }
}
