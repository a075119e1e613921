/// <reference lib="dom" />
/**
 * The documents an office hands out, built from the seed campaign simulated
 * for two months on the real time-skipping server with half the items
 * reporting weekly — then opened the way their readers open them: the xlsx
 * with exceljs and with SheetJS, the docx with mammoth, the HTML bulletin and
 * wall chart in headless chromium (what is shown, in which colour, whether it fits).
 */
import path from 'node:path';
import { promises as fs, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import mammoth from 'mammoth';
import YAML from 'yaml';
import { loadCampaign } from '../domain/campaign';
import { simulate, type SimulationResult } from '../runtime/simulation';
import { buildState, countsOf, type CampaignState } from '../documents/state';
import { packet } from '../documents/model';
import { bulletin } from '../documents/kinds';
import { renderHtml } from '../documents/html';
import { renderDocx } from '../documents/docx';
import { renderChart, renderChartSvg } from '../documents/chart';
import { ledgerCsv, ledgerXlsx } from '../documents/ledger';
import { LEDGER_COLUMNS } from '../domain/ledger/columns';
import type { CampaignPlan, ItemPlan } from '../domain/types';
import type { ItemSnapshot } from '../workflows/messages';
import { tempDir } from './support/cli';
import { labelsApart, launchChromium, openHtml, overflowing, type Chromium } from './support/browser';
import type { Page } from 'playwright-core';

const SEED = path.join(__dirname, '..', 'examples', 'seed-campaign.yaml');
const UNTIL = '2023-09-09';
const RGB = { red: 'rgb(217, 54, 62)', yellow: 'rgb(242, 183, 5)', green: 'rgb(46, 157, 79)', grey: 'rgb(158, 158, 158)' };

let plan: CampaignPlan;
let sim: SimulationResult;
let state: CampaignState;
let out: string;
let reporters: ItemPlan[];
let browser: Chromium;

beforeAll(async () => {
  browser = await launchChromium();
  plan = await loadCampaign(SEED);
  out = tempDir('documents');
  reporters = plan.items.filter((i) => i.milestones.length === 0 && i.deadline > UNTIL).slice(0, plan.items.length / 2);
  sim = await simulate(plan, UNTIL, {
    reports: [{ items: reporters.map((i) => i.id), weekly: { hoursBefore: 4 }, progress: '按计划推进，已完成阶段任务', percent: { start: 20, step: 10 }, by: '联络员' }],
  }, { outDir: out });
  state = sim.state!;
}, 240000);

afterAll(async () => { await browser?.close(); });

const text = async (file: string): Promise<string> => (await mammoth.extractRawText({ path: file })).value;

describe('the documents of each cadence moment', () => {
  test('a weekly summary after each due time, a dispatch sheet at each dekad end, a bulletin at each month end, each as HTML and .docx', async () => {
    const kinds = (k: string) => sim.documents.filter((d) => d.kind === k);
    expect(kinds('weekly-summary')).toHaveLength(sim.events.filter((e) => e.kind === 'weekly-summary').length);
    // Sunday 2023-08-20 is a day off: that dekad's sheet goes out on Monday the 21st.
    expect(kinds('dispatch-sheet').map((d) => d.at.slice(0, 10))).toEqual(['2023-07-10', '2023-07-20', '2023-07-31', '2023-08-10', '2023-08-21', '2023-08-31']);
    expect(kinds('inspection').map((d) => d.at.slice(0, 10))).toEqual(['2023-07-31', '2023-08-31']);
    for (const d of sim.documents) {
      await expect(fs.stat(path.join(out, d.files.html))).resolves.toBeTruthy();
      await expect(fs.stat(path.join(out, d.files.docx))).resolves.toBeTruthy();
    }
    // Stable ids: campaign + kind + moment.
    expect(new Set(sim.documents.map((d) => d.id)).size).toBe(sim.documents.length);
    expect(kinds('inspection')[1].id).toBe('wuhu-hitech-2023-inspection-20230831-1700');
  });

  test('the last weekly summary names who has not reported and gives every reporting item its latest report', async () => {
    const last = sim.documents.filter((d) => d.kind === 'weekly-summary').at(-1)!;
    const body = await text(path.join(out, last.files.docx));
    expect(body).toContain(`未按时报送（${plan.items.length - reporters.length}）`);
    expect(body).toContain(`已报送（${reporters.length}）`);
    expect(body.split('按计划推进，已完成阶段任务').length - 1).toBe(reporters.length);
  });

  test('the August bulletin prints the counts as announcements do, per unit and per leader, late items and supervision notices', async () => {
    const aug = sim.documents.find((d) => d.id === 'wuhu-hitech-2023-inspection-20230831-1700')!;
    const body = await text(path.join(out, aug.files.docx));
    expect(body).toContain('共 40 个问题，已完成 0 个，基本完成、持续推进 0 个，未完成 40 个，完成率 0.00%。');
    for (const unit of new Set(plan.items.map((i) => i.leadUnit))) expect(body).toContain(unit);
    expect(body).toContain('六、发出督办单');
    expect(body).toMatch(/督办单\(红\)/);
    expect(body).toContain('七、考核排名（2023-08-01 至 2023-08-31）');
  });

  test('the ranking counts the weekly reports the items made: each cycle on time for the reporting items, missed for the others', () => {
    // August's due times: Fridays the 4th, 11th, 18th and 25th; the figures come from the items' own records.
    const august = buildState({ campaign: state.campaign, rows: sim.collected!.rows, snapshots: sim.collected!.snapshots, asOfMs: state.asOf.ms,
      assessment: { from: '2023-08-01', to: '2023-08-31' } }).assessment;
    for (const by of [august.units, august.leaders]) {
      expect(by.reduce((n, u) => n + u.items, 0)).toBe(plan.items.length);
      expect(by.reduce((n, u) => n + u.reportsDue, 0)).toBe(plan.items.length * 4);
      expect(by.reduce((n, u) => n + u.reportsOnTime, 0)).toBe(reporters.length * 4);
    }
    const ranks = august.units.flatMap((u) => (u.rank === undefined ? [] : [u.rank]));
    expect(ranks[0]).toBe(1);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  test('completion as announcements print it: 697 problems, 688 completed, 4 continuing, 5 not completed, 98.71%', () => {
    const rows = [...Array(688).fill('closed'), ...Array(4).fill('continuing'), ...Array(5).fill('inProgress')].map((s) => ({ state: s, light: 'green' as const }));
    expect(countsOf(rows)).toMatchObject({ total: 697, done: 688, continuing: 4, open: 5, rate: '98.71%' });
  });
});

describe('the ledger', () => {
  let xlsxFile: string;
  beforeAll(async () => {
    xlsxFile = path.join(out, 'ledger.xlsx');
  });

  test('exceljs reads one row per item under the import headers, frozen header, wrapped text, the light as the cell colour', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxFile);
    const ws = wb.worksheets[0];
    const head = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    expect(head.slice(0, LEDGER_COLUMNS.length)).toEqual(LEDGER_COLUMNS.map((c) => c.zh));
    expect(head).toEqual(expect.arrayContaining(['状态', '灯色', '完成百分比', '最近报送', '销号-问题解决', '督促升级次数']));
    expect(ws.rowCount).toBe(plan.items.length + 1);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(head.indexOf('整改措施') + 1).width).toBeGreaterThan(30);
    const lightCol = head.indexOf('灯色') + 1;
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      expect(row.getCell(head.indexOf('反馈问题') + 1).alignment?.wrapText).toBe(true);
      const item = state.items.find((i) => i.id === String(row.getCell(1).value))!;
      const fill = row.getCell(lightCol).fill as ExcelJS.FillPattern;
      expect(`#${fill.fgColor!.argb!.slice(2).toLowerCase()}`).toBe({ red: '#d9363e', yellow: '#f2b705', green: '#2e9d4f', grey: '#9e9e9e' }[item.light]);
    }
  });

  test('SheetJS (a second reader) sees the same cells', async () => {
    const wb = XLSX.read(readFileSync(xlsxFile));
    // As the cells show: the deadline is a date cell formatted yyyy-mm-dd.
    const rows = XLSX.utils.sheet_to_json<Record<string, string>>(wb.Sheets[wb.SheetNames[0]], { defval: '', raw: false });
    expect(rows).toHaveLength(plan.items.length);
    for (const item of plan.items) {
      const row = rows.find((r) => r['序号'] === item.id)!;
      expect(row['反馈问题']).toBe(item.problem);
      expect(row['整改时限']).toBe(item.deadline);
      expect(row['灯色']).toBe(reporters.includes(item) ? '绿灯' : '红灯');
    }
    expect(wb.Sheets[wb.SheetNames[0]]['!freeze'] ?? true).toBeTruthy();
  });

  test('the CSV starts with a BOM and CRLF rows, Chinese headers', () => {
    const csv = ledgerCsv(state);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8').slice(1, 30)).toMatch(/^序号,问题类别,专题/);
  });

  test('a ledger exported and read back (xlsx and csv, Chinese and English headers) describes the same items', async () => {
    const raw = YAML.parse(readFileSync(SEED, 'utf8')) as Record<string, unknown>;
    delete raw.items;
    const same = (p: CampaignPlan) => p.items.map((i) => ({ ...i }));
    const en = buildState({ campaign: state.campaign, rows: sim.collected!.rows, snapshots: sim.collected!.snapshots, asOfMs: state.asOf.ms, lang: 'en' });
    await fs.writeFile(path.join(out, 'ledger-en.xlsx'), await ledgerXlsx(en));
    for (const file of ['ledger.xlsx', 'ledger.csv', 'ledger-en.xlsx']) {
      const campaignFile = path.join(out, `reimport-${file}.yaml`);
      await fs.writeFile(campaignFile, YAML.stringify({ ...raw, itemsFrom: file }));
      const back = await loadCampaign(campaignFile);
      expect(same(back)).toEqual(same(plan));
    }
  });
});

