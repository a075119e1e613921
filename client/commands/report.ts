/** rectify report ITEM: records a weekly progress report (周报告) on a unit's behalf, or corrects one (--corrects N). */
import type { Command } from 'commander';
import { z } from 'zod';
import { newRequestId, say } from '../common';
import { parseOptions, wholeNumber } from '../options';
import { BY_HELP } from '../actor';
import { sendItemUpdate, updateTarget } from '../item-update';
import type { CorrectionInput, ReportInput } from '../../workflows/messages';

const reportOptions = z.object({
  ...updateTarget,
  progress: z.string(),
  milestone: wholeNumber('--milestone').optional(),
  corrects: wholeNumber('--corrects').optional(),
  percent: wholeNumber('--percent').optional(),
  evidence: z.array(z.string()).optional(),
  reason: z.string().optional(),
}).superRefine((o, ctx) => {
  if (o.corrects === undefined && o.reason !== undefined) ctx.addIssue({ code: 'custom', message: `--reason: ${say('仅用于 --corrects', 'only with --corrects')}` });
  if (o.corrects !== undefined && o.milestone !== undefined) ctx.addIssue({ code: 'custom', message: `--milestone: ${say('更正不能交付节点', 'a correction delivers no milestone')}` });
});

export function register(program: Command): void {
  program.command('report')
    .description(say('报送一项的本周整改进展，或更正已报送的进展（--corrects N）', "record an item's weekly progress report, or correct one (--corrects N)"))
    .argument('<item>', say('事项编号（按计划中的写法），如 "(12)" 或 12', 'item id as printed, e.g. "(12)" or 12'))
    .requiredOption('--progress <text>', say('本周整改进展（与 --corrects 同用：更正后的内容）', 'what was done (with --corrects: what the report should have said)'))
    .option('--percent <n>', say('完成百分比（0-100）', 'percent complete (0-100)'))
    .option('--evidence <ref...>', say('佐证材料（文件、数据、链接）', 'evidence references (documents, figures, links)'))
    .option('--milestone <n>', say('本次报送完成第 n 个节点（从 1 起）', 'this report delivers milestone n (1-based)'))
    .option('--corrects <n>', say('更正记录中的第 n 条（rectify history 的编号）：新增一条记录，原记录保留', 'correct entry n of the record (the # of rectify history): a new entry, the original stays'))
    .option('--reason <text>', say('与 --corrects 同用：更正原因', 'with --corrects: why the report is corrected'))
    .option('--by <name>', BY_HELP('报送人', 'who reports'))
    .option('--campaign <id>', say('整改工作编号', 'campaign id'))
    .option('--json', say('以 JSON 输出结果', 'machine-readable answer'))
    .action(async (item: string, opts: object) => {
      const o = parseOptions(reportOptions, { item, ...opts }, item);
      const base = { progress: o.progress, percent: o.percent, evidence: o.evidence, by: o.by, requestId: newRequestId() };
      if (o.corrects !== undefined) {
        const payload: CorrectionInput = { ...base, corrects: o.corrects, reason: o.reason };
        await sendItemUpdate('correction', payload, o);
        return;
      }
      const payload: ReportInput = { ...base, milestoneDelivered: o.milestone !== undefined ? o.milestone - 1 : undefined };
      await sendItemUpdate('report', payload, o);
    });
}
