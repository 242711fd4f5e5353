//! A dev server on a free port, and clients for its REST API and WebSocket.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use devserver::cli::Options;
use devserver::Server;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{connect_async, MaybeTlsStream, WebSocketStream};

pub struct TestServer {
    pub base: String,
    pub ws_base: String,
    pub http: reqwest::Client,
    pub dir: PathBuf,
    handle: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mesa-devserver-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn options(dir: &std::path::Path, extra: &[&str]) -> Options {
    let mut args: Vec<String> = vec![
        "--addr".into(),
        "127.0.0.1:0".into(),
        "--db".into(),
        ":memory:".into(),
        "--seed".into(),
        "demo".into(),
        "--static-dir".into(),
        dir.join("dist").display().to_string(),
        "--uploads".into(),
        dir.join("uploads").display().to_string(),
        "--dev-faults".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    Options::from_args(args).unwrap()
}

pub async fn start(name: &str, extra: &[&str]) -> TestServer {
    let dir = temp_dir(name);
    start_with(dir.clone(), options(&dir, extra)).await
}

pub async fn start_with(dir: PathBuf, options: Options) -> TestServer {
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    std::fs::write(
        dir.join("dist/index.html"),
        "<!DOCTYPE html><title>Mesa</title><script type=\"module\">import init from '/mesa-0123456789abcdef.js'; init();</script>",
    )
    .unwrap();
    let server = Server::bind(&options).await.unwrap();
    let addr = server.addr;
    let handle = tokio::spawn(async move {
        let _ = server.run().await;
    });
    TestServer {
        base: format!("http://{addr}"),
        ws_base: format!("ws://{addr}"),
        http: reqwest::Client::new(),
        dir,
        handle,
    }
}

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn login(&self, path: &str, email: &str) -> String {
        let answer: Value = self
            .http
            .post(self.url(path))
            .json(&json!({ "email": email, "password": "password" }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        answer["token"].as_str().unwrap().to_string()
    }

    pub async fn admin_token(&self) -> String {
        self.login("/api/v1/admin/auth/login", "carlos@mesa.test")
            .await
    }

    pub async fn customer_token(&self, n: u32) -> String {
        self.login("/api/v1/auth/login", &format!("cliente{n}@mesa.test"))
            .await
    }

    pub async fn get(&self, token: &str, path: &str) -> (u16, Value) {
        let response = self
            .http
            .get(self.url(path))
            .bearer_auth(token)
            .header("Accept", "application/json")
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn send_json(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: Value,
    ) -> (u16, Value) {
        self.send_json_with(method, token, path, body, &[]).await
    }

    /// The same, with headers of its own (`Idempotency-Key`, `X-Socket-ID`).
    pub async fn send_json_with(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: Value,
        headers: &[(&str, &str)],
    ) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, self.url(path))
            .bearer_auth(token)
            .header("Accept", "application/json")
            .json(&body);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        self.send_json(reqwest::Method::POST, token, path, body)
            .await
    }

    /// The status and raw text of a GET: for checks that no byte of
    /// something appears anywhere in an answer.
    pub async fn get_text(&self, token: &str, path: &str) -> (u16, String) {
        let response = self
            .http
            .get(self.url(path))
            .bearer_auth(token)
            .header("Accept", "application/json")
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// The signed-in admin's id (`/auth/me`).
    pub async fn admin_id(&self, token: &str) -> i64 {
        let (status, me) = self.get(token, "/api/v1/admin/auth/me").await;
        assert_eq!(status, 200);
        me["data"]["id"].as_i64().unwrap()
    }

    /// The status `broadcasting/auth` answers for this token and channel.
    pub async fn auth_status(&self, token: &str, socket_id: &str, channel: &str) -> u16 {
        self.http
            .post(self.url("/api/v1/broadcasting/auth"))
            .bearer_auth(token)
            .form(&[("socket_id", socket_id), ("channel_name", channel)])
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    /// A socket that got `connection_established`, with its socket id.
    pub async fn socket(&self) -> Socket {
        let (ws, _) = connect_async(format!(
            "{}/app/mesa-key?protocol=7&client=test&version=1",
            self.ws_base
        ))
        .await
        .unwrap();
        let mut socket = Socket {
            ws,
            socket_id: String::new(),
        };
        let established = socket.next_event().await;
        assert_eq!(established["event"], "pusher:connection_established");
        let data: Value = serde_json::from_str(established["data"].as_str().unwrap()).unwrap();
        socket.socket_id = data["socket_id"].as_str().unwrap().to_string();
        socket
    }

    /// Authorizes through the API, then subscribes; returns the succeeded frame.
    pub async fn subscribe(&self, socket: &mut Socket, token: &str, channel: &str) -> Value {
        let response = self
            .http
            .post(self.url("/api/v1/broadcasting/auth"))
            .bearer_auth(token)
            .form(&[
                ("socket_id", socket.socket_id.as_str()),
                ("channel_name", channel),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "auth for {channel}");
        let auth: Value = response.json().await.unwrap();
        let mut data = json!({ "channel": channel, "auth": auth["auth"] });
        if let Some(channel_data) = auth.get("channel_data") {
            data["channel_data"] = channel_data.clone();
        }
        socket
            .send(json!({ "event": "pusher:subscribe", "data": data }))
            .await;
        let succeeded = socket.next_event().await;
        assert_eq!(
            succeeded["event"], "pusher_internal:subscription_succeeded",
            "{succeeded}"
        );
        succeeded
    }
}

pub struct Socket {
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pub socket_id: String,
}

impl Socket {
    pub async fn send(&mut self, frame: Value) {
        self.ws
            .send(Message::Text(frame.to_string().into()))
            .await
            .unwrap();
    }

    pub async fn send_text(&mut self, text: String) {
        self.ws.send(Message::Text(text.into())).await.unwrap();
    }

    /// The next text frame as JSON; fails after 5 s.
    pub async fn next_event(&mut self) -> Value {
        self.next_event_within(Duration::from_secs(5))
            .await
            .expect("a frame within 5 s")
    }

    pub async fn next_event_within(&mut self, limit: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let frame = tokio::time::timeout_at(deadline, self.ws.next())
                .await
                .ok()??;
            match frame.ok()? {
                Message::Text(text) => return Some(serde_json::from_str(&text).unwrap()),
                Message::Close(_) => return None,
                _ => continue,
            }
        }
    }

    /// The close code the server closed with, skipping frames before it.
    pub async fn close_code(&mut self) -> Option<u16> {
        loop {
            let frame = tokio::time::timeout(Duration::from_secs(10), self.ws.next())
                .await
                .ok()??;
            if let Ok(Message::Close(Some(close))) = frame {
                return Some(close.code.into());
            }
            frame.ok()?;
        }
    }

    /// Asserts that nothing arrives for a short while.
    pub async fn assert_silent(&mut self) {
        if let Some(frame) = self.next_event_within(Duration::from_millis(300)).await {
            panic!("expected no frame, got {frame}");
        }
    }
}

/// The decoded `data` of an event (Laravel sends it as a JSON string).
pub fn data(event: &Value) -> Value {
    match &event["data"] {
        Value::String(s) => serde_json::from_str(s).unwrap(),
        other => other.clone(),
    }
}
