/**
 * startItemWorkflows: a batch of a campaign's item workflows started through the client (the
 * campaign calls this activity instead of starting children: a city's 10,000
 * items would be 10,000 children in one history, over Temporal's limit of
 * 2,000 pending children per run).
 *
 * Idempotent: a retried batch finds the items it already started running and
 * leaves them alone; an item that has ended (closed) is not started again.
 * Before starting them it lists the batch's items (事项名录, deps.listing: one
 * write per batch, the same rows again when retried), so that the board of a
 * campaign with desks finds every running item's title, section and leader.
 */
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { itemStart, PLAN_AHEAD_MS, type FirstPlan, type ItemStartCommon } from '../workflows/messages';
import type { CalendarSettings } from '../domain/calendar';
import type { ItemPlan } from '../domain/types';
import { newRecord, observe } from '../domain/item-record';
import { pool } from '../domain/pool';
import type { CalendarSettingsOf } from './calendar-settings';
import type { ItemListing } from './deps';
import { listedItem } from './stores';
import { planItem } from './plan-item-moments';
import type { RectifyActivities, StartItemsInput } from './types';

/** Starts at once (each start is one round trip to the server). */
const CONCURRENCY = 20;

async function startBatch(
  client: Client, input: StartItemsInput, firstPlan?: (common: ItemStartCommon, item: ItemPlan, nowMs: number) => FirstPlan,
): Promise<{ started: number; running: number }> {
  let started = 0;
  let running = 0;
  const { nowMs } = input;
  await pool(input.items, CONCURRENCY, async (item) => {
    const start = itemStart(input.common, item, nowMs !== undefined && firstPlan ? firstPlan(input.common, item, nowMs) : undefined);
    try {
      await client.workflow.start('itemWorkflow', {
        workflowId: start.workflowId, taskQueue: input.taskQueue, args: [start.input],
        typedSearchAttributes: start.typedSearchAttributes,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      started += 1;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      running += 1;
    }
  });
  return { started, running };
}

/**
 * A new item's first plan, as its first task would have asked the calendar
 * (from the campaign's clock, with every deadline already passed), and the
 * progress it starts with: not started, its light then, its first due time.
 * The working calendar is resolved once for a batch (`s`), not once per item.
 */
const firstPlanner = (s: CalendarSettings) => (common: ItemStartCommon, item: ItemPlan, nowMs: number): FirstPlan => {
  const { settings } = common;
  const untilMs = nowMs + PLAN_AHEAD_MS;
  const timeline = planItem({
    settings, ladder: settings.ladder, deadline: item.deadline, milestones: item.milestones, fromMs: nowMs, untilMs, catchUpFromMs: 0,
  }, s);
  // The progress it starts with, read the way the item itself reads it (every item started now sleeps through quiet moments).
  const { progress } = observe(newRecord(item, nowMs), {
    campaign: settings, timeline, now: nowMs, offset: common.clockOffsetMs ?? 0, quietMoments: true,
  }, 'green');
  return { fromMs: nowMs, untilMs, timeline, attributes: progress };
};

export const startItemWorkflows = (calendarSettings: CalendarSettingsOf, listing?: ItemListing): RectifyActivities['startItemWorkflows'] =>
  async (input) => {
    await listing?.list(input.common.settings.id, input.items.map(listedItem));
    return startBatch(Context.current().client, input, firstPlanner(calendarSettings(input.common.settings)));
  };
