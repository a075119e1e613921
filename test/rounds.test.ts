/**
 * 第二轮 (issue 14, point 4) on the time-skipping server: a first round of 4 items — 2 closed (已销号), 1 open
 * (整改中, 40%), 1 long-term accepted (持续整改) — and a second round naming it (`previous`). Exactly the open and
 * the long-term items come over, as they stood, linked both ways (the new record names the old one, the old one
 * says where it went), and the new round's bulletin, announcement, ledger and campaign list mark them. A missing
 * predecessor, the campaign itself as its predecessor and a colliding id are refused (exit 2), nothing started.
 * The old items are handed over (已转入下一轮) once: over the next two weeks their contact hears from the new round
 * only, the old round counts them apart and refuses their reports, naming the new round's item.
 */
import { DateTime } from 'luxon';
import { startCampaign } from '../runtime/start-campaign';
import { carryOver, describeCarryOver, handOver } from '../runtime/rounds';
import { outcomeOf, type UpdateOutcome } from '../readmodels/answer';
import { comparePlan, nothingToChange } from '../runtime/plan-changes';
import { UserError } from '../runtime/user-error';
import { collect } from '../documents/collect';
import { buildState } from '../documents/state';
import { bulletin } from '../documents/kinds';
import { announcement } from '../documents/model';
import { ledgerColumns } from '../documents/ledger';
import { renderText } from '../documents/text';
import { renderMarkdown } from '../documents/markdown';
import { noticeRows, noticeStateLabel, waitsForReply } from '../documents/notice';
import {
  campaignSnapshotQuery, campaignWorkflowId, itemSnapshotQuery, itemWorkflowId, reportUpdate, reviewCloseoutUpdate, submitCloseoutUpdate,
  type CampaignSnapshot, type CloseoutInput, type ItemSnapshot,
} from '../workflows/messages';
import type { CampaignPlan } from '../domain/types';
import type { CampaignState } from '../documents/state';
import { tinyPlan, useTimeSkippingWorker } from './support/env';
import { itemPage } from '../web/pages';

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
let linesAgain: string[];
let handed: number[];
let oldState: CampaignState;
let oldCampaign: CampaignSnapshot;
let refusedReport: UpdateOutcome<unknown>;
let mails: { to: string[]; subject: string }[];

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
    handed = [await handOver(env.client, carry.plan, carry, 'zh')];
    // Started again: the same items carried, nothing to change, nothing missing, nothing handed over twice.
    const twice = await carryOver(env.client, second, 'zh', 'round-two.yaml');
    linesAgain = describeCarryOver(twice, 'zh');
    again = nothingToChange(await comparePlan(env.client, twice.plan));
    await startCampaign(env.client, twice.plan, { clockOffsetMs: offset });
    handed.push(await handOver(env.client, twice.plan, twice, 'zh'));

    // Two weeks on (reminders on Thursdays, reports due on Fridays): what the contacts of the carried items hear.
    await env.sleep(DateTime.fromISO('2023-07-21T18:00', { zone: 'Asia/Shanghai' }).toMillis() - ((await env.currentTimeMs()) + offset));
    mails = mw.sink.messages.map((m) => ({ to: m.to, subject: m.subject }));
    refusedReport = await outcomeOf(item(first.id, 3), (h) => h.executeUpdate(reportUpdate, { args: [{ progress: '继续推进', percent: 60, by: 'contact3' }] }), 'zh');

    [three, four, oldThree, oldFour] = await Promise.all([
      item(second.id, 3).query(itemSnapshotQuery), item(second.id, 4).query(itemSnapshotQuery),
      item(first.id, 3).query(itemSnapshotQuery), item(first.id, 4).query(itemSnapshotQuery),
    ]);
    campaign = await env.client.workflow.getHandle(campaignWorkflowId(second.id)).query(campaignSnapshotQuery);
    oldCampaign = await env.client.workflow.getHandle(campaignWorkflowId(first.id)).query(campaignSnapshotQuery);
    const stateOf = async (id: string): Promise<CampaignState> => {
      const c = await collect(env.client, id);
      return buildState({ campaign: c.campaign, rows: c.rows, snapshots: c.snapshots, asOfMs: (await env.currentTimeMs()) + offset });
    };
    [state, oldState] = [await stateOf(second.id), await stateOf(first.id)];
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

