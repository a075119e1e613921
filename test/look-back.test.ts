/**
 * 回头看 and reopening (issue 14, point 2) on the time-skipping server, mail over real SMTP: a long-term item keeps
 * getting its monthly reminder after acceptance; a closed item gets its 3-month look-back mail; the unit answers
 * that the problem came back and the item is in progress again, with the reopening in its history and its weekly
 * reminders back; a closed item takes an office note; a look-back answered "holds" ends the item's following.
 */
import { DateTime } from 'luxon';
import { startCampaign } from '../runtime/start-campaign';
import {
  campaignSnapshotQuery, campaignWorkflowId, itemSnapshotQuery, itemStart, itemWorkflowId, lookBackUpdate, noteUpdate, reopenItemUpdate, reviewCloseoutUpdate,
  submitCloseoutUpdate, type CampaignSnapshot, type CloseoutInput, type ItemSnapshot,
} from '../workflows/messages';
import { itemWorkflow } from '../workflows/item';
import { newRecord } from '../domain/item-record';
import { resumeEndedItem } from '../readmodels/resume';
import type { ReceivedMail } from '../runtime/mail-sink';
import { tinyPlan, useTimeSkippingWorker } from './support/env';

const servers = useTimeSkippingWorker();
const zone = 'Asia/Shanghai';
const at = (local: string): number => DateTime.fromISO(local, { zone }).toMillis();
const dim = (statement: string) => ({ statement, evidence: [`${statement}.pdf`] });
const closeout: CloseoutInput = {
  closeout: {
    solved: dim('已整改'), accountability: { statement: '无需追责', evidence: [], noneNeeded: true }, similarCases: dim('已排查'),
    mechanism: dim('已建制度'), by: '联络员',
  },
};

// Item 1 is long-term (长期坚持): accepted, it continues (持续整改). Items 2 and 3 close (已销号) on the first day.
const base = tinyPlan({ id: 'look-back' }, 3);
const plan = { ...base, items: base.items.map((it, i) => (i === 0 ? { ...it, kind: 'longTerm' as const } : it)) };

let mails: ReceivedMail[];
let two: ItemSnapshot;
let three: ItemSnapshot;
let beforeAnswer: ItemSnapshot;
let noteAnswer: string;
let campaign: CampaignSnapshot;
let resumed: { noted: string; after: string; reopened: ItemSnapshot };

beforeAll(async () => {
  const { env, mw } = servers;
  await mw.worker.runUntil(async () => {
    const offset = at('2023-07-10T09:00') - (await env.currentTimeMs());
    const until = async (local: string): Promise<void> => { await env.sleep(at(local) - ((await env.currentTimeMs()) + offset)); };
    await startCampaign(env.client, plan, { clockOffsetMs: offset });
    const item = (n: number) => env.client.workflow.getHandle(itemWorkflowId(plan.id, String(n)));
    for (const n of [1, 2, 3]) {
      await item(n).executeUpdate(submitCloseoutUpdate, { args: [closeout] });
      await item(n).executeUpdate(reviewCloseoutUpdate, { args: [{ accept: true, by: '专班办公室' }] });
    }
    noteAnswer = (await item(3).executeUpdate(noteUpdate, { args: [{ text: '群众来信反映已整改到位', by: '专班办公室' }] })).message;
    // Three months on (Tuesday 10 October 2023): the look-backs of items 2 and 3 are asked.
    await until('2023-10-10T12:00');
    beforeAnswer = await item(2).query(itemSnapshotQuery);
    await item(2).executeUpdate(lookBackUpdate, { args: [{ holds: false, note: '台账又出现漏登', by: '联络员2' }] });
    await item(3).executeUpdate(lookBackUpdate, { args: [{ holds: true, by: '联络员3' }] });
    // To the October bulletin: item 2 is reminded weekly again.
    await until('2023-11-01T12:00');
    [two, three] = await Promise.all([2, 3].map(async (n) => item(n).query(itemSnapshotQuery)));
    campaign = await env.client.workflow.getHandle(campaignWorkflowId(plan.id)).query(campaignSnapshotQuery);

    // An item closed before v0.5: its workflow ended on 销号 (a closed record, not followed). A note resumes it for
    // that entry, and it ends again; a reopening resumes it for good.
    const nine = { ...plan.items[2], id: '(9)', key: '9' };
    const now = at('2023-11-01T12:00');
    const start = itemStart({ settings: plan, campaignWorkflowId: campaignWorkflowId(plan.id), clockOffsetMs: offset }, nine);
    const carried = { ...newRecord(nine, now), state: 'closed' as const, cursorMs: now, reviews: [{ at: now, accepted: true, by: '专班办公室' }] };
    const old = await env.client.workflow.start(itemWorkflow, {
      workflowId: start.workflowId, taskQueue: 'rectify', args: [{ ...start.input, carried }], typedSearchAttributes: start.typedSearchAttributes,
    });
    await old.result();
    const noted = String(await resumeEndedItem(env.client, old));
    const latest = () => env.client.workflow.getHandle(start.workflowId);
    await latest().executeUpdate(noteUpdate, { args: [{ text: '销号后补记：已归档', by: '专班办公室' }] });
    const after = (await latest().result()).state;
    await resumeEndedItem(env.client, latest());
    await latest().executeUpdate(reopenItemUpdate, { args: [{ reason: '巡察回访发现问题反弹', by: '专班办公室' }] });
    resumed = { noted, after, reopened: await latest().query(itemSnapshotQuery) };
  });
  mails = mw.sink.messages;
}, 300000);

