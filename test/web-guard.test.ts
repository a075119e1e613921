/**
 * rectify serve's guards, as an attacker and a careless proxy would meet them,
 * over real sockets: rate limits per client address (a spoofed X-Forwarded-For
 * does not escape them) and per form link, failed office sign-ins, office
 * sessions that logging out ends also in a browser that copied the cookie,
 * router and parser errors answered as our page with the security headers,
 * 500s logged with the form link redacted, an unknown campaign as a 404, and
 * weak secrets refused on a production address.
 *
 * Only the session and unknown-campaign tests reach Temporal (one dev server
 * for the file); the others build the server with a client whose connection is
 * closed, so nothing of Temporal is ever asked.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildWebServer, type WebOptions } from '../web/server';
import { FolderSessionStore } from '../web/sessions';
import { signLink } from '../config/links';
import { readWebSettings } from '../config/web-settings';
import { linkSettings, readWorkerEnv } from '../config/worker-settings';
import { startDevServer, type DevServer } from '../runtime/dev-server';
import { freePort, rectify, tempDir } from './support/cli';
import { campaignWorkflowId } from '../workflows/messages';

const KEY = Buffer.from(randomBytes(32).toString('hex'));
const OFFICE_TOKEN = randomBytes(24).toString('hex');
const data = tempDir('web-guard');
const apps: FastifyInstance[] = [];
let temporal: DevServer;
let live: Client;
let gone: Client;

beforeAll(async () => {
  temporal = await startDevServer({ dataDir: path.join(data, 'temporal'), port: await freePort(), uiPort: await freePort(), headless: true });
  live = new Client({ connection: await Connection.connect({ address: temporal.address }) });
  // A Temporal that is gone: any question to it fails at once (and none is asked except where a test says so).
  const closed = Connection.lazy({ address: '127.0.0.1:1' });
  await closed.close();
  gone = new Client({ connection: closed });
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await live?.connection.close();
  await temporal?.stop();
});

/** A server on a free loopback port; its base URL. */
async function serve(over: Partial<WebOptions> = {}): Promise<{ base: string; sessionsDir: string }> {
  const sessionsDir = path.join(tempDir('web-guard-sessions'), 'sessions');
  const app = await buildWebServer({
    client: gone, key: KEY, publicUrl: 'http://127.0.0.1', officeToken: OFFICE_TOKEN, uploadsDir: path.join(data, 'uploads'),
    maxUploadBytes: 1048576, lang: 'zh', sessions: new FolderSessionStore(sessionsDir, { idleMs: 3600e3, maxMs: 12 * 3600e3 }), ...over,
  });
  apps.push(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const a = app.server.address() as net.AddressInfo;
  return { base: `http://127.0.0.1:${a.port}`, sessionsDir };
}

const link = (item = '(1)', email = 'zhou.jie@example.org') =>
  signLink(KEY, { campaign: 'guard', item, name: '周洁', email, expiresAt: Date.now() + 3600e3 });
const forged = (i: number) => `${Buffer.from(JSON.stringify({ v: 1, c: 'guard', i: `(${i})` })).toString('base64url')}.${randomBytes(32).toString('base64url').slice(0, 43)}`;

/** What every answer carries, whatever went wrong. */
function expectOurPage(r: Response, body: string, status: number): void {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toContain('text/html');
  expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(r.headers.get('referrer-policy')).toBe('no-referrer');
  expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  expect(body).toContain('<!DOCTYPE html>');
}

/**
 * A raw request over a socket (for what fetch will not send); the whole answer as text, once the
 * server closed the socket. `end: false` leaves the request unfinished, as a slow or huge upload is.
 */
function raw(base: string, request: string | Buffer, end = true): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(port), '127.0.0.1');
    let got = '';
    s.on('data', (b) => { got += b.toString('latin1'); });
    s.on('error', reject);
    s.on('close', () => resolve(got));
    s.setTimeout(10000, () => { s.destroy(); reject(new Error(`no answer: ${got.slice(0, 200)}`)); });
    if (end) s.end(request);
    else s.write(request);
  });
}
const rawHeaders = (answer: string): Record<string, string> => Object.fromEntries(answer.split('\r\n\r\n')[0].split('\r\n').slice(1)
  .map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));

