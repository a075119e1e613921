/**
 * History growth over a simulated year, and `rectify simulate` timed.
 *
 * The year runs on the time-skipping test server through `simulate()` (the
 * production workflows and activities), with the official calendar and the
 * default cadence and ladder: half of the items report every week, the other
 * half never do (so chases and escalations fire every week: the worst case
 * for an item's history), half of the deadlines pass mid-year. At the end every
 * workflow's runs are read back along the continue-as-new chain.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import YAML from 'yaml';
import { temporal } from '@temporalio/proto';
import { loadCampaign } from '../domain/campaign';
import { simulate, type ReportsScript } from '../runtime/simulation';
import { allRuns } from '../scripts/record-histories';
import { campaignWorkflowId, itemWorkflowId } from '../workflows/messages';
import { generateCampaign } from './campaign';
import { rectify } from './proc';

/** Temporal's hard limits on one workflow run's history. */
export const HISTORY_LIMITS = { events: 50000, bytes: 50 * 2 ** 20 };

const START = '2026-01-05';

interface RunStats { events: number; bytes: number }

export interface HistoryResult {
  items: number;
  months: number;
  wallSeconds: number;
  item: {
    eventsPerItemPerMonth: number;
    largestRun: RunStats;
    /** Continue-as-new over the period, all items together, and the most of one item. */
    continueAsNew: number;
    continueAsNewMostOfOneItem: number;
    /** The most events one run of an item reached before it continued as new (or by the end). */
  };
  campaign: { eventsPerMonth: number; eventsPerItemPerMonth: number; largestRun: RunStats; continueAsNew: number };
  limits: typeof HISTORY_LIMITS;
}

export function yearShape(items: number, months: number): { file: Record<string, unknown>; until: string; script: ReportsScript } {
  const start = DateTime.fromISO(START, { zone: 'Asia/Shanghai' });
  const early = start.plus({ months: Math.max(1, Math.floor(months / 2)) }).toISODate()!;
  const { file } = generateCampaign(`bench-history-${items}`, items, {
    start: START, timeZone: 'Asia/Shanghai', deadline: start.plus({ months: months + 1 }).toISODate()!,
  });
  // Every other item's deadline passes halfway.
  (file.items as { deadline: string }[]).forEach((it, i) => { if (i % 2 === 1) it.deadline = early; });
  const reporting = (file.items as { id: string }[]).filter((_, i) => i % 2 === 0).map((it) => it.id);
  return {
    file,
    until: start.plus({ months }).minus({ days: 1 }).toISODate()!,
    script: { reports: [{ items: reporting, weekly: { hoursBefore: 4 }, percent: { start: 5, step: 2 }, progress: '按计划推进', by: '联络员' }] },
  };
}

const runStats = (history: Uint8Array): RunStats => ({
  events: temporal.api.history.v1.History.decode(history).events.length, bytes: history.length,
});

/** A year (or `months`) of a campaign of `items` items on the time-skipping server; every run's history measured. */
export async function measureHistory(items: number, months: number): Promise<HistoryResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rectify-bench-history-'));
  try {
    const { file, until, script } = yearShape(items, months);
    const campaignFile = path.join(dir, 'campaign.json');
    writeFileSync(campaignFile, JSON.stringify(file));
    const plan = await loadCampaign(campaignFile);
    const itemRuns: RunStats[][] = [];
    let campaignRuns: RunStats[] = [];
    const t0 = Date.now();
    await simulate(plan, until, script, {
      inspect: async (client) => {
        campaignRuns = (await allRuns(client, campaignWorkflowId(plan.id))).map((r) => runStats(r.history));
        for (const item of plan.items) itemRuns.push((await allRuns(client, itemWorkflowId(plan.id, item.key))).map((r) => runStats(r.history)));
      },
    });
    const wallSeconds = (Date.now() - t0) / 1000;
    const sum = (runs: RunStats[]): number => runs.reduce((s, r) => s + r.events, 0);
    const largest = (runs: RunStats[]): RunStats => runs.reduce((a, r) => (r.events > a.events ? r : a), { events: 0, bytes: 0 });
    const allItemRuns = itemRuns.flat();
    return {
      items, months, wallSeconds,
      item: {
        eventsPerItemPerMonth: sum(allItemRuns) / items / months,
        largestRun: largest(allItemRuns),
        continueAsNew: itemRuns.reduce((s, runs) => s + runs.length - 1, 0),
        continueAsNewMostOfOneItem: Math.max(...itemRuns.map((runs) => runs.length - 1)),
      },
      campaign: {
        eventsPerMonth: sum(campaignRuns) / months, eventsPerItemPerMonth: sum(campaignRuns) / items / months,
        largestRun: largest(campaignRuns), continueAsNew: campaignRuns.length - 1,
      },
      limits: HISTORY_LIMITS,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SimulationRun { seconds: number; code: number; events: number; error?: string }

/** `rectify simulate` of `items` items over `months` months, as a process (half the items report weekly). */
export async function timeSimulation(items: number, months: number, timeoutMs: number): Promise<SimulationRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rectify-bench-simulate-'));
  try {
    const { file, until, script } = yearShape(items, months);
    (file.campaign as { id: string }).id = `bench-simulate-${items}`;
    const campaignFile = path.join(dir, 'campaign.json');
    const scriptFile = path.join(dir, 'reports.yaml');
    writeFileSync(campaignFile, JSON.stringify(file));
    writeFileSync(scriptFile, YAML.stringify(script));
    const r = await rectify(['simulate', campaignFile, '--until', until, '--reports', scriptFile, '--json'], {}, timeoutMs);
    let events = 0;
    try { events = (JSON.parse(r.stdout) as unknown[]).length; } catch { events = 0; }
    return { seconds: r.seconds, code: r.code, events, ...(r.code !== 0 ? { error: r.stderr.trim().slice(-500) || `exit ${r.code}` } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
