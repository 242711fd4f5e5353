use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::Text;
use crate::state::locale::I18n;

/// An API failure in the admin's language, with a way to try again.
#[component]
pub fn ErrorNotice(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <div class="error-notice" role="alert" data-testid="error-notice">
            <p>{move || error.message(i18n.locale())}</p>
            <button type="button" class="button-quiet" on:click=move |_| on_retry.run(())>
                {i18n.text(Text::Retry)}
            </button>
        </div>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! { <p class="loading" aria-busy="true">{i18n.text(Text::Loading)}</p> }
}
