// Benchmark, not a test: `npx vitest bench --run` prints how long mounting the queue list
// takes with 10,000 plans next to a screenful (50 plans, the floor), and one scroll update.
// jsdom, not WebKit: it shows the cost the list's size adds, not the real paint time.
import { cleanup, render } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { bench, describe } from 'vitest';
import { makePlan } from '../../test/fixtures';
import PlanList from './PlanList.svelte';

const plans = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    makePlan({ id: `pl_${i}`, containerCaption: `Post ${i}`, lastError: i % 7 === 0 ? { code: 'X', message: 'y', requestId: null } : null }),
  );
const many = plans(10_000);
const screenful = plans(50);

function mount(list: ReturnType<typeof plans>) {
  const scroller = document.createElement('div');
  scroller.style.overflowY = 'auto';
  document.body.appendChild(scroller);
  render(PlanList, { target: scroller, props: { plans: list, selectedId: null, onSelect: () => {} } });
  return scroller;
}

describe('PlanList mount (jsdom)', () => {
  bench('10,000 plans', () => {
    mount(many);
    cleanup();
    document.body.innerHTML = '';
  });
  bench('50 plans (floor)', () => {
    mount(screenful);
    cleanup();
    document.body.innerHTML = '';
  });
});

describe('PlanList scroll update, 10,000 plans (jsdom)', () => {
  let scroller: HTMLElement;
  let y = 0;
  bench(
    'scroll by one screen',
    () => {
      y = (y + 600) % 500_000;
      Object.defineProperty(scroller, 'scrollTop', { value: y, configurable: true });
      scroller.dispatchEvent(new Event('scroll'));
      flushSync();
      // Rows are 58 or 76 px high, so the row at y has an index between y/76 and y/58.
      const rows = scroller.querySelectorAll<HTMLElement>('[role="option"]');
      const first = Number(rows[0]?.dataset.index);
      const last = Number(rows[rows.length - 1]?.dataset.index);
      if (!(first <= y / 58 && last >= Math.floor(y / 76))) throw new Error('the window did not follow the scroll');
    },
    {
      setup: () => {
        scroller = mount(many);
        // jsdom has no layout: place the list as a browser would, scrolled up by y.
        const list = scroller.querySelector<HTMLElement>('[role="listbox"]')!;
        list.getBoundingClientRect = () => new DOMRect(0, -y, 0, 0);
      },
      teardown: () => {
        cleanup();
        document.body.innerHTML = '';
      },
    },
  );
});
