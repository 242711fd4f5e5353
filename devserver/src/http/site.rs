//! The built panel, its runtime configuration, and the health check.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::json;

use super::AppState;

/// Points the panel at this server: every URL is same-origin.
pub async fn config_json(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Json(json!({
            "api_url": "",
            "auth_endpoint": "/api/v1/broadcasting/auth",
            "reverb_app_key": state.app.key,
            "ws_host": "",
            "ws_port": null,
            "ws_scheme": "",
            "admin_api_prefix": "/api/v1/admin",
            "api_prefix": "/api/v1",
            "default_locale": "es"
        })),
    )
}

pub async fn healthz() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}
