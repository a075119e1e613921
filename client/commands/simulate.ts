/** rectify simulate FILE --until DATE: the whole campaign on the time-skipping server, every event as JSON. */
import type { Command } from 'commander';
import { loadCampaign } from '../../domain/load';
import { readReportsScript, simulate } from '../simulation';
import { isoDate } from '../../domain/schema';
import { say, UserError } from '../common';

export function register(program: Command): void {
  program.command('simulate')
    .description(say('在时间跳跃测试服务器上推演整改工作，输出将发生的每一件事', 'run the campaign on the time-skipping test server and print every event'))
    .argument('<file>', 'campaign file')
    .requiredOption('--until <date>', 'last day to simulate (YYYY-MM-DD)')
    .option('--reports <script>', 'YAML script of who reports what when')
    .option('--json', 'print the events as a JSON array (default: one line per event)')
    .action(async (file: string, o: { until: string; reports?: string; json?: boolean }) => {
      const until = isoDate.safeParse(o.until);
      if (!until.success) throw new UserError(`--until: ${until.error.issues[0].message}`);
      const plan = await loadCampaign(file);
      const script = o.reports ? readReportsScript(o.reports) : undefined;
      const { events } = await simulate(plan, o.until, script);
      if (o.json) { console.log(JSON.stringify(events, null, 2)); return; }
      for (const e of events) {
        console.log([e.at, e.kind, e.item ?? (e.items ?? []).join(','), e.level ?? '', e.to.join(',')].filter(Boolean).join('  '));
      }
    });
}
