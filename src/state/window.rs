//! Windowed rendering of long lists: which rows to put in the DOM so that an
//! inbox of 10,000 tickets costs what one screenful costs.

/// The rows to render and the blank space standing in for the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    pub space_before_px: i32,
    pub space_after_px: i32,
}

/// Rows of height `row_px` in a viewport of `viewport_px` scrolled to
/// `scroll_top_px`, with `overscan` extra rows on each side for smooth scrolling.
pub fn visible(
    total: usize,
    scroll_top_px: i32,
    viewport_px: i32,
    row_px: i32,
    overscan: usize,
) -> Window {
    let row = row_px.max(1);
    let first = (scroll_top_px.max(0) / row) as usize;
    let shown = (viewport_px.max(0) / row) as usize + 1;
    let start = first.saturating_sub(overscan).min(total);
    let end = (first + shown + overscan).min(total);
    Window {
        start,
        end,
        space_before_px: start as i32 * row,
        space_after_px: (total - end) as i32 * row,
    }
}

/// Where to scroll so row `index` is fully visible; `None` when it already is.
pub fn scroll_to_show(
    index: usize,
    scroll_top_px: i32,
    viewport_px: i32,
    row_px: i32,
) -> Option<i32> {
    let top = index as i32 * row_px;
    let bottom = top + row_px;
    if top < scroll_top_px {
        Some(top)
    } else if bottom > scroll_top_px + viewport_px {
        Some(bottom - viewport_px)
    } else {
        None
    }
}

/// The run of consecutive messages of a long thread that is in the DOM,
/// named by the ids at its ends (ids stay put when older pages arrive, indices
/// do not). `None` is an open end: from the oldest held, up to the newest.
///
/// At the newest end it follows new messages, letting the oldest row go as
/// each new one arrives once it holds `SPAN_ROWS`: every message costs one
/// node in and at most one out, never a burst of removals on the live path.
/// Scrolling moves it by `SPAN_STEP` rows, never letting it grow past
/// `2 × SPAN_ROWS`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub first: Option<u64>,
    pub last: Option<u64>,
}

/// Rows kept after a trim: more than a tall screen of short messages.
pub const SPAN_ROWS: usize = 60;
/// Rows revealed or let go per step of scrolling.
pub const SPAN_STEP: usize = 40;

impl Span {
    /// The newest `SPAN_ROWS` of `ids` (sorted), following new ones.
    pub fn newest(ids: &[u64]) -> Self {
        Self {
            first: ids.len().checked_sub(SPAN_ROWS + 1).map(|i| ids[i + 1]),
            last: None,
        }
    }

    /// Indices into `ids` of the run, end exclusive.
    pub fn range(&self, ids: &[u64]) -> std::ops::Range<usize> {
        let at = |id: u64| ids.partition_point(|&held| held < id);
        let start = self.first.map_or(0, at);
        let end = self
            .last
            .map_or(ids.len(), |id| (at(id) + 1).min(ids.len()));
        start..end.max(start)
    }

    /// Whether the run reaches the newest message (and so follows new ones).
    pub fn follows_newest(&self) -> bool {
        self.last.is_none()
    }

    /// Whether the run starts at the oldest message held.
    pub fn at_oldest(&self, ids: &[u64]) -> bool {
        self.range(ids).start == 0
    }

    /// After messages arrived. While the admin reads the newest, the run
    /// keeps the newest `SPAN_ROWS` (one row let go per row added); while
    /// they read further up, it grows to `2 × SPAN_ROWS` and then stops
    /// following (the new ones wait below until scrolled to).
    pub fn after_arrivals(self, ids: &[u64], reading_newest: bool) -> Self {
        let range = self.range(ids);
        if !self.follows_newest() {
            self
        } else if reading_newest {
            if range.len() > SPAN_ROWS {
                Self::newest(ids)
            } else {
                self
            }
        } else if range.len() > 2 * SPAN_ROWS {
            self.with_range(ids, range.start, range.start + 2 * SPAN_ROWS)
        } else {
            self
        }
    }

    /// Scrolled towards older messages: `SPAN_STEP` more at the top, and the
    /// bottom let go beyond `2 × SPAN_ROWS`.
    pub fn earlier(self, ids: &[u64]) -> Self {
        let range = self.range(ids);
        let start = range.start.saturating_sub(SPAN_STEP);
        let end = range.end.min(start + 2 * SPAN_ROWS);
        self.with_range(ids, start, end)
    }

    /// Scrolled towards newer messages: `SPAN_STEP` more at the bottom
    /// (following the newest once reached), the top let go beyond `2 × SPAN_ROWS`.
    pub fn later(self, ids: &[u64]) -> Self {
        let range = self.range(ids);
        let end = (range.end + SPAN_STEP).min(ids.len());
        let start = range.start.max(end.saturating_sub(2 * SPAN_ROWS));
        self.with_range(ids, start, end)
    }

