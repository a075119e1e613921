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
import type { Worker } from '@temporalio/worker';
import { startCampaign } from '../client/start-campaign';
import { startMailSink, type MailSink, type ReceivedMail } from '../client/mail-sink';
import { MemoryEventSink, MemorySentStore } from '../activities/stores';
import { createWorker } from '../worker';
import { mailBanner } from '../client/commands/status';
import { campaignSnapshotQuery, campaignWorkflowId } from '../workflows/messages';
import { timeSkippingEnv, tinyPlan } from './support/env';

const ZONE = 'Asia/Shanghai';
const plan = tinyPlan({ id: 'outage' }, 4);
const contacts = plan.items.flatMap((i) => i.contacts.map((c) => c.email));
const heads = ['head1@example.org', 'head2@example.org'];
let env: TestWorkflowEnvironment;
let sink: MailSink;
let fallback: MailSink;
let worker: Worker;
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

      // Thursday 11:00 the mail server goes down, an hour before the weekly reminders; it is back Friday 12:30,
      // half an hour after the chases of the missed reports: 25.5 hours.
      await sleepUntil('2023-07-13T11:00');
      before = sink.messages.length;
      sink.down();
      await sleepUntil('2023-07-14T12:30');
      expect(sink.messages.length).toBe(before);
      expect(sink.refused).toBeGreaterThan(4 * 20); // retried with backoff all day, never given up

      // Told once: one alert through the fallback server, the status banner, one error line in the worker's log.
      expect(fallback.messages.map((m) => [m.to, m.subject])).toEqual([[plan.workingGroup, '【邮件发送失败】示例整改']]);
      expect(fallback.messages[0].text).toContain('2023年7月13日（周四）12:10');
      const during = await snapshot();
      // Waiting: the four reminders, and behind them Friday's chases to the four contacts and two unit heads.
      expect(during.mailOutage).toMatchObject({ late: 0, waiting: contacts.length + contacts.length + heads.length });
      expect(during.mailOutage?.until).toBeUndefined();
      expect(mailBanner(during)).toMatch(/^⚠ 邮件发送失败：自 2023-07-13 12:10 起邮件服务器拒收（421 service not available, closing transmission channel），10 封邮件待发/);

      sink.up();
      await sleepUntil('2023-07-14T18:00');
      afterwards = await snapshot();
    });
  } finally {
    spy.mockRestore();
  }

  const after = sink.messages.slice(before);
  const reminders = after.filter((m) => m.subject.startsWith('【周报告提醒】'));
  const chases = after.filter((m) => m.subject.startsWith('【催办】'));
  // Nothing dropped, nobody mailed twice for one moment.
  expect(reminders.map((m) => m.to[0]).sort()).toEqual([...contacts].sort());
  expect(chases.map((m) => m.to[0]).sort()).toEqual([...contacts, ...heads].sort());
  const perPersonMoment = new Map<string, number>();
  for (const m of sink.messages) perPersonMoment.set(`${m.to.join()}|${moment(m)}`, (perPersonMoment.get(`${m.to.join()}|${moment(m)}`) ?? 0) + 1);
  expect([...perPersonMoment.values()].every((n) => n === 1)).toBe(true);
  // In moment order: every Thursday reminder before any Friday chase.
  const index = (m: ReceivedMail): number => sink.messages.indexOf(m);
  expect(Math.max(...reminders.map(index))).toBeLessThan(Math.min(...chases.map(index)));
  // Once back: one notice to the working group, after the backlog and before the day's weekly summary.
  const restored = sink.messages.filter((m) => m.subject === '【邮件发送恢复】示例整改');
  expect(restored).toHaveLength(1);
  expect(restored[0].to).toEqual(plan.workingGroup);
  expect(restored[0].text).toMatch(/邮件发送自 2023年7月13日（周四）12:10 至 2023年7月14日（周五）12:\d\d 中断/);
  expect(restored[0].text).toContain('期间 10 封邮件延迟发出，已按时间顺序补发，无遗漏。');
  expect(index(restored[0])).toBeGreaterThan(Math.max(...chases.map(index)));
  const summary = sink.messages.find((m) => m.subject.startsWith('【周汇总】'));
  expect(summary && index(summary)).toBeGreaterThan(index(restored[0]));
  expect(fallback.messages).toHaveLength(1);
  expect(afterwards?.mailOutage).toBeUndefined();
  expect(logged.filter((l) => l.includes('mail is failing'))).toHaveLength(1);
}, 300000);
