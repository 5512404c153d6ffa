// Windowing for long lists: which rows of a list of known row heights fall in a viewport.
// Rows keep fixed heights (per kind of row) so offsets are a prefix sum, not a measurement.

/** offsets[i] is row i's top; offsets[n] is the list's height. */
export function rowOffsets(heights: readonly number[]): Float64Array {
  const offsets = new Float64Array(heights.length + 1);
  for (let i = 0; i < heights.length; i++) offsets[i + 1] = offsets[i]! + heights[i]!;
  return offsets;
}

/** The last row whose top is at or above `y` (0 for y above the list). */
function rowAt(offsets: Float64Array, y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(lo, 0);
}

/** Rows [start, end) covering `top .. top + height` of the list, plus `overscan` each side. */
export function visibleRange(
  offsets: Float64Array,
  top: number,
  height: number,
  overscan: number,
): { start: number; end: number } {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const first = rowAt(offsets, Math.max(top, 0));
  const last = rowAt(offsets, Math.max(top + height, 0));
  return { start: Math.max(first - overscan, 0), end: Math.min(last + 1 + overscan, count) };
}

/** The nearest ancestor that scrolls vertically, else the document's scroller. */
export function scrollParent(el: HTMLElement): HTMLElement {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') return p;
  }
  return (document.scrollingElement as HTMLElement | null) ?? document.documentElement;
}
