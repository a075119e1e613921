/** rectify start FILE: starts the campaign; starting it again adds nothing twice. */
import type { Command } from 'commander';
import { connectClient } from '../../config/connection';
import { startCampaign } from '../../runtime/start-campaign';
import { z } from 'zod';
import { language, say, loadCampaignFile, loadedYears } from '../common';
import { parseOptions } from '../options';
import { MAX_DESKS } from '../../domain/desks';
import { campaignUncoveredYears, uncoveredWarning } from '../calendar-view';

const deskCount = z.coerce.number().int().min(0).max(MAX_DESKS);

const startOptions = z.object({
  file: z.string(),
  rebase: z.string().optional(),
  desks: z.string().transform((v, ctx) => {
    const r = deskCount.safeParse(v);
    if (r.success) return r.data;
    ctx.addIssue({ code: 'custom', input: v, message: say(`--desks ${v}：应为 0 到 ${MAX_DESKS} 的整数`, `--desks ${v}: a whole number from 0 to ${MAX_DESKS}`) });
    return z.NEVER;
  }).optional(),
});

export function register(program: Command): void {
  program.command('start')
    .description(say('启动整改工作（可重复运行，不会重复创建）', 'start a campaign (idempotent)'))
    .argument('<file>', 'campaign file')
    .option('--rebase <date>', 'shift every date so the campaign starts on this day (YYYY-MM-DD, or "today" in the campaign time zone); for demos')
    .option('--desks <n>', 'desks (收发室) sharing out the digests of a large campaign: 0 (the campaign gathers them itself) to 64; default: 0 up to 1,000 items, then one per 500')
    .action(async (file: string, options: object) => {
      const opts = parseOptions(startOptions, { file, ...options });
      const plan = await loadCampaignFile(file, { rebaseTo: opts.rebase });
      const uncovered = campaignUncoveredYears(plan, await loadedYears());
      if (uncovered.length) console.error(`rectify: ${uncoveredWarning(uncovered, language())}`);
      const client = await connectClient();
      const r = await startCampaign(client, plan, { desks: opts.desks });
      console.log(say(`整改工作 ${plan.id} 已启动（${r.workflowId}）：新增 ${r.added} 个事项，已有 ${r.known} 个。`,
        `campaign ${plan.id} started (${r.workflowId}): ${r.added} items added, ${r.known} already known.`));
    });
}
