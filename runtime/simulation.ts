/**
 * `rectify simulate`: runs a whole campaign on Temporal's time-skipping test
 * server, from its start to a date, and returns every event that would have
 * happened. The workflows and activities are the production ones; only the
 * mail goes to a JSON transport (nothing leaves the machine) and the clock is
 * the test server's, shifted so that campaign time starts at the campaign's
 * start date.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Client } from '@temporalio/client';
import { installRuntime } from '../worker/runtime';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { DateTime } from 'luxon';
import { z } from 'zod';
import path from 'node:path';
import { campaignStart, formatLocal, weeklyDueTimes, localDay } from '../domain/calendar';
import { isoDate } from '../domain/schema';
import { SCHEDULED_DOCUMENT_KINDS } from '../domain/documents';
import type { CampaignPlan, EngineEvent, ItemStatus } from '../domain/types';
import { MemoryEventSink, MemorySentStore } from '../activities/stores';
import { FileDocumentStore, MemoryDocumentStore, type DocumentStore, type StoredDocument } from '../documents/store';
import { collect, type Collected } from '../documents/collect';
import { buildState, type CampaignState } from '../documents/state';
import { writeCampaignDocuments } from '../documents';
import { createWorker } from '../worker';
import { campaignSnapshotQuery, campaignWorkflowId, reportUpdate } from '../workflows/messages';
import { registerSearchAttributes } from '../config/connection';
import { startCampaign } from './start-campaign';
import { matchItem } from '../domain/keys';
import { readDataFileSync } from '../domain/campaign';
import { testServer } from '../config/paths';
import { pool } from '../domain/pool';
import { UserError } from './user-error';
import { itemWorkflowId } from '../workflows/messages';

const testServerPath = (): string => {
  const found = testServer();
  if (!found) throw new UserError('the time-skipping test server is not set up: run `npm run setup` (needs Java 17 and Maven)', 1);
  return found;
};

/** The reports script: who reports what when. */
const reportRule = z.strictObject({
  /** Item ids, or "all". */
  items: z.union([z.literal('all'), z.array(z.union([z.string(), z.number()]).transform(String)).min(1)]),
  /** Each week, this many hours before the due time (default 4). */
  weekly: z.strictObject({ hoursBefore: z.number().min(0).max(144).default(4) }).optional(),
  /** Or once, at this local time (YYYY-MM-DDTHH:MM). */
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'local time as YYYY-MM-DDTHH:MM').optional(),
  from: isoDate.optional(),
  until: isoDate.optional(),
  progress: z.string().min(1).default('按计划推进'),
  /** Percent reported: fixed, or growing by `step` each week from `start`. */
  percent: z.union([z.number().int().min(0).max(100), z.strictObject({ start: z.number().int().min(0).max(100), step: z.number().int().min(0).max(100) })]).optional(),
  by: z.string().min(1).default('联络员'),
}).refine((r) => (r.weekly ? 1 : 0) + (r.at ? 1 : 0) === 1, { message: 'give either weekly or at' });
export const reportsScript = z.strictObject({ reports: z.array(reportRule) });
export type ReportsScript = z.infer<typeof reportsScript>;

export function readReportsScript(file: string): ReportsScript {
  const raw = readDataFileSync(file);
  const r = reportsScript.safeParse(raw);
  if (!r.success) {
    throw new UserError(r.error.issues.map((i) => `${path.basename(file)}: ${i.path.join('.') || 'script'}: ${i.message}`).join('\n'));
  }
  return r.data;
}

interface ScriptedReport { at: number; item: string; key: string; progress: string; percent?: number; by: string }

/** Expands the script into single reports in time order. */
export function expandReports(plan: CampaignPlan, script: ReportsScript, untilMs: number): ScriptedReport[] {
  const out: ScriptedReport[] = [];
  const s = { timeZone: plan.timeZone, start: plan.start, cadence: plan.cadence };
  const startMs = campaignStart(s).toMillis();
  script.reports.forEach((rule, n) => {
    const items = rule.items === 'all' ? plan.items : rule.items.map((id) => {
      const found = matchItem(plan.items, id);
      if (!found || Array.isArray(found)) throw new UserError(`reports script: rule ${n + 1}: ${found ? 'several items match' : 'no item'} ${id} in campaign ${plan.id}`);
      return found;
    });
    const fromMs = rule.from ? localDay(rule.from, plan.timeZone).toMillis() : startMs;
    const endMs = Math.min(untilMs, rule.until ? localDay(rule.until, plan.timeZone).plus({ days: 1 }).toMillis() : untilMs);
    const times: { at: number; week: number }[] = [];
    if (rule.weekly) {
      const hours = rule.weekly.hoursBefore;
      weeklyDueTimes(s, startMs, endMs + hours * 3600000).forEach(({ at }, week) => {
        const t = at.minus({ hours }).toMillis();
        if (t >= fromMs && t >= startMs && t < endMs) times.push({ at: t, week });
      });
    } else {
      const t = DateTime.fromISO(rule.at!, { zone: plan.timeZone }).toMillis();
      if (t < endMs) times.push({ at: t, week: 0 });
    }
    for (const { at, week } of times) {
      for (const item of items) {
        const percent = rule.percent === undefined ? undefined
          : typeof rule.percent === 'number' ? rule.percent : Math.min(100, rule.percent.start + rule.percent.step * week);
        out.push({ at, item: item.id, key: item.key, progress: rule.progress, percent, by: rule.by });
      }
    }
  });
  return out.sort((a, b) => a.at - b.at);
}

/** Scripted reports sent at once (one instant's; the clock stands still while they go in). */
const REPORTS_AT_ONCE = 32;

