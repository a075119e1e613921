/**
 * What stands between the public and `rectify serve`'s routes: the security
 * headers on every answer, rate limits (@fastify/rate-limit), and every error
 * — Fastify's router, the body parsers, Node's HTTP parser, our own 500s —
 * answered as our HTML page, with 500s logged to stderr as one JSON line with
 * form links redacted (a form link is its contact's credential).
 */
import type { Socket } from 'node:net';
import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { Language } from '../domain/i18n';
import type { WebLimits } from '../config/web-settings';
import { verifyLink, verifyMine } from '../config/links';
import { workflowDidNotAnswer } from '../config/temporal-errors';
import { messagePage, words } from './pages';

export const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  // The form's address is its credential: never sent on as a Referer.
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-frame-options': 'SAMEORIGIN',
};

/** A refusal with its status, the language of its page and, for 429, when to come back. */
export class Refusal extends Error {
  constructor(readonly statusCode: number, readonly lang?: Language, readonly retryAfterS?: number) {
    super(STATUS_CODES[statusCode] ?? String(statusCode));
  }
}

/** Form links out of a text: `/f/<redacted>`, and a token seen anywhere else too. */
export function redact(text: string): string {
  return text
    .replace(/\/f\/[^\s/?#"'<>]*/g, '/f/<redacted>')
    .replace(/[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{43}/g, '<redacted>');
}

/** Our page for an error status, in a language. */
export function errorPage(lang: Language, status: number, retryAfterS?: number): string {
  const w = words(lang);
  const pages: Record<number, [string, string]> = {
    403: [w.forbidden, w.forbiddenText],
    404: [w.notFound, w.notFound],
    408: [w.timedOut, w.timedOutText],
    413: [w.tooLarge, w.tooLargeText],
    414: [w.uriTooLong, w.uriTooLongText],
    429: [w.tooMany, w.tooManyText(Math.max(1, Math.ceil((retryAfterS ?? 60) / 60)))],
    431: [w.uriTooLong, w.uriTooLongText],
    503: [w.busy, w.busyText],
  };
  const [title, text] = pages[status] ?? (status >= 500 ? [w.error, w.errorText] : [w.badRequest, w.badRequestText]);
  return messagePage(lang, title, text);
}

export type ErrorLog = (line: string) => void;
export const stderrLog: ErrorLog = (line) => { process.stderr.write(`${line}\n`); };

/** Seconds a page that waited for a worker asks to be asked again after. */
const BUSY_RETRY_S = 60;

const statusOf = (err: unknown): number => {
  const code = (err as { statusCode?: unknown }).statusCode;
  if (typeof code === 'number' && code >= 400 && code < 600) return code;
  // The worker did not answer in time (the CLI says so too, config/connection.ts): busy, come back in a minute.
  return workflowDidNotAnswer(err) ? 503 : 500;
};

/** One JSON line per server error: when, what request (links redacted), what went wrong. */
export function logServerError(log: ErrorLog, req: { method: string; url: string }, status: number, err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  log(redact(JSON.stringify({
    time: new Date().toISOString(), level: 'error', status, method: req.method, url: req.url, error: `${e.name}: ${e.message}`, stack: e.stack,
  })));
}

/** Answers an error as our page; 5xx are logged. */
function answerError(lang: Language, log: ErrorLog, err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = statusOf(err);
  if (status >= 500) logServerError(log, req, status, err);
  const refusal = err instanceof Refusal ? err : undefined;
  if (refusal?.retryAfterS !== undefined) reply.header('retry-after', String(refusal.retryAfterS));
  else if (status === 503) reply.header('retry-after', String(BUSY_RETRY_S));
  // Refused before its body was read (a rate limit in onRequest): the connection closes after the
  // answer, as Fastify does for a body it refuses, instead of staying open with the rest unread.
  if (!req.raw.complete) reply.header('connection', 'close');
  return reply.code(status).type('text/html; charset=utf-8').send(errorPage(refusal?.lang ?? lang, status, refusal?.retryAfterS));
}

/**
 * Fastify's options for the errors it meets before any route or hook runs:
 * a malformed URL (400), a path parameter over the limit (414), and what Node's
 * HTTP parser refuses (400, 408, 431). Left alone, they answer Fastify's JSON
 * echoing the path, without our headers.
 */
export function frameworkErrorOptions(lang: Language, log: ErrorLog) {
  return {
    frameworkErrors: (err: Error, req: FastifyRequest, reply: FastifyReply) => {
      // These replies are made outside every route: the onSend hook does not run for them.
      reply.headers(SECURITY_HEADERS);
      return answerError(lang, log, err, req, reply);
    },
    clientErrorHandler: (err: NodeJS.ErrnoException, socket: Socket) => {
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      if (socket.writable) {
        const body = Buffer.from(errorPage(lang, status));
        const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, 'content-type: text/html; charset=utf-8', `content-length: ${body.length}`, 'connection: close',
          ...Object.entries(SECURITY_HEADERS).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
        socket.end(Buffer.concat([Buffer.from(`${head}\r\n\r\n`), body]));
      }
      socket.destroySoon();
    },
  };
}

/** The security headers on every answer, and every error (ours, the parsers', a hook's) as our page. */
export function installErrorPages(app: FastifyInstance, lang: Language, log: ErrorLog): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    return payload;
  });
  app.setErrorHandler((err, req, reply) => answerError(lang, log, err, req, reply));
}

