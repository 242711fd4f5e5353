//! Bulk changes to the selected inbox rows: applied at once, sent in batches,
//! and whatever the server refused (or could not hear) put back and named.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiClient, ApiError, TicketUpdate};
use crate::i18n::Text;
use crate::state::alerts::Alerts;
use crate::state::bulk::{Failure, Optimistic};
use crate::state::desk::Desk;
use crate::state::selection::Selection;

/// What the last bulk change could not do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkReport {
    pub failures: Vec<Failure>,
    /// Why whole requests failed, when some did.
    pub request_error: Option<ApiError>,
}

/// The bulk operations, provided through context to the bar and the rows.
#[derive(Clone, Copy)]
pub struct Bulk {
    /// A change is on its way; another waits for it.
    pub busy: RwSignal<bool>,
    pub report: RwSignal<Option<BulkReport>>,
    /// Applies a change to every selected row.
    pub run: Callback<TicketUpdate>,
}

pub fn use_bulk(desk: Desk, api: ApiClient) -> Bulk {
    let busy = RwSignal::new(false);
    let report = RwSignal::new(None::<BulkReport>);
    let alerts = use_context::<Alerts>();

    // Rows that left the inbox (another filter, a change elsewhere) leave the selection.
    Effect::new(move |_| {
        let present: Vec<u64> = desk
            .inbox
            .with(|inbox| inbox.tickets().iter().map(|t| t.id).collect());
        desk.selection.maybe_update(|s| s.prune(&present));
    });

    let run = Callback::new(move |change: TicketUpdate| {
        if busy.get_untracked() {
            return;
        }
        let ids = desk.inbox.with_untracked(|inbox| {
            let order: Vec<u64> = inbox.tickets().iter().map(|t| t.id).collect();
            desk.selection.with_untracked(|s| s.in_order(&order))
        });
        let Some(pending) = desk
            .inbox
            .try_update(|inbox| Optimistic::apply(inbox, &ids, &change))
        else {
            return;
        };
        desk.selection.update(Selection::clear);
        report.set(None);
        busy.set(true);
        let api = api.clone();
        spawn_local(async move {
            let mut failures = Vec::new();
            let mut request_error = None;
            for batch in pending.batches() {
                let answer = api.update_tickets(&batch, &change).await;
                let failed = desk.inbox.try_update(|inbox| match answer {
                    Ok(answer) => pending.answered(inbox, &batch, answer.data, &answer.errors),
                    Err(error) => {
                        request_error = Some(error);
                        pending.failed(inbox, &batch)
                    }
                });
                failures.extend(failed.unwrap_or_default());
            }
            // What changed is said to screen readers; what did not, the report shows.
            if let (Some(alerts), changed @ 1..) = (alerts, ids.len() - failures.len()) {
                alerts.announce(
                    match changed {
                        1 => Text::AnnounceBulkDoneOne,
                        _ => Text::AnnounceBulkDone,
                    },
                    &[("count", &changed.to_string())],
                );
            }
            // What failed stays selected, ready for another try.
            desk.selection
                .try_update(|s| s.select_only(failures.iter().map(|f| f.id)));
            report.try_set((!failures.is_empty()).then_some(BulkReport {
                failures,
                request_error,
            }));
            busy.try_set(false);
        });
    });

    Bulk { busy, report, run }
}
