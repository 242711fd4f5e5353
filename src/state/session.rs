//! Who is signed in, where the token is kept, and where to go after signing in.
//!
//! "Remember me" keeps the token in `localStorage` (survives a browser
//! restart); otherwise it lives in `sessionStorage` and dies with the tab.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::types::Admin;
use crate::browser::storage::{self, Area};

const STORAGE_KEY: &str = "mesa.session";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    pub admin: Admin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    /// Until the tab closes.
    Tab,
    /// Across browser restarts ("remember me").
    Device,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionState {
    SignedOut,
    /// The backend rejected the token (a 401); the login page says so.
    Expired,
    SignedIn(Session),
}

impl Session {
    /// Reads what an earlier visit stored. Storage is user-editable, so anything
    /// malformed counts as signed out rather than as an error.
    pub fn from_stored(text: &str) -> Option<Session> {
        serde_json::from_str::<Session>(text)
            .ok()
            .filter(|s| !s.token.trim().is_empty())
    }

    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The login page's address that brings the admin back to `current` afterwards.
pub fn login_path(current: &str) -> String {
    let next = safe_next(Some(current));
    if next == "/" {
        "/login".to_string()
    } else {
        format!("/login?next={}", crate::query::encode(&next))
    }
}

/// Where to go after signing in. Only same-origin paths are followed, so a
/// crafted link cannot bounce an admin to another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(char::is_control)
                && path != "/login"
                && !path.starts_with("/login?") =>
        {
            path.to_string()
        }
        _ => "/".to_string(),
    }
}

/// The reactive session, shared through context. Copy, like a signal.
#[derive(Clone, Copy)]
pub struct SessionStore {
    state: RwSignal<SessionState>,
}

impl SessionStore {
    /// Restores a session stored by an earlier visit, preferring the
    /// remembered one.
    pub fn restore() -> Self {
        let stored = [Area::Local, Area::Session].into_iter().find_map(|area| {
            storage::get(area, STORAGE_KEY).and_then(|t| Session::from_stored(&t))
        });
        Self::with_state(match stored {
            Some(session) => SessionState::SignedIn(session),
            None => SessionState::SignedOut,
        })
    }

    pub fn with_state(state: SessionState) -> Self {
        Self {
            state: RwSignal::new(state),
        }
    }

    pub fn state(&self) -> SessionState {
        self.state.get()
    }

    pub fn admin(&self) -> Option<Admin> {
        self.state.with(|s| match s {
            SessionState::SignedIn(session) => Some(session.admin.clone()),
            _ => None,
        })
    }

    pub fn is_signed_in(&self) -> bool {
        self.state.with(|s| matches!(s, SessionState::SignedIn(_)))
    }

    /// The bearer token, read without subscribing: requests are not reactive.
    pub fn token(&self) -> Option<String> {
        self.state.with_untracked(|s| match s {
            SessionState::SignedIn(session) => Some(session.token.clone()),
            _ => None,
        })
    }

    pub fn sign_in(&self, session: Session, persistence: Persistence) {
        let (keep, drop) = match persistence {
            Persistence::Device => (Area::Local, Area::Session),
            Persistence::Tab => (Area::Session, Area::Local),
        };
        storage::remove(drop, STORAGE_KEY);
        storage::set(keep, STORAGE_KEY, &session.to_stored());
        self.state.set(SessionState::SignedIn(session));
    }

    /// Refreshes the admin's profile without touching where the token is kept.
    pub fn update_admin(&self, admin: Admin) {
        self.state.update(|s| {
            if let SessionState::SignedIn(session) = s {
                session.admin = admin;
            }
        });
    }

    pub fn sign_out(&self) {
        self.forget(SessionState::SignedOut);
    }

    /// The backend rejected the token.
    pub fn expire(&self) {
        if self
            .state
            .with_untracked(|s| matches!(s, SessionState::SignedIn(_)))
        {
            self.forget(SessionState::Expired);
        }
    }

    fn forget(&self, next: SessionState) {
        storage::remove(Area::Local, STORAGE_KEY);
        storage::remove(Area::Session, STORAGE_KEY);
        self.state.set(next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_session_round_trips() {
        let session = Session {
            token: "1|abc".into(),
            admin: Admin {
                id: 1,
                name: "Carlos".into(),
                email: "carlos@mesa.test".into(),
            },
        };
        assert_eq!(Session::from_stored(&session.to_stored()), Some(session));
    }

    #[test]
    fn malformed_storage_means_signed_out() {
        for text in [
            "",
            "null",
            "{}",
            "{\"token\":\"\",\"admin\":{\"id\":1,\"name\":\"x\"}}",
            "garbage",
        ] {
            assert_eq!(Session::from_stored(text), None, "{text}");
        }
    }

    #[test]
    fn login_path_carries_where_the_admin_was() {
        assert_eq!(login_path("/"), "/login");
        assert_eq!(login_path("/tickets/42"), "/login?next=/tickets/42");
        assert_eq!(
            login_path("/?status=open&q=Ana López"),
            "/login?next=/%3Fstatus%3Dopen%26q%3DAna%20L%C3%B3pez"
        );
        assert_eq!(login_path("/login?next=/x"), "/login");
    }

    #[test]
    fn next_only_follows_same_origin_paths() {
        assert_eq!(safe_next(Some("/tickets/42?x=1")), "/tickets/42?x=1");
        for hostile in [
            "//evil.example/",
            "/\\evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "tickets/1",
            "/login",
            "/a\nb",
        ] {
            assert_eq!(safe_next(Some(hostile)), "/", "{hostile}");
        }
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn expiry_only_applies_to_a_live_session() {
        let owner = Owner::new();
        owner.with(|| {
            let store = SessionStore::with_state(SessionState::SignedOut);
            store.expire();
            assert_eq!(store.state(), SessionState::SignedOut);
        });
    }
}
