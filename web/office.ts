/**
 * The office part of `rectify serve`: who is signed in, and what they see and do.
 *
 * Two kinds of sign-in:
 * - a person of the campaign's directory (`serve --plan FILE`) asks for a
 *   sign-in link with their address and gets a one-time link by mail
 *   (config/links.ts signSignIn: HMAC-signed, 15 minutes, used once — the
 *   store remembers it — bound to the person); the page answers the same
 *   whether or not the address is known;
 * - the service account: the office token (login form, or `Authorization:
 *   Bearer` for scripts). It reads; it does not act.
 *
 * Sessions live in the SessionStore: logout, inactivity and "sign out
 * everywhere" end them at once (a copied cookie is refused afterwards). Every
 * request re-reads who the session is for against the directory as it is now,
 * and every act asks web/directory.ts `may()` of the item as its workflow holds
 * it now; a refusal is a 403 page and nothing is recorded.
 *
 * Routes:
 *   GET  /office                      the items the viewer may see, by unit (and the wall chart for the office)
 *   GET  /office/chart                the wall chart (the office and the service account)
 *   GET|POST /office/mine             the signed-in person's items: report on several, 本周无新进展 (web/mine.ts)
 *   GET  /office/items/:id            an item's record, its evidence files, the viewer's acts
 *   GET  /office/items/:id/files/:f   one evidence file, as a download
 *   GET  /office/items/:id/record|packet  the item's record (xlsx) and packet (docx), to whoever may see it
 *   GET  /office/downloads/ledger.xlsx|ledger.csv|announcement.docx, /office/documents[/:id]  the campaign's files (the office, the service account)
 *   GET|POST /office/holidays         load a holiday year (coordinators): `rectify calendar update`'s check and write
 *   POST /office/items/:id/review     accept or return a close-out (coordinator, secretary)
 *   POST /office/items/:id/act        dispatch and 公示稿 (coordinator, secretary); report, correct, 督办单 reply (they, and who reports on it)
 *   POST /office/items/:id/report     the report form for this person (a form link made for them)
 *   GET  /office/login, POST /office/login (token), POST /office/login/link (address)
 *   GET|POST /office/signin/:token    the mailed link: a confirmation button, then the session
 *   POST /office/logout, POST /office/logout-everywhere
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mac, newNonce, nonceOf, same, signLink, signSignIn, SIGN_IN_LINK_MS, verifySignIn } from '../config/links';
import type { Language } from '../domain/i18n';
import { closeoutEvidence } from '../domain/evidence';
import { expectsReports } from '../domain/rules';
import { chooseCampaign } from '../readmodels/campaign';
import { lookupItem, readItem } from '../readmodels/items';
import type { StatusRow } from '../readmodels/status';
import { readBoard, readBoardFilter } from '../readmodels/board';
import { campaignState } from '../readmodels/state';
import { renderChart } from '../documents/chart';
import type { ItemSnapshot, ReviewInput } from '../workflows/messages';
import { actOnItem } from '../readmodels/acts';
import { isPageAct, pagePayload, PAGE_ACTS } from './office-acts';
import type { Limits } from './guards';
import type { SessionStore } from './sessions';
import { isOffice, may, scopeOf, type Act, type Directory, type Member } from './directory';
import type { SignInMailer } from './signin-mail';
import { answerMine, type MinePerson, type MinePlace } from './mine';
import { messagePage, officePage, words, type OfficeView } from './pages';
import { confirmPage, evidenceFiles, linkSentPage, loginPage, officeItemPage, officeWords, whoBar } from './office-pages';
import { itemFolder, type UploadStore } from './uploads';
import type { DocumentStore } from '../documents/store';
import { engineStores } from '../activities/engine-stores';
import type { HolidayStore, ItemListing } from '../activities/deps';
import { loadHolidayYears, replanRunning } from '../readmodels/holidays';
import { holidayLink, holidayPage, holidayWords } from './office-holidays';
import { attachment, announcementDownload, documentDownload, documentsPage, downloadLinks, ledgerDownload, packetDownload, recordDownload, sendDownload } from './office-downloads';

export interface OfficeOptions {
  client: Client;
  key: Buffer;
  publicUrl: string;
  officeToken?: string;
  /** The directory whose people sign in (serve --plan); none: only the office token. */
  directory?: { get(): Promise<Directory> };
  /** Sends the sign-in mails (needed with a directory). */
  mailer?: SignInMailer;
  sessions: SessionStore;
  /** Where the evidence files are kept (web/uploads.ts: the uploads folder or the shared store). */
  uploads: UploadStore;
  /** The documents the engine sent (default: the engine's store, activities/engine-stores.ts, as `rectify documents` reads). */
  documents?: DocumentStore;
  /** The holiday years loaded (default: the engine's store, as `rectify calendar update` writes). */
  holidays?: HolidayStore;
  /** 事项名录, for the board of a campaign with desks (default: the engine's store, as the worker's startItemWorkflows writes). */
  listing?: ItemListing;
  campaign?: string;
  lang: Language;
  /** Where a sign-in mail that could not be sent is told (it is never retried: the person asks again). */
  log: (line: string) => void;
}

