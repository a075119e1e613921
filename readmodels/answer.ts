/**
 * An update's (or a query's) result, or the reason it got none, in the terms
 * both the CLI and the web answer a person in: the engine refused (its own
 * words), the item is closed (已销号: its workflow has ended), or there is no
 * such item.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { Language } from '../domain/i18n';
import { carriedOutRefusal } from '../domain/rules';
import { itemSnapshotQuery } from '../workflows/messages';

export type UpdateOutcome<T> =
  | { ok: true; answer: T }
  | { ok: false; why: 'refused'; reason: string }
  | { ok: false; why: 'closed' }
  | { ok: false; why: 'missing' };

/**
 * `lang`: the words of a refusal this module makes itself — an item carried into the next round (已转入下一轮) has
 * ended its workflow in this round, and the refusal names the next round's item that takes its reports.
 */
export async function outcomeOf<T>(handle: WorkflowHandle, run: (h: WorkflowHandle) => Promise<T>, lang: Language = 'zh'): Promise<UpdateOutcome<T>> {
  try {
    return { ok: true, answer: await run(handle) };
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) return { ok: false, why: 'refused', reason: (err.cause as Error | undefined)?.message ?? err.message };
    if (err instanceof WorkflowNotFoundError || /already completed/i.test(String((err as Error).message))) {
      // A closed item's workflow has ended: say so rather than "not found".
      const closed = await handle.describe().then((d) => d.status.name === 'COMPLETED', () => false);
      if (!closed) return { ok: false, why: 'missing' };
      const snap = await handle.query(itemSnapshotQuery).catch(() => undefined);
      if (snap?.status.state === 'carriedOut') return { ok: false, why: 'refused', reason: `${snap.item.id}: ${carriedOutRefusal(snap.carriedOut, lang)}` };
      return { ok: false, why: 'closed' };
    }
    throw err;
  }
}
