//! Signing in: the form's fields checked here, the credentials by the API;
//! the session kept for the tab, or on the device when the admin asks.

use leptos::prelude::*;

use crate::api::{ApiClient, ApiError};
use crate::i18n::{t, Locale, Text};
use crate::state::session::{Persistence, Session, SessionStore};

/// Why a sign-in did not happen.
#[derive(Clone, Debug, PartialEq)]
pub enum SignInError {
    /// An empty email or password: nothing was sent.
    FieldsMissing,
    /// The API refused this email and password.
    BadCredentials,
    /// Any other answer, or none (unreachable, too many attempts, …).
    Api(ApiError),
}

impl SignInError {
    pub fn message(&self, locale: Locale) -> String {
        match self {
            Self::FieldsMissing => t(locale, Text::LoginFieldsRequired).into(),
            Self::BadCredentials => t(locale, Text::LoginBadCredentials).into(),
            Self::Api(error) => error.message(locale),
        }
    }
}

/// The sign-in form's state and its one operation.
#[derive(Clone, Copy)]
pub struct SignIn {
    pub email: RwSignal<String>,
    pub password: RwSignal<String>,
    /// Keep the session on this device, not just in this tab.
    pub remember: RwSignal<bool>,
    /// Why the last attempt failed; cleared by the next.
    pub error: RwSignal<Option<SignInError>>,
    /// An attempt is on its way.
    pub pending: Memo<bool>,
    attempt: Action<(String, String), ()>,
}

pub fn use_sign_in() -> SignIn {
    let api = expect_context::<ApiClient>();
    let session = expect_context::<SessionStore>();
    let password = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let error = RwSignal::new(None::<SignInError>);
    let attempt = Action::new_local(move |(email, secret): &(String, String)| {
        let (api, email, secret) = (api.clone(), email.clone(), secret.clone());
        async move {
            match api.login(&email, &secret).await {
                Ok(answer) => {
                    let persistence = if remember.try_get_untracked() == Some(true) {
                        Persistence::Device
                    } else {
                        Persistence::Tab
                    };
                    password.try_set(String::new());
                    let session_of = Session {
                        token: answer.token,
                        admin: answer.admin,
                    };
                    session.sign_in(session_of, persistence);
                }
                Err(ApiError::Validation { .. }) => {
                    error.try_set(Some(SignInError::BadCredentials));
                }
                Err(other) => {
                    error.try_set(Some(SignInError::Api(other)));
                }
            }
        }
    });
    SignIn {
        email: RwSignal::new(String::new()),
        password,
        remember,
        error,
        pending: attempt.pending(),
        attempt,
    }
}

impl SignIn {
    /// Signs in with what the form holds, unless an attempt is under way.
    pub fn submit(&self) {
        if self.pending.get_untracked() {
            return;
        }
        let email = self.email.get_untracked().trim().to_string();
        let secret = self.password.get_untracked();
        if email.is_empty() || secret.is_empty() {
            self.error.set(Some(SignInError::FieldsMissing));
            return;
        }
        self.error.set(None);
        self.attempt.dispatch_local((email, secret));
    }
}
