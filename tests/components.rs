//! Component tests: real components mounted in headless Chromium
//! (wasm-bindgen-test through chromedriver; `cargo xtask test` runs them).
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

use mesa::api::types::{Attachment, Message, MessageKind, Sender, TicketSummary};
use mesa::api::{ApiClient, Auth};
use mesa::components::config_error::ConfigErrorScreen;
use mesa::components::connection::ConnectionIndicator;
use mesa::components::inbox::TicketRow;
use mesa::components::presence::PresenceBar;
use mesa::components::thread::MessageItem;
use mesa::config::{ConfigError, RuntimeConfig};
use mesa::i18n::Locale;
use mesa::pages::login::LoginPage;
use mesa::realtime::browser::Live;
use mesa::state::locale::I18n;
use mesa::state::session::{SessionState, SessionStore};

wasm_bindgen_test_configure!(run_in_browser);

const HOSTILE: &str = r#"<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>"#;

fn container() -> HtmlElement {
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn find<T: JsCast>(root: &HtmlElement, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into()
}

fn text(root: &HtmlElement, selector: &str) -> String {
    find::<HtmlElement>(root, selector)
        .text_content()
        .unwrap_or_default()
}

fn set_url(path: &str) {
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
}

fn clear_storage() {
    window().local_storage().unwrap().unwrap().clear().unwrap();
    window()
        .session_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
}

/// Contexts every page expects, as the app provides them.
fn provide_app_contexts(locale: Locale) {
    let config =
        RuntimeConfig::parse(r#"{"reverb_app_key":"test-key","api_url":"http://127.0.0.1:9"}"#)
            .unwrap();
    let session = SessionStore::with_state(SessionState::SignedOut);
    provide_context(I18n::with_locale(locale));
    provide_context(session);
    let auth = Auth::new(move || session.token(), move || session.expire());
    provide_context(ApiClient::new(Arc::new(config), auth));
}

/// The login page, with the address bar followed, as the app mounts it.
fn mount_login(
    root: HtmlElement,
    locale: Locale,
) -> leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable> {
    mount_to(root, move || {
        provide_app_contexts(locale);
        mesa::router::Location::provide();
        view! { <LoginPage /> }
    })
}

fn ticket(customer: &str, subject: &str) -> TicketSummary {
    serde_json::from_value(serde_json::json!({
        "id": 7, "subject": subject, "status": "open",
        "customer": {"id": 1, "name": customer, "email": "ana@example.com"},
        "unread_count": 3,
        "last_message": {"id": 9, "message": HOSTILE, "is_from_admin": false, "created_at": "2024-01-25T10:30:00.000Z"},
        "last_message_at": "2024-01-25T10:30:00.000Z",
        "created_at": "2024-01-25T10:00:00.000Z"
    }))
    .unwrap()
}

fn pwned() -> bool {
    js_sys::Reflect::get(&window(), &"__pwned".into())
        .map(|v| !v.is_undefined())
        .unwrap_or(false)
}

#[wasm_bindgen_test]
async fn config_error_screen_names_the_bad_field() {
    let root = container();
    let _handle = mount_to(root.clone(), || {
        view! { <ConfigErrorScreen error=ConfigError::Missing { field: "reverb_app_key" } /> }
    });
    tick().await;
    let screen = text(&root, "[data-testid=config-error]");
    assert!(screen.contains("reverb_app_key"), "{screen}");
    assert!(screen.contains("config.json"), "{screen}");
}

#[wasm_bindgen_test]
async fn login_form_asks_for_both_fields_before_calling_the_api() {
    clear_storage();
    set_url("/login");
    let root = container();
    let _handle = mount_login(root.clone(), Locale::En);
    tick().await;
    find::<HtmlElement>(&root, "[data-testid=login-submit]").click();
    tick().await;
    assert_eq!(
        text(&root, "[data-testid=login-error]"),
        "Enter your email and password."
    );
    let submit: web_sys::HtmlButtonElement = find(&root, "[data-testid=login-submit]");
    assert!(
        !submit.disabled(),
        "no request may start without credentials"
    );
}

#[wasm_bindgen_test]
async fn login_labels_follow_the_language_picker() {
    clear_storage();
    set_url("/login");
    let root = container();
    let _handle = mount_login(root.clone(), Locale::Es);
    tick().await;
    assert_eq!(text(&root, "[data-testid=login-submit]"), "Entrar");
    let picker: web_sys::HtmlSelectElement = find(&root, "[data-testid=locale]");
    picker.set_value("en");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    picker
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    tick().await;
    assert_eq!(text(&root, "[data-testid=login-submit]"), "Sign in");
    let email: HtmlInputElement = find(&root, "[data-testid=login-email]");
    assert_eq!(email.type_(), "email");
}

#[wasm_bindgen_test]
async fn ticket_row_shows_hostile_text_as_text() {
    set_url("/");
    let root = container();
    let _handle = mount_to(root.clone(), || {
        provide_app_contexts(Locale::Es);
        mesa::router::Location::provide();
        view! {
            <ul>
                <TicketRow ticket=ticket(HOSTILE, HOSTILE) query="?status=all" open=false cursor=false />
            </ul>
        }
    });
    tick().await;
    let row = text(&root, "[data-testid=ticket-row]");
    assert!(row.contains("<script>window.__pwned=1</script>"), "{row}");
    assert!(
        root.query_selector("img, script").unwrap().is_none(),
        "markup was injected"
    );
    assert_eq!(text(&root, "[data-testid=unread-count]"), "3 sin leer");
    let link: HtmlElement = find(&root, "[data-testid=ticket-row] a");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/tickets/7?status=all"),
        "the filter follows the link"
    );
    assert!(!pwned());
}

#[wasm_bindgen_test]
async fn message_attachments_are_only_linked_when_safe() {
    let root = container();
    let message = Message {
        id: 1,
        kind: MessageKind::Reply,
        mentions: Vec::new(),
        message: Some(HOSTILE.into()),
        is_from_admin: false,
        is_read: false,
        sender: Some(Sender {
            kind: "customer".into(),
            name: HOSTILE.into(),
        }),
        attachments: vec![
            Attachment {
                id: 1,
                url: "javascript:window.__pwned=1".into(),
                file_name: "evil.pdf".into(),
                mime_type: "application/pdf".into(),
                file_size: 10,
            },
            Attachment {
                id: 2,
                url: "https://cdn.example/recibo.pdf".into(),
                file_name: "recibo.pdf".into(),
                mime_type: "application/pdf".into(),
                file_size: 12_345,
            },
        ],
        created_at: "2024-01-25T10:30:00.000Z".into(),
    };
    let _handle = mount_to(root.clone(), move || {
        provide_context(I18n::with_locale(Locale::Es));
        view! { <ul><MessageItem message=message is_read=false /></ul> }
    });
    tick().await;
    let links = root.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 1, "only the https attachment is a link");
    let link: HtmlElement = links.get(0).unwrap().unchecked_into();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://cdn.example/recibo.pdf")
    );
    assert!(text(&root, "[data-testid=message]").contains("evil.pdf"));
    assert!(root.query_selector("img, script").unwrap().is_none());
    assert!(!pwned());
}

