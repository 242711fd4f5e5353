//! The state every route shares, and the parts of it that routes take on
//! their own (`FromRef`, as in axum's examples): the Pusher server's routes
//! take only `Arc<Realtime>`, so `pusher` knows nothing of the REST API.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::FromRef;

use crate::channels::ChannelNames;
use crate::cli::{Breaks, Contract};
use crate::db::tickets::View;
use crate::db::Db;
use crate::faults::Faults;
use crate::pusher::{AppCredentials, Realtime};

#[derive(Clone)]
pub struct AppState {
    pub db: Arc<Db>,
    pub app: Arc<AppCredentials>,
    pub realtime: Arc<Realtime>,
    pub faults: Arc<Faults>,
    pub channels: Arc<ChannelNames>,
    pub uploads: Arc<PathBuf>,
    /// `v1` hides the v2 additions: their routes, `Idempotency-Key`, the
    /// `customer_id` filter, `private-admin.{id}`, notes and `type`.
    pub contract: Contract,
    /// Deliberate contract violations (`--break`).
    pub breaks: Breaks,
    pub paginator: crate::http::paginators::Paginator,
    /// Failed sign-ins, per e-mail and address.
    pub sign_in_throttle: Arc<crate::http::throttle::SignInThrottle>,
    /// Where the panel's WebSocket goes when broadcasts go to an external
    /// Pusher server (`--broadcast-to`); None for this server's own.
    pub ws_public: Option<(String, u16)>,
    /// Who is on which ticket (contract v2 `viewers`).
    pub viewers: Arc<std::sync::Mutex<crate::viewers::Viewers>>,
}

impl FromRef<AppState> for Arc<Realtime> {
    fn from_ref(state: &AppState) -> Self {
        Arc::clone(&state.realtime)
    }
}

impl AppState {
    /// How admins see a thread: notes and `type` under contract v2 only (a
    /// v1 panel would take a note for a reply the customer saw).
    pub fn admin_view(&self) -> View {
        let v2 = self.contract.has_workspace();
        View {
            notes: v2,
            typed: v2,
        }
    }

    /// Whether admins' ticket summaries carry v3's `priority`, `tags` and
    /// `snoozed_until`.
    pub fn admin_triage(&self) -> bool {
        self.contract.has_triage()
    }

    /// Whether customers' ticket summaries carry them: never, but under
    /// `--break priority-to-customer` or `merge-leaks-to-customer`.
    pub fn customer_triage(&self) -> bool {
        self.breaks.priority_to_customer || self.breaks.merge_leaks_to_customer
    }

    /// How customers see a thread: never a note.
    pub fn customer_view(&self) -> View {
        View {
            notes: false,
            typed: self.contract.has_workspace(),
        }
    }
}
