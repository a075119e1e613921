/**
 * The office signs in (issue 15): people of the campaign's directory ask for a
 * one-time link on the login page, read it from the mail (a real SMTP
 * listener), and act within what their role allows; sessions are ended on the
 * server; evidence files are downloads for those who may see the item only.
 * A real dev server and `rectify worker`; `rectify serve` built in this
 * process on the campaign file; Debian's chromium (playwright-core) and plain
 * HTTP; axe-core on every page. The downloads, the holiday page and the
 * 公示稿; at the end the acceptance story of the issue in one flow.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import nodemailer from 'nodemailer';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { DateTime } from 'luxon';
import YAML from 'yaml';
import { buildWebServer } from '../web/server';
import { FolderSessionStore } from '../web/sessions';
import { DirectoryFile, loadDirectory } from '../web/directory';
import { smtpSignInMailer } from '../web/signin-mail';
import { itemFolder } from '../web/uploads';
import { MemoryDocumentStore } from '../documents/store';
import { FolderHolidayStore } from '../activities/holidays-store';
import { renderDocx } from '../documents/docx';
import { loadCampaign } from '../domain/campaign';
import { uploadRef } from '../domain/evidence';
import { startCampaign } from '../runtime/start-campaign';
import { signLink, signMine } from '../config/links';
import { itemSnapshotQuery, itemWorkflowId, submitCloseoutUpdate, type CloseoutInput, type ItemSnapshot } from '../workflows/messages';
import { eventually, tempDir, useDevServerAndWorker } from './support/cli';
import { launchChromium, seriousViolations, type Chromium } from './support/browser';
import { englishSentences, visibleText } from './support/language';

const KEY = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyzABCDEF');
const CAMPAIGN = 'signin-e2e';
const PDF = (what: string) => Buffer.from(`%PDF-1.4\n% ${what}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const FILES = { '1': { name: '综合部整改报告.pdf', sha: 'a'.repeat(20) }, '2': { name: '财务部整改报告.pdf', sha: 'b'.repeat(20) } };
const PEOPLE = {
  coordinator: 'wang.office@example.org', leader: 'li.leader@example.org', head1: 'zhao.head@example.org', contact1: 'zhou.jie@example.org',
  head2: 'qian.head@example.org', contact2: 'sun.ming@example.org',
};

const live = useDevServerAndWorker('web-signin');
let client: Client;
let app: FastifyInstance;
let base: string;
let browser: Chromium;
const data = tempDir('web-signin');
const uploads = path.join(data, 'uploads');
/** The documents sent, as the worker would have stored them (one 周报 here). */
const documents = new MemoryDocumentStore();
/** The holiday years the coordinator loads from the console (the data folder's holidays.json). */
const holidaysDir = path.join(data, 'holidays');

/** The campaign file (and its directory): three items of two units; the story below runs a second one, its own people's addresses. */
function campaignFile(id = CAMPAIGN, name = '登录测试整改', people: Record<keyof typeof PEOPLE, string> = PEOPLE, language: 'zh' | 'en' = 'zh'): string {
  const today = DateTime.utc().startOf('day');
  const item = (id: string, unit: string, contact: string, title: string) => ({
    id, section: '（一）制度建设', title, problem: `${unit}的问题`, measures: ['整改措施'], kind: 'deadline', leader: '李副书记', leadUnit: unit,
    contacts: [contact], deadline: today.plus({ days: 30 }).toISODate(),
  });
  const file = path.join(data, `${id}.yaml`);
  writeFileSync(file, YAML.stringify({
    campaign: { id, name, committee: '党工委', timeZone: 'UTC', start: today.minus({ days: 20 }).toISODate(), concentratedEnd: today.plus({ days: 60 }).toISODate(), language },
    cadence: { calendar: 'weekends' },
    addresses: { workingGroup: [people.coordinator], committee: ['committee@example.org'] },
    people: [
      { name: '王主任', role: 'coordinator', email: people.coordinator },
      { name: '李副书记', role: 'leader', email: people.leader },
      { name: '赵处长', role: 'unitHead', unit: '综合部', email: people.head1 },
      { name: '周洁', role: 'contact', unit: '综合部', email: people.contact1 },
      { name: '钱处长', role: 'unitHead', unit: '财务部', email: people.head2 },
      { name: '孙明', role: 'contact', unit: '财务部', email: people.contact2 },
    ],
    // (3): 周洁's second item, not submitted: reported on from her items page.
    items: [item('(1)', '综合部', '周洁', '完善制度'), item('(2)', '财务部', '孙明', '规范报销'), item('(3)', '综合部', '周洁', '健全台账')],
  }));
  return file;
}

const snapshot = (key: string): Promise<ItemSnapshot> => client.workflow.getHandle(itemWorkflowId(CAMPAIGN, key)).query(itemSnapshotQuery);

/** Each item submitted for close-out with its unit's PDF, kept where an upload is kept. */
async function submitCloseouts(campaign = CAMPAIGN): Promise<void> {
  for (const [key, f] of Object.entries(FILES)) {
    const rel = `${itemFolder(campaign, key)}/${f.sha}.pdf`;
    mkdirSync(path.join(uploads, itemFolder(campaign, key)), { recursive: true });
    writeFileSync(path.join(uploads, ...rel.split('/')), PDF(f.name));
    const dim = (statement: string, evidence: string[] = []) => ({ statement, evidence });
    const input: CloseoutInput = {
      closeout: { solved: dim('问题已解决', [uploadRef(f.name, rel)]), accountability: dim('已追责', ['纪发〔2026〕3号']), similarCases: dim('已举一反三', ['排查报告']), mechanism: dim('已建立制度', ['制度文件']), by: key === '1' ? '周洁' : '孙明' },
      requestId: `closeout-${key}`,
    };
    await client.workflow.getHandle(itemWorkflowId(campaign, key)).executeUpdate(submitCloseoutUpdate, { args: [input] });
  }
}

