//! Status and assignment changes of the open ticket: shown at once,
//! confirmed by the API, rolled back on failure.

use leptos::prelude::*;

use crate::api::events::StatusChange;
use crate::api::types::TicketSummary;
use crate::api::{ApiClient, ApiError, TicketUpdate};
use crate::state::desk::Desk;
use crate::state::inbox::{Asked, Inbox};
use crate::state::thread_store::OpenThread;

#[derive(Clone, Copy)]
pub struct TicketUpdating {
    pub update: Callback<TicketUpdate>,
    /// The last change the server refused, until dismissed.
    pub error: RwSignal<Option<ApiError>>,
}

/// A change, the ticket before it, and when it left.
type Write = (TicketUpdate, TicketSummary, WhenAsked);

#[derive(Clone, Copy)]
struct WhenAsked {
    thread: Asked,
    inbox: Asked,
}

pub fn use_ticket_update(thread: OpenThread) -> TicketUpdating {
    let api = expect_context::<ApiClient>();
    let desk = expect_context::<Desk>();
    let error = RwSignal::new(None::<ApiError>);
    // Each write carries the ticket as it was, to roll back to, and when it
    // left: a status change heard since is newer than its answer.
    let write = Action::new_local(move |(update, before, asked): &Write| {
        let (api, update, before, asked) = (api.clone(), update.clone(), before.clone(), *asked);
        async move {
            match api.update_ticket(before.id, &update).await {
                Ok(summary) => {
                    desk.inbox
                        .try_update(|inbox| inbox.ticket_loaded(summary.clone(), asked.inbox));
                    thread.summary_answered(summary, asked.thread);
                }
                Err(refused) => {
                    thread.summary_restored(before);
                    error.try_set(Some(refused));
                }
            }
        }
    });
    let update = Callback::new(move |update: TicketUpdate| {
        let Some(before) = thread.summary() else {
            return;
        };
        let optimistic = StatusChange {
            ticket_id: before.id,
            status: update.status.unwrap_or(before.status),
            assigned_to: update.assigned_to.unwrap_or(before.assigned_to),
            resolved_at: before.resolved_at.clone(),
        };
        thread.status_changed(&optimistic, |id| desk.admin_name(id));
        error.set(None);
        let asked = WhenAsked {
            thread: thread.asking(),
            inbox: desk.inbox.with_untracked(Inbox::asking),
        };
        write.dispatch_local((update, before, asked));
    });
    TicketUpdating { update, error }
}
