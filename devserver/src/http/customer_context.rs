//! `GET /admin/support/customers/{id}` (contract v2): who the customer is
//! and how many tickets they have, for the panel's side bar.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use super::auth::SignedInAdmin;
use super::error::HttpError;
use super::ids::Id;
use crate::app_state::AppState;
use crate::db::customers;

pub async fn show(
    State(state): State<AppState>,
    _auth: SignedInAdmin,
    Id(id): Id,
) -> Result<Json<Value>, HttpError> {
    let customer = customers::context(&state.db.conn(), id)?.ok_or(HttpError::NotFound)?;
    Ok(Json(json!({ "data": customer })))
}
