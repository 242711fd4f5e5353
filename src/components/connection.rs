//! The live connection indicator of the top bar.

use leptos::prelude::*;

use crate::i18n::{fill, Text};
use crate::realtime::browser::Live;
use crate::realtime::ConnectionState;
use crate::state::locale::I18n;

#[component]
pub fn ConnectionIndicator() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let live = expect_context::<Live>();
    let state = move || live.state();
    let class = move || match state() {
        ConnectionState::Connected => "connection connection-ok",
        ConnectionState::Connecting => "connection connection-busy",
        ConnectionState::Unavailable | ConnectionState::Disconnected => {
            "connection connection-down"
        }
        ConnectionState::Failed { .. } => "connection connection-failed",
    };
    let kind = move || match state() {
        ConnectionState::Connected => "connected",
        ConnectionState::Connecting => "connecting",
        ConnectionState::Unavailable => "unavailable",
        ConnectionState::Disconnected => "disconnected",
        ConnectionState::Failed { .. } => "failed",
    };
    let label = move || match state() {
        ConnectionState::Connected => i18n.t(Text::ConnectionConnected).to_string(),
        ConnectionState::Connecting => i18n.t(Text::ConnectionConnecting).to_string(),
        ConnectionState::Unavailable => i18n.t(Text::ConnectionUnavailable).to_string(),
        ConnectionState::Disconnected => i18n.t(Text::ConnectionDisconnected).to_string(),
        ConnectionState::Failed { reason } => {
            let why = if reason.message.is_empty() {
                reason.code.to_string()
            } else {
                format!("{} ({})", reason.message, reason.code)
            };
            fill(i18n.t(Text::ConnectionFailed), &[("reason", &why)])
        }
    };
    view! {
        <span class=class data-testid="connection-state" data-state=kind role="status" aria-live="polite" title=label>
            <span class="connection-dot" aria-hidden="true"></span>
            <span class="connection-label">{label}</span>
        </span>
    }
}
