//! The broadcast events of the seed and the contract, typed.
//!
//! Events come from the network: a payload with wrong types is an error for
//! that one event (logged and skipped by the caller), never for the stream.

use serde::Deserialize;
use serde_json::Value;

#[cfg(test)]
use super::types::MessageKind;
use super::types::{Message, TicketStatus, TicketSummary};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveEvent {
    /// `message.sent`: a new message in a ticket, from either side.
    MessageSent { ticket_id: u64, message: Message },
    /// `ticket.status.changed`: status and assignment of a ticket.
    StatusChanged(StatusChange),
    /// `ticket.created`: a customer opened a ticket (admin channel only).
    TicketCreated(TicketSummary),
    /// `note.added` (v2, admin channel only): an internal note. It changes
    /// neither the unread count nor the last message of the ticket.
    NoteAdded { ticket_id: u64, message: Message },
    /// `mention.created` (v2, `private-admin.{id}` only): a colleague
    /// mentioned this admin in a note.
    Mentioned(Mention),
    /// `ticket.updated` (v3, admin channel only): a change that
    /// `ticket.status.changed` does not carry (priority, tags, snooze).
    TicketUpdated(TicketSummary),
}

/// A note that mentions the signed-in admin.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Mention {
    /// The server's id of the mention (v3 `mentions_list`), to mark it read.
    #[serde(default)]
    pub id: Option<u64>,
    pub ticket_id: u64,
    pub message: Message,
    pub by: MentionedBy,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct MentionedBy {
    pub id: u64,
    #[serde(default)]
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct StatusChange {
    pub ticket_id: u64,
    pub status: TicketStatus,
    #[serde(default)]
    pub assigned_to: Option<u64>,
    #[serde(default)]
    pub resolved_at: Option<String>,
}

impl StatusChange {
    /// The status and assignment a ticket has, as a change to it.
    pub fn of(ticket: &TicketSummary) -> Self {
        Self {
            ticket_id: ticket.id,
            status: ticket.status,
            assigned_to: ticket.assigned_to,
            resolved_at: ticket.resolved_at.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventError {
    /// Not one of the events the panel listens to.
    Unknown(String),
    /// The payload does not have the contract's shape.
    Malformed { event: String, detail: String },
}

#[derive(Deserialize)]
struct MessageSentPayload {
    message: Message,
    ticket_id: u64,
}

#[derive(Deserialize)]
/// `{ticket: summary}`: `ticket.created` and `ticket.updated`.
struct TicketCreatedPayload {
    ticket: TicketSummary,
}

pub const MESSAGE_SENT: &str = "message.sent";
pub const STATUS_CHANGED: &str = "ticket.status.changed";
pub const TICKET_CREATED: &str = "ticket.created";
pub const NOTE_ADDED: &str = "note.added";
pub const MENTION_CREATED: &str = "mention.created";
pub const TICKET_UPDATED: &str = "ticket.updated";

impl LiveEvent {
    /// Reads an event's decoded `data`.
    pub fn parse(event: &str, data: &Value) -> Result<LiveEvent, EventError> {
        let malformed = |e: serde_json::Error| EventError::Malformed {
            event: event.to_string(),
            detail: e.to_string(),
        };
        match event {
            MESSAGE_SENT => {
                let payload = MessageSentPayload::deserialize(data).map_err(malformed)?;
                Ok(LiveEvent::MessageSent {
                    ticket_id: payload.ticket_id,
                    message: payload.message,
                })
            }
            STATUS_CHANGED => StatusChange::deserialize(data)
                .map(LiveEvent::StatusChanged)
                .map_err(malformed),
            TICKET_CREATED => TicketCreatedPayload::deserialize(data)
                .map(|p| LiveEvent::TicketCreated(p.ticket))
                .map_err(malformed),
            NOTE_ADDED => {
                let payload = MessageSentPayload::deserialize(data).map_err(malformed)?;
                Ok(LiveEvent::NoteAdded {
                    ticket_id: payload.ticket_id,
                    message: payload.message,
                })
            }
            MENTION_CREATED => Mention::deserialize(data)
                .map(LiveEvent::Mentioned)
                .map_err(malformed),
            TICKET_UPDATED => TicketCreatedPayload::deserialize(data)
                .map(|p| LiveEvent::TicketUpdated(p.ticket))
                .map_err(malformed),
            other => Err(EventError::Unknown(other.to_string())),
        }
    }

    pub fn ticket_id(&self) -> u64 {
        match self {
            LiveEvent::MessageSent { ticket_id, .. } => *ticket_id,
            LiveEvent::StatusChanged(change) => change.ticket_id,
            LiveEvent::TicketCreated(ticket) => ticket.id,
            LiveEvent::NoteAdded { ticket_id, .. } => *ticket_id,
            LiveEvent::Mentioned(mention) => mention.ticket_id,
            LiveEvent::TicketUpdated(ticket) => ticket.id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_notes_and_mentions() {
        let note = json!({"id": 9, "type": "note", "message": "@Lucía mira esto", "is_from_admin": true,
            "sender": {"type": "admin", "name": "Carlos"}, "mentions": [3], "created_at": "2024-01-25T10:30:00.000Z"});
        let added =
            LiveEvent::parse("note.added", &json!({"message": note, "ticket_id": 4})).unwrap();
        assert!(
            matches!(&added, LiveEvent::NoteAdded { ticket_id: 4, message } if message.kind == MessageKind::Note && message.mentions == [3])
        );
        let mention = LiveEvent::parse(
            "mention.created",
            &json!({"ticket_id": 4, "message": note, "by": {"id": 2, "name": "Carlos"}}),
        )
        .unwrap();
        assert_eq!(mention.ticket_id(), 4);
        assert!(matches!(
            LiveEvent::parse("mention.created", &json!({"ticket_id": 4})),
            Err(EventError::Malformed { .. })
        ));
    }

    #[test]
    fn reads_the_seeds_payloads() {
        let sent = LiveEvent::parse(
            "message.sent",
            &json!({"message": {"id": 123, "message": "Texto", "is_from_admin": true, "is_read": false,
                    "sender": {"type": "admin", "name": "Nombre del Admin"},
                    "attachments": [], "created_at": "2024-01-25T10:30:00.000Z"}, "ticket_id": 456}),
        )
        .unwrap();
        assert_eq!(sent.ticket_id(), 456);
        let changed = LiveEvent::parse(
            "ticket.status.changed",
            &json!({"ticket_id": 456, "status": "closed", "assigned_to": 1, "resolved_at": "2024-01-25T10:30:00.000Z"}),
        )
        .unwrap();
        assert_eq!(
            changed,
            LiveEvent::StatusChanged(StatusChange {
                ticket_id: 456,
                status: TicketStatus::Closed,
                assigned_to: Some(1),
                resolved_at: Some("2024-01-25T10:30:00.000Z".into()),
            })
        );
    }

    #[test]
    fn wrong_shapes_are_errors_for_that_event_only() {
        for (event, data) in [
            ("message.sent", json!({"ticket_id": "x"})),
            ("message.sent", json!(null)),
            (
                "ticket.status.changed",
                json!({"ticket_id": 1, "status": "archived"}),
            ),
            ("ticket.created", json!({"ticket": 5})),
        ] {
            assert!(
                matches!(
                    LiveEvent::parse(event, &data),
                    Err(EventError::Malformed { .. })
                ),
                "{event} {data}"
            );
        }
        assert_eq!(
            LiveEvent::parse("order.status.updated", &json!({})),
            Err(EventError::Unknown("order.status.updated".into()))
        );
    }
}
