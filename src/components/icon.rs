//! The panel's icons: one small set of stroked 24 × 24 drawings, inline (no
//! icon font, no request). Always beside a name: a visible label, or the
//! button's accessible name when the icon stands alone.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Menu,
    SoundOn,
    SoundOff,
    /// An internal note: a padlock.
    Note,
    /// Canned replies: a speech bubble with lines of text.
    Canned,
    /// Attach files: a paper clip.
    Attach,
}

impl Icon {
    /// The drawing, as one SVG path.
    fn path(self) -> &'static str {
        match self {
            Icon::Menu => "M4 6h16M4 12h16M4 18h16",
            Icon::SoundOn => "M11 5 6 9H3v6h3l5 4V5zM15.5 8.5a5 5 0 0 1 0 7M19 5a10 10 0 0 1 0 14",
            Icon::SoundOff => "M11 5 6 9H3v6h3l5 4V5zM23 9l-6 6M17 9l6 6",
            Icon::Note => "M6 11h12v9H6zM8 11V8a4 4 0 0 1 8 0v3",
            Icon::Canned => "M4 5h16v11H9l-5 4zM8 9h8M8 12h5",
            Icon::Attach => "M16 7v9a4 4 0 0 1-8 0V6a3 3 0 0 1 6 0v9a1.5 1.5 0 0 1-3 0V8",
        }
    }
}

/// An icon; hidden from screen readers, which read the name beside it.
#[component]
pub fn IconSvg(#[prop(into)] icon: Signal<Icon>) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
            <path d=move || icon.get().path()></path>
        </svg>
    }
}
