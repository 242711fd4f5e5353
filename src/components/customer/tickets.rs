//! The customer's tickets, each opening in the thread view, and a way to
//! see them all in the inbox.

use crate::router::use_location;
use crate::router::A;
use leptos::prelude::*;

use crate::api::types::TicketSummary;
use crate::components::inbox::StatusBadge;
use crate::hooks::customer::tickets_of;
use crate::i18n::Text;
use crate::state::desk::Desk;
use crate::state::locale::I18n;

#[component]
pub fn CustomerTickets(
    tickets: Vec<TicketSummary>,
    #[prop(into)] current: Signal<Option<u64>>,
    #[prop(into)] customer_id: Signal<u64>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = use_context::<Desk>();
    let query = move || {
        desk.map(|d| d.inbox.with(|i| i.filter.to_query()))
            .unwrap_or_default()
    };
    let navigate = crate::router::use_navigate();
    let location = use_location();
    let base = StoredValue::new(crate::base::use_base());
    let show_all = move |_| {
        // An app path: the router adds the base back when navigating.
        let path = base.with_value(|b| b.strip(&location.pathname.get_untracked()));
        navigate(
            &format!(
                "{path}{}",
                tickets_of(customer_id.get_untracked()).to_query()
            ),
            Default::default(),
        );
    };
    let others = tickets.len() > 1;
    view! {
        <h3 class="customer-tickets-title">{i18n.text(Text::CustomerTickets)}</h3>
        <ul class="customer-tickets">
            {tickets.into_iter().map(|ticket| {
                let id = ticket.id;
                let is_current = move || current.get() == Some(id);
                let href = move || base.with_value(|b| b.href(&format!("/tickets/{id}{}", query())));
                view! {
                    <li class="customer-ticket" class:customer-ticket-current=is_current data-testid="customer-ticket" data-ticket-id=id>
                        <A href=href attr:aria-current=move || is_current().then_some("page")>
                            <span class="customer-ticket-subject">"#" {id} " " {ticket.subject.clone()}</span>
                            <StatusBadge status=ticket.status />
                            <Show when=is_current>
                                <span class="muted">{i18n.text(Text::CurrentTicket)}</span>
                            </Show>
                        </A>
                    </li>
                }
            }).collect_view()}
        </ul>
        <Show when=move || !others>
            <p class="muted">{i18n.text(Text::CustomerNoOtherTickets)}</p>
        </Show>
        <button type="button" class="button-quiet customer-all" data-testid="customer-all-tickets" on:click=show_all>
            {i18n.text(Text::CustomerAllTickets)}
        </button>
    }
}