/** Groups in first-seen order (reports are in time order, so instants come in order). */
function groupBy<T, K>(xs: T[], key: (x: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

export interface SimulationResult {
  events: EngineEvent[];
  /** Every mail the transport took, for callers that want to read them. */
  mails: { to: string[]; subject: string; text: string; messageId: string }[];
  /** Every item's status at the end, as the campaign knows it. */
  items: ItemStatus[];
  /** Every document the campaign would have sent (weekly summaries, dispatch sheets, bulletins). */
  documents: StoredDocument[];
  store: DocumentStore;
  /** The campaign's state at the end, as the document commands read it. */
  state?: CampaignState;
  collected?: Collected;
}

export interface SimulateOptions {
  /** Write every document that would have been sent, and the ledger, announcement, chart and packets at the end, here. */
  outDir?: string;
  /** 收发室: desks for the campaign (default: by its size). */
  desks?: number;
  /** Called at the end, before the test server goes away (the benchmark reads the workflows' histories). */
  inspect?: (client: Client) => Promise<void>;
}

export async function simulate(plan: CampaignPlan, untilDate: string, script?: ReportsScript, options: SimulateOptions = {}): Promise<SimulationResult> {
  const untilMs = localDay(untilDate, plan.timeZone).plus({ days: 1 }).toMillis();
  const startMs = localDay(plan.start, plan.timeZone).toMillis();
  if (untilMs <= startMs) throw new UserError(`--until ${untilDate} is before the campaign start ${plan.start}`);
  const reports = script ? expandReports(plan, script, untilMs) : [];
  // Only now: once installed, the SDK's runtime keeps the process alive until the test server is torn down.
  installRuntime(process.env.RECTIFY_DEBUG ? 'INFO' : 'ERROR');
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerPath() } },
  });
  const events = new MemoryEventSink();
  const mails: SimulationResult['mails'] = [];
  let items: ItemStatus[] = [];
  let collected: Collected | undefined;
  const store: DocumentStore = options.outDir ? new FileDocumentStore(options.outDir, true) : new MemoryDocumentStore();
  const transport = nodemailer.createTransport({ jsonTransport: true });
  const recording = {
    async sendMail(m: SendMailOptions) {
      const info = await transport.sendMail(m);
      mails.push({ to: ([] as string[]).concat(m.to as string | string[]), subject: String(m.subject), text: String(m.text), messageId: String(m.messageId) });
      return info;
    },
  };
  try {
    await registerSearchAttributes(env.connection, 'default');
    const worker = await createWorker({
      connection: env.nativeConnection, deps: { transport: recording as never, from: 'rectify@localhost', sent: new MemorySentStore(), events, documents: store },
    });
    await worker.runUntil(async () => {
      const serverNow = await env.currentTimeMs();
      const offset = startMs - serverNow;
      const campaignNow = async (): Promise<number> => (await env.currentTimeMs()) + offset;
      await startCampaign(env.client, plan, { clockOffsetMs: offset, desks: options.desks });
      const report = async (r: ScriptedReport): Promise<void> => {
        const handle = env.client.workflow.getHandle(itemWorkflowId(plan.id, r.key));
        try {
          await handle.executeUpdate(reportUpdate, { args: [{ progress: r.progress, percent: r.percent, by: r.by, requestId: `sim:${r.key}:${r.at}` }] });
        } catch (err) {
          const reason = (err as { cause?: Error }).cause?.message ?? (err as Error).message;
          await events.record([{ at: formatLocal(r.at, plan.timeZone), kind: 'report-refused', item: r.item, to: [], reason }]);
          return;
        }
        await events.record([{ at: formatLocal(r.at, plan.timeZone), kind: 'report', item: r.item, to: [] }]);
      };
      // The reports of one instant go in together (the clock stands still meanwhile), each item's in script order.
      for (const instant of groupBy(reports, (r) => r.at).values()) {
        const wait = instant[0].at - (await campaignNow());
        if (wait > 0) await env.sleep(wait);
        await pool([...groupBy(instant, (r) => r.key).values()], REPORTS_AT_ONCE, async (mine) => { for (const r of mine) await report(r); });
      }
      const rest = untilMs - (await campaignNow());
      if (rest > 0) await env.sleep(rest);
      // The campaign's registry at the end (a query also lets the last moment's tasks finish).
      await env.client.workflow.getHandle(campaignWorkflowId(plan.id)).query(campaignSnapshotQuery);
      collected = await collect(env.client, plan.id);
      items = collected.rows;
      await options.inspect?.(env.client);
    });
  } finally {
    await env.teardown();
  }
  const order = (e: EngineEvent): number => DateTime.fromISO(e.at, { setZone: true }).toMillis();
  // Same instant: a fixed order of kinds, then item and recipients, so two runs print the same list.
  const kinds: string[] = ['report', 'report-refused', 'reminder', 'warning', 'chase', 'escalation', 'notice-digest', ...SCHEDULED_DOCUMENT_KINDS];
  const rank = (k: string): number => (kinds.includes(k) ? kinds.indexOf(k) : kinds.length);
  const key = (e: EngineEvent): string => `${e.item ?? ''}|${e.rung ?? ''}|${e.to.join(',')}`;
  const inRange = events.events.filter((e) => order(e) < untilMs);
  inRange.sort((a, b) => order(a) - order(b) || rank(a.kind) - rank(b.kind) || key(a).localeCompare(key(b)));
  const state = collected && buildState({ campaign: collected.campaign, rows: collected.rows, snapshots: collected.snapshots, asOfMs: untilMs - 1 });
  if (state && options.outDir) await writeCampaignDocuments(state, options.outDir);
  return { events: inRange, mails, items, documents: await store.list(), store, state, collected };
}

