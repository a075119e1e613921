/**
 * Mails as an office receives them (issue 16, items 6-8): every mail whole in
 * the local sink, the headers and names a mail client shows, item mails in
 * working hours, `rectify mail` in the campaign's zone. Real SMTP listeners
 * (runtime/mail-sink.ts) and real files; no Temporal server where the
 * behaviour happens before Temporal is reached.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { simpleParser } from 'mailparser';
import type { AddressObject } from 'mailparser';
import { DateTime } from 'luxon';
import { startMailSink, type ReceivedMail } from '../runtime/mail-sink';
import { createActivities, type ActivityDeps } from '../activities';
import { fromAddress, mailHeaders } from '../activities/mail';
import { MemoryEventSink, MemorySentStore } from '../activities/stores';
import { listedStatus } from '../domain/item-record';
import type { RegistryRow } from '../domain/contract';
import type { Cadence, CampaignPlan, EngineEvent } from '../domain/types';
import { cadence } from '../domain/schema';
import { startCampaign } from '../runtime/start-campaign';
import { dispatchUpdate, itemWorkflowId, reportUpdate, reviewCloseoutUpdate, submitCloseoutUpdate } from '../workflows/messages';
import { tinyPlan, useTimeSkippingWorker } from './support/env';
import { rectify } from './support/cli';

const tempDir = (): Promise<string> => fs.mkdtemp(path.join(os.tmpdir(), 'rectify-mail-office-'));

describe('the local mail sink', () => {
  test('fifty mails at once over SMTP: fifty files, each one whole mail', async () => {
    const dir = await tempDir();
    const sink = await startMailSink({ dir });
    try {
      const send = (n: number) => nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true }).sendMail({
        from: 'rectify@example.org', to: `contact${n}@example.org`, subject: `提醒 ${n}`, text: `第 ${n} 封\n${'正文。'.repeat(400 + n)}`,
      });
      await Promise.all(Array.from({ length: 50 }, (_, n) => send(n)));
      const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.eml'));
      expect(files).toHaveLength(50);
      const mails = await Promise.all(files.map(async (f) => simpleParser(await fs.readFile(path.join(dir, f)))));
      const seen = mails.map((m) => {
        const n = Number(/^提醒 (\d+)$/.exec(m.subject ?? '')?.[1]);
        // Whole: its own subject, addressee and body, nothing of another mail spliced in.
        expect(m.to && !Array.isArray(m.to) ? m.to.value[0].address : '').toBe(`contact${n}@example.org`);
        expect(m.text?.trim()).toBe(`第 ${n} 封\n${'正文。'.repeat(400 + n)}`);
        return n;
      });
      expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, n) => n));
      // Nothing half-written is left beside them.
      expect((await fs.readdir(dir)).filter((f) => !f.endsWith('.eml'))).toEqual([]);
    } finally {
      await sink.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

// ── Headers and names, through the activities over real SMTP (no Temporal server: no activity context) ──
describe('mails as an office reads them', () => {
  const zhou = { name: '周洁', email: 'zhou.jie@example.org' };
  const plan = tinyPlan({
    id: 'office-names', name: '巡察整改', workingGroup: ['office@example.org'], committeeAddresses: ['secretary@example.org'],
    addressNames: { 'office@example.org': '专班办公室', 'secretary@example.org': '王书记' }, coordinators: [{ name: '李主任', email: 'li.coord@example.org' }],
  } as Partial<CampaignPlan>, 3);
  plan.items[0] = { ...plan.items[0], contacts: [zhou] };
  const { items, ...settings } = plan;
  const rows = items.map((i) => ({ ...listedStatus(i), section: i.section, title: i.title, leadUnit: i.leadUnit, leader: i.leader.name, contacts: i.contacts }) as RegistryRow);
  const moment = (kind: 'dispatch' | 'inspection', local: string) => ({ at: DateTime.fromISO(local).toMillis(), local, kind, key: `${kind}:${local}` });
  let dir: string;
  let raw: Map<string, string>;
  let received: ReceivedMail[];

  beforeAll(async () => {
    dir = await tempDir();
    const sink = await startMailSink({ dir });
    try {
      const acts = createActivities({
        transport: nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true }),
        from: 'rectify@example.org', sent: new MemorySentStore(), events: new MemoryEventSink(),
      } as ActivityDeps);
      await acts.sendItemMail({
        campaign: settings, kind: 'receipt', key: 'receipt:1:r1', item: { id: '(1)', title: '事项1' }, to: [zhou],
        atMs: DateTime.fromISO('2023-07-14T10:00:00+08:00').toMillis(),
        lines: ['本次报送已记录。', '佐证材料：整改方案.pdf [upload:1/5a83c0ffee0123456789abcdef012345.pdf]；会议纪要（2023）3号'],
      });
      await acts.sendMailAlert({ campaign: settings, phase: 'recovered', since: Date.parse('2023-07-14T01:00:00Z'), until: Date.parse('2023-07-14T02:00:00Z'), error: '421', count: 1 });
      // The first sheet after the plan reached a year without official data names it (the campaign does so once).
      await acts.sendDocument({ campaign: settings, kind: 'dispatch-sheet', moment: moment('dispatch', '2023-07-10T09:00:00+08:00'), rows, uncoveredYears: [2024] });
      await acts.sendDocument({ campaign: settings, kind: 'dispatch-sheet', moment: moment('dispatch', '2023-07-20T09:00:00+08:00'), rows });
      await acts.sendDocument({ campaign: settings, kind: 'inspection', moment: moment('inspection', '2023-07-31T17:00:00+08:00'), rows });
      received = [...sink.messages];
    } finally {
      await sink.close();
    }
    raw = new Map(await Promise.all((await fs.readdir(dir)).map(async (f) => [f, await fs.readFile(path.join(dir, f), 'utf8')] as [string, string])));
  });
  afterAll(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  const parsedTo = async (subject: RegExp) => {
    const all = await Promise.all([...raw.values()].map((r) => simpleParser(r)));
    return all.filter((m) => subject.test(m.subject ?? ''));
  };
  const one = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a[0] : a)?.value ?? [];

  test('From and To carry display names: the campaign (or RECTIFY_MAIL_FROM_NAME) and the directory\'s names, encoded', async () => {
    const [receipt] = await parsedTo(/报送回执/);
    expect(one(receipt.from)).toEqual([{ name: '巡察整改', address: 'rectify@example.org' }]);
    expect(one(receipt.to)).toEqual([{ name: '周洁', address: 'zhou.jie@example.org' }]);
    // On the wire the name is RFC 2047 encoded, not raw UTF-8 in the header.
    const head = [...raw.values()].find((r) => r.includes('zhou.jie@example.org'))!.split(/\r?\n\r?\n/)[0];
    expect(head).toMatch(/^To: =\?UTF-8\?[BQ]\?.+\?= <zhou\.jie@example\.org>$/m);
    const [alert] = await parsedTo(/邮件发送恢复/);
    expect(one(alert.to)).toEqual([{ name: '专班办公室', address: 'office@example.org' }]);
    const [bulletin] = await parsedTo(/月督查/);
    expect(one(bulletin.to).map((a) => a.name)).toEqual(['专班办公室', '王书记']);
    expect(fromAddress({ from: 'rectify@example.org', fromName: '市委巡察整改办' }, settings)).toEqual({ name: '市委巡察整改办', address: 'rectify@example.org' });
  });

  test('every mail says it is automatic (RFC 3834 Auto-Submitted, X-Auto-Response-Suppress), so out-of-office replies do not loop', () => {
    for (const m of received) {
      expect(m.headers['auto-submitted']).toBe('auto-generated');
      expect(m.headers['x-auto-response-suppress']).toBe('All');
    }
    expect(received.length).toBe(6);
  });

  test('a dispatch sheet\'s attachments are dated: each sheet has file names of its own', () => {
    const sheets = received.filter((m) => m.subject.startsWith('【旬调度单】'));
    expect(sheets.map((m) => m.attachments.map((a) => a.filename).sort())).toEqual([
      ['巡察整改旬调度单-2023-07-10.docx', '巡察整改旬调度单-2023-07-10.html'],
      ['巡察整改旬调度单-2023-07-20.docx', '巡察整改旬调度单-2023-07-20.html'],
    ]);
  });

  test('the bulletin\'s unit lines label every figure', () => {
    const body = received.find((m) => m.subject.startsWith('【月督查'))!.text;
    const units = body.split('\n').filter((l) => l.startsWith('· 综合部') || l.startsWith('· 党群工作部'));
    expect(units).toHaveLength(2);
    for (const l of units) expect(l).toMatch(/^· \S+ {2}事项数 \d+ {2}已完成 \d+ {2}基本完成、持续推进 \d+ {2}未完成 \d+ {2}完成率 \S+%$/);
  });

  test('the working group\'s dispatch sheet carries no operator note; the coordinators get it on its own', () => {
    const sheets = received.filter((m) => m.subject.startsWith('【旬调度单】'));
    expect(sheets).toHaveLength(2);
    for (const m of sheets) expect(m.text).not.toMatch(/rectify calendar|节假日安排尚未载入/);
    const notes = received.filter((m) => m.text.includes('节假日安排尚未载入'));
    expect(notes.map((m) => [m.to, m.subject])).toEqual([[['li.coord@example.org'], '【专班办公室提示】巡察整改：2024年节假日安排尚未载入']]);
    expect(notes[0].text).toContain('rectify calendar update --from');
  });

  test('a receipt names the uploaded file, not its storage key', () => {
    const receipt = received.find((m) => m.subject.startsWith('【报送回执】'))!;
    expect(receipt.text).toContain('整改方案.pdf');
    expect(receipt.text).not.toMatch(/upload:|5a83c0ffee/);
    expect(receipt.text).toContain('会议纪要（2023）3号');
  });
});

// ── Working hours for every mail: one time-skipping server for the describe ──
describe('decision, review and receipt mails in working hours', () => {
  const ZONE = 'Asia/Shanghai';
  const zhou = { name: '周洁', email: 'zhou.jie@example.org' };
  const servers = useTimeSkippingWorker();
  const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();
  const closeout = {
    closeout: {
      solved: { statement: '已整改', evidence: ['方案.pdf'] }, accountability: { statement: '无需追责', evidence: [], noneNeeded: true },
      similarCases: { statement: '已排查', evidence: ['排查表.pdf'] }, mechanism: { statement: '已建制度', evidence: ['制度.pdf'] }, by: '周洁',
    },
  };
  const itemMails = (events: EngineEvent[], campaign: string) =>
    events.filter((e) => ['dispatch-decision', 'review', 'receipt'].includes(e.kind) && e.item !== undefined && e.messageId?.includes(`@${campaign}.rectify`))
      .map((e) => [e.kind, e.to.join(','), e.at.slice(0, 16)]).sort();

  test('decided on a Friday at 21:36, they go out Monday 08:30; a campaign with receiptsAtOnce mails its receipts at once', async () => {
    const { env, mw } = servers;
    const base = tinyPlan({ id: 'office-hours' }, 3);
    base.items[1] = { ...base.items[1], contacts: [zhou] };
    const atOnce = tinyPlan({ id: 'receipts-now', cadence: { ...cadence.parse({}), receiptsAtOnce: true } as Cadence }, 1);
    atOnce.items[0] = { ...atOnce.items[0], contacts: [zhou] };
    await mw.worker.runUntil(async () => {
      const offset = local('2023-07-10T00:00') - (await env.currentTimeMs());
      const sleepUntil = async (iso: string): Promise<void> => {
        const d = local(iso) - offset - (await env.currentTimeMs());
        if (d > 0) await env.sleep(d);
      };
      await startCampaign(env.client, base, { clockOffsetMs: offset });
      await startCampaign(env.client, atOnce, { clockOffsetMs: offset });
      const item = (campaign: string, n: number) => env.client.workflow.getHandle(itemWorkflowId(campaign, String(n)));
      await sleepUntil('2023-07-14T21:36');
      await item('office-hours', 3).executeUpdate(dispatchUpdate, { args: [{ instruction: '加快进度', by: '专班' }] });
      await item('office-hours', 1).executeUpdate(submitCloseoutUpdate, { args: [closeout] });
      await item('office-hours', 1).executeUpdate(reviewCloseoutUpdate, { args: [{ accept: false, reason: '佐证不足', by: '专班' }] });
      const report = { progress: '已印发制度', percent: 50, by: '周洁', requestId: 'r-1', receipt: zhou };
      await item('office-hours', 2).executeUpdate(reportUpdate, { args: [report] });
      await item('receipts-now', 1).executeUpdate(reportUpdate, { args: [{ ...report, requestId: 'r-2' }] });
      // Saturday noon: nothing of office-hours' has gone out; receipts-now's receipt went out at once.
      await sleepUntil('2023-07-15T12:00');
      expect(itemMails(mw.events.events, 'office-hours')).toEqual([]);
      expect(itemMails(mw.events.events, 'receipts-now')).toEqual([['receipt', 'zhou.jie@example.org', '2023-07-14T21:36']]);
      await sleepUntil('2023-07-17T09:00');
    });
    expect(itemMails(mw.events.events, 'office-hours')).toEqual([
      ['dispatch-decision', 'contact3@example.org', '2023-07-17T08:30'],
      ['receipt', 'zhou.jie@example.org', '2023-07-17T08:30'],
      ['review', 'contact1@example.org', '2023-07-17T08:30'],
    ]);
    const waited = mw.events.events.find((e) => e.kind === 'review' && e.messageId?.includes('@office-hours.'));
    expect(waited?.placedBy).toBe('mail decided Fri 2023-07-14 21:36 is outside working hours → next working morning');
    // And they reached the people, once each.
    const subjects = mw.sink.messages.filter((m) => m.headers['x-rectify-campaign'] === 'office-hours' && /^【(调度决定|销号审核|报送回执)】/.test(m.subject));
    expect(subjects.map((m) => m.to.join()).sort()).toEqual(['contact1@example.org', 'contact3@example.org', 'zhou.jie@example.org']);
  });
});

describe('rectify mail', () => {
  test('lists and shows times in the campaign\'s zone, saying which; a mail without one in UTC, said so', async () => {
    const data = await tempDir();
    const sink = await startMailSink({ dir: path.join(data, 'mail') });
    try {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
      // Sent Monday 08:30 in Shanghai, which is 00:30 UTC.
      await transport.sendMail({
        from: 'rectify@example.org', to: '"周洁" <zhou.jie@example.org>', subject: '【调度决定】示例', text: '正文', date: new Date('2023-07-17T00:30:00Z'),
        headers: mailHeaders({ id: 'tz', timeZone: 'Asia/Shanghai' }, 'decision:1:1'),
      });
      const env = { RECTIFY_DATA: data, RECTIFY_LANG: 'zh' };
      const list = await rectify(['mail'], env);
      expect(list.code).toBe(0);
      expect(list.stdout).toContain('时间按时区 Asia/Shanghai 显示');
      expect(list.stdout).toMatch(/^\s+1 {2}2023-07-17 08:30 \+08:00 {2}.*【调度决定】示例$/m);
      const one = await rectify(['mail', '1'], { ...env, RECTIFY_LANG: 'en' });
      expect(one.stdout).toContain('Date: 2023-07-17 08:30 +08:00 (Asia/Shanghai)');
      await transport.sendMail({ from: 'other@example.org', to: 'zhou.jie@example.org', subject: 'not ours', text: 'x', date: new Date('2023-07-17T01:00:00Z') });
      const both = await rectify(['mail'], { ...env, RECTIFY_LANG: 'en' });
      expect(both.stdout).toContain('times in each campaign\'s zone Asia/Shanghai, UTC');
      expect(both.stdout).toMatch(/^\s+2 {2}2023-07-17 01:00 \+00:00 {2}.*not ours$/m);
      const bad = await rectify(['mail', '--zone', 'Mars/Olympus'], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('未知时区');
    } finally {
      await sink.close();
      await fs.rm(data, { recursive: true, force: true });
    }
  });
});

describe('a weekly reminder counts down to each deadline', () => {
  test('剩余/逾期 N 个工作日 beside each deadline, on the official calendar, on the reminder\'s own day (国庆 not counted)', async () => {
    const sink = await startMailSink({});
    try {
      const acts = createActivities({
        transport: nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true }),
        from: 'rectify@example.org', sent: new MemorySentStore(), events: new MemoryEventSink(), dataDir: await tempDir(),
      } as ActivityDeps);
      const { items: _items, ...settings } = tinyPlan({ start: '2026-09-01' });
      await acts.sendDigest({
        campaign: settings, atLocal: '2026-09-30T09:00:00+08:00', recipient: { name: '周洁', email: 'zhou.jie@example.org' }, notices: [],
        reminder: { dueLocal: '2026-10-09T12:00:00+08:00', items: [
          { id: '(1)', title: '事项1', deadline: '2026-10-09', light: 'green' },
          { id: '(2)', title: '事项2', deadline: '2026-09-28', light: 'red' },
        ] },
      });
      const [mail] = sink.messages;
      expect(mail.text).toContain('整改时限 2026-10-09（剩余 3 个工作日）');
      expect(mail.text).toContain('整改时限 2026-09-28（逾期 2 个工作日）');
    } finally {
      await sink.close();
    }
  });
});
