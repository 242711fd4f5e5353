//! Getting an admin's attention: system notifications and a short chime.
//! Both are optional browser features; where missing they do nothing.

use std::cell::RefCell;

use wasm_bindgen::JsCast;

thread_local! {
    /// Notifications on screen, closed when the admin signs out: they quote customers.
    static SHOWN: RefCell<Vec<web_sys::Notification>> = const { RefCell::new(Vec::new()) };
}

/// How many notifications to remember for closing; older ones have long gone.
const SHOWN_KEPT: usize = 50;

/// Whether the browser may show notifications: `None` if it cannot at all.
pub fn notification_permission() -> Option<web_sys::NotificationPermission> {
    let window = super::window()?;
    js_sys::Reflect::has(&window, &"Notification".into())
        .ok()
        .filter(|has| *has)
        .map(|_| web_sys::Notification::permission())
}

/// Asks for permission; must run from a click (browsers ignore it otherwise).
pub fn request_notification_permission(then: impl FnOnce() + 'static) {
    if notification_permission().is_none() {
        return;
    }
    if let Ok(promise) = web_sys::Notification::request_permission() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            then();
        });
    }
}

/// Shows a system notification if allowed; `tag` replaces an older one of the same ticket.
pub fn notify(title: &str, body: &str, tag: &str) {
    if notification_permission() != Some(web_sys::NotificationPermission::Granted) {
        return;
    }
    let options = web_sys::NotificationOptions::new();
    options.set_body(body);
    options.set_tag(tag);
    if let Ok(shown) = web_sys::Notification::new_with_options(title, &options) {
        SHOWN.with_borrow_mut(|list| {
            list.push(shown);
            if list.len() > SHOWN_KEPT {
                list.remove(0);
            }
        });
    }
}

/// Closes every notification this page showed.
pub fn close_notifications() {
    SHOWN.with_borrow_mut(|list| list.drain(..).for_each(|n| n.close()));
}

/// A short two-tone chime made with Web Audio: no sound file to download,
/// nothing for a Content-Security-Policy to allow.
pub fn chime() {
    let Ok(context) = web_sys::AudioContext::new() else {
        return;
    };
    let start = context.current_time();
    for (i, frequency) in [880.0_f32, 1320.0].into_iter().enumerate() {
        let (Ok(oscillator), Ok(gain)) = (context.create_oscillator(), context.create_gain())
        else {
            return;
        };
        let at = start + i as f64 * 0.12;
        oscillator.frequency().set_value(frequency);
        let _ = gain.gain().set_value_at_time(0.0001, at);
        let _ = gain
            .gain()
            .exponential_ramp_to_value_at_time(0.2, at + 0.02);
        let _ = gain
            .gain()
            .exponential_ramp_to_value_at_time(0.0001, at + 0.25);
        let _ = oscillator.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&context.destination());
        let _ = oscillator.start_with_when(at);
        let _ = oscillator.stop_with_when(at + 0.3);
    }
    // Let the context go once the chime has played.
    let closing = context.clone();
    let close = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = closing.close();
    });
    if let Some(window) = super::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(close.unchecked_ref(), 1000);
    }
}

/// Whether the page is in the background (another tab, minimised).
pub fn page_hidden() -> bool {
    super::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}
