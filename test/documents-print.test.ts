/**
 * The Word documents as a reader sees them: a small campaign (the seed's first
 * ten items, three weeks, half of them reporting) simulated on the real
 * time-skipping server, each of its documents converted to PDF by Debian's
 * LibreOffice (one soffice call, its own profile; the 公文 font names mapped
 * to Debian's fonts by scripts/gongwen-fonts.conf, as the runbook says), then
 * measured with poppler: A4 portrait, the GB/T 9704-2012 margins, "— n —" on
 * every page, no heading alone at a page foot, the faces each role asks for;
 * the .docx XML for what a PDF cannot show (zh-CN, black headings, repeated
 * header rows, weighted columns). And the ledger xlsx read back with exceljs:
 * typed cells and its print setup. `npm run setup` installs LibreOffice and
 * poppler (scripts/setup-office.sh).
 */
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { promises as fs, readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { loadCampaign } from '../domain/campaign';
import { simulate, type SimulationResult } from '../runtime/simulation';
import { buildState } from '../documents/state';
import { announcement } from '../documents/model';
import { renderDocx } from '../documents/docx';
import type { CampaignPlan } from '../domain/types';
import { tempDir } from './support/cli';

const SEED = path.join(__dirname, '..', 'examples', 'seed-campaign.yaml');
const FONTS_CONF = path.join(__dirname, '..', 'scripts', 'gongwen-fonts.conf');
const UNTIL = '2023-08-01';
const PT = 25.4 / 72;
/** Punctuation that may end a line past the right margin. */
const HANGING = /[，。、；：！？）”.,;:)]$/;

let plan: CampaignPlan;
let sim: SimulationResult;
let out: string;
/** The Word documents converted, by a short name: their .docx and .pdf paths. */
const docs: Record<string, { docx: string; pdf: string }> = {};

