/** rectify dispatch ITEM: records a dekad dispatch decision (旬调度); a new deadline (延期) needs who approved it. */
import type { Command } from 'commander';
import { newRequestId, say, UserError } from '../common';
import { sendItemUpdate } from '../item-update';
import type { DispatchInput } from '../../workflows/messages';

export function register(program: Command): void {
  program.command('dispatch')
    .description(say('记录旬调度决定（指示、延期及批准人、调整责任单位）', 'record a dispatch decision (instruction, new deadline with approver, reassignment)'))
    .argument('<item>', 'item id')
    .requiredOption('--instruction <text>', 'the decision as the meeting took it')
    .option('--new-deadline <date>', 'new deadline (延期), YYYY-MM-DD')
    .option('--approved-by <name>', 'who approved the new deadline')
    .option('--reassign-unit <unit>', 'new lead unit')
    .option('--reassign-contact <name=email...>', 'new contact(s) as name=email')
    .option('--reassign-head <name=email...>', "the new unit's head(s), copied on chases, as name=email")
    .option('--by <name>', 'who records', process.env.USER ?? 'coordinator')
    .option('--campaign <id>', 'campaign id')
    .option('--json', 'machine-readable answer')
    .action(async (item: string, o: { instruction: string; newDeadline?: string; approvedBy?: string; reassignUnit?: string; reassignContact?: string[]; reassignHead?: string[]; by: string; campaign?: string; json?: boolean }) => {
      if (o.newDeadline && !o.approvedBy) throw new UserError(say(`${item}: 延期须注明批准人（--approved-by）`, `${item}: a new deadline needs --approved-by`));
      const people = (list: string[] | undefined, option: string) => list?.map((c) => {
        const m = /^(.+?)=(.+)$/.exec(c);
        if (!m) throw new UserError(`${item}: ${option}: ${say('请写成 姓名=邮箱', 'give name=email')}, not "${c}"`);
        return { name: m[1], email: m[2] };
      });
      const contacts = people(o.reassignContact, '--reassign-contact');
      const unitHeads = people(o.reassignHead, '--reassign-head');
      const payload: DispatchInput = {
        instruction: o.instruction, newDeadline: o.newDeadline, approvedBy: o.approvedBy, by: o.by, requestId: newRequestId(),
        reassignTo: o.reassignUnit || contacts || unitHeads ? { leadUnit: o.reassignUnit, contacts, unitHeads } : undefined,
      };
      await sendItemUpdate('dispatch', payload, { item, campaign: o.campaign, json: o.json });
    });
}
