/** rectify mail [N]: lists the local mail sink's messages, or shows one, with times in the campaign's zone. */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { dataDir } from '../../config/paths';
import { z } from 'zod';
import { say, UserError } from '../common';
import { parseOptions } from '../options';

/** n is looked up as given: a number that names no message is refused with how many there are. */
const mailOptions = z.object({
  n: z.string().optional(),
  to: z.string().optional(),
  zone: z.string().refine((zone) => DateTime.now().setZone(zone).isValid,
    say('--zone：未知时区（应为 IANA 名称，如 Asia/Shanghai）', '--zone: unknown time zone (an IANA name, e.g. Asia/Shanghai)')).optional(),
});

/**
 * The zone a mail's times are shown in: --zone, else its campaign's (every mail rectify sends names it in
 * X-Rectify-Time-Zone), else UTC, as mails of other senders and of versions before it carry none.
 */
const zoneOf = (m: ParsedMail, given: string | undefined): string => {
  const header = m.headers.get('x-rectify-time-zone');
  const zone = given ?? (typeof header === 'string' ? header.trim() : undefined);
  return zone && DateTime.now().setZone(zone).isValid ? zone : 'UTC';
};

/** 2023-07-14 08:30 +08:00: the offset printed, so a time is never read in the wrong zone. */
const localTime = (d: Date | undefined, zone: string): string => (d ? DateTime.fromJSDate(d).setZone(zone).toFormat('yyyy-MM-dd HH:mm ZZ') : '—');

export function register(program: Command): void {
  program.command('mail')
    .description(say('查看本机邮件收件箱（嵌入式默认环境）', 'read the local mail sink (embedded default)'))
    .argument('[n]', say('显示第 n 封邮件', 'show message number n'))
    .option('--to <address>', say('只列发往此地址的邮件', 'only messages to this address'))
    .option('--zone <zone>', say('以此时区显示时间（默认：各邮件所属活动的时区）', 'show times in this zone (default: each mail\'s campaign\'s)'))
    .action(async (number: string | undefined, opts: object) => {
      const { n, ...o } = parseOptions(mailOptions, { n: number, ...opts });
      const dir = path.join(dataDir(), 'mail');
      let files: string[] = [];
      try { files = (await fs.readdir(dir)).filter((f) => f.endsWith('.eml')).sort(); } catch { /* none yet */ }
      const parsed = await Promise.all(files.map(async (f) => ({ f, m: await simpleParser(await fs.readFile(path.join(dir, f))) })));
      const addr = (v: unknown): string => ((Array.isArray(v) ? v : v ? [v] : []) as { text: string }[]).map((a) => a.text).join(', ');
      const list = parsed.filter(({ m }) => !o.to || addr(m.to).includes(o.to));
      if (n !== undefined) {
        const entry = list[Number(n) - 1];
        if (!entry) throw new UserError(say(`没有第 ${n} 封邮件（共 ${list.length} 封）`, `no message ${n} (there are ${list.length})`));
        const { m } = entry;
        const zone = zoneOf(m, o.zone);
        console.log(`From: ${addr(m.from)}\nTo: ${addr(m.to)}\nDate: ${localTime(m.date, zone)} (${zone})\nSubject: ${m.subject}\nMessage-ID: ${m.messageId}\n\n${m.text}`);
        return;
      }
      if (!list.length) { console.log(say(`收件箱为空（${dir}）`, `the mail sink is empty (${dir})`)); return; }
      const zones = [...new Set(list.map(({ m }) => zoneOf(m, o.zone)))];
      console.log(say(`时间按${zones.length > 1 ? '各邮件所属活动的时区' : '时区'} ${zones.join('、')} 显示`, `times in ${zones.length > 1 ? 'each campaign\'s zone' : 'the zone'} ${zones.join(', ')}`));
      list.forEach(({ m }, i) => console.log(`${String(i + 1).padStart(4)}  ${localTime(m.date, zoneOf(m, o.zone))}  ${addr(m.to).padEnd(30)}  ${m.subject}`));
    });
}
