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
import { random, rectify, startWorkerProcess, tempDir } from '../support/cli';
import { contactsReached, expectOneDigestPerContact, reminders, startReminderRound, useKillRoundServers } from '../support/kill-round';
import { startPostgres, type Postgres } from '../support/postgres';

const CONTACTS = 60;
const KILLS = 5;
const SEED = Number(process.env.RECTIFY_FAULT_SEED ?? Date.now() % 2147483647);
let pg: Postgres;
beforeAll(async () => { pg = await startPostgres(); }, 180000);
const round = useKillRoundServers('two-hosts', async () => { await pg?.stop(); });

test(`two workers on one database, one SIGKILLed five times in a reminder round: one digest per contact, one record from both hosts (seed ${SEED})`, async () => {
  console.log(`two-hosts: seed ${SEED} (RECTIFY_FAULT_SEED=${SEED} repeats these kill points)`);
  const rng = random(SEED);
  const common = { TEMPORAL_ADDRESS: round.server.address, RECTIFY_SMTP_PORT: String(round.sink.port), RECTIFY_DATABASE_URL: pg.url, RECTIFY_MAX_ACTIVITIES: '2' };
  const hosts = [{ ...common, RECTIFY_DATA: tempDir('host-a') }, { ...common, RECTIFY_DATA: tempDir('host-b') }];

  // Both start together: both migrate (node-pg-migrate's lock: one applies, the other finds it done).
  const running: ChildProcess[] = [startWorkerProcess(hosts[0]), startWorkerProcess(hosts[1])];
  round.workers.push(...running);
  await startReminderRound(round, 'two-hosts', CONTACTS);

  const points: string[] = [];
  for (let k = 0; k < KILLS; k++) {
    const h = rng() < 0.5 ? 0 : 1;
    const worker = running[h];
    const exited = new Promise((r) => worker.once('exit', r));
    const n = 1 + Math.floor(rng() * 4);
    const at = reminders(round).length + n;
    points.push(`host ${'ab'[h]} after mail ${at}`);
    round.onMail = () => { if (reminders(round).length >= at) worker.kill('SIGKILL'); };
    await exited;
    round.onMail = undefined;
    expect(contactsReached(round)).toBeLessThan(CONTACTS); // still mid-round
    running[h] = startWorkerProcess(hosts[h]);
    round.workers.push(running[h]);
  }
  console.log(`two-hosts: killed at ${points.join(', ')}`);

  await expectOneDigestPerContact(round, CONTACTS);

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
  console.log(`two-hosts: ${KILLS} kills survived; ${CONTACTS} contacts, one digest each; ${reminders(round).length - CONTACTS} resend(s) of a stored mail under the same Message-ID`);
}, 600000);
