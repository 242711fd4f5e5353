//! The deployment facts of one build: the Content-Security-Policy (with the
//! hash of the very loader Trunk wrote into that build's `index.html`), the
//! cache rules for its hashed assets, and the same rules as a `_headers` file
//! (Netlify, Cloudflare Pages), an nginx `server` and a Caddyfile.
//!
//! The same headers are what the dev server and the Laravel app send with
//! the panel, so a deployment and a developer's machine enforce one policy.
//!
//! Everything here is pure text in, text out, so it is tested natively; the
//! builds and the file writing are in xtask, the serving in the dev server.
//! `config.json` is a deployer's file: every value that reaches a header is
//! parsed by [`crate::origin`] and written back from what was parsed, so no
//! `;`, quote or line break in it can add a directive or a header.

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::origin::{self, Target};

/// What a build and its `config.json` say about the deployment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    /// `/` or `/mesa/`: always starts and ends with a slash.
    pub base: String,
    /// `'sha256-…'` of every inline script of `index.html` (Trunk's loader).
    pub script_hashes: Vec<String>,
    /// Files whose names carry a content hash (`mesa-1f2e….js`): cacheable forever.
    pub hashed_files: Vec<String>,
    /// Origins the panel connects to besides its own (API, WebSocket).
    pub connect: Vec<String>,
    /// Origins images may come from besides its own (the API's attachments).
    pub images: Vec<String>,
}

/// Normalises a base path as Trunk's `--public-url` takes it: `/mesa` → `/mesa/`.
pub fn normalize_base(base: &str) -> Result<String, String> {
    let trimmed = base.trim_matches('/');
    let ok = base.starts_with('/')
        && !base.starts_with("//")
        && trimmed.split('/').all(|seg| {
            trimmed.is_empty()
                || (!seg.is_empty()
                    && seg != "."
                    && seg != ".."
                    && seg
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')))
        });
    if !ok {
        return Err(format!(
            "--base: a path such as / or /mesa/ (letters, digits, - _ . ~), got {base:?}"
        ));
    }
    Ok(if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    })
}

/// The text of every inline `<script>` (no `src`) in `html`, exactly as a
/// browser hashes it for CSP: everything between `>` and `</script>`.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body_and_more = &after[open_end + 1..];
        let Some(close) = body_and_more.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            scripts.push(&body_and_more[..close]);
        }
        rest = &body_and_more[close..];
    }
    scripts
}

/// `'sha256-…'` of a script's text, as CSP's `script-src` wants it.
pub fn csp_hash(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Whether Trunk content-hashed this file name (`name-<16 hex>[_bg].ext`).
pub fn is_hashed(file_name: &str) -> bool {
    let stem = file_name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(name, hash)| {
        !name.is_empty() && hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit())
    })
}

/// `scheme://host[:port]` of a URL `origin::parse` accepted.
fn absolute(url: &str, key: &str) -> Result<Option<String>, String> {
    match origin::parse(url) {
        Some(Target::Absolute(o)) => {
            let scheme = if o.secure { "https" } else { "http" };
            Ok(Some(match o.port {
                Some(port) => format!("{scheme}://{}:{port}", o.host),
                None => format!("{scheme}://{}", o.host),
            }))
        }
        Some(Target::Path) => Ok(None),
        None => Err(format!(
            "config.json: {key} {url:?} is not a path or an http(s) URL without user info, spaces or control characters"
        )),
    }
}

