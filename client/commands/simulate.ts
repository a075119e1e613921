/** rectify simulate FILE --until DATE: the whole campaign on the time-skipping server, every event as JSON. */
import type { Command } from 'commander';
import { readReportsScript, simulate } from '../../runtime/simulation';
import { SimulationStalledError } from '../../runtime/stall-watch';
import { z } from 'zod';
import { say, loadCampaignFile } from '../common';
import { day, parseOptions, wholeNumber } from '../options';

const simulateOptions = z.object({
  file: z.string(),
  /** As written: the simulation reads the day itself. */
  until: day('--until'),
  reports: z.string().optional(),
  json: z.boolean().optional(),
  out: z.string().optional(),
  stallTimeout: wholeNumber('--stall-timeout')
    .refine((n) => n > 0, { error: () => say('--stall-timeout: 应大于 0（秒）', '--stall-timeout: must be more than 0 (seconds)') }).optional(),
});

export function register(program: Command): void {
  program.command('simulate')
    .description(say('在时间跳跃测试服务器上推演整改工作，输出将发生的每一件事', 'run the campaign on the time-skipping test server and print every event'))
    .argument('<file>', say('整改工作文件', 'campaign file'))
    .requiredOption('--until <date>', say('推演到哪一天（YYYY-MM-DD）', 'last day to simulate (YYYY-MM-DD)'))
    .option('--reports <script>', say('YAML 脚本：谁在何时报送什么', 'YAML script of who reports what when'))
    .option('--json', say('以 JSON 数组输出事件（默认：每个事件一行）', 'print the events as a JSON array (default: one line per event)'))
    .option('--out <dir>', say('把将发出的每份文件，以及结束时的台账、公示稿、挂图和验收材料写入 DIR 文件夹', 'write every document it would have sent, and the ledger, announcement, chart and packets at the end, into DIR'))
    .option('--stall-timeout <seconds>', say('这么多秒内没有任何进展即失败（默认 120，或 RECTIFY_SIMULATE_STALL_SECONDS）', 'fail when nothing has moved for this long (default 120, or RECTIFY_SIMULATE_STALL_SECONDS)'))
    .action(async (file: string, opts: object) => {
      const o = parseOptions(simulateOptions, { file, ...opts });
      const plan = await loadCampaignFile(file);
      const script = o.reports ? readReportsScript(o.reports) : undefined;
      let result;
      try {
        result = await simulate(plan, o.until, script, { outDir: o.out, stallSeconds: o.stallTimeout });
      } catch (err) {
        if (!(err instanceof SimulationStalledError)) throw err;
        // The SDK's advice after a worker's forced shutdown: exit the process (an activity that never returned may still hold it).
        console.error(`rectify: ${err.message}`);
        process.exit(err.code);
      }
      const { events, documents } = result;
      if (o.out) console.error(say(`${documents.length} 份文件及台账、公告、挂图、验收材料已写入 ${o.out}`, `${documents.length} documents and the ledger, announcement, chart and packets written to ${o.out}`));
      if (o.json) { console.log(JSON.stringify(events, null, 2)); return; }
      for (const e of events) {
        console.log([e.at, e.kind, e.item ?? (e.items ?? []).join(','), e.level ?? '', e.to.join(',')].filter(Boolean).join('  '));
      }
    });
}
