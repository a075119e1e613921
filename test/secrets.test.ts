/**
 * Secrets stay secret: the worker runs with an SMTP password read from a file
 * (RECTIFY_SMTP_PASSWORD_FILE) and an API key, logging at DEBUG, through a
 * reminder round and a dispatch decision mailed over SMTP that requires the
 * login. The password and the key appear neither in its output, nor in any
 * workflow history of the run, nor in the data folder.
 */
import path from 'node:path';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { DateTime } from 'luxon';
import { startDevServer, type DevServer } from '../runtime/dev-server';
import { startMailSink, type MailSink } from '../runtime/mail-sink';
import { startCampaign } from '../runtime/start-campaign';
import { dispatchUpdate, itemWorkflowId } from '../workflows/messages';
import { eventually, freePort, rectify, startWorkerProcess, tempDir } from './support/cli';
import { tinyPlan } from './support/env';

const PASSWORD = 'Zq7-smtp-s3cret-9941';
const API_KEY = 'rk-live-0c4f99e2b7d5';
let server: DevServer;
let sink: MailSink;
let client: Client;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  server = await startDevServer({ dataDir: tempDir('secrets-server'), port: await freePort(), uiPort: await freePort(), headless: true });
  sink = await startMailSink({ auth: { user: 'rectify', pass: PASSWORD } });
  client = new Client({ connection: await Connection.connect({ address: server.address }) });
}, 120000);
afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  await client?.connection.close();
  await sink?.close();
  await server?.stop();
});

/** Every string and byte string (payloads) inside a history, as one text. */
function textOf(v: unknown, seen = new Set<unknown>()): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (!v || typeof v !== 'object' || seen.has(v)) return '';
  seen.add(v);
  return Object.values(v).map((x) => textOf(x, seen)).join('\n');
}

/** Every file under `dir`, as text. */
const filesUnder = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
  const p = path.join(dir, name);
  return statSync(p).isDirectory() ? filesUnder(p) : [readFileSync(p).toString('latin1')];
});

test('the SMTP password and the API key are in no output, no workflow history and no data file', async () => {
  const data = tempDir('secrets');
  const secrets = tempDir('secrets-files');
  writeFileSync(path.join(secrets, 'smtp-password'), `${PASSWORD}\n`, { mode: 0o600 });
  const env = {
    TEMPORAL_ADDRESS: server.address, TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS: 'false', RECTIFY_DATA: data,
    RECTIFY_SMTP_PORT: String(sink.port), RECTIFY_SMTP_USER: 'rectify', RECTIFY_SMTP_PASSWORD_FILE: path.join(secrets, 'smtp-password'),
    RECTIFY_LOG_LEVEL: 'DEBUG',
  };
  let output = '';
  worker = startWorkerProcess(env);
  worker.stdout!.on('data', (d: Buffer) => { output += String(d); });
  worker.stderr!.on('data', (d: Buffer) => { output += String(d); });

  const plan = tinyPlan({ id: 'secrets' }, 3);
  plan.cadence.digestWindowMinutes = 0.25;
  // Campaign time runs 12 s before the first reminder (Thursday 2023-07-13 12:00).
  const offset = DateTime.fromISO('2023-07-13T12:00', { zone: 'Asia/Shanghai' }).toMillis() - 12000 - Date.now();
  await startCampaign(client, plan, { clockOffsetMs: offset });
  await client.workflow.getHandle(itemWorkflowId(plan.id, '2')).executeUpdate(dispatchUpdate, { args: [{ instruction: '加快进度', by: '专班' }] });
  await eventually('the reminders and the decision mailed', async () => sink.messages.length >= 4, 120000);
  // Sent with the password from the file: the mail server took the login.
  expect(sink.messages.every((m) => m.user === 'rectify')).toBe(true);
  // The CLI with the same environment: its output too.
  const status = await rectify(['status'], env);
  expect(status.code).toBe(0);

  const exited = new Promise((r) => worker!.once('exit', r));
  worker.kill('SIGTERM');
  await exited;
  expect(output).toContain('rectify worker: stopped');

  const histories: string[] = [];
  for await (const wf of client.workflow.list()) {
    const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    histories.push(textOf(history));
  }
  expect(histories.length).toBeGreaterThanOrEqual(4); // the campaign and its three items
  // The payloads are searched as text: what the workflows carry (addresses) is there, the secrets are not.
  expect(histories.some((h) => h.includes('contact1@example.org'))).toBe(true);
  expect(output).toMatch(/\[DEBUG\]/);
  const everything = [output, status.stdout, status.stderr, ...histories, ...filesUnder(data)];
  for (const secret of [PASSWORD, API_KEY]) {
    for (const form of [secret, Buffer.from(secret).toString('base64')]) {
      expect(everything.filter((text) => text.includes(form))).toEqual([]);
    }
  }
}, 300000);
