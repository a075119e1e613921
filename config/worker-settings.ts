/**
 * The worker's settings from the environment, validated with zod: where mail
 * goes (SMTP; secrets from the environment or a file, never logged), where the
 * data folder is, and the tuning knobs.
 */
import { z } from 'zod';
import nodemailer, { type Transporter } from 'nodemailer';
import { readKey, type LinkSettings } from './links';
import { secret } from './secrets';

export { secret };

const env = z.object({
  RECTIFY_SMTP_URL: z.string().url().optional(),
  RECTIFY_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  RECTIFY_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(2525),
  RECTIFY_SMTP_SECURE: z.enum(['true', 'false']).default('false'),
  RECTIFY_SMTP_USER: z.string().min(1).optional(),
  RECTIFY_SMTP_PASSWORD: z.string().min(1).optional(),
  RECTIFY_SMTP_PASSWORD_FILE: z.string().min(1).optional(),
  /** Pooled connections (0: a new connection per mail). */
  RECTIFY_SMTP_POOL: z.coerce.number().int().min(0).max(50).default(0),
  /** Messages per second at most (pooled transport only; 0: no limit). */
  RECTIFY_SMTP_RATE: z.coerce.number().min(0).max(1000).default(0),
  RECTIFY_MAIL_FROM: z.string().min(3).default('rectify@localhost'),
  /** The From's display name (e.g. 巡察整改工作领导小组办公室); unset: each campaign's name. */
  RECTIFY_MAIL_FROM_NAME: z.string().trim().min(1).max(100).optional(),
  /** A second mail server, used only to tell the working group that the first one is failing. */
  RECTIFY_SMTP_FALLBACK_URL: z.string().url().optional(),
  RECTIFY_SMTP_FALLBACK_USER: z.string().min(1).optional(),
  RECTIFY_SMTP_FALLBACK_PASSWORD: z.string().min(1).optional(),
  RECTIFY_SMTP_FALLBACK_PASSWORD_FILE: z.string().min(1).optional(),
  /** A mail failing this many attempts in a row opens a mail outage (status banner, one log line, one alert). */
  RECTIFY_MAIL_ALERT_AFTER_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
  /** Workflows kept in memory between tasks (the SDK's default comes from the heap size). */
  RECTIFY_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
  /** Activities (mostly mails) running at once. */
  RECTIFY_MAX_ACTIVITIES: z.coerce.number().int().min(1).optional(),
  /** Where `rectify serve` is reached from the contacts' mail (links in digests); none: digests carry no links. */
  RECTIFY_PUBLIC_URL: z.string().url().refine((u) => /^https?:/.test(u), 'http or https').optional(),
  /** The link-signing key (HMAC), or a file holding it; shared by the worker and `rectify serve`. */
  RECTIFY_LINK_KEY: z.string().min(1).optional(),
  RECTIFY_LINK_KEY_FILE: z.string().min(1).optional(),
  /** A link still opens this long after the next due time. */
  RECTIFY_LINK_GRACE_HOURS: z.coerce.number().min(0).max(24 * 60).default(72),
  /** Workflow tasks running at once (the SDK's default: 40); at least 2 while workflows are cached. */
  RECTIFY_MAX_WORKFLOW_TASKS: z.coerce.number().int().min(2).optional(),
  /** Local activities (calendar planning) running at once (the SDK's default: 100). */
  RECTIFY_MAX_LOCAL_ACTIVITIES: z.coerce.number().int().min(1).optional(),
});

export type WorkerEnv = z.infer<typeof env>;

export function readWorkerEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const r = env.safeParse(source);
  if (!r.success) {
    throw new Error(r.error.issues.map((i) => `environment ${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  return r.data;
}


/** The fallback mail server, when one is configured. */
export function fallbackTransport(e: WorkerEnv): Transporter | undefined {
  if (!e.RECTIFY_SMTP_FALLBACK_URL) return undefined;
  const pass = secret(e.RECTIFY_SMTP_FALLBACK_PASSWORD, e.RECTIFY_SMTP_FALLBACK_PASSWORD_FILE, 'RECTIFY_SMTP_FALLBACK_PASSWORD');
  return nodemailer.createTransport({ url: e.RECTIFY_SMTP_FALLBACK_URL, auth: e.RECTIFY_SMTP_FALLBACK_USER ? { user: e.RECTIFY_SMTP_FALLBACK_USER, pass } : undefined } as never);
}

/** The worker's concurrency and cache settings from the environment (unset: the SDK's or createWorker's defaults). */
export function workerTuning(e: WorkerEnv): WorkerTuning {
  return {
    maxCachedWorkflows: e.RECTIFY_MAX_CACHED_WORKFLOWS,
    maxConcurrentActivityTaskExecutions: e.RECTIFY_MAX_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: e.RECTIFY_MAX_WORKFLOW_TASKS,
    maxConcurrentLocalActivityExecutions: e.RECTIFY_MAX_LOCAL_ACTIVITIES,
  };
}

export interface WorkerTuning {
  maxCachedWorkflows?: number;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  maxConcurrentLocalActivityExecutions?: number;
}

export function smtpTransport(e: WorkerEnv): Transporter {
  const password = secret(e.RECTIFY_SMTP_PASSWORD, e.RECTIFY_SMTP_PASSWORD_FILE, 'RECTIFY_SMTP_PASSWORD');
  const auth = e.RECTIFY_SMTP_USER ? { user: e.RECTIFY_SMTP_USER, pass: password } : undefined;
  const pool = e.RECTIFY_SMTP_POOL > 0 ? { pool: true as const, maxConnections: e.RECTIFY_SMTP_POOL, ...(e.RECTIFY_SMTP_RATE > 0 ? { rateDelta: 1000, rateLimit: e.RECTIFY_SMTP_RATE } : {}) } : {};
  if (e.RECTIFY_SMTP_URL) return nodemailer.createTransport({ url: e.RECTIFY_SMTP_URL, auth, ...pool } as never);
  return nodemailer.createTransport({
    host: e.RECTIFY_SMTP_HOST, port: e.RECTIFY_SMTP_PORT, secure: e.RECTIFY_SMTP_SECURE === 'true', auth,
    // The local sink speaks plain SMTP on loopback; real servers negotiate TLS.
    ignoreTLS: e.RECTIFY_SMTP_HOST === '127.0.0.1' || e.RECTIFY_SMTP_HOST === 'localhost',
    ...pool,
  } as never);
}

/** Form links in digests: only when both the public address and the key are configured. */
export function linkSettings(e: WorkerEnv): LinkSettings | undefined {
  const key = readKey(e.RECTIFY_LINK_KEY, e.RECTIFY_LINK_KEY_FILE, 'RECTIFY_LINK_KEY', e.RECTIFY_PUBLIC_URL);
  if (!key || !e.RECTIFY_PUBLIC_URL) return undefined;
  return { baseUrl: e.RECTIFY_PUBLIC_URL, key, graceHours: e.RECTIFY_LINK_GRACE_HOURS };
}
