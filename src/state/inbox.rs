//! The inbox: which tickets an admin sees, in which order, and how live
//! events change it. Pure: pages and events in, rows out.

use std::collections::HashMap;

use crate::api::events::{LiveEvent, StatusChange};
use crate::api::types::{LastMessage, Page, TicketSummary};
use crate::api::ApiError;
use crate::state::heard::{Asked, Heard};
use crate::state::thread;

pub use crate::state::filter::{AssignedFilter, FilterPart, InboxFilter, StatusFilter};

/// Loading state of the inbox's pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageLoad {
    Idle,
    Busy,
    Failed(ApiError),
}

/// What the inbox needs from outside after an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InboxFollowUp {
    /// A ticket the inbox does not hold became relevant: fetch its summary.
    FetchTicket(u64),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inbox {
    pub filter: InboxFilter,
    me: u64,
    tickets: Vec<TicketSummary>,
    /// The server's count of the view; `None` from a simple paginator.
    total: Option<u64>,
    /// Whether the furthest page loaded said another follows.
    more: bool,
    loaded_pages: u32,
    admins: HashMap<u64, String>,
    /// The status changes and read marks heard (live, or decided here).
    heard: Heard,
    /// Each ticket's last status change, and when it was heard; kept even for
    /// a ticket the view let go, since a late answer may bring it back.
    status_heard: HashMap<u64, (Heard, StatusChange)>,
    /// Each ticket's last read mark, when it was heard, and the newest
    /// message it covered.
    read_heard: HashMap<u64, (Heard, Option<u64>)>,
}

impl Inbox {
    pub fn new(filter: InboxFilter, me: u64) -> Self {
        Self {
            filter,
            me,
            ..Default::default()
        }
    }

    /// The same view with no rows, to load again from the first page.
    pub fn emptied(&self) -> Self {
        self.refiltered(self.filter.clone())
    }

    /// No rows, for `filter`; the admins' names and the status changes
    /// heard are kept, for answers still on their way.
    pub fn refiltered(&self, filter: InboxFilter) -> Self {
        Self {
            filter,
            me: self.me,
            admins: self.admins.clone(),
            heard: self.heard,
            status_heard: self.status_heard.clone(),
            read_heard: self.read_heard.clone(),
            ..Default::default()
        }
    }

    pub fn tickets(&self) -> &[TicketSummary] {
        &self.tickets
    }

    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// How many tickets the view holds, when known: the server's count, or
    /// the rows loaded once no page follows. `None` while a backend that
    /// does not count (a simple paginator) has more pages to give.
    pub fn known_size(&self) -> Option<u64> {
        let loaded = self.tickets.len() as u64;
        match self.total {
            Some(total) => Some(total.max(loaded)),
            None => (!self.more).then_some(loaded),
        }
    }

    pub fn has_more_pages(&self) -> bool {
        self.more
    }

    pub fn next_page(&self) -> u32 {
        self.loaded_pages + 1
    }

    /// Taken as a request for rows (a page, a ticket) leaves, and handed back
    /// with its answer (`state::heard`).
    pub fn asking(&self) -> Asked {
        self.heard.asking()
    }

    /// Names for assignee ids, so an assignment event can show who.
    pub fn set_admins(&mut self, admins: impl IntoIterator<Item = (u64, String)>) {
        self.admins = admins.into_iter().collect();
    }

