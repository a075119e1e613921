/**
 * .docx for every document, from the same blocks as the HTML (the `docx` package), laid out as 公文
 * (GB/T 9704-2012 党政机关公文格式): A4 portrait, margins 37/35/28/26 mm, title 2号 方正小标宋简体, body 3号
 * 仿宋_GB2312 on 22 lines of 28 characters, level-one headings 黑体, level-two 楷体_GB2312, page numbers
 * "— 1 —" in 4号 宋体 at the foot (odd pages right, even pages left, one character in), black text, the
 * language zh-CN (so LibreOffice and WPS pick Chinese glyph shapes, not Japanese ones). English documents
 * keep the layout with Latin fonts (Chinese names in them keep the Chinese faces).
 *
 * The layout lives in one place, `GONGWEN` and `gongwenDocx()`: every Word document of rectify (the
 * scheduled ones, the announcement, the packet, and any new one) is a title and a list of paragraphs and
 * tables handed to `gongwenDocx()`. Tables get weighted column widths (序号 narrow, text columns wide) and
 * repeat their header row on every page; headings are kept with what follows.
 */
import {
  AlignmentType, BorderStyle, Document, Footer, HeadingLevel, LineRuleType, Packer, PageNumber, Paragraph, ShadingType, Table,
  TableCell, TableLayoutType, TableRow, TextRun, VerticalAlignTable, WidthType, type IRunOptions,
} from 'docx';
import type { Language } from '../domain/i18n';
import type { Light } from '../domain/types';
import type { Block, Cell, Doc } from './model';
import { cellText, documentBlocks } from './model';
import { CJK_CHARACTER as CJK, textWidth } from './table';

/** Millimetres in twentieths of a point (twips), as Word measures a page. */
const mm = (n: number): number => Math.round((n / 25.4) * 1440);

/** The page and the type of GB/T 9704-2012, in the units Word uses (twips; sizes in half-points). */
export const GONGWEN = {
  /** A4 portrait, 210 × 297 mm. */
  page: { width: mm(210), height: mm(297) },
  /** 天头 37 mm, bottom 35 mm, 订口 (left) 28 mm, right 26 mm: a 156 × 225 mm text block. */
  margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
  /** The page number's line starts 7 mm below the text block: 35 − 7 mm, less the 14 pt line it sits on. */
  footer: mm(35 - 7) - 280,
  /** 22 lines in 225 mm: 28.9 pt each, exact. */
  line: 578,
  /** 28 characters in 156 mm: a character pitch of 15.79 pt (the body's 16 pt, condensed). */
  charsPerLine: 28,
  /** Half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt; tables 小四 12 pt, 五号 10.5 pt or 小五 9 pt. */
  size: { title: 44, body: 32, pageNumber: 28, tables: [24, 21, 18] },
} as const;

const TEXT_WIDTH = GONGWEN.page.width - GONGWEN.margin.left - GONGWEN.margin.right;
/**
 * 28 characters in the 156 mm line: the body's 16 pt condensed by a quarter point (in twentieths of a point, as
 * w:spacing counts), rather than Word's character grid, which LibreOffice spreads over the line.
 */
const CONDENSE = -Math.ceil(((GONGWEN.size.body / 2) - (TEXT_WIDTH / 20 / GONGWEN.charsPerLine)) * 20);
/** One body character (3号, 16 pt) in twips: indents are counted in characters. */
const CHAR = GONGWEN.size.body * 10;

/** The faces a document asks for, by role: East Asian names as offices have them, Latin ones for letters and digits. */
type Role = 'title' | 'body' | 'heading1' | 'heading2' | 'tableHead' | 'pageNumber';

/** The Chinese face of each role (GB/T 9704-2012 §7). */
const EAST_ASIA: Record<Role, string> = {
  title: '方正小标宋简体', body: '仿宋_GB2312', heading1: '黑体', heading2: '楷体_GB2312', tableHead: '黑体', pageNumber: '宋体',
};
/** The Latin face of each role: Times New Roman for letters and digits in Chinese text; English documents set headings in Arial. */
const LATIN: Record<Language, Record<Role, string>> = {
  zh: { title: 'Times New Roman', body: 'Times New Roman', heading1: 'Times New Roman', heading2: 'Times New Roman', tableHead: 'Times New Roman', pageNumber: '宋体' },
  en: { title: 'Times New Roman', body: 'Times New Roman', heading1: 'Arial', heading2: 'Times New Roman', tableHead: 'Arial', pageNumber: 'Times New Roman' },
};

