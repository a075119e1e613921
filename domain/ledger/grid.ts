/**
 * A ledger's cells, as both formats deliver them: the CSV and the XLSX reader each turn their
 * file into a grid of these, and the rest of reading does not know which format it was.
 */
import { LIMITS } from '../limits';
import type { Ledger } from './columns';

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

/** The header row is looked for among the first this many rows that hold something. */
export const HEADER_SEARCH_ROWS = 10;

/**
 * Rows holding something that a reader takes at most (every item a campaign may have, under a header
 * among the first rows): a reader stops there, so a file of a million rows costs no more than this.
 */
export const MAX_FILLED_ROWS = LIMITS.campaignItems + HEADER_SEARCH_ROWS;

/** The refusal of a ledger with more items than a campaign may have. */
export function tooManyItems(ledger: Pick<Ledger, 'label' | 'problems'>): void {
  ledger.problems.push({
    where: ledger.label,
    what: `more than ${LIMITS.campaignItems} items: a campaign has at most ${LIMITS.campaignItems} (split the ledger into several campaigns)`,
  });
}
