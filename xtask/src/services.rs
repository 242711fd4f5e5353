//! Servers that a test run starts itself: the dev server, and sockudo as a
//! Pusher server we did not write. Each is stopped when its guard is dropped,
//! whatever happened, and writes its output to `target/services/NAME.log`.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::command::{cmd, root, Result};

/// The Pusher app both sides share, as a Laravel `.env` and Reverb would.
pub const APP_ID: &str = "mesa";
pub const APP_KEY: &str = "mesa-key";
pub const APP_SECRET: &str = "mesa-secret";

/// How long a server may take to come up on this (slow, shared) machine.
const START_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Service {
    name: &'static str,
    child: Child,
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Service {
    fn spawn(name: &'static str, command: &mut std::process::Command) -> Result<Self> {
        let log = log_path(name);
        let out = File::create(&log).map_err(|e| format!("cannot write {}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let child = command
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot start {name}: {e}"))?;
        Ok(Self { name, child })
    }

    /// Waits until `GET path` on the port answers 200.
    fn wait_until_ready(&mut self, port: u16, path: &str) -> Result {
        let started = Instant::now();
        while started.elapsed() < START_TIMEOUT {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "{} stopped at start-up ({status}); see {}",
                    self.name,
                    log_path(self.name).display()
                ));
            }
            if http_status(port, path) == Some(200) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(format!(
            "{} did not answer on port {port} within {}s; see {}",
            self.name,
            START_TIMEOUT.as_secs(),
            log_path(self.name).display()
        ))
    }
}

/// sockudo on `port` with the shared app, client events on (typing notices).
pub fn sockudo(port: u16) -> Result<Service> {
    let config = root().join("target/services/sockudo.json");
    let text = format!(
        r#"{{
  "host": "127.0.0.1",
  "port": {port},
  "debug": false,
  "adapter": {{ "driver": "local" }},
  "cache": {{ "driver": "memory" }},
  "queue": {{ "driver": "none" }},
  "metrics": {{ "enabled": false }},
  "rate_limiter": {{ "enabled": false }},
  "app_manager": {{
    "driver": "memory",
    "array": {{ "apps": [{{
      "id": "{APP_ID}", "key": "{APP_KEY}", "secret": "{APP_SECRET}",
      "enabled": true, "enable_client_messages": true, "max_connections": 1000
    }}] }}
  }}
}}"#
    );
    fs::write(&config, text).map_err(|e| format!("cannot write {}: {e}", config.display()))?;
    let mut service = Service::spawn(
        "sockudo",
        cmd("sockudo")
            .arg("--config")
            .arg(&config)
            .env("RATE_LIMITER_ENABLED", "false"),
    )?;
    service.wait_until_ready(port, "/up/mesa")?;
    Ok(service)
}

/// The dev server with demo data and faults, serving the built panel.
pub fn devserver(port: u16, extra: &[String]) -> Result<Service> {
    let uploads = root().join("target/services/uploads");
    let mut service = Service::spawn(
        "devserver",
        cmd(root().join("target/debug/devserver"))
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .args(["--db", ":memory:", "--seed", "demo", "--dev-faults"])
            .arg("--uploads")
            .arg(uploads)
            .arg("--static-dir")
            .arg(root().join("dist"))
            .args(extra),
    )?;
    service.wait_until_ready(port, "/healthz")?;
    Ok(service)
}

fn log_path(name: &str) -> PathBuf {
    let dir = root().join("target/services");
    let _ = fs::create_dir_all(&dir);
    dir.join(format!("{name}.log"))
}

/// The status of a plain HTTP/1.0 GET, or None if nothing answers.
fn http_status(port: u16, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}
