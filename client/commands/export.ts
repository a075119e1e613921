/** rectify export ledger --out FILE.xlsx|.csv: the ledger (整改台账) from the live campaign, re-importable. */
import type { Command } from 'commander';
import { say } from '../common';
import { formatOf, liveState, writeOut } from '../documents';
import { ledgerCsv, ledgerXlsx } from '../../documents/ledger';

export function register(program: Command): void {
  const exp = program.command('export').description(say('导出', 'export'));
  exp.command('ledger')
    .description(say('导出整改台账（每个事项一行，可再导入）', 'export the ledger (one row per item; reads back with itemsFrom)'))
    .option('--campaign <id>', 'campaign id (default: the only running one)')
    .requiredOption('--out <file>', 'FILE.xlsx or FILE.csv')
    .action(async (o: { campaign?: string; out: string }) => {
      const format = formatOf(o.out, ['xlsx', 'csv']);
      const state = await liveState(o.campaign);
      await writeOut(o.out, format === 'xlsx' ? await ledgerXlsx(state) : ledgerCsv(state));
    });
}
