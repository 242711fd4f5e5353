//! Which page an app path (`/tickets/4`, base already taken off) names. Pure.

/// The panel's pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Login,
    /// The inbox, with a ticket's thread beside it when one is open. The
    /// ticket is the path's text: a bad id is the thread page's to explain.
    Desk,
    NotFound,
}

impl Page {
    pub fn of(app_path: &str) -> Page {
        let path = app_path.split(['?', '#']).next().unwrap_or_default();
        match path.trim_end_matches('/') {
            "/login" => Page::Login,
            "" => Page::Desk,
            ticket if ticket_segment(ticket).is_some() => Page::Desk,
            _ => Page::NotFound,
        }
    }
}

/// The id text of `/tickets/{id}`, as typed (one segment, not empty).
pub fn ticket_segment(app_path: &str) -> Option<&str> {
    let path = app_path.split(['?', '#']).next().unwrap_or_default();
    let id = path.trim_end_matches('/').strip_prefix("/tickets/")?;
    (!id.is_empty() && !id.contains('/')).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_app_path_names_one_page() {
        assert_eq!(Page::of("/"), Page::Desk);
        assert_eq!(Page::of("/?status=all"), Page::Desk);
        assert_eq!(Page::of("/tickets/4"), Page::Desk);
        assert_eq!(
            Page::of("/tickets/abc?x=1"),
            Page::Desk,
            "the thread says the id is bad"
        );
        assert_eq!(Page::of("/login?next=/tickets/4"), Page::Login);
        assert_eq!(Page::of("/login/"), Page::Login);
        for elsewhere in ["/tickets", "/tickets/", "/tickets/4/x", "/nope", "/loginx"] {
            assert_eq!(Page::of(elsewhere), Page::NotFound, "{elsewhere}");
        }
        assert_eq!(ticket_segment("/tickets/42?q=1"), Some("42"));
        assert_eq!(ticket_segment("/"), None);
    }
}
