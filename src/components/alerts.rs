//! The top bar's attention controls, and the live region that reads new
//! messages to screen readers.

use leptos::prelude::*;

use crate::components::icon::{Icon, IconSvg};

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
                {i18n.text(Text::EnableNotifications)}
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
            <IconSvg icon=Signal::derive(move || if alerts.muted.get() { Icon::SoundOff } else { Icon::SoundOn }) />
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