/// The origins `config.json` makes the panel talk to, for `connect-src` and
/// `img-src`. What is on the page's own origin is already `'self'` (in CSP 3
/// that includes `ws:`/`wss:` to the page's host and port). A value that is
/// not what its key says is an error naming the key, never copied through.
pub fn config_origins(config: &serde_json::Value) -> Result<(Vec<String>, Vec<String>), String> {
    let text = |key: &str| -> Result<String, String> {
        match config.get(key) {
            None | Some(serde_json::Value::Null) => Ok(String::new()),
            Some(serde_json::Value::String(s)) => Ok(s.trim().to_string()),
            Some(other) => Err(format!("config.json: {key} must be a string, got {other}")),
        }
    };
    let mut connect = Vec::new();
    let mut images = Vec::new();
    let api_url = text("api_url")?;
    if !api_url.is_empty() {
        let api = absolute(&api_url, "api_url")?.ok_or_else(|| {
            format!("config.json: api_url {api_url:?} must be an absolute http(s) URL (or empty for this origin)")
        })?;
        connect.push(api.clone());
        // Attachments are the API's signed paths.
        images.push(api);
    }
    let auth_endpoint = text("auth_endpoint")?;
    if !auth_endpoint.is_empty() {
        if let Some(auth) = absolute(&auth_endpoint, "auth_endpoint")? {
            if !connect.contains(&auth) {
                connect.push(auth);
            }
        }
    }
    let ws_host = text("ws_host")?.to_ascii_lowercase();
    if !ws_host.is_empty() {
        if !origin::is_host(&ws_host) {
            return Err(format!(
                "config.json: ws_host {ws_host:?} must be a host name or an IP address (no scheme, port or path)"
            ));
        }
        let port =
            match config.get("ws_port") {
                None | Some(serde_json::Value::Null) => None,
                Some(p) => Some(p.as_u64().filter(|p| (1..=65535).contains(p)).ok_or_else(
                    || format!("config.json: ws_port must be a number from 1 to 65535, got {p}"),
                )?),
            };
        let schemes: &[&str] = match text("ws_scheme")?.as_str() {
            "ws" => &["ws"],
            "wss" => &["wss"],
            // Follows the page: wss on https; plain ws is only ever used
            // towards loopback from an https page, or from a plain-http page.
            "" if origin::is_loopback_host(&ws_host) => &["wss", "ws"],
            "" => &["wss"],
            other => {
                return Err(format!(
                    "config.json: ws_scheme must be \"ws\", \"wss\" or absent, got {other:?}"
                ))
            }
        };
        for scheme in schemes {
            let default = if *scheme == "wss" { 443 } else { 80 };
            let origin = match port.filter(|p| *p != default) {
                Some(port) => format!("{scheme}://{ws_host}:{port}"),
                None => format!("{scheme}://{ws_host}"),
            };
            connect.push(origin);
        }
    }
    Ok((connect, images))
}

/// A built file's name as it may appear in a header file or a server
/// config: letters, digits, `.`, `-`, `_`.
fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

impl Facts {
    /// The facts of one build: its `index.html`, its `config.json` and the
    /// names of the files beside them.
    pub fn of_build(
        base: &str,
        index_html: &str,
        config: &serde_json::Value,
        file_names: impl IntoIterator<Item = String>,
    ) -> Result<Facts, String> {
        let base = normalize_base(base)?;
        let script_hashes: Vec<String> = inline_scripts(index_html)
            .into_iter()
            .map(csp_hash)
            .collect();
        if script_hashes.is_empty() {
            return Err(
                "index.html has no inline loader: did Trunk change how it starts the panel?".into(),
            );
        }
        let (connect, images) = config_origins(config)?;
        let mut hashed_files: Vec<String> = file_names
            .into_iter()
            .filter(|name| is_plain_file_name(name) && is_hashed(name))
            .collect();
        hashed_files.sort();
        Ok(Facts {
            base,
            script_hashes,
            hashed_files,
            connect,
            images,
        })
    }

    pub fn content_security_policy(&self) -> String {
        let join = |fixed: &[&str], extra: &[String]| {
            fixed
                .iter()
                .map(|s| s.to_string())
                .chain(extra.iter().cloned())
                .collect::<Vec<_>>()
                .join(" ")
        };
        [
            "default-src 'none'".to_string(),
            // 'wasm-unsafe-eval' lets WebAssembly compile; nothing else is evaluated.
            format!(
                "script-src {}",
                join(&["'self'", "'wasm-unsafe-eval'"], &self.script_hashes)
            ),
            "style-src 'self'".to_string(),
            format!("img-src {}", join(&["'self'", "blob:"], &self.images)),
            format!("connect-src {}", join(&["'self'"], &self.connect)),
            "base-uri 'none'".to_string(),
            "form-action 'none'".to_string(),
            "frame-ancestors 'none'".to_string(),
            "object-src 'none'".to_string(),
        ]
        .join("; ")
    }

