/**
 * The mail server down for a day of campaign time, on the real time-skipping
 * server with real SMTP listeners: sends retry with backoff, nothing is
 * dropped, the working group is told once that mail is failing (through the
 * fallback server; `rectify status` shows it; the worker logs it once), the
 * backlog goes out in moment order once the server is back, and the working
 * group hears once how long mail was down and how many mails went out late.
 */
import nodemailer from 'nodemailer';
import { DateTime } from 'luxon';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startCampaign } from '../runtime/start-campaign';
import { startMailSink, type MailSink, type ReceivedMail } from '../runtime/mail-sink';
import { MemoryEventSink, MemorySentStore } from '../activities/stores';
import { createWorker, type RectifyWorker } from '../worker';
import { mailBanner } from '../client/commands/status';
import { campaignSnapshotQuery, campaignWorkflowId } from '../workflows/messages';
import { timeSkippingEnv, tinyPlan, UNTRACKED_LADDER } from './support/env';

const ZONE = 'Asia/Shanghai';
const plan = tinyPlan({ id: 'outage', ladder: UNTRACKED_LADDER }, 4);
const contacts = plan.items.flatMap((i) => i.contacts.map((c) => c.email));
const heads = ['head1@example.org', 'head2@example.org'];
let env: TestWorkflowEnvironment;
let sink: MailSink;
let fallback: MailSink;
let worker: RectifyWorker;
const transport = (port: number) => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });

beforeAll(async () => {
  env = await timeSkippingEnv();
  sink = await startMailSink();
  fallback = await startMailSink();
  worker = await createWorker({
    connection: env.nativeConnection,
    deps: {
      transport: transport(sink.port), fallback: transport(fallback.port), from: 'rectify@example.org',
      sent: new MemorySentStore(), events: new MemoryEventSink(),
    },
  });
}, 120000);
afterAll(async () => {
  await sink?.close();
  await fallback?.close();
  await env?.teardown();
});

const snapshotOf = (e: TestWorkflowEnvironment) => e.client.workflow.getHandle(campaignWorkflowId(plan.id)).query(campaignSnapshotQuery);
const moment = (m: ReceivedMail): string => m.headers['x-rectify-moment'] ?? '';

