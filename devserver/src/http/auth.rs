//! Bearer tokens: who is calling.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::HeaderMap;

use super::error::HttpError;
use super::AppState;
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
}

impl FromRequestParts<AppState> for SignedInAdmin {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(&parts.headers).ok_or(HttpError::Unauthenticated)?;
        let conn = state.db.conn();
        match users::token_owner(&conn, &token)? {
            Some((Kind::Admin, id)) => {
                let admin = users::admin(&conn, id)?.ok_or(HttpError::Unauthenticated)?;
                Ok(SignedInAdmin { admin, token })
            }
            _ => Err(HttpError::Unauthenticated),
        }
    }
}

/// A request made by a signed-in customer (the mobile app).
pub struct SignedInCustomer {
    pub customer: Customer,
}

impl FromRequestParts<AppState> for SignedInCustomer {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(&parts.headers).ok_or(HttpError::Unauthenticated)?;
        let conn = state.db.conn();
        match users::token_owner(&conn, &token)? {
            Some((Kind::Customer, id)) => {
                let customer = users::customer(&conn, id)?.ok_or(HttpError::Unauthenticated)?;
                Ok(SignedInCustomer { customer })
            }
            _ => Err(HttpError::Unauthenticated),
        }
    }
}
