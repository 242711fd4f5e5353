//! Internal notes on the open ticket (contract v2, when the backend offers
//! them): the composer's note mode, and notes of colleagues arriving live on
//! the admin channel (they never travel on the ticket's own channel, which
//! the customer's app shares).

use leptos::prelude::*;

use crate::api::events::LiveEvent;
use crate::api::types::MessageKind;
use crate::api::ApiClient;
use crate::components::composer::NoteMode;
use crate::components::mentions::Mentioning;
use crate::realtime::browser::Live;
use crate::state::desk::Desk;
use crate::state::thread_store::OpenThread;

/// The note mode for the composer, and the note listener; the caller shows
/// it only while the backend offers notes (the capabilities may arrive after
/// the thread). On a closed ticket only notes can be written.
pub fn notes(id: u64, me: u64, thread: OpenThread, is_open: Signal<bool>) -> NoteMode {
    let live = expect_context::<Live>();
    let desk = expect_context::<Desk>();
    let admin_channel = expect_context::<ApiClient>()
        .config()
        .channels
        .admin
        .clone();

    live.on_event(&admin_channel, "thread notes", move |event| {
        if matches!(event, LiveEvent::NoteAdded { ticket_id, .. } if ticket_id == id) {
            thread.apply(&event, |id| desk.admin_name(id));
        }
    });

    let kind = RwSignal::new(MessageKind::Reply);
    Effect::new(move |_| {
        if !is_open.get() {
            kind.set(MessageKind::Note);
        }
    });
    NoteMode {
        kind,
        can_reply: is_open,
        mentioning: Mentioning::new(desk.admins.into(), me),
    }
}
