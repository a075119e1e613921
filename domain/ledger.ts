/**
 * Reading a ledger spreadsheet (整改台账) into raw items.
 *
 * A ledger is a `.csv` (UTF-8, with or without BOM) or an `.xlsx` (its first
 * worksheet), one row per item under a header row. Columns are found by their
 * header as offices write them (序号, 问题类别, 反馈问题, ...) or in English
 * (id, section, problem, ...); surrounding whitespace, full-width or half-width
 * parentheses and a parenthesised note (整改时限（截止日期）) do not matter.
 *
 * The result is raw objects shaped like the schema's `item` input; `campaign/`
 * validates them and names every problem as `FILE row N, column NAME (LETTER)`.
 * Nothing here throws for a bad file: every problem is returned.
 */
import { readInputFile } from './files';
import * as path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Problem } from './campaign/problems';

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
}

export const LEDGER_COLUMNS: readonly LedgerColumnSpec[] = [
  { field: 'id', zh: '序号', en: 'id', aliases: ['编号', '问题序号', 'no'], required: true },
  { field: 'section', zh: '问题类别', en: 'section', aliases: ['类别', '问题分类'], required: true },
  { field: 'topic', zh: '专题', en: 'topic', aliases: ['问题专题'], required: false },
  { field: 'title', zh: '标题', en: 'title', aliases: ['整改标题'], required: false },
  { field: 'problem', zh: '反馈问题', en: 'problem', aliases: ['问题', '问题描述', '存在问题', '反馈问题描述'], required: true },
  { field: 'measures', zh: '整改措施', en: 'measures', aliases: ['措施'], required: true },
  { field: 'kind', zh: '整改类型', en: 'kind', aliases: ['类型'], required: true },
  { field: 'leader', zh: '责任领导', en: 'leader', aliases: ['分管领导'], required: true },
  { field: 'leadUnit', zh: '牵头单位', en: 'lead_unit', aliases: ['责任单位', '牵头部门'], required: true },
  { field: 'coUnits', zh: '配合单位', en: 'co_units', aliases: ['配合部门', '协办单位'], required: false },
  { field: 'contacts', zh: '联络员', en: 'contact', aliases: ['contacts'], required: true },
  { field: 'contactEmail', zh: '联络员邮箱', en: 'contact_email', aliases: ['邮箱', 'email', 'contact_emails'], required: false },
  { field: 'deadline', zh: '整改时限', en: 'deadline', aliases: ['完成时限', '整改期限'], required: true },
  { field: 'milestones', zh: '节点', en: 'milestones', aliases: ['时间节点', '倒排节点', '倒排时间'], required: false },
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

// ---------------------------------------------------------------------------
// Cells, as both formats deliver them

type Cell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string; mailto?: string }
  | { kind: 'number'; value: number }
  | { kind: 'date'; iso: string }
  | { kind: 'bad'; what: string };

const EMPTY: Cell = { kind: 'empty' };

interface Grid {
  /** Rows in order; `row` is the 1-based spreadsheet row. */
  rows: { row: number; cells: Cell[] }[];
}

const isBlank = (c: Cell | undefined) => !c || c.kind === 'empty';

// ---------------------------------------------------------------------------
// Headers

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

function matchHeader(text: string): { field: LedgerField; primary: boolean } | undefined {
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

function headerText(c: Cell | undefined): string {
  if (!c) return '';
  if (c.kind === 'text') return c.text.replace(/\s+/g, ' ').trim();
  if (c.kind === 'number') return String(c.value);
  if (c.kind === 'date') return c.iso;
  return '';
}

// ---------------------------------------------------------------------------
// Values

const pad2 = (n: string) => n.padStart(2, '0');

/** Dates as offices type them → YYYY-MM-DD; anything else is returned as is for the schema to refuse. */
export function normaliseDate(s: string): string {
  const t = s.normalize('NFKC').trim();
  let m = /^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$/.exec(t);
  if (m) return `${m[1]}-${pad2(m[2])}-${pad2(m[3])}`;
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{4})年(\d{1,2})月(?:底|末)前?$/.exec(t);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo >= 1 && mo <= 12) {
      const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
      return `${m[1]}-${pad2(m[2])}-${String(last)}`;
    }
  }
  return s.trim();
}

const DATE_FIELDS: ReadonlySet<LedgerField> = new Set(['deadline', 'milestones']);

/** Excel serial day (1900 system) → YYYY-MM-DD. */
function excelSerialDate(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 1 || n > 2958465) return undefined;
  return new Date(Math.round((n - 25569) * 86400000)).toISOString().slice(0, 10);
}

function numberText(n: number): string {
  return Number.isFinite(n) ? String(n) : '';
}

/** A cell's text for a field, or the reason it is refused. */
function cellText(c: Cell | undefined, field: LedgerField): { text: string; mailto?: string } | { bad: string } {
  if (!c || c.kind === 'empty') return { text: '' };
  switch (c.kind) {
    case 'bad':
      return { bad: c.what };
    case 'date':
      return { text: c.iso };
    case 'number':
      if (DATE_FIELDS.has(field)) {
        const d = excelSerialDate(c.value);
        if (d) return { text: d };
      }
      return { text: numberText(c.value) };
    case 'text':
      if (field === 'contactEmail' && c.mailto) return { text: c.mailto };
      return { text: c.text.trim(), mailto: c.mailto };
  }
}

