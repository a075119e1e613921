/**
 * The store, both implementations the same way: the data folder (as before)
 * and PostgreSQL (a throwaway cluster from Debian's postgresql,
 * test/support/postgres.ts; its schema made by the real `rectify migrate`).
 * Sent-mail claims (one sender among many claimers, a failed send given back,
 * a killed sender's claim taken over once its lease lapsed), the event log,
 * documents, uploads, loaded holiday years, office sessions and the item
 * listing (事项名录) of a city's 10,000 items; then
 * `rectify migrate --from-data` moving a data folder into the database.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { folderStores, databaseStores, type EngineStores } from '../activities/engine-stores';
import { createActivities } from '../activities';
import { byKey, MemoryEventSink } from '../activities/stores';
import type { ListedItem } from '../activities/deps';
import { closeDatabases, databasePool } from '../config/database';
import { mergeYears, parseHolidaysFile } from '../domain/holidays';
import type { EngineEvent } from '../domain/types';
import { FolderSessionStore, type SessionStore } from '../web/sessions';
import { FolderUploadStore, INCOMING, type UploadStore } from '../web/uploads';
import { PgSessionStore, PgUploadStore } from '../web/pg-store';
import { parse as parseYaml } from 'yaml';
import { cadence as cadenceSchema } from '../domain/schema';
import { rectify, tempDir } from './support/cli';
import { startPostgres, type Postgres } from './support/postgres';

let pg: Postgres;
let url: string;

beforeAll(async () => {
  pg = await startPostgres();
  url = pg.url;
  const r = await rectify(['migrate'], { RECTIFY_DATABASE_URL: url, RECTIFY_LANG: 'en' });
  expect(r.stderr).toBe('');
  expect(r.stdout).toContain('applied');
}, 120000);
afterAll(async () => {
  await closeDatabases();
  await pg?.stop();
});

interface Under { engine: EngineStores; uploads: UploadStore; sessions: (now: () => number) => SessionStore; incoming: string }
const POLICY = { idleMs: 30 * 60e3, maxMs: 4 * 3600e3 };

const implementations: [string, () => Under][] = [
  ['the data folder', () => {
    const dir = tempDir('store');
    return { engine: folderStores(dir), uploads: new FolderUploadStore(path.join(dir, 'uploads')),
      sessions: (now) => new FolderSessionStore(path.join(dir, 'sessions'), POLICY, now), incoming: path.join(dir, 'uploads', INCOMING) };
  }],
  ['PostgreSQL', () => ({ engine: databaseStores(url), uploads: new PgUploadStore(databasePool(url)),
    sessions: (now) => new PgSessionStore(databasePool(url), POLICY, now), incoming: tempDir('store-incoming') })],
];

const bytesOf = async (s: Readable): Promise<Buffer> => { const parts: Buffer[] = []; for await (const c of s) parts.push(c as Buffer); return Buffer.concat(parts); };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const holidayYears = () => parseHolidaysFile(parseYaml(readFileSync(path.join(__dirname, 'fixtures', 'holidays', '2027.yaml'), 'utf8'))).years;

const listed = (n: number, over: Partial<ListedItem> = {}): ListedItem => ({
  id: `(${n})`, key: String(n), title: `事项${n}`, section: `（${n % 3}）部分`, leadUnit: n % 2 ? '综合部' : '财务部', leaderId: `p${n % 4}`, leader: `领导${n % 4}`,
  deadline: '2027-06-30', ...over,
});

describe.each(implementations)('the store in %s', (_name, make) => {
  let u: Under;
  beforeAll(() => { u = make(); });
  const id = () => `<${randomBytes(6).toString('hex')}@rectify>`;

  test('a Message-ID is sent by one of many claimers; a failed send is given back; a dead sender\'s claim passes on after its lease', async () => {
    const m = id();
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => u.engine.sent.claim(m, `attempt-${i}`, 60e3)));
    expect(claims.filter((c) => c === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c === 'busy')).toHaveLength(7);
    await u.engine.sent.mark(m);
    expect(await u.engine.sent.claim(m, 'later', 60e3)).toBe('sent');

    // The send failed: released, and the retry sends it.
    const failed = id();
    expect(await u.engine.sent.claim(failed, 'a', 60e3)).toBe('claimed');
    await u.engine.sent.release(failed, 'b'); // not b's to give back
    expect(await u.engine.sent.claim(failed, 'b', 60e3)).toBe('busy');
    await u.engine.sent.release(failed, 'a');
    expect(await u.engine.sent.claim(failed, 'b', 60e3)).toBe('claimed');

    // Its worker killed mid-send: nobody sends until the lease lapses, then exactly one retry does.
    const killed = id();
    expect(await u.engine.sent.claim(killed, 'dead', 300)).toBe('claimed');
    expect(await u.engine.sent.claim(killed, 'retry-0', 300)).toBe('busy');
    await sleep(600);
    const retries = await Promise.all(Array.from({ length: 5 }, (_, i) => u.engine.sent.claim(killed, `retry-${i}`, 60e3)));
    expect(retries.filter((c) => c === 'claimed')).toHaveLength(1);
  });

  test('events are recorded once each (a retried activity records nothing twice), in the order recorded', async () => {
    const a: EngineEvent = { at: '2027-02-01T09:00:00+08:00', kind: 'reminder', to: ['a@example.org'], messageId: id(), subject: '【周报告提醒】' };
    const b: EngineEvent = { at: '2027-02-01T09:05:00+08:00', kind: 'escalation', item: '(1)', rung: 'chase', to: ['b@example.org'] };
    const c: EngineEvent = { at: '2027-02-01T08:00:00+08:00', kind: 'chase', item: '(2)', to: ['c@example.org'], messageId: id() };
    await u.engine.events.record([a, b]);
    await u.engine.events.record([b, c]);
    await u.engine.events.record([]);
    expect(await u.engine.events.read()).toEqual([a, b, c]);
  });

  test('documents: listed by campaign in time order, their files as stored, a retried put stored once', async () => {
    const meta = (campaign: string, at: string, n: string) => ({ id: `${campaign}-weekly-${n}`, campaign, kind: 'weekly', at, title: `周报 ${n}`, files: { html: `${campaign}-${n}.html`, docx: `${campaign}-${n}.docx` } });
    const docx = randomBytes(3000);
    const later = meta('doc-a', '2027-02-08T17:00:00+08:00', '2');
    const earlier = meta('doc-a', '2027-02-01T17:00:00+08:00', '1');
    await u.engine.documents.put(later, '<p>第二周</p>', docx);
    await u.engine.documents.put(earlier, '<p>第一周</p>', Buffer.from('one'));
    await u.engine.documents.put(earlier, '<p>第一周</p>', Buffer.from('one'));
    await u.engine.documents.put(meta('doc-b', '2027-02-01T17:00:00+08:00', '1'), '<p>b</p>', Buffer.from('b'));
    expect((await u.engine.documents.list('doc-a')).map((d) => d.id)).toEqual([earlier.id, later.id]);
    expect(await u.engine.documents.list('doc-a')).toEqual([earlier, later]);
    expect((await u.engine.documents.list()).filter((d) => d.campaign.startsWith('doc-'))).toHaveLength(3);
    expect((await u.engine.documents.read(later.id, 'html'))?.toString()).toBe('<p>第二周</p>');
    expect((await u.engine.documents.read(later.id, 'docx'))?.equals(docx)).toBe(true);
    expect(await u.engine.documents.read('doc-a-weekly-9', 'html')).toBeUndefined();
  });

  test('an upload is kept whole (several chunks), streamed back byte for byte, the received copy gone; the same place kept twice is one file', async () => {
    const content = randomBytes(2.5 * 1048576);
    const receive = () => { const f = path.join(tempDir('store-received'), 'part'); writeFileSync(f, content); return f; };
    const rel = `up-a/item-1/${randomBytes(10).toString('hex')}.pdf`;
    const first = receive();
    await u.uploads.keep(rel, first);
    expect(existsSync(first)).toBe(false);
    await u.uploads.keep(rel, receive());
    const got = await u.uploads.open(rel);
    expect(got?.bytes).toBe(content.length);
    expect((await bytesOf(got!.stream)).equals(content)).toBe(true);
    expect((await u.uploads.list()).filter((r) => r === rel)).toHaveLength(1);
    expect(await u.uploads.open('up-a/item-1/00000000000000000000.pdf')).toBeUndefined();
  });

  test('holiday years loaded through the store count in the next plan of a worker on it', async () => {
    const dir = tempDir('store-holidays');
    const acts = createActivities({
      transport: { sendMail: async () => ({}) } as never, from: 'x@example.org', sent: u.engine.sent, events: new MemoryEventSink(),
      ...(u.engine.shared ? { holidays: u.engine.holidays, dataDir: dir } : { dataDir: u.engine.where }),
    });
    const plan = () => acts.planCampaignMoments({
      settings: { timeZone: 'Asia/Shanghai', start: '2027-01-04', cadence: cadenceSchema.parse({}) },
      fromMs: Date.parse('2027-02-01T00:00:00+08:00'), untilMs: Date.parse('2027-02-20T00:00:00+08:00'),
    });
    expect((await plan()).uncoveredYears).toEqual([2027]);
    const where = await u.engine.holidays.write(mergeYears(await u.engine.holidays.read(), holidayYears()));
    expect(where).toBeTruthy();
    expect((await u.engine.holidays.read()).years.map((y) => y.year)).toEqual([2027]);
    expect((await plan()).uncoveredYears).toEqual([]);
  });

  test('the item listing: a city\'s 10,000 items in batches of 200 read whole in one read; a retried batch writes nothing twice; a plan change wins over the start, even retried after it', async () => {
    const campaign = `city-${randomBytes(4).toString('hex')}`;
    const all = Array.from({ length: 10000 }, (_, i) => listed(i + 1));
    for (let i = 0; i < all.length; i += 200) await u.engine.listing.list(campaign, all.slice(i, i + 200));
    await u.engine.listing.list(campaign, all.slice(0, 200)); // the first batch retried
    const changed = listed(7, { title: '事项7（变更后）', section: '（九）新增部分', leaderId: 'p9', leader: '新领导' });
    await u.engine.listing.amend(campaign, [changed]);
    await u.engine.listing.list(campaign, all.slice(0, 200)); // retried once more, after the change: the change stays
    const read = await u.engine.listing.read(campaign);
    expect(read).toHaveLength(10000);
    expect(read.find((r) => r.key === '7')).toEqual(changed);
    expect(read.find((r) => r.key === '9999')).toEqual(listed(9999));
    expect(read).toEqual(all.map((r) => (r.key === '7' ? changed : r)).sort(byKey));
    expect(await u.engine.listing.read('no-such-campaign')).toEqual([]);
  });

  test('office sessions: found by their secret, ended when idle, at their cap, by logout and by "sign out everywhere"; a sign-in link used once', async () => {
    let now = Date.parse('2026-12-01T08:00:00Z');
    const store = u.sessions(() => now);
    const idle = await store.create('office-token:a');
    now += 29 * 60e3;
    expect((await store.lookup(idle.secret))?.subject).toBe('office-token:a');
    now += 29 * 60e3;
    expect(await store.lookup(idle.secret)).toBeDefined();
    now += 31 * 60e3;
    expect(await store.lookup(idle.secret)).toBeUndefined();
    const busy = await store.create('office-token:a');
    const alive: boolean[] = [];
    for (let i = 0; i < 17; i++) { now += 15 * 60e3; alive.push(!!(await store.lookup(busy.secret))); }
    expect(alive).toEqual([...Array(15).fill(true), false, false]);
    const out = await store.create('office-token:a');
    await store.revoke(out.secret);
    expect(await store.lookup(out.secret)).toBeUndefined();
    const one = await store.create('person:li@example.org');
    const two = await store.create('person:li@example.org');
    const other = await store.create('office-token:a');
    expect(await store.revokeAll('person:li@example.org')).toBe(2);
    expect(await store.lookup(one.secret)).toBeUndefined();
    expect(await store.lookup(two.secret)).toBeUndefined();
    expect((await store.lookup(other.secret))?.subject).toBe('office-token:a');
    expect(await store.lookup('../../etc/passwd')).toBeUndefined();
    // A sign-in link used at once from two browsers: one of them signs in.
    const uses = await Promise.all(Array.from({ length: 6 }, () => store.claimOnce('signin-nonce-1', now + 15 * 60e3)));
    expect(uses.filter(Boolean)).toHaveLength(1);
    expect(await store.claimOnce('signin-nonce-2', now + 15 * 60e3)).toBe(true);
  });
});

test('rectify migrate --from-data copies a data folder into the database; run again, nothing is doubled', async () => {
  const dir = tempDir('store-from');
  const folder = folderStores(dir);
  const uploads = new FolderUploadStore(path.join(dir, 'uploads'));
  const sentId = '<moved@rectify>';
  expect(await folder.sent.claim(sentId, 'x', 60e3)).toBe('claimed');
  await folder.sent.mark(sentId);
  await folder.events.record([{ at: '2027-02-01T09:00:00+08:00', kind: 'reminder', to: ['a@example.org'], messageId: sentId }]);
  await folder.documents.put({ id: 'moved-weekly-1', campaign: 'moved', kind: 'weekly', at: '2027-02-01T17:00:00+08:00', title: '周报', files: { html: 'w.html', docx: 'w.docx' } }, '<p>周报</p>', Buffer.from('docx'));
  const evidence = path.join(tempDir('store-from-received'), 'part');
  writeFileSync(evidence, 'evidence');
  await uploads.keep('moved/item-1/0123456789abcdef0123.pdf', evidence);
  await folder.holidays.write(mergeYears(undefined, holidayYears()));
  const session = await new FolderSessionStore(path.join(dir, 'sessions'), POLICY).create('office-token:moved');
  await folder.listing.list('moved', [listed(1), listed(2)]);
  await folder.listing.amend('moved', [listed(2, { title: '变更后的标题' })]);

  const target = await pg.database('moved');
  const env = { RECTIFY_DATABASE_URL: target, RECTIFY_LANG: 'en' };
  const first = await rectify(['migrate', '--from-data', dir], env);
  expect(first.stderr).toBe('');
  expect(first.stdout).toContain('copied from');
  expect(first.stdout).toContain('1 sent mails, 1 events, 1 documents, 1 uploads, 1 holiday years, 1 sessions, 2 listed items');
  const again = await rectify(['migrate', '--from-data', dir], env);
  expect(again.stdout).toContain('the schema is up to date');

  const db = databaseStores(target);
  expect(await db.sent.claim(sentId, 'new-host', 60e3)).toBe('sent');
  expect(await db.events.read()).toEqual(await folder.events.read());
  expect(await db.documents.list()).toEqual(await folder.documents.list());
  expect((await db.documents.read('moved-weekly-1', 'docx'))?.toString()).toBe('docx');
  const moved = await new PgUploadStore(databasePool(target)).open('moved/item-1/0123456789abcdef0123.pdf');
  expect((await bytesOf(moved!.stream)).toString()).toBe('evidence');
  expect(await db.holidays.read()).toEqual(await folder.holidays.read());
  expect((await new PgSessionStore(databasePool(target), POLICY).lookup(session.secret))?.subject).toBe('office-token:moved');
  expect(await db.listing.read('moved')).toEqual([listed(1), listed(2, { title: '变更后的标题' })]);
  // The events CLI reads the database when it is set.
  const events = await rectify(['events', '--json'], env);
  expect(JSON.parse(events.stdout)).toEqual(await folder.events.read());
});

test('rectify migrate without RECTIFY_DATABASE_URL says the data folder needs none (exit 2)', async () => {
  const r = await rectify(['migrate'], { RECTIFY_DATABASE_URL: '', RECTIFY_LANG: 'en' });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('RECTIFY_DATABASE_URL is not set');
});