/** What server.ts lends the office routes: pages, cookies and the CSRF tokens of the form. */
export interface OfficeKit {
  limits: Limits;
  html(reply: FastifyReply, code: number, body: string): FastifyReply;
  cookie(name: string, value: string, maxAgeS: number): string;
  cookies(req: FastifyRequest): Record<string, string>;
  csrfSecret(req: FastifyRequest, reply: FastifyReply): string;
  csrfToken(secret: string, scope: string): string;
  csrfOk(req: FastifyRequest, given: string | undefined, scope: string): boolean;
}

const OFFICE_COOKIE = 'rectify_office';
/** Close-outs listed on the office page with their evidence (each costs a query of the item). */
const REVIEWS_SHOWN = 50;
/** A report form opened from the item page stays valid this long. */
const FORM_FROM_OFFICE_MS = 2 * 3600e3;
const FILE_NAME = /^[0-9a-f]{20}\.[a-z]{2,5}$/;
const FILE_TYPES: Record<string, string> = {
  pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Who is asking: the service account (office token), or a person of the directory. */
type Viewer = { kind: 'service'; subject: string } | { kind: 'person'; subject: string; member: Member; directory: Directory };

const personSubject = (campaign: string, email: string): string => `person:${campaign}:${email}`;
/** What an item page's nonce is signed for. */
const itemNonceScope = (key: string): string => `office-item:${key}`;

export function installOffice(app: FastifyInstance, o: OfficeOptions, k: OfficeKit): void {
  const { html, limits } = k;
  const lang = o.lang;
  const w = words(lang);
  const ow = officeWords(lang);
  const on = !!o.officeToken || !!o.directory;
  // The office token's sessions are the service account's, and only the current token's: rotating it ends them.
  const serviceSubject = o.officeToken ? `office-token:${mac(o.key, 'office-token', o.officeToken).slice(0, 16)}` : '';
  const sessionSecret = (req: FastifyRequest): string | undefined => k.cookies(req)[OFFICE_COOKIE] || undefined;
  const csrf = (req: FastifyRequest, reply: FastifyReply): string => k.csrfToken(k.csrfSecret(req, reply), 'office');
  const forged = (reply: FastifyReply) => html(reply, 403, messagePage(lang, w.forbidden, w.forbiddenText));
  const notAllowed = (reply: FastifyReply) => html(reply, 403, messagePage(lang, ow.notAllowed, ow.notAllowedText));
  const notFound = (reply: FastifyReply, text = w.notFound) => html(reply, 404, messagePage(lang, w.notFound, text));

  /** The person a session's subject names, as the directory has them now; undefined when they are no longer in it. */
  const personOf = async (subject: string): Promise<Viewer | undefined> => {
    const m = /^person:([a-z0-9-]+):(.+)$/.exec(subject);
    if (!m || !o.directory) return undefined;
    const directory = await o.directory.get();
    const member = directory.campaign === m[1] ? directory.members.get(m[2]) : undefined;
    return member && { kind: 'person', subject, member, directory };
  };

  /** Signed in: the right token as a Bearer (scripts), or a live session; a wrong Bearer token counts as a failed sign-in. */
  const viewerOf = async (req: FastifyRequest, reply: FastifyReply): Promise<Viewer | undefined> => {
    if (req.headers.authorization !== undefined) {
      if (!o.officeToken) return undefined;
      const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization);
      await limits.loginAllowed(req, reply);
      if (auth && same(auth[1], o.officeToken)) return { kind: 'service', subject: serviceSubject };
      await limits.failedLogin(req, reply);
      return undefined;
    }
    const secret = sessionSecret(req);
    const s = secret ? await o.sessions.lookup(secret) : undefined;
    if (!s) return undefined;
    if (serviceSubject && s.subject === serviceSubject) return { kind: 'service', subject: s.subject };
    return personOf(s.subject);
  };

  /** Office pages: the login page for a browser, 401 for anything else; nothing of the campaign either way. */
  const guard = async (req: FastifyRequest, reply: FastifyReply): Promise<Viewer | undefined> => {
    if (!on) { notFound(reply, w.officeOff); return undefined; }
    const v = await viewerOf(req, reply);
    if (v) return v;
    if (req.headers.authorization) html(reply, 401, messagePage(lang, w.login, w.wrongToken));
    else reply.redirect('/office/login', 303);
    return undefined;
  };

  const who = (req: FastifyRequest, reply: FastifyReply, v: Viewer): string => whoBar(lang, {
    name: v.kind === 'person' ? v.member.name : ow.serviceAccount, roles: v.kind === 'person' ? v.member.roles : [], csrf: csrf(req, reply),
  });
  const seesAll = (v: Viewer): boolean => v.kind === 'service' || isOffice(v.member);
  const isCoordinator = (v: Viewer): v is Viewer & { kind: 'person' } => v.kind === 'person' && v.member.roles.includes('coordinator');

  /** The campaign a viewer looks at: a person's is their directory's; the service account's the query's or `serve --campaign`'s, else the only one running. */
  const campaignOf = async (req: FastifyRequest<{ Querystring: { campaign?: string } }>, v: Viewer): Promise<string | undefined> => {
    if (v.kind === 'person') return v.directory.campaign;
    const choice = await chooseCampaign(o.client, req.query.campaign ?? o.campaign);
    return choice.kind === 'found' ? choice.id : undefined;
  };

  /** The close-outs waiting for review among these rows, and their evidence (each item's record read; at most REVIEWS_SHOWN). */
  const waitingReviews = async (campaignId: string, rows: StatusRow[]): Promise<NonNullable<OfficeView['reviews']>> => {
    const out: NonNullable<OfficeView['reviews']> = [];
    for (const r of rows.filter((x) => x.state === 'submitted').slice(0, REVIEWS_SHOWN)) {
      const found = await lookupItem(o.client, campaignId, r.item, { exactId: true });
      if (found.kind !== 'found') continue;
      const { closeout } = await readItem(found.handle);
      if (closeout) out.push({ item: r.item, by: closeout.by, evidence: closeoutEvidence(closeout) });
    }
    return out;
  };

  let listing: ItemListing | undefined = o.listing;
  const listingStore = (): ItemListing => (listing ??= engineStores().listing);

  app.get<{ Querystring: Record<string, string | undefined> }>('/office', async (req, reply) => {
    const v = await guard(req, reply);
    if (!v) return reply;
    const id = await campaignOf(req, v);
    if (!id) return notFound(reply, lang === 'en' ? 'Name the campaign: /office?campaign=ID' : '请指定整改工作：/office?campaign=ID');
    // The filters (a GET form): a bad one is said on the board, and none applies.
    const asked = readBoardFilter(req.query, lang);
    const filter = asked.ok ? asked.filter : {};
    // Visibility answers for the viewer's units and leaders, the campaign's list for the rest: never a query per item.
    const board = await readBoard(o.client, id, filter, v.kind === 'person' ? scopeOf(v.member) : undefined, Date.now(), { listing: listingStore() });
    if (!board) return notFound(reply, w.noCampaign(id));
    const reviews = await waitingReviews(id, board.rows);
    return html(reply, asked.ok ? 200 : 422, officePage({
      lang, campaign: board.snapshot.campaign, rows: board.rows, total: board.total ?? board.all.length, filter, choices: board.choices,
      problems: asked.ok ? undefined : asked.problems, campaignParam: v.kind === 'service' ? req.query.campaign : undefined,
      reviews, who: who(req, reply, v), chart: seesAll(v),
      downloads: (seesAll(v) ? downloadLinks(lang, { campaignFiles: true }) : '') + (isCoordinator(v) ? holidayLink(lang) : ''),
    }));
  });

  app.get<{ Querystring: { campaign?: string; group?: string } }>('/office/chart', async (req, reply) => {
    const v = await guard(req, reply);
    if (!v) return reply;
    if (!seesAll(v)) return notAllowed(reply);
    const id = await campaignOf(req, v);
    if (!id) return notFound(reply);
    let state;
    try {
      state = await campaignState(o.client, id, () => lang);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return notFound(reply, w.noCampaign(id));
      throw err;
    }
    return html(reply, 200, renderChart(state, req.query.group === 'section' ? 'section' : 'unit'));
  });

  // ── An item ─────────────────────────────────────────────────────────────
  type ItemReq = FastifyRequest<{ Params: { id: string }; Querystring: { campaign?: string } }>;
  interface Opened { v: Viewer; campaign: string; zone: string; snapshot: ItemSnapshot; handle: ReturnType<Client['workflow']['getHandle']> }

  /** The item of the address, when the viewer may do `act` to it (else the 403 or 404 page has been sent). */
  const openItem = async (req: ItemReq, reply: FastifyReply, act: Act, v: Viewer): Promise<Opened | undefined> => {
    const campaign = await campaignOf(req, v);
    const found = campaign ? await lookupItem(o.client, campaign, req.params.id, { exactId: true }) : undefined;
    if (!campaign || found?.kind !== 'found') { notFound(reply); return undefined; }
    const snapshot = await readItem(found.handle);
    const allowed = v.kind === 'person' ? may(v.member, act, snapshot.item) : act === 'see';
    if (!allowed) { notAllowed(reply); return undefined; }
    return { v, campaign, zone: found.campaign.campaign.timeZone, snapshot, handle: found.handle };
  };

  const showItem = (req: FastifyRequest, reply: FastifyReply, op: Opened, outcome?: { ok: boolean; lines: string[] }, code = 200) => {
    const person = op.v.kind === 'person' ? op.v.member : undefined;
    const item = op.snapshot.item;
    return html(reply, code, officeItemPage({
      lang, zone: op.zone, snapshot: op.snapshot, who: who(req, reply, op.v), csrf: csrf(req, reply), outcome,
      canReview: !!person && may(person, 'review', item) && op.snapshot.status.state === 'submitted',
      canReport: !!person && may(person, 'report', item) && expectsReports(op.snapshot.status.state),
      canDispatch: !!person && may(person, 'dispatch', item) && op.snapshot.status.state !== 'closed',
      canActForUnit: !!person && may(person, 'report', item),
      canAnnounce: !!person && may(person, PAGE_ACTS.announcement, item),
      nonce: newNonce(o.key, itemNonceScope(item.key)), downloads: downloadLinks(lang, { campaignFiles: false, item: item.id }),
    }));
  };

  app.get<{ Params: { id: string }; Querystring: { campaign?: string } }>('/office/items/:id', async (req, reply) => {
    const v = await guard(req, reply);
    if (!v) return reply;
    const op = await openItem(req, reply, 'see', v);
    return op ? showItem(req, reply, op) : reply;
  });

  // An evidence file, to whoever may see its item: always a download with the name it was uploaded under and the
  // type it was stored as (checked on upload), never shown inline (nosniff and the CSP come with every answer).
  app.get<{ Params: { id: string; file: string }; Querystring: { campaign?: string } }>('/office/items/:id/files/:file', async (req, reply) => {
    const v = await guard(req, reply);
    if (!v) return reply;
    const op = await openItem(req, reply, 'see', v);
    if (!op) return reply;
    const rel = `${itemFolder(op.campaign, op.snapshot.item.key)}/${req.params.file}`;
    // Only a file this item's record names, in this item's own folder.
    const named = FILE_NAME.test(req.params.file) ? evidenceFiles(op.snapshot, lang).find((f) => f.rel === rel) : undefined;
    // From the store: with a shared one, whichever server received the file.
    const kept = named ? await o.uploads.open(rel) : undefined;
    if (!named || !kept) return notFound(reply);
    const ext = path.extname(rel).slice(1);
    return reply.code(200)
      .header('content-type', FILE_TYPES[ext] ?? 'application/octet-stream')
      .header('content-disposition', attachment(named.name))
      .header('content-length', String(kept.bytes))
      .send(kept.stream);
  });

  // ── Downloads (web/office-downloads.ts): the CLI's builders, as attachments ─────
  let documents: DocumentStore | undefined = o.documents;
  const documentsStore = (): DocumentStore => (documents ??= engineStores().documents);
  const stateOf = (id: string) => campaignState(o.client, id, () => lang);

  app.get<{ Params: { id: string }; Querystring: { campaign?: string } }>('/office/items/:id/record', async (req, reply) => {
    const v = await guard(req, reply);
    if (!v) return reply;
    const op = await openItem(req, reply, 'see', v);
    return op ? sendDownload(reply, await recordDownload(op.snapshot, op.zone, lang)) : reply;
  });
  app.get<{ Params: { id: string }; Querystring: { campaign?: string } }>('/office/items/:id/packet', async (req, reply) => {
    const v = await guard(req, reply);
    if (!v) return reply;
    const op = await openItem(req, reply, 'see', v);
    return op ? sendDownload(reply, await packetDownload(await stateOf(op.campaign), op.snapshot.item.key, op.snapshot.item.id)) : reply;
  });

  /** The campaign of an office download, when the viewer is the office (else the 403 or 404 page has been sent). */
  const officeCampaign = async (req: FastifyRequest<{ Querystring: { campaign?: string } }>, reply: FastifyReply): Promise<{ id: string; v: Viewer } | undefined> => {
    const v = await guard(req, reply);
    if (!v) return undefined;
    if (!seesAll(v)) { notAllowed(reply); return undefined; }
    const id = await campaignOf(req, v);
    if (!id) { notFound(reply); return undefined; }
    return { id, v };
  };
  app.get<{ Params: { what: string }; Querystring: { campaign?: string } }>('/office/downloads/:what', async (req, reply) => {
    const what = req.params.what;
    if (what !== 'ledger.xlsx' && what !== 'ledger.csv' && what !== 'announcement.docx') return notFound(reply);
    const c = await officeCampaign(req, reply);
    if (!c) return reply;
    const state = await stateOf(c.id);
    return sendDownload(reply, what === 'announcement.docx' ? await announcementDownload(state) : await ledgerDownload(state, what === 'ledger.csv' ? 'csv' : 'xlsx'));
  });
  app.get<{ Querystring: { campaign?: string } }>('/office/documents', async (req, reply) => {
    const c = await officeCampaign(req, reply);
    if (!c) return reply;
    return html(reply, 200, documentsPage(lang, await documentsStore().list(c.id), who(req, reply, c.v)));
  });
  app.get<{ Params: { id: string }; Querystring: { campaign?: string } }>('/office/documents/:id', async (req, reply) => {
    const c = await officeCampaign(req, reply);
    if (!c) return reply;
    const d = await documentDownload(documentsStore(), c.id, req.params.id);
    return d ? sendDownload(reply, d) : notFound(reply);
  });

  // ── A holiday year (web/office-holidays.ts): `rectify calendar update`'s check and write, coordinators only ─────
  let holidays: HolidayStore | undefined = o.holidays;
  const holidayStore = (): HolidayStore => (holidays ??= engineStores().holidays);
  const coordinator = async (req: FastifyRequest, reply: FastifyReply): Promise<Viewer | undefined> => {
    const v = await guard(req, reply);
    if (!v) return undefined;
    if (!isCoordinator(v)) { notAllowed(reply); return undefined; }
    return v;
  };
  const showHolidays = async (req: FastifyRequest, reply: FastifyReply, v: Viewer, more: { text?: string; outcome?: { ok: boolean; lines: string[] } } = {}, code = 200) =>
    html(reply, code, holidayPage({ lang, who: who(req, reply, v), csrf: csrf(req, reply), years: (await holidayStore().read()).years, ...more }));
  app.get('/office/holidays', async (req, reply) => {
    const v = await coordinator(req, reply);
    return v ? showHolidays(req, reply, v) : reply;
  });
  app.post<{ Body: { csrf?: string; text?: string } }>('/office/holidays', async (req, reply) => {
    if (!k.csrfOk(req, req.body?.csrf, 'office')) return forged(reply);
    const v = await coordinator(req, reply);
    if (!v) return reply;
    const hw = holidayWords(lang);
    const text = String(req.body?.text ?? '');
    const loaded = await loadHolidayYears(holidayStore(), text, hw.label, 'yaml', lang);
    if (!loaded.ok) return showHolidays(req, reply, v, { text, outcome: { ok: false, lines: loaded.problems } }, 422);
    const lines = loaded.years.map((y) => hw.yearLoaded(y.year, Object.keys(y.daysOff).length, Object.keys(y.workingDays).length));
    try {
      lines.push(hw.told(await replanRunning(o.client)));
    } catch (err) {
      o.log(`rectify serve: holiday years loaded, but running workflows could not be told: ${(err as Error).message.split('\n')[0]}`);
      lines.push(hw.notTold);
    }
    return showHolidays(req, reply, v, { outcome: { ok: true, lines } });
  });

  /** An act's post: its CSRF token, a person signed in (the service account does not act), allowed `act` on the item; else the refusal is sent. */
  const actOn = async (req: ItemReq & { body?: { csrf?: string } }, reply: FastifyReply, act: Act): Promise<(Opened & { member: Member }) | undefined> => {
    if (!k.csrfOk(req, req.body?.csrf, 'office')) { forged(reply); return undefined; }
    const v = await guard(req, reply);
    if (!v) return undefined;
    if (v.kind !== 'person') { notAllowed(reply); return undefined; }
    const op = await openItem(req, reply, act, v);
    return op && { ...op, member: v.member };
  };

  /** The engine's answer to an act, on the item's page as it is now (refused: 422, with why). */
  const answered = async (req: FastifyRequest, reply: FastifyReply, op: Opened, outcome: Awaited<ReturnType<typeof actOnItem>>) => {
    if (!outcome.ok && outcome.why === 'invalid') return showItem(req, reply, op, { ok: false, lines: outcome.problems }, 422);
    const after = { ...op, snapshot: await readItem(op.handle) };
    if (!outcome.ok) return showItem(req, reply, after, { ok: false, lines: [outcome.why === 'refused' ? outcome.reason : w.notOpen] }, 422);
    return showItem(req, reply, after, { ok: true, lines: [outcome.answer.message] });
  };

  app.post<{ Params: { id: string }; Querystring: { campaign?: string }; Body: { csrf?: string; decision?: string; reason?: string } }>('/office/items/:id/review', async (req, reply) => {
    const op = await actOn(req, reply, 'review');
    if (!op) return reply;
    const reason = String(req.body?.reason ?? '').trim();
    const input: ReviewInput = { accept: req.body?.decision === 'accept', ...(reason ? { reason } : {}), by: op.member.name };
    return answered(req, reply, op, await actOnItem(op.handle, 'review', input, lang));
  });

  // The CLI's acts on an item (web/office-acts.ts): dispatch, report or correct on a unit's behalf, a 督办单's reply.
  app.post<{ Params: { id: string }; Querystring: { campaign?: string }; Body: Record<string, unknown> }>('/office/items/:id/act', async (req, reply) => {
    const f: Record<string, string> = {};
    for (const [key, val] of Object.entries(req.body ?? {})) if (typeof val === 'string') f[key] = val;
    if (!isPageAct(f.kind)) return html(reply, 400, messagePage(lang, w.badRequest, w.badRequestText));
    const op = await actOn(req as ItemReq & { body: { csrf?: string } }, reply, PAGE_ACTS[f.kind]);
    if (!op) return reply;
    // The page's nonce makes the request id: the same form posted twice is recorded once.
    const n = nonceOf(o.key, itemNonceScope(op.snapshot.item.key), f.nonce);
    if (!n) return forged(reply);
    const built = pagePayload(f.kind, f, op.member.name, `web-${n}`, lang);
    if ('problems' in built) return showItem(req, reply, op, { ok: false, lines: built.problems }, 422);
    return answered(req, reply, op, await actOnItem(op.handle, built.kind, built.payload as never, lang));
  });

  app.post<{ Params: { id: string }; Querystring: { campaign?: string }; Body: { csrf?: string } }>('/office/items/:id/report', async (req, reply) => {
    const op = await actOn(req, reply, 'report');
    if (!op) return reply;
    // The contacts' form, for this person and this item: what they submit is recorded under their name.
    const token = signLink(o.key, { campaign: op.campaign, item: op.snapshot.item.id, name: op.member.name, email: op.member.email, expiresAt: Date.now() + FORM_FROM_OFFICE_MS });
    return reply.redirect(`/f/${token}`, 303);
  });

  // ── My items (web/mine.ts), signed in: a leader's items, a unit head's unit's, a contact's own ─────
  const mineFor = async (req: FastifyRequest, reply: FastifyReply) => {
    const v = await guard(req, reply);
    if (!v) return undefined;
    if (v.kind !== 'person') { notAllowed(reply); return undefined; }
    const person: MinePerson = { campaign: v.directory.campaign, name: v.member.name, email: v.member.email, items: [], member: v.member };
    const place: MinePlace = { action: '/office/mine', scope: `office-mine:${v.subject}`, csrf: csrf(req, reply), who: who(req, reply, v) };
    return { person, place };
  };
  app.get('/office/mine', async (req, reply) => {
    const m = await mineFor(req, reply);
    return m ? answerMine(reply, { client: o.client, key: o.key, ...m, lang, html, listing: listingStore() }) : reply;
  });
  app.post<{ Body: Record<string, unknown> }>('/office/mine', async (req, reply) => {
    const fields: Record<string, string> = {};
    for (const [key, val] of Object.entries(req.body ?? {})) if (typeof val === 'string') fields[key] = val;
    if (!k.csrfOk(req, fields.csrf, 'office')) return forged(reply);
    const m = await mineFor(req, reply);
    return m ? answerMine(reply, { client: o.client, key: o.key, ...m, lang, html, fields, listing: listingStore() }) : reply;
  });

  // ── Signing in and out ────────────────────────────────────────────────────
  const startSession = async (req: FastifyRequest, reply: FastifyReply, subject: string): Promise<FastifyReply> => {
    // A session someone may have planted in this browser before the sign-in is not kept.
    const old = sessionSecret(req);
    if (old) await o.sessions.revoke(old);
    const { secret, session } = await o.sessions.create(subject);
    reply.header('set-cookie', k.cookie(OFFICE_COOKIE, secret, Math.floor((session.expiresAt - session.createdAt) / 1000)));
    return reply.redirect('/office', 303);
  };
  const login = (req: FastifyRequest, reply: FastifyReply, code = 200, wrongToken = false) =>
    html(reply, code, loginPage(lang, { csrf: csrf(req, reply), people: !!o.directory, token: !!o.officeToken, wrongToken }));

  app.get('/office/login', async (req, reply) => (on ? login(req, reply) : notFound(reply, w.officeOff)));

  app.post<{ Body: { token?: string; csrf?: string } }>('/office/login', async (req, reply) => {
    if (!o.officeToken) return notFound(reply, w.officeOff);
    if (!k.csrfOk(req, req.body?.csrf, 'office')) return forged(reply);
    // Over the limit of failed sign-ins, even the right token waits: guessing learns nothing more.
    await limits.loginAllowed(req, reply);
    if (!same(String(req.body?.token ?? ''), o.officeToken)) {
      await limits.failedLogin(req, reply);
      return login(req, reply, 401, true);
    }
    return startSession(req, reply, serviceSubject);
  });

  app.post<{ Body: { email?: string; csrf?: string } }>('/office/login/link', async (req, reply) => {
    if (!o.directory) return notFound(reply, w.officeOff);
    if (!k.csrfOk(req, req.body?.csrf, 'office')) return forged(reply);
    await limits.signInRequest(req, reply);
    const email = String(req.body?.email ?? '').trim().toLowerCase().slice(0, 254);
    const directory = await o.directory.get();
    const member = directory.members.get(email);
    // The same answer, at once, known or not: the mail goes out after it (a slow mail server says nothing either).
    if (member && await limits.signInMailAllowed(req) && o.mailer) {
      const token = signSignIn(o.key, { campaign: directory.campaign, email, nonce: randomBytes(16).toString('base64url'), expiresAt: Date.now() + SIGN_IN_LINK_MS });
      const url = `${o.publicUrl.replace(/\/+$/, '')}/office/signin/${token}`;
      o.mailer({ to: { name: member.name, email: member.email }, campaign: { id: directory.campaign, name: directory.name }, lang: directory.language, url })
        .catch((err: unknown) => o.log(`rectify serve: a sign-in mail could not be sent: ${(err as Error).message.split('\n')[0]}`));
    }
    return html(reply, 200, linkSentPage(lang));
  });

  type SignInReq = FastifyRequest<{ Params: { token: string } }>;
  /** The person a sign-in link is for, or the refusal page sent (a forged one counts as a failed sign-in). */
  const signInOf = async (req: SignInReq, reply: FastifyReply) => {
    await limits.loginAllowed(req, reply);
    const checked = verifySignIn(o.key, req.params.token);
    if (!checked.ok && checked.why === 'invalid') await limits.failedLogin(req, reply);
    const directory = checked.ok && o.directory ? await o.directory.get() : undefined;
    const member = checked.ok && directory?.campaign === checked.claims.campaign ? directory.members.get(checked.claims.email) : undefined;
    if (!checked.ok || !member) {
      html(reply, checked.ok || checked.why === 'invalid' ? 403 : 410, messagePage(lang, ow.badLinkTitle, ow.badLinkText));
      return undefined;
    }
    return { claims: checked.claims, member };
  };

  // Opening the mailed link only asks for a click: a mail scanner that fetches it does not use it up.
  app.get<{ Params: { token: string } }>('/office/signin/:token', async (req, reply) => {
    const s = await signInOf(req, reply);
    if (!s) return reply;
    return html(reply, 200, confirmPage(lang, { action: `/office/signin/${req.params.token}`, csrf: csrf(req, reply), name: s.member.name }));
  });

  app.post<{ Params: { token: string }; Body: { csrf?: string } }>('/office/signin/:token', async (req, reply) => {
    if (!k.csrfOk(req, req.body?.csrf, 'office')) return forged(reply);
    const s = await signInOf(req, reply);
    if (!s) return reply;
    if (!await o.sessions.claimOnce(`signin:${s.claims.nonce}`, s.claims.expiresAt)) return html(reply, 410, messagePage(lang, ow.usedTitle, ow.usedText));
    return startSession(req, reply, personSubject(s.claims.campaign, s.claims.email));
  });

  const signOut = (reply: FastifyReply) => {
    reply.header('set-cookie', k.cookie(OFFICE_COOKIE, '', 0));
    return reply.redirect('/office/login', 303);
  };

  app.post<{ Body: { csrf?: string } }>('/office/logout', async (req, reply) => {
    if (!k.csrfOk(req, req.body?.csrf, 'office')) return forged(reply);
    // Ended on the server: a copy of the cookie elsewhere is refused from now on.
    const secret = sessionSecret(req);
    if (secret) await o.sessions.revoke(secret);
    return signOut(reply);
  });

  // Every session of this person (or of the service account), in every browser.
  app.post<{ Body: { csrf?: string } }>('/office/logout-everywhere', async (req, reply) => {
    if (!k.csrfOk(req, req.body?.csrf, 'office')) return forged(reply);
    const secret = sessionSecret(req);
    const s = secret ? await o.sessions.lookup(secret) : undefined;
    if (s) await o.sessions.revokeAll(s.subject);
    return signOut(reply);
  });
}
