/** rectify report ITEM: records a weekly progress report (周报告) on a unit's behalf. */
import type { Command } from 'commander';
import { connectClient } from '../connection';
import { answerOf, checkPayload, itemHandle, newRequestId, printAnswer, resolveCampaign, say } from '../common';
import { reportUpdate, type ReportInput } from '../../workflows/messages';
import { UserError } from '../common';

export function register(program: Command): void {
  program.command('report')
    .description(say('报送一项的本周整改进展', "record an item's weekly progress report"))
    .argument('<item>', 'item id as printed, e.g. "(12)" or 12')
    .requiredOption('--progress <text>', 'what was done')
    .option('--percent <n>', 'percent complete (0-100)')
    .option('--evidence <ref...>', 'evidence references (documents, figures, links)')
    .option('--milestone <n>', 'this report delivers milestone n (1-based)')
    .option('--by <name>', 'who reports', process.env.USER ?? 'coordinator')
    .option('--campaign <id>', 'campaign id')
    .option('--json', 'machine-readable answer')
    .action(async (item: string, o: { progress: string; percent?: string; evidence?: string[]; milestone?: string; by: string; campaign?: string; json?: boolean }) => {
      const int = (v: string | undefined, what: string): number | undefined => {
        if (v === undefined) return undefined;
        if (!/^\d+$/.test(v.trim())) throw new UserError(`${item}: ${what}: not a whole number: "${v}"`);
        return Number(v);
      };
      const milestone = int(o.milestone, '--milestone');
      const payload: ReportInput = {
        progress: o.progress, percent: int(o.percent, '--percent'), evidence: o.evidence, by: o.by,
        milestoneDelivered: milestone !== undefined ? milestone - 1 : undefined, requestId: newRequestId(),
      };
      checkPayload('report', payload, item);
      const client = await connectClient();
      const campaignId = await resolveCampaign(client, o.campaign);
      const a = await answerOf(item, campaignId, await itemHandle(client, campaignId, item), (h) => h.executeUpdate(reportUpdate, { args: [payload] }));
      printAnswer(a, !!o.json);
    });
}