describe('announcement and packet', () => {
  test('the announcement follows the seed: opening with the inspection and its feedback, 一 organisation, every item marked until approved, 三 commitments, the public\'s contact, committee and date', async () => {
    const body = await text(path.join(out, 'announcement.docx'));
    expect(body.startsWith('中共芜湖高新技术产业开发区工作委员会关于巡察整改进展情况的通报')).toBe(true);
    expect(body).toContain('根据省委统一部署，2023年2月27日至4月27日，市委第四联动巡察组对高新区进行了巡察。2023年7月9日市委第四联动巡察组反馈了巡察意见。按照巡察工作有关要求，现将巡察整改进展情况予以公布。');
    expect(body).toContain('一、强化政治担当，坚定坚决扛起整改政治责任');
    expect(body).toContain('一是加强组织领导。');
    expect(body).toContain('“周报告、旬调度、月督查”工作机制');
    let at = 0;
    for (const item of plan.items) {
      const sec = body.indexOf(item.section, 0);
      expect(sec).toBeGreaterThanOrEqual(0);
      // Nobody approved a text in this run: each item is marked, and its draft says how it stands, never a state tag.
      const pos = body.indexOf(`${item.id}【公示稿未审定】关于${item.title}的问题。`, at);
      expect(pos).toBeGreaterThan(at);
      at = pos;
    }
    expect(body).not.toMatch(/（(未启动|整改中|待验收|已销号)|进度 \d/);
    // Unreported items say so: their measures are planned, not done.
    expect(body).toContain('拟采取的整改措施：');
    expect(body).toContain('整改进展：责任单位尚未报送整改进展。');
    expect(body).toContain('共40个问题，已完成0个，基本完成、持续推进0个，未完成40个，完成率0.00%');
    expect(body).toContain('三、坚持常抓不懈，从严从实巩固扩展整改成果');
    expect(body).toMatch(/（一）切实履行主体责任。.*（二）构建长效管理机制。.*（三）统筹推进各项工作。/s);
    expect(body).toContain('如有意见建议，请于公布之日起5日内向高新区巡察整改工作领导专班办公室反映。联系电话：0553-5800000；通信地址：');
    expect(body.trim().endsWith('2023年9月9日')).toBe(true);
    const md = readFileSync(path.join(out, 'announcement.md'), 'utf8');
    expect(md).toContain('## 二、坚持问题导向，有力有效落实整改工作任务');
  });

  test('a packet holds the problem, measures, every report in order, decisions, escalations and the four dimensions with evidence', async () => {
    const s = withCloseout(state);
    const item = s.items[0];
    const file = path.join(out, 'packet-test.docx');
    await fs.writeFile(file, await renderDocx(packet(s, item.key)));
    const body = await text(file);
    expect(body).toContain(item.problem!);
    for (const m of item.measures) expect(body).toContain(m);
    const positions = item.reports.map((r) => body.indexOf(r.progress));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(body).toContain('加快进度，月底前印发');
    for (const d of ['问题解决', '产生原因及追责问责', '举一反三', '长效机制', '已印发制度文件', '学习制度-2023-12号', '（无需追责问责）']) expect(body).toContain(d);
    expect(body).toContain('同意销号');
  });

  test('English when asked: the same figures, English words', () => {
    const en = buildState({ campaign: state.campaign, rows: sim.collected!.rows, snapshots: sim.collected!.snapshots, asOfMs: state.asOf.ms, lang: 'en' });
    const html = renderHtml(bulletin(en));
    expect(html).toContain('40 problems: 0 completed, 0 basically completed and continuing, 40 not completed; completion rate 0.00%.');
    expect(html).toContain('Named for being late');
  });
});