/** The office login page's CSRF cookie and token, then a sign-in with a token; the cookies it leaves. */
async function signIn(base: string, token = OFFICE_TOKEN): Promise<{ status: number; cookie: string; csrf: string; headers: Headers; body: string }> {
  const page = await fetch(`${base}/office/login`);
  const csrfCookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('rectify_csrf='))!;
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1];
  const r = await fetch(`${base}/office/login`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ csrf, token }),
    headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  const office = r.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('rectify_office='));
  return { status: r.status, cookie: office ? `${csrfCookie}; ${office}` : csrfCookie, csrf, headers: r.headers, body: await r.text() };
}

describe('errors', () => {
  test('router and parser errors (414, bad URL encoding, malformed requests, 431) answer as our page with the security headers, echoing nothing', async () => {
    const { base } = await serve();
    const long = 'A'.repeat(5000);
    const tooLong = await fetch(`${base}/f/${long}`);
    const tooLongBody = await tooLong.text();
    expectOurPage(tooLong, tooLongBody, 414);
    expect(tooLongBody).toContain('网址过长');
    expect(tooLongBody).not.toContain('AAAAAAAA');

    const badUrl = await fetch(`${base}/f/abc%E0%A4%Azz`);
    const badUrlBody = await badUrl.text();
    expectOurPage(badUrl, badUrlBody, 400);
    expect(badUrlBody).not.toContain('abc');

    const json = await fetch(`${base}/office/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"token": ' });
    expectOurPage(json, await json.text(), 400);
    const big = await fetch(`${base}/office/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${'x'.repeat(300 * 1024)}` });
    expectOurPage(big, await big.text(), 413);

    // What Node's HTTP parser refuses never reaches a route: answered on the socket, still as our page.
    for (const [what, request, status] of [
      ['a malformed header line', 'GET /office HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n', 400],
      ['headers over 16 KB', `GET /office HTTP/1.1\r\nHost: x\r\nX-Big: ${'y'.repeat(20000)}\r\n\r\n`, 431],
    ] as const) {
      const answer = await raw(base, request);
      expect([what, answer.split('\r\n')[0]]).toEqual([what, `HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Request Header Fields Too Large'}`]);
      const h = rawHeaders(answer);
      expect([what, h['content-type'], h['content-security-policy'], h['referrer-policy']]).toEqual([what, 'text/html; charset=utf-8', expect.stringContaining("default-src 'none'"), 'no-referrer']);
      expect(answer).toContain('<!DOCTYPE html>');
    }
  });

  test('a 500 is our page and is logged once, as one JSON line with the form link redacted', async () => {
    const logged: string[] = [];
    const { base } = await serve({ errorLog: (line) => logged.push(line) });
    const token = link();
    // The link is good; Temporal behind it is gone.
    const r = await fetch(`${base}/f/${token}?x=1`);
    const body = await r.text();
    expectOurPage(r, body, 500);
    expect(body).toContain('出错了');
    expect(logged).toHaveLength(1);
    expect(logged[0]).not.toContain('\n');
    const line = JSON.parse(logged[0]) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'error', status: 500, method: 'GET', url: '/f/<redacted>?x=1' });
    expect(Date.parse(String(line.time))).toBeGreaterThan(Date.now() - 60e3);
    expect(String(line.error)).toMatch(/\w+/);
    for (const part of token.split('.')) expect(logged[0]).not.toContain(part);
    // Refusals are not errors: a bad link is not logged.
    await fetch(`${base}/f/${forged(1)}`);
    expect(logged).toHaveLength(1);
  });

  test('a campaign whose worker does not answer in time is a 503 page asking to come back, not a 500', async () => {
    // A campaign workflow on a task queue no worker polls: its query waits, then Temporal gives up (DEADLINE_EXCEEDED),
    // as when a worker is behind a backlog of tasks after a large start.
    await live.workflow.start('campaignWorkflow', { workflowId: campaignWorkflowId('stalled'), taskQueue: 'nobody-polls', args: [{}] });
    const logged: string[] = [];
    const { base } = await serve({ client: live, errorLog: (line) => logged.push(line) });
    const r = await fetch(`${base}/office?campaign=stalled`, { headers: { authorization: `Bearer ${OFFICE_TOKEN}` } });
    const body = await r.text();
    expectOurPage(r, body, 503);
    expect(r.headers.get('retry-after')).toBe('60');
    expect(body).toContain('系统繁忙');
    expect(body).toContain('请一分钟后再试');
    // Logged for the operator, as every 5xx.
    expect(logged.map((l) => (JSON.parse(l) as { status: number }).status)).toEqual([503]);
  }, 120000);

  test('the CLI asking such a campaign says the worker did not answer in time (not that Temporal is unreachable), in the run\'s language', async () => {
    for (const id of ['stalled-zh', 'stalled-en']) await live.workflow.start('campaignWorkflow', { workflowId: campaignWorkflowId(id), taskQueue: 'nobody-polls', args: [{}] });
    const env = { TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: 'default', RECTIFY_DATA: tempDir('web-guard-cli') };
    // Both at once (a campaign each: queries of one workflow wait in line): each waits for Temporal to give up on its query.
    const [zh, en] = await Promise.all([
      rectify(['status', '--campaign', 'stalled-zh'], { ...env, RECTIFY_LANG: 'zh' }),
      rectify(['status', '--campaign', 'stalled-en', '--lang', 'en'], env),
    ]);
    expect(zh.code).not.toBe(0);
    expect(zh.stderr).toContain('后台服务（rectify worker）未能及时答复');
    expect(zh.stderr).toContain('请稍后再试');
    expect(zh.stderr).not.toContain('无法连接');
    expect(en.code).not.toBe(0);
    expect(en.stderr).toContain('the worker did not answer in time');
    expect(en.stderr).not.toMatch(/cannot reach|[\u4e00-\u9fff]/);
  }, 120000);

  test('an unknown campaign is a 404 page, on the office page and the chart', async () => {
    const { base } = await serve({ client: live });
    for (const url of ['/office?campaign=nope', '/office/chart?campaign=nope']) {
      const r = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${OFFICE_TOKEN}` } });
      const body = await r.text();
      expectOurPage(r, body, 404);
      expect([url, body]).toEqual([url, expect.stringContaining('没有这项整改工作：nope')]);
    }
  });
});

describe('rate limits', () => {
  test('bad link signatures: a few are refused as such, then every form link from that address waits, whatever X-Forwarded-For says', async () => {
    // No proxy trusted: the address is the socket's.
    const { base } = await serve({ trustProxy: false, limits: { badLinksPer10Minutes: 5 } });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await fetch(`${base}/f/${forged(i)}`, { headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } });
      statuses.push(r.status);
      if (r.status === 429) {
        const body = await r.text();
        expectOurPage(r, body, 429);
        expect(body).toContain('请求过于频繁');
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(Number(r.headers.get('retry-after'))).toBeLessThanOrEqual(600);
      }
    }
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429, 429, 429]);
    // A good link from there waits too (it is refused before Temporal is asked), and so does a post through it.
    expect((await fetch(`${base}/f/${link()}`)).status).toBe(429);
    expect((await fetch(`${base}/f/${link()}`, { method: 'POST', body: new URLSearchParams({ progress: 'x' }) })).status).toBe(429);
    // The office is another matter.
    expect((await fetch(`${base}/office/login`)).status).toBe(200);
  });

  test('every request per client address; behind a trusted proxy the client is the address the proxy saw, not what the client claims', async () => {
    const { base } = await serve({ limits: { perIpPerMinute: 10 }, lang: 'en' }); // the default: a proxy on loopback is trusted
    const run = async (n: number, xff?: (i: number) => string) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await fetch(`${base}/office/login`, { headers: xff ? { 'x-forwarded-for': xff(i) } : {} })).status);
      return out;
    };
    // nginx's $proxy_add_x_forwarded_for: whatever the client sent, then the address nginx saw.
    const spoofing = await run(12, (i) => `198.51.100.${i + 1}, 192.0.2.7`);
    expect(spoofing).toEqual([...Array(10).fill(200), 429, 429]);
    const last = await fetch(`${base}/office/login`, { headers: { 'x-forwarded-for': '192.0.2.7' } });
    const body = await last.text();
    expectOurPage(last, body, 429);
    expect(body).toContain('Too many requests');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client behind the same proxy has its own count; so do unknown paths.
    expect(await run(3, () => '192.0.2.8')).toEqual([200, 200, 200]);
    const probes: number[] = [];
    for (let i = 0; i < 11; i++) probes.push((await fetch(`${base}/no-such-page-${i}`, { headers: { 'x-forwarded-for': '192.0.2.9' } })).status);
    expect(probes).toEqual([...Array(10).fill(404), 429]);
  });

  test('posts through one form link are limited per link, also when they come from many addresses', async () => {
    const { base } = await serve({ limits: { postsPerLinkPerHour: 3 }, lang: 'en' });
    const token = link('(2)');
    const post = (t: string, i: number) => fetch(`${base}/f/${t}`, {
      method: 'POST', body: new URLSearchParams({ progress: `report ${i}` }), headers: { 'x-forwarded-for': `192.0.2.${i + 1}` },
    });
    const statuses: number[] = [];
    // Refused here for want of the form's CSRF token: that needs no Temporal, and each post still counts.
    for (let i = 0; i < 5; i++) statuses.push((await post(token, i)).status);
    expect(statuses).toEqual([403, 403, 403, 429, 429]);
    const r = await post(token, 9);
    expectOurPage(r, await r.text(), 429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(600);
    // Another link (another item) has its own count.
    expect((await post(link('(3)'), 0)).status).toBe(403);
    // A big post refused before its body is read is answered, and its connection closed, not left with the rest unread.
    const head = `POST /f/${token} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${50 * 1048576}\r\n\r\n`;
    const answer = await raw(base, Buffer.concat([Buffer.from(head), Buffer.alloc(256 * 1024, 0x61)]), false);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 429 Too Many Requests');
    expect(rawHeaders(answer).connection).toBe('close');
  });

  test('failed office sign-ins: after a few, even the right token waits, and so does a wrong Bearer', async () => {
    const { base } = await serve({ trustProxy: false, limits: { failedLoginsPer15Minutes: 3 } });
    const tries: number[] = [];
    for (let i = 0; i < 4; i++) tries.push((await signIn(base, `wrong-${i}-${'z'.repeat(30)}`)).status);
    expect(tries).toEqual([401, 401, 401, 429]);
    const right = await signIn(base);
    expect(right.status).toBe(429);
    expect(right.headers.getSetCookie().some((c) => c.startsWith('rectify_office='))).toBe(false);
    expect((await fetch(`${base}/office/chart`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(429);
  });

  test('a wrong Bearer token counts as a failed sign-in', async () => {
    const { base } = await serve({ trustProxy: false, limits: { failedLoginsPer15Minutes: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${base}/office/chart`, { headers: { authorization: `Bearer wrong-${i}` } })).status);
    expect(statuses).toEqual([401, 401, 429]);
  });
});

