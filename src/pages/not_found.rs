use crate::router::A;
use leptos::prelude::*;

use crate::i18n::Text;
use crate::state::locale::I18n;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <main class="not-found" data-testid="not-found">
            <h1>{i18n.text(Text::NotFoundTitle)}</h1>
            <A href="/">{i18n.text(Text::BackToInbox)}</A>
        </main>
    }
}