/** The seed state with a close-out, a decision and numbered reports on its first item. */
function withCloseout(s: CampaignState): CampaignState {
  const c = sim.collected!;
  const first = c.rows[0];
  const snap = c.snapshots.get(first.key)!;
  const t0 = Date.parse('2023-07-14T08:00:00+08:00');
  const changed: ItemSnapshot = {
    ...snap,
    status: { ...snap.status, state: 'submitted', percent: 100 },
    reports: [1, 2, 3].map((n) => ({ at: t0 + n * 7 * 86400000, by: '周婷', progress: `第${n}周：完成第${n}阶段任务`, percent: n * 30, evidence: [`材料-${n}`], cycle: n })),
    decisions: [{ at: t0 + 10 * 86400000, instruction: '加快进度，月底前印发', by: '专班办公室' }],
    closeout: {
      solved: { statement: '已印发制度文件', evidence: ['学习制度-2023-12号'] },
      accountability: { statement: '制度缺失，无个人责任', evidence: ['党工委会议纪要'], noneNeeded: true },
      similarCases: { statement: '排查同类制度 5 项', evidence: ['排查清单'] },
      mechanism: { statement: '建立年度学习计划制度', evidence: ['学习计划'] },
      by: '周婷',
    },
  };
  const snapshots = new Map(c.snapshots);
  snapshots.set(first.key, changed);
  return buildState({ campaign: c.campaign, rows: c.rows.map((r) => (r.key === first.key ? { ...r, state: 'submitted', percent: 100 } : r)), snapshots, asOfMs: s.asOf.ms });
}

