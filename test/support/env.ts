/**
 * Real servers for tests: Temporal's time-skipping test server (Java, from
 * Maven Central via `npm run setup`), the Temporal CLI dev server, and a real
 * SMTP listener. No mocks of either.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { RectifyWorker } from '../../worker';
import { installRuntime } from '../../worker/runtime';
import nodemailer from 'nodemailer';
import { registerSearchAttributes } from '../../config/connection';
import { testServer } from '../../config/paths';
import { startMailSink, type MailSink } from '../../runtime/mail-sink';
import { openTimeSkippingEnvironment, startTestServer } from '../../runtime/test-server';
import { MemoryEventSink, MemorySentStore } from '../../activities/stores';
import { MemoryDocumentStore } from '../../documents/store';
import { createWorker } from '../../worker';
import { cadence, DEFAULT_LADDER, type Rung } from '../../domain/schema';
import type { CampaignPlan, ItemPlan, Recipient } from '../../domain/types';

export function quietRuntime(): void {
  installRuntime('ERROR');
}

export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  if (!testServer()) throw new Error('time-skipping test server missing: run `npm run setup`');
  // Started as `rectify simulate` starts it (runtime/test-server.ts), not by the SDK's helper: that gives the JVM
  // a fixed 5 s to open its port, which a loaded machine misses ("ephemeral server … did not start within 5s").
  const server = await startTestServer();
  const { env } = await openTimeSkippingEnvironment(server);
  const closeConnections = env.teardown.bind(env);
  env.teardown = async () => { await server.stop(); await closeConnections(); };
  await registerSearchAttributes(env.connection, 'default');
  return env;
}

export interface MailedWorker {
  worker: RectifyWorker;
  sink: MailSink;
  events: MemoryEventSink;
  documents: MemoryDocumentStore;
}

/**
 * For a test file: the time-skipping server and a worker mailing to a real
 * SMTP listener, up before the tests and down after them.
 */
export function useTimeSkippingWorker(): { readonly env: TestWorkflowEnvironment; readonly mw: MailedWorker } {
  let env: TestWorkflowEnvironment | undefined;
  let mw: MailedWorker | undefined;
  beforeAll(async () => {
    env = await timeSkippingEnv();
    mw = await workerWithMail(env);
  });
  afterAll(async () => {
    await mw?.sink.close();
    await env?.teardown();
  });
  return {
    get env() { if (!env) throw new Error('test server not started'); return env; },
    get mw() { if (!mw) throw new Error('worker not started'); return mw; },
  };
}

/** A worker mailing over real SMTP to a listener on loopback. */
export async function workerWithMail(env: TestWorkflowEnvironment): Promise<MailedWorker> {
  const sink = await startMailSink();
  const events = new MemoryEventSink();
  const documents = new MemoryDocumentStore();
  const worker = await createWorker({
    connection: env.nativeConnection,
    deps: {
      transport: nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true }),
      from: 'rectify@example.org', sent: new MemorySentStore(), events, documents,
    },
  });
  return { worker, sink, events, documents };
}

const person = (name: string): Recipient => ({ name, email: `${name}@example.org` });

/** A small campaign plan built in code (the loader has its own tests). */
export function tinyPlan(over: Partial<CampaignPlan> = {}, items = 2): CampaignPlan {
  const mk = (n: number): ItemPlan => ({
    id: `(${n})`, key: String(n), section: '（一）示例', title: `事项${n}`, problem: '问题', measures: ['措施'], kind: 'deadline',
    leader: person('leader'), leaderId: 'p1', leadUnit: n % 2 ? '综合部' : '党群工作部', coUnits: [], contacts: [person(`contact${n}`)],
    unitHeads: [person(n % 2 ? 'head1' : 'head2')], deadline: '2023-09-28', milestones: [],
  });
  return {
    id: 'tiny', name: '示例整改', committee: '党工委', timeZone: 'Asia/Shanghai', start: '2023-07-10', concentratedEnd: '2023-10-09',
    language: 'zh',
    cadence: cadence.parse({}), // the defaults: reports due Friday 12:00, reminder a day before, …
    ladder: DEFAULT_LADDER, workingGroup: ['office@example.org'], committeeAddresses: ['secretary@example.org'],
    items: Array.from({ length: items }, (_, i) => mk(i + 1)),
    ...over,
  };
}

/**
 * The default ladder as it was before 督办单 were tracked (notices mailed in each cycle's digest while the cause
 * stays), as a campaign that writes its own ladder out keeps it: for tests about something else (mail outages)
 * whose figures count those digests.
 */
export const UNTRACKED_LADDER: Rung[] = [
  { id: 'deadline-warning', level: 'reminder', notice: '到期提醒', when: { beforeDeadlineDays: 7 }, to: ['contact'] },
  { id: 'chase', level: 'chase', notice: '催办', when: { missedReports: 1 }, to: ['contact', 'unitHead'] },
  { id: 'behind-plan', level: 'chase', notice: '催办', when: { behindPlanPoints: 30 }, to: ['contact', 'unitHead'] },
  { id: 'milestone-missed', level: 'chase', notice: '催办', when: { milestonePassed: true }, to: ['contact', 'unitHead'] },
  { id: 'supervision', level: 'supervision', notice: '督办单(黄)', when: { missedForWorkingDays: 3 }, to: ['leader'] },
  { id: 'working-group', level: 'working-group', notice: '督办单(红)', when: { missedReports: 2 }, to: ['leader', 'workingGroup'] },
  { id: 'deadline-passed', level: 'working-group', notice: '督办单(红)', when: { deadlinePassedWorkingDays: 0 }, to: ['leader', 'workingGroup'] },
  { id: 'committee', level: 'committee', notice: '督办单(红)', when: { deadlinePassedWorkingDays: 10 }, to: ['committee'] },
  { id: 'committee-red', level: 'committee', notice: '督办单(红)', when: { redAtInspections: 2 }, to: ['committee'] },
];
