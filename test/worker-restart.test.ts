/**
 * A worker killed (SIGKILL) in the middle of a reminder round and started
 * again: nobody gets the same digest twice, nobody is skipped. Real dev
 * server, `rectify worker` as a child process, a slow real SMTP listener.
 */
import type { ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { DateTime } from 'luxon';
import { startDevServer, type DevServer } from '../client/dev-server';
import { startMailSink, type MailSink } from '../client/mail-sink';
import { startCampaign } from '../client/start-campaign';
import { eventually, freePort, startWorkerProcess, tempDir } from './support/cli';
import { tinyPlan } from './support/env';

const CONTACTS = 60;
let server: DevServer;
let sink: MailSink;
let client: Client;
const workers: ChildProcess[] = [];
let onMail: (() => void) | undefined;

beforeAll(async () => {
  server = await startDevServer({ dataDir: tempDir('kill'), port: await freePort(), uiPort: await freePort(), headless: true });
  // A slow mail server: each message takes 100 ms, so the round lasts long enough to be cut.
  sink = await startMailSink({ delayMs: 100, onMessage: () => onMail?.() });
  client = new Client({ connection: await Connection.connect({ address: server.address }) });
}, 120000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  await client?.connection.close();
  await sink?.close();
  await server?.stop();
});

test('SIGKILL mid-round: every contact gets exactly one reminder digest', async () => {
  const data = tempDir('kill-data');
  const env = { TEMPORAL_ADDRESS: server.address, RECTIFY_SMTP_PORT: String(sink.port), RECTIFY_DATA: data };
  // 120 items, two per contact.
  const plan = tinyPlan({ id: 'killed' }, CONTACTS * 2);
  plan.cadence.digestWindowMinutes = 1; // the reminder round goes out a minute after its moment
  plan.items = plan.items.map((item, i) => ({ ...item, contacts: [{ name: `联络员${i % CONTACTS}`, email: `c${i % CONTACTS}@example.org` }] }));
  // Campaign time runs 6 s before the first reminder (Thursday 2023-07-13 12:00).
  const reminderMs = DateTime.fromISO('2023-07-13T12:00', { zone: 'Asia/Shanghai' }).toMillis();
  const offset = reminderMs - 6000 - Date.now();

  workers.push(startWorkerProcess(env));
  await startCampaign(client, plan, { clockOffsetMs: offset });
  const reminders = () => sink.messages.filter((m) => m.subject.startsWith('【周报告提醒】'));
  // The tenth digest in, the worker dies at once: the rest of the round is in flight or not yet sent.
  onMail = () => { if (reminders().length === 10) workers[0].kill('SIGKILL'); };
  await eventually('the worker killed mid-round', async () => workers[0].exitCode !== null || workers[0].signalCode !== null, 150000);
  const delivered = reminders().length;
  expect(delivered).toBeLessThan(CONTACTS);

  workers.push(startWorkerProcess(env));
  await eventually('the whole round delivered', async () => new Set(reminders().map((m) => m.to[0])).size === CONTACTS, 120000);
  // A little longer: a duplicate would show up now.
  await new Promise((r) => setTimeout(r, 3000));

  const perContact = new Map<string, Set<string>>();
  for (const m of reminders()) perContact.set(m.to[0], (perContact.get(m.to[0]) ?? new Set()).add(m.messageId));
  expect(perContact.size).toBe(CONTACTS);
  for (const [, ids] of perContact) expect(ids.size).toBe(1);
  // The listener counts by Message-ID, which the engine derives from campaign, person and moment:
  // a resend in the instant between the server's OK and the sent-marker is the same message.
  for (const m of reminders()) expect(m.text.split('\n').filter((l) => l.startsWith('· ')).length).toBe(2);
});
