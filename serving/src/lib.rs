//! How Mesa's panel is reached and served, in one place for every crate
//! that needs it: the panel reads URLs with [`origin`]; `cargo xtask dist`,
//! the dev server and the Laravel app's headers come from [`headers`].

pub mod origin;

#[cfg(feature = "headers")]
pub mod headers;
