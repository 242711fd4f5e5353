use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{ApiClient, ApiError};
use crate::components::layout::LocalePicker;
use crate::i18n::Text;
use crate::state::locale::I18n;
use crate::state::session::{safe_next, Persistence, Session, SessionState, SessionStore};

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionStore>();
    let api = expect_context::<ApiClient>();
    let navigate = use_navigate();
    let query = use_query_map();
    let next = move || safe_next(query.with(|q| q.get("next")).as_deref());

    // Already signed in (or just signed in): continue to where the admin was going.
    let go_on = navigate.clone();
    Effect::new(move |_| {
        if session.is_signed_in() {
            go_on(
                &next(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<Text>);
    let server_error = RwSignal::new(None::<ApiError>);
    let expired = session.state() == SessionState::Expired;

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (address, secret) = (email.get_untracked(), password.get_untracked());
        if address.trim().is_empty() || secret.is_empty() {
            error.set(Some(Text::LoginFieldsRequired));
            return;
        }
        error.set(None);
        server_error.set(None);
        pending.set(true);
        let api = api.clone();
        spawn_local(async move {
            match api.login(address.trim(), &secret).await {
                Ok(answer) => {
                    let persistence = if remember.get_untracked() {
                        Persistence::Device
                    } else {
                        Persistence::Tab
                    };
                    password.set(String::new());
                    session.sign_in(
                        Session {
                            token: answer.token,
                            admin: answer.admin,
                        },
                        persistence,
                    );
                }
                Err(ApiError::Validation { .. }) => error.set(Some(Text::LoginBadCredentials)),
                Err(other) => server_error.set(Some(other)),
            }
            pending.set(false);
        });
    };

    let error_message = move || {
        error
            .get()
            .map(|text| i18n.t(text).to_string())
            .or_else(|| server_error.get().map(|e| e.message(i18n.locale())))
    };

    view! {
        <main class="login">
            <form class="login-card" on:submit=submit novalidate>
                <header class="login-header">
                    <h1>"Mesa"</h1>
                    <p>{move || i18n.t(Text::ProductTagline)}</p>
                </header>
                <h2>{move || i18n.t(Text::LoginTitle)}</h2>
                <Show when=move || expired>
                    <p class="notice" data-testid="session-expired">
                        {move || i18n.t(Text::LoginSessionExpired)}
                    </p>
                </Show>
                <Show when=move || session.revoke_failed()>
                    <p class="notice notice-warning" role="alert" data-testid="revoke-failed">
                        {move || i18n.t(Text::SignOutRevokeFailed)}
                    </p>
                </Show>
                <label class="field">
                    <span>{move || i18n.t(Text::LoginEmail)}</span>
                    <input
                        type="email"
                        name="email"
                        autocomplete="username"
                        required
                        data-testid="login-email"
                        prop:value=email
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    <span>{move || i18n.t(Text::LoginPassword)}</span>
                    <input
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        required
                        data-testid="login-password"
                        prop:value=password
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                </label>
                <label class="checkbox">
                    <input
                        type="checkbox"
                        data-testid="login-remember"
                        prop:checked=remember
                        on:change=move |ev| remember.set(event_target_checked(&ev))
                    />
                    <span>{move || i18n.t(Text::LoginRemember)}</span>
                </label>
                <p class="form-error" role="alert" data-testid="login-error">
                    {error_message}
                </p>
                <button
                    type="submit"
                    class="button-primary"
                    data-testid="login-submit"
                    disabled=move || pending.get()
                >
                    {move || {
                        i18n.t(if pending.get() { Text::LoginSubmitting } else { Text::LoginSubmit })
                    }}
                </button>
                <LocalePicker i18n=i18n />
            </form>
        </main>
    }
}
