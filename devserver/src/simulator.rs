//! The customer simulator: demo customers open tickets and write through the
//! customer REST API, exactly as the Flutter app does, so a demo shows the
//! panel live and tests can drive customer traffic.

use std::collections::HashMap;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use crate::demo::PASSWORD;

pub const USAGE: &str = "\
devserver simulate: demo customers writing to support through the customer API

USAGE: devserver simulate [--url URL] [--interval-ms MS] [--count N]
                          [--customer N [--ticket ID]] [--numbered]

  --url          the dev server                  (default http://127.0.0.1:8080)
  --interval-ms  pause between actions           (default 5000)
  --count        stop after N actions            (default: run until stopped)
  --customer N   only cliente{N}@mesa.test; without --ticket it opens one
                 ticket first and writes every message to it
  --ticket ID    write to this ticket (needs --customer, who must own it)
  --numbered     messages are \"Mensaje 1\", \"Mensaje 2\", … (for tests)";

#[derive(Clone, Debug)]
pub struct Plan {
    pub url: String,
    pub interval: Duration,
    pub count: Option<u64>,
    pub customer: Option<u32>,
    pub ticket: Option<i64>,
    pub numbered: bool,
}

impl Plan {
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Plan, String> {
        let mut plan = Plan {
            url: "http://127.0.0.1:8080".into(),
            interval: Duration::from_secs(5),
            count: None,
            customer: None,
            ticket: None,
            numbered: false,
        };
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
            let number = |v: String| {
                v.parse::<u64>()
                    .map_err(|_| format!("{flag}: not a number: {v}"))
            };
            match flag.as_str() {
                "--url" => plan.url = value()?.trim_end_matches('/').to_string(),
                "--interval-ms" => plan.interval = Duration::from_millis(number(value()?)?),
                "--count" => plan.count = Some(number(value()?)?),
                "--customer" => {
                    let n = number(value()?)?;
                    if !(1..=40).contains(&n) {
                        return Err("--customer: the demo has customers 1 to 40".into());
                    }
                    plan.customer = Some(n as u32);
                }
                "--ticket" => plan.ticket = Some(number(value()?)? as i64),
                "--numbered" => plan.numbered = true,
                "-h" | "--help" => return Err(USAGE.into()),
                other => return Err(format!("unknown option {other:?}\n\n{USAGE}")),
            }
        }
        if plan.ticket.is_some() && plan.customer.is_none() {
            return Err("--ticket needs --customer (the ticket's owner)".into());
        }
        Ok(plan)
    }
}

const OPENERS: [(i64, &str); 5] = [
    (1, "Hola, hice una compra y no me sumaron los puntos."),
    (2, "Buenas tardes, mi cupón aparece como usado."),
    (3, "Mi pedido no ha llegado y ya pasó una hora."),
    (4, "No puedo iniciar sesión en la app."),
    (5, "Me cobraron dos veces el mismo pedido."),
];
const FOLLOW_UPS: [&str; 8] = [
    "¿Me pueden ayudar, por favor?",
    "Ya intenté de nuevo y sigue igual.",
    "Gracias por la respuesta.",
    "¿Cuánto tiempo tarda?",
    "Les envío los datos: factura 0001-A.",
    "Sigo esperando, por favor.",
    "Perfecto, quedo atento.",
    "¿Hay alguna novedad?",
];

struct Client {
    http: reqwest::Client,
    url: String,
    tokens: HashMap<u32, String>,
}

impl Client {
    async fn token(&mut self, customer: u32) -> Result<String, String> {
        if let Some(token) = self.tokens.get(&customer) {
            return Ok(token.clone());
        }
        let answer: Value = self
            .http
            .post(format!("{}/api/v1/auth/login", self.url))
            .json(&json!({ "email": format!("cliente{customer}@mesa.test"), "password": PASSWORD }))
            .send()
            .await
            .map_err(|e| format!("sign-in of cliente{customer}: {e}"))?
            .json()
            .await
            .map_err(|e| format!("sign-in of cliente{customer}: {e}"))?;
        let token = answer["token"]
            .as_str()
            .ok_or_else(|| format!("sign-in of cliente{customer} refused: {answer}"))?
            .to_string();
        self.tokens.insert(customer, token.clone());
        Ok(token)
    }

