/**
 * `rectify serve`: the contacts' one-page report form behind signed links,
 * and the office's read-only wall chart and per-unit table behind a token.
 * Fastify, server-rendered pages (no JavaScript needed), CSRF-protected forms
 * (a signed double-submit token), strict security headers.
 *
 * Routes:
 *   GET  /f/:token         the item and its form (link checked: signature, expiry, person still on the item)
 *   POST /f/:token         a report or a close-out → the item workflow's update; the engine's answer shown
 *   GET|POST /m/:token     a person's items (a digest's one link): reports on several, 本周无新进展 in one click (web/mine.ts)
 *   /office…               the office: people of the directory signed in by a mailed link, the service
 *                          account by its token; their items, an item's record and files, reviews (web/office.ts)
 *
 * Rate limits, error pages and the security headers: web/guards.ts; office
 * sessions are kept on the server (web/sessions.ts).
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { DEFAULT_LIMITS, type TrustProxy, type WebLimits } from '../config/web-settings';
import { errorPage, frameworkErrorOptions, installErrorPages, installRateLimits, stderrLog, type ErrorLog } from './guards';
import type { SessionStore } from './sessions';
import { mac, newNonce, nonceOf, same, verifyLink, verifyMine, type LinkClaims } from '../config/links';
import { answerMine, type MinePerson, type MinePlace } from './mine';
import { itemPage, messagePage, words, type FormValues } from './pages';
import type { EvidenceFlag } from '../domain/evidence';
import { installOffice, type OfficeOptions } from './office';
import type { DocumentStore } from '../documents/store';
import type { HolidayStore, ItemListing } from '../activities/deps';
import type { SignInMailer } from './signin-mail';
import { checkEvidence } from './evidence';
import { cleanIncoming, cleanName, discardUpload, FolderUploadStore, intendUpload, keepUpload, MAX_FILES, uploadPlace, type Incoming, type UploadStore } from './uploads';
import { DEFAULT_TIMEOUTS, discardRest, formBound, receiveForm, serverTimeouts, type FormStop, type WebTimeouts } from './body';
import { reportUpdate, submitCloseoutUpdate, type CampaignSnapshot, type CloseoutInput, type ItemSnapshot, type ReportInput } from '../workflows/messages';
import { payloadProblems } from '../domain/payloads';
import { refuseReport } from '../domain/rules';
import type { Language } from '../domain/i18n';
import { lookupItem, readItem } from '../readmodels/items';
import { outcomeOf } from '../readmodels/answer';

export interface WebOptions {
  client: Client;
  /** Verifies form links, signs form tokens and office sessions. */
  key: Buffer;
  /** Cookies are Secure when the public address is https. */
  publicUrl: string;
  /** The office's token; none: the office pages are off. */
  officeToken?: string;
  /** Where files are received (`.incoming/`, this host's disk) and, by default, kept. */
  uploadsDir: string;
  /** Where received files are kept (default: the uploads folder; with RECTIFY_DATABASE_URL the database). */
  uploads?: UploadStore;
  /** The documents the engine sent, for the office's downloads (default: the engine's store). */
  documents?: DocumentStore;
  /** The holiday years loaded, for the office's holiday page (default: the engine's store). */
  holidays?: HolidayStore;
  /** 事项名录: the board's titles, sections and leaders of a campaign with desks (default: the engine's store). */
  listing?: ItemListing;
  maxUploadBytes: number;
  /** The office page's campaign when the query names none (default: the only running one). */
  campaign?: string;
  /** The office pages' language (the form speaks its campaign's). */
  lang: Language;
  /** Whose X-Forwarded-For is believed (default: a proxy on loopback). */
  trustProxy?: TrustProxy;
  limits?: Partial<WebLimits>;
  /** Where office sessions and used sign-in links are kept (the data folder's, or PostgreSQL's later). */
  sessions: SessionStore;
  /** The campaign directory whose people sign in with a mailed link (serve --plan); none: the office token only. */
  directory?: OfficeOptions['directory'];
  /** Sends the sign-in mails. */
  mailer?: SignInMailer;
  /** Where 500s are logged (default: stderr). */
  errorLog?: ErrorLog;
  /** How long clients are waited for (default DEFAULT_TIMEOUTS; tests pass short ones). */
  timeouts?: Partial<WebTimeouts>;
}

const CSRF_COOKIE = 'rectify_csrf';

