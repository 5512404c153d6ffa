import { describe, expect, it } from 'vitest';
import type { PickedFile } from './bindings';
import { arrange, outcome } from './upload_plan';
import { formatBytes, formatLeft, uploadStateText } from './upload_text';

const file = (token: string, kind: 'video' | 'image' | null, refused = false): PickedFile => ({
  token,
  filename: `${token}.${kind === 'video' ? 'mp4' : 'png'}`,
  sizeBytes: 1000,
  kind,
  contentType: kind === 'video' ? 'video/mp4' : 'image/png',
  refused: refused ? { path: 'files[0]', code: 'FILE_TYPE', message: 'no', severity: 'error' } : null,
});

describe('arranging picked files into uploads', () => {
  it('makes a video and three photos two posts: the video alone, the photos a slideshow', () => {
    const files = [file('v', 'video'), file('a', 'image'), file('b', 'image'), file('c', 'image')];
    const { batches, blocker } = arrange(files, true, 'hi');
    expect(blocker).toBeNull();
    expect(batches).toEqual([
      { tokens: ['v'], grouping: 'per-file' },
      { tokens: ['a', 'b', 'c'], grouping: 'slideshow' },
    ]);
    expect(outcome(batches, files)).toBe('2 posts: a video and a slideshow of 3 photos');
  });

  it('posts photos one by one when asked, and a lone photo always alone', () => {
    const two = [file('a', 'image'), file('b', 'image')];
    expect(arrange(two, false, '').batches).toHaveLength(2);
    expect(outcome(arrange(two, false, '').batches, two)).toBe('2 posts: 2 photos');
    expect(arrange([file('a', 'image')], true, '').batches).toEqual([{ tokens: ['a'], grouping: 'per-file' }]);
  });

  it('leaves refused files out and says when nothing can go', () => {
    const files = [file('x', null, true), file('a', 'image')];
    expect(arrange(files, true, '').batches).toEqual([{ tokens: ['a'], grouping: 'per-file' }]);
    expect(arrange([file('x', null, true)], true, '').blocker).toMatch(/None of these files/);
    expect(arrange([], true, '').blocker).toMatch(/Add videos or photos/);
  });

  it('blocks an overlong caption or slideshow, naming by how much', () => {
    expect(arrange([file('a', 'image')], true, 'x'.repeat(2203)).blocker).toMatch(/3 characters over the 2200/);
    const eleven = Array.from({ length: 11 }, (_, i) => file(`p${i}`, 'image'));
    expect(arrange(eleven, true, '').blocker).toMatch(/at most 10 photos \(11 picked\)/);
  });
});

describe('upload progress in words', () => {
  it('formats sizes and time left', () => {
    expect(formatBytes(532)).toBe('532 B');
    expect(formatBytes(4_200_000)).toBe('4.2 MB');
    expect(formatBytes(98_000_000)).toBe('98 MB');
    expect(formatLeft(42.2)).toBe('43 s left');
    expect(formatLeft(3700)).toBe('1 h 2 min left');
  });

  it('tells a retry from a first wait and a finished upload by its posts', () => {
    const base = {
      id: 'u', grouping: 'per-file' as const, caption: '', lastError: null, createdAt: '', updatedAt: '',
      files: [{ filename: 'a.png', contentType: 'image/png', sizeBytes: 10, sentBytes: 0, sent: false, bytesPerSecond: null, secondsLeft: null }],
      containerIds: [],
    };
    expect(uploadStateText({ ...base, state: 'queued', attempts: 0 })).toBe('Waiting to go');
    expect(uploadStateText({ ...base, state: 'queued', attempts: 2 })).toBe('Waiting to try again');
    expect(uploadStateText({ ...base, state: 'done', attempts: 1, containerIds: ['a', 'b'] })).toBe('Ready: 2 posts');
  });
});