describe('office sessions', () => {
  test('logging out ends the session on the server: a copy of the cookie gets the login page', async () => {
    const { base, sessionsDir } = await serve({ client: live });
    const s = await signIn(base);
    expect(s.status).toBe(303);
    // Signed in, the office answers (here: no such campaign, 404), where a stranger is sent to the login page (303).
    const office = (cookie: string) => fetch(`${base}/office?campaign=nope`, { headers: { cookie }, redirect: 'manual' });
    expect((await office(s.cookie)).status).not.toBe(303);
    expect((await office('rectify_office=' + 'A'.repeat(43))).status).toBe(303);

    const copied = s.cookie;
    const out = await fetch(`${base}/office/logout`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ csrf: s.csrf }), headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(out.status).toBe(303);
    const stale = await office(copied);
    expect(stale.status).toBe(303);
    expect(stale.headers.get('location')).toBe('/office/login');
    expect(readdirSync(sessionsDir)).toHaveLength(0);

    // The store keeps a session's hash only, in a private folder; the cookie carries 256 random bits.
    const again = await signIn(base);
    const secret = /rectify_office=([^;]+)/.exec(again.cookie)![1];
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const files = readdirSync(sessionsDir);
    expect(files).toHaveLength(1);
    expect(statSync(sessionsDir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(sessionsDir, files[0])).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(sessionsDir, files[0]), 'utf8')).not.toContain(secret);
    expect(files[0]).not.toContain(secret);
  });

  test('a session ends after its idle time, and at its cap however busy it is; revoke all ends every one of a subject', async () => {
    let now = Date.parse('2026-12-01T08:00:00Z');
    const dir = path.join(tempDir('web-guard-store'), 'sessions');
    const store = new FolderSessionStore(dir, { idleMs: 30 * 60e3, maxMs: 4 * 3600e3 }, () => now);
    const idle = await store.create('office-token:a');
    now += 29 * 60e3;
    expect((await store.lookup(idle.secret))?.subject).toBe('office-token:a');
    now += 29 * 60e3; // 29 minutes after the last request: still alive
    expect(await store.lookup(idle.secret)).toBeDefined();
    now += 31 * 60e3;
    expect(await store.lookup(idle.secret)).toBeUndefined();

    const busy = await store.create('office-token:a');
    const alive: boolean[] = [];
    for (let i = 0; i < 17; i++) { now += 15 * 60e3; alive.push(!!(await store.lookup(busy.secret))); }
    // Seen every 15 minutes, never idle: alive until its four hours are up.
    expect(alive).toEqual([...Array(15).fill(true), false, false]);

    const one = await store.create('person:li@example.org');
    const two = await store.create('person:li@example.org');
    const other = await store.create('office-token:a');
    expect(await store.revokeAll('person:li@example.org')).toBe(2);
    expect(await store.lookup(one.secret)).toBeUndefined();
    expect(await store.lookup(two.secret)).toBeUndefined();
    expect(await store.lookup(other.secret)).toBeDefined();
    // Not a secret of ours, a broken file: no session, no crash.
    expect(await store.lookup('../../etc/passwd')).toBeUndefined();
    writeFileSync(path.join(dir, `${readdirSync(dir)[0].slice(0, 64)}.json`), '{"id":');
    expect(await store.lookup(other.secret)).toBeUndefined();
  });
});

