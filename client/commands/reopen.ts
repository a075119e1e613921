/** rectify reopen ITEM: the office reopens a closed (已销号) or long-term (持续整改) item; it is in progress (整改中) again, its cadence restarts. */
import type { Command } from 'commander';
import { z } from 'zod';
import { newRequestId, say } from '../common';
import { parseOptions } from '../options';
import { BY_HELP } from '../actor';
import { sendItemUpdate, updateTarget } from '../item-update';
import type { ReopenInput } from '../../workflows/messages';

const reopenOptions = z.object({ ...updateTarget, reason: z.string() });

export function register(program: Command): void {
  program.command('reopen')
    .description(say('重新打开已销号或持续整改的事项：恢复整改中，重新按周报送、督促，整改时限不变', 'reopen a closed or long-term item: in progress again, weekly reports and the ladder resume, on the same deadline'))
    .argument('<item>', say('事项编号', 'item id'))
    .requiredOption('--reason <text>', say('重新打开的原因（记入整改记录，通知联络员和责任领导）', 'why (on record, mailed to the contacts and the leader)'))
    .option('--by <name>', BY_HELP('重新打开人', 'who reopens'))
    .option('--campaign <id>', say('整改工作编号', 'campaign id'))
    .option('--json', say('以 JSON 输出结果', 'machine-readable answer'))
    .action(async (item: string, opts: object) => {
      const o = parseOptions(reopenOptions, { item, ...opts }, item);
      const payload: ReopenInput = { reason: o.reason, by: o.by, requestId: newRequestId() };
      await sendItemUpdate('reopen', payload, o);
    });
}
