/**
 * `rectify serve`'s settings from the environment, validated with zod.
 * Secrets (the link key, the office token) come from the environment or a
 * file and are never logged; on a production address (https, or a host other
 * than this machine) weak ones are refused.
 */
import { z } from 'zod';
import path from 'node:path';
import { isIP } from 'node:net';
import { readKey } from './links';
import { requireStrong, secret } from './secrets';

/** How many requests `serve` answers before it says 429 (per process: each instance counts its own). */
export interface WebLimits {
  /** Any request, per client address, per minute. */
  perIpPerMinute: number;
  /** Form links with a bad signature, per client address, per 10 minutes; then every form link from there answers 429. */
  badLinksPer10Minutes: number;
  /** Posts through one form link (keyed by the SHA-256 of its token), per hour. */
  postsPerLinkPerHour: number;
  /** Failed office sign-ins (a wrong token in the login form or in `Authorization: Bearer`), per client address, per 15 minutes. */
  failedLoginsPer15Minutes: number;
  /** Sign-in links asked for (the login page's address form), per client address, per 15 minutes. */
  signInRequestsPer15Minutes: number;
  /** Sign-in mails to one address, per hour; past it nothing more is mailed (the page answers the same). */
  signInMailsPerAddressPerHour: number;
}

export const DEFAULT_LIMITS: WebLimits = {
  perIpPerMinute: 300, badLinksPer10Minutes: 20, postsPerLinkPerHour: 20, failedLoginsPer15Minutes: 10, signInRequestsPer15Minutes: 10, signInMailsPerAddressPerHour: 5,
};

/** Office sessions: ended after this long without a request, and after the cap whatever happens. */
export interface SessionPolicy { idleMs: number; maxMs: number }
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 60 * 60e3, maxMs: 12 * 3600e3 };

/**
 * Whose X-Forwarded-For to believe: nobody (false), or the proxies' addresses
 * (`loopback`, `linklocal`, `uniquelocal`, IPs, CIDR ranges). Never "everyone":
 * any client could then pick the address its rate limits are counted under.
 */
export type TrustProxy = false | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** RECTIFY_TRUST_PROXY: `off`, or a comma-separated list of proxy addresses; unset: loopback (a proxy on this machine). */
export function parseTrustProxy(v: string | undefined): TrustProxy {
  const given = (v ?? 'loopback').trim();
  if (/^(off|false|no|none|0)$/i.test(given)) return false;
  if (/^(on|true|yes|all|\*)$/i.test(given)) {
    throw new Error('environment RECTIFY_TRUST_PROXY: trusting every sender of X-Forwarded-For lets any client choose its address (and escape the rate limits); name the proxy: loopback, or its address, e.g. 10.0.0.5');
  }
  const parts = given.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = parts.filter((p) => {
    if (PROXY_NAMES.has(p)) return false;
    const [ip, bits, more] = p.split('/');
    const family = isIP(ip);
    if (!family || more !== undefined) return true;
    return bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  });
  if (!parts.length || bad.length) {
    throw new Error(`environment RECTIFY_TRUST_PROXY: not a proxy address: ${bad.join(', ') || '(empty)'} (off, loopback, linklocal, uniquelocal, an IP or a CIDR range, comma-separated)`);
  }
  return parts;
}

const count = (what: string) => z.coerce.number().int(`${what}: a whole number`).min(1, `${what}: at least 1`);

const env = z.object({
  RECTIFY_PUBLIC_URL: z.string().url().refine((u) => /^https?:/.test(u), 'http or https').optional(),
  RECTIFY_LINK_KEY: z.string().min(1).optional(),
  RECTIFY_LINK_KEY_FILE: z.string().min(1).optional(),
  RECTIFY_OFFICE_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  RECTIFY_OFFICE_TOKEN_FILE: z.string().min(1).optional(),
  /** Where uploaded evidence is kept (default: DATA/uploads). */
  RECTIFY_UPLOADS: z.string().min(1).optional(),
  /** Largest file a contact may upload, in MB. */
  RECTIFY_UPLOAD_MAX_MB: z.coerce.number().positive().max(100).default(10),
  RECTIFY_TRUST_PROXY: z.string().optional(),
  RECTIFY_RATE_PER_MINUTE: count('requests per client address per minute').default(DEFAULT_LIMITS.perIpPerMinute),
  RECTIFY_RATE_BAD_LINKS: count('bad form links per client address per 10 minutes').default(DEFAULT_LIMITS.badLinksPer10Minutes),
  RECTIFY_RATE_LINK_POSTS: count('posts per form link per hour').default(DEFAULT_LIMITS.postsPerLinkPerHour),
  RECTIFY_RATE_LOGIN_FAILURES: count('failed office sign-ins per client address per 15 minutes').default(DEFAULT_LIMITS.failedLoginsPer15Minutes),
  RECTIFY_RATE_SIGNIN_REQUESTS: count('sign-in links asked for per client address per 15 minutes').default(DEFAULT_LIMITS.signInRequestsPer15Minutes),
  RECTIFY_RATE_SIGNIN_MAILS: count('sign-in mails per address per hour').default(DEFAULT_LIMITS.signInMailsPerAddressPerHour),
  /** The campaign file whose directory may sign in (people, and who its items name). */
  RECTIFY_PLAN: z.string().min(1).optional(),
  /** An office session ends after this many minutes without a request… */
  RECTIFY_OFFICE_IDLE_MINUTES: z.coerce.number().positive().max(24 * 60).default(DEFAULT_SESSION_POLICY.idleMs / 60e3),
  /** …and after this many hours whatever happens. */
  RECTIFY_OFFICE_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(DEFAULT_SESSION_POLICY.maxMs / 3600e3),
  /** How long a whole request may take to arrive, in seconds (a form with its files over a slow line). */
  RECTIFY_WEB_REQUEST_TIMEOUT_S: z.coerce.number().int().min(10).max(3600).default(300),
});

