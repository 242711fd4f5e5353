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
