use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::ApiClient;
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::thread::{MessageItem, ThreadHeader};
use crate::i18n::{fill, Text};
use crate::state::locale::I18n;

#[component]
pub fn ThreadPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let api = expect_context::<ApiClient>();
    let params = use_params_map();
    let raw_id = move || params.with(|p| p.get("id")).unwrap_or_default();

    let ticket = LocalResource::new(move || {
        let api = api.clone();
        let id = raw_id().parse::<u64>().ok();
        async move {
            match id {
                Some(id) => Some(api.ticket(id).await),
                None => None,
            }
        }
    });

    view! {
        <section class="thread" data-testid="thread">
            {move || match ticket.get() {
                None => view! { <Loading /> }.into_any(),
                Some(None) => {
                    view! {
                        <p class="error-notice" role="alert">
                            {move || fill(i18n.t(Text::ThreadInvalidId), &[("id", &raw_id())])}
                        </p>
                    }
                        .into_any()
                }
                Some(Some(Err(error))) => {
                    view! { <ErrorNotice error=error on_retry=move |_| ticket.refetch() /> }.into_any()
                }
                Some(Some(Ok(detail))) => {
                    view! {
                        <ThreadHeader ticket=detail.summary />
                        <ol class="messages">
                            {detail
                                .messages
                                .into_iter()
                                .map(|message| view! { <MessageItem message=message /> })
                                .collect_view()}
                        </ol>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