beforeAll(async () => {
  client = new Client({ connection: await Connection.connect({ address: live.env.TEMPORAL_ADDRESS! }) });
  const file = campaignFile();
  await startCampaign(client, await loadCampaign(file));
  await submitCloseouts();
  await documents.put({ id: `${CAMPAIGN}-weekly-summary-20261130-0900`, campaign: CAMPAIGN, kind: 'weekly-summary', at: '2026-11-30T09:00:00+00:00', title: '整改工作周报（第1期）', files: { html: 'a.html', docx: 'a.docx' } },
    '<p>周报</p>', await renderDocx({ kind: 'weekly-summary', lang: 'zh', title: '整改工作周报（第1期）', subtitle: '', blocks: [{ type: 'p', text: '本周整改工作进展顺利' }] }));
  app = await buildWebServer({
    client, key: KEY, publicUrl: 'http://127.0.0.1', uploadsDir: uploads, maxUploadBytes: 1048576, lang: 'zh', documents, holidays: new FolderHolidayStore(holidaysDir),
    sessions: new FolderSessionStore(path.join(data, 'sessions'), { idleMs: 3600e3, maxMs: 12 * 3600e3 }),
    directory: await DirectoryFile.open(file),
    mailer: smtpSignInMailer(nodemailer.createTransport({ host: '127.0.0.1', port: live.sink.port, secure: false, ignoreTLS: true }), { from: 'rectify@example.org' }),
    limits: { signInRequestsPer15Minutes: 100, signInMailsPerAddressPerHour: 100 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as net.AddressInfo).port}`;
  browser = await launchChromium();
}, 120000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await client?.connection.close();
});

/** A browser without JavaScript: cookies kept by name, redirects not followed. */
class Visitor {
  private jar = new Map<string, string>();
  /** `root`: the server visited (default: this file's). */
  constructor(private readonly root?: string) {}
  async request(url: string, form?: Record<string, string>, cookieOverride?: string): Promise<{ status: number; body: string; location: string | null; headers: Headers }> {
    const r = await fetch(url.startsWith('http') ? url : `${this.root ?? base}${url}`, {
      method: form ? 'POST' : 'GET', redirect: 'manual',
      headers: { cookie: cookieOverride ?? [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      if (/Max-Age=0\b/.test(c)) this.jar.delete(pair.slice(0, i)); else this.jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return { status: r.status, body: await r.text(), location: r.headers.get('location'), headers: r.headers };
  }
  get cookie(): string { return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '); }
  /** The CSRF field of a page's form. */
  static csrf(body: string): string { return /name="csrf" value="([^"]+)"/.exec(body)![1]; }
}

/** The sign-in link in the latest sign-in mail to an address, once more than `before` of them arrived. */
async function mailedLink(email: string, before: number, root = base): Promise<string> {
  const mails = await eventually(`a sign-in mail to ${email}`, async () => {
    const got = live.sink.messages.filter((m) => m.to.includes(email) && m.subject.startsWith('【登录链接】'));
    return got.length > before && got;
  });
  return /(http\S+\/office\/signin\/\S+)/.exec(mails.at(-1)!.text)![1].replace('http://127.0.0.1', root);
}
const signInMails = (email: string) => live.sink.messages.filter((m) => m.to.includes(email) && m.subject.startsWith('【登录链接】')).length;

/** Signs in over plain HTTP: the address on the login page, the mailed link, the confirmation button. */
async function signIn(email: string, root = base): Promise<Visitor> {
  const v = new Visitor(root);
  const login = await v.request('/office/login');
  const before = signInMails(email);
  const sent = await v.request('/office/login/link', { csrf: Visitor.csrf(login.body), email });
  expect(sent.status).toBe(200);
  const url = await mailedLink(email, before, root);
  const confirm = await v.request(url);
  const done = await v.request(url, { csrf: Visitor.csrf(confirm.body) });
  expect({ status: done.status, location: done.location }).toEqual({ status: 303, location: '/office' });
  return v;
}

/** A person's items link, as their digest carries it (web-links.test.ts: how the worker signs it). */
const mineLink = (name: string, email: string, items: string[], campaign = CAMPAIGN): string =>
  `/m/${signMine(KEY, { campaign, name, email, items, expiresAt: Date.now() + 3600e3 })}`;
/** The items of a board's table (grouped by unit on the page; here in order). */
const boardItems = (body: string): string[] =>
  [.../<table id="status">([^]*?)<\/table>/.exec(body)![1].matchAll(/<tr data-item="([^"]+)"/g)].map((m) => m[1]).sort();
const fileUrl = (item: string, key: keyof typeof FILES) => `/office/items/${encodeURIComponent(item)}/files/${FILES[key].sha}.pdf`;

test('the login page and a contact\'s items page have no serious or critical accessibility violation, at desktop and at 390 px', async () => {
  const page = await browser.context.newPage();
  try {
    for (const [width, url] of [1280, 390].flatMap((wd) => [[wd, '/office/login'], [wd, mineLink('周洁', PEOPLE.contact1, ['(1)', '(3)'])]] as const)) {
      await page.setViewportSize({ width, height: 844 });
      await page.goto(`${base}${url}`);
      expect({ width, url, violations: await seriousViolations(page) }).toEqual({ width, url, violations: [] });
      // Nothing wider than the phone.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
    }
  } finally {
    await page.close();
  }
});

test('a coordinator signs in from the mailed link, opens the close-out\'s evidence and returns it with a reason', async () => {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${base}/office/login`);
    const before = signInMails(PEOPLE.coordinator);
    await page.fill('#email', PEOPLE.coordinator.toUpperCase());
    await page.click('button:has-text("发送登录链接")');
    await page.waitForSelector('h1:has-text("请查收邮件")');
    const url = await mailedLink(PEOPLE.coordinator, before);
    await page.goto(url);
    await page.click('button:has-text("以“王主任”的身份登录")');
    await page.waitForURL(`${base}/office`);
    expect(await page.locator('tr[data-item]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-item')))).toEqual(expect.arrayContaining(['(1)', '(2)']));
    await page.click('#status a:has-text("(1)")');
    expect(await page.locator('#files a').allTextContents()).toEqual([FILES['1'].name]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#files a:has-text("${FILES['1'].name}")`)]);
    expect(download.suggestedFilename()).toBe(FILES['1'].name);
    await page.fill('#reason', '佐证材料不全，请补充会议纪要');
    await page.click('button[value="return"]');
    expect(await page.locator('#outcome').textContent()).toContain('已记录');
    const s = await snapshot('1');
    expect({ state: s.status.state, review: s.reviews.at(-1) }).toEqual({ state: 'returned', review: expect.objectContaining({ accepted: false, by: '王主任', reason: '佐证材料不全，请补充会议纪要' }) });
  } finally {
    await page.close();
  }
}, 60000);

