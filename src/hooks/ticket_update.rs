//! Status and assignment changes of the open ticket: shown at once,
//! confirmed by the API, rolled back on failure.

use leptos::prelude::*;

use crate::api::events::{LiveEvent, StatusChange};
use crate::api::types::TicketSummary;
use crate::api::{ApiClient, ApiError, TicketUpdate};
use crate::state::desk::Desk;
use crate::state::thread_store::OpenThread;

#[derive(Clone, Copy)]
pub struct TicketUpdating {
    pub update: Callback<TicketUpdate>,
    /// The last change the server refused, until dismissed.
    pub error: RwSignal<Option<ApiError>>,
}

pub fn use_ticket_update(thread: OpenThread) -> TicketUpdating {
    let api = expect_context::<ApiClient>();
    let desk = expect_context::<Desk>();
    let error = RwSignal::new(None::<ApiError>);
    // Each write carries the ticket as it was, to roll back to.
    let write = Action::new_local(move |(update, before): &(TicketUpdate, TicketSummary)| {
        let (api, update, before) = (api.clone(), update.clone(), before.clone());
        async move {
            match api.update_ticket(before.id, &update).await {
                Ok(summary) => {
                    let change = StatusChange {
                        ticket_id: summary.id,
                        status: summary.status,
                        assigned_to: summary.assigned_to,
                        resolved_at: summary.resolved_at.clone(),
                    };
                    desk.inbox
                        .try_update(|inbox| inbox.apply(&LiveEvent::StatusChanged(change)));
                    thread.summary_updated(summary);
                }
                Err(refused) => {
                    thread.summary_updated(before);
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
        write.dispatch_local((update, before));
    });
    TicketUpdating { update, error }
}
