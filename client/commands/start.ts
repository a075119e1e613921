/** rectify start FILE: starts the campaign; starting it again adds nothing twice. */
import type { Command } from 'commander';
import { connectClient } from '../connection';
import { startCampaign } from '../start-campaign';
import { language, say, loadCampaignFile } from '../common';
import { campaignUncoveredYears, uncoveredWarning } from '../calendar-view';
import { dataDir } from '../paths';

export function register(program: Command): void {
  program.command('start')
    .description(say('启动整改工作（可重复运行，不会重复创建）', 'start a campaign (idempotent)'))
    .argument('<file>', 'campaign file')
    .option('--rebase <date>', 'shift every date so the campaign starts on this day (YYYY-MM-DD, or "today" in the campaign time zone); for demos')
    .action(async (file: string, opts: { rebase?: string }) => {
      const plan = await loadCampaignFile(file, { rebaseTo: opts.rebase });
      const uncovered = campaignUncoveredYears(plan, dataDir());
      if (uncovered.length) console.error(`rectify: ${uncoveredWarning(uncovered, language())}`);
      const client = await connectClient();
      const r = await startCampaign(client, plan);
      console.log(say(`整改工作 ${plan.id} 已启动（${r.workflowId}）：新增 ${r.added} 个事项，已有 ${r.known} 个。`,
        `campaign ${plan.id} started (${r.workflowId}): ${r.added} items added, ${r.known} already known.`));
    });
}
