//! Servers that a task starts itself: the dev server, sockudo (a Pusher
//! server we did not write), and PHP for the Laravel app. Each is stopped
//! when its guard is dropped, whatever happened, and writes its output to a
//! log file that errors name.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::command::{cargo_bin, cmd, root, target_dir, Result};

/// The Pusher app both sides share, as a Laravel `.env` and Reverb would.
pub const APP_ID: &str = "mesa";
pub const APP_KEY: &str = "mesa-key";
pub const APP_SECRET: &str = "mesa-secret";

/// How long a server may take to come up on this (slow, shared) machine.
const START_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Service {
    child: Child,
    /// Leads its own process group, stopped as a whole: `php -S` with
    /// workers forks them, and they outlive a master killed alone.
    group: bool,
    log: PathBuf,
}

impl Drop for Service {
    fn drop(&mut self) {
        if self.group {
            let _ = Command::new("kill")
                .args(["-TERM", "--", &format!("-{}", self.child.id())])
                .status();
        } else {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

impl Service {
    /// Starts `command` with its output in `log`. With `group`, in a process
    /// group of its own (stopped together on drop); without, it shares ours,
    /// so a Ctrl-C in the terminal reaches it and every process it forked.
    pub fn spawn(command: &mut Command, log: &Path, group: bool) -> Result<Self> {
        if let Some(dir) = log.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let out = File::create(log).map_err(|e| format!("cannot write {}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        if group {
            command.process_group(0);
        }
        let child = command
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
        Ok(Self {
            child,
            group,
            log: log.to_path_buf(),
        })
    }

    /// Waits until `GET path` on the port answers 200.
    pub fn wait_until_ready(&mut self, port: u16, path: &str) -> Result {
        let started = Instant::now();
        while started.elapsed() < START_TIMEOUT {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "the server for {path} stopped at start-up ({status}); see {}",
                    self.log.display()
                ));
            }
            if http_status(port, path) == Some(200) {
                return Ok(());
            }
            // Polling a process we do not control: nothing tells us it is up.
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(format!(
            "nothing answered GET {path} on port {port} within {}s; see {}",
            START_TIMEOUT.as_secs(),
            self.log.display()
        ))
    }

    /// The process id, for the storm to read its CPU and memory in /proc.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the server to stop by itself (a foreground `cargo xtask laravel`).
    pub fn wait(&mut self) -> Result<std::process::ExitStatus> {
        self.child.wait().map_err(|e| e.to_string())
    }
}

pub fn sockudo_path() -> PathBuf {
    cargo_bin().join("sockudo")
}

/// sockudo on `port` with the shared app, client events on (typing
/// notices), its config and log in `dir`.
pub fn sockudo(port: u16, dir: &Path) -> Result<Service> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let config = dir.join("sockudo.json");
    let text = format!(
        r#"{{
  "host": "127.0.0.1",
  "port": {port},
  "adapter": {{ "driver": "local" }},
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
        Command::new(sockudo_path())
            .arg("--config")
            .arg(&config)
            .env("RATE_LIMITER_ENABLED", "false"),
        &dir.join("sockudo.log"),
        false,
    )?;
    service.wait_until_ready(port, &format!("/up/{APP_ID}"))?;
    Ok(service)
}

/// The dev server with demo data and faults, serving the built panel.
pub fn devserver(port: u16, extra: &[String]) -> Result<Service> {
    devserver_built("debug", port, extra)
}

/// The dev server as built by the cargo profile `profile` ("debug", "release").
pub fn devserver_built(profile: &str, port: u16, extra: &[String]) -> Result<Service> {
    let dir = root().join("target/services");
    let mut service = Service::spawn(
        cmd(target_dir().join(profile).join("devserver"))
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .args(["--db", ":memory:", "--seed", "demo", "--dev-faults"])
            .arg("--uploads")
            .arg(dir.join("uploads"))
            .arg("--static-dir")
            .arg(root().join("dist"))
            .args(extra),
        &dir.join("devserver.log"),
        false,
    )?;
    service.wait_until_ready(port, "/healthz")?;
    Ok(service)
}

pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

pub fn is_listening(port: u16) -> bool {
    TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(1)).is_ok()
}

/// The status of a plain HTTP/1.0 GET, or None if nothing answers.
fn http_status(port: u16, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}
