//! Bearer tokens: who is calling.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::HeaderMap;

use super::error::HttpError;
use crate::app_state::AppState;
use crate::db::users::{self, Admin, Customer, Kind};

/// The bearer token of the request, if it carries one.
pub fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty())
        .then(|| token.trim().to_string())
}

/// A request made by a signed-in admin; anything else is a 401.
pub struct SignedInAdmin {
    pub admin: Admin,
    pub token: String,
    /// The token's row id: the session its attachment URLs are bound to.
    pub token_id: i64,
}

impl FromRequestParts<AppState> for SignedInAdmin {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (token, session) = signed_in_as(parts, state, Kind::Admin)?;
        let admin = users::find(&state.db.conn(), Kind::Admin, session.user_id)?
            .ok_or(HttpError::Unauthenticated)?;
        Ok(SignedInAdmin {
            admin,
            token,
            token_id: session.token_id,
        })
    }
}

/// A request made by a signed-in customer (the mobile app).
pub struct SignedInCustomer {
    pub customer: Customer,
    /// The token's row id: the session its attachment URLs are bound to.
    pub token_id: i64,
}

impl FromRequestParts<AppState> for SignedInCustomer {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (_, session) = signed_in_as(parts, state, Kind::Customer)?;
        let customer = users::find(&state.db.conn(), Kind::Customer, session.user_id)?
            .ok_or(HttpError::Unauthenticated)?;
        Ok(SignedInCustomer {
            customer,
            token_id: session.token_id,
        })
    }
}

/// The bearer token and its session, if the token belongs to a user of this
/// kind; a 401 otherwise (a customer's token opens nothing on the admin side).
fn signed_in_as(
    parts: &Parts,
    state: &AppState,
    kind: Kind,
) -> Result<(String, users::Session), HttpError> {
    let token = bearer(&parts.headers).ok_or(HttpError::Unauthenticated)?;
    match users::token_session(&state.db.conn(), &token)? {
        Some(session) if session.kind == kind => Ok((token, session)),
        _ => Err(HttpError::Unauthenticated),
    }
}
