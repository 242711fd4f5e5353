//! The panel's router: the address bar as signals, navigation through the
//! History API, and links that navigate without a reload. Ours rather than
//! leptos_router: the panel has three pages, and that crate cost ~60 KB of
//! the first load before wasm-opt (the first load is budgeted).
//!
//! Inside the panel every route is an *app path* (`/tickets/4`, `/login`);
//! only the address bar and `href`s carry the base (`crate::base`).

mod route;

pub use route::{ticket_segment, Page};

use leptos::ev::MouseEvent;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::base::use_base;
use crate::query::QueryMap;

/// The address bar, as signals; provided once by the app.
#[derive(Clone, Copy)]
pub struct Location {
    /// The path, base included (`/mesa/tickets/4`).
    pub pathname: RwSignal<String>,
    /// The query, without its `?`.
    pub search: RwSignal<String>,
}

impl Location {
    /// Reads the address bar and follows back and forward.
    pub fn provide() -> Location {
        let location = Location {
            pathname: RwSignal::new(String::new()),
            search: RwSignal::new(String::new()),
        };
        location.read();
        let history = window_event_listener(leptos::ev::popstate, move |_| location.read());
        on_cleanup(move || history.remove());
        provide_context(location);
        location
    }

    fn read(&self) {
        let Some(address) = crate::browser::window().map(|w| w.location()) else {
            return;
        };
        let pathname = address.pathname().unwrap_or_default();
        let search = address.search().unwrap_or_default();
        let search = search.strip_prefix('?').unwrap_or(&search).to_string();
        // Set only on change: every page reads these.
        if self.pathname.with_untracked(|p| *p != pathname) {
            self.pathname.set(pathname);
        }
        if self.search.with_untracked(|s| *s != search) {
            self.search.set(search);
        }
    }
}

/// The address bar; a root one where none was provided (component tests).
pub fn use_location() -> Location {
    use_context::<Location>().unwrap_or_else(|| {
        let location = Location {
            pathname: RwSignal::new("/".into()),
            search: RwSignal::new(String::new()),
        };
        provide_context(location);
        location
    })
}

/// The query of the address, decoded.
pub fn use_query() -> Memo<QueryMap> {
    let location = use_location();
    Memo::new(move |_| location.search.with(|s| QueryMap::parse(s)))
}

/// The app path shown now (base taken off), without the query.
pub fn use_app_path() -> Memo<String> {
    let location = use_location();
    let base = use_base();
    Memo::new(move |_| location.pathname.with(|p| base.strip(p)))
}

/// How a navigation treats the history: a new entry, or in place of the
/// current one (redirects, so Back does not bounce).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Navigation {
    pub replace: bool,
}

/// Navigates to an app path (`/tickets/4`, `/?status=all`) under the base.
pub fn use_navigate() -> impl Fn(&str, Navigation) + Clone {
    let location = use_location();
    let base = use_base();
    move |app_path: &str, how: Navigation| {
        let href = base.href(app_path);
        if let Some(history) = crate::browser::window().and_then(|w| w.history().ok()) {
            let _ = if how.replace {
                history.replace_state_with_url(&JsValue::NULL, "", Some(&href))
            } else {
                history.push_state_with_url(&JsValue::NULL, "", Some(&href))
            };
        }
        location.read();
    }
}

/// A link inside the panel: a plain click navigates without a reload; a
/// click with a modifier (new tab, new window) is the browser's.
#[component]
pub fn A(#[prop(into)] href: Signal<String>, children: Children) -> impl IntoView {
    let navigate = use_navigate();
    let base = use_base();
    let on_click = move |ev: MouseEvent| {
        let modified = ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key();
        if ev.default_prevented() || ev.button() != 0 || modified {
            return;
        }
        ev.prevent_default();
        // After the link's other click handlers: they may read what the
        // navigation lets go (the page being left).
        let (navigate, to) = (navigate.clone(), base.strip(&href.get_untracked()));
        queue_microtask(move || navigate(&to, Navigation::default()));
    };
    view! { <a href=href on:click=on_click>{children()}</a> }
}
