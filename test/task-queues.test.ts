/**
 * The campaign runs on its own task queue (workflows/messages.ts campaignTaskQueue): a city's backlog of item
 * tasks never delays its queries — `rectify status`, the office board and `rectify start`'s own progress
 * read the campaign — nor its reminder moments.
 */
import { readCampaign } from '../readmodels/campaign';
import { startCampaign } from '../runtime/start-campaign';
import { campaignTaskQueue, campaignWorkflowId, itemWorkflowId, TASK_QUEUE } from '../workflows/messages';
import { tinyPlan, useTimeSkippingWorker } from './support/env';

const t = useTimeSkippingWorker();

test('with no item task run yet (items swamped), the campaign starts every item and answers for them', async () => {
  const { client } = t.env;
  const plan = tinyPlan({ id: 'swamped' }, 3);
  // Only the campaigns' worker polls: every item task waits, as behind 4,000 others on a city's start.
  const r = await t.mw.worker.campaigns.runUntil(async () => {
    const started = await startCampaign(client, plan, { waitMs: 60000 });
    return { started, snapshot: await readCampaign(client, plan.id) };
  });
  expect(r.started.added).toBe(3);
  expect(r.snapshot?.items.map((i) => [i.id, i.state])).toEqual([['(1)', 'notStarted'], ['(2)', 'notStarted'], ['(3)', 'notStarted']]);
  const campaign = await client.workflow.getHandle(campaignWorkflowId(plan.id)).describe();
  expect(campaign.taskQueue).toBe(campaignTaskQueue(TASK_QUEUE));
  const item = await client.workflow.getHandle(itemWorkflowId(plan.id, '1')).describe();
  expect(item.taskQueue).toBe(TASK_QUEUE);
  // The items were started and have not run a task: they waited for the items' worker.
  expect(item.historyLength).toBeLessThanOrEqual(2);
  // The items' worker runs at last (and lets go of the connection): the items take their first task.
  const ran = await t.mw.worker.items.runUntil(async () => {
    for (let i = 0; i < 100; i++) {
      const d = await client.workflow.getHandle(itemWorkflowId(plan.id, '1')).describe();
      if (d.historyLength > 2) return d.historyLength;
      await new Promise((res) => setTimeout(res, 100));
    }
    return 0;
  });
  expect(ran).toBeGreaterThan(2);
});
