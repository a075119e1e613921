/**
 * A table as a spreadsheet: the one xlsx / csv writer of the ledger (整改台账)
 * and the audit export. xlsx with column widths, a bold frozen header row, an
 * autofilter, wrapped text, optional cell colours, dates and numbers as typed
 * cells (Excel sorts and sums them), and a print setup (A4 landscape, fit to
 * the page's width, the header row on every page, each row as tall as its
 * wrapped text); CSV in UTF-8 with a BOM (so Excel reads the Chinese) and CRLF
 * line ends.
 */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';

/**
 * A typed xlsx cell: a day (ISO yyyy-mm-dd, shown as such), a fraction shown as a percent, a count, a number
 * shown with two decimals, or text (in a column of numbers: a rank column's 不参与排名).
 */
export type Typed = { date: string } | { percent: number } | { count: number } | { decimal: number } | { text: string };

export interface Column<T> {
  header: string;
  width: number;
  /** The cell's text: the CSV's cell, and the xlsx's unless `typed` gives it. */
  value: (row: T) => string;
  /** The xlsx cell as a date or a number (undefined: an empty cell). */
  typed?: (row: T) => Typed | undefined;
  /** A cell colour as #rrggbb, if the cell has one. */
  fill?: (row: T) => string | undefined;
}

const CJK = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** How wide a text is in Chinese characters: a Chinese character one, a Latin letter or digit about half (the .docx and .xlsx layouts). */
export const textWidth = (s: string): number => [...s].reduce((n, ch) => n + (CJK.test(ch) ? 1 : 0.55), 0);
/** Chinese characters, and what a line breaks at: spaces and between any two Chinese characters. */
export const CJK_CHARACTER = CJK;

const xlsxValue = (t: Typed): Date | number | string => ('date' in t ? new Date(`${t.date}T00:00:00Z`) : 'percent' in t ? t.percent
  : 'count' in t ? t.count : 'decimal' in t ? t.decimal : t.text);
const NUMBER_FORMAT = { date: 'yyyy-mm-dd', percent: '0%', count: '0', decimal: '0.00', text: '@' } as const;
const formatOf = (t: Typed): string => NUMBER_FORMAT[(Object.keys(t) as (keyof typeof NUMBER_FORMAT)[])[0]];

/** Points per wrapped line of 11-point text, and Excel's tallest row. */
const LINE_POINTS = 15;
const MAX_ROW_POINTS = 409;

/**
 * A row's height for its wrapped text: Excel keeps a row's stored height (and LibreOffice may too), so a row of
 * long cells left at the default height prints cut off. A column of width w holds about w / 2 Chinese characters.
 */
export function rowHeight(texts: string[], widths: number[]): number {
  const lines = Math.max(1, ...texts.map((t, n) => t.split('\n').reduce((k, line) => k + Math.max(1, Math.ceil((textWidth(line) * 2) / Math.max(1, widths[n] - 1))), 0)));
  return Math.min(MAX_ROW_POINTS, lines * LINE_POINTS + 3);
}

/** One sheet of a workbook: its name, columns and rows. */
export interface Sheet<T> {
  name: string;
  cols: Column<T>[];
  rows: T[];
  frozenColumns?: number;
}

function addSheet<T>(wb: ExcelJS.Workbook, { name, cols, rows, frozenColumns = 1 }: Sheet<T>): void {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1, xSplit: frozenColumns }],
    // Printed on A4 landscape, as wide as the page, as many pages down as it takes, the header row on each.
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C&P / &N' },
  });
  ws.columns = cols.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF1F5' } };
  const widths = cols.map((c) => c.width);
  for (const r of rows) {
    const row = ws.addRow(cols.map((c) => {
      const t = c.typed?.(r);
      return t ? xlsxValue(t) : c.typed ? null : c.value(r);
    }));
    row.alignment = { wrapText: true, vertical: 'top' };
    row.height = rowHeight(cols.map((c) => c.value(r)), widths);
    cols.forEach((c, n) => {
      const t = c.typed?.(r);
      if (t) row.getCell(n + 1).numFmt = formatOf(t);
      const colour = c.fill?.(r);
      if (colour) row.getCell(n + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${colour.slice(1).toUpperCase()}` } };
    });
  }
  ws.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
  ws.getRow(1).height = rowHeight(cols.map((c) => c.header), widths);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
}

/** A workbook of one or more sheets of the same kind of row. */
export async function sheetsXlsx<T>(sheets: Sheet<T>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'rectify';
  for (const sheet of sheets) addSheet(wb, sheet);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function tableXlsx<T>(sheet: string, cols: Column<T>[], rows: T[], frozenColumns = 1): Promise<Buffer> {
  return sheetsXlsx([{ name: sheet, cols, rows, frozenColumns }]);
}

/**
 * A cell that Excel would read as a formula (=, +, -, @, tab, CR first: text a unit reported could be
 * `=HYPERLINK(…)`) gets a leading apostrophe; the ledger reader drops it again (domain/ledger/read-csv.ts).
 */
export const csvSafe = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/**
 * UTF-8 with a BOM, so Excel opens it without garbled characters; CRLF between records. A cell holding a
 * line break (every multi-measure cell: 措施 one per line), a quote, a comma or a space at either end is
 * quoted: with CRLF as the record delimiter csv-stringify would otherwise quote only cells holding a
 * whole CRLF, and a bare LF would end the record for Python's csv module and Excel (and put a line of a
 * cell at the start of a line, past the formula guard, which looks at the cell's start).
 */
export function tableCsv<T>(cols: Column<T>[], rows: T[]): Buffer {
  const text = stringify([cols.map((c) => c.header), ...rows.map((r) => cols.map((c) => csvSafe(c.value(r))))], {
    record_delimiter: '\r\n',
    quote_record_delimiter: true,
    quoted_match: [/^\s|\s$/],
  });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
