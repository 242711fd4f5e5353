//! The top bar's attention controls, and the live region that reads new
//! messages to screen readers.

use leptos::prelude::*;

use crate::i18n::Text;
use crate::state::alerts::Alerts;
use crate::state::locale::I18n;

#[component]
pub fn AlertControls() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let alerts = expect_context::<Alerts>();
    view! {
        <Show when=move || alerts.can_ask.get()>
            <button type="button" class="button-quiet" data-testid="enable-notifications" on:click=move |_| alerts.ask_permission()>
                {move || i18n.t(Text::EnableNotifications)}
            </button>
        </Show>
        <button
            type="button"
            class="button-quiet sound-toggle"
            data-testid="sound-toggle"
            aria-pressed=move || (!alerts.muted.get()).to_string()
            title=move || i18n.t(if alerts.muted.get() { Text::SoundOff } else { Text::SoundOn })
            aria-label=move || i18n.t(if alerts.muted.get() { Text::SoundOff } else { Text::SoundOn })
            on:click=move |_| alerts.toggle_sound()
        >
            // A speaker, crossed out when muted.
            <svg viewBox="0 0 24 24" aria-hidden="true">
                <path d="M11 5 6 9H3v6h3l5 4V5z"></path>
                {move || if alerts.muted.get() {
                    view! { <path d="m23 9-6 6M17 9l6 6"></path> }.into_any()
                } else {
                    view! { <path d="M15.5 8.5a5 5 0 0 1 0 7M19 5a10 10 0 0 1 0 14"></path> }.into_any()
                }}
            </svg>
            <span class="header-menu-label">{move || i18n.t(if alerts.muted.get() { Text::SoundOff } else { Text::SoundOn })}</span>
        </button>
    }
}

#[component]
pub fn Announcer() -> impl IntoView {
    let alerts = expect_context::<Alerts>();
    view! {
        <div class="visually-hidden" aria-live="polite" role="status" data-testid="announcer">
            {move || alerts.announcement.get()}
        </div>
    }
}
