/**
 * rectify export ledger --out FILE.xlsx|.csv: the ledger (整改台账) from the live campaign, re-importable.
 * rectify export history [ITEM] --out FILE.xlsx|.csv|.jsonl: the audit record of one item or of every item.
 * rectify export assessment --from DAY --to DAY --out FILE.xlsx|.csv [--by unit|leader]: 考核, per unit and per leader.
 */
import type { Command } from 'commander';
import { connectClient } from '../../config/connection';
import { answerOf, campaignSettings, itemHandle, resolveCampaign, say, UserError } from '../common';
import { z } from 'zod';
import { documentLanguage, liveState, writeOut } from '../documents';
import { day, outFile, parseOptions } from '../options';
import { assessmentFile } from '../../documents/assessment';
import { ledgerCsv, ledgerXlsx } from '../../documents/ledger';
import { auditFile, auditRows, type AuditRow } from '../../documents/audit';
import { collect } from '../../documents/collect';
import { readItem } from '../../readmodels/items';

const ledgerOptions = z.object({ out: outFile(['xlsx', 'csv']), campaign: z.string().optional() });
const assessmentOptions = z.object({
  from: day('--from'), to: day('--to'), out: outFile(['xlsx', 'csv']),
  by: z.string().optional().refine((v) => v === undefined || v === 'unit' || v === 'leader', {
    error: (i) => say(`--by 须为 unit 或 leader：${String(i.input)}`, `--by must be unit or leader: ${String(i.input)}`),
  }).transform((v) => v as 'unit' | 'leader' | undefined),
  campaign: z.string().optional(),
}).refine((o) => o.from <= o.to, { error: (i) => {
  const o = i.input as { from: string; to: string };
  return say(`--from ${o.from} 晚于 --to ${o.to}`, `--from ${o.from} is after --to ${o.to}`);
} });
const historyOptions = z.object({ item: z.string().optional(), out: outFile(['xlsx', 'csv', 'jsonl']), campaign: z.string().optional() });

export function register(program: Command): void {
  const exp = program.command('export').description(say('导出', 'export'));
  exp.command('ledger')
    .description(say('导出整改台账（每个事项一行，可再导入）', 'export the ledger (one row per item; reads back with itemsFrom)'))
    .option('--campaign <id>', say('整改工作编号（默认：唯一正在运行的整改工作）', 'campaign id (default: the only running one)'))
    .requiredOption('--out <file>', say('输出文件：FILE.xlsx 或 FILE.csv', 'FILE.xlsx or FILE.csv'))
    .action(async (opts: object) => {
      const { out, campaign } = parseOptions(ledgerOptions, opts);
      const state = await liveState(campaign);
      await writeOut(out.file, out.format === 'xlsx' ? await ledgerXlsx(state) : ledgerCsv(state));
    });
  exp.command('assessment')
    .description(say('导出考核情况（各牵头单位、各责任领导：按时报送率、完成率、落后序时进度、逾期、督办单、得分与排名）',
      'export the assessment (per lead unit and per leader: on-time rate, completion, behind plan, overdue, notices, score and rank)'))
    .option('--campaign <id>', say('整改工作编号（默认：唯一正在运行的整改工作）', 'campaign id (default: the only running one)'))
    .requiredOption('--from <day>', say('起始日，YYYY-MM-DD', 'first day of the range, YYYY-MM-DD'))
    .requiredOption('--to <day>', say('截止日（含），YYYY-MM-DD', 'last day of the range, YYYY-MM-DD (included)'))
    .requiredOption('--out <file>', say('输出文件：FILE.xlsx（单位、领导各一张表）或 FILE.csv（一张表）', 'FILE.xlsx (a sheet per unit and per leader) or FILE.csv (one table)'))
    .option('--by <unit|leader>', say('只列单位（unit）或只列领导（leader）（CSV 默认 unit）', 'only the units or only the leaders (a CSV: default unit)'))
    .action(async (opts: object) => {
      const { from, to, out, by, campaign } = parseOptions(assessmentOptions, opts);
      const state = await liveState(campaign, { from, to });
      await writeOut(out.file, await assessmentFile(out.format, state.assessment, state.lang, by));
    });
  exp.command('history')
    .description(say('导出整改记录（一个事项或全部事项的每条记录：谁、何时、做了什么；含更正）',
      'export the audit record (every entry of one item or of every item: who, when, what; corrections included)'))
    .argument('[item]', say('事项编号（默认：整改工作的全部事项）', 'item id (default: every item of the campaign)'))
    .option('--campaign <id>', say('整改工作编号（默认：唯一正在运行的整改工作）', 'campaign id (default: the only running one)'))
    .requiredOption('--out <file>', say('输出文件：FILE.xlsx、FILE.csv 或 FILE.jsonl', 'FILE.xlsx, FILE.csv or FILE.jsonl'))
    .action(async (item: string | undefined, opts: object) => {
      const { out, campaign: given } = parseOptions(historyOptions, { item, ...opts });
      const client = await connectClient();
      try {
        const campaignId = await resolveCampaign(client, given);
        const campaign = await campaignSettings(client, campaignId);
        let rows: AuditRow[];
        if (item !== undefined) {
          rows = auditRows(await answerOf(item, campaignId, await itemHandle(client, campaignId, item), readItem));
        } else {
          const c = await collect(client, campaignId);
          // An audit export is whole or not written: an item whose record cannot be read stops it.
          const unread = c.rows.filter((r) => !c.snapshots.has(r.key)).map((r) => r.id);
          if (unread.length) {
            throw new UserError(say(`无法读取事项 ${unread.join('、')} 的记录（worker 是否在运行？），未写入 ${out.file}`,
              `could not read the record of item(s) ${unread.join(', ')} (is a worker running?): ${out.file} not written`), 1);
          }
          rows = c.rows.flatMap((r) => auditRows(c.snapshots.get(r.key)!));
        }
        await writeOut(out.file, await auditFile(out.format, rows, campaign.timeZone, documentLanguage(campaign.language)));
      } finally {
        await client.connection.close();
      }
    });
}
