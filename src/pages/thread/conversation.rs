//! The scrolling conversation: earlier messages, the run of messages in
//! the DOM, replies on their way, and the pill for unseen new messages.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiClient;
use crate::components::thread::{MessageList, PendingItem};
use crate::hooks::thread_scroll::ThreadScroll;
use crate::i18n::Text;
use crate::state::locale::I18n;
use crate::state::thread::ThreadStoreFields;
use crate::state::thread_store::OpenThread;

#[component]
pub fn Conversation(
    thread: OpenThread,
    scroll: ThreadScroll,
    on_retry: Callback<String>,
    on_discard: Callback<String>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let earlier = use_earlier(thread, scroll);
    let pending = move || {
        thread
            .store()
            .pending()
            .try_with(|p| p.iter().map(|r| r.client_id.clone()).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    view! {
        // A log: what is added at the end is read out as it comes.
        <div class="thread-scroll" node_ref=scroll.scroller on:scroll=move |_| scroll.on_scroll() data-testid="thread-scroll"
            role="log" aria-live="polite" aria-relevant="additions" aria-label=i18n.text(Text::Conversation) tabindex="0">
            <Show when=move || scroll.has_earlier()>
                <button type="button" class="button-quiet load-older" data-testid="load-older" on:click=move |_| earlier.run(())>
                    {i18n.text(Text::LoadOlder)}
                </button>
            </Show>
            <ol class="messages">
                <MessageList thread=thread span=scroll.span />
                <For each=pending key=|id| id.clone() let(client_id)>
                    <PendingItem thread=thread client_id=client_id on_retry=on_retry on_discard=on_discard />
                </For>
            </ol>
        </div>
        <Show when=move || scroll.unseen.get()>
            <button type="button" class="new-messages-pill" data-testid="new-messages" on:click=move |_| scroll.to_newest()>
                {i18n.text(Text::NewMessages)}
            </button>
        </Show>
    }
}

/// Earlier messages: those held but not shown first, then a page from the
/// server, shown above without moving the view.
fn use_earlier(thread: OpenThread, scroll: ThreadScroll) -> Callback<()> {
    let api = expect_context::<ApiClient>();
    let loading = StoredValue::new(false);
    Callback::new(move |()| {
        if scroll.reveal_earlier() || loading.get_value() {
            return;
        }
        let (Some(id), Some(oldest)) = (thread.ticket_id(), thread.oldest_id()) else {
            return;
        };
        let api = api.clone();
        loading.set_value(true);
        spawn_local(async move {
            let page = api.messages_before(id, oldest).await;
            loading.try_set_value(false);
            match page {
                Ok(page) => {
                    scroll.older_arrived(move || thread.older_loaded(page.data, page.meta.has_more))
                }
                Err(error) => leptos::logging::warn!("thread: older messages failed: {error:?}"),
            }
        });
    })
}