function cookies(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

const lines = (v: string | undefined): string[] => (v ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);

export async function buildWebServer(o: WebOptions): Promise<FastifyInstance> {
  const errorLog = o.errorLog ?? stderrLog;
  const uploads = o.uploads ?? new FolderUploadStore(o.uploadsDir);
  // What a crash left half-received (web/uploads.ts).
  await cleanIncoming(o.uploadsDir, uploads);
  // A link's token is a path parameter of a few hundred characters.
  const app = Fastify({
    logger: false, bodyLimit: 1024 * 1024, routerOptions: { maxParamLength: 4096 },
    trustProxy: o.trustProxy ?? ['loopback'],
    ...frameworkErrorOptions(o.lang, errorLog),
    ...serverTimeouts({ ...DEFAULT_TIMEOUTS, ...o.timeouts }),
  });
  installErrorPages(app, o.lang, errorLog);
  const campaignLanguages = new Map<string, Language>();
  const limits = await installRateLimits(app, {
    key: o.key, lang: o.lang, limits: { ...DEFAULT_LIMITS, ...o.limits }, campaignLanguage: (id) => campaignLanguages.get(id),
  });
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  await app.register(multipart, {
    // A file over the limit is flagged ('limit'), and the form stops being read there (web/body.ts).
    throwFileSizeLimit: false,
    limits: { fileSize: o.maxUploadBytes, files: MAX_FILES, fields: 40, fieldSize: 64 * 1024, parts: 60 },
  });
  const secure = o.publicUrl.startsWith('https:');
  const cookie = (name: string, value: string, maxAge: number): string =>
    `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;

  /** The double-submit secret of this browser (a cookie), made on first sight. */
  const csrfSecret = (req: FastifyRequest, reply: FastifyReply): string => {
    const have = cookies(req)[CSRF_COOKIE];
    if (have && /^[A-Za-z0-9_-]{43}$/.test(have)) return have;
    const fresh = randomBytes(32).toString('base64url');
    reply.header('set-cookie', cookie(CSRF_COOKIE, fresh, 7 * 24 * 3600));
    return fresh;
  };
  const csrfToken = (secret: string, scope: string): string => mac(o.key, 'csrf', `${secret}.${scope}`);
  const csrfOk = (req: FastifyRequest, given: string | undefined, scope: string): boolean => {
    const secret = cookies(req)[CSRF_COOKIE];
    return !!secret && !!given && same(given, csrfToken(secret, scope));
  };

  const html = (reply: FastifyReply, code: number, body: string) => reply.code(code).type('text/html; charset=utf-8').send(body);

  // Probing unknown paths counts against the client's limit too.
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, (_req, reply) => html(reply, 404, errorPage(o.lang, 404)));

  app.get('/', async (_req, reply) => reply.redirect('/office'));

  // ── The contacts' form ─────────────────────────────────────────────────
  interface Opened { claims: LinkClaims; snapshot: ItemSnapshot; campaign: CampaignSnapshot['campaign']; lang: Language; key: string; handle: WorkflowHandle }

  /**
   * The item behind a link, or a refusal that names nothing of it: a bad
   * signature, an expired link, or a person no longer on the item all read alike.
   */
  const linkRefused = (reply: FastifyReply, why: 'invalid' | 'expired'): FastifyReply => {
    const w = words(o.lang);
    return why === 'expired' ? html(reply, 410, messagePage(o.lang, w.expired, w.expiredText)) : html(reply, 403, messagePage(o.lang, w.invalid, w.invalidText));
  };
  const open = async (token: string, reply: FastifyReply): Promise<Opened | undefined> => {
    const checked = verifyLink(o.key, token);
    const w = words(o.lang);
    if (!checked.ok) {
      linkRefused(reply, checked.why);
      return undefined;
    }
    const { claims } = checked;
    try {
      // The link names the item exactly as it was printed in the mail.
      const found = await lookupItem(o.client, claims.campaign, claims.item, { exactId: true });
      if (found.kind !== 'found') throw new WorkflowNotFoundError('no such item', '', undefined);
      const snapshot = await readItem(found.handle);
      const people = [...snapshot.item.contacts, ...snapshot.item.unitHeads, snapshot.item.leader].map((p) => p.email.toLowerCase());
      if (!people.includes(claims.email)) throw new WorkflowNotFoundError('not on the item', '', undefined);
      const { campaign } = found.campaign;
      const lang: Language = campaign.language === 'en' ? 'en' : 'zh';
      campaignLanguages.set(claims.campaign, lang);
      return { claims, snapshot, campaign, lang, key: found.row.key, handle: found.handle };
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError) && !/not found|already completed/i.test(String((err as Error).message))) throw err;
      html(reply, 403, messagePage(o.lang, w.invalid, w.invalidText));
      return undefined;
    }
  };


  const showForm = (reply: FastifyReply, token: string, op: Opened, secret: string, values: FormValues = {}, outcome?: { ok: boolean; lines: string[]; receiptTo?: string }, code = 200) => {
    // The form takes what the engine takes: open items, and a long-term one (持续整改) at its long-term cadence.
    const acceptsReports = !refuseReport(op.snapshot.status.state);
    return html(reply, code, itemPage({
      lang: op.lang, zone: op.campaign.timeZone, snapshot: op.snapshot, person: op.claims.name, outcome,
      form: acceptsReports ? { action: `/f/${token}`, csrf: csrfToken(secret, token), nonce: newNonce(o.key, token), values, maxUploadBytes: o.maxUploadBytes } : undefined,
    }));
  };

  app.get<{ Params: { token: string } }>('/f/:token', async (req, reply) => {
    const op = await open(req.params.token, reply);
    if (!op) return reply;
    return showForm(reply, req.params.token, op, csrfSecret(req, reply));
  });

  const formLimit = formBound(o.maxUploadBytes);
  /** A post's received files not (yet) kept: deleted before its answer goes out, so a refused post leaves nothing on disk. */
  const received = new WeakMap<FastifyRequest, Incoming[]>();
  const discardReceived = async (req: FastifyRequest): Promise<void> => { await Promise.all((received.get(req) ?? []).map(discardUpload)); };
  /** A refusal that names nothing of the item (403 表单已失效, 400, 413). */
  const rejected = (reply: FastifyReply, code: number): FastifyReply => html(reply, code, errorPage(o.lang, code));

  app.post<{ Params: { token: string } }>('/f/:token', {
    // Before a byte of the body is read: the browser's CSRF cookie (a post without one is forged, whatever its link),
    // the link's signature and expiry, the declared size.
    onRequest: async (req, reply) => {
      const checked = verifyLink(o.key, req.params.token);
      const refusal = !/^[A-Za-z0-9_-]{43}$/.test(cookies(req)[CSRF_COOKIE] ?? '') ? () => rejected(reply, 403)
        : !checked.ok ? () => linkRefused(reply, checked.why)
          : Number(req.headers['content-length']) > formLimit ? () => rejected(reply, 413)
            : undefined;
      if (!refusal) return;
      discardRest(req, reply, formLimit);
      return refusal();
    },
    onSend: async (req, _reply, payload) => {
      await discardReceived(req);
      return payload;
    },
  }, async (req, reply) => {
    const token = req.params.token;
    try {
      let fields: Record<string, string> = {};
      let files: Incoming[] = [];
      let stop: FormStop | undefined;
      if (req.isMultipart()) {
        ({ fields, files, stop } = await receiveForm(req, { uploadsDir: o.uploadsDir, maxUploadBytes: o.maxUploadBytes, csrfOk: (given) => csrfOk(req, given, token) }));
        received.set(req, files);
        // The rest of a body not read to its end is discarded, up to a bound, and its connection closed.
        if (stop) discardRest(req, reply, formLimit);
      } else {
        for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string') fields[k] = v;
      }
      // Nothing about the item: a forged post learns nothing.
      if (stop?.kind === 'rejected') return rejected(reply, stop.code);
      if (!csrfOk(req, fields.csrf, token)) return rejected(reply, 403);
      const op = await open(token, reply);
      if (!op) return reply;
      const secret = cookies(req)[CSRF_COOKIE]!;
      const n = nonceOf(o.key, token, fields.nonce);
      if (!n) return rejected(reply, 403);
      const values: FormValues = { ...fields, csrf: undefined, nonce: undefined };
      const refuse = (problems: string[]) => showForm(reply, token, op, secret, values, { ok: false, lines: problems }, 422);
      if (stop) return refuse([stop.problem(op.lang)]);
      // Each file through the evidence check (web/evidence.ts), on its temporary copy.
      const flags: EvidenceFlag[][] = [];
      const problems: string[] = [];
      for (const f of files) {
        const verdict = await checkEvidence(f.path, cleanName(f.declaredName), op.lang, o.maxUploadBytes);
        if (verdict.ok) flags.push(verdict.flags);
        else problems.push(verdict.reason);
      }
      if (problems.length) return refuse(problems);

      // One form, one request id: the same form posted twice is recorded once (and receipted once).
      const requestId = `web-${n}`;
      const receipt = { name: op.claims.name, email: op.claims.email };
      const percentText = (fields.percent ?? '').trim();
      if (percentText && !/^\d{1,3}$/.test(percentText)) return refuse([`percent: ${op.lang === 'en' ? 'a whole number 0-100' : '应为 0 到 100 的整数'}`]);
      const places = files.map((f, i) => uploadPlace(op.campaign.id, op.key, f, flags[i]));
      const uploaded = places.map((p) => p.reference);
      const dim = (statement: string | undefined, ev: string | undefined, extra: string[] = []) => ({ statement: (statement ?? '').trim(), evidence: [...lines(ev), ...extra] });

      let run: (h: WorkflowHandle) => Promise<{ message: string }>;
      if (fields.action === 'closeout') {
        const input: CloseoutInput = {
          closeout: {
            solved: dim(fields.solved, fields.solvedEvidence, uploaded),
            accountability: { ...dim(fields.cause, fields.causeEvidence), ...(fields.noneNeeded ? { noneNeeded: true } : {}) },
            similarCases: dim(fields.similar, fields.similarEvidence),
            mechanism: dim(fields.mechanism, fields.mechanismEvidence),
            by: op.claims.name,
          },
          requestId, receipt,
        };
        const bad = payloadProblems('closeout', input, op.lang);
        if (bad.length) return refuse(bad);
        run = (h) => h.executeUpdate(submitCloseoutUpdate, { args: [input] });
      } else {
        const input: ReportInput = {
          progress: (fields.progress ?? '').trim(), ...(percentText ? { percent: Number(percentText) } : {}),
          evidence: [...lines(fields.evidence), ...uploaded], by: op.claims.name, requestId, receipt,
        };
        const bad = payloadProblems('report', input, op.lang);
        if (bad.length) return refuse(bad);
        run = (h) => h.executeUpdate(reportUpdate, { args: [input] });
      }
      const keepAll = async (): Promise<void> => {
        await Promise.all(files.map((f, i) => keepUpload(uploads, places[i].rel, f)));
        received.delete(req);
      };
      // From here the report may name the files: a crash leaves them to be kept at the next start (web/uploads.ts).
      await Promise.all(files.map((f, i) => intendUpload(f, places[i].rel)));
      let outcome: Awaited<ReturnType<typeof outcomeOf<{ message: string }>>>;
      try {
        outcome = await outcomeOf(op.handle, run, op.lang);
      } catch (err) {
        // No answer (Temporal unreachable, a timeout): the update may have been recorded all the same.
        // The files are kept: an unreferenced file costs nothing, a report naming a missing one loses evidence.
        await keepAll();
        throw err;
      }
      if (!outcome.ok) return refuse([outcome.why === 'refused' ? outcome.reason : words(op.lang).notOpen]);
      // Recorded: the files go to the places the report names.
      await keepAll();
      // The item as it is now, with the answer above it and a fresh form.
      const after = await open(token, reply);
      if (!after) return reply;
      return showForm(reply, token, after, secret, {}, { ok: true, lines: [outcome.answer.message], receiptTo: op.claims.email });
    } finally {
      // Also when no answer could be sent (the client went away).
      await discardReceived(req);
    }
  });

  // ── My items (web/mine.ts): a digest's one link per person ─────────────
  const mineOf = (req: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply): MinePerson | undefined => {
    const checked = verifyMine(o.key, req.params.token);
    if (!checked.ok) { linkRefused(reply, checked.why); return undefined; }
    const { campaign, name, email, items } = checked.claims;
    return { campaign, name, email, items };
  };
  const minePlace = (req: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply): MinePlace => {
    const token = req.params.token;
    return { action: `/m/${token}`, scope: token, csrf: csrfToken(csrfSecret(req, reply), token) };
  };
  /** With the directory: the person as it has them (their units' and led items join the page). */
  const memberOf = async (p: MinePerson): Promise<MinePerson> => {
    const d = await o.directory?.get();
    const member = d?.campaign === p.campaign ? d.members.get(p.email) : undefined;
    return member ? { ...p, member } : p;
  };
  app.get<{ Params: { token: string } }>('/m/:token', async (req, reply) => {
    const p = mineOf(req, reply);
    if (!p) return reply;
    return answerMine(reply, { client: o.client, key: o.key, person: await memberOf(p), place: minePlace(req, reply), lang: o.lang, html, listing: o.listing });
  });
  app.post<{ Params: { token: string }; Body: Record<string, unknown> }>('/m/:token', async (req, reply) => {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.body ?? {})) if (typeof v === 'string') fields[k] = v;
    if (!csrfOk(req, fields.csrf, req.params.token)) return rejected(reply, 403);
    const p = mineOf(req, reply);
    if (!p) return reply;
    return answerMine(reply, { client: o.client, key: o.key, person: await memberOf(p), place: minePlace(req, reply), lang: o.lang, html, fields, listing: o.listing });
  });

  // ── The office (web/office.ts) ─────────────────────────────────────────
  installOffice(app, {
    client: o.client, key: o.key, publicUrl: o.publicUrl, officeToken: o.officeToken, directory: o.directory, mailer: o.mailer,
    sessions: o.sessions, uploads, documents: o.documents, holidays: o.holidays, listing: o.listing, campaign: o.campaign, lang: o.lang, log: errorLog,
  }, { limits, html, cookie, cookies, csrfSecret, csrfToken, csrfOk });

  return app;
}
