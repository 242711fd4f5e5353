//! Mesa on real Laravel: `integrations/laravel/` (Debian's Laravel 8 under
//! `php -S`), with sockudo as its Pusher server when one is installed.
//! `cargo xtask laravel` serves the panel on it; `laravel_conformance()`
//! runs the contract checker against a throwaway instance.

use std::fs::{self, File};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::command::{cmd, root, run, Result};
use crate::services::{
    self, free_port, is_listening, sockudo_path, Service, APP_ID, APP_KEY, APP_SECRET,
};

/// The Pusher app the Laravel app and sockudo share (demo values).
/// A fixed demo `APP_KEY` (it signs attachment URLs): nothing secret runs here.
const DEMO_APP_KEY: &str = "base64:ZGVtby1rZXktZm9yLW1lc2EtbG9jYWwtcnVucy0zMmI=";

const PACKAGES: [&str; 4] = [
    "php-cli",
    "php-laravel-framework",
    "php-sqlite3",
    "php-guzzlehttp-guzzle",
];

const USAGE: &str = "cargo xtask laravel [--port P] [--pusher-port P]";

/// `cargo xtask laravel`: a fresh demo desk on Laravel, the panel with it,
/// until Ctrl-C.
pub fn laravel(args: &[String]) -> Result {
    let (mut port, mut pusher_port) = (8000, 6001);
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut number = |name: &str| -> Result<u16> {
            args.next()
                .and_then(|v| v.parse().ok())
                .filter(|p| *p > 0)
                .ok_or_else(|| format!("{name} needs a port number\n\n{USAGE}"))
        };
        match flag.as_str() {
            "--port" => port = number("--port")?,
            "--pusher-port" => pusher_port = number("--pusher-port")?,
            other => return Err(format!("unknown option {other:?}\n\n{USAGE}")),
        }
    }
    ensure_php()?;
    if is_listening(port) {
        return Err(format!("port {port} is taken; choose another with --port"));
    }

    let app = app_dir();
    let settings = Settings {
        port,
        pusher_port,
        db: app.join("database/database.sqlite"),
        storage: None,
    };
    fs::write(app.join(".env"), settings.dotenv())
        .map_err(|e| format!("cannot write {}: {e}", app.join(".env").display()))?;
    migrate_and_seed(&settings)?;

    let _sockudo = match pusher_server(pusher_port, &log_dir())? {
        PusherServer::Started(service) => Some(service),
        PusherServer::AlreadyThere => {
            println!("Using the Pusher server already listening on port {pusher_port}.");
            None
        }
        PusherServer::Missing => {
            println!(
                "No sockudo at {} and nothing on port {pusher_port}: the app runs without a \
                 Pusher server. Broadcasts are logged (storage/logs/laravel.log) and the panel \
                 refreshes by polling. `cargo install sockudo` adds one.",
                sockudo_path().display()
            );
            None
        }
    };
    write_panel_headers(&settings)?;
    let mut app = serve(&settings, &log_dir(), false)?;
    if !root().join("dist/index.html").exists() {
        println!(
            "\nThe panel is not built (no dist/): run `cargo xtask dev` or `cargo xtask size` \
             once; the API works meanwhile."
        );
    }
    println!(
        "\nMesa on Laravel: http://127.0.0.1:{port}/\n  \
         sign in as admin@mesa.test (or carlos@mesa.test…) with password `password`\n  \
         customers: cliente1@mesa.test … cliente40@mesa.test, same password \
         (POST /api/v1/auth/login)\n  \
         Pusher server: ws://127.0.0.1:{pusher_port} (app {APP_ID}, key {APP_KEY})\n  \
         PHP's log: {}; the scheduler's (snoozes, viewers): {}\nCtrl-C stops it.",
        log_dir().join("laravel-php.log").display(),
        log_dir().join("laravel-scheduler.log").display()
    );
    let status = app.php.wait().map_err(|e| format!("php -S: {e}"))?;
    Err(format!("php -S stopped ({status})"))
}

