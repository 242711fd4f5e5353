//! Thin wrappers over browser APIs. Nothing here decides anything; failures
//! (private mode, quota, no window in tests) degrade to "not stored".

pub mod alerts;
pub mod focus;
pub mod storage;

/// The page's window; `None` in native unit tests, where web-sys would abort.
pub fn window() -> Option<web_sys::Window> {
    if cfg!(target_arch = "wasm32") {
        web_sys::window()
    } else {
        None
    }
}

/// Keeps `<html lang>` in step with the panel's language for screen readers.
pub fn set_document_lang(tag: &str) {
    if let Some(root) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", tag);
    }
}

/// Where the panel was loaded from.
pub fn page_origin() -> crate::config::PageOrigin {
    let location = window().map(|w| w.location());
    let read = |f: fn(&web_sys::Location) -> Result<String, wasm_bindgen::JsValue>| {
        location
            .as_ref()
            .and_then(|l| f(l).ok())
            .unwrap_or_default()
    };
    crate::config::PageOrigin {
        https: read(web_sys::Location::protocol) == "https:",
        hostname: read(web_sys::Location::hostname),
        port: read(web_sys::Location::port).parse().ok(),
    }
}

/// Where the panel is hosted: the directory of the module Trunk preloads
/// in `index.html`, whose URL carries the public URL the panel was built with
/// (`<link rel="modulepreload" href="/mesa/mesa-1f2e.js">`). The root when
/// there is no such link (component tests, a development build without it).
pub fn base_path() -> crate::base::BasePath {
    window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("link[rel=modulepreload][href]")
                .ok()
                .flatten()
        })
        .and_then(|link| link.get_attribute("href"))
        .map(|href| crate::base::BasePath::from_asset_path(&href))
        .unwrap_or_default()
}

/// Path and query of the current page, e.g. `/tickets/4?tab=files`.
pub fn current_path() -> String {
    window()
        .map(|w| w.location())
        .map(|l| {
            format!(
                "{}{}",
                l.pathname().unwrap_or_default(),
                l.search().unwrap_or_default()
            )
        })
        .unwrap_or_else(|| "/".into())
}

/// An ISO 8601 timestamp as the admin's local date and time, e.g.
/// "25/1/2024, 04:30". Unparseable input is shown as it came.
pub fn local_time(iso: &str, locale_tag: &str) -> String {
    format_date(iso, locale_tag, DateStyle::DateTime).unwrap_or_else(|| iso.to_string())
}

/// The admin's local calendar day of a timestamp, for grouping a thread,
/// e.g. "25 de enero de 2024".
pub fn local_date(iso: &str, locale_tag: &str) -> String {
    format_date(iso, locale_tag, DateStyle::Day)
        .unwrap_or_else(|| iso.get(..10).unwrap_or(iso).to_string())
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateStyle {
    /// "25/1/24, 10:00"
    DateTime,
    /// "25 de enero de 2024"
    Day,
    /// "17:55"
    Time,
    /// "6 dic"
    DayMonth,
    /// "6 dic 2025"
    DayMonthYear,
}

/// A timestamp in one of the short styles; unparseable input as it came.
pub fn format_as(iso: &str, locale_tag: &str, style: DateStyle) -> String {
    format_date(iso, locale_tag, style).unwrap_or_else(|| iso.to_string())
}

/// The local day (days since 1970-01-01 in the admin's time zone) and local
/// year of a moment in milliseconds.
pub fn local_day(ms: f64) -> (i64, i32) {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    // getTimezoneOffset is UTC minus local, in minutes.
    let local_ms = ms - date.get_timezone_offset() * 60_000.0;
    (
        (local_ms / 86_400_000.0).floor() as i64,
        date.get_full_year() as i32,
    )
}

thread_local! {
    /// One `Intl.DateTimeFormat` per language and style: building one costs
    /// far more than formatting with it, and a live thread formats often.
    static FORMATS: std::cell::RefCell<std::collections::HashMap<(String, DateStyle), js_sys::Function>> =
        Default::default();
}

/// `None` outside a browser or for a timestamp the browser cannot read.
fn format_date(iso: &str, locale_tag: &str, style: DateStyle) -> Option<String> {
    window()?;
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return None;
    }
    let format = FORMATS.with(|formats| {
        formats
            .borrow_mut()
            .entry((locale_tag.to_string(), style))
            .or_insert_with(|| {
                let options = js_sys::Object::new();
                let pairs: &[(&str, &str)] = match style {
                    DateStyle::DateTime => &[("dateStyle", "short"), ("timeStyle", "short")],
                    DateStyle::Day => &[("dateStyle", "long")],
                    DateStyle::Time => &[("timeStyle", "short")],
                    DateStyle::DayMonth => &[("day", "numeric"), ("month", "short")],
                    DateStyle::DayMonthYear => {
                        &[("day", "numeric"), ("month", "short"), ("year", "numeric")]
                    }
                };
                for (key, value) in pairs {
                    let _ = js_sys::Reflect::set(&options, &(*key).into(), &(*value).into());
                }
                let locales = js_sys::Array::of1(&locale_tag.into());
                js_sys::Intl::DateTimeFormat::new(&locales, &options).format()
            })
            .clone()
    });
    format
        .call1(&wasm_bindgen::JsValue::NULL, &date)
        .ok()?
        .as_string()
}

/// Waits without blocking the page (a `setTimeout` as a future).
pub async fn sleep(ms: u32) {
    let Some(window) = window() else { return };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Whether a key press is meant for a form field, so single-key shortcuts
/// must leave it alone.
pub fn typing_in_a_field(ev: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| takes_text(&el))
}

/// Whether an element is a field the admin types into.
pub fn takes_text(el: &web_sys::Element) -> bool {
    let tag = el.tag_name();
    // A checkbox or a button takes no text: the list's keys still work from one.
    let no_text = tag == "INPUT"
        && matches!(
            el.get_attribute("type").as_deref(),
            Some("checkbox" | "radio" | "button" | "submit")
        );
    (matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT") && !no_text)
        || el.has_attribute("contenteditable")
}

/// Milliseconds since the epoch of an ISO 8601 timestamp, if it parses.
pub fn time_ms(iso: &str) -> Option<f64> {
    window()?;
    let ms = js_sys::Date::parse(iso);
    (!ms.is_nan()).then_some(ms)
}

/// How far the admin's zone is behind UTC at `ms`, in minutes.
pub fn zone_offset_minutes(ms: f64) -> f64 {
    if window().is_none() {
        return 0.0;
    }
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms)).get_timezone_offset()
}

/// A moment as the contract writes it (ISO 8601 UTC with milliseconds).
pub fn iso_time(ms: f64) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms))
        .to_iso_string()
        .into()
}

/// A `datetime-local` input's value (the admin's zone) as a moment.
pub fn local_input_ms(value: &str) -> Option<f64> {
    time_ms(value)
}

/// Now, in milliseconds since the epoch.
pub fn now_ms() -> f64 {
    if window().is_some() {
        js_sys::Date::now()
    } else {
        0.0
    }
}
