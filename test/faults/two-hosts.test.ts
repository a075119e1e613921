/**
 * Two hosts, one truth (issue 18): two `rectify worker` processes with their
 * own data folders on one task queue and one PostgreSQL database (a
 * throwaway cluster, test/support/postgres.ts), one of them SIGKILLed five
 * times at seeded points of a reminder round and started again: every
 * contact gets exactly one digest (the sent-mail claim is taken in the
 * database before sending, so a retry on the other host does not mail
 * again), and `rectify events` and `rectify documents` say the same from
 * either host's data folder.
 *
 * RECTIFY_FAULT_SEED=<seed> runs the same kill points again.
 */
import type { ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { DateTime } from 'luxon';
import { startDevServer, type DevServer } from '../../runtime/dev-server';
import { startMailSink, type MailSink } from '../../runtime/mail-sink';
import { startCampaign } from '../../runtime/start-campaign';
import { eventually, freePort, random, rectify, startWorkerProcess, tempDir } from '../support/cli';
import { tinyPlan } from '../support/env';
import { startPostgres, type Postgres } from '../support/postgres';

const CONTACTS = 60;
const KILLS = 5;
const SEED = Number(process.env.RECTIFY_FAULT_SEED ?? Date.now() % 2147483647);
let server: DevServer;
let sink: MailSink;
let client: Client;
let pg: Postgres;
const workers: ChildProcess[] = [];
let onMail: (() => void) | undefined;

beforeAll(async () => {
  pg = await startPostgres();
  server = await startDevServer({ dataDir: tempDir('two-hosts'), port: await freePort(), uiPort: await freePort(), headless: true });
  sink = await startMailSink({ delayMs: 200, onMessage: () => onMail?.() });
  client = new Client({ connection: await Connection.connect({ address: server.address }) });
}, 180000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await client?.connection.close();
  await sink?.close();
  await server?.stop();
  await pg?.stop();
});

test(`two workers on one database, one SIGKILLed five times in a reminder round: one digest per contact, one record from both hosts (seed ${SEED})`, async () => {
  console.log(`two-hosts: seed ${SEED} (RECTIFY_FAULT_SEED=${SEED} repeats these kill points)`);
  const rng = random(SEED);
  const common = { TEMPORAL_ADDRESS: server.address, RECTIFY_SMTP_PORT: String(sink.port), RECTIFY_DATABASE_URL: pg.url, RECTIFY_MAX_ACTIVITIES: '2' };
  const hosts = [{ ...common, RECTIFY_DATA: tempDir('host-a') }, { ...common, RECTIFY_DATA: tempDir('host-b') }];
  const plan = tinyPlan({ id: 'two-hosts' }, CONTACTS * 2);
  plan.cadence.digestWindowMinutes = 0.25;
  plan.items = plan.items.map((item, i) => ({ ...item, contacts: [{ name: `联络员${i % CONTACTS}`, email: `c${i % CONTACTS}@example.org` }] }));
  const reminderMs = DateTime.fromISO('2023-07-13T12:00', { zone: 'Asia/Shanghai' }).toMillis();
  const offset = reminderMs - 40000 - Date.now();
  const reminders = () => sink.messages.filter((m) => m.subject.startsWith('【周报告提醒】'));
  const contactsReached = () => new Set(reminders().map((m) => m.to[0])).size;

  // Both start together: both migrate (node-pg-migrate's lock: one applies, the other finds it done).
  const running: ChildProcess[] = [startWorkerProcess(hosts[0]), startWorkerProcess(hosts[1])];
  workers.push(...running);
  await startCampaign(client, plan, { clockOffsetMs: offset, mail: { timeoutSeconds: 5, retryInitialSeconds: 1, retryMaxSeconds: 5 } });
  await eventually('the reminder round begins', async () => reminders().length > 0, 150000);

  const points: string[] = [];
  for (let k = 0; k < KILLS; k++) {
    const h = rng() < 0.5 ? 0 : 1;
    const worker = running[h];
    const exited = new Promise((r) => worker.once('exit', r));
    const n = 1 + Math.floor(rng() * 4);
    const at = reminders().length + n;
    points.push(`host ${'ab'[h]} after mail ${at}`);
    onMail = () => { if (reminders().length >= at) worker.kill('SIGKILL'); };
    await exited;
    onMail = undefined;
    expect(contactsReached()).toBeLessThan(CONTACTS); // still mid-round
    running[h] = startWorkerProcess(hosts[h]);
    workers.push(running[h]);
  }
  console.log(`two-hosts: killed at ${points.join(', ')}`);

  await eventually('the whole round delivered', async () => contactsReached() === CONTACTS, 240000);
  await new Promise((r) => setTimeout(r, 8000));

  const perContact = new Map<string, Set<string>>();
  for (const m of reminders()) perContact.set(m.to[0], (perContact.get(m.to[0]) ?? new Set()).add(m.messageId));
  expect(perContact.size).toBe(CONTACTS);
  for (const [contact, ids] of perContact) expect([contact, ids.size]).toEqual([contact, 1]);

  // The record, asked from either host: the same events (one reminder per contact) and documents.
  const [eventsA, eventsB] = await Promise.all(hosts.map((env) => rectify(['events', '--kind', 'reminder', '--json'], env)));
  expect(eventsA.code).toBe(0);
  const events = JSON.parse(eventsA.stdout) as { to: string[]; messageId: string }[];
  expect(JSON.parse(eventsB.stdout)).toEqual(events);
  expect(new Set(events.map((e) => e.to[0])).size).toBe(CONTACTS);
  expect(events).toHaveLength(CONTACTS);
  const [docsA, docsB] = await Promise.all(hosts.map((env) => rectify(['documents', '--json'], env)));
  expect(docsA.code).toBe(0);
  expect(JSON.parse(docsB.stdout)).toEqual(JSON.parse(docsA.stdout));
  console.log(`two-hosts: ${KILLS} kills survived; ${CONTACTS} contacts, one digest each; ${reminders().length - CONTACTS} resend(s) of a stored mail under the same Message-ID`);
}, 600000);
