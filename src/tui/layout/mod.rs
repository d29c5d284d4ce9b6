//! Screen geometry, shared by the update step (how far to scroll, how
//! much a page is) and the view (where to draw): the caps on the content
//! area and the room each scrolling screen leaves for its lines.

use ratatui::layout::Rect;

/// Lines longer than this are hard to read; wider terminals get margins.
pub const MAX_WIDTH: u16 = 100;
/// On very tall terminals the screen stays together in the middle.
pub const MAX_HEIGHT: u16 = 40;

/// The part of the terminal the screens use: all of it up to the caps,
/// centred beyond them.
pub fn content_area(area: Rect) -> Rect {
    let width = area.width.min(MAX_WIDTH);
    let height = area.height.min(MAX_HEIGHT);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// The content area for a terminal of `size`, as the update step sees it.
pub fn content_area_for(size: (u16, u16)) -> Rect {
    content_area(Rect::new(0, 0, size.0, size.1))
}

pub mod results;
pub mod review;
