/** rectify dispatch ITEM: records a dekad dispatch decision (旬调度); a new deadline (延期) needs who approved it. */
import type { Command } from 'commander';
import { z } from 'zod';
import { newRequestId, say } from '../common';
import { parseOptions } from '../options';
import { BY_HELP } from '../actor';
import { sendItemUpdate, updateTarget } from '../item-update';
import type { DispatchInput } from '../../workflows/messages';

/** People as name=email, each one a recipient. */
const people = (option: string) => z.array(z.string().transform((c, ctx) => {
  const m = /^(.+?)=(.+)$/.exec(c);
  if (m) return { name: m[1], email: m[2] };
  ctx.addIssue({ code: 'custom', input: c, message: `${option}: ${say('请写成 姓名=邮箱', 'give name=email')}, not "${c}"` });
  return z.NEVER;
})).optional();

const dispatchOptions = z.object({
  ...updateTarget,
  instruction: z.string(),
  newDeadline: z.string().optional(),
  approvedBy: z.string().optional(),
  reassignUnit: z.string().optional(),
  reassignContact: people('--reassign-contact'),
  reassignHead: people('--reassign-head'),
}).superRefine((o, ctx) => {
  if (o.newDeadline && !o.approvedBy) ctx.addIssue({ code: 'custom', message: say('延期须注明批准人（--approved-by）', 'a new deadline needs --approved-by') });
});

export function register(program: Command): void {
  program.command('dispatch')
    .description(say('记录旬调度决定（指示、延期及批准人、调整责任单位）', 'record a dispatch decision (instruction, new deadline with approver, reassignment)'))
    .argument('<item>', say('事项编号', 'item id'))
    .requiredOption('--instruction <text>', say('调度会议作出的决定', 'the decision as the meeting took it'))
    .option('--new-deadline <date>', say('新的整改时限（延期），YYYY-MM-DD', 'new deadline (延期), YYYY-MM-DD'))
    .option('--approved-by <name>', say('延期的批准人', 'who approved the new deadline'))
    .option('--reassign-unit <unit>', say('新的牵头单位', 'new lead unit'))
    .option('--reassign-contact <name=email...>', say('新的联络员，写成 姓名=邮箱', 'new contact(s) as name=email'))
    .option('--reassign-head <name=email...>', say('新单位的负责人（抄送催办），写成 姓名=邮箱', "the new unit's head(s), copied on chases, as name=email"))
    .option('--by <name>', BY_HELP('记录人', 'who records'))
    .option('--campaign <id>', say('整改工作编号', 'campaign id'))
    .option('--json', say('以 JSON 输出结果', 'machine-readable answer'))
    .action(async (item: string, opts: object) => {
      const o = parseOptions(dispatchOptions, { item, ...opts }, item);
      const contacts = o.reassignContact;
      const unitHeads = o.reassignHead;
      const payload: DispatchInput = {
        instruction: o.instruction, newDeadline: o.newDeadline, approvedBy: o.approvedBy, by: o.by, requestId: newRequestId(),
        reassignTo: o.reassignUnit || contacts || unitHeads ? { leadUnit: o.reassignUnit, contacts, unitHeads } : undefined,
      };
      await sendItemUpdate('dispatch', payload, o);
    });
}
