//! Installs the tools the build and the tests need, each only when the right
//! version is not there yet, so a warm run skips all of it.

use std::fs;
use std::path::Path;

use crate::command::{cmd, first_line, root, run, Result};

pub const TRUNK_VERSION: &str = "0.21.14";
/// A Pusher-protocol server we did not write, for the interop journeys.
pub const SOCKUDO_VERSION: &str = "5.2.0";
pub const TWIGGY_VERSION: &str = "0.7.0";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// What building and serving the panel needs.
    Build,
    /// Also the browser, for the benchmark.
    Browser,
    /// Also the browser and its driver, and sockudo, for tests.
    Everything,
}

pub fn ensure(need: Need) -> Result {
    wasm_target()?;
    trunk()?;
    wasm_bindgen_cli()?;
    npm_packages()?;
    if need != Need::Build {
        chromium()?;
    }
    if need == Need::Everything {
        sockudo()?;
        redis()?;
    }
    // Trunk runs cargo offline, so every crate must already be here.
    run(cmd("cargo").args(["fetch", "--quiet"]))
}

fn wasm_target() -> Result {
    let installed = cmd("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == WASM_TARGET)
        })
        .unwrap_or(false);
    if installed {
        return Ok(());
    }
    run(cmd("rustup").args(["target", "add", WASM_TARGET]))
}

fn trunk() -> Result {
    let wanted = format!("trunk {TRUNK_VERSION}");
    if first_line(cmd("trunk").arg("--version")).as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    // 0.22 needs a newer rustc than this project's toolchain.
    run(cmd("cargo").args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]))
}

/// wasm-bindgen-cli must match the wasm-bindgen of Cargo.lock exactly: the
/// generated glue and the test runner check it.
fn wasm_bindgen_cli() -> Result {
    let version = locked_version("wasm-bindgen")?;
    let wanted = format!("wasm-bindgen {version}");
    let runner = format!("wasm-bindgen-test-runner {version}");
    if first_line(cmd("wasm-bindgen").arg("--version")).as_deref() == Some(wanted.as_str())
        && first_line(cmd("wasm-bindgen-test-runner").arg("--version")).as_deref()
            == Some(runner.as_str())
    {
        return Ok(());
    }
    // Not --locked: its lock file pins a dependency version the registry no longer has.
    run(cmd("cargo").args(["install", "wasm-bindgen-cli", "--version", &version]))
}

/// The version of a package as Cargo.lock pins it.
pub fn locked_version(package: &str) -> Result<String> {
    let lock = fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let wanted = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(version.trim_matches('"').to_string());
            }
        }
    }
    Err(format!("{package} is not in Cargo.lock"))
}

/// wasm-opt (npm `binaryen`: Debian's is too old for what rustc emits) and
/// Playwright. npm keeps a copy of the lock it installed in node_modules;
/// when that is at least as new as ours, nothing changed.
fn npm_packages() -> Result {
    let root = root();
    let installed = root.join("node_modules/.package-lock.json");
    if is_newer_or_same(&installed, &root.join("package-lock.json"))
        && root.join("node_modules/.bin/wasm-opt").exists()
    {
        return Ok(());
    }
    run(cmd("npm").args(["ci", "--no-audit", "--no-fund"]))
}

fn is_newer_or_same(a: &Path, b: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(a), modified(b)), (Some(a), Some(b)) if a >= b)
}

/// Debian's Chromium and its WebDriver, for component and end-to-end tests.
fn chromium() -> Result {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"])
}

/// Installs Debian packages (as root, or through sudo).
pub fn apt_install(packages: &[&str]) -> Result {
    let sudo = if is_root() { vec![] } else { vec!["sudo"] };
    let apt = |args: &[&str]| {
        let mut all = sudo.clone();
        all.push("apt-get");
        all.extend_from_slice(args);
        let mut command = cmd(all[0]);
        command
            .args(&all[1..])
            .env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut command)
    };
    apt(&["update", "-q"])?;
    let mut install = vec!["install", "-y", "-q"];
    install.extend_from_slice(packages);
    apt(&install)
}

/// The sockudo features: the in-process adapter for one node, and the
/// Redis adapter for the cluster runs (one pinned build serves both).
const SOCKUDO_FEATURES: &str = "local,redis";

/// sockudo from crates.io with [`SOCKUDO_FEATURES`] (no NATS or databases).
/// Its build needs Debian's protobuf compiler. `--version` does not tell the
/// features, so cargo's own record of the install is read for them.
fn sockudo() -> Result {
    let installed = first_line(cmd("sockudo").arg("--version"));
    let version_ok =
        installed.is_some_and(|line| line.split_whitespace().any(|w| w == SOCKUDO_VERSION));
    if version_ok && sockudo_has_features() {
        return Ok(());
    }
    if first_line(cmd("protoc").arg("--version")).is_none() {
        apt_install(&["protobuf-compiler"])?;
    }
    run(cmd("cargo").args([
        "install",
        "sockudo",
        "--version",
        SOCKUDO_VERSION,
        "--no-default-features",
        "--features",
        SOCKUDO_FEATURES,
        "--locked",
    ]))
}

/// Whether cargo recorded the installed sockudo with every wanted feature
/// (`~/.cargo/.crates2.json`, one JSON object keyed by package id).
fn sockudo_has_features() -> bool {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    let Some(record) = home.and_then(|h| fs::read_to_string(h.join(".crates2.json")).ok()) else {
        return false;
    };
    let Ok(record) = serde_json::from_str::<serde_json::Value>(&record) else {
        return false;
    };
    let prefix = format!("sockudo {SOCKUDO_VERSION} ");
    record["installs"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(id, _)| id.starts_with(&prefix))
        .any(|(_, install)| {
            let features: Vec<&str> = install["features"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|f| f.as_str())
                .collect();
            SOCKUDO_FEATURES.split(',').all(|f| features.contains(&f))
        })
}

/// Debian's Redis, for the cluster runs (sockudo's nodes meet over it).
pub fn redis() -> Result {
    if first_line(cmd("redis-server").arg("--version")).is_some() {
        return Ok(());
    }
    apt_install(&["redis-server"])
}

/// twiggy, for `cargo xtask size --why`: installed on first use only.
pub fn twiggy() -> Result {
    let wanted = format!("twiggy {TWIGGY_VERSION}");
    if first_line(cmd("twiggy").arg("--version")).as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    run(cmd("cargo").args(["install", "twiggy", "--version", TWIGGY_VERSION, "--locked"]))
}

fn is_root() -> bool {
    first_line(cmd("id").arg("-u")).as_deref() == Some("0")
}
