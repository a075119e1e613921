/**
 * rectify serve, as contacts and the office use it: a real dev server, the
 * worker as `rectify worker`, `rectify serve` as a process, a real SMTP
 * listener, and Debian's chromium (playwright-core) opening the links that
 * arrived by mail. Then the attacks: tampered, expired and re-pointed links,
 * double posts, bad uploads, forged forms, no office token, markup in items.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DateTime } from 'luxon';
import { startDevServer, type DevServer } from '../runtime/dev-server';
import { startMailSink, type MailSink, type ReceivedMail } from '../runtime/mail-sink';
import { startCampaign } from '../runtime/start-campaign';
import { cadence } from '../domain/schema';
import { signLink } from '../config/links';
import { itemSnapshotQuery, itemWorkflowId, type ItemSnapshot } from '../workflows/messages';
import { BIN, eventually, freePort, rectify, startWorkerProcess, tempDir } from './support/cli';
import { tinyPlan } from './support/env';
import { launchChromium, type Chromium } from './support/browser';

const KEY = randomBytes(32).toString('hex');
const OFFICE_TOKEN = randomBytes(24).toString('hex');
const EVIL_TITLE = '<script>window.__pwned = 1</script>制度<b>建设</b>';
const EVIL_PROBLEM = '理论学习<img src=x onerror="window.__pwned = 2">制度不健全 & "引号"';
const CAMPAIGN = 'web-e2e';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let server: DevServer;
let sink: MailSink;
let client: Client;
let worker: ChildProcess;
let web: ChildProcess;
let browser: Chromium;
let base: string;
let env: NodeJS.ProcessEnv;
let data: string;
const links = new Map<string, string>();
const mineLinks = new Map<string, string[]>();

/** The campaign in real time: a weekly due a minute and an hour away, its reminder a minute away, every hour a working one. */
function plan() {
  let due = DateTime.utc().plus({ hours: 1, seconds: 30 }).startOf('minute').plus({ minutes: 1 });
  // Working hours end at 23:59: a reminder then would move to the morning.
  if (due.minus({ hours: 1 }).toFormat('HH:mm') === '23:59') due = due.plus({ minutes: 2 });
  const today = DateTime.utc().startOf('day');
  const p = tinyPlan({
    id: CAMPAIGN, name: '网页填报测试', timeZone: 'UTC', start: today.minus({ days: 20 }).toISODate()!, concentratedEnd: today.plus({ days: 60 }).toISODate()!,
    cadence: cadence.parse({
      weeklyDue: { weekday: due.weekday, time: due.toFormat('HH:mm') }, reminderLeadHours: 1, digestWindowMinutes: 1,
      workingDays: [1, 2, 3, 4, 5, 6, 7], calendar: 'weekends', workingHours: { start: '00:00', end: '23:59' },
    }),
  }, 3);
  const zhou = { name: '周洁', email: 'zhou.jie@example.org' };
  // (1) is yellow: its deadline three days off and nothing reported; (2) has a month to go; (3) is someone else's.
  p.items[0] = { ...p.items[0], title: EVIL_TITLE, problem: EVIL_PROBLEM, contacts: [zhou], deadline: today.plus({ days: 3 }).toISODate()! };
  p.items[1] = { ...p.items[1], title: '完善制度', contacts: [zhou], deadline: today.plus({ days: 30 }).toISODate()! };
  p.items[2] = { ...p.items[2], title: '他人事项', problem: '不应泄露的问题', contacts: [{ name: '王芳', email: 'wang.fang@example.org' }], deadline: today.plus({ days: 30 }).toISODate()! };
  return p;
}

