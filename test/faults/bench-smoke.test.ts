/**
 * The benchmark's smoke run (CI-sized): `node dist/bench/run.js` at 50 items,
 * once, with its own dev server, SMTP listener and worker processes. Asserts
 * that it completes and that the counts are right — every item started and
 * listed, every contact's digest of the weekly moment received exactly once,
 * every floor workflow done, the history and simulation read — never a time.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/cli';
import type { BenchResults } from '../../bench/run';
import { benchMoment, fanOutCampaign } from '../../bench/campaign';
import { loadCampaignText } from '../../domain/campaign';
import { campaignMoments } from '../../domain/calendar';
import { workingCalendarFor } from '../../activities/holidays-store';

test('the generated campaign has its weekly reminder on the chosen second, and no other campaign moment near it', async () => {
  const dir = tempDir('bench-moment');
  // Every hour of a day, and a second that is not a whole minute.
  for (let h = 0; h < 24; h++) {
    const now = Date.UTC(2026, 10, 27, h, 17, 23, 400);
    const moment = benchMoment(now, 95000);
    expect(moment.at - now).toBeGreaterThanOrEqual(95000);
    expect(moment.at - now).toBeLessThan(96000);
    const { file, contacts } = fanOutCampaign(`bench-moment-${h}`, 30, moment);
    expect(contacts).toHaveLength(3);
    const plan = await loadCampaignText(JSON.stringify(file), { format: 'json' });
    const settings = { timeZone: plan.timeZone, start: plan.start, cadence: plan.cadence, calendar: workingCalendarFor(plan.cadence, dir) };
    const moments = campaignMoments(settings, now, moment.at + 3 * 3600000);
    expect(moments.filter((m) => m.at < moment.flushAt + 3600000)).toEqual([expect.objectContaining({ kind: 'reminder', at: moment.at, local: moment.local })]);
  }
});

const RUN = path.join(__dirname, '..', '..', 'dist', 'bench', 'run.js');

test('npm run bench at 50 items: every item started, every digest received once, every figure there', async () => {
  const out = tempDir('bench');
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [RUN, '--sizes', '50', '--runs', '1', '--margin', '5', '--out', out,
      '--history-items', '4', '--history-months', '1', '--simulate-items', '10', '--simulate-months', '1'],
    { timeout: 540000 }, (err, so, se) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout: so, stderr: se }));
  });
  expect({ code, problems: stdout.split('\n').filter((l) => l.startsWith('PROBLEM')), stderr: code ? stderr : '' })
    .toEqual({ code: 0, problems: [], stderr: '' });
  expect(stdout).toContain('2. fan-out: seconds to the last digest');
  expect(stdout).toContain('ratio fan-out / floor');

  const files = readdirSync(out).filter((f) => /^bench-.*\.json$/.test(f));
  expect(files).toHaveLength(1);
  const r = JSON.parse(readFileSync(path.join(out, files[0]), 'utf8')) as BenchResults;
  expect(r.problems).toEqual([]);
  // One run side by side: one worker on its data folder, then two workers on one PostgreSQL database.
  expect(r.rounds.map((x) => [x.store, x.workers])).toEqual([['data', 1], ['postgres', 2]]);
  for (const round of r.rounds) {
    expect(round.start).toMatchObject({ ok: true, added: 50 });
    // 50 items, one contact per 10: five reminder digests, each to its contact, once (across both workers).
    expect(round.fanout).toMatchObject({ expected: 5, received: 5, duplicates: 0, unexpected: 0, complete: true });
    expect(round.floor).toMatchObject({ workflows: 5, completed: 5 });
    expect(round.status).toMatchObject({ rows: 50, allRows: 50, snapshots: 50 });
    // The office board answered with the campaign's page.
    expect(round.board).toMatchObject({ code: 200 });
    expect(round.board!.bytes).toBeGreaterThan(0);
    expect(round.worker.peakRssBytes).toBeGreaterThan(0);
  }
  // Temporal's start floor measured in the same run, so the table has the start ratio.
  expect(r.startFloors).toEqual([expect.objectContaining({ workflows: 50, run: 1 })]);
  expect(stdout).toContain('start + busy / floor');
  expect(stdout).toContain('8. two workers on PostgreSQL');
  expect(r.history?.item.eventsPerItemPerMonth).toBeGreaterThan(0);
  expect(r.history?.campaign.largestRun.events).toBeGreaterThan(0);
  expect(r.simulation?.runs).toEqual([expect.objectContaining({ code: 0 })]);
  expect(r.simulation?.runs[0].events).toBeGreaterThan(0);

  // Several runs' results put together: one table of medians over all their rounds and simulations.
  const again = await new Promise<{ code: number; stdout: string }>((resolve) => {
    const f = path.join(out, files[0]);
    execFile(process.execPath, [RUN, '--from', `${f},${f}`, '--out', out], { timeout: 60000 },
      (err, so) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout: so }));
  });
  expect(again.code).toBe(0);
  expect(again.stdout).toContain('2 runs put together');
  expect(again.stdout).toContain('ratio fan-out / floor');
  const mergedFile = readdirSync(out).find((f) => f.startsWith('bench-merged-'))!;
  const merged = JSON.parse(readFileSync(path.join(out, mergedFile), 'utf8')) as BenchResults;
  expect(merged.rounds.map((x) => [x.size, x.run, x.store])).toEqual([[50, 1, 'data'], [50, 1, 'postgres'], [50, 2, 'data'], [50, 2, 'postgres']]);
  expect(merged.startFloors?.map((f) => f.run)).toEqual([1, 2]);
  expect(merged.simulation?.runs).toHaveLength(2);
  expect(merged.problems).toEqual([]);
}, 600000);
