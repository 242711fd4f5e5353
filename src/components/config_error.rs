use leptos::prelude::*;

use crate::config::ConfigError;
use crate::i18n::{Locale, Text};
use crate::state::locale::I18n;

/// Shown instead of the panel when `config.json` is missing or wrong. It names
/// the bad field so the deployer can fix the file without reading code.
#[component]
pub fn ConfigErrorScreen(error: ConfigError) -> impl IntoView {
    let i18n = I18n::restore(Locale::default());
    let message = move || error.message(i18n.locale());
    view! {
        <main class="config-error" data-testid="config-error" role="alert">
            <h1>{i18n.text(Text::ConfigErrorTitle)}</h1>
            <p class="config-error-detail">{message}</p>
            <p>{i18n.text(Text::ConfigErrorHint)}</p>
        </main>
    }
}
