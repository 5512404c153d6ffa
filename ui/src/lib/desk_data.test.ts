import { describe, expect, it, vi } from 'vitest';
import { invoke } from '@tauri-apps/api/core';
import { deferred, makeEvent, makePlan, routeInvoke } from '../test/fixtures';
import type { TimelineEvent } from './bindings';
import { DeskData, latestWins } from './desk_data.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

describe('latestWins', () => {
  it('applies only the newest read, whichever answers last', async () => {
    const read = latestWins();
    const slow = deferred<string>();
    const applied: string[] = [];
    const failed: unknown[] = [];
    const first = read(() => slow.promise, (v) => applied.push(v), (e) => failed.push(e));
    await read(() => Promise.resolve('second'), (v) => applied.push(v), (e) => failed.push(e));
    slow.resolve('first');
    await first;
    expect(applied).toEqual(['second']);
    // A failure of an older read is dropped as well.
    const third = read(() => Promise.reject(new Error('old')), (v) => applied.push(v), (e) => failed.push(e));
    await read(() => Promise.resolve('fourth'), (v) => applied.push(v), (e) => failed.push(e));
    await third;
    expect(applied).toEqual(['second', 'fourth']);
    expect(failed).toEqual([]);
  });
});

describe('DeskData timeline', () => {
  it("shows the plan picked last, not the one whose timeline answered last", async () => {
    const answers = new Map<string, ReturnType<typeof deferred<TimelineEvent[]>>>();
    routeInvoke(invoke, {
      get_timeline: (args) => {
        const d = deferred<TimelineEvent[]>();
        answers.set(String(args?.planId), d);
        return d.promise;
      },
    });
    const data = new DeskData();
    const a = data.showTimeline('pl_a');
    const b = data.showTimeline('pl_b');
    answers.get('pl_b')!.resolve([makeEvent({ detail: 'b' })]);
    await b;
    answers.get('pl_a')!.resolve([makeEvent({ detail: 'a' })]);
    await a;
    expect(data.timeline?.map((e) => e.detail)).toEqual(['b']);
    // Picking no plan drops a read still on its way.
    const c = data.showTimeline('pl_c');
    await data.showTimeline(null);
    answers.get('pl_c')!.resolve([makeEvent({ detail: 'c' })]);
    await c;
    expect(data.timeline).toBeNull();
  });
});

describe('DeskData queue filters', () => {
  it('reads the picked filter from the top, and a late page of the one before is dropped', async () => {
    const pages = new Map<string, ReturnType<typeof deferred<unknown>>>();
    routeInvoke(invoke, {
      list_plans_page: (args) => {
        const d = deferred<unknown>();
        pages.set(String(args?.kind), d);
        return d.promise;
      },
    });
    const data = new DeskData();
    const all = data.filterQueue('scheduled').then(() => {});
    const failed = data.filterQueue('failed');
    expect(data.queueKind).toBe('failed');
    expect(data.plans).toBeNull();
    await vi.waitFor(() => expect([...pages.keys()].sort()).toEqual(['failed', 'scheduled']));
    pages.get('failed')!.resolve({ plans: [makePlan({ id: 'pl_failed', state: 'rejected' })], next: null });
    await failed;
    pages.get('scheduled')!.resolve({ plans: [makePlan({ id: 'pl_sched' })], next: null });
    await all;
    expect(data.plans?.map((p) => p.id)).toEqual(['pl_failed']);
    expect(vi.mocked(invoke)).toHaveBeenCalledWith('list_plans_page', { kind: 'failed', after: null, limit: 100 });
  });
});
