/**
 * Reading a ledger spreadsheet (整改台账) into raw items: a `.csv` (read-csv.ts) or an `.xlsx`
 * (read-xlsx.ts), one row per item under a header row found among the first rows.
 *
 * The result is raw objects shaped like the schema's `item` input; the campaign file's
 * validation (domain/campaign/) checks them and names every problem as
 * `FILE row N, column NAME (LETTER)`. Nothing here throws for a bad file: every problem is returned.
 */
import * as path from 'node:path';
import { readInputFile } from '../files';
import { LIMITS } from '../limits';
import { columnLetter, LEDGER_COLUMNS, matchHeader, type Ledger, type LedgerColumn, type LedgerField } from './columns';
import { HEADER_SEARCH_ROWS, isBlank, tooManyItems, type Cell, type Grid } from './grid';
import { csvGrid } from './read-csv';
import { xlsxGrid } from './read-xlsx';
import { readRow } from './row';

/**
 * Read a ledger. `label` names the file in problems (default: its base name).
 * Returns the rows it could read and every problem found; never throws for a bad file.
 */
export async function readLedger(file: string, label: string = path.basename(file)): Promise<Ledger> {
  const ledger: Ledger = { label, headerRow: 0, columns: {}, rows: [], problems: [] };
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') {
    const hint = ext === '.xls' || ext === '.et' ? ` (save the ${ext} file as .xlsx)` : '';
    ledger.problems.push({ where: label, what: `a ledger is a .csv or .xlsx file, not "${ext || path.basename(file)}"${hint}` });
    return ledger;
  }
  let bytes: Buffer;
  try {
    bytes = await readInputFile(file);
  } catch (e) {
    ledger.problems.push({ where: label, what: (e as Error).message });
    return ledger;
  }
  const grid = ext === '.csv' ? csvGrid(bytes, ledger) : await xlsxGrid(bytes, ledger);
  if (grid) readGrid(grid, ledger);
  return ledger;
}

function headerText(c: Cell | undefined): string {
  if (!c) return '';
  if (c.kind === 'text') return c.text.replace(/\s+/g, ' ').trim();
  if (c.kind === 'number') return String(c.value);
  if (c.kind === 'date') return c.iso;
  return '';
}

/** Find the header row (the first of the first ten non-blank rows naming at least three columns) and read the items, at most LIMITS.campaignItems. */
function readGrid(grid: Grid, ledger: Ledger): void {
  const nonBlank = grid.rows.filter((r) => r.cells.some((c) => !isBlank(c)));
  if (nonBlank.length === 0) {
    ledger.problems.push({ where: ledger.label, what: 'the ledger is empty' });
    return;
  }
  const header = nonBlank.slice(0, HEADER_SEARCH_ROWS).find((r) => r.cells.filter((c) => matchHeader(headerText(c))).length >= 3) ?? nonBlank[0];
  ledger.headerRow = header.row;

  // Columns: a primary header beats an alias; two columns for one field is a problem.
  const found = new Map<LedgerField, { primary: LedgerColumn[]; alias: LedgerColumn[] }>();
  header.cells.forEach((c, index) => {
    const text = headerText(c);
    const m = matchHeader(text);
    if (!m) return;
    const col: LedgerColumn = { header: text, letter: columnLetter(index), index };
    const slot = found.get(m.field) ?? { primary: [], alias: [] };
    (m.primary ? slot.primary : slot.alias).push(col);
    found.set(m.field, slot);
  });
  for (const spec of LEDGER_COLUMNS) {
    const slot = found.get(spec.field);
    const cols = slot ? (slot.primary.length ? slot.primary : slot.alias) : [];
    if (cols.length === 0) {
      if (spec.required) {
        ledger.problems.push({
          where: `${ledger.label} row ${header.row}`,
          what: `no column ${spec.zh} (or ${spec.en}) in the header row`,
        });
      }
      continue;
    }
    ledger.columns[spec.field] = cols[0];
    if (cols.length > 1) {
      ledger.problems.push({
        where: `${ledger.label} row ${header.row}, column ${cols[1].header} (${cols[1].letter})`,
        what: `a second column for ${spec.zh} (${spec.en}); column ${cols[0].letter} is read, this one is not`,
      });
    }
  }

  const itemRows = nonBlank.filter((r) => r.row > header.row);
  if (itemRows.length > LIMITS.campaignItems) {
    tooManyItems(ledger);
    return;
  }

  let prev: { section?: string; topic?: string } = {};
  for (const r of grid.rows) {
    if (r.row <= header.row) continue;
    const mapped = Object.values(ledger.columns).map((col) => r.cells[col.index]);
    if (mapped.every(isBlank)) continue; // empty row
    const row = readRow(r.row, r.cells, ledger);
    // 问题类别 is often merged across a section's rows, which CSV leaves blank: fill it down,
    // and the topic with it while the section does not change.
    const item = row.item;
    const canFill = (f: LedgerField) => ledger.columns[f] !== undefined && !row.refused.includes(f);
    if (item.section === undefined && canFill('section') && prev.section !== undefined) item.section = prev.section;
    if (item.topic === undefined && canFill('topic') && item.section === prev.section && prev.topic !== undefined) {
      item.topic = prev.topic;
    }
    prev = {
      section: typeof item.section === 'string' ? item.section : undefined,
      topic: typeof item.topic === 'string' ? item.topic : undefined,
    };
    ledger.rows.push(row);
  }
  if (ledger.rows.length === 0 && ledger.problems.length === 0) {
    ledger.problems.push({ where: ledger.label, what: `no items under the header row (row ${header.row})` });
  }
}
