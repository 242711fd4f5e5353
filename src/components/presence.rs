//! Who else is viewing the ticket, and who is typing a reply.

use leptos::prelude::*;

use crate::i18n::{fill, Text};
use crate::state::locale::I18n;

#[component]
pub fn PresenceBar(
    #[prop(into)] viewers: Signal<Vec<String>>,
    #[prop(into)] typing: Signal<Vec<String>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <Show when=move || !viewers.with(Vec::is_empty)>
            <p class="presence" data-testid="viewers">
                {move || fill(i18n.t(Text::AlsoViewing), &[("names", &viewers.get().join(", "))])}
            </p>
        </Show>
        <Show when=move || !typing.with(Vec::is_empty)>
            <p class="presence presence-typing" data-testid="typing">
                {move || fill(i18n.t(Text::IsTyping), &[("names", &typing.get().join(", "))])}
            </p>
        </Show>
    }
}