test('the board, an item page with its acts, the documents sent, the holiday page and the contacts\' form have no serious or critical accessibility violation, at desktop and at 390 px', async () => {
  // The browser is signed in as the coordinator (the test before): the board and the item page with every act.
  const page = await browser.context.newPage();
  const form = `/f/${signLink(KEY, { campaign: CAMPAIGN, item: '(3)', name: '周洁', email: PEOPLE.contact1, expiresAt: Date.now() + 3600e3 })}`;
  try {
    for (const [width, url] of [1280, 390].flatMap((wd) => [[wd, '/office'], [wd, '/office/items/(3)'], [wd, '/office/documents'], [wd, '/office/holidays'], [wd, form]] as const)) {
      await page.setViewportSize({ width, height: 844 });
      expect({ url, status: (await page.goto(`${base}${url}`))?.status() }).toEqual({ url, status: 200 });
      // Every folded form open, so that axe sees its fields.
      await page.evaluate('document.querySelectorAll("details").forEach((d) => { d.open = true; })');
      expect({ width, url, violations: await seriousViolations(page) }).toEqual({ width, url, violations: [] });
      // Nothing wider than the phone (a wide table scrolls inside its own box).
      expect({ url, width, fits: await page.evaluate('document.documentElement.scrollWidth') as number <= width }).toEqual({ url, width, fits: true });
    }
    // The item page checked was the coordinator's, with the dispatch form.
    await page.goto(`${base}/office/items/(3)`);
    expect(await page.locator('#dispatch summary').count()).toBe(1);
  } finally {
    await page.close();
  }
}, 60000);

test('a contact reports on several items from the one link of their digest, 本周无新进展 in one click, without JavaScript', async () => {
  const v = new Visitor();
  const url = mineLink('周洁', PEOPLE.contact1, ['(1)', '(3)']);
  const mine = await v.request(url);
  expect(mine.status).toBe(200);
  // Both items with what they owe: (1) returned with the reviewer's reason; (3) its report and the working days left.
  expect([...mine.body.matchAll(/<section class="box" id="item-(\d)"/g)].map((m) => m[1])).toEqual(['1', '3']);
  expect(mine.body).toContain('销号申请已退回：佐证材料不全，请补充会议纪要。');
  expect(mine.body).toMatch(/剩余 \d+ 个工作日/);
  const before = { one: (await snapshot('1')).reports.length, three: (await snapshot('3')).reports.length };
  const form = { csrf: Visitor.csrf(mine.body), nonce: /name="nonce" value="([^"]+)"/.exec(mine.body)![1], 'progress:3': '台账初稿已完成', 'percent:3': '40', 'progress:1': '', none: '1' };
  const done = await v.request(url, form);
  expect(done.status).toBe(200);
  expect([...done.body.matchAll(/data-outcome="(\w+)"/g)].map((m) => m[1])).toEqual(['ok', 'ok']);
  const [one, three] = [await snapshot('1'), await snapshot('3')];
  expect(one.reports.at(-1)).toEqual(expect.objectContaining({ progress: '本周无新进展', by: '周洁' }));
  expect(three.reports.at(-1)).toEqual(expect.objectContaining({ progress: '台账初稿已完成', percent: 40, by: '周洁' }));
  expect(three.status.lastReportAt).toBe(three.reports.at(-1)!.at);
  // The same page posted twice is recorded once.
  await v.request(url, form);
  expect({ one: (await snapshot('1')).reports.length, three: (await snapshot('3')).reports.length }).toEqual({ one: before.one + 1, three: before.three + 1 });
  // Nothing filled in: said, nothing recorded.
  const empty = await v.request(url, { csrf: form.csrf, nonce: /name="nonce" value="([^"]+)"/.exec(done.body)![1] });
  expect(empty.status).toBe(422);
  expect(empty.body).toContain('没有填写任何进展');
  // Without the page's CSRF cookie, or with a link tampered with: refused, nothing recorded.
  expect((await new Visitor().request(url, form)).status).toBe(403);
  expect((await v.request(`${url.slice(0, -3)}${url.endsWith('AAA') ? 'BBB' : 'AAA'}`)).status).toBe(403);
  expect((await snapshot('3')).reports.length).toBe(before.three + 1);

  // A leader's link (their escalations carry it) shows the items they lead, to see, not to report on.
  const leader = await v.request(mineLink('李副书记', PEOPLE.leader, []));
  expect([...leader.body.matchAll(/data-item="(\(\d\))"/g)].map((m) => m[1])).toEqual(['(1)', '(2)', '(3)']);
  expect(leader.body).not.toContain('name="progress:');
  // A unit head's: their unit's items; someone not on an item named in the link does not see it.
  const head = await v.request(mineLink('钱处长', PEOPLE.head2, ['(1)']));
  expect([...head.body.matchAll(/data-item="(\(\d\))"/g)].map((m) => m[1])).toEqual(['(2)']);
}, 60000);

test('the board filters by unit, leader, section, light, state, overdue, review and 督办单 as a GET form, with each item\'s countdown', async () => {
  const coordinator = await signIn(PEOPLE.coordinator);
  const items = async (query: string): Promise<string[]> => boardItems((await coordinator.request(`/office${query}`)).body);
  const board = await coordinator.request('/office');
  expect(board.body).toContain('<form method="get" action="/office" class="filters"');
  expect(board.body).toMatch(/<tr data-item="\(3\)"[^]*?剩余 \d+ 个工作日/);
  expect(await items('')).toEqual(['(1)', '(2)', '(3)']);
  expect(await items('?unit=财务部')).toEqual(['(2)']);
  expect(await items(`?unit=${encodeURIComponent('综合部')}`)).toEqual(['(1)', '(3)']);
  expect(await items(`?unit=${encodeURIComponent('综合部')}&state=submitted`)).toEqual([]);
  expect(await items('?unit=财务部&state=submitted')).toEqual(['(2)']);
  expect(await items('?review=1')).toEqual(['(2)']);
  expect(await items(`?leader=${encodeURIComponent('李副书记')}&section=${encodeURIComponent('（一）制度建设')}&light=green`)).toEqual(['(1)', '(2)', '(3)']);
  expect(await items('?overdue=1')).toEqual([]);
  const none = await coordinator.request('/office?notices=1');
  expect(none.body).toContain('没有符合筛选条件的事项。');
  expect(none.body).toContain('显示 0 项（共 3 项）');
  // The form keeps what was chosen.
  expect((await coordinator.request('/office?unit=财务部')).body).toContain('<option value="财务部" selected>');
  // A value the form does not offer: said, and the whole board shown.
  const bad = await coordinator.request('/office?light=purple');
  expect(bad.status).toBe(422);
  expect(bad.body).toContain('light: 不是可选的值');
  // A unit head's board filters among their unit's items only.
  const head = await signIn(PEOPLE.head2);
  expect(boardItems((await head.request('/office?state=submitted')).body)).toEqual(['(2)']);
}, 60000);