describe('secrets on a production address', () => {
  const base = { RECTIFY_LINK_KEY: KEY.toString(), RECTIFY_PUBLIC_URL: 'https://rectify.example.org' };
  const refused = (env: NodeJS.ProcessEnv): string => {
    try { readWebSettings(data, env); } catch (err) { return (err as Error).message; }
    return 'accepted';
  };

  test('a weak office token or link key is refused, naming the variable and never the value', () => {
    const cases: [string, NodeJS.ProcessEnv, string][] = [
      ['a 20-character token', { ...base, RECTIFY_OFFICE_TOKEN: 'Summer2026Office!xyz' }, 'environment RECTIFY_OFFICE_TOKEN: too weak for a public service'],
      ['one character repeated', { ...base, RECTIFY_OFFICE_TOKEN: 'a'.repeat(40) }, 'environment RECTIFY_OFFICE_TOKEN: too weak'],
      ['a short sequence repeated', { ...base, RECTIFY_OFFICE_TOKEN: 'office2026!'.repeat(4) }, 'environment RECTIFY_OFFICE_TOKEN: too weak'],
      ['a run', { ...base, RECTIFY_OFFICE_TOKEN: 'abcdefghijklmnopqrstuvwxyz0123456789' }, 'environment RECTIFY_OFFICE_TOKEN: too weak'],
      ['a repeated link key', { ...base, RECTIFY_LINK_KEY: 'k'.repeat(40) }, 'RECTIFY_LINK_KEY: too weak for a public service'],
      ['a public http address', { ...base, RECTIFY_PUBLIC_URL: 'http://rectify.example.org', RECTIFY_OFFICE_TOKEN: 'Summer2026Office!xyz' }, 'RECTIFY_OFFICE_TOKEN: too weak'],
    ];
    for (const [what, env, says] of cases) {
      const message = refused(env);
      expect([what, message]).toEqual([what, expect.stringContaining(says)]);
      for (const v of [env.RECTIFY_OFFICE_TOKEN, env.RECTIFY_LINK_KEY]) if (v && v !== KEY.toString()) expect([what, message.includes(v)]).toEqual([what, false]);
    }
    // Generated secrets pass; on loopback (a trial, the tests) a short token still does.
    expect(refused({ ...base, RECTIFY_OFFICE_TOKEN: randomBytes(16).toString('hex') })).toBe('accepted');
    expect(refused({ ...base, RECTIFY_PUBLIC_URL: 'http://127.0.0.1:8080', RECTIFY_OFFICE_TOKEN: 'Summer2026Office!xyz' })).toBe('accepted');
    // The worker signs with the same key: it refuses a weak one on a production address too.
    expect(() => linkSettings(readWorkerEnv({ ...base, RECTIFY_LINK_KEY: 'k'.repeat(40) }))).toThrow('RECTIFY_LINK_KEY: too weak for a public service');
    expect(linkSettings(readWorkerEnv(base))?.baseUrl).toBe('https://rectify.example.org');
    // Trusting every sender of X-Forwarded-For is refused too.
    expect(refused({ ...base, RECTIFY_TRUST_PROXY: 'true' })).toContain('environment RECTIFY_TRUST_PROXY');
  });

  test('rectify serve refuses to start with a weak token (exit 2), before reaching Temporal', async () => {
    const r = await rectify(['serve', '--port', '0'], { ...base, RECTIFY_OFFICE_TOKEN: 'Summer2026Office!xyz', TEMPORAL_ADDRESS: '127.0.0.1:1' }, 30000);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('环境变量 RECTIFY_OFFICE_TOKEN：强度不足，不能用于对外服务（https://rectify.example.org）');
    expect(r.stderr).not.toContain('Summer2026Office!xyz');
  });
});
