//! Which inbox rows are in the DOM: those near the viewport
//! (`state::window`), followed as the admin scrolls or the window resizes.

use leptos::html;
use leptos::prelude::*;

use crate::state::density::RowDensity;
use crate::state::window::{self, Window};

/// Rows beyond the viewport kept in the DOM, for smooth scrolling.
const OVERSCAN_ROWS: usize = 8;

#[derive(Clone, Copy)]
pub struct InboxScroll {
    pub list: NodeRef<html::Ol>,
    /// The rows to render, and the space standing in for the others.
    pub rows: Memo<Window>,
    scroll_top: RwSignal<i32>,
    viewport: RwSignal<i32>,
    /// Every row is this tall (the stylesheet agrees, per density), so the
    /// window of rows to render is arithmetic, not measurement.
    row_height: Signal<i32>,
}

/// `total`: how many rows the list holds.
pub fn use_inbox_scroll(total: Signal<usize>) -> InboxScroll {
    let scroll_top = RwSignal::new(0);
    let viewport = RwSignal::new(800);
    let density = RowDensity::current();
    let row_height = Signal::derive(move || density.get().row_height_px());
    let rows = Memo::new(move |_| {
        window::visible(
            total.get(),
            scroll_top.get(),
            viewport.get(),
            row_height.get(),
            OVERSCAN_ROWS,
        )
    });
    let scroll = InboxScroll {
        list: NodeRef::new(),
        rows,
        scroll_top,
        viewport,
        row_height,
    };
    let resize = window_event_listener(leptos::ev::resize, move |_| scroll.measure());
    on_cleanup(move || resize.remove());
    Effect::new(move |_| {
        if scroll.list.get().is_some() {
            scroll.measure();
        }
    });
    scroll
}

impl InboxScroll {
    /// Reads where the list is scrolled and how much of it shows.
    pub fn measure(self) {
        if let Some(el) = self.list.get_untracked() {
            self.scroll_top.set(el.scroll_top());
            self.viewport.set(el.client_height());
        }
    }

    /// Scrolls just enough for the row at `index` to be in view.
    pub fn show(self, index: usize) {
        if let Some(el) = self.list.get_untracked() {
            let row_height = self.row_height.get_untracked();
            let top =
                window::scroll_to_show(index, el.scroll_top(), el.client_height(), row_height);
            if let Some(top) = top {
                el.set_scroll_top(top);
            }
        }
    }

    /// Whether the rows in view come near the last of `total` loaded.
    pub fn near_end(self, total: usize) -> bool {
        total > 0 && self.rows.get().end + OVERSCAN_ROWS >= total
    }
}
