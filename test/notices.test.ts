/**
 * 督办单 as tracked documents (issue 14, point 1): a silent item gets one numbered 督办单(黄), then one (红) only
 * after its reply deadline (限期回复) passes, never the same notice twice; the unit's reply closes a notice and stops
 * the climb; numbers are consecutive across items. Two items of the default ladder on the time-skipping server,
 * mails over real SMTP.
 */
import { DateTime } from 'luxon';
import mammoth from 'mammoth';
import { startCampaign } from '../runtime/start-campaign';
import { itemSnapshotQuery, itemWorkflowId, noticeReplyUpdate, type ItemSnapshot } from '../workflows/messages';
import type { ReceivedMail } from '../runtime/mail-sink';
import { tinyPlan, useTimeSkippingWorker } from './support/env';

const servers = useTimeSkippingWorker();
const zone = 'Asia/Shanghai';
const at = (local: string): number => DateTime.fromISO(local, { zone }).toMillis();

let notices: ReceivedMail[];
let one: ItemSnapshot;
let two: ItemSnapshot;
let replyAnswer: string;
let repeatRefusal: string;

beforeAll(async () => {
  // Reports due Fridays 12:00 from Monday 2023-07-10; nobody ever reports.
  const plan = tinyPlan({ id: 'notices' }, 2);
  const { env, mw } = servers;
  await mw.worker.runUntil(async () => {
    const offset = at('2023-07-10T00:00') - (await env.currentTimeMs());
    const until = async (local: string): Promise<void> => { await env.sleep(at(local) - ((await env.currentTimeMs()) + offset)); };
    await startCampaign(env.client, plan, { clockOffsetMs: offset });
    const item = (n: number) => env.client.workflow.getHandle(itemWorkflowId(plan.id, String(n)));
    // Wednesday 07-19 12:00, three working days after the first missed report: both items get their 督办单(黄).
    await until('2023-07-21T10:00');
    const numberOfTwo = (await item(2).query(itemSnapshotQuery)).notices![0].number;
    // Item 2's unit answers on Friday; item 1's never does.
    replyAnswer = (await item(2).executeUpdate(noticeReplyUpdate, {
      args: [{ notice: numberOfTwo, measures: '明确专人每周报送，补报第一周进展', date: '2023-07-28', by: '联络员2' }],
    })).message;
    repeatRefusal = await item(2).executeUpdate(noticeReplyUpdate, { args: [{ notice: numberOfTwo, measures: '再次回复', date: '2023-07-28', by: '联络员2' }] })
      .then(() => 'accepted', (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message));
    await until('2023-08-12T00:00');
    [one, two] = await Promise.all([1, 2].map(async (n) => item(n).query(itemSnapshotQuery)));
  });
  notices = mw.sink.messages.filter((m) => m.subject.startsWith('【督办单】'));
}, 240000);

const mailsOf = (item: string): ReceivedMail[] => notices.filter((m) => m.subject.endsWith(`（事项${item}）`));

test('a silent item gets one numbered 督办单(黄), then one (红) only after the reply deadline, never the same twice', () => {
  const mine = mailsOf('(1)');
  expect(one.notices!.map((n) => [n.notice, n.rung, n.issuedLocal.slice(0, 16), n.replyBy])).toEqual([
    ['督办单(黄)', 'supervision', '2023-07-19T12:00', '2023-07-26'],
    // Reply due by Wednesday 07-26; unanswered, the ladder climbs at the next working morning.
    ['督办单(红)', 'working-group', '2023-07-27T08:30', '2023-08-03'],
    ['督办单(红)', 'committee', '2023-08-04T08:30', '2023-08-11'],
  ]);
  // What went out when (the event record: the mails' Date header is the server's wall clock).
  const sent = servers.mw.events.events.filter((e) => e.kind === 'escalation' && e.item === '(1)');
  expect(sent.map((e) => [e.at.slice(0, 16), e.rung, e.number])).toEqual(one.notices!.map((n) => [n.issuedLocal.slice(0, 16), n.rung, n.number]));
  expect(mine.map((m) => m.messageId).sort()).toEqual(sent.map((e) => e.messageId).sort());
  expect(mine.map((m) => m.to)).toEqual([['leader@example.org'], ['leader@example.org', 'office@example.org'], ['secretary@example.org']]);
  // Five weekly cycles missed, yet no weekly 督办单: each notice once, with its own number.
  expect(one.status.missedInARow).toBe(5);
  expect(new Set(mine.map((m) => m.messageId)).size).toBe(mine.length);
  expect(new Set(one.notices!.map((n) => n.number)).size).toBe(3);
  expect(one.notices!.map((n) => n.reply === undefined && n.overdueAt !== undefined)).toEqual([true, true, false]);
});

