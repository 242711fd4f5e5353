//! The customer API of the seed, as the Flutter app uses it.

use std::collections::HashMap;

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};

use super::admin::{paginator, sign_in, ListUrl, LoginBody};
use super::admin_actions::{post_message, sender_socket};
use super::auth::SignedInCustomer;
use super::error::HttpError;
use super::ids::Id;
use super::signed::Audience;
use super::uploads::MessageInput;
use crate::app_state::AppState;
use crate::channels::ChannelNames;
use crate::db::tickets::{self, AssignedFilter, SnoozedFilter, Sort, StatusFilter, TicketQuery};
use crate::db::{users, writes};

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(from): ConnectInfo<std::net::SocketAddr>,
    body: Option<Json<LoginBody>>,
) -> Result<Json<Value>, HttpError> {
    let (token, customer) = sign_in(&state, body, users::Kind::Customer, from.ip())?;
    Ok(Json(json!({ "token": token, "customer": customer })))
}

/// `POST /api/v1/auth/logout` (the seed's app, as Laravel's integration has
/// it): ends this token only, and with it every attachment URL it was given.
pub async fn logout(
    State(state): State<AppState>,
    auth: SignedInCustomer,
) -> Result<StatusCode, HttpError> {
    users::revoke_token_id(&state.db.conn(), auth.token_id)?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn list(
    State(state): State<AppState>,
    auth: SignedInCustomer,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Value>, HttpError> {
    let number = |name: &'static str, default: u32, max: u32| match params.get(name) {
        None => Ok(default),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                HttpError::invalid(name, format!("El campo {name} debe estar entre 1 y {max}."))
            }),
    };
    let query = TicketQuery {
        status: StatusFilter::All,
        assigned: AssignedFilter::Any,
        reason_id: None,
        search: None,
        sort: Sort::LastMessageDesc,
        page: number("page", 1, u32::MAX)?,
        per_page: number("per_page", 20, 100)?,
        customer_id: Some(auth.customer.id),
        search_notes: false,
        // Customers know nothing of triage: every ticket of theirs, snoozed
        // or not, and no v3 field on any.
        priorities: Vec::new(),
        tag: None,
        snoozed: SnoozedFilter::Include,
        waiting: false,
        overdue: false,
        overdue_wrong: false,
        triage: state.customer_triage(),
    };
    let page = tickets::list(&state.db.conn(), &query, None)?;
    let url = ListUrl {
        path: "/api/v1/support/tickets",
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

/// The customer's own ticket, or 404: another customer's ticket does not exist for them.
fn own_ticket(state: &AppState, customer_id: i64, id: i64) -> Result<(), HttpError> {
    match writes::ticket_owner_and_status(&state.db.conn(), id)? {
        Some((owner, _)) if owner == customer_id => Ok(()),
        _ => Err(HttpError::NotFound),
    }
}

pub async fn show(
    State(state): State<AppState>,
    auth: SignedInCustomer,
    Id(id): Id,
) -> Result<Json<Value>, HttpError> {
    own_ticket(&state, auth.customer.id, id)?;
    let detail = tickets::detail(
        &state.db.conn(),
        id,
        state.customer_view(),
        state.customer_triage(),
    )?
    .ok_or(HttpError::NotFound)?;
    Ok(Json(state.with_signed_urls(
        json!({ "data": detail }),
        Audience::Session(auth.token_id),
    )))
}

pub async fn create(
    State(state): State<AppState>,
    auth: SignedInCustomer,
    headers: HeaderMap,
    input: MessageInput,
) -> Result<(StatusCode, Json<Value>), HttpError> {
    let reason_id = input
        .field_str("reason_id")
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(|| HttpError::invalid("reason_id", "El campo motivo es obligatorio."))?;
    if !writes::reason_exists(&state.db.conn(), reason_id)? {
        return Err(HttpError::invalid(
            "reason_id",
            "El motivo seleccionado no es válido.",
        ));
    }
    if input.text()?.is_none() && input.uploads.is_empty() {
        return Err(HttpError::invalid(
            "message",
            "El campo mensaje es obligatorio.",
        ));
    }
    let subject = input
        .field_str("subject")
        .map(|s| s.trim().chars().take(150).collect::<String>())
        .filter(|s| !s.is_empty())
        .or_else(|| {
            input
                .text()
                .ok()
                .flatten()
                .map(|t| t.chars().take(60).collect())
        })
        .unwrap_or_else(|| "Archivo adjunto".into());
    let id = writes::create_ticket(&state.db.conn(), auth.customer.id, reason_id, &subject)?;
    // The first message is created with the ticket; the admins learn of the
    // ticket from `ticket.created`, which already carries it as last_message.
    let attachments = super::uploads::attachments(&input.uploads);
    {
        let mut conn = state.db.conn();
        writes::add_message(
            &mut conn,
            id,
            input.text()?.as_deref(),
            false,
            &auth.customer.name,
            &attachments,
        )?;
    }
    super::uploads::keep(&input.uploads);
    // The admins' copy carries v3's fields; the customer's answer never does.
    let (for_admins, for_customer) = {
        let conn = state.db.conn();
        (
            tickets::summary(&conn, id, state.admin_triage())?.ok_or(HttpError::NotFound)?,
            tickets::summary(&conn, id, state.customer_triage())?.ok_or(HttpError::NotFound)?,
        )
    };
    state.realtime.broadcast(
        vec![ChannelNames::ADMIN.to_string()],
        "ticket.created",
        json!({ "ticket": for_admins }),
        sender_socket(&headers),
    );
    Ok((StatusCode::CREATED, Json(json!({ "data": for_customer }))))
}

pub async fn send(
    State(state): State<AppState>,
    auth: SignedInCustomer,
    Id(id): Id,
    headers: HeaderMap,
    input: MessageInput,
) -> Result<(StatusCode, Json<Value>), HttpError> {
    if !state.breaks.customer_writes_any_ticket {
        own_ticket(&state, auth.customer.id, id)?;
    }
    // Idempotency-Key is the admin side's (contract v2); customers have none.
    let (status, body) = post_message(
        &state,
        id,
        &input,
        false,
        &auth.customer.name,
        auth.token_id,
        sender_socket(&headers),
        None,
    )?;
    // v3: the customer wrote, so a snoozed ticket wakes.
    if status == StatusCode::CREATED {
        super::triage::wake_on_customer_message(&state, id)?;
    }
    Ok((status, Json(body)))
}
