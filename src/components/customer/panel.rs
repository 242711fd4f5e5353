//! Who the customer is: beside the thread on wide screens, behind a toggle
//! on phones.

use leptos::prelude::*;

use super::tickets::CustomerTickets;
use crate::api::types::CustomerContext;
use crate::browser::local_date;
use crate::components::notice::{ErrorNotice, Loading};
use crate::hooks::customer::Customer;
use crate::i18n::{fill, Text};
use crate::state::locale::I18n;

#[component]
pub fn CustomerAside(
    customer: Customer,
    #[prop(into)] current: Signal<Option<u64>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let open = RwSignal::new(false);
    let retry = Callback::new(move |()| customer.retry());
    view! {
        <aside class="customer-aside" class:customer-aside-open=move || open.get() aria-labelledby="customer-panel-title">
            <button type="button" class="button-quiet customer-toggle" data-testid="customer-toggle"
                aria-expanded=move || open.get().to_string() aria-controls="customer-panel"
                on:click=move |_| open.update(|o| *o = !*o)>
                {i18n.text(Text::CustomerToggle)}
            </button>
            <div class="customer-panel" id="customer-panel" data-testid="customer-panel">
                <h2 id="customer-panel-title">{i18n.text(Text::CustomerTitle)}</h2>
                <Transition fallback=Loading>
                    {move || Suspend::new(async move {
                        match customer.profile.await {
                            Ok(profile) => view! { <CustomerFacts profile=profile /> }.into_any(),
                            Err(error) => view! { <ErrorNotice error=error on_retry=retry /> }.into_any(),
                        }
                    })}
                </Transition>
                <Transition fallback=Loading>
                    {move || Suspend::new(async move {
                        match customer.tickets.await {
                            Ok(tickets) => view! { <CustomerTickets tickets=tickets current=current customer_id=customer.id /> }.into_any(),
                            Err(error) => view! { <ErrorNotice error=error on_retry=retry /> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </aside>
    }
}

#[component]
fn CustomerFacts(profile: CustomerContext) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let since = profile.created_at.clone();
    let (total, open) = (
        profile.tickets_count.to_string(),
        profile.open_tickets_count.to_string(),
    );
    view! {
        <dl class="customer-facts">
            <dt class="visually-hidden">{i18n.text(Text::CustomerTitle)}</dt>
            <dd class="customer-name" data-testid="customer-name">{profile.name.clone()}</dd>
            <dd class="muted" data-testid="customer-email">{profile.email.clone()}</dd>
            {since.map(|at| view! {
                <dd class="muted" data-testid="customer-since">
                    {move || fill(i18n.t(Text::CustomerSince), &[("date", &local_date(&at, i18n.locale().tag()))])}
                </dd>
            })}
            <dd data-testid="customer-counts">
                {move || fill(i18n.t(Text::CustomerCounts), &[("total", &total), ("open", &open)])}
            </dd>
        </dl>
    }
}
