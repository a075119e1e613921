/**
 * 第二轮 (issue 14, point 4) on the time-skipping server: a first round of 4 items — 2 closed (已销号), 1 open
 * (整改中, 40%), 1 long-term accepted (持续整改) — and a second round naming it (`previous`). Exactly the open and
 * the long-term items come over, as they stood, linked both ways (the new record names the old one, the old one
 * says where it went), and the new round's bulletin, announcement, ledger and campaign list mark them. A missing
 * predecessor, the campaign itself as its predecessor and a colliding id are refused (exit 2), nothing started.
 */
import { DateTime } from 'luxon';
import { startCampaign } from '../runtime/start-campaign';
import { carryOver, describeCarryOver, markCarried } from '../runtime/rounds';
import { comparePlan, nothingToChange } from '../runtime/plan-changes';
import { UserError } from '../runtime/user-error';
import { collect } from '../documents/collect';
import { buildState } from '../documents/state';
import { bulletin } from '../documents/kinds';
import { announcement } from '../documents/model';
import { ledgerColumns } from '../documents/ledger';
import { renderText } from '../documents/text';
import { renderMarkdown } from '../documents/markdown';
import {
  campaignSnapshotQuery, campaignWorkflowId, itemSnapshotQuery, itemWorkflowId, reportUpdate, reviewCloseoutUpdate, submitCloseoutUpdate,
  type CampaignSnapshot, type CloseoutInput, type ItemSnapshot,
} from '../workflows/messages';
import type { CampaignPlan } from '../domain/types';
import type { CampaignState } from '../documents/state';
import { tinyPlan, useTimeSkippingWorker } from './support/env';

const servers = useTimeSkippingWorker();
const startMs = DateTime.fromISO('2023-07-10T09:00', { zone: 'Asia/Shanghai' }).toMillis();
// A close-out on four dimensions, each with its evidence (accountability: none needed).
const evidenced = (statement: string) => ({ statement, evidence: [`${statement}.pdf`] });
const closeout: CloseoutInput = { closeout: {
  solved: evidenced('问题已解决'), similarCases: evidenced('同类问题已排查'), mechanism: evidenced('制度已建立'), by: '联络员',
  accountability: { statement: '无需追责问责', evidence: [], noneNeeded: true },
} };

// Round one: (1) and (2) closed, (3) in progress at 40%, (4) long-term (长期坚持), accepted: 持续整改.
const first = tinyPlan({ id: 'round-one', name: '第一轮巡察整改' }, 4);
first.items[3] = { ...first.items[3], kind: 'longTerm' };
// Round two lists one new item (5) and item (3) again with a later deadline; (4) is not listed: it comes over as it is.
const base = tinyPlan({ id: 'round-two', name: '第二轮巡察整改', previous: 'round-one' }, 5);
const second: CampaignPlan = { ...base, items: [{ ...base.items[2], deadline: '2023-12-29' }, base.items[4]] };

let refusals: UserError[];
let lines: string[];
let carriedIds: string[];
let three: ItemSnapshot;
let four: ItemSnapshot;
let oldThree: ItemSnapshot;
let oldFour: ItemSnapshot;
let campaign: CampaignSnapshot;
let state: CampaignState;
let again: boolean;

const refused = async (p: Promise<unknown>): Promise<UserError> => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
};

