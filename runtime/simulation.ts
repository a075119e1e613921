/**
 * `rectify simulate`: runs a whole campaign on Temporal's time-skipping test
 * server, from its start to a date, and returns every event that would have
 * happened. The workflows and activities are the production ones; only the
 * mail goes to a JSON transport (nothing leaves the machine) and the clock is
 * the test server's, shifted so that campaign time starts at the campaign's
 * start date.
 */
import type { Client } from '@temporalio/client';
import { Runtime, type ActivityInterceptorsFactory } from '@temporalio/worker';
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
import { announcementUpdate, campaignSnapshotQuery, campaignWorkflowId, reportUpdate } from '../workflows/messages';
import { registerSearchAttributes } from '../config/connection';
import { startCampaign } from './start-campaign';
import { matchItem } from '../domain/keys';
import { readDataFileSync } from '../domain/campaign';
import { pool } from '../domain/pool';
import { say } from '../config/language';
import { UserError } from './user-error';
import { itemWorkflowId } from '../workflows/messages';
import { openTimeSkippingEnvironment, startTestServer } from './test-server';
import { SimulationStalledError, StallWatch, stallSeconds } from './stall-watch';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';

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
/**
 * 公示稿 in the script: at this local time, the office has rectify draft each listed item's announcement text from
 * its record as it stands then, and (unless `approve: false`) approves it as drafted.
 */
const announcementRule = z.strictObject({
  items: z.union([z.literal('all'), z.array(z.union([z.string(), z.number()]).transform(String)).min(1)]).default('all'),
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'local time as YYYY-MM-DDTHH:MM'),
  approve: z.boolean().default(true),
  by: z.string().min(1).default('专班办公室'),
});
export const reportsScript = z.strictObject({ reports: z.array(reportRule).default([]), announcements: z.array(announcementRule).optional() });
export type ReportsScript = z.infer<typeof reportsScript>;

export function readReportsScript(file: string): ReportsScript {
  const raw = readDataFileSync(file);
  const r = reportsScript.safeParse(raw);
  if (!r.success) {
    throw new UserError(r.error.issues.map((i) => `${path.basename(file)}: ${i.path.join('.') || 'script'}: ${i.message}`).join('\n'));
  }
  return r.data;
}

interface ScriptedReport { at: number; item: string; key: string; progress: string; percent?: number; by: string; announcement?: { approve: boolean } }