const to = (who: string, subject: string): ReceivedMail[] => mails.filter((m) => m.to.includes(`${who}@example.org`) && m.subject.startsWith(subject));
const moment = (m: ReceivedMail): string => String(m.headers['x-rectify-moment']);
/** The reminders' moments up to the October bulletin (the last part of the run goes on into November). */
const reminders = (who: string): string[] => to(who, '【周报告提醒】').map(moment).filter((m) => m < 'digest:2023-11');

test('a long-term item keeps getting its reminder once a month after acceptance', () => {
  // Accepted on 10 July: the first due time of August (Friday 4th) and of September and October ask for its report.
  expect(reminders('contact1')).toEqual([
    'digest:2023-08-03T12:00:00+08:00', 'digest:2023-08-31T12:00:00+08:00', expect.stringMatching(/^digest:2023-09-2\dT/),
  ]);
});

test('a closed item gets its 3-month look-back mail, and shows it as owed until the unit answers', () => {
  const asked = to('contact2', '【回头看】');
  expect(asked.map((m) => m.subject)).toEqual(['【回头看】示例整改：事项(2)']);
  expect(asked[0].text).toContain('已满 3 个月');
  expect(asked[0].text).toContain('rectify lookback');
  expect(beforeAnswer.status).toMatchObject({ state: 'closed', following: true, lookBackOwed: { months: 3 } });
  expect(beforeAnswer.lookBacks!.map((c) => [c.months, c.local.slice(0, 16), c.askedAt !== undefined])).toEqual([
    [3, '2023-10-10T09:00', true], [6, '2024-01-10T09:00', false],
  ]);
});

test('the unit says the problem came back: the item is in progress again, the reopening on record, its weekly reminders back', () => {
  expect(two.status.state).toBe('inProgress');
  expect(two.status.lookBackOwed).toBeUndefined();
  const from = two.log.findIndex((e) => e.what === 'lookBack');
  expect(two.log.slice(from, from + 4).map((e) => [e.what, e.by])).toEqual([
    ['lookBack', 'rectify'], ['lookBackAnswer', '联络员2'], ['reopen', '联络员2'], ['state', '联络员2'],
  ]);
  expect(two.log[from + 3].detail).toBe('closed → inProgress');
  // On the same deadline (passed on 28 September): the ladder acts on it as on any open item, and misses are counted again.
  expect(two.log.slice(from + 4).map((e) => e.what)).toEqual(expect.arrayContaining(['missed', 'escalation']));
  expect(two.decisions.at(-1)).toMatchObject({ reopened: true, by: '联络员2', instruction: expect.stringContaining('台账又出现漏登') });
  // The 6-month look-back of the first acceptance is dropped; a new acceptance would be looked back at anew.
  expect(two.lookBacks!.map((c) => [c.months, c.answer?.holds])).toEqual([[3, false]]);
  expect(to('contact2', '【重新打开】')).toHaveLength(1);
  expect(to('leader', '【重新打开】').map((m) => m.text).join()).toContain('台账又出现漏登');
  // Reminded before each weekly due time after the reopening (none while it was closed).
  expect(reminders('contact2')).toEqual([
    'digest:2023-10-12T12:00:00+08:00', 'digest:2023-10-19T12:00:00+08:00', 'digest:2023-10-26T12:00:00+08:00',
  ]);
  // The campaign's registry follows, and the October bulletin counts it as not completed, naming the reopening.
  expect(campaign.items.find((i) => i.id === '(2)')?.state).toBe('inProgress');
  const bulletin = to('office', '【月督查通报】').find((m) => m.subject.includes('2023-10'))!;
  expect(bulletin.text).toContain('共 3 个问题，已完成 1 个，基本完成、持续推进 1 个，未完成 1 个，完成率 33.33%');
  expect(bulletin.text).toContain('本月重新打开 1 项（(2)），按未完成计。');
});

test('a closed item takes an office note; answered "holds", it is followed until its last look-back', () => {
  expect(noteAnswer).toBe('已记录备注');
  expect(three.log.find((e) => e.what === 'note')).toMatchObject({ by: '专班办公室', detail: '群众来信反映已整改到位' });
  expect(three.status).toMatchObject({ state: 'closed', following: true });
  expect(three.lookBacks!.map((c) => [c.months, c.answer?.holds])).toEqual([[3, true], [6, undefined]]);
  expect(campaign.items.find((i) => i.id === '(3)')).toMatchObject({ state: 'closed', following: true });
});

test('an item closed before look-backs existed takes a note and a reopening: its ended run is resumed with its record', () => {
  expect(resumed.noted).toBe('true');
  // The note's run ended again once it had its entry.
  expect(resumed.after).toBe('closed');
  expect(resumed.reopened.status.state).toBe('inProgress');
  expect(resumed.reopened.log.slice(0, 6).map((e) => e.what)).toEqual(['started', 'continued', 'note', 'continued', 'reopen', 'state']);
  expect(resumed.reopened.decisions.at(-1)).toMatchObject({ reopened: true, instruction: '巡察回访发现问题反弹' });
});
