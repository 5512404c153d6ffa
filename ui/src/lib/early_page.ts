// The queue's first page, asked for at launch beside the status, so the list does not wait
// for the status to answer before its own read starts (one round trip less to the queue).
import type { PlanPage } from './bindings';
import * as ipc from './ipc';
import { PAGE_SIZE } from './plan_pages';

let early: Promise<PlanPage> | null = null;

/** Starts the read; it may fail (no connection yet), and is then simply not used. */
export function readEarly() {
  early = ipc.listPlansPage('queue', null, PAGE_SIZE);
  early.catch(() => {}); // handled by whoever takes it
}

/** The queue's first page: the early read once if there is one and it worked, else a read now. */
export async function firstQueuePage(): Promise<PlanPage> {
  const pending = early;
  early = null;
  if (pending) {
    try {
      return await pending;
    } catch {
      // read again below: the connection may be there now
    }
  }
  return ipc.listPlansPage('queue', null, PAGE_SIZE);
}