test('numbers are consecutive across items, in the office format, per campaign and year', () => {
  const all = [...one.notices!, ...two.notices!].sort((a, b) => a.n - b.n);
  expect(all.map((n) => n.number)).toEqual(['督办〔2023〕第1号', '督办〔2023〕第2号', '督办〔2023〕第3号', '督办〔2023〕第4号']);
  // The two 督办单(黄) of the same instant took 1 and 2.
  expect([one.notices![0].n, two.notices![0].n].sort()).toEqual([1, 2]);
});

test('the reply is recorded and closes the notice: the climb stops, and the same cause issues nothing new', () => {
  expect(replyAnswer).toMatch(/^已记录对 督办〔2023〕第\d号 的回复，督办单办结$/);
  expect(repeatRefusal).toMatch(/^\(2\): notice: 督办〔2023〕第\d号 已于 2023-07-28 回复$/);
  expect(two.notices).toHaveLength(1);
  expect(two.notices![0].reply).toMatchObject({ measures: '明确专人每周报送，补报第一周进展', date: '2023-07-28', by: '联络员2' });
  expect(two.status.openNotices).toBeUndefined();
  expect(mailsOf('(2)')).toHaveLength(1);
  expect(two.log.filter((e) => e.what === 'reply').map((e) => e.detail)).toEqual([
    expect.stringMatching(/^回复 督办〔2023〕第\d号：明确专人每周报送，补报第一周进展（承诺 2023-07-28 前完成）$/),
  ]);
  // Item 1 still waits for its replies: its status says so.
  expect(one.status.openNotices?.map((n) => [n.notice, n.overdue])).toEqual([['督办单(黄)', true], ['督办单(红)', true], ['督办单(红)', false]]);
});

test('the 督办单 goes out as Word and HTML laid out like one: number, item, problem, overdue, required, reply by, office, date', async () => {
  const first = mailsOf('(1)')[0];
  const number = one.notices![0].number;
  expect(first.subject).toBe(`【督办单】示例整改：${number}（事项(1)）`);
  expect(first.attachments.map((a) => a.filename).sort()).toEqual([`督办单(黄)-${number}.docx`, `督办单(黄)-${number}.html`]);
  const word = (await mammoth.extractRawText({ buffer: first.attachments.find((a) => a.filename.endsWith('.docx'))!.content })).value;
  for (const text of [number, '(1) 事项1', '问题', '周报告逾期 3 个工作日仍未报送', '督办要求', '限期回复', '2023年7月26日', '整改工作领导专班办公室', '2023年7月19日']) {
    expect(word).toContain(text);
  }
  expect(first.attachments.find((a) => a.filename.endsWith('.html'))!.content.toString()).toContain(number);
});

test('while a notice waits, the weekly digest carries one line for it instead of a new notice', () => {
  const reminders = servers.mw.sink.messages.filter((m) => m.to.includes('contact1@example.org') && m.subject.startsWith('【周报告提醒'));
  const lines = reminders.map((m) => m.text.split('\n').filter((l) => l.includes('督办〔2023〕')));
  const yellow = one.notices![0].number;
  // Thursday 07-20: the 督办单(黄) is waiting; Thursday 08-03: it is overdue, and the 督办单(红) waits.
  expect(lines[1]).toEqual([`  ${yellow}（督办单(黄)）待回复，限 2023-07-26 前回复`]);
  expect(lines[3]).toEqual([`  ${yellow}（督办单(黄)）逾期未回复，限 2023-07-26 前回复`, `  ${one.notices![1].number}（督办单(红)）待回复，限 2023-08-03 前回复`]);
});
