/**
 * Starting a campaign: the campaign workflow (idempotent: the same campaign id
 * finds the running workflow) and its items in batches. Starting twice adds
 * nothing twice: the campaign knows its items by key. Returns once every item
 * workflow is running, so the next command finds them.
 */
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, WorkflowUpdateFailedError } from '@temporalio/client';
import type { CampaignPlan } from '../domain/types';
import { LIMITS } from '../domain/limits';
import { desksFor } from '../domain/desks';
import { campaignWorkflow } from '../workflows/campaign';
import { addItemsUpdate, campaignProgressQuery, campaignTaskQueue, campaignWorkflowId, CampaignIdKey, TASK_QUEUE } from '../workflows/messages';
import { say } from '../config/language';
import { UserError } from './user-error';
import type { MailPolicy } from '../workflows/mail';

export interface StartResult { workflowId: string; added: number; known: number }

export interface StartOptions {
  clockOffsetMs?: number;
  /** The items' task queue (default `rectify`); the campaign runs on campaignTaskQueue of it. */
  taskQueue?: string;
  historyLimit?: number;
  itemHistoryLimit?: number;
  /** Timing of mail activities (tests shorten it; the defaults are production's). */
  mail?: MailPolicy;
  /** How long to wait for every item workflow to run (default 5 minutes; a large campaign gets more, per item). */
  waitMs?: number;
  /** 收发室: desks sharing out the digests (default: by the number of items, domain/desks.ts). */
  desks?: number;
}

/** Items handed over but not yet started, at most: a city's campaign is handed over as fast as it starts, not all at once. */
const HANDED_OVER_AHEAD = 1000;

/** Bytes of items per update, at most: Temporal refuses payloads over 2 MB, and large items are allowed (domain/limits.ts). */
const BATCH_BYTES = 1_000_000;

/** [first, end) of each update: at most LIMITS.itemsPerBatch items and BATCH_BYTES of JSON (a single larger item goes alone). */
export function batchesOf(items: unknown[]): [number, number][] {
  const out: [number, number][] = [];
  let first = 0;
  let bytes = 0;
  items.forEach((item, n) => {
    const size = Buffer.byteLength(JSON.stringify(item));
    if (n > first && (n - first >= LIMITS.itemsPerBatch || bytes + size > BATCH_BYTES)) {
      out.push([first, n]);
      first = n;
      bytes = 0;
    }
    bytes += size;
  });
  if (items.length > first) out.push([first, items.length]);
  return out;
}

export async function startCampaign(client: Client, plan: CampaignPlan, opts: StartOptions = {}): Promise<StartResult> {
  const { items, ...settings } = plan;
  const workflowId = campaignWorkflowId(plan.id);
  // The campaign on its own queue, its items on the worker's: a city's backlog of item tasks never delays it.
  const itemTaskQueue = opts.taskQueue ?? TASK_QUEUE;
  let handle;
  try {
    handle = await client.workflow.start(campaignWorkflow, {
      workflowId,
      taskQueue: campaignTaskQueue(itemTaskQueue),
      args: [{
        settings, clockOffsetMs: opts.clockOffsetMs, historyLimit: opts.historyLimit, itemHistoryLimit: opts.itemHistoryLimit, mail: opts.mail,
        desks: opts.desks ?? desksFor(items.length), itemTaskQueue,
      }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      // A campaign that has ended (every item closed) is not started again by accident.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [{ key: CampaignIdKey, value: plan.id }],
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      throw new UserError(say(`整改工作 ${plan.id} 已经结束（全部销号），不会重新启动；如需新一轮整改，请使用新的 campaign.id`,
        `campaign ${plan.id} has ended (every item closed) and is not started again; use a new campaign.id for a new round`));
    }
    throw err;
  }
  const deadline = Date.now() + (opts.waitMs ?? 300000 + 100 * items.length);
  /** Waits until at most `most` items are still to start; refuses to wait past the deadline. */
  const startedDownTo = async (most: number): Promise<void> => {
    for (;;) {
      const { itemsToStart } = await handle.query(campaignProgressQuery);
      if (itemsToStart <= most) return;
      if (Date.now() > deadline) {
        throw new UserError(say(`仍有 ${itemsToStart} 个事项未启动：worker 是否在运行？（rectify worker）`,
          `${itemsToStart} items are not started yet: is a worker running? (rectify worker)`), 1);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  let added = 0;
  let known = 0;
  for (const [i, end] of batchesOf(items)) {
    if (i >= HANDED_OVER_AHEAD) await startedDownTo(HANDED_OVER_AHEAD - LIMITS.itemsPerBatch);
    let r;
    try {
      r = await handle.executeUpdate(addItemsUpdate, { args: [items.slice(i, end)] });
    } catch (err) {
      if (!(err instanceof WorkflowUpdateFailedError)) throw err;
      const why = (err.cause as Error | undefined)?.message ?? err.message;
      throw new UserError(say(`整改工作 ${plan.id} 拒绝了第 ${i + 1} 至 ${end} 个事项：${why}（再次运行 rectify start 会补上其余事项）`,
        `campaign ${plan.id} refused items ${i + 1} to ${end}: ${why} (running rectify start again adds the rest)`), 1);
    }
    added += r.added;
    known += r.known;
  }
  await startedDownTo(0);
  return { workflowId, added, known };
}
