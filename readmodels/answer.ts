/**
 * An update's (or a query's) result, or the reason it got none, in the terms
 * both the CLI and the web answer a person in: the engine refused (its own
 * words), the item is closed (已销号: its workflow has ended), or there is no
 * such item.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';

export type UpdateOutcome<T> =
  | { ok: true; answer: T }
  | { ok: false; why: 'refused'; reason: string }
  | { ok: false; why: 'closed' }
  | { ok: false; why: 'missing' };

export async function outcomeOf<T>(handle: WorkflowHandle, run: (h: WorkflowHandle) => Promise<T>): Promise<UpdateOutcome<T>> {
  try {
    return { ok: true, answer: await run(handle) };
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) return { ok: false, why: 'refused', reason: (err.cause as Error | undefined)?.message ?? err.message };
    if (err instanceof WorkflowNotFoundError || /already completed/i.test(String((err as Error).message))) {
      // A closed item's workflow has ended: say so rather than "not found".
      const closed = await handle.describe().then((d) => d.status.name === 'COMPLETED', () => false);
      return { ok: false, why: closed ? 'closed' : 'missing' };
    }
    throw err;
  }
}