test('a day without mail: one alert, nothing dropped, the backlog in moment order, one notice when it is back', async () => {
  const logged: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    logged.push(String(chunk));
    return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  });
  let before = 0;
  let afterwards: Awaited<ReturnType<typeof snapshotOf>> | undefined;
  try {
    await worker.runUntil(async () => {
      const offset = DateTime.fromISO('2023-07-10T00:00', { zone: ZONE }).toMillis() - (await env.currentTimeMs());
      const sleepUntil = async (local: string): Promise<void> => {
        const d = DateTime.fromISO(local, { zone: ZONE }).toMillis() - offset - (await env.currentTimeMs());
        if (d > 0) await env.sleep(d);
      };
      const snapshot = () => snapshotOf(env);
      await startCampaign(env.client, plan, { clockOffsetMs: offset });

      // Nobody reports. In the second week the mail server goes down Thursday 08:00, an hour before the
      // dispatch sheet of the 20th, and is back Friday 13:00, an hour after the chases: 29 hours.
      await sleepUntil('2023-07-20T08:00');
      before = sink.messages.length;
      sink.down();
      await sleepUntil('2023-07-21T12:40');
      expect(sink.messages.length).toBe(before);
      expect(sink.refused).toBeGreaterThan(50); // retried with backoff all day, never given up

      // Told once: one alert through the fallback server, the status banner, one error line in the worker's log.
      expect(fallback.messages.map((m) => [m.to, m.subject])).toEqual([[plan.workingGroup, '【邮件发送失败】示例整改']]);
      expect(fallback.messages[0].text).toContain('自 2023年7月20日（周四）09:00 起，邮件服务器拒收本系统邮件（421 service not available');
      const during = await snapshot();
      // Waiting: the dispatch sheet; behind it Friday's digests (four contacts, two unit heads, the leader, the
      // working group) and Thursday's reminder moment, not reached yet.
      expect(during.mailOutage).toMatchObject({ late: 0, waiting: 1 + 8, momentsWaiting: 1 });
      expect(during.mailOutage?.until).toBeUndefined();
      expect(mailBanner(during)).toBe('⚠ 邮件发送失败：自 2023-07-20 09:00 起邮件服务器拒收（421 service not available, closing transmission channel），'
        + '9 封邮件待发，另有 1 个到期时间点待处理；系统按退避间隔重试，恢复后按时间顺序补发，不会遗漏。');
      process.env.RECTIFY_LANG = 'en';
      try {
        expect(mailBanner(during)).toBe('⚠ MAIL FAILING since 2023-07-20 09:00 (421 service not available, closing transmission channel): '
          + '9 mail(s) waiting, and 1 moment(s) due behind them; retried with backoff, they go out in order once the server answers, none is dropped.');
      } finally {
        delete process.env.RECTIFY_LANG;
      }

      await sleepUntil('2023-07-21T13:00');
      sink.up();
      await sleepUntil('2023-07-21T18:00');
      afterwards = await snapshot();
    });
  } finally {
    spy.mockRestore();
  }

  const after = sink.messages.slice(before);
  const at = (key: string) => after.filter((m) => moment(m) === key);
  const dispatch = at('dispatch:2023-07-20T09:00:00+08:00');
  const reminders = at('digest:2023-07-20T12:00:00+08:00');
  const friday = at('digest:2023-07-21T12:00:00+08:00');
  // Nothing dropped: each of them got what the day would have brought.
  expect(dispatch.map((m) => m.to)).toEqual([plan.workingGroup]);
  expect(reminders.map((m) => m.to[0]).sort()).toEqual([...contacts].sort());
  expect(friday.map((m) => m.to[0]).sort()).toEqual([...contacts, ...heads, 'leader@example.org', ...plan.workingGroup].sort());
  expect(friday.find((m) => m.to[0] === 'office@example.org')?.subject).toBe('【督办单(红)】示例整改：整改事项需您关注');
  // Nobody mailed twice for one moment.
  const perPersonMoment = new Map<string, number>();
  for (const m of sink.messages) perPersonMoment.set(`${m.to.join()}|${moment(m)}`, (perPersonMoment.get(`${m.to.join()}|${moment(m)}`) ?? 0) + 1);
  expect([...perPersonMoment.entries()].filter(([, n]) => n > 1)).toEqual([]);
  // In moment order: the dispatch sheet, Thursday's reminders, Friday's digests.
  const index = (m: ReceivedMail): number => sink.messages.indexOf(m);
  expect(index(dispatch[0])).toBeLessThan(Math.min(...reminders.map(index)));
  expect(Math.max(...reminders.map(index))).toBeLessThan(Math.min(...friday.map(index)));
  // Once back: one notice to the working group, after the backlog and before the day's weekly summary.
  const restored = sink.messages.filter((m) => m.subject === '【邮件发送恢复】示例整改');
  expect(restored).toHaveLength(1);
  expect(restored[0].to).toEqual(plan.workingGroup);
  expect(restored[0].text).toMatch(/^邮件发送自 2023年7月20日（周四）09:00 至 2023年7月21日（周五）13:\d\d 中断（421 service not available/);
  expect(restored[0].text).toContain('期间 13 封邮件延迟发出，已按时间顺序补发，无遗漏。');
  expect(index(restored[0])).toBeGreaterThan(Math.max(...friday.map(index)));
  const summary = after.find((m) => m.subject.startsWith('【周汇总】'));
  expect(summary && index(summary)).toBeGreaterThan(index(restored[0]));
  expect(fallback.messages).toHaveLength(1);
  expect(afterwards?.mailOutage).toBeUndefined();
  expect(logged.filter((l) => l.includes('mail is failing'))).toHaveLength(1);
}, 300000);
