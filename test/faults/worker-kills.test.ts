/**
 * The worker killed (SIGKILL) ten times at random points of a reminder round
 * and started again each time: every contact gets exactly one reminder digest.
 * Real dev server, `rectify worker` as a child process, a slow real SMTP
 * listener (test/support/kill-round.ts) that counts by Message-ID (the engine derives it from campaign,
 * person and moment, so a resend in the instant between the server's OK and
 * the sent marker is the same message, not a second one).
 *
 * The kill points come from a seeded generator; the seed is printed, and
 * RECTIFY_FAULT_SEED=<seed> runs the same points again.
 */
import { random, startWorkerProcess, tempDir } from '../support/cli';
import { contactsReached, expectOneDigestPerContact, reminders, startReminderRound, useKillRoundServers } from '../support/kill-round';

const CONTACTS = 100;
const KILLS = 10;
const SEED = Number(process.env.RECTIFY_FAULT_SEED ?? Date.now() % 2147483647);
const round = useKillRoundServers('kill');

test(`SIGKILL ten times at random points of a reminder round: every contact gets exactly one digest (seed ${SEED})`, async () => {
  console.log(`worker-kills: seed ${SEED} (RECTIFY_FAULT_SEED=${SEED} repeats these kill points)`);
  const rng = random(SEED);
  // Two mails at a time, so a kill leaves some in flight and many not yet sent.
  const env = { TEMPORAL_ADDRESS: round.server.address, RECTIFY_SMTP_PORT: String(round.sink.port), RECTIFY_DATA: tempDir('kill-data'), RECTIFY_MAX_ACTIVITIES: '2' };
  const { workers } = round;
  workers.push(startWorkerProcess(env));
  // 200 items, two per contact.
  await startReminderRound(round, 'killed', CONTACTS);

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
      const at = reminders(round).length + n;
      points.push(`after mail ${at}`);
      round.onMail = () => { if (reminders(round).length >= at) worker.kill('SIGKILL'); };
    }
    await exited;
    round.onMail = undefined;
    expect(contactsReached(round)).toBeLessThan(CONTACTS); // still mid-round: the kill cut it
    workers.push(startWorkerProcess(env));
  }
  console.log(`worker-kills: killed at ${points.join(', ')}; ${reminders(round).length} of ${CONTACTS} digests out before the last restart`);

  await expectOneDigestPerContact(round, CONTACTS);
  for (const m of reminders(round)) expect(m.text.split('\n').filter((l) => l.startsWith('· ')).length).toBe(2);
  const resent = reminders(round).length - CONTACTS;
  // A resend happens when the worker died after the server stored a mail but before its OK arrived (the
  // listener answers after 200 ms): SMTP's own window, closed by the Message-ID, not by the engine.
  console.log(`worker-kills: ${KILLS} kills survived; ${CONTACTS} contacts, one digest each; ${resent} resend(s) of an already stored mail under the same Message-ID`);
}, 600000);
