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
    .argument('<item>', 'item id as printed, e.g. "(12)" or 12')
    .requiredOption('--progress <text>', 'what was done (with --corrects: what the report should have said)')
    .option('--percent <n>', 'percent complete (0-100)')
    .option('--evidence <ref...>', 'evidence references (documents, figures, links)')
    .option('--milestone <n>', 'this report delivers milestone n (1-based)')
    .option('--corrects <n>', 'correct entry n of the record (the # of rectify history): a new entry, the original stays')
    .option('--reason <text>', 'with --corrects: why the report is corrected')
    .option('--by <name>', BY_HELP('who reports'))
    .option('--campaign <id>', 'campaign id')
    .option('--json', 'machine-readable answer')
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
