//! The open thread: the one model of a ticket's conversation that the panel
//! runs and the tests drive. A keyed store of `state::thread::Thread`, with
//! that module's rules applied field by field so each change reaches only
//! what shows it. A new message
//! touches the message list (one row joins), a read mark that message's row,
//! a status change the ticket's header; replies on their way, their own rows.
//!
//! Provided as a context by the thread view; every write is `try_`, since an
//! answer may arrive after the admin left the thread.

use leptos::prelude::*;
use reactive_stores::Store;

use crate::api::events::{LiveEvent, StatusChange};
use crate::api::types::{Message, TicketDetail, TicketSummary, Writing};
use crate::api::ApiError;
use crate::state::gap::Gap;
use crate::state::heard::{Asked, Heard};
use crate::state::thread::{
    self, Change, Merge, PendingReply, ReplyState, Thread, ThreadStoreFields,
};

#[derive(Clone, Copy)]
pub struct OpenThread {
    store: Store<Thread>,
    /// Where the next catch-up starts (`state::gap`).
    gap: StoredValue<Gap>,
    /// The status changes heard: an answer asked for before the last one
    /// keeps its status (`state::heard`).
    status_heard: StoredValue<Heard>,
}

impl OpenThread {
    pub fn new(detail: TicketDetail) -> Self {
        let thread = Thread::new(detail);
        let gap = Gap::loaded(thread.messages.last().map(|m| m.id));
        Self {
            store: Store::new(thread),
            gap: StoredValue::new(gap),
            status_heard: StoredValue::new(Heard::default()),
        }
    }

    /// The store itself, for views that read its fields.
    pub fn store(&self) -> Store<Thread> {
        self.store
    }

    pub fn ticket_id(&self) -> Option<u64> {
        self.store.ticket().try_with_untracked(|t| t.id)
    }

    pub fn newest_id(&self) -> Option<u64> {
        self.store
            .messages()
            .try_with_untracked(|m| m.last().map(|m| m.id))
            .flatten()
    }

    /// Whether the ticket's events are heard now (socket up, channel
    /// subscribed): what is sent while they are not is caught up later.
    pub fn hearing(&self, heard: bool) {
        self.gap.try_update_value(|gap| match heard {
            true => gap.resumed(),
            false => gap.lost(),
        });
    }

    /// A catch-up starts: the message to fetch the ones after (`None`: from
    /// the first).
    pub fn catch_up_from(&self) -> Option<u64> {
        self.gap.try_update_value(|gap| gap.start()).flatten()
    }

    /// A catch-up fetched every message up to `id`.
    pub fn caught_up_to(&self, id: u64) {
        self.gap.try_update_value(|gap| gap.fetched(id));
    }

    /// A catch-up failed after fetching everything up to `after`.
    pub fn catch_up_failed(&self, after: u64) {
        self.gap.try_update_value(|gap| gap.failed(after));
    }

    pub fn oldest_id(&self) -> Option<u64> {
        self.store
            .messages()
            .try_with_untracked(|m| m.first().map(|m| m.id))
            .flatten()
    }

    /// Merges messages from any source; returns how many were new. A message
    /// held exactly so changes nothing, a changed one (a read mark) only its
    /// own row, and new ones join the list in one write.
    pub fn merge(&self, incoming: Vec<Message>) -> usize {
        let messages = self.store.messages();
        let mut new = Vec::new();
        for message in incoming {
            let merge = messages.try_with_untracked(|held| thread::merge_kind(held, &message));
            match merge {
                Some(Merge::New) => new.push(message),
                // Rare (a read mark): rows read it through their run's memo.
                Some(Merge::Changed) => {
                    messages.try_update(|held| thread::merge_one(held, message));
                }
                Some(Merge::Same) | None => {}
            }
        }
        let count = new.len();
        if count > 0 {
            messages.try_update(|held| {
                for message in new {
                    thread::merge_one(held, message);
                }
            });
        }
        count
    }