/// What `--no-websocket` leaves unchecked, and only that: every other
/// clause must still be checked for the run to pass.
const WEBSOCKET_CLAUSES: [&str; 16] = [
    "websocket connection",
    "subscribe *",
    "ticket.created *",
    "message.sent *",
    "ticket.status.changed *",
    "v2 notes: note.added *",
    "v2 notes: never broadcast *",
    "v2 mentions: mention.created",
    "v3 viewers: PUT viewing → ticket.viewers *",
    "v3 viewers: DELETE viewing → ticket.viewers *",
    "v3 priority: ticket.updated *",
    "v3 snooze: the customer's message wakes it *",
    "v3 snooze: its time passing wakes it *",
    "v3 privacy: no customer channel *",
    "v3 sla: message.sent on private-support.admin *",
    "v3 merge: ticket.merged *",
];

/// Starts the Laravel app on a free port with a fresh demo desk (and
/// sockudo on `pusher_port` if given, for the WebSocket clauses), runs the
/// conformance checker against it, and stops both. Err if any clause
/// fails. Without a Pusher port the WebSocket clauses are skipped (and
/// only those may be: `WEBSOCKET_CLAUSES`).
///
/// `and_then(port)` runs while the app (on `port`) and sockudo are still up,
/// for the journeys of the panel against them.
pub fn laravel_conformance(
    pusher_port: Option<u16>,
    and_then: impl FnOnce(u16) -> Result,
) -> Result {
    conformance_with(pusher_port, true, and_then)
}

/// The same, publishing through a Pusher server already running on
/// `pusher_port` (a node of the cluster) instead of a sockudo of its own.
pub fn laravel_conformance_on_running_pusher(
    pusher_port: u16,
    and_then: impl FnOnce(u16) -> Result,
) -> Result {
    conformance_with(Some(pusher_port), false, and_then)
}

fn conformance_with(
    pusher_port: Option<u16>,
    start_sockudo: bool,
    and_then: impl FnOnce(u16) -> Result,
) -> Result {
    ensure_php()?;
    let work = root().join("target/laravel-conformance");
    let _ = fs::remove_dir_all(&work);
    let settings = Settings {
        port: free_port()?,
        pusher_port: pusher_port.unwrap_or(6001),
        db: work.join("database.sqlite"),
        storage: Some(work.join("storage")),
    };
    migrate_and_seed(&settings)?;
    let _sockudo = match pusher_port {
        None => None,
        Some(_) if !start_sockudo => None,
        Some(port) => match pusher_server(port, &work)? {
            PusherServer::Started(service) => Some(service),
            PusherServer::AlreadyThere => {
                return Err(format!(
                    "port {port} is taken; pass a free port for sockudo"
                ))
            }
            PusherServer::Missing => {
                return Err(format!(
                    "sockudo is not installed at {}",
                    sockudo_path().display()
                ))
            }
        },
    };
    write_panel_headers(&settings)?;
    let _php = serve(&settings, &work, true)?;
    let mut checker = cmd("cargo");
    checker
        .args(["run", "--quiet", "-p", "conformance", "--"])
        .args(["--api", &format!("http://127.0.0.1:{}", settings.port)])
        .args(["--admin", "admin@mesa.test", "--password", "password"])
        .args([
            "--admin2",
            "carlos@mesa.test",
            "--admin2-password",
            "password",
        ])
        .args(["--customer", "cliente1@mesa.test"])
        .args(["--secret", APP_SECRET]);
    match pusher_port {
        Some(port) => {
            checker
                .args(["--ws-host", "127.0.0.1", "--ws-port", &port.to_string()])
                .args(["--key", APP_KEY]);
        }
        None => {
            checker.arg("--no-websocket");
            for clause in WEBSOCKET_CLAUSES {
                checker.args(["--allow-skip-clause", clause]);
            }
        }
    }
    run(&mut checker).map_err(|e| {
        format!(
            "{e}: the Laravel app fails the contract; its logs are in {}",
            work.display()
        )
    })?;
    and_then(settings.port)
}

