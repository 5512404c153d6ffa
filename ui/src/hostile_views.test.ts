// Each view on its own, fed hostile captions, handles, error messages and URLs: every one is
// shown as the characters it is, and only https URLs become links or media sources.
import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import { makeAccount, makeContainer, makeEvent, makePlan, makeTarget, routeInvoke } from './test/fixtures';
import { BOLD, IMG, SCRIPT, assertNoInjectedMarkup } from './test/hostile';
import AccountPicker from './lib/components/AccountPicker.svelte';
import Composer from './lib/components/Composer.svelte';
import ContainerList from './lib/components/ContainerList.svelte';
import DraftList from './lib/components/DraftList.svelte';
import IssueList from './lib/components/IssueList.svelte';
import MediaPreview from './lib/components/MediaPreview.svelte';
import PlanList from './lib/components/PlanList.svelte';
import SelectedContainer from './lib/components/SelectedContainer.svelte';
import Timeline from './lib/components/Timeline.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const hostilePlan = makePlan({
  id: 'pl_h',
  containerCaption: IMG,
  state: 'rejected',
  lastError: { code: BOLD, message: SCRIPT, requestId: IMG },
  targets: [
    makeTarget({
      scheduledPostId: 'sp_a',
      handle: IMG,
      remoteStatus: 'published',
      externalUrl: 'http://www.tiktok.com/@a/video/1',
      lastError: BOLD,
    }),
    makeTarget({
      scheduledPostId: 'sp_b',
      handle: BOLD,
      remoteStatus: 'published',
      externalUrl: 'javascript:alert(3)',
    }),
    makeTarget({
      scheduledPostId: 'sp_c',
      handle: 'fine',
      remoteStatus: 'published',
      externalUrl: 'https://www.tiktok.com/@fine/video/2',
    }),
  ],
});

