// The composer's line to the backend: core checks the draft as it is typed (the newest check
// wins), saves it as a draft in order (one save at a time), and queues it. The form itself
// stays in the component; this holds only what the backend answered.
import type { Issue, PlanDraft, PlanSummary } from './bindings';
import { issuesFromError } from './composer';
import * as ipc from './ipc';

/** A failed check (the store busy for a moment) is tried this many more times. */
const CHECK_RETRIES = 3;
const CHECK_RETRY_MS = 1000;

export class DraftSync {
  issues = $state<Issue[]>([]);
  checkError = $state<string | null>(null);
  /** The draft this composer saves into, once it has one. */
  draftId = $state<string | null>(null);
  saveState = $state<'idle' | 'saving' | 'saved' | 'error'>('idle');
  saveError = $state<string | null>(null);

  #checkSeq = 0;
  #chain: Promise<void> = Promise.resolve();
  #lastSaved = '';
  #onDraftId: ((id: string) => void) | undefined;

  constructor(initial: { planId: string; draft: PlanDraft } | null, onDraftId?: (id: string) => void) {
    this.#onDraftId = onDraftId;
    if (initial) {
      this.draftId = initial.planId;
      this.#lastSaved = JSON.stringify(initial.draft);
      this.saveState = 'saved';
    }
  }

  /** Checks the draft (as JSON) after `delay` ms; returns what cancels it. A newer check,
   * or an empty draft, drops the answer of an older one. */
  check(json: string, delay: number): () => void {
    const seq = ++this.#checkSeq;
    if (json === '') {
      this.issues = [];
      this.checkError = null;
      return () => {};
    }
    let timer: ReturnType<typeof setTimeout>;
    const attempt = async (left: number) => {
      try {
        const found = await ipc.checkPlan(JSON.parse(json) as PlanDraft);
        if (seq !== this.#checkSeq) return;
        this.issues = found;
        this.checkError = null;
      } catch (e) {
        if (seq !== this.#checkSeq) return;
        this.checkError = ipc.toIpcError(e).message;
        if (left > 0) timer = setTimeout(() => void attempt(left - 1), CHECK_RETRY_MS);
      }
    };
    timer = setTimeout(() => void attempt(CHECK_RETRIES), delay);
    return () => clearTimeout(timer);
  }

  /** The draft differs from what was last saved. */
  unsaved(json: string): boolean {
    return json !== '' && json !== this.#lastSaved;
  }

  /** Saves the draft after any save still running. */
  save(json: string): Promise<void> {
    const run = async () => {
      if (json === '' || (json === this.#lastSaved && this.draftId !== null)) return;
      this.saveState = 'saving';
      const body = JSON.parse(json) as PlanDraft;
      try {
        let plan: PlanSummary;
        try {
          plan = await ipc.saveDraft(this.draftId, body);
        } catch (e) {
          const err = ipc.toIpcError(e);
          // The draft was queued or deleted elsewhere: keep the work as a new draft.
          if (this.draftId === null || err.code !== 'STATE_CONFLICT') throw err;
          plan = await ipc.saveDraft(null, body);
        }
        if (this.draftId !== plan.id) {
          this.draftId = plan.id;
          this.#onDraftId?.(plan.id);
        }
        this.#lastSaved = json;
        this.saveState = 'saved';
        this.saveError = null;
      } catch (e) {
        this.saveState = 'error';
        this.saveError = ipc.toIpcError(e).message;
      }
    };
    this.#chain = this.#chain.then(run, run);
    return this.#chain;
  }

  /** Resolves when no save is running. */
  settled(): Promise<void> {
    return this.#chain;
  }

  /** Queues the draft: the saved draft with this text, or a new plan when none was saved.
   * A refusal's rule issues replace the shown ones; the error is thrown on. */
  async queue(json: string): Promise<PlanSummary> {
    await this.#chain;
    const body = JSON.parse(json) as PlanDraft;
    try {
      if (this.draftId === null) return await ipc.queuePlan(body);
      await ipc.saveDraft(this.draftId, body);
      this.#lastSaved = json;
      return await ipc.queueDraft(this.draftId);
    } catch (e) {
      const err = ipc.toIpcError(e);
      const found = issuesFromError(err);
      if (found.length > 0) this.issues = found;
      throw err;
    }
  }
}