/// The panel's headers for this app, from the generator `cargo xtask dist`
/// uses (CSP with the built loader's hash, `frame-ancestors`, `nosniff`,
/// `Referrer-Policy`), as a JSON object that `PanelController` sends with
/// every file. Nothing to write while the panel is not built.
fn write_panel_headers(settings: &Settings) -> Result {
    let path = settings.panel_headers();
    let dist = root().join("dist");
    let Ok(index) = fs::read_to_string(dist.join("index.html")) else {
        let _ = fs::remove_file(&path);
        return Ok(());
    };
    // What PanelController::config() answers, for connect-src.
    let config = serde_json::json!({
        "api_url": "",
        "auth_endpoint": "/api/v1/broadcasting/auth",
        "ws_host": "127.0.0.1",
        "ws_port": settings.pusher_port,
        "ws_scheme": "ws",
    });
    let names = fs::read_dir(&dist)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned());
    let facts = serving::headers::Facts::of_build("/", &index, &config, names)?;
    let headers: serde_json::Map<String, serde_json::Value> = facts
        .common_headers()
        .into_iter()
        .map(|(name, value)| (name.to_string(), value.into()))
        .collect();
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    fs::write(&path, serde_json::Value::Object(headers).to_string())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// One instance's settings, as Laravel reads them from the environment.
struct Settings {
    port: u16,
    pusher_port: u16,
    db: PathBuf,
    /// Its own storage (cache, uploads, logs); None: the app's storage/.
    storage: Option<PathBuf>,
}

impl Settings {
    fn panel_headers(&self) -> PathBuf {
        self.storage
            .clone()
            .unwrap_or_else(|| app_dir().join("storage"))
            .join("panel-headers.json")
    }

    fn vars(&self) -> Vec<(&'static str, String)> {
        let mut vars = vec![
            ("APP_ENV", "local".to_string()),
            ("APP_KEY", DEMO_APP_KEY.to_string()),
            ("APP_DEBUG", "false".to_string()),
            ("APP_URL", format!("http://127.0.0.1:{}", self.port)),
            ("DB_CONNECTION", "sqlite".to_string()),
            ("DB_DATABASE", self.db.display().to_string()),
            ("QUEUE_CONNECTION", "sync".to_string()),
            ("CACHE_DRIVER", "file".to_string()),
            ("LOG_CHANNEL", "single".to_string()),
            // The demo desk's passwords are hashed at cost 4 (DemoDeskSeeder);
            // at the same cost, the sign-in's check of an unknown email takes
            // as long as a wrong password.
            ("BCRYPT_ROUNDS", "4".to_string()),
            ("BROADCAST_DRIVER", "pusher".to_string()),
            ("PUSHER_APP_ID", APP_ID.to_string()),
            ("PUSHER_APP_KEY", APP_KEY.to_string()),
            ("PUSHER_APP_SECRET", APP_SECRET.to_string()),
            ("PUSHER_HOST", "127.0.0.1".to_string()),
            ("PUSHER_PORT", self.pusher_port.to_string()),
            ("PUSHER_SCHEME", "http".to_string()),
            ("MESA_PANEL_DIR", root().join("dist").display().to_string()),
            (
                "MESA_PANEL_HEADERS",
                self.panel_headers().display().to_string(),
            ),
        ];
        if let Some(storage) = &self.storage {
            vars.push(("LARAVEL_STORAGE_PATH", storage.display().to_string()));
        }
        vars
    }

    /// The same settings as a `.env` file, for `php artisan` by hand.
    fn dotenv(&self) -> String {
        let mut text = String::from("# Written by `cargo xtask laravel`; demo values only.\n");
        for (name, value) in self.vars() {
            text.push_str(&format!("{name}={value}\n"));
        }
        text
    }

    /// A command in the app's directory with these settings in its
    /// environment (they win over any .env: Laravel never overwrites them).
    fn php(&self) -> Command {
        let mut command = cmd("php");
        command.current_dir(app_dir()).envs(self.vars());
        command
    }
}

fn app_dir() -> PathBuf {
    root().join("integrations/laravel")
}

fn log_dir() -> PathBuf {
    root().join("target/laravel")
}