test('a sign-in link signs in once; an unknown address gets the same answer and no mail', async () => {
  const v = new Visitor();
  const login = await v.request('/office/login');
  const unknown = await v.request('/office/login/link', { csrf: Visitor.csrf(login.body), email: 'nobody@example.org' });
  const before = signInMails(PEOPLE.leader);
  const known = await v.request('/office/login/link', { csrf: Visitor.csrf(login.body), email: PEOPLE.leader });
  expect(unknown.status).toBe(known.status);
  expect(unknown.body).toBe(known.body);
  const url = await mailedLink(PEOPLE.leader, before);
  expect(live.sink.messages.filter((m) => m.to.includes('nobody@example.org'))).toEqual([]);
  const first = await v.request(url, { csrf: Visitor.csrf((await v.request(url)).body) });
  expect(first.status).toBe(303);
  // The same link again, from another browser: used.
  const other = new Visitor();
  const again = await other.request(url, { csrf: Visitor.csrf((await other.request(url)).body) });
  expect(again.status).toBe(410);
  expect(again.body).toContain('链接已使用');
  expect(again.headers.get('set-cookie') ?? '').not.toContain('rectify_office=');
  // A tampered link is refused outright.
  const tampered = await other.request(`${url.slice(0, -3)}${url.endsWith('AAA') ? 'BBB' : 'AAA'}`);
  expect(tampered.status).toBe(403);
  // The leader sees the items they lead, and may not review them.
  const board = await v.request('/office');
  expect(board.body).toContain('data-item="(1)"');
  expect(board.body).toContain('data-item="(2)"');
  const item2 = await v.request('/office/items/(2)');
  expect(item2.body).not.toContain('name="decision"');
});

test('logout and sign out everywhere end the session on the server: a copied cookie is refused', async () => {
  const v = await signIn(PEOPLE.head1);
  const copied = v.cookie;
  expect((await v.request('/office')).status).toBe(200);
  const page = await v.request('/office');
  await v.request('/office/logout', { csrf: Visitor.csrf(page.body) });
  const after = await new Visitor().request('/office', undefined, copied);
  expect({ status: after.status, location: after.location }).toEqual({ status: 303, location: '/office/login' });

  // Two browsers of the same person; "sign out everywhere" in one ends the other too.
  const a = await signIn(PEOPLE.head1);
  const b = await signIn(PEOPLE.head1);
  const c = await signIn(PEOPLE.head2);
  const pageA = await a.request('/office');
  await a.request('/office/logout-everywhere', { csrf: Visitor.csrf(pageA.body) });
  expect((await b.request('/office')).status).toBe(303);
  // Someone else's session is theirs.
  expect((await c.request('/office')).status).toBe(200);
});

test('a unit head trying a coordinator-only act gets 403 and nothing is recorded; a contact cannot open another unit\'s evidence', async () => {
  const head = await signIn(PEOPLE.head2);
  const before = await snapshot('2');
  expect(before.status.state).toBe('submitted');
  const page = await head.request('/office/items/(2)');
  expect(page.status).toBe(200);
  expect(page.body).not.toContain('name="decision"');
  const act = await head.request('/office/items/(2)/review', { csrf: Visitor.csrf(page.body), decision: 'accept', reason: '' });
  expect(act.status).toBe(403);
  expect(act.body).toContain('无权操作');
  const after = await snapshot('2');
  expect({ state: after.status.state, reviews: after.reviews.length, log: after.log.length }).toEqual({ state: 'submitted', reviews: before.reviews.length, log: before.log.length });

  const contact = await signIn(PEOPLE.contact1);
  // Their own unit's file: a download, under its name, of its stored type, never sniffed.
  const own = await contact.request(fileUrl('(1)', '1'));
  expect(own.status).toBe(200);
  expect(own.headers.get('content-type')).toBe('application/pdf');
  expect(own.headers.get('x-content-type-options')).toBe('nosniff');
  expect(own.headers.get('content-disposition')).toBe(`attachment; filename="_______.pdf"; filename*=UTF-8''${encodeURIComponent(FILES['1'].name)}`);
  expect(own.body).toContain(FILES['1'].name);
  // Another unit's: refused, its item too; a board without the other unit's item.
  for (const url of [fileUrl('(2)', '2'), '/office/items/(2)']) expect({ url, status: (await contact.request(url)).status }).toEqual({ url, status: 403 });
  const board = await contact.request('/office');
  expect(board.body).toContain('data-item="(1)"');
  expect(board.body).not.toContain('data-item="(2)"');
  // A file of this item's folder that the record does not name, or a path out of it: not found.
  for (const url of [`/office/items/(1)/files/${'c'.repeat(20)}.pdf`, `/office/items/(1)/files/..%2F2%2F${FILES['2'].sha}.pdf`]) {
    expect({ url, status: (await contact.request(url)).status }).toEqual({ url, status: 404 });
  }
});

test('the coordinator accepts a close-out from its page; the leader sees the item closed in their view', async () => {
  const coordinator = await signIn(PEOPLE.coordinator);
  const page = await coordinator.request('/office/items/(2)');
  expect(page.body).toContain(`>${FILES['2'].name}</a>`);
  const done = await coordinator.request('/office/items/(2)/review', { csrf: Visitor.csrf(page.body), decision: 'accept', reason: '' });
  expect(done.status).toBe(200);
  expect(done.body).toContain('id="outcome"');
  const s = await snapshot('2');
  expect({ state: s.status.state, review: s.reviews.at(-1) }).toEqual({ state: 'closed', review: expect.objectContaining({ accepted: true, by: '王主任' }) });
  const leader = await signIn(PEOPLE.leader);
  // The board reads visibility, which follows the item's search attributes a moment later.
  await eventually('the leader\'s board showing (2) closed', async () => /<tr data-item="\(2\)" data-state="closed"/.test((await leader.request('/office')).body));
  // And their own view: closed among the items they lead, the open ones still there to see.
  const mine = await eventually('the leader\'s items showing (2) closed', async () => {
    const body = (await leader.request('/office/mine')).body;
    return body.includes('<li data-item="(2)" data-state="closed">') && body;
  });
  expect([...mine.matchAll(/<section class="box" id="item-(\d)"/g)].map((m) => m[1])).toEqual(['1', '3']);
});