    /// Applies a live event of this ticket; returns whether a message joined.
    pub fn apply(&self, event: &LiveEvent, admin_name: impl Fn(u64) -> Option<String>) -> bool {
        let Some(id) = self.ticket_id() else {
            return false;
        };
        match Change::of(event, id) {
            Change::Message(message) => {
                self.gap.try_update_value(|gap| gap.heard(message.id));
                self.merge(vec![message.clone()]) > 0
            }
            Change::Status(change) => {
                self.status_changed(change, admin_name);
                false
            }
            Change::Ticket(ticket) => {
                self.summary_updated(ticket.clone());
                false
            }
            Change::Triage(ticket) => {
                self.store
                    .ticket()
                    .try_update(|held| thread::triage_changed(held, ticket));
                false
            }
            Change::None => false,
        }
    }

    pub fn status_changed(
        &self,
        change: &StatusChange,
        admin_name: impl Fn(u64) -> Option<String>,
    ) {
        self.status_heard.try_update_value(Heard::hear);
        self.store
            .ticket()
            .try_update(|ticket| thread::status_changed(ticket, change, admin_name));
    }

    /// Taken as a request for the ticket leaves; handed back with its answer.
    pub fn asking(&self) -> Asked {
        self.heard().asking()
    }

    /// The server's copy of the ticket, asked for at `asked`.
    pub fn summary_answered(&self, summary: TicketSummary, asked: Asked) {
        let summary = match self.heard().since(asked) {
            true => match self.summary() {
                Some(held) => thread::keep_status(summary, &held),
                None => return,
            },
            false => summary,
        };
        self.summary_updated(summary);
    }

    /// The ticket as it is now, heard as it arrives: the server's answer to
    /// this admin's change, or the ticket put back after a refused one.
    pub fn summary_heard(&self, summary: TicketSummary) {
        self.status_heard.try_update_value(Heard::hear);
        self.summary_updated(summary);
    }

    fn heard(&self) -> Heard {
        self.status_heard.try_get_value().unwrap_or_default()
    }

    pub fn summary_updated(&self, summary: TicketSummary) {
        let ticket = self.store.ticket();
        if ticket.try_with_untracked(|t| *t != summary) == Some(true) {
            ticket.try_set(summary);
        }
    }

    /// The ticket as it is now, read without subscribing.
    pub fn summary(&self) -> Option<TicketSummary> {
        self.store.ticket().try_get_untracked()
    }

    pub fn older_loaded(&self, messages: Vec<Message>, has_more: bool) {
        self.store.has_older().try_set(has_more);
        self.merge(messages);
    }

    pub fn reply_started(&self, client_id: &str, writing: &Writing, attachments: Vec<String>) {
        let sent_after = self.newest_id();
        self.store.pending().try_update(|pending| {
            thread::reply_started(pending, client_id, writing, attachments, sent_after)
        });
    }

    pub fn reply_restored(&self, client_id: &str, writing: &Writing, sent_after: Option<u64>) {
        self.store
            .pending()
            .try_update(|pending| thread::reply_restored(pending, client_id, writing, sent_after));
    }

    pub fn reply_progress(&self, client_id: &str, percent: u8) {
        self.pending_field(client_id, |reply| reply.progress = Some(percent.min(100)));
    }

    pub fn reply_failed(&self, client_id: &str, error: ApiError) {
        self.pending_field(client_id, |reply| reply.state = ReplyState::Failed(error));
    }

    /// The server stored the reply: its pending copy goes, the message joins
    /// (unless the socket delivered it first).
    pub fn reply_confirmed(&self, client_id: &str, message: Message) {
        self.reply_discarded(client_id);
        self.merge(vec![message]);
    }

    pub fn reply_discarded(&self, client_id: &str) {
        self.store
            .pending()
            .try_update(|pending| pending.retain(|p| p.client_id != client_id));
    }

    pub fn pending_reply(&self, client_id: &str) -> Option<PendingReply> {
        self.store
            .pending()
            .try_with_untracked(|pending| {
                pending.iter().find(|p| p.client_id == client_id).cloned()
            })
            .flatten()
    }

    /// See `Thread::stored_copy`; `None` once the thread is gone.
    pub fn stored_copy(&self, client_id: &str, my_name: &str) -> Option<Option<Message>> {
        self.store
            .try_with_untracked(|thread| thread.stored_copy(client_id, my_name))
    }