beforeAll(async () => {
  data = tempDir('web');
  server = await startDevServer({ dataDir: data, port: await freePort(), uiPort: await freePort(), headless: true });
  sink = await startMailSink();
  client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  env = {
    TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default', RECTIFY_SMTP_PORT: String(sink.port), RECTIFY_DATA: data,
    RECTIFY_LINK_KEY: KEY, RECTIFY_PUBLIC_URL: base, RECTIFY_LANG: 'en',
  };
  worker = startWorkerProcess(env);
  web = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], {
    env: { ...process.env, ...env, RECTIFY_LANG: 'zh', RECTIFY_OFFICE_TOKEN: OFFICE_TOKEN, RECTIFY_UPLOAD_MAX_MB: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  web.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  web.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  await eventually('rectify serve listening', async () => out.includes(`rectify serve: ${base}`) || (web.exitCode !== null && Promise.reject(new Error(out))));
  browser = await launchChromium();
  await startCampaign(client, plan());
  // The reminder round: one digest per contact, with one link to their items; that page links each item's form.
  const reminders = await eventually('the reminders with links', async () => {
    const got = sink.messages.filter((m) => m.subject.startsWith('【周报告提醒】'));
    return got.length === 2 && got;
  }, 240000);
  for (const m of reminders) {
    const mine = [...m.text.matchAll(/在线填报（我的全部事项）：(\S+)/g)].map((x) => x[1]);
    mineLinks.set(m.to[0], mine);
    for (const url of mine) {
      for (const section of (await (await fetch(url)).text()).split('<section').slice(1)) {
        const item = /data-item="([^"]+)"/.exec(section)?.[1];
        const form = /href="(\/f\/[^"]+)"/.exec(section)?.[1];
        if (item && form) links.set(`${m.to[0]} ${item}`, `${base}${form}`);
      }
    }
  }
}, 420000);

afterAll(async () => {
  await browser?.close();
  for (const p of [web, worker]) {
    if (p && p.exitCode === null) {
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await exited;
    }
  }
  await client?.connection.close();
  await sink?.close();
  await server?.stop();
});

const link = (who: string, item: string): string => {
  const l = links.get(`${who} ${item}`);
  if (!l) throw new Error(`no link for ${who} ${item} among ${[...links.keys()].join(', ')}`);
  return l;
};
const zhou = (item: string) => link('zhou.jie@example.org', item);
const snapshot = (key: string): Promise<ItemSnapshot> => client.workflow.getHandle(itemWorkflowId(CAMPAIGN, key)).query(itemSnapshotQuery);
interface Row { item: string; state: string; light: string; percent: number }
const status = async (): Promise<Row[]> => JSON.parse((await rectify(['status', '--json', '--campaign', CAMPAIGN], env)).stdout) as Row[];
const receipts = (): ReceivedMail[] => sink.messages.filter((m) => m.subject.startsWith('【报送回执】'));

/** A form fetched without a browser: its cookie and hidden fields, for posting by hand. */
async function form(url: string): Promise<{ cookie: string; csrf: string; nonce: string; status: number; body: string }> {
  const r = await fetch(url);
  const body = await r.text();
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
  const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(body)?.[1] ?? '';
  return { cookie, csrf: hidden('csrf'), nonce: hidden('nonce'), status: r.status, body };
}
function post(url: string, cookie: string, fields: Record<string, string>, files: { name: string; content: Buffer; type?: string }[] = []) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append('files', new Blob([new Uint8Array(f.content)], { type: f.type ?? 'application/octet-stream' }), f.name);
  return fetch(url, { method: 'POST', body: fd, headers: cookie ? { cookie } : {}, redirect: 'manual' });
}
/** Nothing of the items in a refusal. */
const revealsNothing = (body: string): void => {
  for (const secret of ['制度', '不应泄露', '(1)', '(3)', '周洁', 'zhou.jie', '网页填报测试']) expect(body).not.toContain(secret);
};

test('every reminder carries one signed link per person, to a page linking each of their items\' forms; the mails are plain text', () => {
  expect([...mineLinks.entries()].map(([who, l]) => [who, l.length, l.every((u) => u.startsWith(`${base}/m/`))]).sort())
    .toEqual([['wang.fang@example.org', 1, true], ['zhou.jie@example.org', 1, true]]);
  expect([...links.keys()].sort()).toEqual(['wang.fang@example.org (3)', 'zhou.jie@example.org (1)', 'zhou.jie@example.org (2)']);
  for (const l of links.values()) expect(l.startsWith(`${base}/f/`)).toBe(true);
  const mail = sink.messages.find((m) => m.to[0] === 'zhou.jie@example.org')!;
  expect(mail.headers['content-type']).toContain('text/plain');
  expect(mail.text).toContain(EVIL_TITLE); // as text, nothing else
});

