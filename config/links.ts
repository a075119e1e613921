/**
 * Signed form links (填报链接): one item, one person, an expiry, signed with
 * HMAC-SHA256 under a key only the deployment holds. The worker signs them
 * when it composes a digest (activities/send-digest.ts); `rectify serve` checks
 * them. Changing any field (item, person, expiry, campaign) breaks the
 * signature; the key never leaves the deployment's environment or files.
 *
 * Token: base64url(JSON {v, c, i, n, e, x}) "." base64url(HMAC(key, "link." + body)).
 */
import { requireStrong, secret } from './secrets';
import { PRIVATE_DIR } from './paths';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';

export interface LinkClaims {
  /** Campaign id. */
  campaign: string;
  /** Item id as printed, e.g. "(12)". */
  item: string;
  /** The person the link was mailed to. */
  name: string;
  email: string;
  /** Expiry, epoch ms. */
  expiresAt: number;
}

export interface LinkSettings {
  /** Where `rectify serve` is reached from the contacts' mail, e.g. https://rectify.example.org. */
  baseUrl: string;
  key: Buffer;
  /** How long after the next due time a link still opens. */
  graceHours: number;
}

const b64 = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/** HMAC of a purpose-tagged message: a link signature can never pass for a form token or a session. */
export function mac(key: Buffer, purpose: string, message: string): string {
  return createHmac('sha256', key).update(`${purpose}.${message}`).digest('base64url');
}

/** Constant-time comparison of two strings. */
export function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function signLink(key: Buffer, c: LinkClaims): string {
  const body = b64(JSON.stringify({ v: 1, c: c.campaign, i: c.item, n: c.name, e: c.email.toLowerCase(), x: Math.floor(c.expiresAt / 1000) }));
  return `${body}.${mac(key, 'link', body)}`;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; why: 'invalid' | 'expired' };