/** Expands the script into single reports in time order. */
export function expandReports(plan: CampaignPlan, script: ReportsScript, untilMs: number): ScriptedReport[] {
  const out: ScriptedReport[] = [];
  const s = { timeZone: plan.timeZone, start: plan.start, cadence: plan.cadence };
  const startMs = campaignStart(s).toMillis();
  const itemsOf = (ids: 'all' | string[], n: number): CampaignPlan['items'] => (ids === 'all' ? plan.items : ids.map((id) => {
    const found = matchItem(plan.items, id);
    if (!found || Array.isArray(found)) throw new UserError(found
      ? say(`报送脚本第 ${n + 1} 条规则：整改工作 ${plan.id} 中有多个事项与 ${id} 相符`, `reports script: rule ${n + 1}: several items match ${id} in campaign ${plan.id}`)
      : say(`报送脚本第 ${n + 1} 条规则：整改工作 ${plan.id} 中没有事项 ${id}`, `reports script: rule ${n + 1}: no item ${id} in campaign ${plan.id}`));
    return found;
  }));
  (script.announcements ?? []).forEach((rule, n) => {
    const at = DateTime.fromISO(rule.at, { zone: plan.timeZone }).toMillis();
    if (at >= untilMs) return;
    for (const item of itemsOf(rule.items, n)) out.push({ at, item: item.id, key: item.key, progress: '', by: rule.by, announcement: { approve: rule.approve } });
  });
  script.reports.forEach((rule, n) => {
    const items = itemsOf(rule.items, n);
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
  // Same instant: the reports go in before the texts are drafted from them.
  return out.sort((a, b) => a.at - b.at || Number(a.announcement !== undefined) - Number(b.announcement !== undefined));
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
  /** Fail once nothing has moved for this many seconds (default: RECTIFY_SIMULATE_STALL_SECONDS, else 120; runtime/stall-watch.ts). */
  stallSeconds?: number;
}

/** An activity the worker is running (named when the simulation stalls). */
interface RunningActivity { type: string; workflowId: string; attempt: number; since: number }

/** What stalled, where the campaign's clock stood, and what the worker was still running. */
function stallMessage(plan: CampaignPlan, stallMs: number, waitingFor: string, campaignMs: number | undefined, running: RunningActivity[]): string {
  const seconds = Math.round(stallMs / 1000);
  const reached = campaignMs === undefined ? say('未知', 'unknown') : formatLocal(campaignMs, plan.timeZone);
  const now = Date.now();
  const acts = running.slice(0, 5).map((a) => say(`${a.type}（${a.workflowId}，第 ${a.attempt} 次，已 ${Math.round((now - a.since) / 1000)} 秒）`,
    `${a.type} (${a.workflowId}, attempt ${a.attempt}, for ${Math.round((now - a.since) / 1000)} s)`));
  const more = running.length > 5 ? say(` 等 ${running.length} 个`, ` and ${running.length - 5} more`) : '';
  const busy = acts.length ? say(`worker 仍在执行：${acts.join('；')}${more}。`, ` The worker is still running: ${acts.join('; ')}${more}.`) : '';
  return say(
    `推演停滞：${seconds} 秒内没有任何进展（没有新事件、没有完成的活动，测试服务器的时钟也没有跳跃）。正在等待：${waitingFor}；推演时间已到 ${reached}。${busy}已停止推演（时限可用 --stall-timeout 或 RECTIFY_SIMULATE_STALL_SECONDS 调整）。`,
    `simulation stalled: no progress for ${seconds} s (no new event, no activity finished, no skip of the test server's clock) while waiting for ${waitingFor}; simulated time reached ${reached}.${busy} Stopped (set the bound with --stall-timeout or RECTIFY_SIMULATE_STALL_SECONDS).`);
}

/**
 * What the test server still holds when a simulation stalls (at most `most` workflows, within 15 s): workflow
 * tasks and activities pending, and signals a workflow sent that never reached their target. Said in the
 * stall's message, so that a stall seen once can be understood.
 */
async function serverPending(env: TestWorkflowEnvironment, most = 200): Promise<string> {
  const svc = env.connection.workflowService;
  try {
    return await env.connection.withDeadline(Date.now() + 15000, async () => {
      const open = await svc.listOpenWorkflowExecutions({ namespace: 'default', maximumPageSize: most });
      const lines: string[] = [];
      for (const e of (open.executions ?? []).slice(0, most)) {
        const id = e.execution?.workflowId ?? '?';
        const d = await svc.describeWorkflowExecution({ namespace: 'default', execution: e.execution });
        const wft = d.pendingWorkflowTask;
        if (wft) lines.push(`${id}: workflow task ${String(wft.state)} attempt ${wft.attempt ?? 1}`);
        for (const a of d.pendingActivities ?? []) {
          lines.push(`${id}: activity ${a.activityType?.name ?? '?'} state ${String(a.state)} attempt ${a.attempt ?? 1}${a.lastFailure?.message ? ` (${a.lastFailure.message})` : ''}`);
        }
        const history = await svc.getWorkflowExecutionHistory({ namespace: 'default', execution: e.execution, maximumPageSize: 10000 });
        const kinds = (history.history?.events ?? []).map((h) => h.eventType);
        const sent = kinds.filter((k) => k === temporal.api.enums.v1.EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED).length;
        const settled = kinds.filter((k) => k === temporal.api.enums.v1.EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED
          || k === temporal.api.enums.v1.EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED).length;
        if (sent > settled) lines.push(`${id}: ${sent - settled} external signal(s) sent, never delivered`);
        // The test server does not fill pendingWorkflowTask: a history ending in a scheduled or started task shows it.
        const last = kinds[kinds.length - 1];
        const T = temporal.api.enums.v1.EventType;
        if (last === T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED || last === T.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
          lines.push(`${id}: workflow task ${last === T.EVENT_TYPE_WORKFLOW_TASK_STARTED ? 'started' : 'scheduled'}, not completed (event ${kinds.length})`);
        }
      }
      const head = say(`测试服务器上有 ${open.executions?.length ?? 0} 个未结束的工作流`, `the test server holds ${open.executions?.length ?? 0} open workflows`);
      return lines.length ? `\n${head}:\n  ${lines.slice(0, 20).join('\n  ')}${lines.length > 20 ? `\n  … (${lines.length - 20})` : ''}` : `\n${head}${say('，没有待处理的任务或活动', ', none with a pending task or activity')}`;
    });
  } catch (err) {
    return `\n${say('无法询问测试服务器', 'could not ask the test server')}: ${(err as Error).message}`;
  }
}

export async function simulate(plan: CampaignPlan, untilDate: string, script?: ReportsScript, options: SimulateOptions = {}): Promise<SimulationResult> {
  const untilMs = localDay(untilDate, plan.timeZone).plus({ days: 1 }).toMillis();
  const startMs = localDay(plan.start, plan.timeZone).toMillis();
  if (untilMs <= startMs) throw new UserError(say(`--until ${untilDate} 早于整改工作开始日 ${plan.start}`, `--until ${untilDate} is before the campaign start ${plan.start}`));
  const reports = script ? expandReports(plan, script, untilMs) : [];
  const stallMs = stallSeconds(options.stallSeconds) * 1000;
  const server = await startTestServer();
  // Only now: once installed, the SDK's runtime keeps the process alive until it is shut down or the test server torn down.
  installRuntime(process.env.RECTIFY_DEBUG ? 'INFO' : 'ERROR');
  let opened;
  try {
    opened = await openTimeSkippingEnvironment(server);
  } catch (err) {
    await Runtime.instance().shutdown().catch(() => undefined);
    throw err;
  }
  const { env, teardown } = opened;
  /** Campaign time minus server time (0 until the worker runs: the message then shows the server's clock). */
  let offset = 0;
  const running = new Map<string, RunningActivity>();
  const watch = new StallWatch({
    stallMs,
    clock: () => env.connection.withDeadline(Date.now() + 5000, () => env.currentTimeMs()),
    message: (waitingFor, clockMs) => stallMessage(plan, stallMs, waitingFor, clockMs === undefined ? undefined : clockMs + offset, [...running.values()]),
  });
  const events = new MemoryEventSink();
  const watchedEvents = { record: async (es: EngineEvent[]) => { await events.record(es); watch.progress(); } };
  const mails: SimulationResult['mails'] = [];
  let items: ItemStatus[] = [];
  let collected: Collected | undefined;
  const store: DocumentStore = options.outDir ? new FileDocumentStore(options.outDir, true) : new MemoryDocumentStore();
  const watchedStore: DocumentStore = {
    put: async (meta, html, docx) => { await store.put(meta, html, docx); watch.progress(); },
    list: (campaign) => store.list(campaign),
    read: (id, format) => store.read(id, format),
  };
  // Every activity the worker finishes (mail, documents, planning, starting items) is progress; the unfinished are named.
  const activityProgress: ActivityInterceptorsFactory = (ctx) => ({
    inbound: {
      async execute(input, next) {
        const { activityType, activityId, attempt, workflowExecution } = ctx.info;
        const workflowId = workflowExecution?.workflowId ?? '';
        const key = `${workflowId}/${activityId}/${attempt}`;
        running.set(key, { type: activityType, workflowId, attempt, since: Date.now() });
        try {
          return await next(input);
        } finally {
          running.delete(key);
          watch.progress();
        }
      },
    },
  });
  const transport = nodemailer.createTransport({ jsonTransport: true });
  const recording = {
    async sendMail(m: SendMailOptions) {
      const info = await transport.sendMail(m);
      // Addresses only: a recipient comes with their name ({ name, address }) since mails show it.
      const to = ([] as (string | { address: string })[]).concat(m.to as never).map((a) => (typeof a === 'string' ? a : a.address));
      mails.push({ to, subject: String(m.subject), text: String(m.text), messageId: String(m.messageId) });
      return info;
    },
  };
  watch.start();
  try {
    watch.waiting(say('测试服务器登记检索属性', 'the test server to register the search attributes'));
    await watch.guard(registerSearchAttributes(env.connection, 'default'));
    watch.waiting(say('worker 载入工作流', 'the worker to load the workflows'));
    const worker = await watch.guard(createWorker({
      connection: env.nativeConnection, deps: { transport: recording as never, from: 'rectify@localhost', sent: new MemorySentStore(), events: watchedEvents, documents: watchedStore },
      interceptors: { activity: [activityProgress] },
      // A stalled simulation stops soon: nothing it runs is kept, and an activity that never returns must not hold the exit.
      shutdownGraceTime: '5s', shutdownForceTime: '20s',
    }));
    const run = async (): Promise<void> => {
      const serverNow = await env.currentTimeMs();
      offset = startMs - serverNow;
      const campaignNow = async (): Promise<number> => (await env.currentTimeMs()) + offset;
      const at = (ms: number): string => formatLocal(ms, plan.timeZone);
      watch.waiting(say(`整改工作及其 ${plan.items.length} 个事项启动`, `the campaign and its ${plan.items.length} items to start`));
      await startCampaign(env.client, plan, { clockOffsetMs: offset, desks: options.desks });
      const report = async (r: ScriptedReport): Promise<void> => {
        const handle = env.client.workflow.getHandle(itemWorkflowId(plan.id, r.key));
        try {
          if (r.announcement) {
            await handle.executeUpdate(announcementUpdate, { args: [{ act: 'draft', by: r.by, requestId: `sim:${r.key}:${r.at}:draft` }] });
            if (r.announcement.approve) await handle.executeUpdate(announcementUpdate, { args: [{ act: 'approve', by: r.by, requestId: `sim:${r.key}:${r.at}:approve` }] });
            await watchedEvents.record([{ at: formatLocal(r.at, plan.timeZone), kind: 'announcement-text', item: r.item, to: [] }]);
            return;
          }
          await handle.executeUpdate(reportUpdate, { args: [{ progress: r.progress, percent: r.percent, by: r.by, requestId: `sim:${r.key}:${r.at}` }] });
        } catch (err) {
          const reason = (err as { cause?: Error }).cause?.message ?? (err as Error).message;
          await watchedEvents.record([{ at: formatLocal(r.at, plan.timeZone), kind: r.announcement ? 'announcement-refused' : 'report-refused', item: r.item, to: [], reason }]);
          return;
        }
        await watchedEvents.record([{ at: formatLocal(r.at, plan.timeZone), kind: 'report', item: r.item, to: [] }]);
      };
      // The reports of one instant go in together (the clock stands still meanwhile), each item's in script order.
      for (const instant of groupBy(reports, (r) => r.at).values()) {
        const wait = instant[0].at - (await campaignNow());
        watch.waiting(say(`测试服务器的时钟走到 ${at(instant[0].at)}`, `the test server's clock to reach ${at(instant[0].at)}`));
        if (wait > 0) await env.sleep(wait);
        watch.waiting(say(`${at(instant[0].at)} 的 ${instant.length} 份脚本报告被受理`, `the ${instant.length} scripted reports of ${at(instant[0].at)} to be taken`));
        await pool([...groupBy(instant, (r) => r.key).values()], REPORTS_AT_ONCE, async (mine) => { for (const r of mine) await report(r); });
      }
      const rest = untilMs - (await campaignNow());
      watch.waiting(say(`测试服务器的时钟走到 ${at(untilMs)}（推演终点）`, `the test server's clock to reach ${at(untilMs)} (the end)`));
      if (rest > 0) await env.sleep(rest);
      // The campaign's registry at the end (a query also lets the last moment's tasks finish).
      watch.waiting(say('整改工作的最终快照（查询）', "the campaign's final snapshot (a query)"));
      await env.client.workflow.getHandle(campaignWorkflowId(plan.id)).query(campaignSnapshotQuery);
      watch.waiting(say('各事项的记录（查询）', "the items' records (queries)"));
      collected = await collect(env.client, plan.id);
      items = collected.rows;
      if (options.inspect) {
        watch.waiting(say('调用方读取工作流历史', "the caller's reading of the histories"));
        await options.inspect(env.client);
      }
    };
    // Asked at once when it stalls, before the worker's shutdown changes what the server holds.
    const pending = watch.stalled.catch(() => serverPending(env));
    try {
      await worker.runUntil(() => watch.guard(run()));
    } catch (err) {
      // Stalled: that is the error, whatever the worker's forced shutdown adds to it.
      if (watch.error) throw new SimulationStalledError(`${watch.error.message}${await pending}`);
      throw err;
    }
  } finally {
    watch.stop();
    await teardown();
  }
  const order = (e: EngineEvent): number => DateTime.fromISO(e.at, { setZone: true }).toMillis();
  // Same instant: a fixed order of kinds, then item and recipients, so two runs print the same list.
  const kinds: string[] = ['report', 'report-refused', 'announcement-text', 'reminder', 'warning', 'chase', 'escalation', 'notice-digest', ...SCHEDULED_DOCUMENT_KINDS];
  const rank = (k: string): number => (kinds.includes(k) ? kinds.indexOf(k) : kinds.length);
  const key = (e: EngineEvent): string => `${e.item ?? ''}|${e.rung ?? ''}|${e.to.join(',')}`;
  const inRange = events.events.filter((e) => order(e) < untilMs);
  inRange.sort((a, b) => order(a) - order(b) || rank(a.kind) - rank(b.kind) || key(a).localeCompare(key(b)));
  const state = collected && buildState({ campaign: collected.campaign, rows: collected.rows, snapshots: collected.snapshots, asOfMs: untilMs - 1 });
  if (state && options.outDir) await writeCampaignDocuments(state, options.outDir);
  return { events: inRange, mails, items, documents: await store.list(), store, state, collected };
}

