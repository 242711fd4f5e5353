//! Closing and assignment of the open ticket.

use leptos::prelude::*;

use crate::api::types::{TicketStatus, TicketSummary};
use crate::api::TicketUpdate;
use crate::browser::focus;
use crate::i18n::Text;
use crate::state::alerts::Alerts;
use crate::state::desk::Desk;
use crate::state::locale::I18n;
use crate::state::shortcuts::Shortcuts;

#[component]
pub fn TicketControls(
    #[prop(into)] ticket: Signal<TicketSummary>,
    me: u64,
    on_update: Callback<TicketUpdate>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = expect_context::<Desk>();
    let shortcuts = use_context::<Shortcuts>();
    // Named on the buttons while single-key shortcuts are on.
    let key = move |key: &'static str| shortcuts.filter(|s| s.enabled()).map(|_| key);
    let status = move || ticket.with(|t| t.status);
    let close = move |_| {
        on_update.run(TicketUpdate {
            status: Some(TicketStatus::Closed),
            ..Default::default()
        })
    };
    let assigned_value =
        move || ticket.with(|t| t.assigned_to.map(|id| id.to_string()).unwrap_or_default());
    let on_assign = move |ev: leptos::ev::Event| {
        let assigned_to = event_target_value(&ev).parse::<u64>().ok();
        on_update.run(TicketUpdate {
            assigned_to: Some(assigned_to),
            ..Default::default()
        });
    };
    follow_changes(ticket);
    view! {
        <div class="ticket-controls">
            // Reopening lives where the composer was (see the thread page).
            <Show when=move || status() == TicketStatus::Open>
                <button type="button" class="button-quiet" data-testid="close-ticket" aria-keyshortcuts=move || key("e") on:click=close>
                    {i18n.text(Text::TicketClose)}
                </button>
            </Show>
            <Show when=move || ticket.with(|t| t.assigned_to != Some(me))>
                <button
                    type="button"
                    class="button-quiet"
                    data-testid="assign-me"
                    aria-keyshortcuts=move || key("a")
                    on:click=move |_| on_update.run(TicketUpdate { assigned_to: Some(Some(me)), ..Default::default() })
                >
                    {i18n.text(Text::AssignToMe)}
                </button>
            </Show>
            <label class="assign-select">
                <span class="visually-hidden">{i18n.text(Text::AssignTo)}</span>
                <select id="ticket-assignee" data-testid="assign-select" prop:value=assigned_value on:change=on_assign>
                    <option value="">{i18n.text(Text::Unassigned)}</option>
                    <For each=move || desk.admins.get() key=|a| a.id let(admin)>
                        <option value=admin.id.to_string()>{admin.name}</option>
                    </For>
                </select>
            </label>
        </div>
    }
}

/// Each change of status or assignment, whoever made it, is said to screen
/// readers. When the control that had the focus went away with it (the close
/// button of a ticket now closed), the focus goes to what took its place.
fn follow_changes(ticket: Signal<TicketSummary>) {
    let alerts = use_context::<Alerts>();
    Effect::new(move |before: Option<(TicketStatus, Option<u64>)>| {
        let now = ticket.with(|t| (t.status, t.assigned_to));
        let Some(before) = before.filter(|before| *before != now) else {
            return now;
        };
        let (said, next) = if before.0 != now.0 {
            match now.0 {
                TicketStatus::Closed => (Text::AnnounceClosed, "#thread-reopen"),
                TicketStatus::Open => (Text::AnnounceReopened, "#reply-box"),
            }
        } else if now.1.is_some() {
            (Text::AnnounceAssigned, "#ticket-assignee")
        } else {
            (Text::AnnounceUnassigned, "#ticket-assignee")
        };
        let name = ticket.with_untracked(|t| t.assignee.as_ref().map(|a| a.name.clone()));
        if let Some(alerts) = alerts {
            alerts.announce(said, &[("name", &name.unwrap_or_default())]);
        }
        request_animation_frame(move || {
            if focus::focus_lost() {
                focus::focus_soon(next);
            }
        });
        now
    });
}
