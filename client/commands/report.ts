/** rectify report ITEM: records a weekly progress report (周报告) on a unit's behalf, or corrects one (--corrects N). */
import type { Command } from 'commander';
import { newRequestId, say, UserError } from '../common';
import { sendItemUpdate } from '../item-update';
import type { CorrectionInput, ReportInput } from '../../workflows/messages';

interface Options {
  progress: string; percent?: string; evidence?: string[]; milestone?: string; corrects?: string; reason?: string;
  by: string; campaign?: string; json?: boolean;
}

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
    .option('--by <name>', 'who reports', process.env.USER ?? 'coordinator')
    .option('--campaign <id>', 'campaign id')
    .option('--json', 'machine-readable answer')
    .action(async (item: string, o: Options) => {
      const int = (v: string | undefined, what: string): number | undefined => {
        if (v === undefined) return undefined;
        if (!/^\d+$/.test(v.trim())) throw new UserError(`${item}: ${what}: ${say('不是整数', 'not a whole number')}: "${v}"`);
        return Number(v);
      };
      const milestone = int(o.milestone, '--milestone');
      const corrects = int(o.corrects, '--corrects');
      if (corrects === undefined && o.reason !== undefined) throw new UserError(`${item}: --reason: ${say('仅用于 --corrects', 'only with --corrects')}`);
      if (corrects !== undefined && milestone !== undefined) throw new UserError(`${item}: --milestone: ${say('更正不能交付节点', 'a correction delivers no milestone')}`);
      const base = { progress: o.progress, percent: int(o.percent, '--percent'), evidence: o.evidence, by: o.by, requestId: newRequestId() };
      if (corrects !== undefined) {
        const payload: CorrectionInput = { ...base, corrects, reason: o.reason };
        await sendItemUpdate('correction', payload, { item, campaign: o.campaign, json: o.json });
        return;
      }
      const payload: ReportInput = { ...base, milestoneDelivered: milestone !== undefined ? milestone - 1 : undefined };
      await sendItemUpdate('report', payload, { item, campaign: o.campaign, json: o.json });
    });
}
