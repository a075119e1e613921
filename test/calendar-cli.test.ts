/**
 * `rectify calendar show` and `rectify calendar update` with the real binary;
 * the update tells running workflows (a real dev server and `rectify worker`)
 * to plan again, and they keep running.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { DevServer } from '../runtime/dev-server';
import { eventually, rectify, tempDir, useDevServerAndWorker } from './support/cli';
import { NextDueKey, itemSnapshotQuery } from '../workflows/messages';

const FIXTURES = path.join(__dirname, 'fixtures', 'holidays');
const SMALL = path.join(__dirname, '..', 'examples', 'small-campaign.yaml');

describe('without a server', () => {
  const data = tempDir('calendar');
  const env = { RECTIFY_DATA: data, RECTIFY_LANG: '' };

  test('calendar show prints the moments of the 2026 Spring Festival in local time with the rule that moved them', async () => {
    const r = await rectify(['calendar', 'show', '--from', '2026-02-09', '--until', '2026-02-28'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('休息日：2026-02-15 春节');
    expect(r.stdout).toContain('调休上班：2026-02-14 春节，2026-02-28 春节');
    expect(r.stdout).toMatch(/2026-02-24 周二 09:00 {2}旬调度 {2}旬调度：每旬最后一天 09:00 {2}（旬调度 2026-02-20（周五）09:00 是休息日（春节） → 顺延到下一个工作日）/);
    expect(r.stdout).toMatch(/2026-02-24 周二 12:00 {2}周报告截止/);
    expect(r.stdout).not.toMatch(/^2026-02-(1[5-9]|2[0-3]) /m);
    const en = await rectify(['--lang', 'en', 'calendar', 'show', '--from', '2026-02-09', '--until', '2026-02-28', '--json'], env);
    const view = JSON.parse(en.stdout) as { rows: { local: string; kind: string; placedBy?: string }[]; uncoveredYears: number[] };
    expect(view.uncoveredYears).toEqual([]);
    expect(view.rows.find((x) => x.kind === 'dispatch' && x.local.startsWith('2026-02-24'))?.placedBy)
      .toBe('dispatch Fri 2026-02-20 09:00 is a day off (春节) → next working day');
  });

  test('a campaign file in its own zone; a year without data is warned about until it is loaded', async () => {
    const before = await rectify(['--lang', 'en', 'calendar', 'show', '--from', '2027-02-01', '--until', '2027-02-16', '--campaign', SMALL], env);
    expect(before.code).toBe(0);
    expect(before.stderr).toContain('no official working-day calendar is loaded for 2027');
    expect(before.stdout).toContain('time zone Europe/London');
    expect(before.stdout).toMatch(/2027-02-10 Wed 09:00 {2}dispatch/);

    const bad = await rectify(['calendar', 'update', '--from', path.join(FIXTURES, 'bad.yaml'), '--no-signal'], env);
    expect(bad.code).toBe(2);
    // (In the run's language, Chinese by default.)
    expect(bad.stderr).toContain('bad.yaml 第 7 行：2027：workingDays[0]：2027-02-15 是工作日：只列出调休上班的周六、周日');
    expect(bad.stderr).toContain('bad.yaml 第 3 行：2027：daysOff[0]：2027-02-14 至 2027-02-06 起止颠倒');
    expect(existsSync(path.join(data, 'holidays.json'))).toBe(false);

    const up = await rectify(['calendar', 'update', '--from', path.join(FIXTURES, '2027.yaml'), '--no-signal'], env);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('2027 年已载入：休息日 17 天，调休上班 2 天');

    const after = await rectify(['--lang', 'en', 'calendar', 'show', '--from', '2027-02-01', '--until', '2027-02-16', '--campaign', SMALL], env);
    expect(after.stderr).toBe('');
    expect(after.stdout).toMatch(/2027-02-15 Mon 09:00 {2}dispatch .*dispatch Wed 2027-02-10 09:00 is a day off \(春节\) → next working day/);
  });

  test('bad dates are refused as where: what', async () => {
    const r = await rectify(['calendar', 'show', '--from', '2026-02-30', '--until', '2026-03-01'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--from：没有这一天："2026-02-30"');
  });
});

describe('with running workflows', () => {
  const live = useDevServerAndWorker('calendar-live');
  let env: NodeJS.ProcessEnv;
  let server: DevServer;
  beforeAll(() => { ({ env, server } = live); });

  test('calendar update signals every running workflow, which plans again and keeps running', async () => {
    const started = await rectify(['start', SMALL, '--rebase', 'today'], env);
    expect(started.code).toBe(0);
    // its deadlines lie past 2026, the last year the package covers: the coordinator is told
    expect(started.stderr).toMatch(/no official working-day calendar is loaded for 20\d\d/);
    await eventually('six items in status', async () => {
      const r = await rectify(['status', '--json'], env);
      return r.code === 0 && (JSON.parse(r.stdout) as unknown[]).length === 6;
    });
    const connection = await Connection.connect({ address: server.address });
    try {
      const client = new Client({ connection });
      const item = client.workflow.getHandle('rectify:harbor-audit-2026:item:1');
      const events = async () => (await item.fetchHistory()).events ?? [];
      // Calendar calls (local activities), not patch markers.
      const markers = async (): Promise<number> => (await events()).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
      // Started with its first plan and its progress attributes: its first task only sets a timer (no calendar call, no upsert)
      // and visibility shows its next due time from the start.
      await eventually('the item waits for its first moment', async () => (await events()).some((e) => e.timerStartedEventAttributes));
      // (A patch marker, kept-timers, says how it waits; no other marker.)
      expect((await events()).filter((e) => e.markerRecordedEventAttributes && e.markerRecordedEventAttributes.markerName !== 'core_patch')).toEqual([]);
      expect((await events()).some((e) => e.upsertWorkflowSearchAttributesEventAttributes)).toBe(false);
      const nextDue = (await item.describe()).typedSearchAttributes.get(NextDueKey);
      expect(nextDue).toBeInstanceOf(Date);
      expect(nextDue!.getTime()).toBeGreaterThan(Date.now());

      // Once this week's report is in, the next due time is next week's: 下次报送截止 is the next report still owed,
      // and the item will sleep through this week's due time (nothing would change then).
      const other = client.workflow.getHandle('rectify:harbor-audit-2026:item:2');
      const owedBefore = (await other.describe()).typedSearchAttributes.get(NextDueKey)!.getTime();
      const reported = await rectify(['report', '2', '--progress', 'Minutes published', '--percent', '30', '--by', 'Farid Khan'], env);
      expect(reported.code).toBe(0);
      await eventually('the next due time moved on', async () => ((await other.describe()).typedSearchAttributes.get(NextDueKey)?.getTime() ?? 0) > owedBefore);
      const owedAfter = (await other.describe()).typedSearchAttributes.get(NextDueKey)!.getTime();
      expect(owedAfter - owedBefore).toBeGreaterThanOrEqual(6 * 86400000);
      expect(owedAfter - owedBefore).toBeLessThanOrEqual(8 * 86400000);
      expect((await other.query(itemSnapshotQuery)).nextDue?.at).toBe(owedAfter);
      const listed = JSON.parse((await rectify(['status', '--json'], env)).stdout) as { item: string; nextDue: string | null }[];
      expect(Date.parse(listed.find((x) => x.item === '(2)')!.nextDue!)).toBe(owedAfter);
      const before = await markers();

      const r = await rectify(['calendar', 'update', '--from', path.join(FIXTURES, '2027.yaml')], env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('2027 loaded');
      expect(r.stdout).toContain('7 running workflow(s) told to re-plan');

      // the item ran the calendar activity again (a local activity: a marker in its history)
      await eventually('the item planned again', async () => (await markers()) > before);
      expect((await item.describe()).status.name).toBe('RUNNING');
      const status = await rectify(['status', '--json'], env);
      expect(status.code).toBe(0);
      expect((JSON.parse(status.stdout) as unknown[]).length).toBe(6);
    } finally {
      await connection.close();
    }
  }, 180000);
});