/// PHP and Debian's Laravel 8, installed when missing.
fn ensure_php() -> Result {
    let ready = || {
        Command::new("php")
            .args([
                "-r",
                "require '/usr/share/php/Illuminate/autoload.php'; \
                 require '/usr/share/php/GuzzleHttp/autoload.php'; \
                 exit(extension_loaded('pdo_sqlite') ? 0 : 1);",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if ready() {
        return Ok(());
    }
    crate::tools::apt_install(&PACKAGES)?;
    if ready() {
        Ok(())
    } else {
        Err("PHP cannot load Debian's Laravel even after installing it".into())
    }
}

/// A fresh database with the demo desk; and the storage directories Laravel
/// writes to, when the instance has its own.
fn migrate_and_seed(settings: &Settings) -> Result {
    if let Some(dir) = settings.db.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let _ = fs::remove_file(&settings.db);
    File::create(&settings.db)
        .map_err(|e| format!("cannot create {}: {e}", settings.db.display()))?;
    if let Some(storage) = &settings.storage {
        for dir in ["app/attachments", "framework/cache/data", "logs"] {
            let dir = storage.join(dir);
            fs::create_dir_all(&dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
    }
    run(settings.php().args([
        "artisan",
        "migrate",
        "--seed",
        "--force",
        "--no-interaction",
    ]))
}

/// The app as it runs: the web server and Laravel's scheduler beside it.
struct App {
    php: Service,
    /// `php artisan schedule:work`: contract v3's snoozes wake on time (and
    /// v2's viewers expire) with no request coming. Dropped with `php`.
    _scheduler: Service,
}

/// `php -S` on the settings' port, every request through public/index.php;
/// four workers, so the panel's parallel requests and a long upload do not
/// queue behind each other. Returns once `/healthz` answers, with the
/// scheduler started: in `php -S`'s own process group when `group`, so
/// stopping the group stops both, else in ours (a Ctrl-C stops both).
fn serve(settings: &Settings, logs: &Path, group: bool) -> Result<App> {
    let log = logs.join("laravel-php.log");
    let mut php = Service::spawn(
        settings
            .php()
            .env("PHP_CLI_SERVER_WORKERS", "4")
            // Five 10 MB attachments and the form around them.
            .args(["-d", "upload_max_filesize=10M", "-d", "post_max_size=60M"])
            .args(["-S", &format!("127.0.0.1:{}", settings.port)])
            .args(["-t", "public", "public/index.php"]),
        &log,
        group,
    )?;
    php.wait_until_ready(settings.port, "/healthz")?;

    let mut scheduler = settings.php();
    scheduler.args(["artisan", "schedule:work", "--no-interaction"]);
    if group {
        // Joins the web server's group: its Drop stops the whole group.
        scheduler.process_group(php.pid() as i32);
    }
    let scheduler = Service::spawn(&mut scheduler, &logs.join("laravel-scheduler.log"), false)?;
    Ok(App {
        php,
        _scheduler: scheduler,
    })
}

enum PusherServer {
    Started(Service),
    AlreadyThere,
    Missing,
}

/// sockudo on `port`, unless something already listens there or sockudo is missing.
fn pusher_server(port: u16, dir: &Path) -> Result<PusherServer> {
    if is_listening(port) {
        return Ok(PusherServer::AlreadyThere);
    }
    if !sockudo_path().exists() {
        return Ok(PusherServer::Missing);
    }
    services::sockudo(port, dir).map(PusherServer::Started)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/laravel.md shows only code the app runs: each ```php block
    /// starts with `// path` and its lines appear, in order, in that file.
    #[test]
    fn every_guide_snippet_is_in_the_app() {
        let guide = fs::read_to_string(root().join("docs/laravel.md")).expect("the guide");
        let mut blocks = 0;
        for block in guide.split("```php\n").skip(1) {
            let block = block.split("\n```").next().expect("a closed block");
            let mut lines = block.lines();
            let path = lines
                .next()
                .and_then(|l| l.strip_prefix("// "))
                .unwrap_or_else(|| panic!("a snippet without `// path`: {block:.80}"));
            let file = fs::read_to_string(app_dir().join(path))
                .unwrap_or_else(|e| panic!("{path} (named in the guide): {e}"));
            let mut source = file.lines().map(str::trim);
            for line in lines.map(str::trim).filter(|l| !l.is_empty()) {
                assert!(
                    source.any(|s| s == line),
                    "docs/laravel.md shows a line that {path} does not have (in that order): {line}"
                );
            }
            blocks += 1;
        }
        assert!(blocks > 20, "only {blocks} PHP snippets found in the guide");
    }
}
