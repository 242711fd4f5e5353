//! v2 `canned_replies`.

use reqwest::Method;
use serde_json::json;

use crate::api::Body;
use crate::checks::{data, ensure, Run, ADMIN};
use crate::clauses;
use crate::shapes::{self};

impl Run<'_> {
    pub(super) async fn canned_replies(&mut self) {
        let base = format!("{ADMIN}/support/canned-replies");
        let list = self.get(&base).await;
        self.report.check(
            clauses::V2_CANNED_REPLIES_LIST,
            list.and_then(|a| {
                a.expect(200)?;
                for (i, c) in shapes::array(&a.json, "data", "answer")?.iter().enumerate() {
                    let ctx = format!("data[{i}]");
                    shapes::int(c, "id", &ctx)?;
                    for field in ["title", "shortcut", "body"] {
                        shapes::string(c, field, &ctx)?;
                    }
                    shapes::boolean(c, "shared", &ctx)?;
                }
                Ok(())
            }),
        );
        let shortcut = format!("conf-{}", &self.marker[8..]);
        let body = json!({ "title": "Conformance", "shortcut": shortcut, "body": "Hola {{customer.first_name}}", "shared": false });
        let created = self
            .api
            .json(Method::POST, &base, &self.token, body.clone())
            .await;
        let id = created.and_then(|a| {
            a.expect(201)?;
            shapes::int(data(&a)?, "id", "data")
        });
        let result = match id {
            Err(why) => Err(why),
            Ok(id) => {
                let duplicate = self.api.json(Method::POST, &base, &self.token, body).await;
                let edited = self
                    .api
                    .json(
                        Method::PATCH,
                        &format!("{base}/{id}"),
                        &self.token,
                        json!({ "title": "Conformance 2" }),
                    )
                    .await;
                let deleted = self
                    .api
                    .call(
                        Method::DELETE,
                        &format!("{base}/{id}"),
                        Some(&self.token),
                        &[],
                        Body::None,
                    )
                    .await;
                (|| {
                    duplicate?
                        .expect(422)
                        .map_err(|e| format!("a duplicate shortcut: {e}"))?;
                    let edited = edited?;
                    edited.expect(200)?;
                    ensure(
                        data(&edited)?.get("title") == Some(&json!("Conformance 2")),
                        || "the title did not change".into(),
                    )?;
                    deleted?.expect(204).map(|_| ())
                })()
            }
        };
        self.report.check(clauses::V2_CANNED_REPLIES_WRITES, result);
    }
}
