//! Start-up: read `config.json`, then either the panel or a screen that says
//! what is wrong with the configuration.

use std::sync::Arc;

use futures::FutureExt as _;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiClient, Auth};
use crate::components::config_error::ConfigErrorScreen;
use crate::components::layout::Shell;
use crate::config::{ConfigError, RuntimeConfig};
use crate::pages::{login::LoginPage, not_found::NotFoundPage};
use crate::router::{use_app_path, Location, Page};
use crate::state::locale::I18n;
use crate::state::session::SessionStore;

/// Next to `index.html` (under the base path); the panel's router owns every
/// other path.
const CONFIG_FILE: &str = "config.json";

#[component]
pub fn App() -> impl IntoView {
    let base = crate::browser::base_path();
    provide_context(base.clone());
    let config_url = base.file(CONFIG_FILE);
    let config = LocalResource::new(move || load_config(config_url.clone()));
    move || match config.get() {
        None => view! { <div class="boot" aria-busy="true"></div> }.into_any(),
        Some(Ok(config)) => view! { <Panel config=config /> }.into_any(),
        Some(Err(error)) => view! { <ConfigErrorScreen error=error /> }.into_any(),
    }
}

async fn load_config(url: String) -> Result<RuntimeConfig, ConfigError> {
    // Deployers edit config.json in place, so it must never come from a stale cache.
    let response = gloo_net::http::RequestBuilder::new(&url)
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
        .map_err(|_| ConfigError::Unreachable { status: None })?;
    if !response.ok() {
        return Err(ConfigError::Unreachable {
            status: Some(response.status()),
        });
    }
    let text = response
        .text()
        .await
        .map_err(|_| ConfigError::Unreachable { status: None })?;
    let config = RuntimeConfig::parse(&text)?;
    config.check_page(&crate::browser::page_origin())?;
    Ok(config)
}

#[component]
fn Panel(config: RuntimeConfig) -> impl IntoView {
    let i18n = I18n::restore(config.default_locale);
    let session = SessionStore::restore();
    let auth = Auth::new(move || session.token(), move || session.expire());
    let api = ApiClient::new(Arc::new(config), auth);
    {
        let api = api.clone();
        session.follow_other_tabs(move |token| {
            // Best effort: a token already revoked answers 401, which is fine.
            leptos::task::spawn_local(api.revoke(Some(token)).map(|_| ()));
        });
    }
    provide_context(i18n);
    provide_context(session);
    provide_context(api.clone());

    // A token restored from storage may have been revoked meanwhile; asking
    // who we are either refreshes the profile or, on 401, ends the session.
    if session.token().is_some() {
        spawn_local(async move {
            if let Ok(admin) = api.me().await {
                session.update_admin(admin);
            }
        });
    }

    // Which page the address names; a page stays mounted while only the
    // rest of its address changes (another ticket, another filter).
    Location::provide();
    let app_path = use_app_path();
    let page = Memo::new(move |_| app_path.with(|path| Page::of(path)));
    move || match page.get() {
        Page::Login => view! { <LoginPage /> }.into_any(),
        // The shell guards the desk (sign-in) and holds the live connection.
        Page::Desk => view! { <Shell /> }.into_any(),
        Page::NotFound => view! { <NotFoundPage /> }.into_any(),
    }
}
