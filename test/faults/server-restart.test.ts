/**
 * The Temporal dev server restarted mid-campaign with its SQLite file kept:
 * every item is where it was, `status` agrees with before, and the timers fire
 * as planned afterwards. Real dev server, real worker, real SMTP listener.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { DateTime } from 'luxon';
import { startDevServer, type DevServer } from '../../runtime/dev-server';
import { startMailSink, type MailSink } from '../../runtime/mail-sink';
import { startCampaign } from '../../runtime/start-campaign';
import { statusRows } from '../../readmodels/status';
import { createWorker, type RectifyWorker } from '../../worker';
import { FileSentStore, MemoryEventSink } from '../../activities/stores';
import { itemWorkflowId, reportUpdate, dispatchUpdate } from '../../workflows/messages';
import { eventually, freePort, rectify, tempDir } from '../support/cli';
import { quietRuntime, tinyPlan } from '../support/env';

const data = tempDir('restart');
let port: number;
let uiPort: number;
let server: DevServer;
let sink: MailSink;

interface Running { worker: RectifyWorker; run: Promise<void>; client: Client; native: NativeConnection }

/** The worker and server up now, if any: taken down after the test even when it failed. */
let running: Running | undefined;

async function up(): Promise<Running> {
  server = await startDevServer({ dataDir: data, port, uiPort, headless: true });
  const native = await NativeConnection.connect({ address: server.address });
  const worker = await createWorker({
    connection: native,
    deps: {
      transport: nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true }),
      from: 'rectify@example.org', sent: new FileSentStore(`${data}/sent`), events: new MemoryEventSink(),
    },
  });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  running = { worker, run: worker.run(), client, native };
  return running;
}

async function down(r: Running): Promise<void> {
  running = undefined;
  r.worker.shutdown();
  await r.run;
  await r.client.connection.close();
  await r.native.close();
  await server.stop();
}

beforeAll(async () => {
  quietRuntime();
  port = await freePort();
  uiPort = await freePort();
  sink = await startMailSink();
}, 60000);
afterAll(async () => {
  if (running) await down(running);
  await sink?.close();
  await server?.stop();
});

test('after a restart items are where they were and the next reminder still comes, once', async () => {
  const plan = tinyPlan({ id: 'restarted' }, 4);
  plan.cadence.digestWindowMinutes = 1;
  // Campaign time runs 40 s before the first reminder (Thursday 2023-07-13 12:00 +08:00).
  const reminderMs = DateTime.fromISO('2023-07-13T12:00', { zone: 'Asia/Shanghai' }).toMillis();
  const offset = reminderMs - 40000 - Date.now();

  let r = await up();
  await startCampaign(r.client, plan, { clockOffsetMs: offset });
  await r.client.workflow.getHandle(itemWorkflowId(plan.id, '1')).executeUpdate(reportUpdate, { args: [{ progress: '已完成制度起草', percent: 30, by: 'contact1' }] });
  await r.client.workflow.getHandle(itemWorkflowId(plan.id, '2')).executeUpdate(dispatchUpdate, {
    args: [{ instruction: '延期一个月', newDeadline: '2023-10-31', approvedBy: '李华', by: '专班' }],
  });
  const before = await eventually('status shows the report', async () => {
    const rows = await statusRows(r.client, plan.id, plan.timeZone);
    return rows.length === 4 && rows.find((x) => x.item === '(1)')?.state === 'inProgress' && rows;
  });
  // What a coordinator sees: `rectify status`, as printed.
  const cli = { TEMPORAL_ADDRESS: server.address, RECTIFY_DATA: data };
  const printed = await rectify(['status'], cli);
  expect(printed.code).toBe(0);
  expect(printed.stdout).toMatch(/\(1\)\s+│\s+综合部\s+│\s+整改中/);

  await down(r);
  r = await up();
  try {
    const after = await statusRows(r.client, plan.id, plan.timeZone);
    expect(after).toEqual(before);
    expect(await rectify(['status'], cli)).toEqual(printed);
    const snapshot = await r.client.workflow.getHandle(itemWorkflowId(plan.id, '2')).query('snapshot') as { status: { deadline: string; extensions: number } };
    expect(snapshot.status).toMatchObject({ deadline: '2023-10-31', extensions: 1 });

    // The reminder timer set before the restart fires after it: contacts 2-4 get one digest each;
    // contact 1 already reported this week.
    const reminders = () => sink.messages.filter((m) => m.subject.startsWith('【周报告提醒】'));
    await eventually('the reminder round', async () => reminders().length >= 3, 150000);
    await new Promise((res) => setTimeout(res, 3000));
    expect(reminders().map((m) => m.to[0]).sort()).toEqual(['contact2@example.org', 'contact3@example.org', 'contact4@example.org']);
    // The moment planned before the restart: Thursday 12:00's reminder, asking for Friday 12:00's report.
    for (const m of reminders()) {
      expect(m.headers['x-rectify-moment']).toBe('digest:2023-07-13T12:00:00+08:00');
      expect(m.subject).toContain('2023年7月14日（周五）12:00');
    }
  } finally {
    if (running) await down(running);
  }
}, 300000);
