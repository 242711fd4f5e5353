use leptos::prelude::*;

use crate::api::ApiClient;
use crate::components::inbox::TicketRow;
use crate::components::notice::{ErrorNotice, Loading};
use crate::i18n::{fill, Text};
use crate::state::locale::I18n;

#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let api = expect_context::<ApiClient>();
    let tickets = LocalResource::new(move || {
        let api = api.clone();
        async move { api.tickets(1).await }
    });

    view! {
        <section class="inbox" data-testid="inbox">
            <header class="inbox-header">
                <h1>{move || i18n.t(Text::InboxTitle)}</h1>
                <span class="muted" data-testid="inbox-count">
                    {move || {
                        tickets
                            .get()
                            .and_then(Result::ok)
                            .map(|page| {
                                fill(i18n.t(Text::InboxCount), &[("count", &page.meta.total.to_string())])
                            })
                    }}
                </span>
            </header>
            {move || match tickets.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(error)) => {
                    view! { <ErrorNotice error=error on_retry=move |_| tickets.refetch() /> }.into_any()
                }
                Some(Ok(page)) if page.data.is_empty() => {
                    view! { <p class="empty">{move || i18n.t(Text::InboxEmpty)}</p> }.into_any()
                }
                Some(Ok(page)) => {
                    view! {
                        <ol class="ticket-list">
                            {page
                                .data
                                .into_iter()
                                .map(|ticket| view! { <TicketRow ticket=ticket /> })
                                .collect_view()}
                        </ol>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