describe('hostile content in each view', () => {
  it('Timeline: captions, handles, errors and event details are text; only https becomes a link', () => {
    // `props:` explicitly: `events` alone would be read as a mount option.
    render(Timeline, {
      props: {
        plan: hostilePlan,
        events: [makeEvent({ kind: BOLD, detail: IMG, scheduledPostId: 'sp_a' })],
        loadError: SCRIPT,
      },
    });
    const timeline = screen.getByTestId('timeline');
    for (const text of [IMG, SCRIPT, BOLD, 'http://www.tiktok.com/@a/video/1', 'javascript:alert(3)']) {
      expect(timeline).toHaveTextContent(text);
    }
    const links = Array.from(document.querySelectorAll('a[href]'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://www.tiktok.com/@fine/video/2']);
    assertNoInjectedMarkup();
  });

  it('PlanList: a hostile caption and error show as text', () => {
    render(PlanList, { plans: [hostilePlan], selectedId: null, onSelect: vi.fn() });
    const row = screen.getByTestId('plan-row');
    expect(row).toHaveTextContent(IMG);
    assertNoInjectedMarkup();
  });

  it('DraftList: a hostile caption shows as text', () => {
    render(DraftList, { drafts: [{ ...hostilePlan, state: 'draft' }], onOpen: vi.fn() });
    expect(document.body).toHaveTextContent(IMG);
    assertNoInjectedMarkup();
  });

  it('ContainerList: captions are text, and a non-https thumbnail is not loaded', () => {
    render(ContainerList, {
      containers: [
        makeContainer({ id: 'cnt_a', caption: IMG, thumbnailUrl: 'javascript:alert(1)' }),
        makeContainer({ id: 'cnt_b', caption: SCRIPT, thumbnailUrl: 'http://cdn.example/t.jpg' }),
        makeContainer({ id: 'cnt_c', caption: BOLD, thumbnailUrl: 'data:text/html,<b>x</b>' }),
      ],
      selectedId: null,
      onSelect: vi.fn(),
    });
    const rows = screen.getAllByTestId('container-row');
    expect(rows[0]).toHaveTextContent(IMG);
    expect(rows[1]).toHaveTextContent(SCRIPT);
    expect(rows[2]).toHaveTextContent(BOLD);
    expect(document.querySelectorAll('img')).toHaveLength(0);
    assertNoInjectedMarkup();
  });

  it('AccountPicker: handles are text, and a non-https avatar is not loaded', () => {
    render(AccountPicker, {
      accounts: [
        makeAccount({ socialAccountId: 'sa_a', handle: IMG, avatarUrl: 'javascript:alert(1)' }),
        makeAccount({ socialAccountId: 'sa_b', handle: BOLD, avatarUrl: 'http://cdn.example/a.png', platform: 'instagram' }),
      ],
      selectedIds: ['sa_a'],
      onChange: vi.fn(),
    });
    expect(document.body).toHaveTextContent(IMG);
    expect(document.body).toHaveTextContent(BOLD);
    assertNoInjectedMarkup();
  });

  it('IssueList: rule messages and codes are text', () => {
    render(IssueList, {
      issues: [
        { path: 'targets[0]', code: BOLD, message: IMG, severity: 'error' },
        { path: SCRIPT, code: 'X', message: SCRIPT, severity: 'warning' },
      ],
    });
    const items = screen.getAllByTestId('issue');
    expect(items[0]).toHaveTextContent(IMG);
    expect(items[1]).toHaveTextContent(SCRIPT);
    assertNoInjectedMarkup();
  });

  it('SelectedContainer and MediaPreview: caption and first comment are text; only https media load', () => {
    const container = makeContainer({
      caption: IMG,
      firstComment: SCRIPT,
      thumbnailUrl: 'http://cdn.example/t.jpg',
      videoUrl: 'javascript:alert(1)',
      mediaType: 'slideshow',
      media: [
        { kind: 'image', url: 'data:text/html,<script>alert(1)</script>', thumbnailUrl: null },
        { kind: 'image', url: 'https://media.layers.com/ok.jpg', thumbnailUrl: null },
        { kind: 'image', url: 'https://tracker.example/pixel.jpg', thumbnailUrl: null },
      ],
    });
    render(SelectedContainer, { container, issues: [] });
    expect(document.body).toHaveTextContent(IMG);
    expect(document.body).toHaveTextContent(SCRIPT);
    const sources = Array.from(document.querySelectorAll('[src]')).map((e) => e.getAttribute('src'));
    // Through the app's cache, and only Layers' media hosts: not http, data:, javascript: or
    // a third party's https.
    expect(sources).toContain(`desk-media://localhost/?url=${encodeURIComponent('https://media.layers.com/ok.jpg')}`);
    expect(sources.every((s) => s?.startsWith(`desk-media://localhost/?url=${encodeURIComponent('https://media.layers.com/')}`))).toBe(true);
    assertNoInjectedMarkup();
  });

  it('MediaPreview alone: a javascript: video and an http poster are not used', () => {
    render(MediaPreview, {
      container: makeContainer({
        mediaType: 'video',
        videoUrl: 'javascript:alert(1)',
        thumbnailUrl: 'http://cdn.example/t.jpg',
        media: [{ kind: 'video', url: 'http://cdn.example/v.mp4', thumbnailUrl: 'javascript:x' }],
      }),
    });
    expect(document.querySelector('video')).toBeNull();
    assertNoInjectedMarkup();
  });

  it('Composer: hostile handles, captions and rule messages are text in the form', async () => {
    routeInvoke(invoke, {
      check_plan: [{ path: 'targets[0].captionOverride', code: BOLD, message: IMG, severity: 'error' }],
      save_draft: makePlan({ id: 'plan_d', state: 'draft' }),
    });
    const container = makeContainer({ id: 'cnt_h', caption: IMG, firstComment: SCRIPT });
    render(Composer, {
      containerId: container.id,
      container,
      accounts: [makeAccount({ socialAccountId: 'sa_h', handle: BOLD, platform: 'instagram' })],
      tracks: [{ id: 'trk_h', title: IMG, author: SCRIPT, durationS: 10, previewUrl: 'javascript:alert(1)', coverUrl: 'http://cdn.example/c.jpg' }],
      initial: {
        planId: 'plan_d',
        draft: {
          containerId: container.id,
          action: 'publish',
          targets: [{ socialAccountId: 'sa_h', mode: 'publish', captionOverride: SCRIPT }],
        },
      },
      checkDelay: 5,
      saveDelay: 30,
      onQueued: vi.fn(),
      onDraftId: vi.fn(),
    });
    const reason = await screen.findByTestId('publish-reason');
    expect(reason).toHaveTextContent(`@${BOLD}: Caption: ${IMG}`);
    expect(screen.getAllByText(`@${BOLD}`, { exact: false }).length).toBeGreaterThan(0);
    assertNoInjectedMarkup();
  });
});