    /// Headers every response of the panel carries, wherever it is served.
    pub fn common_headers(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Content-Security-Policy", self.content_security_policy()),
            ("X-Content-Type-Options", "nosniff".into()),
            // Attachment URLs carry signatures in their query.
            ("Referrer-Policy", "no-referrer".into()),
        ]
    }

    /// Netlify / Cloudflare Pages `_headers`. Both merge every matching rule,
    /// so `Cache-Control` is only set by the exact rules below; deep links
    /// (`/mesa/tickets/4`, answered with `index.html`) keep the host's HTML
    /// default, which revalidates on both.
    pub fn headers_file(&self) -> String {
        let mut out = String::from(HEADER_NOTE);
        out.push_str(&format!("{}*\n", self.base));
        for (name, value) in self.common_headers() {
            out.push_str(&format!("  {name}: {value}\n"));
        }
        for path in [
            self.base.clone(),
            format!("{}index.html", self.base),
            format!("{}config.json", self.base),
        ] {
            out.push_str(&format!("\n{path}\n  Cache-Control: {NO_CACHE}\n"));
        }
        for file in &self.hashed_files {
            out.push_str(&format!(
                "\n{}{file}\n  Cache-Control: {IMMUTABLE}\n",
                self.base
            ));
        }
        out
    }

    /// An nginx `server` serving `dist/` at the base path with SPA fallback.
    pub fn nginx_conf(&self) -> String {
        let base = &self.base;
        let common: String = self
            .common_headers()
            .iter()
            .map(|(n, v)| format!("        add_header {n} \"{v}\" always;\n"))
            .collect();
        let mut out = String::from(HEADER_NOTE);
        out.push_str(&format!(
            "# dist/ is copied to /srv/www{base}; deep links such as {base}tickets/4 get index.html.\n\
             server {{\n    listen 80;\n    server_name panel.example;\n    root /srv/www;\n\n    \
             # mime.types maps .wasm to application/wasm since nginx 1.21 (instantiateStreaming needs it).\n    \
             include mime.types;\n\n"
        ));
        if base != "/" {
            let bare = base.trim_end_matches('/');
            out.push_str(&format!(
                "    location = {bare} {{ return 301 {base}; }}\n\n"
            ));
        }
        // add_header is not inherited by a location that has its own, so
        // every location repeats the common headers.
        out.push_str(&format!(
            "    location {base} {{\n{common}        add_header Cache-Control \"{NO_CACHE}\" always;\n        \
             try_files $uri {base}index.html;\n    }}\n"
        ));
        for file in &self.hashed_files {
            out.push_str(&format!(
                "\n    location = {base}{file} {{\n{common}        add_header Cache-Control \"{IMMUTABLE}\" always;\n    }}\n"
            ));
        }
        out.push_str("}\n");
        out
    }

    /// The same for Caddy 2.
    pub fn caddyfile(&self) -> String {
        let base = &self.base;
        let mut out = String::from(HEADER_NOTE);
        out.push_str(&format!(
            "# dist/ is copied to /srv/www{base}; deep links such as {base}tickets/4 get index.html.\n\
             panel.example {{\n    root * /srv/www\n\n"
        ));
        if base != "/" {
            let bare = base.trim_end_matches('/');
            out.push_str(&format!("    redir {bare} {base} permanent\n\n"));
        }
        out.push_str(&format!("    header {base}* {{\n"));
        for (name, value) in self.common_headers() {
            out.push_str(&format!("        {name} \"{value}\"\n"));
        }
        out.push_str("    }\n\n");
        let hashed: Vec<String> = self
            .hashed_files
            .iter()
            .map(|f| format!("{base}{f}"))
            .collect();
        if hashed.is_empty() {
            out.push_str(&format!(
                "    header {base}* Cache-Control \"{NO_CACHE}\"\n\n"
            ));
        } else {
            out.push_str(&format!(
                "    @hashed path {}\n    header @hashed Cache-Control \"{IMMUTABLE}\"\n    \
                 @revalidated {{\n        path {base}*\n        not path {}\n    }}\n    \
                 header @revalidated Cache-Control \"{NO_CACHE}\"\n\n",
                hashed.join(" "),
                hashed.join(" ")
            ));
        }
        out.push_str(&format!(
            "    handle {base}* {{\n        try_files {{path}} {base}index.html\n        file_server\n    }}\n}}\n"
        ));
        out
    }
}

