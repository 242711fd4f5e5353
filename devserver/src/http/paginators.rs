//! The four shapes a Laravel list answer takes, so a panel and a checker can
//! be tried against each (`--paginator`): a length-aware paginator
//! (`paginate()`) or a simple one (`simplePaginate()`), returned as it is or
//! through an API Resource collection. The contract's own example is the
//! length-aware one through a Resource, which `admin::paginator` builds; the
//! others are made from it here, field for field as Laravel 8+ writes them.

use serde_json::{json, Value};

/// Which of Laravel's paginators the lists are answered with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paginator {
    /// `TicketResource::collection($query->paginate())`: `data`, `links`, `meta`.
    #[default]
    Resource,
    /// `$query->paginate()` returned as it is: every field at the top.
    Plain,
    /// `$query->simplePaginate()`: no `total`, no `last_page`.
    Simple,
    /// `TicketResource::collection($query->simplePaginate())`.
    SimpleResource,
}

impl Paginator {
    pub const NAMES: &'static str = "resource, plain, simple, simple-resource";

    pub fn parse(name: &str) -> Option<Paginator> {
        Some(match name {
            "resource" => Paginator::Resource,
            "plain" => Paginator::Plain,
            "simple" => Paginator::Simple,
            "simple-resource" => Paginator::SimpleResource,
            _ => return None,
        })
    }

    /// `resource`, the shape `admin::paginator` makes, rewritten as this one.
    pub fn shape(self, resource: Value) -> Value {
        let field = |path: &[&str]| {
            path.iter()
                .try_fold(&resource, |value, key| value.get(key))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let meta = |key: &str| field(&["meta", key]);
        let link = |key: &str| field(&["links", key]);
        match self {
            Paginator::Resource => resource,
            Paginator::Plain => json!({
                "current_page": meta("current_page"),
                "data": field(&["data"]),
                "first_page_url": link("first"),
                "from": meta("from"),
                "last_page": meta("last_page"),
                "last_page_url": link("last"),
                "links": [
                    {"url": link("prev"), "label": "&laquo; Previous", "active": false},
                    {"url": link("next"), "label": "Next &raquo;", "active": false},
                ],
                "next_page_url": link("next"),
                "path": meta("path"),
                "per_page": meta("per_page"),
                "prev_page_url": link("prev"),
                "to": meta("to"),
                "total": meta("total"),
            }),
            Paginator::Simple => json!({
                "current_page": meta("current_page"),
                "data": field(&["data"]),
                "first_page_url": link("first"),
                "from": meta("from"),
                "next_page_url": link("next"),
                "path": meta("path"),
                "per_page": meta("per_page"),
                "prev_page_url": link("prev"),
                "to": meta("to"),
            }),
            Paginator::SimpleResource => json!({
                "data": field(&["data"]),
                "links": {"first": link("first"), "last": null, "prev": link("prev"), "next": link("next")},
                "meta": {
                    "current_page": meta("current_page"),
                    "from": meta("from"),
                    "path": meta("path"),
                    "per_page": meta("per_page"),
                    "to": meta("to"),
                },
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(next: Option<&str>) -> Value {
        json!({
            "data": [{"id": 1}],
            "links": {"first": "/t?page=1", "last": "/t?page=3", "prev": null, "next": next},
            "meta": {"current_page": 1, "from": 1, "last_page": 3, "path": "/t", "per_page": 1, "to": 1, "total": 3}
        })
    }

    #[test]
    fn each_shape_is_laravel_s() {
        let page = resource(Some("/t?page=2"));
        assert_eq!(Paginator::Resource.shape(page.clone()), page);

        let plain = Paginator::Plain.shape(page.clone());
        assert_eq!(plain["current_page"], 1);
        assert_eq!(plain["total"], 3);
        assert_eq!(plain["last_page"], 3);
        assert_eq!(plain["next_page_url"], "/t?page=2");
        assert!(plain["links"].is_array());
        assert!(plain.get("meta").is_none());

        let simple = Paginator::Simple.shape(page.clone());
        assert_eq!(simple["next_page_url"], "/t?page=2");
        for absent in ["total", "last_page", "last_page_url", "meta"] {
            assert!(simple.get(absent).is_none(), "{absent}");
        }

        let simple_resource = Paginator::SimpleResource.shape(resource(None));
        assert_eq!(simple_resource["links"]["next"], Value::Null);
        assert_eq!(simple_resource["links"]["last"], Value::Null);
        assert_eq!(simple_resource["meta"]["current_page"], 1);
        assert!(simple_resource["meta"].get("total").is_none());
        assert!(simple_resource["meta"].get("last_page").is_none());
    }

    #[test]
    fn names_are_read() {
        for name in Paginator::NAMES.split(", ") {
            assert!(Paginator::parse(name).is_some(), "{name}");
        }
        assert_eq!(Paginator::parse("cursor"), None);
    }
}
