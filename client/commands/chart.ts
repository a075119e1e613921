/** rectify chart --out FILE.html|.svg|.png: the wall chart (挂图作战). */
import type { Command } from 'commander';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { say, UserError } from '../common';
import { liveState, writeOut } from '../documents';
import { outFile, parseOptions } from '../options';
import { renderChart, renderChartSvg } from '../../documents/chart';

const CHROMIUM = '/usr/bin/chromium';

/** The chart as a picture: Debian's chromium draws the HTML (playwright-core drives it, no download). */
async function screenshot(html: string): Promise<Buffer> {
  if (!existsSync(CHROMIUM)) throw new UserError(say('生成 PNG 需要 /usr/bin/chromium：先运行 npm run setup', 'a PNG needs /usr/bin/chromium: run npm run setup first'), 1);
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(os.tmpdir(), 'rectify-chart-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1600, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.screenshot({ fullPage: true, type: 'png' });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const chartOptions = z.object({
  out: outFile(['html', 'svg', 'png']),
  group: z.string().refine((g) => g === 'unit' || g === 'section', { error: () => say('--group 须为 unit 或 section', '--group must be unit or section') })
    .transform((g) => g as 'unit' | 'section'),
  campaign: z.string().optional(),
});

export function register(program: Command): void {
  program.command('chart')
    .description(say('绘制挂图作战图', 'draw the wall chart'))
    .option('--campaign <id>', say('整改工作编号（默认：唯一正在运行的整改工作）', 'campaign id (default: the only running one)'))
    .option('--group <by>', say('unit（按单位）| section（按问题类别）', 'unit | section'), 'unit')
    .requiredOption('--out <file>', say('输出文件：FILE.html、FILE.svg 或 FILE.png', 'FILE.html, FILE.svg or FILE.png'))
    .action(async (opts: object) => {
      const { out, group, campaign } = parseOptions(chartOptions, opts);
      const state = await liveState(campaign);
      if (out.format === 'svg') { await writeOut(out.file, renderChartSvg(state, group)); return; }
      const html = renderChart(state, group);
      await writeOut(out.file, out.format === 'png' ? await screenshot(html) : html);
    });
}
