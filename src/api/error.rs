//! What can go wrong when talking to the Laravel API, classified once so every
//! caller handles the same cases the same way.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::i18n::{fill, t, Locale, Text};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer (offline, DNS, CORS, connection reset).
    Network,
    /// 401: the token is missing, expired or revoked.
    Unauthorized,
    /// 403, with Laravel's message when it sent one.
    Forbidden {
        message: Option<String>,
    },
    NotFound,
    /// 422: Laravel's validation shape.
    Validation {
        message: String,
        errors: BTreeMap<String, Vec<String>>,
    },
    /// 429, with `Retry-After` in seconds when the server sent it.
    RateLimited {
        retry_after_secs: Option<u32>,
    },
    /// 5xx.
    Server {
        status: u16,
    },
    /// A status or body that the contract does not allow.
    UnexpectedAnswer {
        detail: String,
    },
}

/// Laravel's error body: `{"message": "...", "errors": {"field": ["..."]}}`.
#[derive(Deserialize, Default)]
struct LaravelError {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    errors: BTreeMap<String, Vec<String>>,
}

impl ApiError {
    /// Classifies a non-2xx answer. The body is untrusted: anything that is not
    /// Laravel's shape still yields a usable error.
    pub fn from_response(status: u16, retry_after: Option<&str>, body: &str) -> ApiError {
        let parsed = || crate::json::from_text::<LaravelError>(body).unwrap_or_default();
        match status {
            401 => ApiError::Unauthorized,
            403 => ApiError::Forbidden {
                message: parsed().message.filter(|m| !m.trim().is_empty()),
            },
            404 => ApiError::NotFound,
            422 => {
                let LaravelError { message, errors } = parsed();
                ApiError::Validation {
                    message: message.unwrap_or_default(),
                    errors,
                }
            }
            429 => ApiError::RateLimited {
                retry_after_secs: retry_after.and_then(|v| v.trim().parse().ok()),
            },
            500..=599 => ApiError::Server { status },
            _ => ApiError::UnexpectedAnswer {
                detail: format!("HTTP {status}"),
            },
        }
    }

    /// The first validation message for one field of a 422, if any.
    pub fn field_error(&self, field: &str) -> Option<&str> {
        match self {
            ApiError::Validation { errors, .. } => errors
                .get(field)
                .and_then(|messages| messages.first())
                .map(String::as_str),
            _ => None,
        }
    }

    /// A sentence for the admin, in their language.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            ApiError::Network => t(locale, Text::ErrorNetwork).into(),
            ApiError::Unauthorized => t(locale, Text::LoginSessionExpired).into(),
            ApiError::Forbidden { .. } => t(locale, Text::ErrorForbidden).into(),
            ApiError::NotFound => t(locale, Text::ErrorNotFound).into(),
            ApiError::Validation { message, errors } => {
                let detail = errors
                    .values()
                    .flatten()
                    .next()
                    .cloned()
                    .unwrap_or_else(|| message.clone());
                fill(t(locale, Text::ErrorValidation), &[("detail", &detail)])
            }
            ApiError::RateLimited {
                retry_after_secs: Some(secs),
            } => fill(
                t(locale, Text::ErrorRateLimited),
                &[("seconds", &secs.to_string())],
            ),
            ApiError::RateLimited {
                retry_after_secs: None,
            } => t(locale, Text::ErrorRateLimitedNoDelay).into(),
            ApiError::Server { status } => fill(
                t(locale, Text::ErrorServer),
                &[("status", &status.to_string())],
            ),
            // The detail is for whoever runs the backend: what was expected.
            ApiError::UnexpectedAnswer { detail } => fill(
                t(locale, Text::ErrorUnexpectedAnswer),
                &[("detail", detail)],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_their_cases() {
        assert_eq!(
            ApiError::from_response(401, None, ""),
            ApiError::Unauthorized
        );
        assert_eq!(
            ApiError::from_response(404, None, "<html>"),
            ApiError::NotFound
        );
        assert_eq!(
            ApiError::from_response(503, None, ""),
            ApiError::Server { status: 503 }
        );
        assert_eq!(
            ApiError::from_response(418, None, ""),
            ApiError::UnexpectedAnswer {
                detail: "HTTP 418".into()
            }
        );
    }

    #[test]
    fn laravel_validation_body_is_read() {
        let err = ApiError::from_response(
            422,
            None,
            r#"{"message":"These credentials do not match our records.","errors":{"email":["These credentials do not match our records."]}}"#,
        );
        let ApiError::Validation { message, errors } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(message, "These credentials do not match our records.");
        assert_eq!(errors["email"].len(), 1);
        assert_eq!(
            err.field_error("email"),
            Some("These credentials do not match our records.")
        );
        assert_eq!(err.field_error("password"), None);
        assert_eq!(ApiError::NotFound.field_error("email"), None);
        assert!(err
            .message(Locale::En)
            .ends_with("These credentials do not match our records."));
    }

    #[test]
    fn hostile_or_odd_bodies_never_fail_classification() {
        for body in [
            "",
            "null",
            "[]",
            "{\"message\":5}",
            "<script>",
            "{\"errors\":\"x\"}",
        ] {
            let err = ApiError::from_response(422, None, body);
            assert!(matches!(err, ApiError::Validation { .. }), "{body}");
            let _ = err.message(Locale::Es);
            let err = ApiError::from_response(403, None, body);
            assert!(matches!(err, ApiError::Forbidden { .. }), "{body}");
        }
    }

    #[test]
    fn retry_after_is_honoured_when_numeric() {
        assert_eq!(
            ApiError::from_response(429, Some(" 7 "), ""),
            ApiError::RateLimited {
                retry_after_secs: Some(7)
            }
        );
        assert_eq!(
            ApiError::from_response(429, Some("Wed, 21 Oct 2015 07:28:00 GMT"), ""),
            ApiError::RateLimited {
                retry_after_secs: None
            }
        );
        assert!(ApiError::RateLimited {
            retry_after_secs: Some(7)
        }
        .message(Locale::Es)
        .contains("7 s"));
    }
}