test('linked both ways: the new record names the old one, the old one records its handover (once)', () => {
  expect(three.item.previous).toMatchObject({ campaignId: 'round-one', campaignName: '第一轮巡察整改', itemId: '(3)', state: 'inProgress', percent: 40 });
  expect(three.log.find((e) => e.what === 'carriedIn')?.detail).toBe('round-one (3): inProgress 40%');
  const handovers = (s: ItemSnapshot) => s.log.filter((e) => e.what === 'carriedOut').map((e) => `${e.by}: ${e.detail}`);
  expect(handovers(oldThree)).toEqual(['rectify: 已转入下一轮：round-two（第二轮巡察整改）事项 (3)（转出时整改中，40%）；本轮不再报送、提醒和督办']);
  expect(handovers(oldFour)).toEqual(['rectify: 已转入下一轮：round-two（第二轮巡察整改）事项 (4)（转出时持续整改，0%）；本轮不再报送、提醒和督办']);
  expect(oldThree.carriedOut).toMatchObject({ campaignId: 'round-two', campaignName: '第二轮巡察整改', itemId: '(3)', by: 'rectify', state: 'inProgress', percent: 40 });
  // Handed over once: the start run again found both handed over and sent nothing; it carried the same items.
  expect(handed).toEqual([2, 0]);
  expect(linesAgain).toEqual(lines);
  expect([oldThree.status.state, oldFour.status.state]).toEqual(['carriedOut', 'carriedOut']);
  expect(oldThree.status.carriedTo).toEqual({ campaignId: 'round-two', itemId: '(3)' });
});

test('the old round follows the carried items no more: their contacts hear from the new round only, their reports are refused there', () => {
  const to = (who: string) => mails.filter((m) => m.to.includes(`${who}@example.org`)).map((m) => m.subject);
  // (3) reported in the first week, (5) did not: both are reminded by the new round; the old round mails nobody about (3) or (4).
  expect(to('contact3').filter((s) => s.includes('第一轮巡察整改'))).toEqual([]);
  expect(to('contact3')).toContain('【周报告提醒】第二轮巡察整改：请于 2023年7月21日（周五）12:00 前报送整改进展');
  // (4)'s contact heard of its acceptance, before the handover, and nothing since.
  expect(to('contact4').filter((s) => s.includes('第一轮巡察整改'))).toEqual(['【销号审核】第一轮巡察整改：事项(4)']);
  expect(mails.filter((m) => m.subject.includes('第一轮巡察整改') && m.subject.includes('周报告提醒'))).toEqual([]);
  expect(refusedReport).toEqual({
    ok: false, why: 'refused',
    reason: '(3): 事项已转入下一轮整改：round-two（第二轮巡察整改）事项 (3)，本轮不再接受报送或调度，请在该事项中报送和办理（rectify report "(3)" --campaign round-two）',
  });
  // The old round's form link, opened by the contact: no form, and where to report instead of a bare "not open".
  const page = itemPage({ lang: 'zh', zone: 'Asia/Shanghai', snapshot: oldThree, person: 'contact3' });
  expect(page).not.toContain('<form');
  expect(page).toContain('事项已转入下一轮整改：round-two（第二轮巡察整改）事项 (3)');
  expect(page).not.toContain('此事项已不接受在线报送');
});

test("the old round's list, counts and bulletin show the carried items apart: neither completed nor open nor overdue", () => {
  expect(oldCampaign.items.map((i) => [i.id, i.state])).toEqual([['(1)', 'closed'], ['(2)', 'closed'], ['(3)', 'carriedOut'], ['(4)', 'carriedOut']]);
  expect(oldState.counts).toMatchObject({ total: 4, done: 2, continuing: 0, open: 0, carriedOut: 2 });
  expect(oldState.late).toEqual([]);
  const mail = renderText(bulletin(oldState));
  expect(mail).toContain('共 4 个问题，已完成 2 个，基本完成、持续推进 0 个，未完成 0 个，完成率 50.00%。已转入下一轮 2 项。');
  expect(mail).toContain('已转入下一轮 2 项（(3) → round-two (3)、(4) → round-two (4)），本轮不再督促，不计为已完成或逾期。');
  expect(mail).toContain('综合部  事项数 2  已完成 1  基本完成、持续推进 0  未完成 0  已转入下一轮 1  完成率 50.00%');
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

test('a 督办单 left open at the handover is listed as carried over with its item, no longer waiting for a reply', () => {
  const notice = {
    number: '督办〔2023〕第1号', year: 2023, n: 1, rung: 'supervision', level: 'supervision' as const, notice: '督办单(黄)', cycle: 'w0',
    issuedAt: 0, issuedLocal: '2023-07-19T12:00:00+08:00', replyBy: '2023-07-26', replyDueAt: 0, replyDueLocal: '2023-07-27T08:30:00+08:00', to: [], reason: '',
  };
  const rows = noticeRows([
    { ...oldThree, notices: [{ ...notice, carriedOver: { at: 0, campaignId: 'round-two', itemId: '(3)' } }] },
    { ...three, notices: [{ ...notice, n: 2, number: '督办〔2023〕第2号' }] },
  ]);
  expect(rows.map((r) => [r.number, r.state, noticeStateLabel(r.state, 'zh'), waitsForReply(r)])).toEqual([
    ['督办〔2023〕第1号', 'carried', '随事项转入下一轮', false], ['督办〔2023〕第2号', 'open', '待回复', true],
  ]);
});