    /// Merges a page from the API, asked for at `asked`. Merging by id keeps
    /// the newer copy, so a page that raced with a live event cannot roll a
    /// row back: a new message by the rows' activity, a status change by when
    /// it was heard.
    pub fn page_loaded(&mut self, page: Page<TicketSummary>, asked: Asked) {
        self.total = page.meta.total;
        // A refresh of an earlier page says nothing about the end of the list.
        if page.meta.current_page >= self.loaded_pages {
            self.more = page.meta.has_more;
        }
        self.loaded_pages = self.loaded_pages.max(page.meta.current_page);
        // Found by id through a map: late pages of a 10,000-ticket inbox
        // would otherwise search every row for every ticket.
        let mut at: HashMap<u64, usize> = self
            .tickets
            .iter()
            .enumerate()
            .map(|(index, t)| (t.id, index))
            .collect();
        for ticket in page.data {
            let Some(ticket) = self.as_heard(ticket, asked) else {
                // Counted by the server as of the asking, not in this view now.
                self.uncount();
                continue;
            };
            match at.get(&ticket.id) {
                Some(&index) => keep_newer(&mut self.tickets[index], ticket),
                None => {
                    at.insert(ticket.id, self.tickets.len());
                    self.tickets.push(ticket);
                }
            }
        }
        self.sort();
    }

    /// One ticket fewer in the server's count, when there is one.
    fn uncount(&mut self) {
        if let Some(total) = &mut self.total {
            *total = total.saturating_sub(1);
        }
    }

    /// Adds or refreshes one ticket (e.g. fetched after an event), asked for
    /// at `asked`.
    pub fn ticket_loaded(&mut self, ticket: TicketSummary, asked: Asked) {
        let id = ticket.id;
        let ticket = self.as_heard(ticket, asked);
        let Some(ticket) = ticket.filter(|t| self.filter.admits(t, self.me)) else {
            // Not (or no longer) for this view.
            if let Some(index) = self.tickets.iter().position(|t| t.id == id) {
                self.remove(index);
            }
            return;
        };
        if !self.tickets.iter().any(|t| t.id == ticket.id) {
            if let Some(total) = &mut self.total {
                *total += 1;
            }
        }
        self.upsert(ticket);
        self.sort();
    }

    /// The server's copy of a ticket as of `asked`, with what was heard
    /// since put back on it: a status change, a read mark (unless the copy
    /// holds a newer message). `None` when a status change took the ticket
    /// out of this view.
    fn as_heard(&self, mut ticket: TicketSummary, asked: Asked) -> Option<TicketSummary> {
        if let Some((at, read_up_to)) = self.read_heard.get(&ticket.id) {
            let newest = ticket.last_message.as_ref().map(|m| m.id);
            if at.since(asked) && newest <= *read_up_to {
                ticket.unread_count = 0;
            }
        }
        match self.status_heard.get(&ticket.id) {
            Some((at, change)) if at.since(asked) => {
                self.set_status(&mut ticket, change);
                self.filter.admits(&ticket, self.me).then_some(ticket)
            }
            _ => Some(ticket),
        }
    }

    fn set_status(&self, ticket: &mut TicketSummary, change: &StatusChange) {
        thread::status_changed(ticket, change, |id| self.admins.get(&id).cloned());
    }

    /// Lets a row go that this view no longer shows.
    fn remove(&mut self, index: usize) {
        self.tickets.remove(index);
        self.uncount();
    }

    /// A status change heard, live or decided here.
    fn hear(&mut self, change: &StatusChange) {
        let at = self.heard.hear();
        self.status_heard
            .insert(change.ticket_id, (at, change.clone()));
    }

    /// Undoes an optimistic change: puts back the status, assignment and
    /// triage `before` had, keeping everything else the row learnt since (a new
    /// message, say). A row the change had moved out of this view comes back.
    pub fn restore(&mut self, before: &TicketSummary) {
        self.hear(&StatusChange::of(before));
        let Some(index) = self.tickets.iter().position(|t| t.id == before.id) else {
            self.ticket_loaded(before.clone(), self.asking());
            return;
        };
        let ticket = &mut self.tickets[index];
        ticket.status = before.status;
        ticket.assigned_to = before.assigned_to;
        ticket.assignee = before.assignee.clone();
        ticket.resolved_at = before.resolved_at.clone();
        ticket.priority = before.priority;
        ticket.tags = before.tags.clone();
        ticket.snoozed_until = before.snoozed_until.clone();
        if !self.filter.admits(&self.tickets[index], self.me) {
            self.remove(index);
        }
    }

