//! v2 `idempotency`: a repeated Idempotency-Key makes one message.

use reqwest::Method;
use serde_json::{json, Value};

use crate::api::Body;
use crate::checks::{data, ensure, Run, Work};
use crate::clauses;
use crate::shapes::short;

impl Run<'_> {
    pub(super) async fn idempotency(&mut self, work: &Work) {
        let key = format!("conformance-{}", self.marker);
        let text = format!("Idempotente {}", self.marker);
        let mut answers = Vec::new();
        for _ in 0..2 {
            answers.push(
                self.api
                    .call(
                        Method::POST,
                        &self.messages_path(work),
                        Some(&self.token),
                        &[("Idempotency-Key", key.as_str())],
                        Body::Json(json!({ "message": text })),
                    )
                    .await,
            );
        }
        let stored = self.page(work, "limit=100").await;
        let mut answers = answers.into_iter();
        let (first, second) = (answers.next(), answers.next());
        self.report.check(
            clauses::V2_IDEMPOTENCY_SAME_KEY,
            (|| {
                let first = first.ok_or("no first answer")??;
                let second = second.ok_or("no second answer")??;
                first.expect(201)?;
                ensure(second.status == first.status, || {
                    format!("the repeat answered {second}")
                })?;
                let (a, b) = (data(&first)?, data(&second)?);
                ensure(
                    a.get("id") == b.get("id") && a.get("message") == b.get("message"),
                    || {
                        format!(
                            "the repeat answered another message: {} vs {}",
                            short(a),
                            short(b)
                        )
                    },
                )?;
                let (list, _) = stored?;
                let copies = list
                    .iter()
                    .filter(|m| m.get("message").and_then(Value::as_str) == Some(text.as_str()))
                    .count();
                ensure(copies == 1, || {
                    format!("{copies} messages stored for one key")
                })
            })(),
        );
    }
}
