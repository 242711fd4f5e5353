//! Mesa's reference backend: the contract's REST API on SQLite, standing in
//! for Laravel + Reverb in development, demos and tests.

pub mod app_state;
pub mod breaks;
pub mod broadcast_target;
pub mod channels;
pub mod cli;
pub mod clock;
pub mod db;
pub mod demo;
pub mod faults;
pub mod http;
pub mod pusher;
pub mod simulator;
pub mod viewers;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;

use app_state::AppState;
use channels::ChannelNames;
use cli::{Options, Seed};
use db::Db;
use faults::Faults;
use pusher::hub::Hub;
use pusher::publisher::Publisher;
use pusher::socket;
use pusher::{AppCredentials, Realtime};

/// A server bound to its port and ready to accept connections.
pub struct Server {
    pub addr: SocketAddr,
    listener: TcpListener,
    app: axum::Router,
}

impl Server {
    /// Opens the database, seeds it if asked and binds the port.
    pub async fn bind(options: &Options) -> Result<Server, String> {
        let db = Db::open(&options.db)
            .map_err(|e| format!("cannot open database {}: {e}", options.db.display()))?;
        if options.seed != Seed::None && db.is_empty().map_err(|e| e.to_string())? {
            let seeded = match options.seed {
                Seed::Large { tickets } => {
                    demo::seed_large(&mut db.conn(), &options.uploads, tickets)
                }
                _ => demo::seed(&mut db.conn(), &options.uploads),
            };
            seeded.map_err(|e| format!("cannot seed demo data: {e}"))?;
        }
        let app = Arc::new(AppCredentials {
            id: options.app_id.clone(),
            key: options.app_key.clone(),
            secret: options.app_secret.clone(),
        });
        let faults = Arc::new(Faults::default());
        let realtime = Arc::new(Realtime {
            hub: Hub::default(),
            app: Arc::clone(&app),
            activity_timeout: socket::activity_timeout(options.activity_timeout),
            faults: Arc::clone(&faults),
            publisher: options.broadcast_to.clone().map(Publisher::start),
            breaks: options.breaks,
        });
        let viewers = Arc::new(std::sync::Mutex::new(viewers::Viewers::default()));
        http::viewers::spawn_sweeper(Arc::downgrade(&viewers), Arc::clone(&realtime));
        let db = Arc::new(db);
        if options.contract.has_triage() && !options.breaks.snooze_never_wakes {
            http::triage::spawn_waker(Arc::downgrade(&db), Arc::clone(&realtime));
        }
        let state = AppState {
            db,
            viewers,
            app,
            realtime,
            faults,
            channels: Arc::new(ChannelNames),
            uploads: Arc::new(options.uploads.clone()),
            contract: options.contract,
            breaks: options.breaks,
            paginator: options.paginator,
            sign_in_throttle: Default::default(),
            ws_public: options
                .broadcast_to
                .as_ref()
                .map(|t| (t.host.clone(), t.port)),
        };
        let listener = TcpListener::bind(options.addr)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", options.addr))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        Ok(Server {
            addr,
            listener,
            app: http::router(
                state,
                &options.static_dir,
                options.dev_faults,
                &options.cors_origins,
            ),
        })
    }

    pub async fn run(self) -> std::io::Result<()> {
        let app = self
            .app
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(self.listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    }
}
