/**
 * The ledger's columns (整改台账): one definition, read by the importer and written by the export.
 *
 * Columns are found by their header as offices write them (序号, 问题类别, 反馈问题, ...) or in
 * English (id, section, problem, ...); surrounding whitespace, full-width or half-width
 * parentheses and a parenthesised note (整改时限（截止日期）) do not matter. Problems name a cell
 * as `FILE row N, column NAME (LETTER)`.
 *
 * The ledger's folder: columns.ts (this), grid.ts (cells as both formats deliver them),
 * read-csv.ts and read-xlsx.ts (a file → grid), row.ts (one row's cells → a raw item),
 * read.ts (`readLedger`: header row, columns, rows, every problem) and write.ts (the import
 * columns as an export writes them; documents/ledger.ts adds the item's state).
 */
import type { Problem } from '../campaign/problems';

/** What a column holds. `contactEmail` is merged into `contacts` (aligned by position). */
export type LedgerField =
  | 'id' | 'section' | 'topic' | 'title' | 'problem' | 'measures' | 'kind' | 'leader'
  | 'leadUnit' | 'coUnits' | 'contacts' | 'contactEmail' | 'deadline' | 'milestones';

export interface LedgerColumnSpec {
  field: LedgerField;
  /** The header offices use. */
  zh: string;
  /** The English header. */
  en: string;
  /** Other headers seen in the wild; a primary header wins over an alias. */
  aliases: readonly string[];
  required: boolean;
  /** The column's width in an exported .xlsx (characters). */
  width: number;
}

export const LEDGER_COLUMNS: readonly LedgerColumnSpec[] = [
  { field: 'id', zh: '序号', en: 'id', aliases: ['编号', '问题序号', 'no'], required: true, width: 14 },
  { field: 'section', zh: '问题类别', en: 'section', aliases: ['类别', '问题分类'], required: true, width: 28 },
  { field: 'topic', zh: '专题', en: 'topic', aliases: ['问题专题'], required: false, width: 28 },
  { field: 'title', zh: '标题', en: 'title', aliases: ['整改标题'], required: false, width: 24 },
  { field: 'problem', zh: '反馈问题', en: 'problem', aliases: ['问题', '问题描述', '存在问题', '反馈问题描述'], required: true, width: 40 },
  { field: 'measures', zh: '整改措施', en: 'measures', aliases: ['措施'], required: true, width: 48 },
  { field: 'kind', zh: '整改类型', en: 'kind', aliases: ['类型'], required: true, width: 14 },
  { field: 'leader', zh: '责任领导', en: 'leader', aliases: ['分管领导'], required: true, width: 14 },
  { field: 'leadUnit', zh: '牵头单位', en: 'lead_unit', aliases: ['责任单位', '牵头部门'], required: true, width: 14 },
  { field: 'coUnits', zh: '配合单位', en: 'co_units', aliases: ['配合部门', '协办单位'], required: false, width: 14 },
  { field: 'contacts', zh: '联络员', en: 'contact', aliases: ['contacts'], required: true, width: 14 },
  { field: 'contactEmail', zh: '联络员邮箱', en: 'contact_email', aliases: ['邮箱', 'email', 'contact_emails'], required: false, width: 28 },
  { field: 'deadline', zh: '整改时限', en: 'deadline', aliases: ['完成时限', '整改期限'], required: true, width: 14 },
  { field: 'milestones', zh: '节点', en: 'milestones', aliases: ['时间节点', '倒排节点', '倒排时间'], required: false, width: 32 },
];

export interface LedgerColumn {
  /** The header as written (whitespace runs collapsed). */
  header: string;
  /** Spreadsheet column letter: A, B, ..., AA. */
  letter: string;
  /** 0-based position. */
  index: number;
}

export interface LedgerRow {
  /** Row number as a spreadsheet shows it (1-based, counting the header and blank rows). */
  row: number;
  /** Raw input for the schema's `item`. */
  item: Record<string, unknown>;
  /** Fields whose cell was refused here (already reported; do not report them again). */
  refused: LedgerField[];
}

/** A ledger as read: its columns, the rows it could read, and every problem found. */
export interface Ledger {
  /** How problems name the file. */
  label: string;
  headerRow: number;
  columns: Partial<Record<LedgerField, LedgerColumn>>;
  rows: LedgerRow[];
  /** `row` and `column` (0-based index): the cell a problem is about, if one. */
  problems: (Problem & { row?: number; column?: number })[];
}

/** `FILE row N, column NAME (LETTER)`, or `FILE row N` when the field has no column. */
export function cellWhere(ledger: Pick<Ledger, 'label' | 'columns'>, row: number, field: LedgerField): string {
  const col = ledger.columns[field];
  return col ? `${ledger.label} row ${row}, column ${col.header} (${col.letter})` : `${ledger.label} row ${row}`;
}

/** Spreadsheet column letter of a 0-based index. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Compare headers: NFKC (full-width → half-width), no whitespace, _ or -, lower case. */
function headerKey(s: string): string {
  return s.normalize('NFKC').replace(/[\s_-]+/g, '').toLowerCase();
}

const PRIMARY = new Map<string, LedgerField>();
const ALIAS = new Map<string, LedgerField>();
for (const c of LEDGER_COLUMNS) {
  PRIMARY.set(headerKey(c.zh), c.field);
  PRIMARY.set(headerKey(c.en), c.field);
  PRIMARY.set(headerKey(c.field), c.field);
  for (const a of c.aliases) ALIAS.set(headerKey(a), c.field);
}

/** The field a header names, and whether by its primary header (zh, en or the field's name) or an alias. */
export function matchHeader(text: string): { field: LedgerField; primary: boolean } | undefined {
  const tries = [headerKey(text), headerKey(text.normalize('NFKC').replace(/\([^)]*\)|【[^】]*】|\[[^\]]*\]/g, ''))];
  for (const k of tries) {
    if (!k) continue;
    const p = PRIMARY.get(k);
    if (p) return { field: p, primary: true };
    const a = ALIAS.get(k);
    if (a) return { field: a, primary: false };
  }
  return undefined;
}