beforeAll(async () => {
  const seed = await loadCampaign(SEED);
  plan = { ...seed, items: seed.items.slice(0, 10) };
  out = tempDir('print');
  const reporters = plan.items.filter((_, n) => n % 2 === 0).map((i) => i.id);
  sim = await simulate(plan, UNTIL, {
    reports: [{ items: reporters, weekly: { hoursBefore: 4 }, progress: '已制定工作方案，召开专题会议研究部署，按节点推进', percent: { start: 20, step: 15 }, by: '联络员' }],
    // The office drafts every item's 公示稿 from its record the day before the end, and approves it.
    announcements: [{ items: 'all', at: '2023-07-31T15:00', approve: true, by: '吴敏' }],
  }, { outDir: out });
  const last = (kind: string) => sim.documents.filter((d) => d.kind === kind).at(-1)!.files.docx;
  const en = buildState({ campaign: sim.state!.campaign, rows: sim.collected!.rows, snapshots: sim.collected!.snapshots, asOfMs: sim.state!.asOf.ms, lang: 'en' });
  await fs.writeFile(path.join(out, 'announcement-en.docx'), await renderDocx(announcement(en)));
  const files = {
    announcement: 'announcement.docx', 'announcement-en': 'announcement-en.docx', 'weekly-summary': last('weekly-summary'),
    'dispatch-sheet': last('dispatch-sheet'), bulletin: last('inspection'), packet: path.join('packets', `${plan.items[0].key}.docx`),
  };
  // One soffice call for all of them, with a profile of its own and the 公文 font aliases.
  const conf = path.join(out, 'fonts.conf');
  writeFileSync(conf, `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><include>${FONTS_CONF}</include></fontconfig>`);
  const pdfDir = path.join(out, 'pdf');
  execFileSync('soffice', [`-env:UserInstallation=file://${path.join(out, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', pdfDir,
    ...Object.values(files).map((f) => path.join(out, f))], { env: { ...process.env, FONTCONFIG_FILE: conf }, stdio: 'pipe', timeout: 120000 });
  for (const [name, f] of Object.entries(files)) docs[name] = { docx: path.join(out, f), pdf: path.join(pdfDir, `${path.basename(f, '.docx')}.pdf`) };
}, 240000);

const poppler = (tool: string, args: string[]): string => execFileSync(tool, args, { encoding: 'utf8' });

/** Each page's size in points, from pdfinfo. */
function pageSizes(pdf: string): [number, number][] {
  const pages = Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', [pdf]))![1]);
  const info = poppler('pdfinfo', ['-f', '1', '-l', String(pages), pdf]);
  return [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

interface Word { page: number; x0: number; y0: number; x1: number; y1: number; text: string }
/** Every word on every page with its box in millimetres from the page's top left (pdftotext -bbox). */
function words(pdf: string): Word[] {
  const html = poppler('pdftotext', ['-bbox', pdf, '-']);
  return html.split('<page ').slice(1).flatMap((page, n) => [...page.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)]
    .map((m) => ({ page: n + 1, x0: Number(m[1]) * PT, y0: Number(m[2]) * PT, x1: Number(m[3]) * PT, y1: Number(m[4]) * PT, text: m[5] })));
}

/** Each page's text lines (pdftotext's reading order). */
const pageLines = (pdf: string): string[][] => poppler('pdftotext', [pdf, '-']).split('\f').slice(0, -1).map((p) => p.split('\n').map((l) => l.trim()).filter(Boolean));

async function docxXml(file: string): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const parts: Record<string, string> = {};
  for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xml'))) parts[name] = await zip.file(name)!.async('string');
  return parts;
}
const attrs = (xml: string, element: string, attr: string): string[] =>
  [...xml.matchAll(new RegExp(`<${element}\\b[^>]*\\b${attr}="([^"]*)"`, 'g'))].map((m) => m[1]);

describe('every Word document through LibreOffice, as GB/T 9704-2012 lays it out', () => {
  const NAMES = ['announcement', 'announcement-en', 'weekly-summary', 'dispatch-sheet', 'bulletin', 'packet'];

  test.each(NAMES)('%s: A4 portrait on every page, the text inside the 37/35/28/26 mm margins, "— n —" at the foot of every page', (name) => {
    const sizes = pageSizes(docs[name].pdf);
    expect(sizes.length).toBeGreaterThan(0);
    for (const [w, h] of sizes) {
      expect(Math.abs(w * PT - 210)).toBeLessThan(1);
      expect(Math.abs(h * PT - 297)).toBeLessThan(1);
    }
    const all = words(docs[name].pdf);
    const body = all.filter((x) => x.y0 < 262);
    const foot = all.filter((x) => x.y0 >= 262);
    for (const x of body) {
      expect([x.text, x.x0]).toEqual([x.text, expect.toBeWithin(27.5, 184.5)]);
      // A comma or full stop at a line's end may hang into the margin (Word's and LibreOffice's overflowPunct).
      expect([x.text, x.x1]).toEqual([x.text, expect.toBeWithin(27.5, HANGING.test(x.text) ? 190.5 : 184.5)]);
      expect([x.text, x.y0]).toEqual([x.text, expect.toBeWithin(36.5, 262.5)]);
      expect([x.text, x.y1]).toEqual([x.text, expect.toBeWithin(36.5, 262.5)]);
    }
    // Lines start at the left margin and justified lines reach the right one.
    expect(Math.min(...body.map((x) => x.x0))).toBeWithin(27.5, 29);
    expect(Math.max(...body.filter((x) => !HANGING.test(x.text)).map((x) => x.x1))).toBeWithin(181, 184.5);
    sizes.forEach((_, n) => {
      const number = foot.filter((x) => x.page === n + 1).map((x) => x.text).join(' ');
      expect([n + 1, number]).toEqual([n + 1, `— ${n + 1} —`]);
    });
    // 单页码居右空一字，双页码居左空一字.
    const odd = foot.filter((x) => x.page === 1);
    expect(Math.max(...odd.map((x) => x.x1))).toBeWithin(177, 181);
    const even = foot.filter((x) => x.page === 2);
    if (even.length) expect(Math.min(...even.map((x) => x.x0))).toBeWithin(31, 35);
  });

  test('the announcement prints every item\'s approved 公示稿 as it was approved, no state tags, the seed\'s opening and closing', () => {
    // The PDF's text, without the page numbers (each page's last line) and line breaks; pdftotext drops the punctuation
    // that hangs past a line's end, so the comparison of each item's text leaves 。，；、 out.
    const flat = pageLines(docs.announcement.pdf).flatMap((p) => p.slice(0, -1)).join('').replace(/\s+/g, '');
    const bare = (t: string): string => t.replace(/[\s，。；、：]/g, '');
    expect(flat).not.toMatch(/公示稿未审定|（(未启动|整改中|待验收|已销号|持续整改|已退回)|进度\d|\d%）/);
    for (const item of plan.items) {
      const a = sim.collected!.snapshots.get(item.key)!.announcement;
      expect([item.id, a?.status, a?.approvedBy]).toEqual([item.id, 'approved', '吴敏']);
      expect(bare(flat)).toContain(bare(`${item.id}${a!.text}`));
    }
    // Reported items say how far they are; the silent ones that they have not reported (their measures planned, not done).
    expect(flat).toContain('整改进展：正在整改，已完成约');
    expect(flat).toContain('拟采取的整改措施：');
    expect(flat).toContain('2023年2月27日至4月27日，市委第四联动巡察组对高新区进行了巡察。2023年7月9日市委第四联动巡察组反馈了巡察意见。');
    expect(flat).toMatch(/（一）切实履行主体责任。.*（三）统筹推进各项工作。.*联系电话：0553-5800000/);
    expect(flat).toMatch(/共10个问题，已完成0个/);
  });

  test('the announcement runs to several pages and no heading is left alone at a page foot', async () => {
    const lines = pageLines(docs.announcement.pdf);
    expect(lines.length).toBeGreaterThan(1);
    const xml = (await docxXml(docs.announcement.docx))['word/document.xml'];
    // The headings' texts, from the paragraphs that carry a heading style.
    const headings = [...xml.matchAll(/<w:p>(?:(?!<\/w:p>).)*?<w:pStyle w:val="Heading\d"\/>(.*?)<\/w:p>/g)].map((m) => [...m[1].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
    expect(headings).toEqual(expect.arrayContaining(['一、强化政治担当，坚定坚决扛起整改政治责任', plan.items[0].section]));
    for (const [n, page] of lines.entries()) {
      const lastBodyLine = page.at(-2); // the last is the page number
      expect([n + 1, headings.includes(lastBodyLine ?? '')]).toEqual([n + 1, false]);
    }
  });

  test.each(NAMES)('%s asks for the 公文 faces (小标宋 title, 仿宋 body, 黑体 and 楷体 headings, 宋体 page numbers) with zh-CN, and the PDF shows distinct faces', async (name) => {
    const xml = await docxXml(docs[name].docx);
    const all = Object.values(xml).join('');
    const eastAsia = new Set(attrs(all, 'w:rFonts', 'w:eastAsia'));
    expect([...eastAsia].filter((f) => !['方正小标宋简体', '仿宋_GB2312', '黑体', '楷体_GB2312', '宋体'].includes(f))).toEqual([]);
    const runsOf = (part: string, face: string) => attrs(xml[part] ?? '', 'w:rFonts', 'w:eastAsia').filter((f) => f === face).length;
    expect(runsOf('word/document.xml', '方正小标宋简体')).toBeGreaterThan(0);
    expect(runsOf('word/document.xml', '仿宋_GB2312')).toBeGreaterThan(0);
    expect(runsOf('word/document.xml', '黑体')).toBeGreaterThan(0);
    const footers = Object.keys(xml).filter((p) => /word\/footer\d+\.xml/.test(p));
    expect(footers.length).toBe(2); // odd and even pages
    for (const f of footers) {
      expect(attrs(xml[f], 'w:rFonts', 'w:eastAsia')).toEqual(expect.arrayContaining(['宋体']));
      expect(attrs(xml[f], 'w:sz', 'w:val')).toEqual(expect.arrayContaining(['28']));
    }
    expect(xml['word/settings.xml']).toContain('<w:evenAndOddHeaders');
    // The language: zh-CN for East Asian text (LibreOffice and WPS then pick Chinese glyph shapes).
    const lang = /<w:docDefaults>.*?<w:lang ([^>]*)\/>/s.exec(xml['word/styles.xml'])![1];
    expect(lang).toContain('w:eastAsia="zh-CN"');
    expect(lang).toContain(name.endsWith('-en') ? 'w:val="en-US"' : 'w:val="zh-CN"');
    // Latin text in Times New Roman (English headings in Arial).
    const latin = new Set(attrs(xml['word/document.xml'], 'w:rFonts', 'w:ascii'));
    expect([...latin].sort()).toEqual(name.endsWith('-en') ? ['Arial', 'Times New Roman'] : ['Times New Roman']);
    // The sizes: 2号 title (44 half-points), 3号 body (32).
    expect(attrs(xml['word/document.xml'], 'w:sz', 'w:val')).toEqual(expect.arrayContaining(['44', '32']));
    // The PDF embeds a serif CJK face for the body and title, a sans one for 黑体 (through the aliases to the fonts Debian has).
    const fonts = poppler('pdffonts', [docs[name].pdf]);
    expect(fonts).toMatch(/NotoSerifCJK/);
    if (!name.endsWith('-en')) expect(fonts).toMatch(/NotoSansCJK/); // English headings are in Arial
    if (name.startsWith('announcement')) {
      expect(runsOf('word/document.xml', '楷体_GB2312')).toBeGreaterThan(0);
      expect(fonts).toMatch(/UKai/);
    }
  });

  test.each(NAMES)('%s: black text, headings too; every table repeats its header row and weighs its columns', async (name) => {
    const xml = await docxXml(docs[name].docx);
    const doc = xml['word/document.xml'];
    const styles = xml['word/styles.xml'];
    const black = (c: string) => ['000000', 'auto'].includes(c);
    expect(attrs(doc, 'w:color', 'w:val').filter((c) => !black(c))).toEqual([]);
    // Each style a paragraph or run uses, and the styles it is based on, with their colours.
    const style = (id: string) => new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>(.*?)</w:style>`, 's').exec(styles)?.[1] ?? '';
    const used = new Set([...attrs(doc, 'w:pStyle', 'w:val'), ...attrs(doc, 'w:rStyle', 'w:val')]);
    expect([...used]).toEqual(expect.arrayContaining(['Title', 'Heading1']));
    for (let id of used) {
      for (let depth = 0; id && depth < 10; depth++) {
        const s = style(id);
        expect([id, attrs(s, 'w:color', 'w:val').filter((c) => !black(c))]).toEqual([id, []]);
        id = attrs(s, 'w:basedOn', 'w:val')[0];
      }
      // Headings stay with what follows.
      if (/^Heading/.test(id)) expect(style(id)).toContain('<w:keepNext');
    }
    const tables = doc.split('<w:tbl>').slice(1);
    expect(tables.length > 0).toBe(!name.startsWith('announcement'));
    for (const t of tables) {
      const [, header] = t.split(/<w:tr[ >]/);
      expect(header).toContain('<w:tblHeader');
      const cols = attrs(t, 'w:gridCol', 'w:w').map(Number);
      if (cols.length > 2) expect(new Set(cols).size).toBeGreaterThan(1);
      // An item table: 序号 narrower than 事项.
      if (/<w:t[^>]*>(序号|item)<\/w:t>/.test(header.split('</w:tc>')[0])) expect(cols[0]).toBeLessThan(cols[1]);
    }
  });
});

describe('the ledger xlsx', () => {
  test('dates as dates, percents and counts as numbers; A4 landscape fit to width, the header on every page, rows as tall as their wrapped text', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'ledger.xlsx'));
    const ws = wb.worksheets[0];
    const head = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const col = (h: string) => head.indexOf(h) + 1;
    expect(ws.rowCount).toBe(plan.items.length + 1);
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const item = plan.items.find((i) => i.id === String(row.getCell(col('序号')).value))!;
      const deadline = row.getCell(col('整改时限'));
      expect(deadline.value).toBeInstanceOf(Date);
      expect((deadline.value as Date).toISOString().slice(0, 10)).toBe(item.deadline);
      expect(deadline.numFmt).toBe('yyyy-mm-dd');
      const percent = row.getCell(col('完成百分比'));
      expect(typeof percent.value).toBe('number');
      expect(percent.value as number).toBeWithin(0, 1);
      expect(percent.numFmt).toBe('0%');
      expect(typeof row.getCell(col('督促升级次数')).value).toBe('number');
      // 措施 one per line: the row holds at least that many lines.
      expect(row.height).toBeGreaterThanOrEqual(15 * item.measures.length);
    }
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
  });
});

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> { toBeWithin(lo: number, hi: number): R }
    interface Expect { toBeWithin(lo: number, hi: number): unknown }
  }
}
expect.extend({
  toBeWithin(received: number, lo: number, hi: number) {
    const pass = received >= lo && received <= hi;
    return { pass, message: () => `expected ${received} ${pass ? 'not ' : ''}to be within [${lo}, ${hi}]` };
  },
});
