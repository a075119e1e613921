/**
 * One ledger row's cells → a raw item shaped like the schema's `item` input: lists split
 * (措施 one per line, units and contacts by 、 or commas), 联络员 and their addresses paired,
 * dates as offices type them made YYYY-MM-DD, milestones one "date deliverable" per line.
 * A cell that cannot be read is a problem at that cell, and its field is left out.
 */
import { cellWhere, type Ledger, type LedgerField, type LedgerRow } from './columns';
import type { Cell } from './grid';

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

/** The item of spreadsheet row `rowNo`; problems go to `ledger.problems`. */
export function readRow(rowNo: number, cells: Cell[], ledger: Ledger): LedgerRow {
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
