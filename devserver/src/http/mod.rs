//! Routes of the dev server: one process, one port.

pub mod admin;
pub mod auth;
pub mod error;
pub mod site;

use std::path::Path;
use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

use crate::db::Db;
use error::HttpError;

/// The Reverb application this server pretends to be.
#[derive(Clone, Debug)]
pub struct AppCredentials {
    pub id: String,
    pub key: String,
    pub secret: String,
}

#[derive(Clone)]
pub struct AppState {
    pub db: Arc<Db>,
    pub app: Arc<AppCredentials>,
}

pub fn router(state: AppState, static_dir: &Path) -> Router {
    let admin = Router::new()
        .route("/auth/login", post(admin::login))
        .route("/auth/logout", post(admin::logout))
        .route("/auth/me", get(admin::me))
        .route("/support/admins", get(admin::admins))
        .route("/support/tickets", get(admin::list_tickets))
        .route("/support/tickets/{id}", get(admin::show_ticket));
    let api = Router::new()
        .nest("/admin", admin)
        .route("/support/reasons", get(admin::reasons))
        .fallback(|| async { HttpError::NotFound });

    // Every other path is the panel's: files from dist/, and index.html for
    // client-side routes such as /tickets/42.
    let panel = ServeDir::new(static_dir).fallback(ServeFile::new(static_dir.join("index.html")));

    Router::new()
        .route("/healthz", get(site::healthz))
        .route("/config.json", get(site::config_json))
        .nest("/api/v1", api)
        .fallback_service(panel)
        .with_state(state)
}
