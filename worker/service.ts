/**
 * The worker as a long-lived service: connects from the standard Temporal
 * environment configuration, mails through SMTP from the environment, keeps
 * its sent-mail claims, event log and documents in the data folder (or the
 * database of RECTIFY_DATABASE_URL, migrated at start), and shuts down
 * cleanly on SIGTERM/SIGINT (the SDK drains running tasks first).
 */
import { Runtime, type LogLevel } from '@temporalio/worker';
import { installRuntime } from './runtime';
import { Connection } from '@temporalio/client';
import { connectWorker, registerSearchAttributes, target, type Target } from '../config/connection';
import { dataDir } from '../config/paths';
import { openEngineStores, storeDeps } from '../activities/engine-stores';
import { closeDatabases } from '../config/database';
import { createWorker, type RectifyWorker } from './index';
import { fallbackTransport, linkSettings, readWorkerEnv, smtpTransport, workerTuning } from '../config/worker-settings';
import { allocatorHint } from '../config/allocator';

/**
 * Makes sure the namespace knows rectify's search attributes. Where the
 * operator service is closed to workers (Temporal Cloud), says how to add them.
 */
async function ensureSearchAttributes(t: Target): Promise<void> {
  const connection = await Connection.connect({ ...(t.options as object), address: t.address });
  try {
    await registerSearchAttributes(connection, t.namespace);
  } catch (err) {
    console.warn(`rectify worker: could not register the search attributes on ${t.namespace} (${(err as Error).message}); register them once as docs/runbook.md shows`);
  } finally {
    await connection.close();
  }
}

export async function buildServiceWorker(): Promise<{ worker: RectifyWorker; describe: string; close: () => Promise<void> }> {
  const e = readWorkerEnv();
  // A missing, short or (on a production address) weak link key stops the worker before it connects.
  const links = linkSettings(e);
  const t = target();
  await ensureSearchAttributes(t);
  const connection = await connectWorker(t);
  const dir = dataDir();
  // With RECTIFY_DATABASE_URL: its schema migrated before the first task is taken.
  const stores = await openEngineStores(dir);
  const transport = smtpTransport(e);
  const fallback = fallbackTransport(e);
  const worker = await createWorker({
    connection, namespace: t.namespace,
    deps: {
      transport, from: e.RECTIFY_MAIL_FROM, fromName: e.RECTIFY_MAIL_FROM_NAME,
      ...storeDeps(stores, dir), links,
      fallback, mailAlertAfterAttempts: e.RECTIFY_MAIL_ALERT_AFTER_ATTEMPTS,
    },
    ...workerTuning(e),
  });
  const smtp = e.RECTIFY_SMTP_URL ? new URL(e.RECTIFY_SMTP_URL).host : `${e.RECTIFY_SMTP_HOST}:${e.RECTIFY_SMTP_PORT}`;
  if (!process.env.RECTIFY_SMTP_URL && !process.env.RECTIFY_SMTP_HOST && !process.env.RECTIFY_SMTP_PORT) {
    console.warn(`rectify worker: no SMTP server configured (RECTIFY_SMTP_URL or RECTIFY_SMTP_HOST): mail goes to ${smtp}, the embedded default's local sink`);
  }
  const close = async (): Promise<void> => {
    transport.close();
    fallback?.close();
    await connection.close();
    await closeDatabases();
  };
  const linked = links ? `form links to ${links.baseUrl}` : 'no form links (RECTIFY_PUBLIC_URL and RECTIFY_LINK_KEY unset)';
  const fallbackHost = e.RECTIFY_SMTP_FALLBACK_URL ? `, fallback SMTP ${new URL(e.RECTIFY_SMTP_FALLBACK_URL).host}` : '';
  return {
    worker, close,
    describe: `Temporal ${t.address} namespace ${t.namespace}${t.options.tls ? ' (TLS)' : ''}${t.options.apiKey ? ' (API key)' : ''}, SMTP ${smtp}${fallbackHost}, data ${dir}${stores.shared ? `, store ${stores.where}` : ''}, ${linked}`,
  };
}

export async function runServiceWorker(): Promise<void> {
  installRuntime((process.env.RECTIFY_LOG_LEVEL as LogLevel | undefined) ?? 'WARN');
  let built: Awaited<ReturnType<typeof buildServiceWorker>>;
  try {
    built = await buildServiceWorker();
  } catch (err) {
    // Refused or unreachable: the runtime (and its log forwarding) must not keep the process alive.
    await Runtime.instance().shutdown().catch(() => undefined);
    throw err;
  }
  const { worker, describe, close } = built;
  console.log(`rectify worker: ${describe}`);
  // glibc's malloc keeps what the worker's threads free: a worker caching thousands of items holds GiBs more (docs/runbook.md).
  const hint = allocatorHint();
  if (hint) console.log(hint);
  // Worker.run() resolves after shutdown; the SDK's Runtime handles SIGTERM/SIGINT by shutting workers down.
  try {
    await worker.run();
  } finally {
    // Nothing may keep the process alive after the worker stopped (systemd waits for the exit).
    await close();
  }
  console.log('rectify worker: stopped');
}