beforeAll(async () => {
  const { env, mw } = servers;
  await mw.worker.runUntil(async () => {
    const offset = startMs - (await env.currentTimeMs());
    await startCampaign(env.client, first, { clockOffsetMs: offset });
    const item = (campaignId: string, n: number) => env.client.workflow.getHandle(itemWorkflowId(campaignId, String(n)));
    for (const n of [1, 2, 4]) {
      await item(first.id, n).executeUpdate(submitCloseoutUpdate, { args: [closeout] });
      await item(first.id, n).executeUpdate(reviewCloseoutUpdate, { args: [{ accept: true, by: '专班办公室' }] });
    }
    await item(first.id, 3).executeUpdate(reportUpdate, { args: [{ progress: '已完成制度修订初稿', percent: 40, by: 'contact3' }] });

    refusals = [
      await refused(carryOver(env.client, { ...second, previous: 'round-zero' }, 'zh', 'round-two.yaml')),
      await refused(carryOver(env.client, { ...second, previous: second.id }, 'zh', 'round-two.yaml')),
      // A new item numbered "3" beside round one's "(3)": the same key, another id.
      await refused(carryOver(env.client, { ...second, items: [{ ...second.items[0], id: '3' }, second.items[1]] }, 'zh', 'round-two.yaml')),
    ];

    const carry = await carryOver(env.client, second, 'zh', 'round-two.yaml');
    lines = describeCarryOver(carry, 'zh');
    carriedIds = carry.plan.items.map((i) => i.id);
    await startCampaign(env.client, carry.plan, { clockOffsetMs: offset });
    await markCarried(env.client, carry.plan, carry);
    // Started again: nothing to change, nothing missing, the old record noted once.
    const twice = await carryOver(env.client, second, 'zh', 'round-two.yaml');
    again = nothingToChange(await comparePlan(env.client, twice.plan));
    await markCarried(env.client, twice.plan, twice);

    [three, four, oldThree, oldFour] = await Promise.all([
      item(second.id, 3).query(itemSnapshotQuery), item(second.id, 4).query(itemSnapshotQuery),
      item(first.id, 3).query(itemSnapshotQuery), item(first.id, 4).query(itemSnapshotQuery),
    ]);
    campaign = await env.client.workflow.getHandle(campaignWorkflowId(second.id)).query(campaignSnapshotQuery);
    const c = await collect(env.client, second.id);
    state = buildState({ campaign: c.campaign, rows: c.rows, snapshots: c.snapshots, asOfMs: (await env.currentTimeMs()) + offset });
  });
});

test('a missing predecessor, the campaign itself and a colliding id are refused, where and what, in Chinese', () => {
  expect(refusals.map((r) => r.code)).toEqual([2, 2, 2]);
  expect(refusals[0].message).toContain('round-two.yaml: campaign.previous：上一轮整改工作 round-zero 不存在');
  expect(refusals[1].message).toContain('是本轮自己的编号');
  expect(refusals[2].message).toContain('事项 3 与上一轮 round-one 转入的事项 (3) 编号冲突');
  expect(refusals[2].message).toContain('整改工作 round-two 未启动');
});

test('exactly the open and the long-term items come over, as they stood, the file changing what it lists', () => {
  expect(lines).toEqual(['从上一轮 round-one（第一轮巡察整改）转入 2 个事项：(3)、(4)']);
  expect(carriedIds).toEqual(['(3)', '(5)', '(4)']);
  expect(campaign.items.map((i) => [i.id, i.state, i.percent, i.carriedFrom?.itemId])).toEqual([
    ['(3)', 'inProgress', 40, '(3)'], ['(4)', 'continuing', 0, '(4)'], ['(5)', 'notStarted', 0, undefined],
  ]);
  // (3) with the new file's deadline; (4) as the old record has it.
  expect(three.item.deadline).toBe('2023-12-29');
  expect(four.item.deadline).toBe(first.items[3].deadline);
  expect(four.status.state).toBe('continuing');
  expect(again).toBe(true);
});

test('linked both ways: the new record names the old one, the old one says where it went (once)', () => {
  expect(three.item.previous).toMatchObject({ campaignId: 'round-one', campaignName: '第一轮巡察整改', itemId: '(3)', state: 'inProgress', percent: 40 });
  expect(three.log.find((e) => e.what === 'carriedIn')?.detail).toBe('round-one (3): inProgress 40%');
  const notes = (s: ItemSnapshot) => s.log.filter((e) => e.what === 'note').map((e) => e.detail);
  expect(notes(oldThree)).toEqual(['已转入下一轮：round-two（第二轮巡察整改）事项 (3)']);
  expect(notes(oldFour)).toEqual(['已转入下一轮：round-two（第二轮巡察整改）事项 (4)']);
  // The old round's items keep their state there.
  expect([oldThree.status.state, oldFour.status.state]).toEqual(['inProgress', 'continuing']);
});

test("the new round's bulletin, announcement and ledger say which items carry over", () => {
  expect(state.counts).toMatchObject({ total: 3, carried: 2 });
  const mail = renderText(bulletin(state));
  expect(mail).toContain('其中上轮转入 2 项。');
  const md = renderMarkdown(announcement(state));
  expect(md).toContain('(4)（上轮转入）');
  expect(md).not.toContain('(5)（上轮转入）');
  const column = ledgerColumns(state).find((c) => c.header === '上轮转入')!;
  expect(state.items.map((i) => column.value(i))).toEqual(['round-one (3)', 'round-one (4)', '']);
});
