//! Closing and assignment of the open ticket.

use leptos::prelude::*;

use crate::api::types::{TicketStatus, TicketSummary};
use crate::api::TicketUpdate;
use crate::i18n::Text;
use crate::state::desk::Desk;
use crate::state::locale::I18n;

#[component]
pub fn TicketControls(
    #[prop(into)] ticket: Signal<TicketSummary>,
    me: u64,
    on_update: Callback<TicketUpdate>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = expect_context::<Desk>();
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
    view! {
        <div class="ticket-controls">
            // Reopening lives where the composer was (see the thread page).
            <Show when=move || status() == TicketStatus::Open>
                <button type="button" class="button-quiet" data-testid="close-ticket" on:click=close>
                    {move || i18n.t(Text::TicketClose)}
                </button>
            </Show>
            <Show when=move || ticket.with(|t| t.assigned_to != Some(me))>
                <button
                    type="button"
                    class="button-quiet"
                    data-testid="assign-me"
                    on:click=move |_| on_update.run(TicketUpdate { assigned_to: Some(Some(me)), ..Default::default() })
                >
                    {move || i18n.t(Text::AssignToMe)}
                </button>
            </Show>
            <label class="assign-select">
                <span class="visually-hidden">{move || i18n.t(Text::AssignTo)}</span>
                <select data-testid="assign-select" prop:value=assigned_value on:change=on_assign>
                    <option value="">{move || i18n.t(Text::Unassigned)}</option>
                    <For each=move || desk.admins.get() key=|a| a.id let(admin)>
                        <option value=admin.id.to_string()>{admin.name}</option>
                    </For>
                </select>
            </label>
        </div>
    }
}
