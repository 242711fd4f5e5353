//! Moving the keyboard focus to where the admin's next step is, once the
//! view has drawn it.

use wasm_bindgen::JsCast;

/// How many animation frames to wait for the element to be drawn.
const FRAMES: u32 = 10;

/// Whether the focus went nowhere: nothing had it, or the focused control
/// left the page (a button that hid itself once used).
pub fn focus_lost() -> bool {
    let Some(document) = super::window().and_then(|w| w.document()) else {
        return false;
    };
    match (document.active_element(), document.body()) {
        (None, _) => true,
        (Some(active), Some(body)) => active == *body.unchecked_ref::<web_sys::Element>(),
        (Some(_), None) => false,
    }
}

/// Focuses the element `selector` names once it is on screen, trying on each
/// of the next few frames. Returns at once; gives up quietly.
pub fn focus_soon(selector: &str) {
    try_focus(selector.to_string(), FRAMES);
}

fn try_focus(selector: String, frames_left: u32) {
    leptos::prelude::request_animation_frame(move || {
        if !focus_now(&selector) && frames_left > 0 {
            try_focus(selector, frames_left - 1);
        }
    });
}

/// Focuses the element if it is shown; true when it took the focus.
pub fn focus_now(selector: &str) -> bool {
    let Some(element) = super::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    focus_element(&element)
}

/// Focuses an element if it is shown (hidden elements cannot take focus).
pub fn focus_element(element: &web_sys::HtmlElement) -> bool {
    if !element.is_connected() || element.get_client_rects().length() == 0 {
        return false;
    }
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = element.focus_with_options(&options);
    true
}

/// The element that has the focus now, to give it back later.
pub fn focused_element() -> Option<web_sys::HtmlElement> {
    super::window()?
        .document()?
        .active_element()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

/// What can take the focus inside a dialog.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
    select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// Keeps Tab and Shift+Tab inside a modal dialog, wrapping from its last
/// control to its first and back, so the keyboard never wanders behind it.
pub fn keep_tab_inside(ev: &web_sys::KeyboardEvent, dialog: &web_sys::Element) {
    if ev.key() != "Tab" {
        return;
    }
    let Ok(found) = dialog.query_selector_all(FOCUSABLE) else {
        return;
    };
    let controls: Vec<web_sys::HtmlElement> = (0..found.length())
        .filter_map(|i| found.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|el| el.get_client_rects().length() > 0)
        .collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        return;
    };
    let active = focused_element();
    let at = |el: &web_sys::HtmlElement| active.as_ref() == Some(el);
    let on_dialog = active
        .as_ref()
        .is_some_and(|a| a.unchecked_ref::<web_sys::Element>() == dialog);
    let wrap_to = if ev.shift_key() && (at(first) || on_dialog) {
        Some(last)
    } else if !ev.shift_key() && at(last) {
        Some(first)
    } else {
        None
    };
    if let Some(target) = wrap_to {
        ev.prevent_default();
        let _ = target.focus();
    }
}

/// Whether the focus is in a field that takes text (the admin is typing).
pub fn typing_somewhere() -> bool {
    focused_element().is_some_and(|el| super::takes_text(&el))
}
