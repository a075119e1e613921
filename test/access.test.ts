/**
 * The worker and the CLI reach Temporal through real TLS: mTLS with a client
 * certificate (TEMPORAL_TLS_* variables), and an API key over TLS (a profile
 * in a TOML file, as Temporal Cloud users keep it). The dev server speaks only
 * plain HTTP/2, so TLS-terminating proxies stand in front of it
 * (test/support/tls.ts). Without the certificate or the key, both are refused
 * with a clear message and no stack trace.
 */
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { startDevServer, type DevServer } from '../runtime/dev-server';
import { startMailSink, type MailSink } from '../runtime/mail-sink';
import { freePort, rectify, startWorkerProcess, tempDir, eventually, type CliResult } from './support/cli';
import { apiKeyProxy, makeCertificates, mtlsProxy, type Certificates, type Proxy } from './support/tls';

const SMALL = path.join(__dirname, '..', 'examples', 'small-campaign.yaml');
const API_KEY = 'rk-test-5f2d8c1e9a7b4e60';
let server: DevServer;
let sink: MailSink;
let certs: Certificates;
let mtls: Proxy;
let keyed: Proxy;
let base: NodeJS.ProcessEnv;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  const data = tempDir('access');
  server = await startDevServer({ dataDir: data, port: await freePort(), uiPort: await freePort(), headless: true });
  sink = await startMailSink();
  certs = makeCertificates(tempDir('certs'));
  mtls = await mtlsProxy(certs, server.address);
  keyed = await apiKeyProxy(certs, server.address, API_KEY);
  // Nothing from the shell running the tests: no profile file, no other Temporal settings.
  const unset = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('TEMPORAL_')).map((k) => [k, undefined]));
  base = { ...unset, TEMPORAL_CONFIG_FILE: path.join(data, 'none.toml'), RECTIFY_SMTP_PORT: String(sink.port), RECTIFY_DATA: data, RECTIFY_LANG: 'en' };
}, 120000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await mtls?.close();
  await keyed?.close();
  await sink?.close();
  await server?.stop();
});

/** What a person sees when refused: one clear line or two, exit 1, no stack trace. */
function refusedClearly(r: CliResult, why: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(why);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
}

/** `rectify worker` that gives up: the exit code and everything it printed. */
async function workerOutcome(env: NodeJS.ProcessEnv): Promise<CliResult> {
  const w = startWorkerProcess(env);
  workers.push(w);
  let stdout = '';
  let stderr = '';
  w.stdout!.on('data', (d: Buffer) => { stdout += String(d); });
  w.stderr!.on('data', (d: Buffer) => { stderr += String(d); });
  const code = await new Promise<number>((resolve) => w.once('exit', (c) => resolve(c ?? 1)));
  return { code, stdout, stderr };
}

const startedWorker = async (env: NodeJS.ProcessEnv): Promise<ChildProcess> => {
  const w = startWorkerProcess(env);
  workers.push(w);
  let out = '';
  w.stdout!.on('data', (d: Buffer) => { out += String(d); });
  await eventually('the worker started', async () => out.includes('rectify worker: Temporal'), 60000);
  expect(out).toContain(`rectify worker: Temporal ${mtls.address === env.TEMPORAL_ADDRESS ? mtls.address : keyed.address}`);
  return w;
};

const stop = async (w: ChildProcess): Promise<void> => {
  const exited = new Promise((r) => w.once('exit', r));
  w.kill('SIGTERM');
  await exited;
};

test('mTLS: the worker and the CLI work with the client certificate and are refused without it', async () => {
  const withCert = {
    ...base, TEMPORAL_ADDRESS: mtls.address, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.ca,
    TEMPORAL_TLS_SERVER_NAME: 'localhost', TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientCert, TEMPORAL_TLS_CLIENT_KEY_PATH: certs.clientKey,
  };
  const worker = await startedWorker(withCert);
  const start = await rectify(['start', SMALL, '--rebase', 'today'], withCert);
  expect(start.code).toBe(0);
  expect(start.stderr).not.toMatch(/error|warning: (?!no official working-day calendar)/i);
  expect(start.stdout).toContain('6 items added, 0 already known');
  const status = await rectify(['status', '--json'], withCert);
  expect(status.code).toBe(0);
  expect((JSON.parse(status.stdout) as unknown[]).length).toBe(6);

  const refusedBefore = mtls.refused;
  const noCert = { ...withCert, TEMPORAL_TLS_CLIENT_CERT_PATH: undefined, TEMPORAL_TLS_CLIENT_KEY_PATH: undefined, TEMPORAL_TLS: 'true' };
  refusedClearly(await rectify(['status'], noCert), new RegExp(`cannot reach Temporal at ${mtls.address}.*TLS`));
  refusedClearly(await workerOutcome(noCert), new RegExp(`cannot reach Temporal at ${mtls.address}.*TLS`));
  expect(mtls.refused).toBeGreaterThan(refusedBefore);
  await stop(worker);
});

test('API key from a TOML profile: the worker and the CLI work with the key and are refused without it or with a wrong one', async () => {
  const toml = path.join(certs.dir, 'temporal.toml');
  writeFileSync(toml, [
    '[profile.cloud]', `address = "${keyed.address}"`, 'namespace = "default"', `api_key = "${API_KEY}"`, '',
    '[profile.cloud.tls]', `server_ca_cert_path = "${certs.ca}"`, 'server_name = "localhost"', '',
  ].join('\n'), { mode: 0o600 });
  const withKey = { ...base, TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'cloud' };
  const worker = await startedWorker({ ...withKey, TEMPORAL_ADDRESS: keyed.address });
  // The report is an update: only a worker connected through the key can answer it.
  const report = await rectify(['report', '1', '--progress', 'Audit trail restored', '--percent', '40', '--by', 'Ann Lee'], withKey);
  expect(report.stderr).toBe('');
  expect(report.code).toBe(0);
  await eventually('status shows the report', async () => {
    const status = await rectify(['status', '--json'], withKey);
    return status.code === 0 && (JSON.parse(status.stdout) as { item: string; state: string }[]).find((r) => r.item === '(1)')?.state === 'inProgress';
  });

  const refusedBefore = keyed.refused;
  const wrongKey = { ...withKey, TEMPORAL_API_KEY: 'rk-wrong' };
  refusedClearly(await rectify(['status'], wrongKey), new RegExp(`Temporal at ${keyed.address} refused the credentials.*invalid API key`, 's'));
  refusedClearly(await workerOutcome(wrongKey), new RegExp(`Temporal at ${keyed.address} refused the credentials.*invalid API key`, 's'));
  // Without any key (plain TLS to the same endpoint).
  const noKey = { ...base, TEMPORAL_ADDRESS: keyed.address, TEMPORAL_TLS: 'true', TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.ca, TEMPORAL_TLS_SERVER_NAME: 'localhost' };
  refusedClearly(await rectify(['status'], noKey), /refused the credentials.*missing API key/s);
  expect(keyed.refused).toBeGreaterThan(refusedBefore);
  await stop(worker);
});
