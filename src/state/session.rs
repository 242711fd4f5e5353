//! Who is signed in, where the token is kept, and where to go after signing in.
//!
//! "Remember me" keeps the token in `localStorage` (survives a browser
//! restart); otherwise it lives in `sessionStorage` and dies with the tab.
//!
//! One browser is often shared by several admins, so signing out (or in as
//! someone else) in one tab signs out every other tab at once, and what an
//! admin leaves on the device (unsent replies, drafts) is theirs alone.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::types::Admin;
use crate::browser::storage::{self, Area};
use crate::state::drafts::Drafts;
use crate::state::outbox;

const STORAGE_KEY: &str = "mesa.session";
/// Written on every sign-in and sign-out so the other tabs hear of it.
const AUTH_EVENT_KEY: &str = "mesa.auth-event";

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

/// What one tab tells the others: who signed in, or that nobody is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuthEvent {
    pub signed_in: Option<u64>,
    /// The admin who signed out choosing to discard what they left: every
    /// tab clears that admin's drafts and unsent replies from its own
    /// `sessionStorage`, which no other tab can reach.
    #[serde(default)]
    pub discarded: Option<u64>,
    /// Makes each event a change, even when it repeats the last one.
    pub nonce: f64,
}

impl AuthEvent {
    /// Whether a tab signed in as `mine` must sign out on hearing this: a
    /// sign-out anywhere ends every tab; a sign-in ends the tabs of anyone else.
    pub fn ends(&self, mine: Option<u64>) -> bool {
        match (mine, self.signed_in) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(me), Some(them)) => me != them,
        }
    }
}

/// What to do with the replies and drafts an admin leaves on the device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeftBehind {
    /// Kept for this admin's next sign-in on this device.
    Keep,
    Discard,
}

impl Session {
    /// Reads what an earlier visit stored. Storage is user-editable, so anything
    /// malformed counts as signed out rather than as an error.
    pub fn from_stored(text: &str) -> Option<Session> {
        crate::json::from_text::<Session>(text)
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
    persistence: RwSignal<Persistence>,
    /// The server could not be told to revoke the last token.
    revoke_failed: RwSignal<bool>,
}

impl SessionStore {
    /// Restores a session stored by an earlier visit, preferring the
    /// remembered one.
    pub fn restore() -> Self {
        let stored = [Area::Local, Area::Session].into_iter().find_map(|area| {
            storage::get(area, STORAGE_KEY)
                .and_then(|t| Session::from_stored(&t))
                .map(|s| (s, area))
        });
        let store = Self::with_state(match &stored {
            Some((session, _)) => SessionState::SignedIn(session.clone()),
            None => SessionState::SignedOut,
        });
        if let Some((_, Area::Local)) = stored {
            store.persistence.set(Persistence::Device);
        }
        store
    }

    pub fn with_state(state: SessionState) -> Self {
        Self {
            state: RwSignal::new(state),
            persistence: RwSignal::new(Persistence::Tab),
            revoke_failed: RwSignal::new(false),
        }
    }

