//! The sign-in page (`/login?next=…`): where a signed-out admin lands, and
//! whence a signed-in one goes on to where they were going.

use crate::router::use_query;
use crate::router::Navigation;
use leptos::prelude::*;

use crate::components::layout::LocalePicker;
use crate::hooks::sign_in::{use_sign_in, SignIn};
use crate::i18n::Text;
use crate::state::locale::I18n;
use crate::state::session::{safe_next, SessionState, SessionStore};

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionStore>();
    let navigate = crate::router::use_navigate();
    let query = use_query();
    // Already signed in (or just signed in): continue to where the admin was going.
    Effect::new(move |_| {
        if session.is_signed_in() {
            // Read once: the navigation below changes the query, and must
            // not run again for it.
            let next = safe_next(query.with_untracked(|q| q.get("next")).as_deref());
            let replace = Navigation { replace: true };
            navigate(&next, replace);
        }
    });
    let form = use_sign_in();
    let expired = session.state() == SessionState::Expired;

    view! {
        <main class="login">
            <form class="login-card" novalidate on:submit=move |ev| {
                ev.prevent_default();
                form.submit();
            }>
                <header class="login-header">
                    <h1>"Mesa"</h1>
                    <p>{i18n.text(Text::ProductTagline)}</p>
                </header>
                <h2>{i18n.text(Text::LoginTitle)}</h2>
                <Show when=move || expired>
                    <p class="notice" data-testid="session-expired">
                        {i18n.text(Text::LoginSessionExpired)}
                    </p>
                </Show>
                <Show when=move || session.revoke_failed()>
                    <p class="notice notice-warning" role="alert" data-testid="revoke-failed">
                        {i18n.text(Text::SignOutRevokeFailed)}
                    </p>
                </Show>
                <LoginFields form=form />
                <p class="form-error" role="alert" data-testid="login-error">
                    {move || form.error.get().map(|e| e.message(i18n.locale()))}
                </p>
                <button type="submit" class="button-primary" data-testid="login-submit" disabled=move || form.pending.get()>
                    {move || i18n.t(if form.pending.get() { Text::LoginSubmitting } else { Text::LoginSubmit })}
                </button>
                <LocalePicker i18n=i18n />
            </form>
        </main>
    }
}

/// Email, password and "keep me signed in".
#[component]
fn LoginFields(form: SignIn) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <label class="field">
            <span>{i18n.text(Text::LoginEmail)}</span>
            <input type="email" name="email" autocomplete="username" required data-testid="login-email"
                prop:value=form.email on:input=move |ev| form.email.set(event_target_value(&ev)) />
        </label>
        <label class="field">
            <span>{i18n.text(Text::LoginPassword)}</span>
            <input type="password" name="password" autocomplete="current-password" required data-testid="login-password"
                prop:value=form.password on:input=move |ev| form.password.set(event_target_value(&ev)) />
        </label>
        <label class="checkbox">
            <input type="checkbox" data-testid="login-remember"
                prop:checked=form.remember on:change=move |ev| form.remember.set(event_target_checked(&ev)) />
            <span>{i18n.text(Text::LoginRemember)}</span>
        </label>
    }
}
