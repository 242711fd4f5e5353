//! Routes of the dev server: one process, one port.

pub mod admin;
pub mod admin_actions;
pub mod auth;
pub mod broadcasting;
pub mod canned;
pub mod cors;
pub mod customer;
pub mod customer_context;
pub mod dev;
pub mod error;
pub mod idempotent;
pub mod ids;
pub mod list_query;
pub mod mentions;
pub mod merge;
pub mod notes;
pub mod paginators;
pub mod signed;
pub mod site;
pub mod throttle;
pub mod ticket_changes;
pub mod triage;
pub mod uploads;
pub mod view_filters;
pub mod viewers;
pub mod views;

use std::path::Path;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, patch, post, put};
use axum::Router;
use serde_json::Value;
use tower_http::services::{ServeDir, ServeFile};

use crate::app_state::AppState;
use crate::pusher;
use error::HttpError;

/// What REST answers need on top of the shared state.
impl AppState {
    /// The answer or payload with its attachment URLs signed for `audience`:
    /// bound to the asking token for `signed::LIFETIME_SECS`, or, in a
    /// broadcast, bound to no session for `signed::BROADCAST_LIFETIME_SECS`.
    pub fn with_signed_urls(&self, mut value: Value, audience: signed::Audience) -> Value {
        let now = crate::clock::now_millis() / 1000;
        signed::sign_attachment_urls(&mut value, &self.app.secret, now, audience);
        value
    }

    /// A list answer as sent: in the `--paginator` shape, and without `meta`
    /// under `--break paginator-meta`.
    pub fn paginated(&self, answer: Value) -> Value {
        let mut answer = self.paginator.shape(answer);
        if self.breaks.paginator_meta {
            if let Some(fields) = answer.as_object_mut() {
                fields.remove("meta");
            }
        }
        answer
    }
}

/// Room for five 10 MB attachments and the form around them.
const UPLOAD_BODY_LIMIT: usize = 5 * uploads::MAX_FILE_BYTES + 1024 * 1024;

pub fn router(
    state: AppState,
    static_dir: &Path,
    dev_faults: bool,
    cors_origins: &[String],
) -> Router {
    let admin = Router::new()
        .route("/auth/login", post(admin::login))
        .route("/auth/logout", post(admin::logout))
        .route("/auth/me", get(admin::me))
        .route("/support/admins", get(admin::admins))
        .route(
            "/support/tickets/{id}",
            get(admin::show_ticket).patch(ticket_changes::update),
        )
        .route(
            "/support/tickets/{id}/messages",
            get(admin_actions::messages).post(admin_actions::reply),
        )
        .route("/support/tickets/{id}/read", post(admin_actions::mark_read));
    // A v1 backend has none of the v2 routes, a v2 backend none of v3's:
    // the fallback's 404 is their answer.
    let admin = if state.contract.has_workspace() {
        admin
            .route("/capabilities", get(admin::capabilities))
            .route(
                "/support/tickets",
                get(admin::list_tickets).patch(ticket_changes::bulk),
            )
            .route("/support/tickets/{id}/notes", post(notes::create))
            .route(
                "/support/canned-replies",
                get(canned::list).post(canned::create),
            )
            .route(
                "/support/canned-replies/{id}",
                patch(canned::update).delete(canned::delete),
            )
            .route("/support/customers/{id}", get(customer_context::show))
    } else {
        // The bulk PATCH shares its path with the inbox; under v1 it answers
        // the same 404 as the other missing v2 routes, not a 405.
        admin.route(
            "/support/tickets",
            get(admin::list_tickets).fallback(|| async { HttpError::NotFound }),
        )
    };
    let admin = if state.contract.has_triage() {
        admin
            .route(
                "/support/tickets/{id}/viewing",
                put(viewers::put).delete(viewers::delete),
            )
            .route("/support/viewers", get(viewers::list))
            .route("/support/tags", get(triage::tags))
            .route("/support/tickets/{id}/merge", post(merge::merge))
            .route("/mentions", get(mentions::list))
            .route("/mentions/{id}/read", post(mentions::read))
            .route("/views", get(views::list).post(views::create))
            .route("/views/counts", get(views::counts))
            .route("/views/{id}", patch(views::update).delete(views::delete))
    } else {
        admin
    };
    let customer = Router::new()
        .route("/tickets", get(customer::list).post(customer::create))
        .route("/tickets/{id}", get(customer::show))
        .route("/tickets/{id}/messages", post(customer::send))
        .route("/reasons", get(admin::reasons));
    let mut api = Router::new()
        .nest("/admin", admin)
        .nest("/support", customer)
        .route("/auth/login", post(customer::login))
        .route("/auth/logout", post(customer::logout))
        .route("/broadcasting/auth", post(broadcasting::authorize))
        .fallback(|| async { HttpError::NotFound })
        .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT));
    if dev_faults {
        api = api.layer(axum::middleware::from_fn_with_state(
            state.clone(),
            dev::rest_faults,
        ));
    }

    // Only the API answers CORS (never /__dev/, whose safety rests on the
    // preflight being refused); attachments are loaded by <img>, which needs none.
    if let Some(cors) = cors::layer(cors_origins) {
        api = api.layer(cors);
    }

    // Every other path is the panel's: files from dist/, and index.html for
    // client-side routes such as /tickets/42.
    let panel_headers = axum::middleware::from_fn_with_state(
        (state.clone(), Arc::new(static_dir.to_path_buf())),
        site::panel_headers,
    );
    let panel = Router::new()
        .fallback_service(
            ServeDir::new(static_dir).fallback(ServeFile::new(static_dir.join("index.html"))),
        )
        .layer(panel_headers);

    let mut app = Router::new()
        .route("/healthz", get(site::healthz))
        // Not behind the panel's headers: JSON is no document, and an API-only
        // server (no panel built) still tells a checker where its socket is.
        .route("/config.json", get(site::config_json))
        .route("/app/{key}", get(pusher::websocket))
        .route("/apps/{app_id}/events", post(broadcasting::trigger))
        .route("/storage/attachments/{id}/{name}", get(site::attachment))
        .nest("/api/v1", api);
    if dev_faults {
        // JSON only: a cross-site form or a body-less POST from any web page
        // cannot send `application/json` without a CORS preflight, which this
        // server never grants, so no page can trigger these.
        let faults = Router::new()
            .route("/__dev/ws/drop", post(dev::drop_websockets))
            .route("/__dev/ws/refuse", post(dev::refuse_websockets))
            .route("/__dev/rest/fail", post(dev::fail_rest))
            .route("/__dev/latency", post(dev::latency))
            .route("/__dev/bulk/refuse", post(dev::refuse_in_bulk))
            .route("/__dev/bench/thread", post(dev::bench_thread))
            .route("/__dev/bench/messages", post(dev::bench_messages))
            .route_layer(axum::middleware::from_fn(dev::json_only));
        app = app.merge(faults);
    }
    app.with_state(state.clone())
        .fallback_service(panel.with_state(state))
}
