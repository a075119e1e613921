/**
 * A table as a spreadsheet: the one xlsx / csv writer of the ledger (整改台账)
 * and the audit export. xlsx with column widths, a bold frozen header row, an
 * autofilter, wrapped text and optional cell colours; CSV in UTF-8 with a BOM
 * (so Excel reads the Chinese) and CRLF line ends.
 */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';

export interface Column<T> {
  header: string;
  width: number;
  value: (row: T) => string;
  /** A cell colour as #rrggbb, if the cell has one. */
  fill?: (row: T) => string | undefined;
}

export async function tableXlsx<T>(sheet: string, cols: Column<T>[], rows: T[], frozenColumns = 1): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'rectify';
  const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1, xSplit: frozenColumns }] });
  ws.columns = cols.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF1F5' } };
  for (const r of rows) {
    const row = ws.addRow(cols.map((c) => c.value(r)));
    row.alignment = { wrapText: true, vertical: 'top' };
    cols.forEach((c, n) => {
      const colour = c.fill?.(r);
      if (colour) row.getCell(n + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${colour.slice(1).toUpperCase()}` } };
    });
  }
  ws.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
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
