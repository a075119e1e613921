/**
 * A ledger's cells, as both formats deliver them: the CSV and the XLSX reader each turn their
 * file into a grid of these, and the rest of reading does not know which format it was.
 */

export type Cell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string; mailto?: string }
  | { kind: 'number'; value: number }
  | { kind: 'date'; iso: string }
  | { kind: 'bad'; what: string };

export const EMPTY: Cell = { kind: 'empty' };

export interface Grid {
  /** Rows in order; `row` is the 1-based spreadsheet row. */
  rows: { row: number; cells: Cell[] }[];
}

export const isBlank = (c: Cell | undefined): boolean => !c || c.kind === 'empty';
