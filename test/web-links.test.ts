/**
 * The "my items" link in digests, as the mail activity signs it and a real
 * SMTP listener receives it: one per mail (not per item), for whom, which
 * items it names, until when.
 */
import nodemailer from 'nodemailer';
import { DateTime } from 'luxon';
import { createActivities } from '../activities';
import { MemoryEventSink, MemorySentStore } from '../activities/stores';
import { startMailSink, type MailSink } from '../runtime/mail-sink';
import { verifyMine } from '../config/links';
import { tinyPlan } from './support/env';
import { rectify } from './support/cli';
import type { Notice } from '../domain/types';

const KEY = Buffer.from('k'.repeat(40));
let sink: MailSink;
beforeAll(async () => { sink = await startMailSink(); });
afterAll(async () => { await sink.close(); });

const { items: _items, ...settings } = tinyPlan();
const activities = (links?: { baseUrl: string; key: Buffer; graceHours: number }) => createActivities({
  transport: nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true }),
  from: 'rectify@example.org', sent: new MemorySentStore(), events: new MemoryEventSink(), links,
});
const urls = (text: string): string[] => [...text.matchAll(/(?:在线填报（我的全部事项）：|Report online \(all your items\): )(\S+)/g)].map((m) => m[1]);
const claimsOf = (url: string, at: number) => verifyMine(KEY, url.slice(url.lastIndexOf('/') + 1), at);
const notice = (item: string, kind: Notice['kind'], level: Notice['level']): Notice => ({
  at: 0, atLocal: '2023-07-17T09:00:00+08:00', item, title: `事项${item}`, kind, rung: kind, level, notice: kind === 'chase' ? '催办' : '督办单(红)', reason: '连续 1 周未报送进展',
  to: [{ name: '周洁', email: 'zhou.jie@example.org' }],
});

test('a reminder carries one link to all the recipient\'s items, until the due time plus the grace', async () => {
  const a = activities({ baseUrl: 'https://rectify.example.org/', key: KEY, graceHours: 72 });
  await a.sendDigest({
    campaign: settings, atLocal: '2023-07-13T12:00:00+08:00', recipient: { name: '周洁', email: 'Zhou.Jie@example.org' }, notices: [],
    reminder: { dueLocal: '2023-07-14T12:00:00+08:00', items: [{ id: '(1)', deadline: '2023-09-28', light: 'green' }, { id: '(2)', deadline: '2023-09-28', light: 'green' }] },
  });
  const mail = sink.messages.at(-1)!;
  const links = urls(mail.text);
  expect(links).toHaveLength(1);
  // Under the list, not under an item.
  const lines = mail.text.split('\n');
  expect(lines.findIndex((l) => l.includes(links[0]))).toBeGreaterThan(lines.findIndex((l) => l.startsWith('· (2)')));
  expect(links[0].startsWith('https://rectify.example.org/m/')).toBe(true);
  const due = DateTime.fromISO('2023-07-14T12:00:00+08:00').toMillis();
  expect(claimsOf(links[0], due)).toEqual({ ok: true, claims: { campaign: 'tiny', items: ['(1)', '(2)'], name: '周洁', email: 'zhou.jie@example.org', expiresAt: due + 72 * 3600e3 } });
  expect(claimsOf(links[0], due + 72 * 3600e3)).toEqual({ ok: false, why: 'expired' });
});

test('a chase and an escalation carry the one link until the next due time (a leader\'s to their view); unconfigured workers carry none', async () => {
  const a = activities({ baseUrl: 'http://127.0.0.1:8080', key: KEY, graceHours: 0 });
  // Monday 2023-07-17: the next due time is Friday 2023-07-21 12:00.
  await a.sendDigest({
    campaign: settings, atLocal: '2023-07-17T09:00:00+08:00', recipient: { name: '周洁', email: 'zhou.jie@example.org' },
    notices: [notice('(1)', 'chase', 'chase'), notice('(2)', 'escalation', 'working-group')],
  });
  const mail = sink.messages.at(-1)!;
  const links = urls(mail.text);
  expect(links).toHaveLength(1);
  const c = claimsOf(links[0], 0);
  expect(c.ok && c.claims.items).toEqual(['(1)', '(2)']);
  expect(c.ok && c.claims.expiresAt).toBe(DateTime.fromISO('2023-07-21T12:00:00+08:00').toMillis());

  await activities().sendDigest({
    campaign: settings, atLocal: '2023-07-18T09:00:00+08:00', recipient: { name: '周洁', email: 'zhou.jie@example.org' }, notices: [notice('(1)', 'chase', 'chase')],
  });
  expect(urls(sink.messages.at(-1)!.text)).toEqual([]);
});

test('rectify serve refuses to start without the link key, or with a short one', async () => {
  const none = await rectify(['serve', '--port', '0'], { RECTIFY_LINK_KEY: undefined, RECTIFY_LINK_KEY_FILE: undefined });
  expect(none.code).toBe(2);
  // (In the run's language, Chinese by default.)
  expect(none.stderr).toContain('环境变量 RECTIFY_LINK_KEY：需要链接签名密钥');
  const short = await rectify(['serve', '--port', '0'], { RECTIFY_LINK_KEY: 'too-short' });
  expect(short.code).toBe(2);
  expect(short.stderr).toContain('RECTIFY_LINK_KEY：至少需要 32 个字符');
  expect(short.stderr).not.toContain('too-short');
});