    /// A run grown past `2 × SPAN_ROWS` at the top (an older page arrived)
    /// keeps its top and lets the bottom go.
    pub fn bounded(self, ids: &[u64]) -> Self {
        let range = self.range(ids);
        if range.len() > 2 * SPAN_ROWS {
            self.with_range(ids, range.start, range.start + 2 * SPAN_ROWS)
        } else {
            self
        }
    }

    fn with_range(self, ids: &[u64], start: usize, end: usize) -> Self {
        Self {
            first: (start > 0).then(|| ids[start]),
            last: (end < ids.len()).then(|| ids[end - 1]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_screenful_of_ten_thousand_rows_is_rendered() {
        let window = visible(10_000, 500_000, 800, 100, 5);
        assert_eq!((window.start, window.end), (4_995, 5_014));
        assert_eq!(window.space_before_px, 499_500);
        assert_eq!(window.space_after_px, (10_000 - 5_014) * 100);
        assert!(window.end - window.start < 25);
    }

    #[test]
    fn edges_are_clamped() {
        assert_eq!(
            visible(3, 0, 800, 100, 5),
            Window {
                start: 0,
                end: 3,
                space_before_px: 0,
                space_after_px: 0
            }
        );
        assert_eq!(
            visible(0, 0, 800, 100, 5),
            Window {
                start: 0,
                end: 0,
                space_before_px: 0,
                space_after_px: 0
            }
        );
        let past_the_end = visible(10, 10_000, 800, 100, 2);
        assert_eq!((past_the_end.start, past_the_end.end), (10, 10));
    }

    #[test]
    fn scrolling_to_a_row_moves_only_as_far_as_needed() {
        assert_eq!(scroll_to_show(5, 0, 800, 100), None);
        assert_eq!(scroll_to_show(8, 0, 800, 100), Some(100));
        assert_eq!(scroll_to_show(2, 500, 800, 100), Some(200));
    }

    fn ids(range: std::ops::Range<u64>) -> Vec<u64> {
        range.collect()
    }

    #[test]
    fn a_long_thread_shows_its_newest_messages_and_follows_new_ones() {
        let held = ids(1..5_001);
        let span = Span::newest(&held);
        assert_eq!(span.range(&held), 5_000 - SPAN_ROWS..5_000);
        assert!(span.follows_newest());
        // Each new message joins the run and lets its oldest row go.
        let mut grown = held.clone();
        grown.push(5_001);
        let moved = span.after_arrivals(&grown, true);
        assert_eq!(moved.range(&grown), 5_001 - SPAN_ROWS..5_001);
        assert!(moved.follows_newest());
        // A short run (a short thread) only grows.
        let short = ids(1..11);
        let mut longer = short.clone();
        longer.push(11);
        let whole = Span::newest(&short);
        assert_eq!(whole.after_arrivals(&longer, true).range(&longer), 0..11);
        // Reading further up: the run grows to twice its size, then the top
        // stays and the newest wait below.
        grown.extend(5_002..5_001 + SPAN_ROWS as u64);
        let waiting = span.after_arrivals(&grown, false);
        assert_eq!(waiting, span, "still growing");
        grown.push(99_999);
        let waiting = span.after_arrivals(&grown, false);
        assert_eq!(
            waiting.range(&grown),
            span.range(&grown).start..span.range(&grown).start + 2 * SPAN_ROWS
        );
        assert!(!waiting.follows_newest());
    }

    #[test]
    fn a_short_thread_is_shown_whole() {
        let held = ids(1..11);
        assert_eq!(Span::newest(&held).range(&held), 0..10);
        assert!(Span::newest(&held).at_oldest(&held));
        assert_eq!(Span::newest(&[]).range(&[]), 0..0);
    }

    #[test]
    fn scrolling_moves_the_run_and_keeps_it_bounded() {
        let held = ids(1..1_001);
        let mut span = Span::newest(&held);
        for _ in 0..3 {
            span = span.earlier(&held);
        }
        let range = span.range(&held);
        assert_eq!(range.start, 1_000 - SPAN_ROWS - 3 * SPAN_STEP);
        assert_eq!(range.len(), 2 * SPAN_ROWS, "the bottom was let go");
        assert!(!span.follows_newest());
        // Older pages arriving do not move what is shown.
        let before = held[range.start];
        let older: Vec<u64> = (0..1).chain(held.iter().copied()).collect();
        assert_eq!(older[span.range(&older).start], before);
        for _ in 0..20 {
            span = span.later(&held);
        }
        assert!(span.follows_newest());
        assert_eq!(span.range(&held).end, 1_000);
        assert!(span.range(&held).len() <= 2 * SPAN_ROWS);
        let grown: Vec<u64> = (0..500).chain(held.iter().copied()).collect();
        let whole = Span {
            first: None,
            last: None,
        };
        assert_eq!(whole.bounded(&grown).range(&grown), 0..2 * SPAN_ROWS);
        while !span.at_oldest(&held) {
            span = span.earlier(&held);
        }
        assert_eq!(span.range(&held).start, 0);
    }
}
