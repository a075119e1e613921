/** rectify chart --out FILE.html: the wall chart (挂图作战). */
import type { Command } from 'commander';
import { say, UserError } from '../common';
import { formatOf, liveState, writeOut } from '../documents';
import { renderChart } from '../../documents/chart';

export function register(program: Command): void {
  program.command('chart')
    .description(say('绘制挂图作战图', 'draw the wall chart'))
    .option('--campaign <id>', 'campaign id (default: the only running one)')
    .option('--group <by>', 'unit | section', 'unit')
    .requiredOption('--out <file>', 'FILE.html')
    .action(async (o: { campaign?: string; group: string; out: string }) => {
      formatOf(o.out, ['html']);
      if (o.group !== 'unit' && o.group !== 'section') throw new UserError(say('--group 须为 unit 或 section', '--group must be unit or section'));
      await writeOut(o.out, renderChart(await liveState(o.campaign), o.group));
    });
}
