//! The numeric id in a route such as `/support/tickets/{id}`.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use super::error::HttpError;

/// The route's one `{id}`, as Laravel's route binding reads it: an id that
/// is not a number, or does not fit one, names no record, so it is the
/// contract's 404 (`{"message": "Not Found"}`), never a 400 or a 422.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Id(pub i64);

impl Id {
    /// The id in a path segment, or the contract's 404.
    pub fn parse(raw: &str) -> Result<Id, HttpError> {
        raw.parse().map(Id).map_err(|_| HttpError::NotFound)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // A path axum cannot read as text keeps axum's own answer, as it did
        // when each handler took `Path<String>`.
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Id::parse(&raw).map_err(IntoResponse::into_response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_ids_and_anything_else_is_not_found() {
        assert_eq!(Id::parse("42").unwrap(), Id(42));
        for raw in ["abc", "4x", "", "1.5", "99999999999999999999"] {
            assert!(matches!(Id::parse(raw), Err(HttpError::NotFound)), "{raw}");
        }
    }
}
