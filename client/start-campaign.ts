/**
 * Starting a campaign: the campaign workflow (idempotent: the same campaign id
 * finds the running workflow) and its items in batches. Starting twice adds
 * nothing twice: the campaign knows its items by key. Returns once every item
 * workflow is running, so the next command finds them.
 */
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/client';
import type { CampaignPlan } from '../domain/types';
import { LIMITS } from '../domain/limits';
import { campaignWorkflow } from '../workflows/campaign';
import { addItemsUpdate, campaignSnapshotQuery, campaignWorkflowId, CampaignIdKey, TASK_QUEUE } from '../workflows/messages';
import { say, UserError } from './common';
import type { MailPolicy } from '../workflows/mail';

export interface StartResult { workflowId: string; added: number; known: number }

export interface StartOptions {
  clockOffsetMs?: number;
  taskQueue?: string;
  historyLimit?: number;
  itemHistoryLimit?: number;
  /** Timing of mail activities (tests shorten it; the defaults are production's). */
  mail?: MailPolicy;
  /** How long to wait for every item workflow to run (default 5 minutes). */
  waitMs?: number;
}

export async function startCampaign(client: Client, plan: CampaignPlan, opts: StartOptions = {}): Promise<StartResult> {
  const { items, ...settings } = plan;
  const workflowId = campaignWorkflowId(plan.id);
  let handle;
  try {
    handle = await client.workflow.start(campaignWorkflow, {
      workflowId,
      taskQueue: opts.taskQueue ?? TASK_QUEUE,
      args: [{ settings, clockOffsetMs: opts.clockOffsetMs, historyLimit: opts.historyLimit, itemHistoryLimit: opts.itemHistoryLimit, mail: opts.mail }],
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
  let added = 0;
  let known = 0;
  for (let i = 0; i < items.length; i += LIMITS.itemsPerBatch) {
    const r = await handle.executeUpdate(addItemsUpdate, { args: [items.slice(i, i + LIMITS.itemsPerBatch)] });
    added += r.added;
    known += r.known;
  }
  const deadline = Date.now() + (opts.waitMs ?? 300000);
  for (;;) {
    const { itemsToStart } = await handle.query(campaignSnapshotQuery);
    if (itemsToStart === 0) break;
    if (Date.now() > deadline) {
      throw new UserError(say(`仍有 ${itemsToStart} 个事项未启动：worker 是否在运行？（rectify worker）`,
        `${itemsToStart} items are not started yet: is a worker running? (rectify worker)`), 1);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { workflowId, added, known };
}
