//! The tasks behind the README's commands.

use std::fs;
use std::io::Write;

use crate::command::{cmd, root, run, Result};
use crate::services::{self, free_port};
use crate::tools::{self, Need, CHROMEDRIVER};

/// Install, build the panel, and serve it with demo data until Ctrl-C.
pub fn dev(extra_args: &[String]) -> Result {
    tools::ensure(Need::Build)?;
    build_panel()?;
    run(cmd("cargo").args(["build", "--quiet", "-p", "devserver"]))?;
    run(cmd(root().join("target/debug/devserver"))
        .args(["--seed", "demo", "--static-dir", "dist"])
        .args(extra_args))
}

/// Every test: native, browser components, end-to-end.
pub fn test() -> Result {
    tools::ensure(Need::Everything)?;

    section("native tests (cargo test)");
    run(cmd("cargo").args(["test", "--workspace"]))?;

    section("component tests (wasm-bindgen-test in headless Chromium)");
    run(cmd("cargo")
        .args([
            "test",
            "-p",
            "mesa",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "components",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            root().join("tests/webdriver.json"),
        )
        .env("WASM_BINDGEN_TEST_TIMEOUT", "60"))?;

    section("end-to-end tests (Playwright, headless Chromium, dev server)");
    build_panel()?;
    run(cmd("cargo").args(["build", "--quiet", "-p", "devserver", "-p", "conformance"]))?;
    run(playwright(&[]).env("MESA_E2E_PORT", free_port()?.to_string()))?;

    section("a v1 backend (no agent workspace): the core journeys");
    let web_port = free_port()?;
    let v1 = services::devserver(web_port, &["--contract".into(), "v1".into()])?;
    run(
        playwright(&["--grep", "@pusher-server", "--grep-invert", "@v2"])
            .env("MESA_E2E_PORT", web_port.to_string())
            .env("MESA_E2E_CONTRACT", "v1")
            .env("MESA_E2E_EXTERNAL", "1"),
    )?;
    drop(v1);

    section("a Pusher server we did not write: sockudo, the dev server broadcasting through it");
    against_sockudo()?;

    section(
        "a real Laravel app broadcasting through sockudo: the contract, then the live journeys",
    );
    let pusher_port = free_port()?;
    crate::laravel::laravel_conformance(Some(pusher_port), |web_port| {
        run(playwright(&["--grep", "@pusher-server"])
            .env("MESA_E2E_PORT", web_port.to_string())
            .env("MESA_E2E_PUSHER_PORT", pusher_port.to_string())
            .env("MESA_E2E_EXTERNAL", "1"))
    })
}

/// The conformance checker, then the live journeys, with the panel's
/// WebSocket on sockudo and the dev server publishing through sockudo's HTTP
/// API, as Laravel does with Reverb.
fn against_sockudo() -> Result {
    let (web_port, pusher_port) = (free_port()?, free_port()?);
    let _sockudo = services::sockudo(pusher_port, &root().join("target/services"))?;
    let broadcast_to = format!(
        "http://{}:{}@127.0.0.1:{pusher_port}/apps/{}",
        services::APP_KEY,
        services::APP_SECRET,
        services::APP_ID
    );
    let _devserver = services::devserver(web_port, &["--broadcast-to".into(), broadcast_to])?;
    run(cmd(root().join("target/debug/conformance")).args([
        "--api",
        &format!("http://127.0.0.1:{web_port}"),
        "--admin",
        "admin@mesa.test",
        "--password",
        "password",
        "--customer",
        "cliente40@mesa.test",
        "--secret",
        services::APP_SECRET,
    ]))?;
    run(playwright(&["--grep", "@pusher-server"])
        .env("MESA_E2E_PORT", web_port.to_string())
        .env("MESA_E2E_PUSHER_PORT", pusher_port.to_string())
        .env("MESA_E2E_EXTERNAL", "1"))
}

fn playwright(extra: &[&str]) -> std::process::Command {
    let mut command = cmd("npx");
    command
        .args([
            "playwright",
            "test",
            "--config",
            "tests/e2e/playwright.config.ts",
        ])
        .args(extra);
    command
}

/// Runs the contract checker against a running backend; fails if any
/// clause fails. Needs no browser tools, so it installs nothing.
pub fn conformance(args: &[String]) -> Result {
    run(cmd("cargo")
        .args(["run", "--quiet", "-p", "conformance", "--"])
        .args(args))
}

/// Prints the release panel's transfer size: the first-load budget is 200 KB brotli.
pub fn size() -> Result {
    tools::ensure(Need::Build)?;
    build_panel()?;
    let dist = root().join("dist");
    let mut entries: Vec<_> = fs::read_dir(&dist)
        .map_err(|e| format!("cannot read {}: {e}", dist.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    let (mut raw_total, mut gzip_total, mut brotli_total) = (0, 0, 0);
    println!(
        "{:<40} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip", "brotli"
    );
    for entry in entries {
        let bytes = fs::read(entry.path()).map_err(|e| e.to_string())?;
        let (raw, gzip, brotli) = (bytes.len(), gzip_len(&bytes)?, brotli_len(&bytes)?);
        println!(
            "{:<40} {raw:>10} {gzip:>10} {brotli:>10}",
            entry.file_name().to_string_lossy()
        );
        raw_total += raw;
        gzip_total += gzip;
        brotli_total += brotli;
    }
    println!(
        "{:<40} {raw_total:>10} {gzip_total:>10} {brotli_total:>10}",
        "total"
    );
    println!(
        "first-load budget: 200 KB brotli; this build: {:.1} KB",
        brotli_total as f64 / 1024.0
    );
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(encoder.finish().map_err(|e| e.to_string())?.len())
}

fn brotli_len(bytes: &[u8]) -> Result<usize> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).map_err(|e| e.to_string())?;
    Ok(out.len())
}

/// The release build of the panel into dist/ (wasm-opt included). Trunk's
/// pipeline has been seen to fail once without a cause and pass on the next
/// run, so a failure is tried once more before it counts.
fn build_panel() -> Result {
    run(cmd("trunk").args(["build", "--release"])).or_else(|first| {
        eprintln!("xtask: {first}; building once more");
        run(cmd("trunk").args(["build", "--release"]))
    })
}

fn section(title: &str) {
    println!("\n=== {title} ===");
}
