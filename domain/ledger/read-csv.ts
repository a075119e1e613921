/**
 * A `.csv` ledger (UTF-8, with or without BOM) as a grid of text cells. A file that is not
 * UTF-8 is refused naming the line of its first foreign byte.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { LIMITS } from '../limits';
import type { Ledger } from './columns';
import { EMPTY, isBlank, MAX_FILLED_ROWS, tooManyItems, type Cell, type Grid } from './grid';

/** Stop parsing: the row cap is reached. */
class RowCapReached extends Error {}

/**
 * The first record (1-based) with more fields than a ledger reads, or undefined. The parser builds a
 * record whole before anyone sees it, and a line of 45 MB of commas took it 159 s and 1.2 GB; this scan
 * (commas outside quotes, records ended by a line break outside quotes, as RFC 4180 reads them) is linear.
 */
function recordTooWide(text: string): number | undefined {
  let quoted = false;
  let fields = 1;
  let record = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) quoted = !quoted;
    else if (quoted) continue;
    else if (ch === 0x2c) {
      if (++fields > LIMITS.ledgerColumns) return record;
    } else if (ch === 0x0a || (ch === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      fields = 1;
      record++;
    }
  }
  return undefined;
}

function utf8Ok(bytes: Uint8Array, n: number): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The grid of a CSV file, or undefined with the reason in `ledger.problems`. */
export function csvGrid(bytes: Buffer, ledger: Ledger): Grid | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Find the first byte that is not UTF-8, to name its line.
    let lo = 0;
    let hi = bytes.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (utf8Ok(bytes, mid)) lo = mid;
      else hi = mid;
    }
    let line = 1;
    for (let i = 0; i < lo; i++) if (bytes[i] === 0x0a) line++;
    ledger.problems.push({
      where: `${ledger.label} line ${line}`,
      what: 'not UTF-8 text (saved as GBK/ANSI?): save the ledger as "CSV UTF-8 (逗号分隔)" and load it again',
    });
    return undefined;
  }
  const wide = recordTooWide(text);
  if (wide !== undefined) {
    ledger.problems.push({ where: `${ledger.label} row ${wide}`, what: `more than ${LIMITS.ledgerColumns} columns: a ledger has 14 (at most ${LIMITS.ledgerColumns} are read)` });
    return undefined;
  }
  const rows: Grid['rows'] = [];
  let record = 0;
  let filled = 0;
  try {
    parseCsv(text, {
      bom: true, relax_column_count: true, skip_empty_lines: false,
      // Each record becomes a row of the grid here (the parser keeps none), up to the row cap.
      on_record: (rec: string[]) => {
        record++;
        // A leading apostrophe before =, +, -, @ is how exports keep Excel from running a cell as a formula.
        const cells = rec.map((s): Cell => (s.trim() ? { kind: 'text', text: s.replace(/^'(?=[=+\-@\t\r])/, '') } : EMPTY));
        if (!cells.every(isBlank)) {
          if (++filled > MAX_FILLED_ROWS) throw new RowCapReached();
          rows.push({ row: record, cells });
        }
        return null;
      },
    });
  } catch (e) {
    if (e instanceof RowCapReached) {
      tooManyItems(ledger);
      return undefined;
    }
    ledger.problems.push({ where: ledger.label, what: `not a readable CSV file: ${(e as Error).message}` });
    return undefined;
  }
  return { rows };
}
