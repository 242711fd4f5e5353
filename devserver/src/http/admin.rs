//! The admin side of the contract: sign-in and the ticket desk.

use std::collections::HashMap;

use axum::extract::{ConnectInfo, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::auth::SignedInAdmin;
use super::error::HttpError;
use super::ids::Id;
use super::list_query::ticket_query;
use super::signed::Audience;
use crate::app_state::AppState;
use crate::db::tickets::{self, StatusFilter};
use crate::db::users::{self, Kind};

/// Laravel's `es` wording for a failed sign-in.
pub const BAD_CREDENTIALS: &str = "Estas credenciales no coinciden con nuestros registros.";

#[derive(Deserialize)]
pub struct LoginBody {
    #[serde(default)]
    email: Option<Value>,
    #[serde(default)]
    password: Option<Value>,
}

/// Reads `{email, password}`, with Laravel's 422 for a missing or non-string field.
fn credentials(body: &LoginBody) -> Result<(String, String), HttpError> {
    let field = |value: &Option<Value>, name: &'static str, label: &str| match value {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        _ => Err(HttpError::invalid(
            name,
            format!("El campo {label} es obligatorio."),
        )),
    };
    Ok((
        field(&body.email, "email", "correo electrónico")?,
        field(&body.password, "password", "contraseña")?,
    ))
}

/// Signs a user of this kind in from `from`: checks `{email, password}`
/// (throttled: `throttle.rs`) and issues a token.
pub fn sign_in(
    state: &AppState,
    body: Option<Json<LoginBody>>,
    kind: Kind,
    from: std::net::IpAddr,
) -> Result<(String, users::User), HttpError> {
    let Json(body) = body.ok_or_else(|| {
        HttpError::invalid("email", "El campo correo electrónico es obligatorio.")
    })?;
    let (email, password) = credentials(&body)?;
    let throttle = &state.sign_in_throttle;
    let now = crate::clock::now_millis();
    if let Some(retry_after_secs) = throttle.wait_secs(kind, &email, from, now) {
        return Err(HttpError::TooManyRequests { retry_after_secs });
    }
    let conn = state.db.conn();
    let Some(user) = users::by_credentials(&conn, kind, &email, &password)? else {
        throttle.failed(kind, &email, from, now);
        return Err(HttpError::invalid("email", BAD_CREDENTIALS));
    };
    throttle.succeeded(kind, &email, from);
    let token = users::issue_token(&conn, kind, user.id)?;
    Ok((token, user))
}

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(from): ConnectInfo<std::net::SocketAddr>,
    body: Option<Json<LoginBody>>,
) -> Result<Json<Value>, HttpError> {
    let (token, admin) = sign_in(&state, body, Kind::Admin, from.ip())?;
    Ok(Json(json!({ "token": token, "admin": admin })))
}

pub async fn logout(
    State(state): State<AppState>,
    auth: SignedInAdmin,
) -> Result<StatusCode, HttpError> {
    users::revoke_token(&state.db.conn(), &auth.token)?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn me(auth: SignedInAdmin) -> Json<Value> {
    Json(json!({ "data": auth.admin }))
}

/// What `GET /admin/capabilities` announces under v2.
const V2_CAPABILITIES: [&str; 6] = [
    "notes",
    "canned_replies",
    "customers",
    "bulk",
    "idempotency",
    "mentions",
];

/// What v3 adds.
const V3_CAPABILITIES: [&str; 8] = [
    "priority",
    "tags",
    "snooze",
    "sla",
    "views",
    "merge",
    "mentions_list",
    "viewers",
];

/// `GET /admin/capabilities` (contract v2): only what this server really
/// implements under its `--contract`; a key left out means `false` to the panel.
pub async fn capabilities(State(state): State<AppState>, _auth: SignedInAdmin) -> Json<Value> {
    let v3: &[&str] = if state.contract.has_triage() {
        &V3_CAPABILITIES
    } else {
        &[]
    };
    let data: serde_json::Map<String, Value> = V2_CAPABILITIES
        .iter()
        .chain(v3)
        .map(|name| (name.to_string(), Value::Bool(true)))
        .collect();
    Json(json!({ "data": data }))
}

pub async fn admins(
    State(state): State<AppState>,
    _auth: SignedInAdmin,
) -> Result<Json<Value>, HttpError> {
    Ok(Json(json!({ "data": users::admins(&state.db.conn())? })))
}

pub async fn reasons(State(state): State<AppState>) -> Result<Json<Value>, HttpError> {
    Ok(Json(json!({ "data": tickets::reasons(&state.db.conn())? })))
}

pub async fn list_tickets(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Value>, HttpError> {
    let mut query = ticket_query(&params, state.contract)?;
    query.overdue_wrong = state.breaks.overdue_wrong;
    let mut page = tickets::list(&state.db.conn(), &query, Some(auth.admin.id))?;
    if state.breaks.closed_filter_empty && query.status == StatusFilter::Closed {
        page = tickets::TicketPage {
            tickets: Vec::new(),
            total: 0,
        };
    }
    let url = ListUrl {
        path: "/api/v1/admin/support/tickets",
        params: &params,
    };
    Ok(Json(state.paginated(paginator(
        page.tickets,
        page.total,
        query.page,
        query.per_page,
        &url,
    ))))
}

/// Where a list lives and how it was asked for: its `links` repeat the
/// query (Laravel's `withQueryString()`) with another `page`.
pub struct ListUrl<'a> {
    pub path: &'a str,
    pub params: &'a HashMap<String, String>,
}

impl ListUrl<'_> {
    fn page(&self, page: u64) -> String {
        let mut pairs: Vec<(&String, &String)> =
            self.params.iter().filter(|(k, _)| *k != "page").collect();
        pairs.sort();
        let mut query: Vec<String> = pairs
            .into_iter()
            .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
            .collect();
        query.push(format!("page={page}"));
        format!("{}?{}", self.path, query.join("&"))
    }
}

/// Percent-encodes all but RFC 3986's unreserved characters.
fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Laravel's paginator shape, as a resource collection made from
/// `paginate()` answers it: `data`, `links` and `meta`. Laravel's URLs are
/// absolute and `meta.links` lists a window of numbered pages; here the URLs
/// are paths and `meta.links` is left out (clients page with `meta`).
pub fn paginator<T: serde::Serialize>(
    data: Vec<T>,
    total: u64,
    page: u32,
    per_page: u32,
    url: &ListUrl,
) -> Value {
    let last_page = total.div_ceil(u64::from(per_page)).max(1);
    let page = u64::from(page);
    let (from, to) = if data.is_empty() {
        (Value::Null, Value::Null)
    } else {
        let from = (page - 1) * u64::from(per_page) + 1;
        (json!(from), json!(from + data.len() as u64 - 1))
    };
    json!({
        "data": data,
        "links": {
            "first": url.page(1),
            "last": url.page(last_page),
            "prev": (page > 1).then(|| url.page(page - 1)),
            "next": (page < last_page).then(|| url.page(page + 1)),
        },
        "meta": {
            "current_page": page, "from": from, "last_page": last_page,
            "path": url.path, "per_page": per_page, "to": to, "total": total
        }
    })
}

pub async fn show_ticket(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    Id(id): Id,
) -> Result<impl IntoResponse, HttpError> {
    let detail = tickets::detail(
        &state.db.conn(),
        id,
        state.admin_view(),
        state.admin_triage(),
    )?
    .ok_or(HttpError::NotFound)?;
    Ok(Json(state.with_signed_urls(
        json!({ "data": detail }),
        Audience::Session(auth.token_id),
    )))
}