const LIST_SEP = /[、，,;；\r\n]+/;
const MEASURE_SEP = /\r\n|\r|\n|；|;/;
const NONE = new Set(['无', '/', '-', '—', '——', '－', '无配合单位', 'none', 'n/a']);

function splitList(s: string, sep: RegExp): string[] {
  return s.split(sep).map((x) => x.trim()).filter((x) => x.length > 0);
}

/** "2023-09-30 交付物" (also 2023/9/30, 2023年9月30日, full-width digits; a colon may follow the date). */
const MILESTONE_LINE =
  /^([0-9０-９]{4}[-./年－．／][0-9０-９]{1,2}[-./月－．／][0-9０-９]{1,2}日?|[0-9０-９]{8})\s*[:：]?\s*(.+)$/;

// ---------------------------------------------------------------------------
// Reading

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

function utf8Ok(bytes: Uint8Array, n: number): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
    return true;
  } catch {
    return false;
  }
}

function csvGrid(bytes: Buffer, ledger: Ledger): Grid | undefined {
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

async function xlsxGrid(bytes: Buffer, ledger: Ledger): Promise<Grid | undefined> {
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

/** Find the header row (the first of the first ten non-blank rows naming at least three columns) and read the items. */
function readGrid(grid: Grid, ledger: Ledger): void {
  const nonBlank = grid.rows.filter((r) => r.cells.some((c) => !isBlank(c)));
  if (nonBlank.length === 0) {
    ledger.problems.push({ where: ledger.label, what: 'the ledger is empty' });
    return;
  }
  const header = nonBlank.slice(0, 10).find((r) => r.cells.filter((c) => matchHeader(headerText(c))).length >= 3) ?? nonBlank[0];
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

function readRow(rowNo: number, cells: Cell[], ledger: Ledger): LedgerRow {
  const refused: LedgerField[] = [];
  const item: Record<string, unknown> = {};
  const problem = (field: LedgerField, what: string) => {
    ledger.problems.push({ where: cellWhere(ledger, rowNo, field), what, row: rowNo, column: ledger.columns[field]?.index });
    if (!refused.includes(field)) refused.push(field);
  };
  const get = (field: LedgerField): { text: string; mailto?: string } | undefined => {
    const col = ledger.columns[field];
    if (!col) return undefined;
    const t = cellText(cells[col.index], field);
    if ('bad' in t) {
      problem(field, t.bad);
      return undefined;
    }
    return t.text ? t : undefined;
  };

  const str = (field: LedgerField, key: string = field) => {
    const t = get(field);
    if (t) item[key] = t.text;
  };
  str('id');
  str('section');
  str('topic');
  str('title');
  str('problem');
  str('kind');
  str('leader');
  str('leadUnit');

  const measures = get('measures');
  if (measures) {
    const list = splitList(measures.text, MEASURE_SEP);
    if (list.length) item.measures = list;
  }

  const co = get('coUnits');
  if (co) item.coUnits = NONE.has(co.text.toLowerCase()) ? [] : splitList(co.text, LIST_SEP);

  const contacts = get('contacts');
  const emails = get('contactEmail');
  if (contacts) {
    const names = splitList(contacts.text, LIST_SEP);
    const addresses = emails ? splitList(emails.text, /[、，,;；\s]+/) : [];
    if (addresses.length === 0) {
      item.contacts = names.length === 1 && contacts.mailto ? [{ name: names[0], email: contacts.mailto }] : names;
    } else if (addresses.length === names.length) {
      item.contacts = names.map((name, i) => ({ name, email: addresses[i] }));
    } else {
      problem(
        'contactEmail',
        `${names.length} ${names.length === 1 ? 'name' : 'names'} under ${ledger.columns.contacts?.header ?? '联络员'} but ${addresses.length} ${addresses.length === 1 ? 'address' : 'addresses'}: give one address per name, in the same order`,
      );
      refused.push('contacts');
    }
  } else if (emails && !refused.includes('contacts')) {
    problem('contacts', `an address under ${ledger.columns.contactEmail?.header ?? '联络员邮箱'} but no 联络员 named`);
  }

  const deadline = get('deadline');
  if (deadline) item.deadline = normaliseDate(deadline.text);

  const milestones = get('milestones');
  if (milestones && !NONE.has(milestones.text.toLowerCase())) {
    const lines = milestones.text.split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l.length > 0);
    const out: { date: string; deliverable: string }[] = [];
    lines.forEach((line, i) => {
      const m = MILESTONE_LINE.exec(line);
      if (!m) {
        problem('milestones', `line ${i + 1} "${line}" is not a date and a deliverable ("YYYY-MM-DD 交付物", one per line)`);
        return;
      }
      out.push({ date: normaliseDate(m[1]), deliverable: m[2].trim() });
    });
    if (!refused.includes('milestones')) item.milestones = out;
  }

  return { row: rowNo, item, refused };
}
