/**
 * A campaign's items, inline (`items`) or from a ledger (`itemsFrom`), each with where it came
 * from, so that a problem names the place an office would look: `seed.yaml: item (12), deadline`
 * or `ledger.xlsx row 5, column 整改时限 (K)`.
 *
 * Each item is checked against the schema on its own here, its duplicate ids found; the checks
 * against the directory and the calendar are validate.ts's.
 */
import { item as itemSchema } from '../schema';
import type { ItemInput } from '../schema';
import { cellWhere, type Ledger, type LedgerField } from '../ledger/columns';
import { readLedger } from '../ledger/read';
import { andList, duplicates, formatPath, isRecord, issueLeaves, type AddProblem, type Path } from './problems';

/** Where a field of an item is, for problems. `sub`: a position inside the field. */
export interface Origin {
  where(field: string, sub?: Path): string;
}

export interface Entry {
  /** The item as written (cross-checks use each field that is valid on its own). */
  raw: unknown;
  /** The item, when it is valid as a whole. */
  data?: ItemInput;
  origin: Origin;
  /** Position (inline) or row (ledger), to list problems item by item. */
  order: number;
  /** For a ledger row: the order of a field's cell (row, then column). */
  orderOf?: (field: LedgerField) => number;
}

function rawId(x: unknown): string | undefined {
  if (!isRecord(x)) return undefined;
  if (typeof x.id === 'string' && x.id.trim()) return x.id.trim();
  if (typeof x.id === 'number' && Number.isFinite(x.id)) return String(x.id);
  return undefined;
}

/** Ids that name the same item: "(12)", "（12）", "12" (see keys.ts). */
function sameItemForm(id: string): string {
  const t = id.normalize('NFKC').trim();
  const m = /^\(\s*(.+?)\s*\)$/.exec(t);
  return m ? m[1] : t;
}

/** `item (12)`; `item (12) #7` when the id is not unique; `item #3` without a usable id. */
function itemName(items: unknown[], i: number): string {
  const id = rawId(items[i]);
  if (id === undefined) return `item #${i + 1}`;
  const twice = items.filter((x) => rawId(x) === id).length > 1;
  return twice ? `item ${id} #${i + 1}` : `item ${id}`;
}

/** Where a place in the campaign file is: `seed.yaml: cadence.weeklyDue.time`, items named by id. */
export function fileWhere(label: string, raw: unknown, p: Path): string {
  if (p[0] === 'items' && typeof p[1] === 'number' && isRecord(raw) && Array.isArray(raw.items)) {
    const rest = p.slice(2);
    return `${label}: ${itemName(raw.items, p[1])}${rest.length ? `, ${formatPath(rest)}` : ''}`;
  }
  return p.length ? `${label}: ${formatPath(p)}` : label;
}

const allOrBoth = (n: number) => (n > 2 ? 'all' : 'both');

/** The items listed under `items`; their schema problems are the whole file's (validate.ts reports them). */
export function inlineEntries(label: string, items: unknown[], add: AddProblem): Entry[] {
  const entries = items.map((x, i): Entry => {
    const r = itemSchema.safeParse(x);
    // Named only when a problem is reported: naming looks at every item (duplicate ids).
    const origin: Origin = { where: (field, sub = []) => `${label}: ${itemName(items, i)}, ${formatPath([field, ...sub])}` };
    return { raw: x, data: r.success ? r.data : undefined, origin, order: i };
  });
  const ids = items.map(rawId);
  duplicates(ids.map((id) => (id === undefined ? undefined : sameItemForm(id))), (_, pos) => {
    const written = pos.map((i) => ids[i] as string);
    add(
      `${label}: item ${written[0]}, id`,
      written.every((w) => w === written[0])
        ? `duplicate id: items ${andList(pos.map((i) => `#${i + 1}`))} ${allOrBoth(pos.length)} use it`
        : `duplicate id: items ${andList(pos.map((i) => `#${i + 1} ("${ids[i]}")`))} are the same item`,
      pos[0],
    );
  });
  return entries;
}

/** The column a problem at `p` (a path inside the item) is in: an address of a contact is in 联络员邮箱 when there is one. */
function ledgerFieldOf(ledger: Ledger, p: Path): LedgerField {
  const field = String(p[0]) as LedgerField;
  if (field === 'contacts' && p[2] === 'email' && ledger.columns.contactEmail) return 'contactEmail';
  return field;
}

/** What a ledger problem says about a position inside a cell: `measure 2: `, `联络员 "张三": `. */
function cellPrefix(p: Path, item: Record<string, unknown>): string {
  const [field, i] = p;
  if (typeof i !== 'number') return '';
  switch (field) {
    case 'measures': return `measure ${i + 1}: `;
    case 'coUnits': return `unit ${i + 1}: `;
    case 'milestones': return `milestone ${i + 1}: `;
    case 'contacts': {
      const c = Array.isArray(item.contacts) ? (item.contacts as unknown[])[i] : undefined;
      const name = typeof c === 'string' ? c : isRecord(c) && typeof c.name === 'string' ? c.name : undefined;
      return name ? `联络员 "${name}": ` : `contact ${i + 1}: `;
    }
    default: return '';
  }
}

/** The rows of the ledger `file` (named `label` in problems), each checked against the schema. */
export async function ledgerEntries(file: string, label: string, add: AddProblem): Promise<Entry[]> {
  const ledger = await readLedger(file, label);
  const cellOrder = (row: number, column: number | undefined) => row + ((column ?? -1) + 1) / 100000;
  const fieldOrder = (row: number, field: LedgerField) => cellOrder(row, ledger.columns[field]?.index);
  for (const p of ledger.problems) add(p.where, p.what, p.row === undefined ? -1 : cellOrder(p.row, p.column));
  const entries: Entry[] = [];
  for (const row of ledger.rows) {
    const r = itemSchema.safeParse(row.item);
    entries.push({
      raw: row.item,
      data: r.success ? r.data : undefined,
      origin: { where: (field, sub = []) => cellWhere(ledger, row.row, ledgerFieldOf(ledger, [field, ...sub])) },
      order: row.row,
      orderOf: (field) => fieldOrder(row.row, field),
    });
    if (r.success) continue;
    for (const l of issueLeaves(r.error.issues, row.item)) {
      const field = ledgerFieldOf(ledger, l.path);
      if (row.refused.includes(field) || !ledger.columns[field]) continue; // reported already
      add(cellWhere(ledger, row.row, field), cellPrefix(l.path, row.item) + l.what, fieldOrder(row.row, field));
    }
  }
  const ids = ledger.rows.map((r) => rawId(r.item));
  duplicates(ids.map((id) => (id === undefined ? undefined : sameItemForm(id))), (_, pos) => {
    const written = pos.map((i) => ids[i] as string);
    const first = ledger.rows[pos[0]].row;
    add(
      cellWhere(ledger, first, 'id'),
      written.every((w) => w === written[0])
        ? `duplicate id "${written[0]}": rows ${andList(pos.map((i) => String(ledger.rows[i].row)))} ${allOrBoth(pos.length)} use it`
        : `duplicate id: rows ${andList(pos.map((i) => `${ledger.rows[i].row} ("${ids[i]}")`))} are the same item`,
      fieldOrder(first, 'id'),
    );
  });
  return entries;
}