describe('what a reader sees in the browser', () => {
  test('the bulletin: counts, per-unit table adding up, light colours, every late item, nothing overflowing', async () => {
    const html = readFileSync(path.join(out, 'wuhu-hitech-2023-inspection-20230831-1700.html'), 'utf8');
    const page = await openHtml(browser, html);
    const shown = await page.innerText('body');
    expect(shown).toContain('共 40 个问题，已完成 0 个，基本完成、持续推进 0 个，未完成 40 个，完成率 0.00%。');
    const units = await page.$$eval('#by-unit tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
    expect(units.reduce((sum, r) => sum + Number(r[1]), 0)).toBe(40);
    expect(units.reduce((sum, r) => sum + Number(r[5]), 0)).toBe(state.counts.red);
    const lateIds = await page.$$eval('#late tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
    expect(lateIds.sort()).toEqual(state.late.map((i) => i.id).sort());
    const colours = await page.$$eval('#late td[data-light]', (tds) => tds.map((td) => [td.getAttribute('data-light'), getComputedStyle(td).backgroundColor]));
    expect(colours.length).toBe(state.late.length);
    for (const [light, bg] of colours) expect(bg).toBe(RGB[light as keyof typeof RGB]);
    expect(await overflowing(page, 'td, th, p, h1, h2')).toEqual([]);
    await page.close();
  });

  test('no item text injects markup', async () => {
    const evil = buildState({
      campaign: state.campaign, asOfMs: state.asOf.ms,
      rows: [{ ...sim.collected!.rows[0], title: '<img src=x onerror="document.title=1"><script>window.hacked=1</script>' }],
    });
    const page = await openHtml(browser, renderHtml(bulletin(evil)) + renderChart(evil));
    expect(await page.$$('img')).toHaveLength(0);
    expect(await page.evaluate('window.hacked')).toBeUndefined();
    expect(await page.innerText('body')).toContain('<script>window.hacked=1</script>');
    const svg = renderChartSvg(evil);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    await page.close();
  });

  test('the wall chart at 40 items: every item a row, bars in the light\'s colour, milestones, deadline and today marked', async () => {
    const page = await openHtml(browser, readFileSync(path.join(out, 'chart.html'), 'utf8'));
    const rows = await page.$$eval('.row[data-item]', (els) => els.map((e) => [e.getAttribute('data-item'), e.getAttribute('data-light'), getComputedStyle(e.querySelector('.bar')!).backgroundColor]));
    expect(rows.map((r) => r[0]).sort()).toEqual(plan.items.map((i) => i.id).sort());
    for (const [id, light, bg] of rows) {
      expect(light).toBe(state.items.find((i) => i.id === id)!.light);
      expect(bg).toBe(RGB[light as keyof typeof RGB]);
    }
    expect(await page.$$('.row[data-item] .today')).toHaveLength(40);
    expect(await page.$$('.row[data-item] .dl')).toHaveLength(40);
    expect(await page.$$('.ms')).toHaveLength(plan.items.reduce((n, i) => n + i.milestones.length, 0));
    // The year where the chart starts and at each January; months by name alone between.
    expect((await page.$$eval('.head .month', (els) => els.map((e) => e.textContent))).slice(0, 3)).toEqual(['2023年7月', '8月', '9月']);
    expect(await overflowing(page, '.label, summary')).toEqual([]);
    await readableAt1440(page);
    await page.close();
  });

  /** At 1440 px: no sideways scrolling, no month label running into another, a legend that explains every mark. */
  const readableAt1440 = async (page: Page, lang: 'zh' | 'en' = 'zh'): Promise<void> => {
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    expect(await labelsApart(page, '.head .month')).toBe(true);
    expect(await labelsApart(page, '.head .dekad')).toBe(true);
    const legend = await page.innerText('.legend');
    for (const word of lang === 'en' ? ['milestone', 'milestone delivered', 'deadline', 'percent complete', 'today'] : ['节点', '节点已完成', '整改时限', '完成进度', '今天']) expect(legend).toContain(word);
  };

  test('the wall chart of a campaign running three years: month labels thinned, never overlapping, none past the edge; in English too', async () => {
    const c = sim.collected!;
    const long = buildState({ campaign: c.campaign, rows: c.rows.map((r, n) => (n === 0 ? { ...r, deadline: '2026-06-30' } : r)), asOfMs: state.asOf.ms });
    for (const lang of ['zh', 'en'] as const) {
      const page = await openHtml(browser, renderChart({ ...long, lang }));
      await readableAt1440(page, lang);
      const labels = await page.$$eval('.head .month', (els) => els.map((e) => e.textContent));
      // Fewer labels than months, the years all there.
      expect(labels.length).toBeLessThan(36);
      expect(labels).toEqual(expect.arrayContaining(lang === 'en' ? ['Jul 2023', 'Jan 2024', 'Jan 2025', 'Jan 2026'] : ['2023年7月', '2024年1月', '2025年1月', '2026年1月']));
      await page.close();
      const svgPage = await openHtml(browser, `<!DOCTYPE html><html><body style="margin:0">${renderChartSvg({ ...long, lang })}</body></html>`);
      expect(await labelsApart(svgPage, 'text.month')).toBe(true);
      await svgPage.close();
    }
  });

  test('the wall chart as SVG: every item, bars in the light\'s colour, labels inside their column', async () => {
    const svg = readFileSync(path.join(out, 'chart.svg'), 'utf8');
    const page = await openHtml(browser, `<!DOCTYPE html><html><body style="margin:0">${svg}</body></html>`);
    const rows = await page.$$eval('g[data-item]', (gs) => gs.map((g) => [g.getAttribute('data-item'), g.getAttribute('data-light'),
      g.querySelector('rect')!.getAttribute('fill'), (g.querySelector('text') as SVGTextElement).getBBox().width]));
    expect(rows.map((r) => r[0]).sort()).toEqual(plan.items.map((i) => i.id).sort());
    const hex = { red: '#d9363e', yellow: '#f2b705', green: '#2e9d4f', grey: '#9e9e9e' };
    for (const [, light, fill, width] of rows) {
      expect(fill).toBe(hex[light as keyof typeof hex]);
      expect(width as number).toBeLessThanOrEqual(350);
    }
    // Group headers whole (name and counts, never cut), month labels apart, a legend for every mark.
    const headers = await page.$$eval('svg > text[font-weight="bold"]', (ts) => ts.map((t) => t.textContent ?? ''));
    for (const g of state.byUnit) expect(headers.some((h) => h.startsWith(g.name) && h.includes(`${g.counts.total} 项`) && !h.endsWith('…'))).toBe(true);
    expect(await labelsApart(page, 'text.month')).toBe(true);
    const legend = await page.$$eval('g.legend text', (ts) => ts.map((t) => t.textContent));
    expect(legend).toEqual(expect.arrayContaining(['节点', '节点已完成', '整改时限', '深色部分：完成进度', '今天']));
    expect(await page.evaluate(`(() => { const s = document.querySelector('svg'); const w = Number(s.getAttribute('width'));
      return [...s.querySelectorAll('g.legend text')].every((t) => t.getBoundingClientRect().right <= w); })()`)).toBe(true);
    await page.close();
  });

  test('the wall chart at 700 items stays usable: grouped by unit, collapsible, closed items grey, nothing overflowing', async () => {
    const c = sim.collected!;
    const rows = Array.from({ length: 700 }, (_, n) => {
      const base = c.rows[n % c.rows.length];
      return { ...base, id: `(${n + 1})`, key: String(n + 1), leadUnit: `${base.leadUnit}${Math.floor(n / 40) + 1}`, state: n % 10 === 0 ? 'closed' as const : base.state, light: n % 10 === 0 ? 'grey' as const : base.light };
    });
    const big = buildState({ campaign: c.campaign, rows, asOfMs: state.asOf.ms });
    const started = Date.now();
    const page = await openHtml(browser, renderChart(big));
    expect(Date.now() - started).toBeLessThan(15000);
    expect(await page.$$('.row[data-item]')).toHaveLength(700);
    const groups = await page.$$('details.group');
    expect(groups.length).toBe(big.byUnit.length);
    const greys = await page.$$eval('.row.closed .bar', (els) => els.map((e) => getComputedStyle(e).backgroundColor));
    expect(greys).toHaveLength(70);
    expect(new Set(greys)).toEqual(new Set([RGB.grey]));
    expect(await overflowing(page, '.label, summary')).toEqual([]);
    await readableAt1440(page);
    // Collapsing a group hides its rows.
    expect(await page.$$eval('details.group:first-of-type .row', (els) => els.filter((e) => e.checkVisibility()).length)).toBe(big.byUnit[0].items.length);
    await page.click('details.group >> nth=0 >> summary');
    const hidden = await page.$$eval('details.group:first-of-type .row', (els) => els.filter((e) => !e.checkVisibility()).length);
    expect(hidden).toBe(big.byUnit[0].items.length);
    await page.close();
  });
});