    /// The admin read the ticket: a page asked for before keeps it read.
    pub fn mark_read(&mut self, ticket_id: u64) {
        let Some(ticket) = self.tickets.iter_mut().find(|t| t.id == ticket_id) else {
            return;
        };
        ticket.unread_count = 0;
        let read_up_to = ticket.last_message.as_ref().map(|m| m.id);
        let at = self.heard.hear();
        self.read_heard.insert(ticket_id, (at, read_up_to));
    }

    pub fn apply(&mut self, event: &LiveEvent) -> Option<InboxFollowUp> {
        match event {
            LiveEvent::TicketCreated(ticket) => {
                let searching = !self.filter.search.is_empty();
                if !searching {
                    self.ticket_loaded(ticket.clone(), self.asking());
                }
                None
            }
            LiveEvent::MessageSent { ticket_id, message } => {
                let Some(ticket) = self.tickets.iter_mut().find(|t| t.id == *ticket_id) else {
                    return (self.filter.search.is_empty())
                        .then_some(InboxFollowUp::FetchTicket(*ticket_id));
                };
                let newer = ticket
                    .last_message
                    .as_ref()
                    .is_none_or(|last| message.id > last.id);
                if newer {
                    ticket.last_message = Some(LastMessage {
                        id: message.id,
                        message: message.message.clone(),
                        is_from_admin: message.is_from_admin,
                        created_at: message.created_at.clone(),
                    });
                    ticket.last_message_at = Some(message.created_at.clone());
                    ticket.updated_at = Some(message.created_at.clone());
                    if !message.is_from_admin {
                        ticket.unread_count += 1;
                    }
                    self.sort();
                }
                None
            }
            LiveEvent::StatusChanged(change) => {
                self.hear(change);
                let Some(index) = self.tickets.iter().position(|t| t.id == change.ticket_id) else {
                    return (self.filter.search.is_empty())
                        .then_some(InboxFollowUp::FetchTicket(change.ticket_id));
                };
                let mut ticket = self.tickets[index].clone();
                self.set_status(&mut ticket, change);
                if self.filter.admits(&ticket, self.me) {
                    self.tickets[index] = ticket;
                } else {
                    self.remove(index);
                }
                None
            }
            LiveEvent::TicketUpdated(ticket) => {
                self.triage_heard(ticket);
                None
            }
            // Notes leave the unread count and the last message alone.
            LiveEvent::NoteAdded { .. } | LiveEvent::Mentioned(_) => None,
        }
    }

    /// A ticket's priority, tags or snooze changed (`ticket.updated`): the
    /// row takes them unless it knows a newer copy, and leaves or joins the
    /// view by them (a snoozed ticket leaves the open queue, a woken one
    /// comes back).
    fn triage_heard(&mut self, ticket: &TicketSummary) {
        match self.tickets.iter().position(|t| t.id == ticket.id) {
            Some(index) => {
                let mut row = self.tickets[index].clone();
                if !thread::triage_changed(&mut row, ticket) {
                    return;
                }
                if self.filter.admits(&row, self.me) {
                    self.tickets[index] = row;
                } else {
                    self.remove(index);
                }
            }
            None if self.filter.search.is_empty() => {
                self.ticket_loaded(ticket.clone(), self.asking());
            }
            None => {}
        }
    }

    fn upsert(&mut self, ticket: TicketSummary) {
        match self.tickets.iter_mut().find(|t| t.id == ticket.id) {
            Some(existing) => keep_newer(existing, ticket),
            None => self.tickets.push(ticket),
        }
    }

    fn sort(&mut self) {
        self.tickets
            .sort_by(|a, b| activity(b).cmp(&activity(a)).then(b.id.cmp(&a.id)));
    }
}

