/**
 * rectify start FILE: starts the campaign; starting it again adds nothing twice. On a changed file it lists
 * every difference per item and changes nothing (exit 2) unless the changes are approved (--amend
 * --approved-by); items the file no longer lists are withdrawn only with --withdraw (runtime/plan-changes.ts).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { connectClient } from '../../config/connection';
import { startCampaign } from '../../runtime/start-campaign';
import { z } from 'zod';
import { language, say, loadCampaignFile, loadedYears } from '../common';
import { displaySafe } from '../../domain/text';
import { actorName, BY_HELP } from '../actor';
import { parseOptions } from '../options';
import { MAX_DESKS } from '../../domain/desks';
import { campaignUncoveredYears, uncoveredWarning } from '../calendar-view';
import { carryOver, describeCarryOver, handOver, describeHandOver } from '../../runtime/rounds';
import { applyPlanChanges, comparePlan, describeComparison, nothingToChange, refusalOf } from '../../runtime/plan-changes';
import { engineStores } from '../../activities/engine-stores';

const deskCount = z.coerce.number().int().min(0).max(MAX_DESKS);

const startOptions = z.object({
  file: z.string(),
  rebase: z.string().optional(),
  amend: z.boolean().optional(),
  withdraw: z.boolean().optional(),
  approvedBy: z.string().optional(),
  by: z.string().optional(),
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
    .argument('<file>', say('整改工作文件', 'campaign file'))
    .option('--rebase <date>', say('平移所有日期，使整改工作从这一天开始（YYYY-MM-DD，或整改工作时区的 "today"）；用于演示', 'shift every date so the campaign starts on this day (YYYY-MM-DD, or "today" in the campaign time zone); for demos'))
    .option('--desks <n>', say('大型整改工作分发汇总提醒的收发室数量：0（由整改工作自己汇集）到 64；默认：1000 项以内为 0，以上每 500 项一个', 'desks (收发室) sharing out the digests of a large campaign: 0 (the campaign gathers them itself) to 64; default: 0 up to 1,000 items, then one per 500'))
    .option('--amend', say('把修改后文件的变更应用到已启动的事项（整改方案变更），须同时给出 --approved-by', 'apply the changes a changed file makes to items already started (整改方案变更), with --approved-by'))
    .option('--withdraw', say('撤销文件中已不再列出的事项（撤销：留有记录，不删除），须同时给出 --approved-by', 'withdraw the items the file no longer lists (撤销: recorded, never deleted), with --approved-by'))
    .option('--approved-by <name>', say('方案变更或撤销的批准人（记录并邮件通知）', 'who approved the plan changes or withdrawals (recorded and mailed)'))
    .option('--by <name>', BY_HELP('记录方案变更和撤销的人', 'who records the plan changes and withdrawals'))
    .action(async (file: string, options: object) => {
      const opts = parseOptions(startOptions, { file, ...options });
      const filePlan = await loadCampaignFile(file, { rebaseTo: opts.rebase });
      const uncovered = campaignUncoveredYears(filePlan, await loadedYears());
      if (uncovered.length) console.error(`rectify: ${uncoveredWarning(uncovered, language())}`);
      const client = await connectClient();
      // What the file changes in the running campaign, in the campaign's language (unless --lang says otherwise).
      const lang = process.env.RECTIFY_LANG ? language() : filePlan.language;
      // 第二轮: the previous round's open and long-term items come over (runtime/rounds.ts).
      const carry = await carryOver(client, filePlan, lang, path.basename(file));
      const plan = carry.plan;
      describeCarryOver(carry, lang).forEach((line) => console.log(displaySafe(line, false)));
      const comparison = await comparePlan(client, plan);
      describeComparison(comparison, lang).forEach((line) => console.log(displaySafe(line, false)));
      // Who records the changes: only asked for when there are any (an unnamed one is refused with the rest).
      const approval = { ...opts, by: actorName(opts.by) ?? '', lang, listing: engineStores().listing };
      const refusal = refusalOf(plan, comparison, approval);
      if (refusal && !nothingToChange(comparison)) throw refusal;
      const changed = nothingToChange(comparison) ? { amended: 0, withdrawn: 0 } : await applyPlanChanges(client, plan, comparison, approval);
      const r = await startCampaign(client, plan, { desks: opts.desks });
      // 已转入下一轮: the previous round's items are handed over once this round's have started.
      const handed = await handOver(client, plan, carry, lang);
      const w = (zh: string, en: string): string => (lang === 'en' ? en : zh);
      console.log(w(`整改工作 ${plan.id} 已启动（${r.workflowId}）：新增 ${r.added} 个事项，已有 ${r.known} 个`,
        `campaign ${plan.id} started (${r.workflowId}): ${r.added} items added, ${r.known} already known`)
        + (changed.amended || changed.withdrawn
          ? w(`；变更 ${changed.amended} 个（批准人：${opts.approvedBy}），撤销 ${changed.withdrawn} 个。`,
            `; ${changed.amended} changed (approved by ${opts.approvedBy}), ${changed.withdrawn} withdrawn.`)
          : w('。', '.')));
      describeHandOver(handed, carry, lang).forEach((line) => console.log(displaySafe(line, false)));
    });
}
