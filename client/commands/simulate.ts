/** rectify simulate FILE --until DATE: the whole campaign on the time-skipping server, every event as JSON. */
import type { Command } from 'commander';
import { readReportsScript, simulate } from '../../runtime/simulation';
import { z } from 'zod';
import { say, loadCampaignFile } from '../common';
import { day, parseOptions } from '../options';

const simulateOptions = z.object({
  file: z.string(),
  /** As written: the simulation reads the day itself. */
  until: day('--until'),
  reports: z.string().optional(),
  json: z.boolean().optional(),
  out: z.string().optional(),
});

export function register(program: Command): void {
  program.command('simulate')
    .description(say('在时间跳跃测试服务器上推演整改工作，输出将发生的每一件事', 'run the campaign on the time-skipping test server and print every event'))
    .argument('<file>', 'campaign file')
    .requiredOption('--until <date>', 'last day to simulate (YYYY-MM-DD)')
    .option('--reports <script>', 'YAML script of who reports what when')
    .option('--json', 'print the events as a JSON array (default: one line per event)')
    .option('--out <dir>', 'write every document it would have sent, and the ledger, announcement, chart and packets at the end, into DIR')
    .action(async (file: string, opts: object) => {
      const o = parseOptions(simulateOptions, { file, ...opts });
      const plan = await loadCampaignFile(file);
      const script = o.reports ? readReportsScript(o.reports) : undefined;
      const { events, documents } = await simulate(plan, o.until, script, { outDir: o.out });
      if (o.out) console.error(say(`${documents.length} 份文件及台账、公告、挂图、验收材料已写入 ${o.out}`, `${documents.length} documents and the ledger, announcement, chart and packets written to ${o.out}`));
      if (o.json) { console.log(JSON.stringify(events, null, 2)); return; }
      for (const e of events) {
        console.log([e.at, e.kind, e.item ?? (e.items ?? []).join(','), e.level ?? '', e.to.join(',')].filter(Boolean).join('  '));
      }
    });
}
