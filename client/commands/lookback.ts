/** rectify lookback ITEM: the unit answers a look-back (回头看): the fix holds, or the problem came back (which reopens the item). */
import type { Command } from 'commander';
import { z } from 'zod';
import { newRequestId, say } from '../common';
import { parseOptions } from '../options';
import { BY_HELP } from '../actor';
import { sendItemUpdate, updateTarget } from '../item-update';
import type { LookBackInput } from '../../workflows/messages';

const lookBackOptions = z.object({ ...updateTarget, holds: z.boolean().optional(), recurred: z.boolean().optional(), note: z.string().optional() })
  .superRefine((o, ctx) => {
    if (o.holds === o.recurred) ctx.addIssue({ code: 'custom', message: say('请给出 --holds（成效巩固）或 --recurred（问题反弹）之一', 'give one of --holds (the fix holds) or --recurred (the problem came back)') });
    if (o.recurred && !o.note) ctx.addIssue({ code: 'custom', message: say('问题反弹须说明情况（--note）', 'a problem that came back needs --note saying what happened') });
  });

export function register(program: Command): void {
  program.command('lookback')
    .description(say('答复回头看：整改成效巩固（--holds），或问题反弹（--recurred，事项重新打开）', 'answer a look-back (回头看): the fix holds (--holds), or the problem came back (--recurred: the item is reopened)'))
    .argument('<item>', say('事项编号', 'item id'))
    .option('--holds', say('整改成效巩固，问题未反弹', 'the fix holds'))
    .option('--recurred', say('问题反弹（事项重新打开，恢复整改中）', 'the problem came back (the item is reopened, in progress again)'))
    .option('--note <text>', say('情况说明（问题反弹时必填）', 'what was found (required with --recurred)'))
    .option('--by <name>', BY_HELP('回答人', 'who answers'))
    .option('--campaign <id>', say('整改工作编号', 'campaign id'))
    .option('--json', say('以 JSON 输出结果', 'machine-readable answer'))
    .action(async (item: string, opts: object) => {
      const o = parseOptions(lookBackOptions, { item, ...opts }, item);
      const payload: LookBackInput = { holds: o.holds === true, by: o.by, requestId: newRequestId(), ...(o.note ? { note: o.note } : {}) };
      await sendItemUpdate('lookBack', payload, o);
    });
}
