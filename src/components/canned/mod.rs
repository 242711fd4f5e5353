//! Canned replies in the composer: the `/` menu, its button, and the manager.

mod assist;
mod form;
mod manager;
mod menu;
mod row;

pub use assist::{Assist, LISTBOX_ID};
pub use manager::CannedManager;
pub use menu::{CannedMenu, CannedOpenButton};

use crate::api::ApiError;
use crate::i18n::{t, Locale, Text};

/// A failed change in the admin's language; another agent's reply gets a
/// sentence of its own rather than the generic "not allowed".
fn change_failed(error: &ApiError, locale: Locale) -> String {
    match error {
        ApiError::Forbidden { .. } => t(locale, Text::CannedForbidden).to_string(),
        other => other.message(locale),
    }
}