type Check = ReturnType<FastifyInstance['createRateLimit']>;

/** A counter of something per key (a client address, a link), refusing with 429 past its maximum. */
class Counter {
  private readonly check: Check;
  constructor(app: FastifyInstance, max: number, windowMs: number, key: (req: FastifyRequest) => string) {
    this.check = app.createRateLimit({ max, timeWindow: windowMs, keyGenerator: key });
  }

  /** Counts one (or, with `increment: false`, only looks) and throws the 429 when the key is over its maximum. */
  async pass(req: FastifyRequest, reply: FastifyReply, lang: Language, increment = true): Promise<void> {
    const r = await this.check(req, { increment });
    if (r.isAllowed || !r.isExceeded) return;
    reply.header('retry-after', String(r.ttlInSeconds));
    throw new Refusal(429, lang, r.ttlInSeconds);
  }

  /** Counts one; whether the key is still within its maximum (for what is refused silently). */
  async allowed(req: FastifyRequest): Promise<boolean> {
    const r = await this.check(req);
    return r.isAllowed || !r.isExceeded;
  }
}

export interface Limits {
  /** Call after an office sign-in failed (a wrong token); throws 429 when that was one too many. */
  failedLogin(req: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Throws 429 while the client is over its failed sign-ins. */
  loginAllowed(req: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Counts a request for a sign-in link from this client; throws 429 past the maximum. */
  signInRequest(req: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Counts a sign-in mail to the request's address (body field `email`); false past the maximum (nothing is mailed, the answer is the same). */
  signInMailAllowed(req: FastifyRequest): Promise<boolean>;
}

const clientKey = (req: FastifyRequest): string => normalizeIP(req.ip);
/** The signed link of a form's (`/f/`) or a person's items' (`/m/`) address. */
const LINK_ROUTES: Record<string, (key: Buffer, token: string) => { ok: true; claims: { campaign: string } } | { ok: false; why: 'invalid' | 'expired' }> = { '/f/:token': verifyLink, '/m/:token': verifyMine };
const linkToken = (req: FastifyRequest): string | undefined =>
  req.routeOptions.url && LINK_ROUTES[req.routeOptions.url] ? (req.params as { token?: string }).token : undefined;

/**
 * The rate limits: every request per client address; form links with a bad
 * signature per address (past the maximum every form link from there answers
 * 429 until the window ends, so guessing stops); posts per link (each one a
 * receipt mail and events kept for good); failed office sign-ins per address;
 * sign-in links asked for per address, and mailed per recipient address.
 * Registered before the routes: the plugin puts its hook on those that follow.
 * The limits are counted in this process's memory.
 */
export async function installRateLimits(app: FastifyInstance, o: {
  key: Buffer; lang: Language; limits: WebLimits;
  /** The language of a campaign's pages, once a form of it was opened here. */
  campaignLanguage: (campaignId: string) => Language | undefined;
}): Promise<Limits> {
  await app.register(rateLimit, {
    global: true, max: o.limits.perIpPerMinute, timeWindow: 60e3, keyGenerator: clientKey,
    errorResponseBuilder: (_req, ctx) => new Refusal(429, undefined, Math.ceil(ctx.ttl / 1000)),
  });
  const badLinks = new Counter(app, o.limits.badLinksPer10Minutes, 10 * 60e3, clientKey);
  const linkPosts = new Counter(app, o.limits.postsPerLinkPerHour, 3600e3, (req) => createHash('sha256').update(linkToken(req) ?? '').digest('hex'));
  const logins = new Counter(app, o.limits.failedLoginsPer15Minutes, 15 * 60e3, clientKey);
  const signIns = new Counter(app, o.limits.signInRequestsPer15Minutes, 15 * 60e3, clientKey);
  const signInMails = new Counter(app, o.limits.signInMailsPerAddressPerHour, 3600e3,
    (req) => createHash('sha256').update(String((req.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase()).digest('hex'));

  // Before the body is read: a refused post costs nothing but its headers.
  app.addHook('onRequest', async (req, reply) => {
    const token = linkToken(req);
    if (token === undefined) return;
    await badLinks.pass(req, reply, o.lang, false);
    const checked = LINK_ROUTES[req.routeOptions.url!](o.key, token);
    if (!checked.ok) {
      // An expired link is a real one, clicked late: only forgeries count.
      if (checked.why === 'invalid') await badLinks.pass(req, reply, o.lang);
      return;
    }
    if (req.method === 'POST') await linkPosts.pass(req, reply, o.campaignLanguage(checked.claims.campaign) ?? o.lang);
  });

  return {
    failedLogin: (req, reply) => logins.pass(req, reply, o.lang),
    loginAllowed: (req, reply) => logins.pass(req, reply, o.lang, false),
    signInRequest: (req, reply) => signIns.pass(req, reply, o.lang),
    signInMailAllowed: (req) => signInMails.allowed(req),
  };
}
