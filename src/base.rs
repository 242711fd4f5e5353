//! The path the panel is hosted under: `/` (the default) or a sub-path such
//! as `/mesa/` on a shared domain or bucket.
//!
//! The deployer chooses it once, at build time (`cargo xtask dist --base
//! /mesa/`, which is Trunk's `--public-url`). Trunk writes it into every asset
//! URL of `index.html`; the panel reads it back from there at start-up (see
//! `browser::base_path`), so there is a single source of truth and nothing to
//! keep in step by hand.
//!
//! Inside the panel every route is an *app path* (`/tickets/4`, `/login`);
//! only the browser's address bar and `href`s carry the base: links and
//! navigations go through [`BasePath::href`], and paths read from the
//! address bar through [`BasePath::strip`] (see `crate::router`).

/// The panel's base path, provided by the app at start-up; the root where
/// none was provided (component tests).
pub fn use_base() -> BasePath {
    leptos::prelude::use_context::<BasePath>().unwrap_or_default()
}

/// A base path without its trailing slash: `""` for the site root, `"/mesa"`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BasePath(String);

impl BasePath {
    /// The root deployment.
    pub fn root() -> Self {
        Self::default()
    }

    /// From a public URL as given to Trunk (`/`, `/mesa/`, `/a/b`). Anything
    /// that is not a plain absolute path (a full URL, `//host`, `./`) means
    /// the root, because the page's own path cannot be inferred from it.
    pub fn parse(public_url: &str) -> Self {
        if !public_url.starts_with('/')
            || public_url.starts_with("//")
            || public_url.contains(['?', '#', '\\'])
            || public_url.chars().any(|c| c.is_control() || c == ' ')
        {
            return Self::root();
        }
        let trimmed = public_url.trim_end_matches('/');
        if trimmed.split('/').any(|seg| seg == "." || seg == "..") {
            return Self::root();
        }
        Self(trimmed.to_string())
    }

    /// From the URL path of an asset Trunk placed at the top of `dist/`
    /// (`/mesa/mesa-1f2e.js` → `/mesa`): its directory is the public URL.
    pub fn from_asset_path(asset: &str) -> Self {
        match asset.rfind('/') {
            Some(slash) => Self::parse(&asset[..=slash]),
            None => Self::root(),
        }
    }

    /// The base itself: `""` for the site root, or `/mesa`.
    pub fn path(&self) -> &str {
        &self.0
    }

    /// The address of an app path: `/tickets/4` → `/mesa/tickets/4`; the
    /// app's root `/` → `/mesa/`, the directory `index.html` is served from.
    pub fn href(&self, app_path: &str) -> String {
        debug_assert!(app_path.starts_with('/'), "app paths are absolute");
        format!("{}{}", self.0, app_path)
    }

    /// A file deployed next to `index.html`, such as `config.json`.
    pub fn file(&self, name: &str) -> String {
        format!("{}/{name}", self.0)
    }

    /// The app path of an address: `/mesa/tickets/4?x=1` → `/tickets/4?x=1`.
    /// `/mesa` alone is the app's root. An address outside the base (which
    /// the router never produces) becomes the root rather than a path that
    /// would be prefixed twice.
    pub fn strip(&self, path: &str) -> String {
        if self.0.is_empty() {
            return path.to_string();
        }
        match path.strip_prefix(&self.0) {
            Some("") => "/".to_string(),
            Some(rest) if rest.starts_with('/') => rest.to_string(),
            Some(rest) if rest.starts_with('?') || rest.starts_with('#') => format!("/{rest}"),
            _ => "/".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_become_a_base_without_trailing_slash() {
        assert_eq!(BasePath::parse("/"), BasePath::root());
        assert_eq!(BasePath::parse(""), BasePath::root());
        assert_eq!(BasePath::parse("/mesa/").path(), "/mesa");
        assert_eq!(BasePath::parse("/mesa").path(), "/mesa");
        assert_eq!(BasePath::parse("/a/b//").path(), "/a/b");
        for unusable in [
            "./",
            "mesa/",
            "//cdn.example/mesa/",
            "https://cdn.example/mesa/",
            "/mesa/../x/",
            "/me sa/",
            "/mesa?x",
            "/\\evil",
        ] {
            assert_eq!(BasePath::parse(unusable), BasePath::root(), "{unusable}");
        }
    }

    #[test]
    fn the_base_is_the_directory_of_a_top_level_asset() {
        assert_eq!(BasePath::from_asset_path("/mesa-1f2e.js"), BasePath::root());
        assert_eq!(
            BasePath::from_asset_path("/mesa/mesa-1f2e.js").path(),
            "/mesa"
        );
        assert_eq!(
            BasePath::from_asset_path("/a/b/mesa-1f2e.js").path(),
            "/a/b"
        );
        assert_eq!(BasePath::from_asset_path("mesa.js"), BasePath::root());
    }

    #[test]
    fn links_and_files_carry_the_base() {
        let root = BasePath::root();
        assert_eq!(root.href("/"), "/");
        assert_eq!(
            root.href("/tickets/4?status=open"),
            "/tickets/4?status=open"
        );
        assert_eq!(root.file("config.json"), "/config.json");
        let mesa = BasePath::parse("/mesa/");
        assert_eq!(mesa.href("/"), "/mesa/");
        assert_eq!(mesa.href("/tickets/4"), "/mesa/tickets/4");
        assert_eq!(mesa.file("config.json"), "/mesa/config.json");
    }

    #[test]
    fn locations_lose_the_base_so_it_is_never_added_twice() {
        let mesa = BasePath::parse("/mesa/");
        assert_eq!(mesa.strip("/mesa/tickets/4?x=1"), "/tickets/4?x=1");
        assert_eq!(mesa.strip("/mesa/"), "/");
        assert_eq!(mesa.strip("/mesa"), "/");
        assert_eq!(mesa.strip("/mesa?status=open"), "/?status=open");
        assert_eq!(mesa.strip("/mesamore/x"), "/", "a prefix is not a segment");
        assert_eq!(mesa.strip("/elsewhere"), "/");
        assert_eq!(BasePath::root().strip("/tickets/4"), "/tickets/4");
        // Round trip: every app path comes back as it went out.
        for app in ["/", "/login?next=/tickets/4", "/tickets/9"] {
            assert_eq!(mesa.strip(&mesa.href(app)), app);
        }
    }
}
