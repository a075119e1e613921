/**
 * A `.csv` ledger (UTF-8, with or without BOM) as a grid of text cells. A file that is not
 * UTF-8 is refused naming the line of its first foreign byte.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { Ledger } from './columns';
import { EMPTY, type Cell, type Grid } from './grid';

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
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (e) {
    ledger.problems.push({ where: ledger.label, what: `not a readable CSV file: ${(e as Error).message}` });
    return undefined;
  }
  return {
    rows: records.map((rec, i) => ({
      row: i + 1,
      // A leading apostrophe before =, +, -, @ is how exports keep Excel from running a cell as a formula.
      cells: rec.map((s): Cell => (s.trim() ? { kind: 'text', text: s.replace(/^'(?=[=+\-@\t\r])/, '') } : EMPTY)),
    })),
  };
}
