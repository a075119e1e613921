/** rectify notice reply ITEM: records the unit's reply to a 督办单 (measures and a date); the reply closes the notice and stops its climb. */
import type { Command } from 'commander';
import { z } from 'zod';
import { newRequestId, say } from '../common';
import { day, parseOptions } from '../options';
import { sendItemUpdate, updateTarget } from '../item-update';
import type { NoticeReplyInput } from '../../workflows/messages';
import { BY_HELP } from '../actor';

const replyOptions = z.object({
  ...updateTarget,
  notice: z.string(),
  measures: z.string(),
  date: day('--date'),
});

export function register(program: Command): void {
  const notice = program.command('notice').description(say('督办单：记录责任单位的回复', 'supervision notices (督办单): record the unit\'s reply'));
  notice.command('reply')
    .description(say('记录对督办单的回复（整改措施、完成时限）；回复后督办单办结，不再升级', 'record the reply to a notice (measures, a date): it closes the notice and stops the climb'))
    .argument('<item>', say('事项编号', 'item id'))
    .requiredOption('--notice <number>', say('督办单编号（如 督办〔2026〕第3号），或其序号（3）', 'the notice\'s number as printed (督办〔2026〕第3号), or its count (3)'))
    .requiredOption('--measures <text>', say('责任单位将采取的整改措施', 'what the unit will do (整改措施)'))
    .requiredOption('--date <date>', say('承诺完成日期，YYYY-MM-DD', 'the date it will be done by, YYYY-MM-DD'))
    .option('--by <name>', BY_HELP('回复人', 'who replies'))
    .option('--campaign <id>', say('整改工作编号', 'campaign id'))
    .option('--json', say('以 JSON 输出结果', 'machine-readable answer'))
    .action(async (item: string, opts: object) => {
      const o = parseOptions(replyOptions, { item, ...opts }, item);
      const payload: NoticeReplyInput = { notice: o.notice, measures: o.measures, date: o.date, by: o.by, requestId: newRequestId() };
      await sendItemUpdate('noticeReply', payload, o);
    });
}
