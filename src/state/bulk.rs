//! A bulk change, optimistically: the rows change at once, then each batch's
//! answer keeps what the server changed and rolls back what it refused (or
//! the whole batch when the request itself failed). Pure: the inbox, the
//! change and the answers in, the failures to name out.

use std::collections::BTreeMap;

use crate::api::events::{LiveEvent, StatusChange};
use crate::api::types::{TicketStatus, TicketSummary};
use crate::api::{TicketUpdate, BULK_MAX_IDS};
use crate::state::inbox::Inbox;

/// A ticket the change did not reach, put back as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub id: u64,
    pub subject: String,
    /// The server's reason; `None` when the request as a whole failed.
    pub why: Option<String>,
}

/// A change applied to the inbox but not yet answered: how each row was.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Optimistic {
    before: Vec<TicketSummary>,
}

impl Optimistic {
    /// Changes the rows `ids` (those the inbox holds) at once.
    pub fn apply(inbox: &mut Inbox, ids: &[u64], change: &TicketUpdate) -> Optimistic {
        let before: Vec<TicketSummary> = ids
            .iter()
            .filter_map(|id| inbox.tickets().iter().find(|t| t.id == *id).cloned())
            .collect();
        for ticket in &before {
            let status = change.status.unwrap_or(ticket.status);
            let resolved_at = match status {
                TicketStatus::Open => None,
                TicketStatus::Closed => ticket.resolved_at.clone(),
            };
            inbox.apply(&LiveEvent::StatusChanged(StatusChange {
                ticket_id: ticket.id,
                status,
                assigned_to: change.assigned_to.unwrap_or(ticket.assigned_to),
                resolved_at,
            }));
            if change.triages() {
                inbox.apply(&LiveEvent::TicketUpdated(change.triaged(ticket)));
            }
        }
        Optimistic { before }
    }

    /// The ids to send, at most [`BULK_MAX_IDS`] a request.
    pub fn batches(&self) -> Vec<Vec<u64>> {
        self.before
            .chunks(BULK_MAX_IDS)
            .map(|chunk| chunk.iter().map(|t| t.id).collect())
            .collect()
    }

    /// A batch was answered: the server's copies replace the optimistic
    /// rows; the tickets named in `errors` are rolled back.
    pub fn answered(
        &self,
        inbox: &mut Inbox,
        batch: &[u64],
        changed: Vec<TicketSummary>,
        errors: &BTreeMap<String, String>,
    ) -> Vec<Failure> {
        // The server's tickets just after the change: heard as they arrive.
        for ticket in changed {
            if batch.contains(&ticket.id) && !errors.contains_key(&ticket.id.to_string()) {
                inbox.apply(&LiveEvent::StatusChanged(StatusChange::of(&ticket)));
                inbox.apply(&LiveEvent::TicketUpdated(ticket));
            }
        }
        self.rolled_back(inbox, batch, |id| {
            errors.get(&id.to_string()).map(|why| Some(why.clone()))
        })
    }

    /// A batch's request failed (network, 5xx, 422…): all of it is rolled back.
    pub fn failed(&self, inbox: &mut Inbox, batch: &[u64]) -> Vec<Failure> {
        self.rolled_back(inbox, batch, |_| Some(None))
    }

