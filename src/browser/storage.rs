//! `localStorage` / `sessionStorage`, where storage may be unavailable
//! (private browsing, disabled cookies) without that being an error.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// `localStorage`: survives browser restarts.
    Local,
    /// `sessionStorage`: dies with the tab.
    Session,
}

fn area(area: Area) -> Option<web_sys::Storage> {
    let window = super::window()?;
    match area {
        Area::Local => window.local_storage().ok().flatten(),
        Area::Session => window.session_storage().ok().flatten(),
    }
}

pub fn get(which: Area, key: &str) -> Option<String> {
    area(which)?.get_item(key).ok().flatten()
}

pub fn set(which: Area, key: &str, value: &str) {
    if let Some(storage) = area(which) {
        let _ = storage.set_item(key, value);
    }
}

pub fn remove(which: Area, key: &str) {
    if let Some(storage) = area(which) {
        let _ = storage.remove_item(key);
    }
}

/// Every key in an area, for sweeping one admin's entries away.
pub fn keys(which: Area) -> Vec<String> {
    let Some(storage) = area(which) else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect()
}

/// Calls `listener(key, new_value)` whenever another tab changes
/// `localStorage` (browsers do not tell the tab that made the change).
/// Listens for the page's lifetime.
pub fn on_change_elsewhere(listener: impl Fn(&str, Option<String>) + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = super::window() else {
        return;
    };
    let closure =
        Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |ev: web_sys::StorageEvent| {
            if let Some(key) = ev.key() {
                listener(&key, ev.new_value());
            }
        });
    let _ = window.add_event_listener_with_callback("storage", closure.as_ref().unchecked_ref());
    closure.forget();
}
