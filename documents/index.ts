/**
 * The document layer: a CampaignState (state.ts) built from one pass over the
 * campaign, laid out as blocks (model.ts), rendered as HTML (html.ts,
 * nunjucks with autoescape), .docx (docx.ts), Markdown, xlsx/csv (ledger.ts)
 * and the wall chart (chart.ts).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { makePrivateDir, PRIVATE_FILE } from '../config/paths';
import type { CampaignState } from './state';
import { announcement, packet } from './model';
import { renderHtml } from './html';
import { renderDocx } from './docx';
import { renderMarkdown } from './markdown';
import { ledgerCsv, ledgerXlsx } from './ledger';
import { renderChart, renderChartSvg } from './chart';

export { buildState, countsOf, type CampaignState } from './state';

/** Everything an office hands out at a given state, into one folder: ledger, announcement, chart, packets. */
export async function writeCampaignDocuments(s: CampaignState, dir: string): Promise<string[]> {
  await makePrivateDir(path.join(dir, 'packets'));
  const files: [string, string | Buffer][] = [
    ['ledger.xlsx', await ledgerXlsx(s)],
    ['ledger.csv', ledgerCsv(s)],
    ['announcement.md', renderMarkdown(announcement(s))],
    ['announcement.html', renderHtml(announcement(s))],
    ['announcement.docx', await renderDocx(announcement(s))],
    ['chart.html', renderChart(s, 'unit')],
    ['chart-by-section.html', renderChart(s, 'section')],
    ['chart.svg', renderChartSvg(s, 'unit')],
  ];
  for (const i of s.items) {
    const doc = packet(s, i.key);
    files.push([path.join('packets', `${i.key}.html`), renderHtml(doc)], [path.join('packets', `${i.key}.docx`), await renderDocx(doc)]);
  }
  for (const [name, content] of files) await fs.writeFile(path.join(dir, name), content, { mode: PRIVATE_FILE });
  return files.map(([name]) => name);
}