/// Replaces a held row with another copy of it unless the held one is newer
/// (an answer that raced with a live event cannot roll the row back).
fn keep_newer(held: &mut TicketSummary, ticket: TicketSummary) {
    if activity(&ticket) >= activity(held) {
        *held = ticket;
    }
}

/// When a ticket last moved: its newest message, else its last update.
/// ISO 8601 UTC strings of one backend sort as text.
fn activity(ticket: &TicketSummary) -> (&str, u64) {
    let at = ticket
        .last_message_at
        .as_deref()
        .or(ticket.updated_at.as_deref())
        .unwrap_or(&ticket.created_at);
    (at, ticket.last_message.as_ref().map_or(0, |m| m.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filters_away_from_their_defaults_are_chips_each_removable_alone() {
        let filter = InboxFilter::from_query(|key| {
            [
                ("status", "closed"),
                ("reason", "3"),
                ("q", "cupón"),
                ("customer", "7"),
            ]
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.to_string())
        });
        assert_eq!(
            filter.active(),
            [FilterPart::Status, FilterPart::Reason, FilterPart::Search]
        );
        let without_reason = filter.without(FilterPart::Reason);
        assert_eq!(without_reason.reason_id, None);
        assert_eq!(
            (
                without_reason.status,
                without_reason.search.as_str(),
                without_reason.customer_id
            ),
            (StatusFilter::Closed, "cupón", Some(7)),
            "the others stay"
        );
        assert!(InboxFilter::default().active().is_empty());
        let all_gone = filter
            .active()
            .into_iter()
            .fold(filter.clone(), |f, part| f.without(part));
        assert!(all_gone.active().is_empty());
    }
    use crate::api::events::StatusChange;
    use crate::api::types::{Message, PageMeta, Priority, TicketStatus};
    use crate::state::filter::SnoozedFilter;
    use serde_json::json;

    fn ticket(id: u64, at: &str, status: &str, assigned_to: Option<u64>) -> TicketSummary {
        serde_json::from_value(json!({
            "id": id, "subject": format!("T{id}"), "status": status,
            "customer": {"id": 1, "name": "Ana"}, "assigned_to": assigned_to,
            "reason": {"id": 1, "name": "Puntos"},
            "last_message": {"id": id * 10, "message": "hola", "is_from_admin": false, "created_at": at},
            "last_message_at": at, "created_at": at, "unread_count": 1
        }))
        .unwrap()
    }

    fn page(
        tickets: Vec<TicketSummary>,
        current: u32,
        last: u32,
        total: u64,
    ) -> Page<TicketSummary> {
        Page {
            data: tickets,
            meta: PageMeta {
                current_page: current,
                per_page: 50,
                total: Some(total),
                has_more: current < last,
            },
        }
    }

    fn message(id: u64, at: &str, from_admin: bool) -> Message {
        serde_json::from_value(json!({"id": id, "message": format!("m{id}"), "is_from_admin": from_admin, "created_at": at}))
            .unwrap()
    }

    fn ids(inbox: &Inbox) -> Vec<u64> {
        inbox.tickets().iter().map(|t| t.id).collect()
    }

    #[test]
    fn filter_round_trips_through_the_url() {
        let filter = InboxFilter {
            status: StatusFilter::All,
            assigned: AssignedFilter::Admin(3),
            reason_id: Some(2),
            search: "Ana López".into(),
            customer_id: Some(77),
            ..Default::default()
        };
        let query = filter.to_query();
        assert_eq!(
            query,
            "?status=all&assigned=3&reason=2&q=Ana%20L%C3%B3pez&customer=77"
        );
        let decoded: HashMap<&str, &str> = [
            ("status", "all"),
            ("assigned", "3"),
            ("reason", "2"),
            ("q", "Ana López"),
            ("customer", "77"),
        ]
        .into();
        assert_eq!(
            InboxFilter::from_query(|k| decoded.get(k).map(|v| v.to_string())),
            filter
        );
        assert_eq!(InboxFilter::default().to_query(), "");
        assert_eq!(
            InboxFilter::from_query(|k| (k == "status").then(|| "bogus".to_string())),
            InboxFilter::default()
        );
        assert_eq!(
            filter.api_query(),
            "status=all&assigned=3&reason_id=2&search=Ana%20L%C3%B3pez&customer_id=77"
        );
        assert_eq!(
            InboxFilter::from_query(|k| (k == "customer").then(|| "77; DROP".to_string())),
            InboxFilter::default(),
            "a customer id that is not a number is no filter"
        );
    }

    fn triaged(
        mut ticket: TicketSummary,
        updated_at: &str,
        edit: impl Fn(&mut TicketSummary),
    ) -> TicketSummary {
        ticket.updated_at = Some(updated_at.into());
        edit(&mut ticket);
        ticket
    }

    #[test]
    fn a_snoozed_ticket_leaves_the_open_queue_and_comes_back_when_it_wakes() {
        let at = "2024-01-25T10:00:00.000Z";
        let mut inbox = Inbox::new(InboxFilter::default(), 1);
        inbox.page_loaded(
            page(
                vec![ticket(1, at, "open", None), ticket(2, at, "open", None)],
                1,
                1,
                2,
            ),
            inbox.asking(),
        );
        let snoozed = triaged(
            ticket(1, at, "open", None),
            "2024-01-25T11:00:00.000Z",
            |t| t.snoozed_until = Some("2024-01-26T09:00:00.000Z".into()),
        );
        inbox.apply(&LiveEvent::TicketUpdated(snoozed.clone()));
        assert_eq!(ids(&inbox), [2]);
        assert_eq!(inbox.total(), Some(1), "the count follows");
        let woken = triaged(snoozed.clone(), "2024-01-26T09:00:00.000Z", |t| {
            t.snoozed_until = None
        });
        inbox.apply(&LiveEvent::TicketUpdated(woken));
        assert_eq!(ids(&inbox), [2, 1]);
        assert_eq!(inbox.total(), Some(2));

        let mut snoozed_queue = Inbox::new(
            InboxFilter {
                snoozed: SnoozedFilter::Only,
                ..Default::default()
            },
            1,
        );
        snoozed_queue.apply(&LiveEvent::TicketUpdated(snoozed));
        assert_eq!(ids(&snoozed_queue), [1], "joins the snoozed queue live");
    }

    #[test]
    fn an_older_ticket_update_does_not_roll_a_row_back() {
        let at = "2024-01-25T10:00:00.000Z";
        let filter = InboxFilter {
            priority: vec![Priority::Urgent],
            ..Default::default()
        };
        let mut inbox = Inbox::new(filter, 1);
        let urgent = triaged(
            ticket(1, at, "open", None),
            "2024-01-25T12:00:00.000Z",
            |t| {
                t.priority = Priority::Urgent;
                t.tags = vec!["vip".into()];
            },
        );
        inbox.apply(&LiveEvent::TicketUpdated(urgent.clone()));
        assert_eq!(ids(&inbox), [1]);
        let stale = triaged(urgent.clone(), "2024-01-25T11:00:00.000Z", |t| {
            t.priority = Priority::Low
        });
        inbox.apply(&LiveEvent::TicketUpdated(stale));
        assert_eq!(
            inbox.tickets()[0].priority,
            Priority::Urgent,
            "older news is ignored"
        );
        let lowered = triaged(urgent, "2024-01-25T13:00:00.000Z", |t| {
            t.priority = Priority::Low
        });
        inbox.apply(&LiveEvent::TicketUpdated(lowered));
        assert!(
            ids(&inbox).is_empty(),
            "no longer urgent: out of an urgent view"
        );
    }

    #[test]
    fn triage_filters_round_trip_through_the_url_and_the_api() {
        let query: HashMap<&str, &str> = [
            ("priority", "high,bogus,urgent"),
            ("tag", " VIP "),
            ("snoozed", "only"),
        ]
        .into();
        let filter = InboxFilter::from_query(|k| query.get(k).map(|v| v.to_string()));
        assert_eq!(filter.priority, [Priority::Urgent, Priority::High]);
        assert_eq!(filter.tag.as_deref(), Some("vip"));
        assert_eq!(
            filter.to_query(),
            "?priority=urgent,high&tag=vip&snoozed=only"
        );
        assert_eq!(
            filter.api_query(),
            "status=open&assigned=any&priority=urgent,high&tag=vip&snoozed=only"
        );
        assert_eq!(
            filter.active(),
            [FilterPart::Priority, FilterPart::Tag, FilterPart::Snoozed]
        );
        assert_eq!(
            InboxFilter::default().api_query(),
            "status=open&assigned=any",
            "a v2 backend is asked nothing new"
        );
    }

    /// A simple paginator never counts: the inbox says "more than" what it
    /// holds until the page that has no next one, and a late refresh of an
    /// earlier page does not bring the "more" back.
    #[test]
    fn a_list_without_a_total_is_sized_by_its_last_page() {
        let uncounted = |tickets, current, has_more| {
            let mut page = page(tickets, current, 0, 0);
            page.meta.total = None;
            page.meta.has_more = has_more;
            page
        };
        let mut inbox = Inbox::new(InboxFilter::default(), 1);
        let first = uncounted(
            vec![ticket(2, "2024-01-25T11:00:00.000Z", "open", None)],
            1,
            true,
        );
        inbox.page_loaded(first.clone(), inbox.asking());
        assert_eq!((inbox.known_size(), inbox.has_more_pages()), (None, true));
        assert_eq!(inbox.next_page(), 2);
        let last = uncounted(
            vec![ticket(1, "2024-01-25T10:00:00.000Z", "open", None)],
            2,
            false,
        );
        inbox.page_loaded(last, inbox.asking());
        assert_eq!(
            (inbox.known_size(), inbox.has_more_pages()),
            (Some(2), false)
        );
        inbox.page_loaded(first, inbox.asking());
        assert_eq!(
            (inbox.known_size(), inbox.has_more_pages()),
            (Some(2), false)
        );
        // A counted page is believed, and never below what is held.
        inbox.page_loaded(page(vec![], 1, 1, 1), inbox.asking());
        assert_eq!(inbox.known_size(), Some(2));
    }

    #[test]
    fn a_customer_message_moves_its_ticket_to_the_top_once() {
        let mut inbox = Inbox::new(InboxFilter::default(), 1);
        inbox.page_loaded(
            page(
                vec![
                    ticket(1, "2024-01-25T10:00:00.000Z", "open", None),
                    ticket(2, "2024-01-25T11:00:00.000Z", "open", None),
                ],
                1,
                1,
                2,
            ),
            inbox.asking(),
        );
        assert_eq!(ids(&inbox), [2, 1]);
        let event = LiveEvent::MessageSent {
            ticket_id: 1,
            message: message(99, "2024-01-25T12:00:00.000Z", false),
        };
        inbox.apply(&event);
        inbox.apply(&event);
        assert_eq!(ids(&inbox), [1, 2]);
        let top = &inbox.tickets()[0];
        assert_eq!(top.unread_count, 2, "counted once, not twice");
        assert_eq!(
            top.last_message.as_ref().unwrap().message.as_deref(),
            Some("m99")
        );
        inbox.mark_read(1);
        assert_eq!(inbox.tickets()[0].unread_count, 0);
    }

    #[test]
    fn an_admin_reply_updates_the_preview_without_unread() {
        let mut inbox = Inbox::new(InboxFilter::default(), 1);
        inbox.page_loaded(
            page(
                vec![ticket(1, "2024-01-25T10:00:00.000Z", "open", None)],
                1,
                1,
                1,
            ),
            inbox.asking(),
        );
        inbox.apply(&LiveEvent::MessageSent {
            ticket_id: 1,
            message: message(50, "2024-01-25T12:00:00.000Z", true),
        });
        assert_eq!(inbox.tickets()[0].unread_count, 1);
        assert!(
            inbox.tickets()[0]
                .last_message
                .as_ref()
                .unwrap()
                .is_from_admin
        );
    }

    #[test]
    fn unknown_tickets_are_fetched_and_new_tickets_inserted() {
        let mut inbox = Inbox::new(InboxFilter::default(), 1);
        inbox.page_loaded(
            page(
                vec![ticket(1, "2024-01-25T10:00:00.000Z", "open", None)],
                1,
                1,
                1,
            ),
            inbox.asking(),
        );
        let follow_up = inbox.apply(&LiveEvent::MessageSent {
            ticket_id: 7,
            message: message(70, "2024-01-25T12:00:00.000Z", false),
        });
        assert_eq!(follow_up, Some(InboxFollowUp::FetchTicket(7)));
        inbox.apply(&LiveEvent::TicketCreated(ticket(
            8,
            "2024-01-25T13:00:00.000Z",
            "open",
            None,
        )));
        inbox.apply(&LiveEvent::TicketCreated(ticket(
            8,
            "2024-01-25T13:00:00.000Z",
            "open",
            None,
        )));
        assert_eq!(ids(&inbox), [8, 1]);
        assert_eq!(inbox.total(), Some(2));
    }

    #[test]
    fn status_and_assignment_changes_update_or_drop_rows() {
        let filter = InboxFilter {
            assigned: AssignedFilter::Me,
            ..Default::default()
        };
        let mut inbox = Inbox::new(filter, 5);
        inbox.set_admins([(5, "Carlos".to_string()), (6, "Lucía".to_string())]);
        inbox.page_loaded(
            page(
                vec![
                    ticket(1, "2024-01-25T10:00:00.000Z", "open", Some(5)),
                    ticket(2, "2024-01-25T11:00:00.000Z", "open", Some(5)),
                ],
                1,
                1,
                2,
            ),
            inbox.asking(),
        );
        inbox.apply(&LiveEvent::StatusChanged(StatusChange {
            ticket_id: 1,
            status: TicketStatus::Open,
            assigned_to: Some(6),
            resolved_at: None,
        }));
        assert_eq!(ids(&inbox), [2], "no longer mine");
        inbox.apply(&LiveEvent::StatusChanged(StatusChange {
            ticket_id: 2,
            status: TicketStatus::Closed,
            assigned_to: Some(5),
            resolved_at: Some("2024-01-25T12:00:00.000Z".into()),
        }));
        assert!(inbox.tickets().is_empty(), "closed leaves the open view");
        assert_eq!(inbox.total(), Some(0));
    }

    #[test]
    fn a_stale_page_does_not_roll_back_a_live_update() {
        let mut inbox = Inbox::new(InboxFilter::default(), 1);
        inbox.page_loaded(
            page(
                vec![ticket(1, "2024-01-25T10:00:00.000Z", "open", None)],
                1,
                1,
                1,
            ),
            inbox.asking(),
        );
        inbox.apply(&LiveEvent::MessageSent {
            ticket_id: 1,
            message: message(99, "2024-01-25T12:00:00.000Z", false),
        });
        inbox.page_loaded(
            page(
                vec![ticket(1, "2024-01-25T10:00:00.000Z", "open", None)],
                1,
                1,
                1,
            ),
            inbox.asking(),
        );
        assert_eq!(inbox.tickets()[0].last_message.as_ref().unwrap().id, 99);
    }

    #[test]
    fn a_new_filter_keeps_the_status_changes_heard_for_answers_on_their_way() {
        let all = InboxFilter {
            status: StatusFilter::All,
            ..Default::default()
        };
        let mut inbox = Inbox::new(all.clone(), 1);
        let asked = inbox.asking(); // ticket 1 is fetched…
        inbox.apply(&LiveEvent::StatusChanged(StatusChange {
            ticket_id: 1,
            status: TicketStatus::Closed,
            assigned_to: None,
            resolved_at: None,
        }));
        let mut inbox = inbox.refiltered(all); // …the admin picks another view…
        inbox.ticket_loaded(ticket(1, "2024-01-25T10:00:00.000Z", "open", None), asked);
        // …and the answer, older than the change, does not reopen it.
        assert_eq!(inbox.tickets()[0].status, TicketStatus::Closed);
    }

    #[test]
    fn a_page_asked_for_before_a_read_mark_leaves_the_ticket_read() {
        let mut inbox = Inbox::new(InboxFilter::default(), 1);
        let unread = ticket(1, "2024-01-25T10:00:00.000Z", "open", None);
        inbox.page_loaded(page(vec![unread.clone()], 1, 1, 1), inbox.asking());
        let asked = inbox.asking();
        inbox.mark_read(1);
        inbox.page_loaded(page(vec![unread], 1, 1, 1), asked);
        assert_eq!(
            inbox.tickets()[0].unread_count,
            0,
            "read before the page arrived"
        );

        // A copy with a message newer than the mark says how many are unread.
        let mut newer = ticket(1, "2024-01-25T11:00:00.000Z", "open", None);
        newer.last_message.as_mut().unwrap().id = 11;
        inbox.page_loaded(page(vec![newer], 1, 1, 1), asked);
        assert_eq!(inbox.tickets()[0].unread_count, 1);
    }

    #[test]
    fn an_emptied_inbox_keeps_its_view_and_names() {
        let mut inbox = Inbox::new(
            InboxFilter {
                status: StatusFilter::All,
                ..Default::default()
            },
            5,
        );
        inbox.set_admins([(5, "Carlos".to_string())]);
        inbox.page_loaded(
            page(
                vec![ticket(1, "2024-01-25T10:00:00.000Z", "open", None)],
                1,
                3,
                120,
            ),
            inbox.asking(),
        );
        let fresh = inbox.emptied();
        assert!(fresh.tickets().is_empty());
        assert_eq!((fresh.total(), fresh.known_size()), (None, Some(0)));
        assert_eq!(fresh.next_page(), 1);
        assert_eq!(fresh.filter, inbox.filter);
        assert_eq!(fresh.admins, inbox.admins);
    }

    #[test]
    fn a_customer_filter_admits_only_that_customers_tickets() {
        let filter = InboxFilter {
            customer_id: Some(9),
            ..Default::default()
        };
        let mut inbox = Inbox::new(filter, 1);
        let mut theirs = ticket(8, "2024-01-25T13:00:00.000Z", "open", None);
        theirs.customer.id = 9;
        inbox.apply(&LiveEvent::TicketCreated(ticket(
            7,
            "2024-01-25T13:00:00.000Z",
            "open",
            None,
        )));
        inbox.apply(&LiveEvent::TicketCreated(theirs));
        assert_eq!(ids(&inbox), [8]);
    }

    #[test]
    fn with_a_search_the_inbox_adds_nothing_by_itself() {
        let filter = InboxFilter {
            search: "cupón".into(),
            ..Default::default()
        };
        let mut inbox = Inbox::new(filter, 1);
        inbox.apply(&LiveEvent::TicketCreated(ticket(
            8,
            "2024-01-25T13:00:00.000Z",
            "open",
            None,
        )));
        assert!(inbox.tickets().is_empty());
        let follow_up = inbox.apply(&LiveEvent::MessageSent {
            ticket_id: 3,
            message: message(1, "2024-01-25T13:00:00.000Z", false),
        });
        assert_eq!(follow_up, None);
    }
}