#[wasm_bindgen_test]
async fn presence_bar_names_the_others_and_hides_when_alone() {
    let root = container();
    let viewers = RwSignal::new(vec!["Lucía Ramírez".to_string()]);
    let typing = RwSignal::new(Vec::<String>::new());
    let _handle = mount_to(root.clone(), move || {
        provide_context(I18n::with_locale(Locale::Es));
        view! { <PresenceBar viewers=viewers typing=typing /> }
    });
    tick().await;
    assert_eq!(
        text(&root, "[data-testid=viewers]"),
        "También viendo: Lucía Ramírez"
    );
    assert!(root
        .query_selector("[data-testid=typing]")
        .unwrap()
        .is_none());
    typing.set(vec!["Lucía Ramírez".into()]);
    viewers.set(Vec::new());
    tick().await;
    assert_eq!(
        text(&root, "[data-testid=typing]"),
        "Lucía Ramírez está escribiendo…"
    );
    assert!(root
        .query_selector("[data-testid=viewers]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn connection_indicator_starts_disconnected_until_asked_to_connect() {
    clear_storage();
    let root = container();
    let _handle = mount_to(root.clone(), || {
        provide_app_contexts(Locale::En);
        let api = expect_context::<ApiClient>();
        provide_context(Live::new(api.config(), api.clone()));
        view! { <ConnectionIndicator /> }
    });
    tick().await;
    let indicator: HtmlElement = find(&root, "[data-testid=connection-state]");
    assert_eq!(
        indicator.get_attribute("data-state").as_deref(),
        Some("disconnected")
    );
    assert_eq!(indicator.text_content().unwrap_or_default(), "Disconnected");
}
