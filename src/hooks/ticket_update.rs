//! Status, assignment and triage changes of the open ticket: shown at once,
//! confirmed by the API, rolled back on failure.

use leptos::prelude::*;

use crate::api::events::{LiveEvent, StatusChange};
use crate::api::types::TicketSummary;
use crate::api::{ApiClient, ApiError, TicketUpdate};
use crate::hooks::thread::refresh_summary;
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
    // Each write carries the ticket as it was, to roll back to. Its answer is
    // the server's ticket just after the change: heard as it arrives, like a
    // live change (this tab is not sent its own change back).
    let write = Action::new_local(move |(update, before): &(TicketUpdate, TicketSummary)| {
        let (api, update, before) = (api.clone(), update.clone(), before.clone());
        async move {
            match api.update_ticket(before.id, &update).await {
                Ok(summary) => {
                    let change = StatusChange::of(&summary);
                    desk.inbox.try_update(|inbox| {
                        inbox.apply(&LiveEvent::StatusChanged(change));
                        inbox.apply(&LiveEvent::TicketUpdated(summary.clone()));
                    });
                    thread.summary_heard(summary);
                }
                Err(refused) => {
                    // Back at once; then the server's copy, in case the ticket
                    // changed meanwhile (another admin, another write of mine).
                    thread.summary_heard(before);
                    error.try_set(Some(refused));
                    refresh_summary(&api, thread).await;
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
        if update.triages() {
            if let Some(now) = thread.summary() {
                thread.summary_updated(update.triaged(&now));
            }
        }
        error.set(None);
        write.dispatch_local((update, before));
    });
    TicketUpdating { update, error }
}
