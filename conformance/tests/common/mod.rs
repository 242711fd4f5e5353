//! The dev server binary on a free port, the checker run against it, and
//! reading the checker's report.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::Duration;

/// `cargo build -p devserver`, once per test run; its executable.
pub fn devserver_binary() -> PathBuf {
    static BINARY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BINARY
        .get_or_init(|| {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let output = Command::new(cargo)
                .args([
                    "build",
                    "-p",
                    "devserver",
                    "--bin",
                    "devserver",
                    "--message-format=json",
                ])
                .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
                .stderr(Stdio::inherit())
                .output()
                .map_err(|e| format!("cannot run cargo: {e}"))?;
            if !output.status.success() {
                return Err(format!(
                    "cargo build -p devserver failed ({})",
                    output.status
                ));
            }
            String::from_utf8_lossy(&output.stdout)
                .lines()
                .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
                .filter(|m| m["target"]["name"] == "devserver")
                .find_map(|m| m["executable"].as_str().map(PathBuf::from))
                .ok_or_else(|| "cargo named no devserver executable".to_string())
        })
        .clone()
        .expect("the dev server builds")
}

/// A dev server on a free port (`--addr 127.0.0.1:0`: it prints the one it got).
pub struct DevServer {
    child: Child,
    pub base: String,
    dir: PathBuf,
}

impl DevServer {
    pub fn start(name: &str, extra: &[&str]) -> DevServer {
        let dir =
            std::env::temp_dir().join(format!("mesa-conformance-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("dist")).expect("temp dir");
        // The dev server serves /config.json (where the checker finds the
        // WebSocket) with the panel's headers, made from index.html's loader.
        std::fs::write(
            dir.join("dist/index.html"),
            "<!DOCTYPE html><title>Mesa</title><script type=\"module\">import init from '/mesa-0123456789abcdef.js'; init();</script>",
        )
        .expect("index.html");
        let mut child = Command::new(devserver_binary())
            .args([
                "--addr",
                "127.0.0.1:0",
                "--db",
                ":memory:",
                "--seed",
                "demo",
            ])
            .arg("--static-dir")
            .arg(dir.join("dist"))
            .arg("--uploads")
            .arg(dir.join("uploads"))
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the dev server starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("Mesa dev server: ") {
                    let _ = tx.send(url.trim_end_matches('/').to_string());
                }
            }
        });
        let base = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(base) => base,
            Err(_) => {
                let _ = child.kill();
                panic!("the dev server did not say where it listens within 60 s");
            }
        };
        DevServer { child, base, dir }
    }

    pub fn check(&self, customer: bool) -> Output {
        self.check_with(customer, &[])
    }

    /// The checker as a second admin and a customer would run it, plus `extra`.
    pub fn check_with(&self, customer: bool, extra: &[&str]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_conformance"));
        command.args([
            "--api",
            &self.base,
            "--admin",
            "carlos@mesa.test",
            "--password",
            "password",
            "--admin2",
            "lucia@mesa.test",
            "--admin2-password",
            "password",
            "--secret",
            "mesa-secret",
        ]);
        if customer {
            command.args(["--customer", "cliente1@mesa.test"]);
        }
        command.args(extra).output().expect("the checker runs")
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// `N passed, M failed` with an optional `, K skipped`, alone on the last line.
pub fn summary(lines: &[String]) -> (usize, usize) {
    let last = lines.last().expect("some output");
    let numbers: Vec<usize> = last
        .split(", ")
        .filter_map(|part| part.split_once(' '))
        .map(|(n, word)| {
            assert!(["passed", "failed", "skipped"].contains(&word), "{last}");
            n.parse().expect("a count")
        })
        .collect();
    assert!(
        last.contains(" passed, ") && (numbers.len() == 2 || numbers.len() == 3),
        "{last}"
    );
    (numbers[0], numbers[1])
}

/// Runs the checker against a server started with `--break {break_flag}`:
/// the run fails, and the clause fails saying `why`. The report's lines.
pub fn fails_naming(break_flag: &str, clause: &str, why: &str) -> Vec<String> {
    let server = DevServer::start(break_flag, &["--break", break_flag]);
    let output = server.check(true);
    let lines = lines(&output);
    assert!(
        !output.status.success(),
        "the checker passed a broken server"
    );
    let (_, failures) = summary(&lines);
    assert!(failures > 0);
    let line = lines
        .iter()
        .find(|l| l.starts_with(&format!("FAIL {clause}: ")))
        .unwrap_or_else(|| panic!("no FAIL {clause} in {lines:#?}"));
    assert!(line.contains(why), "{line}");
    lines
}
