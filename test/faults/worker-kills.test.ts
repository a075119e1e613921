/**
 * The worker killed (SIGKILL) ten times at random points of a reminder round
 * and started again each time: every contact gets exactly one reminder digest.
 * Real dev server, `rectify worker` as a child process, a slow real SMTP
 * listener that counts by Message-ID (the engine derives it from campaign,
 * person and moment, so a resend in the instant between the server's OK and
 * the sent marker is the same message, not a second one).
 *
 * The kill points come from a seeded generator; the seed is printed, and
 * RECTIFY_FAULT_SEED=<seed> runs the same points again.
 */
import type { ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { DateTime } from 'luxon';
import { startDevServer, type DevServer } from '../../runtime/dev-server';
import { startMailSink, type MailSink } from '../../runtime/mail-sink';
import { startCampaign } from '../../runtime/start-campaign';
import { eventually, freePort, random, startWorkerProcess, tempDir } from '../support/cli';
import { tinyPlan } from '../support/env';

const CONTACTS = 100;
const KILLS = 10;
const SEED = Number(process.env.RECTIFY_FAULT_SEED ?? Date.now() % 2147483647);
let server: DevServer;
let sink: MailSink;
let client: Client;
const workers: ChildProcess[] = [];
let onMail: (() => void) | undefined;

beforeAll(async () => {
  server = await startDevServer({ dataDir: tempDir('kill'), port: await freePort(), uiPort: await freePort(), headless: true });
  // A slow mail server: each message takes 200 ms, so the round lasts long enough to be cut ten times.
  sink = await startMailSink({ delayMs: 200, onMessage: () => onMail?.() });
  client = new Client({ connection: await Connection.connect({ address: server.address }) });
}, 120000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await client?.connection.close();
  await sink?.close();
  await server?.stop();
});

test(`SIGKILL ten times at random points of a reminder round: every contact gets exactly one digest (seed ${SEED})`, async () => {
  console.log(`worker-kills: seed ${SEED} (RECTIFY_FAULT_SEED=${SEED} repeats these kill points)`);
  const rng = random(SEED);
  const data = tempDir('kill-data');
  // Two mails at a time, so a kill leaves some in flight and many not yet sent.
  const env = { TEMPORAL_ADDRESS: server.address, RECTIFY_SMTP_PORT: String(sink.port), RECTIFY_DATA: data, RECTIFY_MAX_ACTIVITIES: '2' };
  // 200 items, two per contact.
  const plan = tinyPlan({ id: 'killed' }, CONTACTS * 2);
  plan.cadence.digestWindowMinutes = 0.25; // the round goes out 15 s after its moment
  plan.items = plan.items.map((item, i) => ({ ...item, contacts: [{ name: `联络员${i % CONTACTS}`, email: `c${i % CONTACTS}@example.org` }] }));
  // Campaign time runs 40 s before the first reminder (Thursday 2023-07-13 12:00).
  const reminderMs = DateTime.fromISO('2023-07-13T12:00', { zone: 'Asia/Shanghai' }).toMillis();
  const offset = reminderMs - 40000 - Date.now();
  const reminders = () => sink.messages.filter((m) => m.subject.startsWith('【周报告提醒】'));
  const contactsReached = () => new Set(reminders().map((m) => m.to[0])).size;

  workers.push(startWorkerProcess(env));
  // A send lost with its worker is retried after 5 s (production: 30 s), then every 1 to 5 s.
  await startCampaign(client, plan, { clockOffsetMs: offset, mail: { timeoutSeconds: 5, retryInitialSeconds: 1, retryMaxSeconds: 5 } });
  await eventually('the reminder round begins', async () => reminders().length > 0, 150000);

  const points: string[] = [];
  for (let k = 0; k < KILLS; k++) {
    const worker = workers[workers.length - 1];
    const exited = new Promise((r) => worker.once('exit', r));
    if (k > 0 && rng() < 0.3) {
      // Anywhere in the worker's life: starting up, replaying, polling, mid-send.
      const ms = Math.round(300 + rng() * 2000);
      points.push(`${ms} ms after start`);
      setTimeout(() => worker.kill('SIGKILL'), ms);
    } else {
      // Right after one of its mails was accepted, with others in flight.
      const n = 1 + Math.floor(rng() * 5);
      const at = reminders().length + n;
      points.push(`after mail ${at}`);
      onMail = () => { if (reminders().length >= at) worker.kill('SIGKILL'); };
    }
    await exited;
    onMail = undefined;
    expect(contactsReached()).toBeLessThan(CONTACTS); // still mid-round: the kill cut it
    workers.push(startWorkerProcess(env));
  }
  console.log(`worker-kills: killed at ${points.join(', ')}; ${reminders().length} of ${CONTACTS} digests out before the last restart`);

  await eventually('the whole round delivered', async () => contactsReached() === CONTACTS, 240000);
  // A little longer: a duplicate would show up now.
  await new Promise((r) => setTimeout(r, 8000));

  const perContact = new Map<string, Set<string>>();
  for (const m of reminders()) perContact.set(m.to[0], (perContact.get(m.to[0]) ?? new Set()).add(m.messageId));
  expect(perContact.size).toBe(CONTACTS);
  for (const [contact, ids] of perContact) expect([contact, ids.size]).toEqual([contact, 1]);
  for (const m of reminders()) expect(m.text.split('\n').filter((l) => l.startsWith('· ')).length).toBe(2);
  const resent = reminders().length - CONTACTS;
  // A resend happens when the worker died after the server stored a mail but before its OK arrived (the
  // listener answers after 200 ms): SMTP's own window, closed by the Message-ID, not by the engine.
  console.log(`worker-kills: ${KILLS} kills survived; ${CONTACTS} contacts, one digest each; ${resent} resend(s) of an already stored mail under the same Message-ID`);
}, 600000);
