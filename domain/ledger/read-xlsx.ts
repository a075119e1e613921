/**
 * An `.xlsx` ledger (its first worksheet) as a grid of cells: rich text, hyperlinks (a mailto:
 * link is a contact's address), dates, numbers, and formulas by their saved result. A cell
 * showing an error, or a formula never calculated, is a `bad` cell with the reason.
 */
import type { Ledger } from './columns';
import { EMPTY, type Cell, type Grid } from './grid';

function richText(v: unknown): string | undefined {
  if (v && typeof v === 'object' && Array.isArray((v as { richText?: unknown }).richText)) {
    return ((v as { richText: { text?: unknown }[] }).richText)
      .map((r) => (typeof r.text === 'string' ? r.text : ''))
      .join('');
  }
  return undefined;
}

function mailtoAddress(link: string): string | undefined {
  const m = /^mailto:([^?]*)/i.exec(link.trim());
  if (!m) return undefined;
  let a = m[1];
  try {
    a = decodeURIComponent(a);
  } catch {
    /* keep as written */
  }
  return a.trim() || undefined;
}

function xlsxCell(v: unknown, depth = 0): Cell {
  if (v === null || v === undefined) return EMPTY;
  if (typeof v === 'string') return v.trim() ? { kind: 'text', text: v } : EMPTY;
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'number', value: v } : { kind: 'bad', what: 'not a number' };
  if (typeof v === 'boolean') return { kind: 'text', text: v ? 'TRUE' : 'FALSE' };
  if (v instanceof Date) {
    return Number.isNaN(v.getTime()) ? { kind: 'bad', what: 'not a valid date' } : { kind: 'date', iso: v.toISOString().slice(0, 10) };
  }
  if (typeof v === 'object' && depth < 3) {
    const o = v as Record<string, unknown>;
    if ('error' in o) return { kind: 'bad', what: `the cell shows the error ${String(o.error)}` };
    const rt = richText(o);
    if (rt !== undefined) return rt.trim() ? { kind: 'text', text: rt } : EMPTY;
    if ('formula' in o || 'sharedFormula' in o) {
      if (o.result === undefined || o.result === null) {
        return {
          kind: 'bad',
          what: 'a formula with no saved result: open the ledger in Excel or WPS and save it, or paste the values',
        };
      }
      return xlsxCell(o.result, depth + 1);
    }
    if ('hyperlink' in o) {
      const text = typeof o.text === 'string' ? o.text : (richText(o.text) ?? '');
      const mailto = typeof o.hyperlink === 'string' ? mailtoAddress(o.hyperlink) : undefined;
      const shown = text.trim() ? text : (mailto ?? '');
      return shown.trim() ? { kind: 'text', text: shown, mailto } : EMPTY;
    }
  }
  return { kind: 'bad', what: 'a cell of a kind this reader does not know' };
}

/** The grid of an .xlsx file's first worksheet, or undefined with the reason in `ledger.problems`. */
export async function xlsxGrid(bytes: Buffer, ledger: Ledger): Promise<Grid | undefined> {
  // Loaded for .xlsx ledgers only: it is the slowest module to load of all a campaign file needs.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch (e) {
    ledger.problems.push({ where: ledger.label, what: `not a readable .xlsx file: ${(e as Error).message}` });
    return undefined;
  }
  const ws = wb.worksheets[0];
  if (!ws) {
    ledger.problems.push({ where: ledger.label, what: 'the workbook has no worksheet' });
    return undefined;
  }
  const rows: Grid['rows'] = [];
  const width = ws.columnCount;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: Cell[] = [];
    for (let c = 1; c <= Math.max(width, row.cellCount); c++) cells.push(xlsxCell(row.getCell(c).value));
    rows.push({ row: r, cells });
  }
  return { rows };
}
