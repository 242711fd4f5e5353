//! Errors in Laravel's JSON shapes, so the panel meets here exactly what a
//! Laravel backend would send it.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

#[derive(Debug)]
pub enum HttpError {
    Unauthenticated,
    Forbidden(&'static str),
    NotFound,
    /// 422 with one message per field.
    Validation(Vec<(&'static str, String)>),
    /// 413: an upload over the size limit.
    TooLarge,
    /// 415: a body that is not of the one type the endpoint takes.
    UnsupportedMediaType,
    TooManyRequests {
        retry_after_secs: u32,
    },
    /// A status injected by `--dev-faults`.
    Injected(StatusCode),
    Internal(String),
}

impl HttpError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> HttpError {
        HttpError::Validation(vec![(field, message.into())])
    }
}

impl From<rusqlite::Error> for HttpError {
    fn from(error: rusqlite::Error) -> Self {
        HttpError::Internal(error.to_string())
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        match self {
            HttpError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                Json(json!({"message": "Unauthenticated."})),
            )
                .into_response(),
            HttpError::Forbidden(message) => {
                (StatusCode::FORBIDDEN, Json(json!({ "message": message }))).into_response()
            }
            HttpError::NotFound => {
                (StatusCode::NOT_FOUND, Json(json!({"message": "Not Found"}))).into_response()
            }
            HttpError::Validation(fields) => {
                let message = fields.first().map(|(_, m)| m.clone()).unwrap_or_default();
                let mut errors = Map::new();
                for (field, text) in fields {
                    errors.insert(field.to_string(), Value::from(vec![text]));
                }
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Json(json!({ "message": message, "errors": errors })),
                )
                    .into_response()
            }
            HttpError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                Json(json!({"message": "El archivo no debe pesar más de 10240 kilobytes."})),
            )
                .into_response(),
            HttpError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                Json(json!({"message": "Unsupported Media Type. Send Content-Type: application/json."})),
            )
                .into_response(),
            HttpError::Injected(status) if status == StatusCode::TOO_MANY_REQUESTS => {
                HttpError::TooManyRequests {
                    retry_after_secs: 1,
                }
                .into_response()
            }
            HttpError::Injected(status) => (
                status,
                Json(json!({"message": status.canonical_reason().unwrap_or("Error")})),
            )
                .into_response(),
            HttpError::TooManyRequests { retry_after_secs } => (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, retry_after_secs.to_string())],
                Json(json!({"message": "Too Many Attempts."})),
            )
                .into_response(),
            HttpError::Internal(detail) => {
                eprintln!("devserver: internal error: {detail}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Json(json!({"message": "Server Error"})),
                )
                    .into_response()
            }
        }
    }
}