export interface WebSettings {
  key: Buffer;
  publicUrl?: string;
  officeToken?: string;
  uploadsDir: string;
  maxUploadBytes: number;
  trustProxy: TrustProxy;
  limits: WebLimits;
  /** The office sessions (one file each, mode 0600): DATA/sessions. */
  sessionsDir: string;
  sessions: SessionPolicy;
  requestTimeoutMs: number;
  /** RECTIFY_PLAN (or serve --plan): the campaign file whose people sign in with a mailed link; none: only the office token. */
  plan?: string;
}

/** Throws with every problem named (`environment NAME: what`). */
export function readWebSettings(dataDir: string, source: NodeJS.ProcessEnv = process.env): WebSettings {
  const r = env.safeParse(source);
  if (!r.success) throw new Error(r.error.issues.map((i) => `environment ${i.path.join('.')}: ${i.message}`).join('\n'));
  const e = r.data;
  const key = readKey(e.RECTIFY_LINK_KEY, e.RECTIFY_LINK_KEY_FILE, 'RECTIFY_LINK_KEY', e.RECTIFY_PUBLIC_URL);
  if (!key) throw new Error('environment RECTIFY_LINK_KEY: the link-signing key is needed (RECTIFY_LINK_KEY or RECTIFY_LINK_KEY_FILE, the same as the worker\'s)');
  const tokenName = e.RECTIFY_OFFICE_TOKEN !== undefined ? 'RECTIFY_OFFICE_TOKEN' : 'RECTIFY_OFFICE_TOKEN_FILE';
  const token = secret(e.RECTIFY_OFFICE_TOKEN, e.RECTIFY_OFFICE_TOKEN_FILE, 'RECTIFY_OFFICE_TOKEN');
  if (token !== undefined && token.length < 16) throw new Error(`environment ${tokenName}: the token needs at least 16 characters`);
  if (token !== undefined) requireStrong(token, tokenName, e.RECTIFY_PUBLIC_URL);
  return {
    key, publicUrl: e.RECTIFY_PUBLIC_URL, officeToken: token,
    uploadsDir: path.resolve(e.RECTIFY_UPLOADS ?? path.join(dataDir, 'uploads')),
    maxUploadBytes: Math.round(e.RECTIFY_UPLOAD_MAX_MB * 1048576),
    trustProxy: parseTrustProxy(e.RECTIFY_TRUST_PROXY),
    limits: {
      perIpPerMinute: e.RECTIFY_RATE_PER_MINUTE, badLinksPer10Minutes: e.RECTIFY_RATE_BAD_LINKS,
      postsPerLinkPerHour: e.RECTIFY_RATE_LINK_POSTS, failedLoginsPer15Minutes: e.RECTIFY_RATE_LOGIN_FAILURES,
      signInRequestsPer15Minutes: e.RECTIFY_RATE_SIGNIN_REQUESTS, signInMailsPerAddressPerHour: e.RECTIFY_RATE_SIGNIN_MAILS,
    },
    ...(e.RECTIFY_PLAN ? { plan: path.resolve(e.RECTIFY_PLAN) } : {}),
    sessionsDir: path.resolve(dataDir, 'sessions'),
    sessions: { idleMs: e.RECTIFY_OFFICE_IDLE_MINUTES * 60e3, maxMs: e.RECTIFY_OFFICE_SESSION_HOURS * 3600e3 },
    requestTimeoutMs: e.RECTIFY_WEB_REQUEST_TIMEOUT_S * 1000,
  };
}