    /// Signs this tab out when another tab signs out, or in as someone else,
    /// handing this tab's own token to `revoke` first (each tab signed in
    /// for itself holds a token of its own, which must not stay valid on
    /// the server); clears what an admin discarded. Call once per page.
    pub fn follow_other_tabs(&self, revoke: impl Fn(String) + 'static) {
        let store = *self;
        storage::on_change_elsewhere(move |key, value| {
            if key != AUTH_EVENT_KEY {
                return;
            }
            let Some(event) = value.and_then(|v| crate::json::from_text::<AuthEvent>(&v).ok())
            else {
                return;
            };
            if let Some(admin_id) = event.discarded {
                outbox::update_everywhere(|o| o.remove_admin(admin_id));
                Drafts::remove_all(admin_id);
            }
            if event.ends(store.admin_id_untracked()) {
                if let Some(token) = store.token() {
                    revoke(token);
                }
                // The other tab already decided what stays on the device and
                // cleared `localStorage`; this tab's own copy goes here.
                storage::remove(Area::Session, STORAGE_KEY);
                crate::browser::alerts::close_notifications();
                store.state.set(SessionState::SignedOut);
            }
        });
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

    pub fn admin_id_untracked(&self) -> Option<u64> {
        self.state.with_untracked(|s| match s {
            SessionState::SignedIn(session) => Some(session.admin.id),
            _ => None,
        })
    }

    /// Where what the admin writes is kept (drafts, unsent replies): with
    /// the session, so it lasts exactly as long as the sign-in does.
    pub fn area(&self) -> Area {
        match self.persistence.get_untracked() {
            Persistence::Device => Area::Local,
            Persistence::Tab => Area::Session,
        }
    }

    /// Where the signed-in admin's drafts are kept.
    pub fn drafts(&self) -> Option<Drafts> {
        let area = self.area();
        self.admin_id_untracked()
            .map(|admin_id| Drafts { admin_id, area })
    }

    /// How many unsent replies and drafts the signed-in admin would leave behind.
    pub fn left_behind(&self) -> (usize, usize) {
        match self.admin_id_untracked() {
            Some(id) => (
                outbox::stored_everywhere().of_admin(id).count(),
                Drafts::count(id),
            ),
            None => (0, 0),
        }
    }

    pub fn revoke_failed(&self) -> bool {
        self.revoke_failed.get()
    }

    pub fn set_revoke_failed(&self, failed: bool) {
        self.revoke_failed.set(failed);
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
        tell_other_tabs(Some(session.admin.id), None);
        self.persistence.set(persistence);
        self.revoke_failed.set(false);
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

    /// Signs out here and in every other tab, keeping or discarding what the
    /// admin leaves on the device.
    pub fn sign_out(&self, left_behind: LeftBehind) {
        let discarded = match left_behind {
            LeftBehind::Discard => self.admin_id_untracked(),
            LeftBehind::Keep => None,
        };
        if let Some(admin_id) = discarded {
            outbox::update_everywhere(|o| o.remove_admin(admin_id));
            Drafts::remove_all(admin_id);
        }
        tell_other_tabs(None, discarded);
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
        // Notifications quote customers: they go with the admin.
        crate::browser::alerts::close_notifications();
        self.state.set(next);
    }
}

fn tell_other_tabs(signed_in: Option<u64>, discarded: Option<u64>) {
    let event = AuthEvent {
        signed_in,
        discarded,
        nonce: crate::browser::now_ms() + js_random(),
    };
    if let Ok(text) = serde_json::to_string(&event) {
        storage::set(Area::Local, AUTH_EVENT_KEY, &text);
    }
}

fn js_random() -> f64 {
    if crate::browser::window().is_some() {
        js_sys::Math::random()
    } else {
        0.0
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
    fn an_event_of_an_older_tab_reads_as_discarding_nothing() {
        let event: AuthEvent = crate::json::from_text(r#"{"signed_in":null,"nonce":1.5}"#).unwrap();
        assert_eq!(event.discarded, None);
        assert!(event.ends(Some(3)));
    }

    #[test]
    fn a_sign_out_ends_every_tab_and_a_sign_in_ends_everyone_elses() {
        let signed_out = AuthEvent {
            signed_in: None,
            discarded: None,
            nonce: 1.0,
        };
        let lucia_in = AuthEvent {
            signed_in: Some(3),
            discarded: None,
            nonce: 2.0,
        };
        assert!(signed_out.ends(Some(3)));
        assert!(!signed_out.ends(None));
        assert!(
            lucia_in.ends(Some(4)),
            "Diego's tab ends when Lucía signs in"
        );
        assert!(!lucia_in.ends(Some(3)), "Lucía's other tabs stay");
        assert!(!lucia_in.ends(None));
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
