// Where the timeline's right edge may be, for the scroll-back slider and the wheel: from the first
// event at the left of the drawing area to the live view (the newest event a little way in from the
// right). The slider's value is the time at the right edge: were its range the events' own first
// to newest, its left half would show an empty canvas with the first event at the right edge, and
// touching its right end would jump the view away from the live one.

/** Pixels kept between the newest event and the right edge (and the first event and the labels). */
export const EDGE_PX = 20;

export function scrollRange(first: number, latest: number, msPerPx: number, drawWidth: number): { min: number; max: number } {
  const max = latest + EDGE_PX * msPerPx;
  const min = first - EDGE_PX * msPerPx + Math.max(0, drawWidth) * msPerPx;
  // Everything fits in view: nothing to scroll back to.
  return { min: Math.min(min, max), max };
}
