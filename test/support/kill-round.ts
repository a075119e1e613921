/**
 * What the kill tests (test/faults/worker-kills, test/faults/two-hosts) share:
 * a real dev server, a slow real SMTP listener (each message takes 200 ms, so
 * a round lasts long enough to be cut several times) and a reminder round of
 * two items per contact that begins 40 s after start, with mails retried
 * quickly after a lost send.
 */
import type { ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { DateTime } from 'luxon';
import { startDevServer, type DevServer } from '../../runtime/dev-server';
import { startMailSink, type MailSink, type ReceivedMail } from '../../runtime/mail-sink';
import { startCampaign } from '../../runtime/start-campaign';
import { eventually, freePort, tempDir } from './cli';
import { tinyPlan } from './env';

export interface KillRound {
  server: DevServer;
  sink: MailSink;
  client: Client;
  /** Every worker process started; the ones still alive are killed after the file. */
  workers: ChildProcess[];
  /** Called after each message the listener accepts. */
  onMail: (() => void) | undefined;
}

/** Registers beforeAll/afterAll for the servers; `after` runs once they are stopped. */
export function useKillRoundServers(name: string, after?: () => Promise<void>): KillRound {
  const round = { workers: [] as ChildProcess[], onMail: undefined } as unknown as KillRound;
  beforeAll(async () => {
    round.server = await startDevServer({ dataDir: tempDir(name), port: await freePort(), uiPort: await freePort(), headless: true });
    round.sink = await startMailSink({ delayMs: 200, onMessage: () => round.onMail?.() });
    round.client = new Client({ connection: await Connection.connect({ address: round.server.address }) });
  }, 180000);
  afterAll(async () => {
    for (const w of round.workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await round.client?.connection.close();
    await round.sink?.close();
    await round.server?.stop();
    await after?.();
  });
  return round;
}

/** The weekly reminders the listener has accepted so far. */
export const reminders = (round: KillRound): ReceivedMail[] => round.sink.messages.filter((m) => m.subject.startsWith('【周报告提醒】'));

/** How many contacts have had a reminder digest. */
export const contactsReached = (round: KillRound): number => new Set(reminders(round).map((m) => m.to[0])).size;

/**
 * Starts a campaign of two items per contact whose first reminder (Thursday
 * 2023-07-13 12:00) is 40 s of campaign time away, and waits until the round
 * has begun. A send lost with its worker is retried after 5 s (production:
 * 30 s), then every 1 to 5 s.
 */
export async function startReminderRound(round: KillRound, id: string, contacts: number): Promise<void> {
  const plan = tinyPlan({ id }, contacts * 2);
  plan.cadence.digestWindowMinutes = 0.25; // the round goes out 15 s after its moment
  plan.items = plan.items.map((item, i) => ({ ...item, contacts: [{ name: `联络员${i % contacts}`, email: `c${i % contacts}@example.org` }] }));
  const reminderMs = DateTime.fromISO('2023-07-13T12:00', { zone: 'Asia/Shanghai' }).toMillis();
  const offset = reminderMs - 40000 - Date.now();
  await startCampaign(round.client, plan, { clockOffsetMs: offset, mail: { timeoutSeconds: 5, retryInitialSeconds: 1, retryMaxSeconds: 5 } });
  await eventually('the reminder round begins', async () => reminders(round).length > 0, 150000);
}

/** Waits for the whole round, a little longer (a duplicate would show up then), and checks one digest per contact. */
export async function expectOneDigestPerContact(round: KillRound, contacts: number): Promise<void> {
  await eventually('the whole round delivered', async () => contactsReached(round) === contacts, 240000);
  await new Promise((r) => setTimeout(r, 8000));
  const perContact = new Map<string, Set<string>>();
  for (const m of reminders(round)) perContact.set(m.to[0], (perContact.get(m.to[0]) ?? new Set()).add(m.messageId));
  expect(perContact.size).toBe(contacts);
  for (const [contact, ids] of perContact) expect([contact, ids.size]).toEqual([contact, 1]);
}