const font = (role: Role, l: Language): IRunOptions['font'] => ({ eastAsia: EAST_ASIA[role], ascii: LATIN[l][role], hAnsi: LATIN[l][role], cs: LATIN[l][role], hint: l === 'en' ? undefined : 'eastAsia' });

/**
 * The font table: each face with its other name and its character set (86: GB2312), so Word and WPS find the
 * installed font under either name. Where none is installed, fontconfig picks a zh-CN font; the runbook names the
 * Debian packages and the aliases (config/fonts/gongwen.conf) that give the closest glyphs.
 */
const FONT_TABLE: { name: string; altName?: string; charset: string; family: string; pitch: string }[] = [
  { name: '方正小标宋简体', altName: 'FZXiaoBiaoSong-B05S', charset: '86', family: 'script', pitch: 'variable' },
  { name: '仿宋_GB2312', altName: 'FangSong_GB2312', charset: '86', family: 'modern', pitch: 'fixed' },
  { name: '黑体', altName: 'SimHei', charset: '86', family: 'modern', pitch: 'variable' },
  { name: '楷体_GB2312', altName: 'KaiTi_GB2312', charset: '86', family: 'modern', pitch: 'fixed' },
  { name: '宋体', altName: 'SimSun', charset: '86', family: 'auto', pitch: 'variable' },
  { name: 'Times New Roman', charset: '00', family: 'roman', pitch: 'variable' },
  { name: 'Arial', charset: '00', family: 'swiss', pitch: 'variable' },
];

const xmlAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const fontTableXml = (): string => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${FONT_TABLE.map((f) =>
  `<w:font w:name="${xmlAttr(f.name)}">${f.altName ? `<w:altName w:val="${xmlAttr(f.altName)}"/>` : ''}<w:charset w:val="${f.charset}"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`).join('')}</w:fonts>`;

/** Black everywhere: Word's heading styles come blue unless told. */
const BLACK = '000000';
const exact = (line: number) => ({ line, lineRule: LineRuleType.EXACT, before: 0, after: 0 });

const run = (text: string, role: Role, l: Language, size: number = GONGWEN.size.body, extra: IRunOptions = {}): TextRun =>
  new TextRun({ text, font: font(role, l), size, color: BLACK, ...extra });

/** A body paragraph: 3号 仿宋, first line indented two characters, justified. */
export function bodyParagraph(text: string, l: Language, opts: { indent?: boolean; keepNext?: boolean } = {}): Paragraph {
  return new Paragraph({
    children: [run(text, 'body', l, GONGWEN.size.body, { characterSpacing: CONDENSE })], alignment: AlignmentType.JUSTIFIED,
    indent: opts.indent === false ? undefined : { firstLine: 2 * CHAR }, keepNext: opts.keepNext,
  });
}

/** 一级标题 (黑体) or 二级标题 (楷体_GB2312): the body's size, two characters in, kept with what follows. */
export function heading(text: string, level: 1 | 2, l: Language): Paragraph {
  return new Paragraph({
    heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
    children: [run(text, level === 1 ? 'heading1' : 'heading2', l, GONGWEN.size.body, { characterSpacing: CONDENSE })], keepNext: true, keepLines: true,
  });
}

/** The signature lines (署名, 成文日期): right-aligned, four characters in from the right, after a blank line. */
const signature = (text: string, l: Language, first: boolean): Paragraph[] => [
  ...(first ? [new Paragraph({ children: [] })] : []),
  new Paragraph({ children: [run(text, 'body', l)], alignment: AlignmentType.RIGHT, indent: { right: 4 * CHAR }, keepNext: first, keepLines: true }),
];

/** Pale fills for the light of a cell: the cell says 红灯/黄灯 in black text, the tint only helps the eye (and prints grey). */
const LIGHT_TINTS: Record<Light, string> = { red: 'F4C7C9', yellow: 'FBE8B0', green: 'CDE9D5', grey: 'E6E6E6' };

const BREAK = new RegExp(`\\s|${CJK.source}`, 'u');

/**
 * The widest piece of a cell's line that should not wrap: a short Chinese phrase whole (a name, 整改中, 红灯), else
 * its longest Latin word, date or figure (longer Chinese text breaks between any two characters, but keeps four a
 * line). A Chinese
 * header may wrap onto two lines (责任/领导).
 */
const unbroken = (s: string, header = false): number => (CJK.test(s) && header ? Math.ceil(textWidth(s) / 2)
  : CJK.test(s) && textWidth(s) <= 5 ? textWidth(s) : Math.max(CJK.test(s) ? 4 : 0, ...s.split(BREAK).map(textWidth)));

/**
 * Column widths in twips, weighted by what the columns hold, or undefined when the columns' least widths do not
 * fit. Each column has a least width (what must not wrap: a date, a percent, 序号 "(12)", a name) and a natural
 * width (its widest line). Where the natural widths fit, each column gets its share of the line by its natural
 * width; where they do not, each gets its least width plus a share of what is left by how much more it would
 * take: 序号, 灯色, 进度 stay narrow; 事项, 最近进展 take what is left.
 */
export function columnWidths(head: string[], rows: string[][], available: number, charTwips: number): number[] | undefined {
  const pad = 0.8;
  const lines = (c: number) => rows.flatMap((r) => (r[c] ?? '').split('\n'));
  const least = head.map((h, c) => Math.min(8, Math.max(1, unbroken(h, true), ...lines(c).map((t) => unbroken(t)))) + pad);
  const natural = head.map((h, c) => {
    const cells = Math.max(0, ...lines(c).map(textWidth));
    const hw = textWidth(h);
    return Math.max(least[c], Math.max(2, cells, Math.min(hw, Math.max(Math.ceil(hw / 2), cells))) + pad);
  });
  const chars = available / charTwips;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  if (sum(least) > chars) return undefined;
  const widths = sum(natural) <= chars ? natural.map((n) => (n * chars) / sum(natural))
    : least.map((m, c) => m + ((natural[c] - m) * (chars - sum(least))) / (sum(natural) - sum(least)));
  const twips = widths.map((x) => Math.floor(x * charTwips));
  twips[twips.length - 1] += available - sum(twips);
  return twips;
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: BLACK };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER };

/**
 * A table in 公文: black rules, a 黑体 header row repeated on each page, single-spaced, in the largest of 小四, 五号
 * and 小五 its columns fit across the portrait page in (no document of rectify needs a landscape page: the widest,
 * the English weekly summary's ten columns, fits in 小五).
 */
export function table(head: string[], rows: Cell[][], l: Language): Table {
  const texts = rows.map((r) => r.map(cellText));
  const fitting = GONGWEN.size.tables.map((size) => ({ size, widths: columnWidths(head, texts, TEXT_WIDTH, size * 10) })).find((f) => f.widths);
  const size = fitting?.size ?? GONGWEN.size.tables.at(-1)!;
  // Nothing fits even in 小五: equal columns, Chinese wrapping between any two characters.
  const widths = fitting?.widths ?? head.map(() => Math.floor(TEXT_WIDTH / head.length));
  const para = (text: string, header: boolean) => new Paragraph({
    children: [run(text, header ? 'tableHead' : 'body', l, size)],
    alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT,
    spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
  });
  const tableCell = (c: Cell, n: number, header: boolean) => {
    const light = typeof c === 'string' ? undefined : c.light;
    return new TableCell({
      width: { size: widths[n], type: WidthType.DXA },
      margins: { left: 60, right: 60, top: 30, bottom: 30 },
      verticalAlign: header ? VerticalAlignTable.CENTER : VerticalAlignTable.TOP,
      children: cellText(c).split('\n').map((t) => para(t, header)),
      shading: light ? { type: ShadingType.CLEAR, fill: LIGHT_TINTS[light], color: 'auto' } : undefined,
    });
  };
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: widths, layout: TableLayoutType.FIXED, borders: BORDERS,
    rows: [new TableRow({ tableHeader: true, cantSplit: true, children: head.map((h, n) => tableCell(h, n, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c, n) => tableCell(c, n, false)) }))],
  });
}

/** "— 1 —" in 4号 宋体: odd pages at the right, even pages at the left, one character in. */
const pageNumber = (l: Language, side: 'odd' | 'even'): Footer => new Footer({
  children: [new Paragraph({
    alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
    indent: side === 'odd' ? { right: GONGWEN.size.pageNumber * 10 } : { left: GONGWEN.size.pageNumber * 10 },
    spacing: exact(GONGWEN.size.pageNumber * 10),
    children: [run('— ', 'pageNumber', l, GONGWEN.size.pageNumber), new TextRun({ children: [PageNumber.CURRENT], font: font('pageNumber', l), size: GONGWEN.size.pageNumber, color: BLACK }),
      run(' —', 'pageNumber', l, GONGWEN.size.pageNumber)],
  })],
});

/** What a 公文 is made of: a title (and a line under it, such as the date), then paragraphs and tables. */
export interface GongwenContent {
  lang: Language;
  title: string;
  subtitle?: string;
  children: (Paragraph | Table)[];
}

/** The one 公文 layout every Word document of rectify goes through. */
export async function gongwenDocx(c: GongwenContent): Promise<Buffer> {
  const l = c.lang;
  const language = { value: l === 'en' ? 'en-US' : 'zh-CN', eastAsia: 'zh-CN' };
  const headingStyle = (role: Role) => ({
    run: { font: font(role, l), size: GONGWEN.size.body, bold: false, italics: false, color: BLACK },
    paragraph: { spacing: exact(GONGWEN.line), indent: { firstLine: 2 * CHAR }, keepNext: true, keepLines: true },
  });
  const d = new Document({
    creator: 'rectify', title: c.title, evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: font('body', l), size: GONGWEN.size.body, color: BLACK, language },
          paragraph: { spacing: exact(GONGWEN.line) },
        },
        title: {
          run: { font: font('title', l), size: GONGWEN.size.title, bold: l === 'en', color: BLACK },
          paragraph: { alignment: AlignmentType.CENTER, spacing: exact(Math.round(GONGWEN.line * 1.2)), keepNext: true, keepLines: true },
        },
        heading1: headingStyle('heading1'),
        heading2: headingStyle('heading2'),
        heading3: headingStyle('heading2'),
      },
    },
    sections: [{
      properties: {
        page: {
          size: { width: GONGWEN.page.width, height: GONGWEN.page.height },
          margin: { ...GONGWEN.margin, header: mm(15), footer: GONGWEN.footer, gutter: 0 },
        },
      },
      footers: { default: pageNumber(l, 'odd'), even: pageNumber(l, 'even') },
      children: [
        new Paragraph({ heading: HeadingLevel.TITLE, children: [run(c.title, 'title', l, GONGWEN.size.title, { bold: l === 'en' })] }),
        // 标题下空一行; the subtitle (a date, a campaign) in the body face, centred.
        ...(c.subtitle ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(c.subtitle, 'body', l)] })] : []),
        new Paragraph({ children: [] }),
        ...c.children,
      ],
    }],
  });
  return Packer.toBuffer(d, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}

/** The blocks of a document as 公文 paragraphs and tables: h1/h2 level-one headings, h3 level-two. */
function blocks(bs: Block[], l: Language): (Paragraph | Table)[] {
  let signed = false;
  return bs.flatMap((b): (Paragraph | Table)[] => {
    switch (b.type) {
      case 'h1': case 'h2': return [heading(b.text, 1, l)];
      case 'h3': return [heading(b.text, 2, l)];
      case 'p':
        if (b.cls === 'signature') { const first = !signed; signed = true; return signature(b.text, l, first); }
        return [bodyParagraph(b.text, l, { keepNext: b.cls === 'topic' })];
      case 'list': return b.items.map((t, n) => bodyParagraph(`${n + 1}. ${t}`, l));
      case 'table': return [table(b.head, b.rows, l), new Paragraph({ children: [] })];
    }
  });
}

export function renderDocx(doc: Doc): Promise<Buffer> {
  return gongwenDocx({ lang: doc.lang, title: doc.title, subtitle: doc.subtitle || undefined, children: blocks(documentBlocks(doc), doc.lang) });
}
