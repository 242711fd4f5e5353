//! One ticket's conversation: messages from REST pages and live events,
//! merged by id so each shows once, in order; and the admin's replies on
//! their way out.
//!
//! `Thread` is the shape of the open thread's keyed store; the free
//! functions here are its rules. `state::thread_store::OpenThread` is the one
//! model that applies them (field by field: a new message touches the message
//! list, a read mark one message, a status change the ticket), and the one
//! the native and property tests drive.

use reactive_stores::Store;

use crate::api::events::{LiveEvent, StatusChange};
use crate::api::types::{AssigneeRef, Message, MessageKind, TicketDetail, TicketSummary, Writing};
use crate::api::ApiError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplyState {
    Sending,
    Failed(ApiError),
    /// Kept on this device by an earlier visit (a reload, a closed tab, a
    /// sign-out that kept it): shown to its author, sent only on their word.
    Kept,
}

impl ReplyState {
    /// Whether the admin may send it (again) now.
    pub fn awaits_the_admin(&self) -> bool {
        matches!(self, ReplyState::Failed(_) | ReplyState::Kept)
    }
}

/// A reply the admin sent that the server has not confirmed yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingReply {
    /// Chosen by the panel, so a retry is recognisably the same reply.
    pub client_id: String,
    /// A reply to the customer, or an internal note.
    pub kind: MessageKind,
    /// Admins a note mentions.
    pub mentions: Vec<u64>,
    pub text: String,
    /// Names of the files going with it.
    pub attachments: Vec<String>,
    /// Upload progress in percent, while files go up.
    pub progress: Option<u8>,
    pub state: ReplyState,
    /// The newest message id when the reply first left: a stored copy can
    /// only be newer than this.
    pub sent_after: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Store)]
pub struct Thread {
    pub ticket: TicketSummary,
    /// Sorted by id, each id once. Not keyed in the store: a keyed field
    /// rebuilds its map of every key on each write (measured: the largest
    /// cost of a live message in a 2,000-message thread). Rows read what
    /// they show through `RunRows`, computed once per change instead.
    pub messages: Vec<Message>,
    pub has_older: bool,
    /// Replies on their way, in the order they were written.
    #[store(key: String = |reply| reply.client_id.clone())]
    pub pending: Vec<PendingReply>,
}

impl Thread {
    /// The thread as the ticket's first load found it.
    pub fn new(detail: TicketDetail) -> Self {
        let mut messages = Vec::new();
        for message in detail.messages {
            merge_one(&mut messages, message);
        }
        Self {
            ticket: detail.summary,
            messages,
            has_older: detail.has_more_messages,
            pending: Vec::new(),
        }
    }

    /// A failed reply may have reached the server anyway (the answer was lost,
    /// not the request). Before sending it again, look for the stored copy:
    /// a message by this admin, newer than when the reply left, with the same
    /// text and files.
    pub fn stored_copy(&self, client_id: &str, my_name: &str) -> Option<Message> {
        let pending = self.pending.iter().find(|p| p.client_id == client_id)?;
        let after = pending.sent_after.unwrap_or(0);
        self.messages
            .iter()
            .filter(|m| m.id > after && m.is_from_admin && m.kind == pending.kind)
            .filter(|m| m.sender.as_ref().is_some_and(|s| s.name == my_name))
            .filter(|m| m.message.as_deref().unwrap_or_default().trim() == pending.text.trim())
            .find(|m| {
                m.attachments
                    .iter()
                    .map(|a| a.file_name.as_str())
                    .eq(pending.attachments.iter().map(String::as_str))
            })
            .cloned()
    }
}