    fn pending_field(&self, client_id: &str, change: impl FnOnce(&mut PendingReply)) {
        let held = self
            .store
            .pending()
            .try_with_untracked(|pending| pending.iter().any(|p| p.client_id == client_id));
        if held == Some(true) {
            self.store
                .pending()
                .at_key(client_id.to_string())
                .try_update(change);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    use super::*;
    use crate::api::types::{MessageKind, TicketStatus};
    use serde_json::json;

    fn message(id: u64) -> Message {
        serde_json::from_value(json!({"id": id, "message": format!("m{id}"), "created_at": "2024-01-25T10:00:00.000Z"}))
            .unwrap()
    }

    fn open(ids: impl IntoIterator<Item = u64>) -> OpenThread {
        let messages: Vec<_> = ids.into_iter().map(message).collect();
        OpenThread::new(
            serde_json::from_value(json!({
                "id": 4, "status": "open", "customer": {"id": 1, "name": "Ana"},
                "created_at": "2024-01-25T10:00:00.000Z",
                "messages": messages.iter().map(|m| json!({"id": m.id, "message": m.message, "created_at": m.created_at})).collect::<Vec<_>>(),
                "has_more_messages": true,
            }))
            .unwrap(),
        )
    }

    fn ids(thread: &OpenThread) -> Vec<u64> {
        thread
            .store()
            .messages()
            .with_untracked(|m| thread::ids_of(m))
    }

    fn pending(thread: &OpenThread) -> Vec<PendingReply> {
        thread.store().pending().get_untracked()
    }

    fn sent(ticket_id: u64, message: Message) -> LiveEvent {
        LiveEvent::MessageSent { ticket_id, message }
    }

    #[test]
    fn messages_from_every_source_show_once_in_order() {
        let thread = open([10, 12]);
        thread.apply(&sent(4, message(13)), |_| None);
        thread.apply(&sent(4, message(11)), |_| None);
        thread.apply(&sent(4, message(13)), |_| None);
        thread.older_loaded(vec![message(8), message(10)], false);
        thread.merge(vec![message(12), message(14)]);
        assert_eq!(ids(&thread), [8, 10, 11, 12, 13, 14]);
        assert!(!thread.store().has_older().get_untracked());
        assert_eq!(
            (thread.oldest_id(), thread.newest_id()),
            (Some(8), Some(14))
        );
    }

    #[test]
    fn events_of_other_tickets_are_ignored() {
        let thread = open([10]);
        assert!(!thread.apply(&sent(5, message(11)), |_| None));
        assert!(!thread.apply(
            &LiveEvent::NoteAdded {
                ticket_id: 5,
                message: message(12)
            },
            |_| None
        ));
        assert_eq!(ids(&thread), [10]);
    }

    #[test]
    fn notes_join_the_thread_live() {
        let thread = open([10]);
        let mut note = message(11);
        note.kind = MessageKind::Note;
        assert!(thread.apply(
            &LiveEvent::NoteAdded {
                ticket_id: 4,
                message: note
            },
            |_| None
        ));
        assert_eq!(ids(&thread), [10, 11]);
        let kind = thread.store().messages().with_untracked(|m| m[1].kind);
        assert_eq!(kind, MessageKind::Note);
    }

    #[test]
    fn a_confirmed_reply_replaces_its_pending_copy_even_after_the_echo() {
        let thread = open([10]);
        thread.reply_started("c1", &Writing::reply("Hola"), vec![]);
        assert_eq!(pending(&thread)[0].state, ReplyState::Sending);
        // The socket's echo may arrive before the REST answer.
        thread.apply(&sent(4, message(11)), |_| None);
        thread.reply_confirmed("c1", message(11));
        assert!(pending(&thread).is_empty());
        assert_eq!(ids(&thread), [10, 11]);
    }

    /// What a later page finds in the outbox waits for its author: it is
    /// neither "sending" nor an error, and it may be sent or discarded.
    #[test]
    fn a_reply_from_an_earlier_visit_is_kept_for_its_author() {
        let thread = open([10]);
        thread.reply_restored("c1", &Writing::reply("Hola"), Some(10));
        thread.reply_restored("c1", &Writing::reply("Hola"), Some(10));
        assert_eq!(pending(&thread).len(), 1, "restored once");
        assert_eq!(pending(&thread)[0].state, ReplyState::Kept);
        assert!(pending(&thread)[0].state.awaits_the_admin());
        assert!(ReplyState::Failed(ApiError::Network).awaits_the_admin());
        assert!(!ReplyState::Sending.awaits_the_admin());
    }

    #[test]
    fn a_failed_reply_waits_for_a_retry_under_the_same_id() {
        let thread = open([10]);
        thread.reply_started("c1", &Writing::reply("Hola"), vec![]);
        thread.reply_progress("c1", 40);
        assert_eq!(pending(&thread)[0].progress, Some(40));
        thread.reply_failed("c1", ApiError::Network);
        assert_eq!(
            pending(&thread)[0].state,
            ReplyState::Failed(ApiError::Network)
        );
        thread.reply_started("c1", &Writing::reply("Hola"), vec![]);
        assert_eq!(pending(&thread).len(), 1);
        assert_eq!(pending(&thread)[0].state, ReplyState::Sending);
        thread.reply_discarded("c1");
        assert!(pending(&thread).is_empty());
    }

    #[test]
    fn a_reply_that_reached_the_server_is_recognised_before_a_resend() {
        let thread = open([10]);
        thread.reply_started("c1", &Writing::reply("Hola"), vec![]);
        thread.reply_failed("c1", ApiError::Network);
        assert_eq!(thread.stored_copy("c1", "Carlos"), Some(None));
        let mut stored = message(11);
        stored.is_from_admin = true;
        stored.message = Some("Hola".into());
        stored.sender = Some(crate::api::types::Sender {
            kind: "admin".into(),
            name: "Carlos".into(),
        });
        thread.merge(vec![stored.clone()]);
        assert_eq!(
            thread.stored_copy("c1", "Lucía"),
            Some(None),
            "someone else's identical reply is not ours"
        );
        assert_eq!(
            thread.stored_copy("c1", "Carlos"),
            Some(Some(stored.clone()))
        );

        // A note with the same words is not the reply's stored copy.
        thread.reply_started(
            "n1",
            &Writing {
                kind: MessageKind::Note,
                ..Writing::reply("Hola")
            },
            vec![],
        );
        assert_eq!(thread.stored_copy("n1", "Carlos"), Some(None));
        let mut note = stored;
        note.id = 12;
        note.kind = MessageKind::Note;
        thread.merge(vec![note.clone()]);
        assert_eq!(thread.stored_copy("n1", "Carlos"), Some(Some(note)));
    }

    #[test]
    fn a_live_status_change_names_the_assignee() {
        let thread = open([10]);
        thread.apply(
            &LiveEvent::StatusChanged(StatusChange {
                ticket_id: 4,
                status: TicketStatus::Closed,
                assigned_to: Some(2),
                resolved_at: Some("2024-01-25T12:00:00.000Z".into()),
            }),
            |id| (id == 2).then(|| "Carlos".to_string()),
        );
        let ticket = thread.summary().unwrap();
        assert_eq!(ticket.status, TicketStatus::Closed);
        assert_eq!(ticket.assignee.unwrap().name, "Carlos");
    }

    /// A memo over `read`, and a count of how many times it was computed.
    fn counted<T: PartialEq + Send + Sync + 'static>(
        read: impl Fn() -> T + Send + Sync + 'static,
    ) -> (Memo<T>, impl Fn() -> u32) {
        let runs = Arc::new(AtomicU32::new(0));
        let seen = runs.clone();
        let memo = Memo::new(move |_| {
            seen.fetch_add(1, Ordering::Relaxed);
            read()
        });
        (memo, move || runs.load(Ordering::Relaxed))
    }

    #[test]
    fn a_new_message_reaches_the_list_and_not_the_ticket_or_other_rows() {
        let thread = open([10, 11]);
        let store = thread.store();
        let (status, status_runs) = counted(move || store.ticket().with(|t| t.status));
        let (read_mark, _) = counted(move || store.messages().with(|m| m[0].is_read));
        assert_eq!((status.get(), read_mark.get()), (TicketStatus::Open, false));

        assert!(thread.apply(
            &LiveEvent::MessageSent {
                ticket_id: 4,
                message: message(12)
            },
            |_| None
        ));
        assert_eq!(status.get(), TicketStatus::Open);
        assert_eq!(
            status_runs(),
            1,
            "the ticket is not recomputed for a message"
        );
        let ids: Vec<u64> = store
            .messages()
            .with_untracked(|m| m.iter().map(|m| m.id).collect());
        assert_eq!(ids, [10, 11, 12]);

        // The same message again (the second channel, a catch-up) changes nothing.
        assert!(!thread.apply(
            &LiveEvent::MessageSent {
                ticket_id: 4,
                message: message(12)
            },
            |_| None
        ));
        assert_eq!(thread.merge(vec![message(10), message(11), message(12)]), 0);

        // A read mark reaches its own row.
        let mut read = message(10);
        read.is_read = true;
        assert_eq!(thread.merge(vec![read]), 0);
        assert!(read_mark.get());
        assert_eq!(status_runs(), 1);
    }

    #[test]
    fn a_status_change_reaches_the_ticket_and_not_the_messages() {
        let thread = open([10]);
        let store = thread.store();
        let (list, list_runs) = counted(move || store.messages().with(|m| m.len()));
        assert_eq!(list.get(), 1);
        thread.status_changed(
            &StatusChange {
                ticket_id: 4,
                status: TicketStatus::Closed,
                assigned_to: Some(2),
                resolved_at: None,
            },
            |_| Some("Carlos".into()),
        );
        assert_eq!(list.get(), 1);
        assert_eq!(list_runs(), 1);
        let ticket = thread.summary().unwrap();
        assert_eq!(ticket.status, TicketStatus::Closed);
        assert_eq!(ticket.assignee.unwrap().name, "Carlos");
    }

    #[test]
    fn only_messages_heard_live_move_where_a_catch_up_starts() {
        let thread = open([10]);
        thread.hearing(true);
        assert_eq!(thread.catch_up_from(), Some(10), "the first, from the load");
        let heard = LiveEvent::MessageSent {
            ticket_id: 4,
            message: message(11),
        };
        assert!(thread.apply(&heard, |_| None));
        // 12 went into a socket not yet known dead; the admin's reply, 13,
        // came back in its POST answer.
        thread.merge(vec![message(13)]);
        thread.hearing(false);
        thread.hearing(true);
        assert_eq!(thread.catch_up_from(), Some(11));
    }

    #[test]
    fn an_answer_asked_for_before_a_status_change_keeps_that_change() {
        let thread = open([10]);
        let asked = thread.asking();
        let closed = StatusChange {
            ticket_id: 4,
            status: TicketStatus::Closed,
            assigned_to: Some(2),
            resolved_at: Some("2024-01-25T11:00:00.000Z".into()),
        };
        thread.status_changed(&closed, |_| Some("Carlos".into()));
        let mut answer = thread.summary().unwrap();
        answer.status = TicketStatus::Open;
        answer.assigned_to = None;
        answer.assignee = None;
        answer.resolved_at = None;
        answer.subject = "Otro asunto".into();

        thread.summary_answered(answer.clone(), asked);
        let held = thread.summary().unwrap();
        assert_eq!(
            held.status,
            TicketStatus::Closed,
            "the change heard later stays"
        );
        assert_eq!(held.assignee.unwrap().name, "Carlos");
        assert_eq!(held.subject, "Otro asunto", "the rest is the server's");

        // Asked after the change: the answer is the newer.
        thread.summary_answered(answer, thread.asking());
        assert_eq!(thread.summary().unwrap().status, TicketStatus::Open);
    }

    #[test]
    fn a_reply_goes_from_sending_to_failed_to_confirmed_in_the_store() {
        let thread = open([10]);
        thread.reply_started("c1", &Writing::reply("Hola"), vec![]);
        thread.reply_progress("c1", 140);
        let reply = thread.pending_reply("c1").unwrap();
        assert_eq!(
            (reply.state, reply.progress, reply.sent_after),
            (ReplyState::Sending, Some(100), Some(10))
        );
        thread.reply_failed("c1", ApiError::Network);
        assert_eq!(
            thread.pending_reply("c1").unwrap().state,
            ReplyState::Failed(ApiError::Network)
        );
        thread.reply_failed("nobody", ApiError::Network);
        thread.reply_confirmed("c1", message(11));
        assert_eq!(thread.pending_reply("c1"), None);
        assert_eq!(thread.newest_id(), Some(11));
        assert_eq!(thread.oldest_id(), Some(10));
    }

    #[test]
    fn older_pages_join_before_and_say_whether_more_exist() {
        let thread = open([10, 11]);
        thread.older_loaded(vec![message(8), message(9)], false);
        assert_eq!(thread.oldest_id(), Some(8));
        assert!(!thread.store().has_older().get_untracked());
    }
}
