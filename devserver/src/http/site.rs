//! The built panel, its runtime configuration, and the health check.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use serving::headers::Facts;

use super::error::HttpError;
use super::signed;
use crate::app_state::AppState;

/// Laravel's answer for a bad or expired signed URL (`InvalidSignatureException`).
pub const INVALID_SIGNATURE: &str = "Invalid signature.";

/// Points the panel at this server: every URL is same-origin.
pub async fn config_json(State(state): State<AppState>) -> Result<impl IntoResponse, HttpError> {
    if state.breaks.no_config_json {
        return Err(HttpError::NotFound);
    }
    Ok((
        [
            (header::CACHE_CONTROL, "no-cache"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        Json(panel_config(&state)),
    ))
}

fn panel_config(state: &AppState) -> serde_json::Value {
    // With --broadcast-to the events are on the external server's sockets,
    // so the panel must connect there (plain ws: a local server).
    let (ws_host, ws_port, ws_scheme) = match &state.ws_public {
        Some((host, port)) => (host.as_str(), Some(*port), "ws"),
        None => ("", None, ""),
    };
    json!({
            "api_url": "",
            "auth_endpoint": "/api/v1/broadcasting/auth",
            "reverb_app_key": state.app.key,
            "ws_host": ws_host,
            "ws_port": ws_port,
            "ws_scheme": ws_scheme,
            "admin_api_prefix": "/api/v1/admin",
            "api_prefix": "/api/v1",
            "default_locale": "es"
    })
}

/// Adds to every response of the panel (its files and deep links) the
/// headers `cargo xtask dist` writes for a static host: the strict CSP with
/// the hash of the loader in the `index.html` being served, `nosniff`,
/// `frame-ancestors 'none'` and `Referrer-Policy`. Read at each request, so a
/// rebuild while the server runs is served with its own loader's hash.
pub async fn panel_headers(
    State((state, static_dir)): State<(AppState, Arc<PathBuf>)>,
    request: Request,
    next: Next,
) -> Response {
    let facts = match panel_facts(&state, &static_dir) {
        Ok(facts) => facts,
        Err(reason) => {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot serve the panel with its security headers: {reason}"),
            )
                .into_response()
        }
    };
    let mut response = next.run(request).await;
    for (name, value) in facts.common_headers() {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

fn panel_facts(state: &AppState, static_dir: &Path) -> Result<Facts, String> {
    let index = std::fs::read_to_string(static_dir.join("index.html"))
        .map_err(|e| format!("{}: {e}", static_dir.join("index.html").display()))?;
    let names = std::fs::read_dir(static_dir)
        .map_err(|e| e.to_string())?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned());
    Facts::of_build("/", &index, &panel_config(state), names)
}

pub async fn healthz() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// Serves an uploaded attachment with the type it was accepted as; `nosniff`
/// so a browser never runs an upload as something else. Only through a valid
/// signed URL (see `signed`): the signature is checked before anything else,
/// so a guessed id learns nothing, not even whether it exists. A URL bound
/// to a session opens nothing once that token has signed out: the same 403
/// as a bad signature.
pub async fn attachment(
    State(state): State<AppState>,
    uri: Uri,
    axum::extract::Path((id, _name)): axum::extract::Path<(String, String)>,
) -> Result<impl IntoResponse, HttpError> {
    let now = crate::clock::now_millis() / 1000;
    let session = signed::verify(&state.app.secret, uri.path(), uri.query(), now)
        .map_err(|_| HttpError::Forbidden(INVALID_SIGNATURE))?;
    if let Some(token_id) = session {
        let live = crate::db::users::token_is_live(&state.db.conn(), token_id)?;
        if !live && !state.breaks.attachment_urls_outlive_session {
            return Err(HttpError::Forbidden(INVALID_SIGNATURE));
        }
    }
    let id: i64 = id.parse().map_err(|_| HttpError::NotFound)?;
    let (stored_as, mime_type) =
        crate::db::writes::attachment_file(&state.db.conn(), id)?.ok_or(HttpError::NotFound)?;
    if stored_as.is_empty() {
        return Err(HttpError::NotFound);
    }
    let bytes = tokio::fs::read(state.uploads.join(&stored_as))
        .await
        .map_err(|_| HttpError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, mime_type),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            // Short-lived: on a shared computer the file must not stay in
            // the browser's cache long after its admin signed out.
            (header::CACHE_CONTROL, "private, max-age=300".to_string()),
        ],
        bytes,
    ))
}