/// What a live event changes in the thread of ticket `ticket_id`.
#[derive(Debug, PartialEq, Eq)]
pub enum Change<'a> {
    Message(&'a Message),
    Status(&'a StatusChange),
    Ticket(&'a TicketSummary),
    /// Priority, tags or snooze (`ticket.updated`).
    Triage(&'a TicketSummary),
    None,
}

impl<'a> Change<'a> {
    pub fn of(event: &'a LiveEvent, ticket_id: u64) -> Self {
        if event.ticket_id() != ticket_id {
            return Self::None;
        }
        match event {
            LiveEvent::MessageSent { message, .. } | LiveEvent::NoteAdded { message, .. } => {
                Self::Message(message)
            }
            LiveEvent::StatusChanged(change) => Self::Status(change),
            LiveEvent::TicketCreated(ticket) => Self::Ticket(ticket),
            LiveEvent::TicketUpdated(ticket) => Self::Triage(ticket),
            LiveEvent::Mentioned(_) => Self::None,
        }
    }
}

/// How one incoming message relates to the messages held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Merge {
    /// Not held yet: it joins the list.
    New,
    /// Held, with something that changed (a read mark).
    Changed,
    /// Held exactly like this: nothing to do.
    Same,
}

/// What merging `message` into `messages` (sorted by id) would do.
pub fn merge_kind(messages: &[Message], message: &Message) -> Merge {
    match messages.binary_search_by_key(&message.id, |m| m.id) {
        Ok(index) if messages[index] == *message => Merge::Same,
        Ok(_) => Merge::Changed,
        Err(_) => Merge::New,
    }
}

/// Puts `message` in its place in `messages` (sorted by id), replacing a
/// held copy of it.
pub fn merge_one(messages: &mut Vec<Message>, message: Message) {
    match messages.binary_search_by_key(&message.id, |m| m.id) {
        Ok(index) => messages[index] = message,
        Err(index) => messages.insert(index, message),
    }
}

/// The server's copy of the ticket with the status and assignment `held`:
/// those were heard after the copy was asked for, so they are newer.
pub fn keep_status(mut summary: TicketSummary, held: &TicketSummary) -> TicketSummary {
    summary.status = held.status;
    summary.assigned_to = held.assigned_to;
    summary.assignee = held.assignee.clone();
    summary.resolved_at = held.resolved_at.clone();
    summary
}

/// Takes the triage of `from` (priority, tags, snooze: what `ticket.updated`
/// announces) unless `held` is a newer copy. Whether anything changed.
pub fn triage_changed(held: &mut TicketSummary, from: &TicketSummary) -> bool {
    // ISO 8601 UTC strings of one backend sort as text; no time is older
    // than any.
    if from.updated_at < held.updated_at {
        return false;
    }
    let before = (held.priority, held.tags.clone(), held.snoozed_until.clone());
    held.priority = from.priority;
    held.tags = from.tags.clone();
    held.snoozed_until = from.snoozed_until.clone();
    held.updated_at = from.updated_at.clone();
    before != (held.priority, held.tags.clone(), held.snoozed_until.clone())
}

pub fn status_changed(
    ticket: &mut TicketSummary,
    change: &StatusChange,
    admin_name: impl Fn(u64) -> Option<String>,
) {
    ticket.status = change.status;
    ticket.resolved_at = change.resolved_at.clone();
    // The assignee's name: the admins' list's, else the one already shown
    // for that admin (the list may not have loaded yet), else the id.
    let shown = ticket
        .assignee
        .take()
        .filter(|a| Some(a.id) == change.assigned_to);
    ticket.assigned_to = change.assigned_to;
    ticket.assignee = change.assigned_to.map(|id| match admin_name(id) {
        Some(name) => AssigneeRef { id, name },
        None => shown.unwrap_or_else(|| AssigneeRef {
            id,
            name: format!("#{id}"),
        }),
    });
}

/// A reply leaves, or leaves again: "sending". `sent_after` is the newest
/// message id now, kept from the first attempt.
pub fn reply_started(
    pending: &mut Vec<PendingReply>,
    client_id: &str,
    writing: &Writing,
    attachments: Vec<String>,
    sent_after: Option<u64>,
) {
    match pending.iter_mut().find(|p| p.client_id == client_id) {
        Some(reply) => {
            reply.state = ReplyState::Sending;
            reply.progress = None;
        }
        None => pending.push(PendingReply {
            client_id: client_id.to_string(),
            kind: writing.kind,
            mentions: writing.mentions.clone(),
            text: writing.text.clone(),
            attachments,
            progress: None,
            state: ReplyState::Sending,
            sent_after,
        }),
    }
}

pub fn reply_restored(
    pending: &mut Vec<PendingReply>,
    client_id: &str,
    writing: &Writing,
    sent_after: Option<u64>,
) {
    if pending.iter().any(|p| p.client_id == client_id) {
        return;
    }
    pending.push(PendingReply {
        client_id: client_id.to_string(),
        kind: writing.kind,
        mentions: writing.mentions.clone(),
        text: writing.text.clone(),
        attachments: Vec::new(),
        progress: None,
        state: ReplyState::Kept,
        sent_after,
    });
}

/// The ids of `messages`, in order.
pub fn ids_of(messages: &[Message]) -> Vec<u64> {
    messages.iter().map(|m| m.id).collect()
}

/// What the rows of a run of messages read, computed once per change of the
/// thread: which messages start a local day (and its name), which are read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunRows {
    pub ids: Vec<u64>,
    pub days: std::collections::HashMap<u64, String>,
    pub read: std::collections::HashSet<u64>,
}

impl RunRows {
    /// The rows for `messages[range]`; `day_of` names a timestamp's local day.
    pub fn of(
        messages: &[Message],
        range: std::ops::Range<usize>,
        mut day_of: impl FnMut(&str) -> String,
    ) -> Self {
        let mut rows = Self::default();
        let mut previous = range
            .start
            .checked_sub(1)
            .and_then(|i| messages.get(i))
            .map(|m| day_of(&m.created_at));
        for message in messages.get(range).unwrap_or_default() {
            let day = day_of(&message.created_at);
            if previous.as_ref() != Some(&day) {
                rows.days.insert(message.id, day.clone());
            }
            previous = Some(day);
            if message.is_read {
                rows.read.insert(message.id);
            }
            rows.ids.push(message.id);
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message(id: u64) -> Message {
        serde_json::from_value(json!({"id": id, "message": format!("m{id}"), "created_at": "2024-01-25T10:00:00.000Z"}))
            .unwrap()
    }

    #[test]
    fn a_run_names_the_days_it_starts_and_the_messages_read() {
        let at = |id: u64, day: &str, read: bool| -> Message {
            serde_json::from_value(
                json!({"id": id, "is_read": read, "created_at": format!("{day}T10:00:00.000Z")}),
            )
            .unwrap()
        };
        let messages = [
            at(1, "2024-01-25", true),
            at(2, "2024-01-25", false),
            at(3, "2024-01-26", true),
            at(4, "2024-01-26", false),
        ];
        let day = |iso: &str| iso[..10].to_string();
        let whole = RunRows::of(&messages, 0..4, day);
        assert_eq!(whole.ids, [1, 2, 3, 4]);
        assert_eq!(whole.days.len(), 2);
        assert_eq!(whole.days[&1], "2024-01-25");
        assert_eq!(whole.days[&3], "2024-01-26");
        assert_eq!(whole.read, [1, 3].into());
        // A run starting mid-day has no divider on its first row.
        let tail = RunRows::of(&messages, 3..4, day);
        assert!(tail.days.is_empty());
        assert_eq!(
            RunRows::of(&messages, 2..9, day),
            RunRows::default(),
            "a range past the end is empty"
        );
    }

    #[test]
    fn a_message_held_exactly_so_merges_as_nothing() {
        let held = [message(10), message(12)];
        assert_eq!(merge_kind(&held, &message(11)), Merge::New);
        assert_eq!(merge_kind(&held, &message(12)), Merge::Same);
        let mut read = message(12);
        read.is_read = true;
        assert_eq!(merge_kind(&held, &read), Merge::Changed);
    }
}
