//! The signed-in frame: top bar and the page beside it.

use crate::router::use_location;
use crate::router::Navigation;
use crate::router::A;
use leptos::prelude::*;

use crate::api::types::Capabilities;
use crate::api::ApiClient;
use crate::components::alerts::{AlertControls, Announcer};
use crate::components::connection::ConnectionIndicator;
use crate::components::header_menu::HeaderMenu;
use crate::components::mentions_inbox::MentionsInbox;
use crate::components::shortcuts::{ShortcutsButton, ShortcutsHelp};
use crate::components::sign_out::SignOutButton;
use crate::hooks::canned::use_canned_replies;
use crate::i18n::{Locale, Text};
use crate::realtime::browser::Live;
use crate::state::alerts::Alerts;
use crate::state::density::{Density, RowDensity};
use crate::state::locale::I18n;
use crate::state::offered::Offered;
use crate::state::session::{login_path, SessionStore};
use crate::state::shortcuts::Shortcuts;

/// Guards every page below it: whenever there is no session (never signed in,
/// signed out, or a 401 anywhere), go to the login page and remember where the
/// admin was.
#[component]
pub fn Shell() -> impl IntoView {
    let session = expect_context::<SessionStore>();
    let location = use_location();
    let navigate = crate::router::use_navigate();
    let base = crate::base::use_base();
    Effect::new(move |_| {
        if !session.is_signed_in() {
            // The router's `search` comes without its leading "?".
            let search = location.search.get_untracked();
            // The address carries the base; `next` is an app path, which
            // router prefixes again when it navigates there.
            let path = base.strip(&location.pathname.get_untracked());
            let here = if search.is_empty() {
                path
            } else {
                format!("{path}?{search}")
            };
            navigate(&login_path(&here), Navigation { replace: true });
        }
    });

    // One live connection for everything below; it follows the session and
    // closes when the shell goes (signing out).
    let api = expect_context::<ApiClient>();
    let live = Live::new(api.config(), api.clone());
    provide_context(live);
    provide_context(Alerts::new(expect_context::<I18n>()));
    let capabilities = use_capabilities(api.clone(), session);
    Offered::provide(capabilities);
    provide_context(use_canned_replies(api.clone(), session, capabilities));
    // Each admin's own choice of single-key shortcuts.
    let shortcuts = Shortcuts::new();
    provide_context(shortcuts);
    // And of the inbox's row density.
    let density = RowDensity::new();
    provide_context(density);
    Effect::new(move |_| {
        let admin = session.admin().map(|a| a.id);
        shortcuts.follow_admin(admin);
        density.follow_admin(admin);
    });
    Effect::new(move |_| {
        if session.is_signed_in() {
            live.connect();
        } else {
            live.disconnect();
        }
    });

    view! {
        <Show when=move || session.is_signed_in()>
            <div class="shell">
                <Announcer />
                <TopBar />
                <ShortcutsHelp />
                <ApiTroubleBanner />
                <main class="shell-main">
                    <crate::pages::desk::DeskPage />
                </main>
            </div>
        </Show>
    }
}

/// What the backend offers beyond v1, asked once per signed-in admin; until
/// it answers (or if it cannot), nothing beyond v1 is assumed.
fn use_capabilities(api: ApiClient, session: SessionStore) -> Signal<Capabilities> {
    let answer = LocalResource::new(move || {
        let (api, admin) = (api.clone(), session.admin().map(|a| a.id));
        async move {
            match admin {
                Some(_) => api.capabilities().await.unwrap_or_default(),
                None => Capabilities::default(),
            }
        }
    });
    Signal::derive(move || answer.get().unwrap_or_default())
}

#[component]
fn TopBar() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionStore>();
    let capabilities = Offered::expect();
    // `<A>` keeps absolute hrefs as they are: the base is added here.
    let home = crate::base::use_base().href("/");
    view! {
        <header class="topbar">
            <A href=home attr:class="brand">"Mesa"</A>
            <span class="topbar-spacer"></span>
            <ConnectionIndicator />
            {move || {
                let me = session.admin().map(|a| a.id)?;
                capabilities.get().mentions.then(|| view! { <MentionsInbox me=me /> })
            }}
            <HeaderMenu>
                <AlertControls />
                <LocalePicker i18n=i18n />
                <DensityToggle />
                <ShortcutsButton />
                <span class="topbar-admin" data-testid="current-admin">
                    {move || session.admin().map(|a| a.name).unwrap_or_default()}
                </span>
                <SignOutButton />
            </HeaderMenu>
        </header>
    }
}

/// One line per inbox row, or two.
#[component]
fn DensityToggle() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let density = expect_context::<RowDensity>();
    view! {
        <label class="checkbox">
            <input type="checkbox" data-testid="density-compact"
                prop:checked=move || density.get() == Density::Compact
                on:change=move |ev| density.set(if event_target_checked(&ev) { Density::Compact } else { Density::Comfortable }) />
            <span>{i18n.text(Text::DensityCompact)}</span>
        </label>
    }
}

#[component]
pub fn LocalePicker(i18n: I18n) -> impl IntoView {
    view! {
        <label class="locale-picker">
            <span class="visually-hidden">{i18n.text(Text::Language)}</span>
            <select
                data-testid="locale"
                on:change=move |ev| {
                    if let Some(locale) = Locale::from_tag(&event_target_value(&ev)) {
                        i18n.set(locale);
                    }
                }
            >
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        view! {
                            <option value=locale.tag() selected=move || i18n.locale() == locale>
                                {locale.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// Says, without blocking anything, that reads are failing and being retried.
#[component]
fn ApiTroubleBanner() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let api = expect_context::<ApiClient>();
    view! {
        {move || api.trouble().map(|error| view! {
            <p class="banner" role="status" data-testid="api-banner">
                {move || crate::i18n::fill(i18n.t(Text::ApiRetrying), &[("reason", &error.message(i18n.locale()))])}
            </p>
        })}
    }
}