/** The JSON body of a token signed for a purpose; undefined when its signature or its body is not ours. */
function signedBody(key: Buffer, purpose: string, token: string, maxChars: number): Record<string, unknown> | undefined {
  const m = new RegExp(`^([A-Za-z0-9_-]{1,${maxChars}})\\.([A-Za-z0-9_-]{43})$`).exec(token);
  if (!m || !same(m[2], mac(key, purpose, m[1]))) return undefined;
  try {
    const raw: unknown = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
    return raw && typeof raw === 'object' && !Array.isArray(raw) ? raw as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

export function verifyLink(key: Buffer, token: string, nowMs = Date.now()): LinkCheck {
  const raw = signedBody(key, 'link', token, 4000);
  if (!raw) return { ok: false, why: 'invalid' };
  if (raw.v !== 1 || typeof raw.c !== 'string' || typeof raw.i !== 'string' || typeof raw.n !== 'string' || typeof raw.e !== 'string' || typeof raw.x !== 'number') {
    return { ok: false, why: 'invalid' };
  }
  const claims = { campaign: raw.c, item: raw.i, name: raw.n, email: raw.e, expiresAt: raw.x * 1000 };
  if (nowMs >= claims.expiresAt) return { ok: false, why: 'expired' };
  return { ok: true, claims };
}

export const linkUrl = (s: Pick<LinkSettings, 'baseUrl'>, token: string): string => `${s.baseUrl.replace(/\/+$/, '')}/f/${token}`;

/**
 * A key from the environment (RECTIFY_LINK_KEY) or a file (RECTIFY_LINK_KEY_FILE); at least 32 characters,
 * and on a production address (https, or not this machine) not a low-variety one either.
 */
export function readKey(value: string | undefined, file: string | undefined, what: string, publicUrl?: string): Buffer | undefined {
  const v = secret(value, file, what);
  if (v === undefined) return undefined;
  if (v.length < 32) throw new Error(`${what}: at least 32 characters are needed (e.g. openssl rand -hex 32)`);
  requireStrong(v, what, publicUrl);
  return Buffer.from(v, 'utf8');
}

/** The embedded default's secret: made once in the data folder (mode 0600), read after. */
export function persistedSecret(dir: string, name: string): string {
  const file = path.join(dir, name);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}

/** A one-time sign-in link (登录链接) for a person of a campaign's directory. */
export interface SignInClaims {
  campaign: string;
  /** Lower case. */
  email: string;
  /** Random: what the store remembers as used once the link has signed someone in. */
  nonce: string;
  /** Expiry, epoch ms. */
  expiresAt: number;
}

/** How long a sign-in link opens after it was mailed. */
export const SIGN_IN_LINK_MS = 15 * 60e3;

/** Token: base64url(JSON {v, c, e, n, x}) "." base64url(HMAC(key, "signin." + body)); a form link's signature never passes for it. */
export function signSignIn(key: Buffer, c: SignInClaims): string {
  const body = b64(JSON.stringify({ v: 1, c: c.campaign, e: c.email.toLowerCase(), n: c.nonce, x: Math.floor(c.expiresAt / 1000) }));
  return `${body}.${mac(key, 'signin', body)}`;
}

export type SignInCheck = { ok: true; claims: SignInClaims } | { ok: false; why: 'invalid' | 'expired' };

export function verifySignIn(key: Buffer, token: string, nowMs = Date.now()): SignInCheck {
  const raw = signedBody(key, 'signin', token, 1000);
  if (!raw) return { ok: false, why: 'invalid' };
  if (raw.v !== 1 || typeof raw.c !== 'string' || typeof raw.e !== 'string' || typeof raw.n !== 'string' || typeof raw.x !== 'number') return { ok: false, why: 'invalid' };
  const claims = { campaign: raw.c, email: raw.e, nonce: raw.n, expiresAt: raw.x * 1000 };
  if (nowMs >= claims.expiresAt) return { ok: false, why: 'expired' };
  return { ok: true, claims };
}

/** A person's "my items" link (我的事项): every open item of theirs on one page, mailed once per digest (not per item). */
export interface MineClaims {
  campaign: string;
  name: string;
  /** Lower case. */
  email: string;
  /** The items the digest named (the page adds those the directory gives the person). */
  items: string[];
  /** Expiry, epoch ms. */
  expiresAt: number;
}

/** Token: base64url(JSON {v, c, n, e, i, x}) "." base64url(HMAC(key, "mine." + body)); neither a form link's nor a sign-in link's signature passes for it. */
export function signMine(key: Buffer, c: MineClaims): string {
  const body = b64(JSON.stringify({ v: 1, c: c.campaign, n: c.name, e: c.email.toLowerCase(), i: c.items, x: Math.floor(c.expiresAt / 1000) }));
  return `${body}.${mac(key, 'mine', body)}`;
}

export type MineCheck = { ok: true; claims: MineClaims } | { ok: false; why: 'invalid' | 'expired' };

export function verifyMine(key: Buffer, token: string, nowMs = Date.now()): MineCheck {
  const raw = signedBody(key, 'mine', token, 8000);
  if (!raw) return { ok: false, why: 'invalid' };
  if (raw.v !== 1 || typeof raw.c !== 'string' || typeof raw.n !== 'string' || typeof raw.e !== 'string' || typeof raw.x !== 'number'
    || !Array.isArray(raw.i) || !raw.i.every((i) => typeof i === 'string')) return { ok: false, why: 'invalid' };
  const claims = { campaign: raw.c, name: raw.n, email: raw.e, items: raw.i as string[], expiresAt: raw.x * 1000 };
  if (nowMs >= claims.expiresAt) return { ok: false, why: 'expired' };
  return { ok: true, claims };
}

export const mineUrl = (s: Pick<LinkSettings, 'baseUrl'>, token: string): string => `${s.baseUrl.replace(/\/+$/, '')}/m/${token}`;

/**
 * A form's nonce (one per form shown): random, signed for the link or page it was shown on. The request id of
 * what the form records is made of it, so the same form posted twice is recorded once.
 */
export function newNonce(key: Buffer, scope: string): string {
  const n = randomBytes(16).toString('base64url');
  return `${n}.${mac(key, 'nonce', `${scope}.${n}`)}`;
}

/** The nonce's random part, when it was signed for this scope. */
export function nonceOf(key: Buffer, scope: string, given: string | undefined): string | undefined {
  const [n, sig] = (given ?? '').split('.');
  return n && sig && same(sig, mac(key, 'nonce', `${scope}.${n}`)) ? n : undefined;
}
