import { describe, expect, it } from 'vitest';
import { rowOffsets, visibleRange } from './virtual';

describe('visibleRange', () => {
  const offsets = rowOffsets([10, 20, 10, 10, 10]); // tops 0 10 30 40 50, height 60

  it('sums heights into row tops', () => {
    expect(Array.from(offsets)).toEqual([0, 10, 30, 40, 50, 60]);
  });

  it('covers the rows the viewport touches', () => {
    expect(visibleRange(offsets, 0, 10, 0)).toEqual({ start: 0, end: 2 });
    expect(visibleRange(offsets, 15, 20, 0)).toEqual({ start: 1, end: 3 });
    expect(visibleRange(offsets, 55, 100, 0)).toEqual({ start: 4, end: 5 });
  });

  it('adds overscan within the list', () => {
    expect(visibleRange(offsets, 30, 5, 1)).toEqual({ start: 1, end: 4 });
    expect(visibleRange(offsets, 0, 5, 3)).toEqual({ start: 0, end: 4 });
  });

  it('handles an empty list and a viewport above the list', () => {
    expect(visibleRange(rowOffsets([]), 0, 100, 2)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(offsets, -500, 100, 0)).toEqual({ start: 0, end: 1 });
  });
});
