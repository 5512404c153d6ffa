import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import IssueList from './IssueList.svelte';

describe('IssueList', () => {
  it('lists errors before warnings, each marked in words for screen readers, not by colour only', () => {
    render(IssueList, {
      issues: [
        { path: 'p', code: 'IGNORED', message: 'duet and stitch exist only for videos', severity: 'warning' },
        { path: 'p', code: 'VALIDATION', message: 'pick a track', severity: 'error' },
      ],
    });
    const items = screen.getAllByTestId('issue');
    expect(items.map((i) => i.dataset.severity)).toEqual(['error', 'warning']);
    expect(items[0]).toHaveTextContent('Error: Pick a track.');
    expect(items[1]).toHaveTextContent('Warning: Duet and stitch exist only for videos.');
    expect(items[0]).toHaveClass('error');
    expect(items[1]).toHaveClass('warning');
  });

  it('renders nothing without issues, and hides codes shown elsewhere', () => {
    const { container } = render(IssueList, {
      issues: [{ path: 'p', code: 'MUSIC_PLAYS_AS_AUTO', message: 'x', severity: 'warning' }],
      hide: ['MUSIC_PLAYS_AS_AUTO'],
    });
    expect(container.querySelector('ul')).toBeNull();
  });
});