test('the coordinator decides, extends and reports on a unit\'s behalf from the item page, under their name; a unit head\'s dispatch is refused with nothing recorded', async () => {
  const coordinator = await signIn(PEOPLE.coordinator);
  const page = await coordinator.request('/office/items/(3)');
  const hidden = (body: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(body)![1];
  const act = (body: string, fields: Record<string, string>) => coordinator.request('/office/items/(3)/act', { csrf: Visitor.csrf(body), nonce: hidden(body, 'nonce'), ...fields });
  const before = await snapshot('3');
  const later = DateTime.fromISO(before.item.deadline).plus({ days: 10 }).toISODate()!;
  // An extension without who approved it: the engine's refusal, nothing recorded.
  const refused = await act(page.body, { kind: 'dispatch', instruction: '同意延期', newDeadline: later });
  expect(refused.status).toBe(422);
  expect((await snapshot('3')).decisions.length).toBe(before.decisions.length);
  const done = await act(page.body, { kind: 'dispatch', instruction: '同意延期，月底前完成', newDeadline: later, approvedBy: '李副书记' });
  expect(done.status).toBe(200);
  // Posted twice: recorded once.
  await act(page.body, { kind: 'dispatch', instruction: '同意延期，月底前完成', newDeadline: later, approvedBy: '李副书记' });
  const extended = await snapshot('3');
  expect({ decisions: extended.decisions.length, last: extended.decisions.at(-1), deadline: extended.item.deadline })
    .toEqual({ decisions: before.decisions.length + 1, last: expect.objectContaining({ instruction: '同意延期，月底前完成', approvedBy: '李副书记', by: '王主任' }), deadline: later });
  const reported = await act(done.body, { kind: 'report', progress: '据联络员电话报告：台账已完成', percent: '70' });
  expect(reported.status).toBe(200);
  expect((await snapshot('3')).reports.at(-1)).toEqual(expect.objectContaining({ progress: '据联络员电话报告：台账已完成', percent: 70, by: '王主任' }));
  // A person line that is not name=email: said where, nothing sent.
  const badLine = await act(reported.body, { kind: 'dispatch', instruction: '调整联络员', reassignContact: '周洁' });
  expect(badLine.status).toBe(422);
  expect(badLine.body).toContain('reassignContact: 第 1 行：请写成 姓名=邮箱');

  const head = await signIn(PEOPLE.head1);
  const headPage = await head.request('/office/items/(3)');
  expect(headPage.body).not.toContain('value="dispatch"');
  const count = (await snapshot('3')).decisions.length;
  const forbidden = await head.request('/office/items/(3)/act', { csrf: Visitor.csrf(headPage.body), nonce: hidden(headPage.body, 'nonce'), kind: 'dispatch', instruction: '越权调度' });
  expect(forbidden.status).toBe(403);
  expect((await snapshot('3')).decisions.length).toBe(count);
}, 60000);

/** A download's answer, its bytes kept (Visitor.request reads text). */
async function download(v: Visitor, url: string): Promise<{ status: number; type: string | null; disposition: string; nosniff: string | null; body: Buffer }> {
  const r = await fetch(`${base}${url}`, { headers: { cookie: v.cookie }, redirect: 'manual' });
  return { status: r.status, type: r.headers.get('content-type'), disposition: decodeURIComponent(r.headers.get('content-disposition') ?? ''), nosniff: r.headers.get('x-content-type-options'), body: Buffer.from(await r.arrayBuffer()) };
}
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

test('a coordinator downloads the ledger, the announcement, an item\'s record and packet and a document sent from the board; a unit contact gets 403', async () => {
  const coordinator = await signIn(PEOPLE.coordinator);
  const board = await coordinator.request('/office');
  for (const href of ['/office/downloads/ledger.xlsx', '/office/downloads/ledger.csv', '/office/downloads/announcement.docx', '/office/documents']) expect(board.body).toContain(`href="${href}"`);
  const day = /\d{4}-\d{2}-\d{2}/;

  const ledger = await download(coordinator, '/office/downloads/ledger.xlsx');
  expect(ledger).toMatchObject({ status: 200, type: XLSX_TYPE, nosniff: 'nosniff' });
  expect(ledger.disposition).toMatch(/^attachment; .*filename\*=UTF-8''整改台账-登录测试整改-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(ledger.body as unknown as ArrayBuffer);
  const cells = book.worksheets.flatMap((ws) => ws.getSheetValues().flat().map(String));
  expect(cells).toEqual(expect.arrayContaining(['完善制度', '规范报销', '健全台账']));
  const csv = await download(coordinator, '/office/downloads/ledger.csv');
  expect(csv).toMatchObject({ status: 200, type: 'text/csv; charset=utf-8', nosniff: 'nosniff' });
  expect(csv.disposition).toMatch(/filename\*=UTF-8''整改台账-登录测试整改-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(csv.body.toString('utf8')).toContain('规范报销');

  const ann = await download(coordinator, '/office/downloads/announcement.docx');
  expect(ann).toMatchObject({ status: 200, type: DOCX_TYPE, nosniff: 'nosniff' });
  expect(ann.disposition).toMatch(/filename\*=UTF-8''整改进展情况公告-登录测试整改-\d{4}-\d{2}-\d{2}\.docx$/);
  expect((await mammoth.extractRawText({ buffer: ann.body })).value).toContain('规范报销');

  const item = await coordinator.request(`/office/items/${encodeURIComponent('(2)')}`);
  expect(item.body).toContain('/record"');
  const record = await download(coordinator, `/office/items/${encodeURIComponent('(2)')}/record`);
  expect(record).toMatchObject({ status: 200, type: XLSX_TYPE });
  expect(record.disposition).toMatch(day);
  const packet = await download(coordinator, `/office/items/${encodeURIComponent('(2)')}/packet`);
  expect(packet).toMatchObject({ status: 200, type: DOCX_TYPE });
  expect((await mammoth.extractRawText({ buffer: packet.body })).value).toContain('规范报销');

  const list = await coordinator.request('/office/documents');
  expect(list.body).toContain('整改工作周报（第1期）');
  const sent = await download(coordinator, `/office/documents/${CAMPAIGN}-weekly-summary-20261130-0900`);
  expect(sent).toMatchObject({ status: 200, type: DOCX_TYPE });
  expect((await mammoth.extractRawText({ buffer: sent.body })).value).toContain('本周整改工作进展顺利');

  const contact = await signIn(PEOPLE.contact2);
  expect((await contact.request('/office')).body).not.toContain('/office/downloads/');
  for (const url of ['/office/downloads/ledger.xlsx', '/office/downloads/ledger.csv', '/office/downloads/announcement.docx', '/office/documents', `/office/documents/${CAMPAIGN}-weekly-summary-20261130-0900`, `/office/items/${encodeURIComponent('(1)')}/packet`]) {
    expect({ url, status: (await download(contact, url)).status }).toEqual({ url, status: 403 });
  }
  // Their own item's record is theirs to see.
  expect((await download(contact, `/office/items/${encodeURIComponent('(2)')}/record`)).status).toBe(200);
}, 60000);

test('the 公示稿 on the item page: the coordinator drafts, edits and approves it under their name, the announcement prints it; a unit head only reads it', async () => {
  const coordinator = await signIn(PEOPLE.coordinator);
  const item = `/office/items/${encodeURIComponent('(2)')}`;
  const hidden = (body: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(body)![1];
  const act = (body: string, fields: Record<string, string>) => coordinator.request(`${item}/act`, { csrf: Visitor.csrf(body), nonce: hidden(body, 'nonce'), kind: 'announcement', ...fields });
  let page = await coordinator.request(item);
  expect(page.body).toContain('尚无公示稿');
  // Approving nothing: the engine's refusal, nothing recorded.
  const early = await act(page.body, { act: 'approve' });
  expect(early.status).toBe(422);
  expect((await snapshot('2')).announcement).toBeUndefined();
  page = await act(page.body, { act: 'draft' });
  expect(page.status).toBe(200);
  const drafted = (await snapshot('2')).announcement!;
  expect(drafted).toMatchObject({ status: 'draft', source: 'drafted', by: '王主任' });
  expect(page.body).toContain('data-status="draft"');
  const text = '关于财务部报销不规范的问题。整改措施：一是修订报销办法；二是开展专项检查。整改进展：已完成整改。';
  page = await act(page.body, { act: 'edit', text });
  expect((await snapshot('2')).announcement).toMatchObject({ text, status: 'draft', source: 'edited', by: '王主任' });
  page = await act(page.body, { act: 'approve' });
  expect(page.status).toBe(200);
  expect((await snapshot('2')).announcement).toMatchObject({ text, status: 'approved', approvedBy: '王主任' });
  expect(page.body).toContain('data-status="approved"');
  const ann = await download(coordinator, '/office/downloads/announcement.docx');
  expect((await mammoth.extractRawText({ buffer: ann.body })).value).toContain('一是修订报销办法');

  const head = await signIn(PEOPLE.head2);
  const seen = await head.request(item);
  expect(seen.body).toContain('一是修订报销办法');
  expect(seen.body).not.toContain('value="announcement"');
  const refused = await head.request(`${item}/act`, { csrf: Visitor.csrf(seen.body), nonce: hidden(seen.body, 'nonce'), kind: 'announcement', act: 'edit', text: '越权修改' });
  expect(refused.status).toBe(403);
  expect((await snapshot('2')).announcement).toMatchObject({ text, status: 'approved' });
}, 60000);

test('a coordinator loads a holiday year from the console: a bad file is refused naming its lines and writes nothing; others get 403', async () => {
  const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', 'holidays', name), 'utf8');
  const stored = path.join(holidaysDir, 'holidays.json');
  const coordinator = await signIn(PEOPLE.coordinator);
  expect((await coordinator.request('/office')).body).toContain('href="/office/holidays"');
  const page = await coordinator.request('/office/holidays');
  expect(page.status).toBe(200);
  // A year with one bad day among good ones: refused whole, each problem at its line, what was typed kept.
  const bad = await coordinator.request('/office/holidays', { csrf: Visitor.csrf(page.body), text: fixture('bad.yaml') });
  expect(bad.status).toBe(422);
  // Said in the page's language (the CLI's `calendar update` says the same words).
  expect(bad.body).toContain('<p>节假日安排 第 3 行：2027：daysOff[0]：2027-02-14 至 2027-02-06 起止颠倒');
  expect(bad.body).toContain('<p>节假日安排 第 7 行：2027：workingDays[0]：2027-02-15 是工作日');
  expect(bad.body).not.toContain('runs backwards');
  expect(bad.body).toMatch(/- 2027-02-15\s*<\/textarea>/);
  const broken = await coordinator.request('/office/holidays', { csrf: Visitor.csrf(page.body), text: 'year: 2027\ndaysOff: [2027-01-01\n' });
  expect(broken.status).toBe(422);
  expect(broken.body).toMatch(/<p>节假日安排 第 \d+ 行第 \d+ 列：YAML 语法错误/);
  expect(existsSync(stored)).toBe(false);
  // Someone else: 403, nothing written.
  for (const email of [PEOPLE.head1, PEOPLE.contact2, PEOPLE.leader]) {
    const other = await signIn(email);
    expect((await other.request('/office')).body).not.toContain('/office/holidays');
    expect((await other.request('/office/holidays')).status).toBe(403);
    const tried = await other.request('/office/holidays', { csrf: Visitor.csrf((await other.request('/office')).body), text: fixture('2027.yaml') });
    expect({ email, status: tried.status }).toEqual({ email, status: 403 });
  }
  expect(existsSync(stored)).toBe(false);

  const done = await coordinator.request('/office/holidays', { csrf: Visitor.csrf(page.body), text: fixture('2027.yaml') });
  expect(done.status).toBe(200);
  expect(done.body).toContain('2027 年已载入：休息日 17 天，调休上班 2 天。');
  expect(done.body).toMatch(/已通知 \d+ 个正在运行的工作流重新安排待办时间点。/);
  expect(done.body).toContain('<tr data-year="2027">');
  const kept = await new FolderHolidayStore(holidaysDir).read();
  expect(kept.years.map((y) => [y.year, y.workingDays])).toEqual([[2027, { '2027-02-20': '春节', '2027-10-09': '国庆节' }]]);
}, 60000);

test('a campaign file whose directory names an unknown role is refused, saying where and which roles there are', async () => {
  const file = path.join(data, 'bad-role.yaml');
  const good = YAML.parse(readFileSync(path.join(data, `${CAMPAIGN}.yaml`), 'utf8')) as { people: { role: string }[] };
  good.people[2].role = '办公室';
  writeFileSync(file, YAML.stringify(good));
  await expect(loadDirectory(file)).rejects.toThrow('bad-role.yaml: people[3].role: not a role: "办公室" (contact 联络员, unitHead 单位负责人, leader 责任领导, secretary 书记, coordinator 专班办公室)');
});

/**
 * Issue 15's acceptance story in one flow, in chromium as the people would click it, on a campaign of its own
 * (its own server and sign-ins, at localhost so its cookies are its own): the coordinator signs in from the mailed
 * link, opens the close-out's evidence PDF and returns it with a reason; the contact submits again from their items
 * (the full form, a new PDF); the unit head's accept is refused with nothing recorded; the coordinator opens the new
 * file and accepts; the leader sees the item closed; the coordinator's signed-out session, copied, is refused; the
 * contact cannot open the other unit's evidence.
 */
describe('the acceptance story', () => {
  const STORY = 'signin-story';
  const S = Object.fromEntries(Object.entries(PEOPLE).map(([k, v]) => [k, `story.${v}`])) as Record<keyof typeof PEOPLE, string>;
  let story: FastifyInstance;
  let root: string;
  const storySnapshot = (key: string): Promise<ItemSnapshot> => client.workflow.getHandle(itemWorkflowId(STORY, key)).query(itemSnapshotQuery);

  beforeAll(async () => {
    const file = campaignFile(STORY, '验收故事整改', S);
    await startCampaign(client, await loadCampaign(file));
    await submitCloseouts(STORY);
    story = await buildWebServer({
      client, key: KEY, publicUrl: 'http://127.0.0.1', uploadsDir: uploads, maxUploadBytes: 1048576, lang: 'zh', documents,
      sessions: new FolderSessionStore(path.join(data, 'story-sessions'), { idleMs: 3600e3, maxMs: 12 * 3600e3 }),
      directory: await DirectoryFile.open(file),
      mailer: smtpSignInMailer(nodemailer.createTransport({ host: '127.0.0.1', port: live.sink.port, secure: false, ignoreTLS: true }), { from: 'rectify@example.org' }),
      limits: { signInRequestsPer15Minutes: 100, signInMailsPerAddressPerHour: 100 },
    });
    await story.listen({ host: '127.0.0.1', port: 0 });
    root = `http://localhost:${(story.server.address() as net.AddressInfo).port}`;
  }, 60000);
  afterAll(async () => { await story?.close(); });

  test('return with a reason, submit again from my items, refused for the unit head, accepted, closed for the leader; a copied signed-out session and another unit\'s evidence refused', async () => {
    const page = await browser.context.newPage();
    try {
      // 1. The coordinator asks for a link, signs in from the mail, opens (1) from the board and its PDF.
      await page.goto(`${root}/office/login`);
      const before = signInMails(S.coordinator);
      await page.fill('#email', S.coordinator);
      await page.click('button:has-text("发送登录链接")');
      await page.waitForSelector('h1:has-text("请查收邮件")');
      await page.goto(await mailedLink(S.coordinator, before, root));
      await page.click('button:has-text("以“王主任”的身份登录")');
      await page.waitForURL(`${root}/office`);
      await page.click('#status a:has-text("(1)")');
      const [pdf] = await Promise.all([page.waitForEvent('download'), page.click(`#files a:has-text("${FILES['1'].name}")`)]);
      expect(pdf.suggestedFilename()).toBe(FILES['1'].name);
      expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');
      await page.fill('#reason', '缺少党委会议纪要，请补充');
      await page.click('button[value="return"]');
      expect(await page.locator('#outcome').textContent()).toContain('已记录');
      expect((await storySnapshot('1')).status.state).toBe('returned');

      // 2. The contact, from the one link of their digest: the reason, the full form, the close-out again with a new PDF.
      const contact = await browser.context.newPage();
      try {
        await contact.goto(`${root}${mineLink('周洁', S.contact1, ['(1)', '(3)'], STORY)}`);
        expect(await contact.locator('#item-1').textContent()).toContain('销号申请已退回：缺少党委会议纪要，请补充');
        await contact.click('#item-1 a:has-text("上传佐证文件或申请销号")');
        await contact.click('summary:has-text("申请销号")');
        await contact.fill('#solved', '已补充党委会议纪要，问题已解决');
        await contact.fill('#cause', '已对相关人员批评教育');
        await contact.fill('#causeEvidence', '谈话记录');
        await contact.fill('#similar', '已全面排查同类问题');
        await contact.fill('#similarEvidence', '排查报告');
        await contact.fill('#mechanism', '已修订议事规则');
        await contact.fill('#mechanismEvidence', '议事规则（2026年修订）');
        await contact.setInputFiles('#files', { name: '党委会议纪要.pdf', mimeType: 'application/pdf', buffer: PDF('党委会议纪要') });
        await Promise.all([contact.waitForNavigation(), contact.click('button[value="closeout"]')]);
      } finally {
        await contact.close();
      }
      const resubmitted = await storySnapshot('1');
      expect({ state: resubmitted.status.state, by: resubmitted.closeout?.by }).toEqual({ state: 'submitted', by: '周洁' });

      // 3. The unit head tries to accept it: 403, nothing recorded.
      const head = await signIn(S.head1, root);
      const headPage = await head.request('/office/items/(1)');
      expect(headPage.body).not.toContain('name="decision"');
      const tried = await head.request('/office/items/(1)/review', { csrf: Visitor.csrf(headPage.body), decision: 'accept', reason: '' });
      expect(tried.status).toBe(403);
      const untouched = await storySnapshot('1');
      expect({ state: untouched.status.state, reviews: untouched.reviews.length, log: untouched.log.length })
        .toEqual({ state: 'submitted', reviews: resubmitted.reviews.length, log: resubmitted.log.length });

      // 4. The coordinator opens the new file and accepts.
      await page.goto(`${root}/office/items/(1)`);
      const [minutes] = await Promise.all([page.waitForEvent('download'), page.click('#files a:has-text("党委会议纪要.pdf")')]);
      expect(readFileSync((await minutes.path())!).toString()).toContain('党委会议纪要');
      await page.click('button[value="accept"]');
      expect(await page.locator('#outcome').textContent()).toContain('已记录');
      const closed = await storySnapshot('1');
      expect({ state: closed.status.state, review: closed.reviews.at(-1) }).toEqual({ state: 'closed', review: expect.objectContaining({ accepted: true, by: '王主任' }) });

      // 5. The leader sees it closed in their own view.
      const leader = await signIn(S.leader, root);
      await eventually('the leader\'s items showing (1) closed', async () => (await leader.request('/office/mine')).body.includes('<li data-item="(1)" data-state="closed">'));

      // 6. The coordinator signs out; the session copied from this browser is refused elsewhere.
      const copied = (await browser.context.cookies(root)).map((c) => `${c.name}=${c.value}`).join('; ');
      expect((await new Visitor(root).request('/office', undefined, copied)).status).toBe(200);
      await page.click('form[action="/office/logout"] button');
      await page.waitForURL(`${root}/office/login`);
      const after = await new Visitor(root).request('/office', undefined, copied);
      expect({ status: after.status, location: after.location }).toEqual({ status: 303, location: '/office/login' });

      // 7. The contact, signed in, cannot open the other unit's evidence.
      const own = await signIn(S.contact1, root);
      const other = await own.request(fileUrl('(2)', '2'));
      expect(other.status).toBe(403);
      expect(other.body).not.toContain('%PDF');
    } finally {
      await page.close();
    }
  }, 120000);
});

describe('one language at a time on the web (issue 16 point 4)', () => {
  /** Every text the campaign file gives (names, titles, units), longest first: what the office wrote, not the page. */
  const fileTexts = (file: string): string[] => {
    const out: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') out.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(YAML.parse(readFileSync(file, 'utf8')));
    return [...new Set(out)].sort((a, b) => b.length - a.length);
  };
  /** What a page says once the campaign file's own texts, and what people typed (a textarea kept on a refusal, the loaded years' sources), are taken out. */
  const said = (html: string, texts: string[]): string =>
    texts.reduce((t, x) => t.split(x).join(' '), visibleText(html.replace(/(<textarea[^>]*>)[^<]*(<\/textarea>)/g, '$1$2').replace(/<tr data-year=[^]*?<\/tr>/g, ' ')));
  const WORDS = ['calendar', 'update', 'serve', 'worker', 'report'];

  test('under zh the login page, board, an item page, my items, the form, the holiday page with a bad file\'s problems and the documents page say no English sentence', async () => {
    const texts = fileTexts(path.join(data, `${CAMPAIGN}.yaml`));
    const coordinator = await signIn(PEOPLE.coordinator);
    const holidays = await coordinator.request('/office/holidays');
    const pages: [string, string][] = [
      ['login', (await new Visitor(base).request('/office/login')).body],
      ['board', (await coordinator.request('/office')).body],
      ['item', (await coordinator.request(`/office/items/${encodeURIComponent('(1)')}`)).body],
      ['documents', (await coordinator.request('/office/documents')).body],
      ['holidays', (await coordinator.request('/office/holidays', { csrf: Visitor.csrf(holidays.body), text: readFileSync(path.join(__dirname, 'fixtures', 'holidays', 'bad.yaml'), 'utf8') })).body],
      ['my items', (await new Visitor(base).request(mineLink('周洁', PEOPLE.contact1, ['(1)', '(3)']))).body],
      ['form', (await new Visitor(base).request(`/f/${signLink(KEY, { campaign: CAMPAIGN, item: '(3)', name: '周洁', email: PEOPLE.contact1, expiresAt: Date.now() + 3600e3 })}`)).body],
    ];
    // (A scan of nothing cannot pass: each page is the page asked for.)
    expect(pages.find(([w]) => w === 'holidays')![1]).toContain('起止颠倒');
    for (const w of ['item', 'my items', 'form']) expect({ w, shown: pages.find(([x]) => x === w)![1].includes(w === 'item' ? '完善制度' : '健全台账') }).toEqual({ w, shown: true });
    const english = pages.flatMap(([where, html]) => {
      const found = englishSentences(said(html, texts), WORDS);
      return found.length ? [`${where}: ${[...new Set(found)].map((x) => JSON.stringify(x)).join(', ')}`] : [];
    });
    expect(english).toEqual([]);
  });

  test('under en (an English campaign, the office pages in English) the same pages say no Chinese of their own', async () => {
    const id = 'signin-en';
    const file = campaignFile(id, 'Sign-in test', Object.fromEntries(Object.entries(PEOPLE).map(([k, e]) => [k, e.replace('@', '.en@')])) as typeof PEOPLE, 'en');
    await startCampaign(client, await loadCampaign(file));
    const token = 'en-office-token-0123456789abcdef0123456789';
    const en = await buildWebServer({
      client, key: KEY, publicUrl: 'http://127.0.0.1', uploadsDir: uploads, maxUploadBytes: 1048576, lang: 'en', documents, officeToken: token,
      sessions: new FolderSessionStore(path.join(data, 'sessions-en'), { idleMs: 3600e3, maxMs: 12 * 3600e3 }),
    });
    try {
      await en.listen({ host: '127.0.0.1', port: 0 });
      const root = `http://127.0.0.1:${(en.server.address() as net.AddressInfo).port}`;
      const get = async (url: string, bearer = true): Promise<string> =>
        (await fetch(`${root}${url}`, { headers: bearer ? { authorization: `Bearer ${token}` } : {} })).text();
      const contact = PEOPLE.contact1.replace('@', '.en@');
      const pages: [string, string][] = [
        ['login', await get('/office/login', false)],
        ['board', await get(`/office?campaign=${id}`)],
        ['item', await get(`/office/items/${encodeURIComponent('(1)')}?campaign=${id}`)],
        ['documents', await get(`/office/documents?campaign=${id}`)],
        ['my items', await get(mineLink('周洁', contact, ['(1)', '(3)'], id), false)],
        ['form', await get(`/f/${signLink(KEY, { campaign: id, item: '(3)', name: '周洁', email: contact, expiresAt: Date.now() + 3600e3 })}`, false)],
      ];
      expect(pages.find(([w]) => w === 'board')![1]).toContain('data-item="(1)"');
      for (const w of ['item', 'my items', 'form']) expect({ w, shown: pages.find(([x]) => x === w)![1].includes(w === 'item' ? '完善制度' : '健全台账') }).toEqual({ w, shown: true });
      const texts = [...fileTexts(file), '本周无新进展'];
      const han = pages.flatMap(([where, html]) => {
        const found = said(html, texts).match(/[\p{Script=Han}][\p{Script=Han}\p{P}\d]*/gu) ?? [];
        return found.length ? [`${where}: ${[...new Set(found)].join(' ')}`] : [];
      });
      expect(han).toEqual([]);
    } finally {
      await en.close();
    }
  }, 60000);
});