test('a contact opens the link from the mail, reports with an upload, and the item turns green in status and on the office page', async () => {
  expect((await status()).find((r) => r.item === '(1)')?.light).toBe('yellow');
  const page = await browser.context.newPage();
  await page.goto(zhou('(1)'));
  // Markup in the item is shown as text; nothing of it runs.
  expect(await page.textContent('h1')).toContain(EVIL_TITLE);
  expect(await page.textContent('dl')).toContain(EVIL_PROBLEM);
  expect(await page.locator('h1 b, dl img, body script').count()).toBe(0);
  expect(await page.evaluate('window.__pwned')).toBeUndefined();

  await page.fill('#progress', '已印发学习制度，正在组织学习');
  await page.fill('#percent', '90');
  await page.fill('#evidence', '文件-2026-12号\n会议纪要');
  await page.setInputFiles('#files', { name: '学习制度.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.click('button[value=report]');
  const outcome = await page.textContent('#outcome');
  expect(outcome).toContain('已记录');
  expect(outcome).toMatch(/已记录第 \d+ 周进展/);
  expect(outcome).toContain('zhou.jie@example.org');
  expect(await page.textContent('#last-report')).toContain('已印发学习制度');

  const row = await eventually('(1) green in status', async () => (await status()).find((r) => r.item === '(1)' && r.light === 'green'));
  expect(row).toMatchObject({ state: 'inProgress', percent: 90 });
  const snap = await snapshot('1');
  expect(snap.reports).toHaveLength(1);
  expect(snap.reports[0].by).toBe('周洁');
  const uploaded = snap.reports[0].evidence.find((e) => e.includes('[upload:'))!;
  expect(uploaded).toMatch(/^学习制度\.pdf \[upload:web-e2e\/1\/[0-9a-f]{20}\.pdf\]$/);
  expect(existsSync(path.join(data, 'uploads', ...uploaded.slice(uploaded.indexOf(':') + 1, -1).split('/')))).toBe(true);

  // The office: the login first, then the table and the chart say green.
  const office = await browser.context.newPage();
  await office.goto(`${base}/office`);
  expect(office.url()).toBe(`${base}/office/login`);
  await office.fill('#token', OFFICE_TOKEN);
  await office.click('button[type=submit]');
  expect(office.url()).toBe(`${base}/office`);
  expect(await office.getAttribute('#status tr[data-item="(1)"]', 'data-light')).toBe('green');
  expect(await office.textContent('#status tr[data-item="(1)"]')).toContain('整改中');
  // Its deadline three days off: the countdown in working days (a weekend or holiday in between counts nothing).
  expect(await office.textContent('#status tr[data-item="(1)"]')).toMatch(/剩余 [0-4] 个工作日/);
  const chart = office.frameLocator('iframe');
  expect(await chart.locator('.row[data-item="(1)"]').getAttribute('data-light')).toBe('green');
  expect(await chart.locator('.row[data-item="(1)"] .label').textContent()).toContain(EVIL_TITLE);
  expect(await office.evaluate('window.__pwned')).toBeUndefined();

  // The receipt: one mail to the contact, saying what was recorded.
  const receipt = await eventually('the receipt', async () => receipts().find((m) => m.text.includes('已印发学习制度')));
  expect(receipt.to).toEqual(['zhou.jie@example.org']);
  expect(receipt.text).toContain('完成百分比：90%');
  await page.close();
  await office.close();
});

test('a close-out from the form: incomplete is refused with the reason, complete waits for review', async () => {
  const page = await browser.context.newPage();
  await page.goto(zhou('(2)'));
  await page.click('details summary');
  await page.fill('#solved', '制度已建立并执行');
  await page.fill('#solvedEvidence', '制度文件');
  await page.fill('#cause', '制度缺失，无人失职');
  await page.check('#noneNeeded');
  await page.fill('#similar', '排查了其他制度');
  await page.fill('#similarEvidence', '排查表');
  await page.fill('#mechanism', '每季度检查');
  await page.click('button[value=closeout]');
  expect(await page.textContent('#outcome')).toContain('未被接受');
  expect(await page.textContent('#outcome')).toContain('长效机制');
  // What was typed is kept for the second try.
  expect(await page.inputValue('#solved')).toBe('制度已建立并执行');
  expect((await snapshot('2')).status.state).toBe('notStarted');

  await page.fill('#mechanismEvidence', '季度检查通知');
  await page.click('button[value=closeout]');
  expect(await page.textContent('#outcome')).toContain('已提交销号，等待领导专班审核');
  expect(await page.locator('form').count()).toBe(0); // waiting for review: no more reports
  await eventually('(2) waiting for review in status', async () => (await status()).find((r) => r.item === '(2)' && r.state === 'submitted'));
  const office = await browser.context.newPage();
  await office.goto(`${base}/office`);
  expect(await office.getAttribute('#status tr[data-item="(2)"]', 'data-state')).toBe('submitted');
  expect(await office.textContent('#status tr[data-item="(2)"]')).toContain('待验收');
  await eventually('the close-out receipt', async () => receipts().find((m) => m.text.includes('已提交销号申请')));
  await page.close();
  await office.close();
});

test('the same form posted twice records one report and sends one receipt', async () => {
  const f = await form(zhou('(1)'));
  const fields = { csrf: f.csrf, nonce: f.nonce, action: 'report', progress: '第二次报送：组织学习两次', percent: '95' };
  const first = await post(zhou('(1)'), f.cookie, fields);
  const second = await post(zhou('(1)'), f.cookie, fields);
  expect(first.status).toBe(200);
  expect(second.status).toBe(200);
  expect(await second.text()).toContain('已记录');
  expect((await snapshot('1')).reports.filter((r) => r.progress === '第二次报送：组织学习两次')).toHaveLength(1);
  await eventually('its receipt', async () => receipts().some((m) => m.text.includes('第二次报送')));
  await new Promise((r) => setTimeout(r, 2000)); // a second receipt would have come by now
  expect(receipts().filter((m) => m.text.includes('第二次报送'))).toHaveLength(1);
});

test('tampered, expired and re-pointed links are refused without revealing the item', async () => {
  const good = zhou('(1)');
  const [body, sig] = good.slice(good.lastIndexOf('/') + 1).split('.');
  const flip = (s: string) => s.slice(0, -2) + (s.at(-2) === 'A' ? 'B' : 'A') + s.at(-1);
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
  const repoint = (over: Record<string, unknown>) => `${base}/f/${Buffer.from(JSON.stringify({ ...claims, ...over })).toString('base64url')}.${sig}`;
  const cases: [string, string, number][] = [
    ['signature changed', `${base}/f/${body}.${flip(sig)}`, 403],
    ['body changed', `${base}/f/${flip(body)}.${sig}`, 403],
    ['another item, same signature', repoint({ i: '(3)' }), 403],
    ['another person, same signature', repoint({ e: 'wang.fang@example.org' }), 403],
    ['a later expiry, same signature', repoint({ x: (claims.x as number) + 86400 * 365 }), 403],
    ['expired', `${base}/f/${signLink(Buffer.from(KEY), { campaign: CAMPAIGN, item: '(1)', name: '周洁', email: 'zhou.jie@example.org', expiresAt: Date.now() - 1000 })}`, 410],
    ['signed for someone not on the item', `${base}/f/${signLink(Buffer.from(KEY), { campaign: CAMPAIGN, item: '(3)', name: '周洁', email: 'zhou.jie@example.org', expiresAt: Date.now() + 3600e3 })}`, 403],
    ['signed with another key', `${base}/f/${signLink(randomBytes(32), { campaign: CAMPAIGN, item: '(1)', name: '周洁', email: 'zhou.jie@example.org', expiresAt: Date.now() + 3600e3 })}`, 403],
    ['garbage', `${base}/f/not-a-token`, 403],
  ];
  for (const [what, url, code] of cases) {
    const r = await fetch(url);
    const text = await r.text();
    expect([what, r.status]).toEqual([what, code]);
    revealsNothing(text);
    // Posting to it records nothing either.
    const p = await post(url, '', { progress: 'x' });
    expect([what, p.status]).toEqual([what, 403]);
  }
  expect((await snapshot('3')).reports).toHaveLength(0);
  // The other contact's own link opens their item, not (1).
  const theirs = await (await fetch(link('wang.fang@example.org', '(3)'))).text();
  expect(theirs).toContain('他人事项');
  expect(theirs).not.toContain('已印发学习制度');
});

test('forms without the CSRF token, or with another browser\'s, are refused', async () => {
  const before = (await snapshot('1')).reports.length;
  const f = await form(zhou('(1)'));
  const other = await form(zhou('(1)'));
  const tries: [string, string, Record<string, string>][] = [
    ['no cookie', '', { csrf: f.csrf, nonce: f.nonce, progress: 'forged 1' }],
    ['no token', f.cookie, { nonce: f.nonce, progress: 'forged 2' }],
    ['another browser\'s token', f.cookie, { csrf: other.csrf, nonce: f.nonce, progress: 'forged 3' }],
    ['a nonce not signed for this link', f.cookie, { csrf: f.csrf, nonce: 'abc.def', progress: 'forged 4' }],
  ];
  for (const [what, cookie, fields] of tries) {
    const r = await post(zhou('(1)'), cookie, fields);
    expect([what, r.status]).toEqual([what, 403]);
    revealsNothing(await r.text());
  }
  // The office's forms too: a login without the token field's companion is refused.
  const login = await fetch(`${base}/office/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${OFFICE_TOKEN}`, redirect: 'manual' });
  expect(login.status).toBe(403);
  expect(login.headers.get('set-cookie')).toBeNull();
  expect((await snapshot('1')).reports.length).toBe(before);
});

test('oversized and wrong-type uploads are refused and nothing is recorded', async () => {
  const before = (await snapshot('1')).reports.length;
  const stored = () => (existsSync(path.join(data, 'uploads', CAMPAIGN, '1')) ? readdirSync(path.join(data, 'uploads', CAMPAIGN, '1')).length : 0);
  const files = stored();
  const big = Buffer.concat([PDF, Buffer.alloc(1.2 * 1048576, 0x20)]);
  const cases: [string, { name: string; content: Buffer; type?: string }, string][] = [
    ['over 1 MB', { name: 'big.pdf', content: big, type: 'application/pdf' }, '文件过大'],
    ['an executable', { name: 'tool.exe', content: Buffer.from('MZ\x90\x00'), type: 'application/octet-stream' }, '不支持的文件类型'],
    ['a script called .pdf', { name: 'x.pdf', content: Buffer.from('<script>alert(1)</script>'), type: 'application/pdf' }, '不符'],
  ];
  for (const [what, file, says] of cases) {
    const f = await form(zhou('(1)'));
    const r = await post(zhou('(1)'), f.cookie, { csrf: f.csrf, nonce: f.nonce, action: 'report', progress: `with ${what}` }, [file]);
    expect([what, r.status]).toEqual([what, 422]);
    expect(await r.text()).toContain(says);
  }
  expect((await snapshot('1')).reports.length).toBe(before);
  expect(stored()).toBe(files);
});

test('without the office token nothing of the campaign is shown', async () => {
  for (const url of ['/office', '/office/chart', `/office?campaign=${CAMPAIGN}`]) {
    const anon = await fetch(`${base}${url}`, { redirect: 'manual' });
    expect([url, anon.status]).toEqual([url, 303]);
    expect(anon.headers.get('location')).toBe('/office/login');
    revealsNothing(await anon.text());
    const wrong = await fetch(`${base}${url}`, { headers: { authorization: 'Bearer wrong-token-wrong-token' }, redirect: 'manual' });
    expect([url, wrong.status]).toEqual([url, 401]);
    revealsNothing(await wrong.text());
    const forged = await fetch(`${base}${url}`, { headers: { cookie: `rectify_office=9999999999.${'A'.repeat(43)}` }, redirect: 'manual' });
    expect([url, forged.status]).toEqual([url, 303]);
  }
  const bearer = await fetch(`${base}/office`, { headers: { authorization: `Bearer ${OFFICE_TOKEN}` } });
  expect(bearer.status).toBe(200);
  const page = await bearer.text();
  expect(page).toContain('网页填报测试');
  // Item text is escaped on the office pages too.
  const chart = await (await fetch(`${base}/office/chart`, { headers: { authorization: `Bearer ${OFFICE_TOKEN}` } })).text();
  expect(chart).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
  expect(chart).not.toContain('<script>');
  expect(bearer.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(bearer.headers.get('referrer-policy')).toBe('no-referrer');
});
