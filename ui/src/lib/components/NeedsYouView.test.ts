import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { NeedsYou } from '../bindings';
import NeedsYouView from './NeedsYouView.svelte';

const item = (projectId: string, projectName: string, title: string, id: string): NeedsYou => ({
  projectId,
  projectName,
  title,
  body: 'Morning routine',
  place: { view: 'publish', id, projectId },
});

describe('NeedsYouView', () => {
  it('lists what waits in every project, each project together, and opens one', async () => {
    const onOpen = vi.fn();
    render(NeedsYouView, {
      items: [
        item('prj_1', 'Maya Wellness', 'A post to @maya.snaps failed', 'pl_1'),
        item('prj_2', 'Crunchtime Snacks', 'A plan waits for its content to be approved', 'pl_2'),
        item('prj_1', 'Maya Wellness', 'A plan was not sent', 'pl_3'),
      ],
      currentProjectId: 'prj_2',
      onOpen,
    });
    const projects = screen.getAllByTestId('needs-project');
    expect(projects.map((p) => p.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['Maya Wellness', 'Crunchtime Snacks · shown now']);
    const items = screen.getAllByTestId('needs-item');
    expect(items.map((i) => i.querySelector('.title')?.textContent)).toEqual([
      'A post to @maya.snaps failed',
      'A plan was not sent',
      'A plan waits for its content to be approved',
    ]);
    expect(within(items[0]!).getByTestId('needs-open')).toHaveTextContent('Open in Maya Wellness');
    expect(within(items[2]!).getByTestId('needs-open')).toHaveTextContent(/^Open$/);
    await userEvent.setup().click(within(items[0]!).getByTestId('needs-open'));
    expect(onOpen).toHaveBeenCalledWith({ view: 'publish', id: 'pl_1', projectId: 'prj_1' });
  });

  it('says when nothing waits, and while it reads', async () => {
    const { rerender } = render(NeedsYouView, { items: null, currentProjectId: 'prj_1', onOpen: vi.fn() });
    expect(screen.getByText('Loading…')).toBeInTheDocument();
    await rerender({ items: [], currentProjectId: 'prj_1', onOpen: vi.fn() });
    expect(screen.getByTestId('needs-empty')).toHaveTextContent('Nothing waits for you');
  });
});