    async fn call(
        &mut self,
        customer: u32,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let token = self.token(customer).await?;
        let mut request = self
            .http
            .request(method, format!("{}/api/v1{path}", self.url))
            .bearer_auth(token)
            .header("Accept", "application/json");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.map_err(|e| format!("{path}: {e}"))?;
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        if status.is_success() {
            Ok(body)
        } else {
            Err(format!("{path}: {status} {body}"))
        }
    }

    async fn open_ticket(&mut self, customer: u32, rng: &mut StdRng) -> Result<i64, String> {
        let (reason_id, text) = *OPENERS.choose(rng).expect("openers");
        let created = self
            .call(
                customer,
                reqwest::Method::POST,
                "/support/tickets",
                Some(json!({ "reason_id": reason_id, "message": text })),
            )
            .await?;
        let id = created["data"]["id"].as_i64().ok_or("ticket without id")?;
        println!("simulate: cliente{customer} opened ticket {id}");
        Ok(id)
    }

    async fn write(&mut self, customer: u32, ticket: i64, text: &str) -> Result<(), String> {
        let sent = self
            .call(
                customer,
                reqwest::Method::POST,
                &format!("/support/tickets/{ticket}/messages"),
                Some(json!({ "message": text })),
            )
            .await?;
        println!(
            "simulate: cliente{customer} wrote message {} on ticket {ticket}",
            sent["data"]["id"]
        );
        Ok(())
    }

    /// One of the customer's open tickets, if any.
    async fn an_open_ticket(
        &mut self,
        customer: u32,
        rng: &mut StdRng,
    ) -> Result<Option<i64>, String> {
        let list = self
            .call(
                customer,
                reqwest::Method::GET,
                "/support/tickets?per_page=50",
                None,
            )
            .await?;
        let open: Vec<i64> = list["data"]
            .as_array()
            .map(|tickets| {
                tickets
                    .iter()
                    .filter(|t| t["status"] == "open")
                    .filter_map(|t| t["id"].as_i64())
                    .collect()
            })
            .unwrap_or_default();
        Ok(open.choose(rng).copied())
    }
}

pub async fn run(plan: Plan) -> Result<(), String> {
    let mut client = Client {
        http: reqwest::Client::new(),
        url: plan.url.clone(),
        tokens: HashMap::new(),
    };
    let mut rng = StdRng::from_os_rng();
    let fixed_ticket = match (plan.customer, plan.ticket) {
        (Some(customer), None) => Some(client.open_ticket(customer, &mut rng).await?),
        (_, ticket) => ticket,
    };
    let mut done = 0u64;
    while plan.count.is_none_or(|count| done < count) {
        done += 1;
        let text = if plan.numbered {
            format!("Mensaje {done}")
        } else {
            FOLLOW_UPS.choose(&mut rng).expect("follow-ups").to_string()
        };
        let customer = plan.customer.unwrap_or_else(|| rng.random_range(1..=40));
        let outcome = match fixed_ticket {
            Some(ticket) => client.write(customer, ticket, &text).await,
            None if rng.random_bool(0.25) => {
                client.open_ticket(customer, &mut rng).await.map(|_| ())
            }
            None => match client.an_open_ticket(customer, &mut rng).await {
                Ok(Some(ticket)) => client.write(customer, ticket, &text).await,
                Ok(None) => client.open_ticket(customer, &mut rng).await.map(|_| ()),
                Err(e) => Err(e),
            },
        };
        // A failed call is reported and the next one tried: the server may be
        // restarting under a resilience test.
        if let Err(error) = outcome {
            eprintln!("simulate: {error}");
        }
        tokio::time::sleep(plan.interval).await;
    }
    Ok(())
}
