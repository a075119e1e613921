/** rectify notices: every 督办单 of the campaign (number, item, unit, rung, issued, reply due, state), from the items' records. */
import type { Command } from 'commander';
import Table from 'cli-table3';
import { z } from 'zod';
import { connectClient } from '../../config/connection';
import { campaignSettings, language, resolveCampaign, say } from '../common';
import { parseOptions } from '../options';
import { collect } from '../../documents/collect';
import { noticeRows, noticeStateLabel, waitsForReply } from '../../documents/notice';
import { displaySafe } from '../../domain/text';

const noticesOptions = z.object({ campaign: z.string().optional(), unit: z.string().optional(), open: z.boolean().optional(), json: z.boolean().optional() });

export function register(program: Command): void {
  program.command('notices')
    .description(say('列出督办单：编号、事项、单位、督办等级、签发、限期回复、状态', 'list supervision notices (督办单): number, item, unit, rung, issued, reply due, state'))
    .option('--open', say('只列待回复的督办单（含逾期未回复的）', 'only notices waiting for a reply (overdue ones included)'))
    .option('--unit <name>', say('只列此单位牵头事项的督办单', 'only notices of items led by this unit'))
    .option('--campaign <id>', say('整改工作编号（默认：唯一正在运行的整改工作）', 'campaign id (default: the only running one)'))
    .option('--json', say('以 JSON 输出', 'machine-readable output'))
    .action(async (options: object) => {
      const o = parseOptions(noticesOptions, options);
      const client = await connectClient();
      const campaignId = await resolveCampaign(client, o.campaign);
      // An unknown campaign is refused by name (exit 2) before the items are read.
      await campaignSettings(client, campaignId);
      const { snapshots } = await collect(client, campaignId);
      const rows = noticeRows(snapshots.values()).filter((r) => (!o.open || waitsForReply(r)) && (!o.unit || r.unit === o.unit));
      if (o.json) { console.log(JSON.stringify(rows, null, 2)); return; }
      const l = language();
      const table = new Table({
        head: l === 'en' ? ['number', 'item', 'unit', 'rung', 'issued', 'reply due', 'state'] : ['编号', '事项', '牵头单位', '督办等级', '签发', '限期回复', '状态'],
        style: { head: [], border: [], compact: true },
      });
      for (const r of rows) {
        table.push([displaySafe(r.number), displaySafe(r.item), displaySafe(r.unit), displaySafe(r.notice), `${r.issued.slice(0, 10)} ${r.issued.slice(11, 16)}`,
          r.replyBy, noticeStateLabel(r.state, l)]);
      }
      console.log(table.toString());
      const open = rows.filter(waitsForReply).length;
      console.log(say(`共 ${rows.length} 份督办单，待回复 ${open} 份`, `${rows.length} notice(s), ${open} waiting for a reply`));
    });
}
