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
}
