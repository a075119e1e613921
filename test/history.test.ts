/**
 * Histories stay bounded: items and the campaign continue as new long before
 * Temporal's limits, and nothing of an item's record is lost on the way.
 * (Limits set low here so that half a year shows what two years would.)
 */
import { DateTime } from 'luxon';
import { startCampaign } from '../runtime/start-campaign';
import { campaignSnapshotQuery, campaignWorkflowId, itemSnapshotQuery, itemWorkflowId, reportUpdate } from '../workflows/messages';
import { tinyPlan, useTimeSkippingWorker } from './support/env';

const servers = useTimeSkippingWorker();

test('half a year of weekly cycles: items continue as new with their whole record', async () => {
  const plan = tinyPlan({ id: 'long', concentratedEnd: '2024-06-30' }, 2);
  plan.items = plan.items.map((i) => ({ ...i, deadline: '2024-06-30' }));
  const zone = 'Asia/Shanghai';
  const startMs = DateTime.fromISO('2023-07-10T00:00', { zone }).toMillis();
  const weeks = 26;
  const { env, mw } = servers;
  await mw.worker.runUntil(async () => {
    const offset = startMs - (await env.currentTimeMs());
    await startCampaign(env.client, plan, { clockOffsetMs: offset, historyLimit: 300, itemHistoryLimit: 120 });
    const item1 = env.client.workflow.getHandle(itemWorkflowId(plan.id, '1'));
    for (let week = 0; week < weeks; week++) {
      // Each Wednesday 10:00, item 1 reports; item 2 never does.
      const at = DateTime.fromISO('2023-07-12T10:00', { zone }).plus({ weeks: week }).toMillis();
      await env.sleep(at - ((await env.currentTimeMs()) + offset));
      await item1.executeUpdate(reportUpdate, { args: [{ progress: `第${week + 1}周进展`, percent: Math.min(100, 4 * (week + 1)), by: 'contact1' }] });
    }
    // Until Thursday 2024-01-11 00:00: 26 weekly cycles done, the 27th not yet due.
    await env.sleep(DateTime.fromISO('2024-01-11T00:00', { zone }).toMillis() - ((await env.currentTimeMs()) + offset));

    const one = await item1.query(itemSnapshotQuery);
    const two = await env.client.workflow.getHandle(itemWorkflowId(plan.id, '2')).query(itemSnapshotQuery);
    expect(one.log.filter((e) => e.what === 'continued').length).toBeGreaterThanOrEqual(1);
    expect(two.log.filter((e) => e.what === 'continued').length).toBeGreaterThanOrEqual(1);
    // Every report is still on record, in order.
    expect(one.reports.map((r) => r.progress)).toEqual(Array.from({ length: weeks }, (_, w) => `第${w + 1}周进展`));
    expect(one.status.state).toBe('inProgress');
    expect(one.status.light).toBe('green');
    // Item 2 missed all 26 due times; each was chased once, and the record kept them all.
    expect(two.escalations.filter((e) => e.rung === 'chase')).toHaveLength(weeks);
    expect(two.status.missedInARow).toBe(weeks);
    // The current run's history is small.
    const history = await item1.fetchHistory();
    expect(history.events?.length ?? 0).toBeLessThan(250);

    const campaign = await env.client.workflow.getHandle(campaignWorkflowId(plan.id)).query(campaignSnapshotQuery);
    expect(campaign.items.map((i) => [i.id, i.state, i.missedInARow])).toEqual([['(1)', 'inProgress', 0], ['(2)', 'notStarted', weeks]]);
    const campaignHistory = await env.client.workflow.getHandle(campaignWorkflowId(plan.id)).fetchHistory();
    expect(campaignHistory.events?.length ?? 0).toBeLessThan(500);
  });
  // Reminders kept coming to item 2's contact every week, across the continues-as-new, once each.
  // (The National Day week of 2023 is off from Sep 29 to Oct 6: its report is due on Saturday 10-07, a
  // working day, and its reminder goes out on Thursday 09-28 12:00, the last working day before, in one
  // mail with that day's chase: 【周报告提醒·催办】.)
  const reminders = mw.sink.messages.filter((m) => m.to.includes('contact2@example.org') && m.subject.startsWith('【周报告提醒'));
  expect(reminders).toHaveLength(weeks);
  expect(new Set(reminders.map((m) => m.messageId)).size).toBe(weeks);
}, 300000);
