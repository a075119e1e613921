/** rectify mail [N]: lists the local mail sink's messages, or shows one. */
import type { Command } from 'commander';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { dataDir } from '../../config/paths';
import { z } from 'zod';
import { say, UserError } from '../common';
import { parseOptions } from '../options';

/** n is looked up as given: a number that names no message is refused with how many there are. */
const mailOptions = z.object({ n: z.string().optional(), to: z.string().optional() });

export function register(program: Command): void {
  program.command('mail')
    .description(say('查看本机邮件收件箱（嵌入式默认环境）', 'read the local mail sink (embedded default)'))
    .argument('[n]', 'show message number n')
    .option('--to <address>', 'only messages to this address')
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
        console.log(`From: ${addr(m.from)}\nTo: ${addr(m.to)}\nDate: ${m.date?.toISOString()}\nSubject: ${m.subject}\nMessage-ID: ${m.messageId}\n\n${m.text}`);
        return;
      }
      if (!list.length) { console.log(say(`收件箱为空（${dir}）`, `the mail sink is empty (${dir})`)); return; }
      list.forEach(({ m }, i) => console.log(`${String(i + 1).padStart(4)}  ${m.date?.toISOString().slice(0, 16)}  ${addr(m.to).padEnd(30)}  ${m.subject}`));
    });
}