const NO_CACHE: &str = "no-cache";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const HEADER_NOTE: &str = "\
# Generated by `cargo xtask dist` from the build it made (index.html's loader
# hash, the hashed file names) and config.json (connect-src, img-src).
# Regenerate after every build and whenever config.json moves the API.
";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TRUNK_INDEX: &str = r#"<html><head>
<link rel="modulepreload" href="/mesa/mesa-0123456789abcdef.js" crossorigin="anonymous" integrity="sha384-x"><script type="module">
import init, * as bindings from '/mesa/mesa-0123456789abcdef.js';
const wasm = await init({ module_or_path: '/mesa/mesa-0123456789abcdef_bg.wasm' });
</script><script src="/x.js"></script></head></html>"#;

    #[test]
    fn the_loader_is_hashed_exactly_as_written() {
        let scripts = inline_scripts(TRUNK_INDEX);
        assert_eq!(scripts.len(), 1, "external scripts are not hashed");
        assert!(scripts[0].starts_with("\nimport init"));
        assert!(scripts[0].ends_with("_bg.wasm' });\n"));
        // Known vector: sha256("") and sha256("abc").
        assert_eq!(
            csp_hash(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
        assert_eq!(
            csp_hash("abc"),
            "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='"
        );
    }

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("mesa-0123456789abcdef.js"));
        assert!(is_hashed("mesa-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("main-fedcba9876543210.css"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("config.json"));
        assert!(!is_hashed("_headers"));
        assert!(!is_hashed("mesa-0123.js"));
    }

    #[test]
    fn bases_are_normalised_or_refused() {
        assert_eq!(normalize_base("/").unwrap(), "/");
        assert_eq!(normalize_base("/mesa").unwrap(), "/mesa/");
        assert_eq!(normalize_base("/a/b/").unwrap(), "/a/b/");
        for bad in ["mesa", "//cdn", "/a/../b", "/a b/", "https://x/", "/a//b"] {
            assert!(normalize_base(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn config_json_decides_connect_and_images() {
        let same_origin = json!({"api_url": "", "ws_host": "", "reverb_app_key": "k"});
        assert_eq!(config_origins(&same_origin).unwrap(), (vec![], vec![]));
        let elsewhere = json!({
            "api_url": "https://API.example/",
            "auth_endpoint": "/api/v1/broadcasting/auth",
            "ws_host": "ws.example",
            "ws_port": 443,
        });
        assert_eq!(
            config_origins(&elsewhere).unwrap(),
            (
                vec!["https://api.example".into(), "wss://ws.example".into()],
                vec!["https://api.example".into()]
            )
        );
        let local =
            json!({"api_url": "http://127.0.0.1:8080", "ws_host": "127.0.0.1", "ws_port": 8080});
        assert_eq!(
            config_origins(&local).unwrap().0,
            vec![
                "http://127.0.0.1:8080".to_string(),
                "wss://127.0.0.1:8080".into(),
                "ws://127.0.0.1:8080".into()
            ]
        );
        assert!(config_origins(&json!({"api_url": "ftp://x"})).is_err());
    }

    #[test]
    fn config_values_never_reach_a_header_unparsed() {
        for hostile in [
            json!({"ws_host": "ws.example; script-src *"}),
            json!({"ws_host": "ws.example\nX-Injected: 1"}),
            json!({"ws_host": "ws.example\"; add_header X 1"}),
            json!({"ws_host": "wss://ws.example"}),
            json!({"ws_host": "ws.example:6001"}),
            json!({"ws_host": "ws.example", "ws_port": "6001; x"}),
            json!({"ws_host": "ws.example", "ws_port": 70000}),
            json!({"ws_host": "ws.example", "ws_port": 0}),
            json!({"ws_host": "ws.example", "ws_scheme": "ws; x"}),
            json!({"ws_host": 7}),
            json!({"api_url": "https://api.example;script-src *"}),
            json!({"api_url": "https://api.example/\nX: 1"}),
            json!({"api_url": "https://user@api.example"}),
            json!({"api_url": "/api"}),
            json!({"auth_endpoint": "https://a.example/x y"}),
        ] {
            assert!(config_origins(&hostile).is_err(), "{hostile}");
        }
        // The origin is written back from what was parsed, lower-cased and
        // without the path.
        let (connect, _) = config_origins(&json!({
            "api_url": "https://API.example:8443/api/v1?x=1",
            "ws_host": "WS.example", "ws_port": 6001, "ws_scheme": "wss",
        }))
        .unwrap();
        assert_eq!(
            connect,
            vec![
                "https://api.example:8443".to_string(),
                "wss://ws.example:6001".into()
            ]
        );
    }

    #[test]
    fn a_loopback_look_alike_gets_no_plain_ws() {
        let (connect, _) =
            config_origins(&json!({"ws_host": "127.evil.example", "ws_port": 8080})).unwrap();
        assert_eq!(connect, vec!["wss://127.evil.example:8080".to_string()]);
    }

    #[test]
    fn a_build_s_facts_come_from_its_files() {
        let facts = Facts::of_build(
            "/mesa",
            TRUNK_INDEX,
            &json!({"api_url": ""}),
            [
                "index.html".to_string(),
                "mesa-0123456789abcdef.js".into(),
                "mesa-0123456789abcdef.js\nX: 1".into(),
            ],
        )
        .unwrap();
        assert_eq!(facts.base, "/mesa/");
        assert_eq!(facts.script_hashes.len(), 1);
        assert_eq!(
            facts.hashed_files,
            vec!["mesa-0123456789abcdef.js".to_string()]
        );
        assert!(Facts::of_build("/", "<html></html>", &json!({}), []).is_err());
    }

    fn facts() -> Facts {
        Facts {
            base: "/mesa/".into(),
            script_hashes: vec!["'sha256-AAA='".into()],
            hashed_files: vec!["mesa-0123456789abcdef.js".into()],
            connect: vec!["https://api.example".into(), "wss://ws.example".into()],
            images: vec!["https://api.example".into()],
        }
    }

    #[test]
    fn the_policy_is_strict() {
        let csp = facts().content_security_policy();
        assert_eq!(
            csp,
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-AAA='; \
             style-src 'self'; img-src 'self' blob: https://api.example; \
             connect-src 'self' https://api.example wss://ws.example; base-uri 'none'; \
             form-action 'none'; frame-ancestors 'none'; object-src 'none'"
        );
        assert!(!csp.contains("unsafe-inline"));
        assert!(!csp.contains("'unsafe-eval'"));
    }

    #[test]
    fn every_format_carries_the_policy_and_the_cache_rules() {
        let facts = facts();
        let csp = facts.content_security_policy();
        let headers = facts.headers_file();
        assert!(headers.contains(&format!("/mesa/*\n  Content-Security-Policy: {csp}\n")));
        assert!(headers.contains("/mesa/index.html\n  Cache-Control: no-cache\n"));
        assert!(headers.contains("/mesa/config.json\n  Cache-Control: no-cache\n"));
        assert!(headers.contains(
            "/mesa/mesa-0123456789abcdef.js\n  Cache-Control: public, max-age=31536000, immutable\n"
        ));
        for text in [facts.nginx_conf(), facts.caddyfile()] {
            assert!(text.contains(&csp));
            assert!(text.contains("/mesa/mesa-0123456789abcdef.js"));
            assert!(text.contains("immutable"));
            assert!(text.contains("no-cache"));
            assert!(text.contains("/mesa/index.html"));
        }
    }
}