    fn rolled_back(
        &self,
        inbox: &mut Inbox,
        batch: &[u64],
        why: impl Fn(u64) -> Option<Option<String>>,
    ) -> Vec<Failure> {
        self.before
            .iter()
            .filter(|before| batch.contains(&before.id))
            .filter_map(|before| {
                let why = why(before.id)?;
                inbox.restore(before);
                Some(Failure {
                    id: before.id,
                    subject: before.subject.clone(),
                    why,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::{Message, Page, PageMeta};
    use crate::state::inbox::{InboxFilter, StatusFilter};
    use serde_json::json;

    fn ticket(id: u64, status: &str, assigned_to: Option<u64>) -> TicketSummary {
        let at = format!("2024-01-25T10:{:02}:00.000Z", id % 60);
        serde_json::from_value(json!({
            "id": id, "subject": format!("T{id}"), "status": status,
            "customer": {"id": 1, "name": "Ana"}, "assigned_to": assigned_to,
            "last_message": {"id": id * 10, "message": "hola", "is_from_admin": false, "created_at": at},
            "last_message_at": at, "created_at": at
        }))
        .unwrap()
    }

    fn inbox(filter: InboxFilter, tickets: Vec<TicketSummary>) -> Inbox {
        let mut inbox = Inbox::new(filter, 5);
        inbox.set_admins([(5, "Carlos".to_string()), (6, "Lucía".to_string())]);
        let total = tickets.len() as u64;
        inbox.page_loaded(
            Page {
                data: tickets,
                meta: PageMeta {
                    current_page: 1,
                    per_page: 50,
                    total: Some(total),
                    has_more: false,
                },
            },
            inbox.asking(),
        );
        inbox
    }

    fn ids(inbox: &Inbox) -> Vec<u64> {
        inbox.tickets().iter().map(|t| t.id).collect()
    }

    fn close() -> TicketUpdate {
        TicketUpdate {
            status: Some(TicketStatus::Closed),
            ..Default::default()
        }
    }

    fn closed(mut ticket: TicketSummary) -> TicketSummary {
        ticket.status = TicketStatus::Closed;
        ticket.resolved_at = Some("2024-01-25T12:00:00.000Z".into());
        ticket
    }

    #[test]
    fn closing_in_the_open_view_removes_rows_at_once_and_a_refusal_brings_one_back() {
        let tickets: Vec<_> = (1..=4).map(|id| ticket(id, "open", None)).collect();
        let mut inbox = inbox(InboxFilter::default(), tickets.clone());
        let pending = Optimistic::apply(&mut inbox, &[4, 3, 2], &close());
        assert_eq!(ids(&inbox), [1]);
        assert_eq!(inbox.total(), Some(1));

        let errors = BTreeMap::from([("3".to_string(), "Rechazado".to_string())]);
        let failures = pending.answered(
            &mut inbox,
            &[4, 3, 2],
            vec![closed(tickets[3].clone()), closed(tickets[1].clone())],
            &errors,
        );
        assert_eq!(
            failures,
            [Failure {
                id: 3,
                subject: "T3".into(),
                why: Some("Rechazado".into())
            }]
        );
        assert_eq!(ids(&inbox), [3, 1], "back in its place by activity");
        assert_eq!(inbox.tickets()[0].status, TicketStatus::Open);
        assert_eq!(inbox.total(), Some(2));
    }

    #[test]
    fn in_the_all_view_rows_stay_and_take_the_servers_copy() {
        let filter = InboxFilter {
            status: StatusFilter::All,
            ..Default::default()
        };
        let tickets: Vec<_> = (1..=2).map(|id| ticket(id, "open", None)).collect();
        let mut inbox = inbox(filter, tickets.clone());
        let pending = Optimistic::apply(&mut inbox, &[1, 2], &close());
        assert!(inbox
            .tickets()
            .iter()
            .all(|t| t.status == TicketStatus::Closed));
        let failures = pending.answered(
            &mut inbox,
            &[1, 2],
            vec![closed(tickets[0].clone()), closed(tickets[1].clone())],
            &BTreeMap::new(),
        );
        assert!(failures.is_empty());
        assert!(inbox
            .tickets()
            .iter()
            .all(|t| t.resolved_at.as_deref() == Some("2024-01-25T12:00:00.000Z")));
    }

    #[test]
    fn a_failed_request_rolls_back_its_whole_batch_and_only_it() {
        let tickets: Vec<_> = (1..=3).map(|id| ticket(id, "open", Some(5))).collect();
        let filter = InboxFilter {
            status: StatusFilter::All,
            ..Default::default()
        };
        let mut inbox = inbox(filter, tickets);
        let assign = TicketUpdate {
            assigned_to: Some(Some(6)),
            ..Default::default()
        };
        let pending = Optimistic::apply(&mut inbox, &[1, 2, 3], &assign);
        assert!(inbox.tickets().iter().all(|t| t.assigned_to == Some(6)
            && t.assignee.as_ref().map(|a| a.name.as_str()) == Some("Lucía")));
        let failures = pending.failed(&mut inbox, &[1, 2]);
        assert_eq!(
            failures
                .iter()
                .map(|f| (f.id, f.why.clone()))
                .collect::<Vec<_>>(),
            [(1, None), (2, None)]
        );
        let assigned = |id: u64| {
            inbox
                .tickets()
                .iter()
                .find(|t| t.id == id)
                .map(|t| (t.assigned_to, t.assignee.clone().map(|a| a.name)))
        };
        assert_eq!(assigned(1), Some((Some(5), None)), "as it was");
        assert_eq!(assigned(3), Some((Some(6), Some("Lucía".into()))));
    }

    #[test]
    fn a_rollback_keeps_what_the_row_learnt_meanwhile() {
        let filter = InboxFilter {
            status: StatusFilter::All,
            ..Default::default()
        };
        let mut inbox = inbox(
            filter,
            vec![ticket(1, "open", None), ticket(2, "open", None)],
        );
        let pending = Optimistic::apply(&mut inbox, &[1], &close());
        let message: Message = serde_json::from_value(json!({
            "id": 999, "message": "¿hola?", "is_from_admin": false,
            "created_at": "2024-01-25T11:00:00.000Z"
        }))
        .unwrap();
        inbox.apply(&LiveEvent::MessageSent {
            ticket_id: 1,
            message,
        });
        pending.failed(&mut inbox, &[1]);
        let row = &inbox.tickets()[0];
        assert_eq!(row.id, 1);
        assert_eq!(row.status, TicketStatus::Open);
        assert_eq!(row.last_message.as_ref().unwrap().id, 999);
    }

    #[test]
    fn more_than_a_hundred_go_in_batches_of_a_hundred() {
        let tickets: Vec<_> = (1..=250).map(|id| ticket(id, "open", None)).collect();
        let all: Vec<u64> = tickets.iter().map(|t| t.id).collect();
        let mut inbox = inbox(InboxFilter::default(), tickets);
        let pending = Optimistic::apply(&mut inbox, &all, &close());
        assert!(inbox.tickets().is_empty());
        let batches = pending.batches();
        assert_eq!(
            batches.iter().map(Vec::len).collect::<Vec<_>>(),
            [100, 100, 50]
        );
        assert_eq!(batches.concat(), all);
        pending.failed(&mut inbox, &batches[2]);
        assert_eq!(inbox.tickets().len(), 50);
    }

    #[test]
    fn ids_the_inbox_does_not_hold_are_not_sent() {
        let mut inbox = inbox(InboxFilter::default(), vec![ticket(1, "open", None)]);
        let pending = Optimistic::apply(&mut inbox, &[1, 77], &close());
        assert_eq!(pending.batches(), [vec![1]]);
        assert!(Optimistic::apply(&mut inbox, &[77], &close())
            .batches()
            .is_empty());
    }
}
