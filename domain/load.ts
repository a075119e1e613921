/**
 * Loading a campaign file (YAML or JSON, items inline or from a ledger) into
 * the normalised `CampaignPlan` that workflows receive.
 *
 * Every problem is collected, never only the first, and named so that an
 * office can find it: `seed.yaml: item (12), deadline: no such day: "2023-02-30"`,
 * `ledger.xlsx row 5, column 整改时限 (K): no such day: "2023-02-30"`,
 * `seed.yaml: cadence.weeklyDue.time: ...`, `seed.yaml line 3, column 7: ...`.
 * List positions in paths count from 1: `people[4].email` is the fourth person.
 *
 * Runs in the CLI and in activities (Node, luxon), never in workflows.
 */
import { readInputFile, readInputFileSync } from './files';
import * as path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { DateTime } from 'luxon';
import { cadence, campaignFile, contactRef, defaultLadder, isoDate, item as itemSchema, milestone as milestoneSchema } from './schema';
import type { ItemInput, Person } from './schema';
import type { CampaignPlan, ItemPlan, Recipient } from './types';
import { itemKeyOf } from './keys';
import { cellWhere, readLedger } from './ledger';
import { buildWorkingCalendar, officialYears, type YearArrangement } from './holidays';
import { addWorkingDays, isWorkingDay } from './calendar';
import type { Ledger, LedgerField } from './ledger';

/** One thing wrong with a campaign file: where it is, and what is wrong. */
export interface Problem {
  where: string;
  what: string;
}

/** A campaign file that cannot be loaded. The message is one `where: what` line per problem. */
/** A long value quoted in a refusal is shown by its start and its length, never whole (a ledger cell can hold a megabyte). */
const clipQuoted = (what: string): string => what.replace(/"([^"]{81,})"/gs, (_, v: string) => `"${v.slice(0, 60)}…" (${v.length} characters)`);

export class CampaignError extends Error {
  problems: Problem[];
  constructor(given: Problem[]) {
    const problems = given.map((p) => ({ ...p, what: clipQuoted(p.what) }));
    super(problems.map((p) => `${p.where}: ${p.what}`).join('\n'));
    this.name = 'CampaignError';
    this.problems = problems;
  }
}

export type CampaignFormat = 'yaml' | 'json';

export interface LoadOptions {
  /**
   * YYYY-MM-DD: shift the start, the end of the concentrated period, every
   * deadline and every milestone by the same number of days so that the
   * campaign starts on this day (a past campaign replayed from today).
   */
  rebaseTo?: string;
  /** Official years loaded with `rectify calendar update` (for deadlines given in working days). */
  loadedYears?: YearArrangement[];
}

export interface ValidateOptions extends LoadOptions {
  /** How problems name the campaign file (default "campaign"). */
  label?: string;
  /** Where `itemsFrom` is resolved from (default: the working directory). */
  baseDir?: string;
}

/** "20个工作日", "20 working days": a deadline counted in working days from the campaign start. */
const WORKING_DAYS = /^\s*(\d{1,3})\s*(?:个工作日|工作日|working days?)\s*$/i;

/**
 * Deadlines written as N working days (立行立改 items often are) become dates
 * here, counted from the campaign start on its working-day calendar (holidays
 * and 调休 included), before anything else looks at them. Anything odd is left
 * for the schema to refuse with its usual message.
 */
function resolveWorkingDayDeadlines(raw: unknown, loadedYears: YearArrangement[] = []): unknown {
  const r = raw as { campaign?: { start?: unknown }; cadence?: unknown; items?: unknown } | null;
  if (!r || typeof r !== 'object' || !Array.isArray(r.items)) return raw;
  if (!r.items.some((i) => i && typeof i === 'object' && typeof (i as { deadline?: unknown }).deadline === 'string' && WORKING_DAYS.test((i as { deadline: string }).deadline))) return raw;
  const start = isoDate.safeParse(r.campaign?.start);
  const cad = cadence.safeParse(r.cadence ?? {});
  if (!start.success || !cad.success) return raw;
  const cal = cad.data.calendar === 'weekends' ? buildWorkingCalendar({ ...cad.data, calendar: 'weekends' }) : buildWorkingCalendar(cad.data, officialYears(loadedYears));
  const from = DateTime.fromISO(start.data, { zone: 'UTC' });
  return {
    ...r,
    items: r.items.map((i) => {
      const m = i && typeof i === 'object' && typeof (i as { deadline?: unknown }).deadline === 'string' ? WORKING_DAYS.exec((i as { deadline: string }).deadline) : null;
      // The start day counts as day one when it is a working day.
      return m ? { ...(i as object), deadline: addWorkingDays(from, Number(m[1]) - (isWorkingDay(from, cal) ? 1 : 0), cal).toISODate() } : i;
    }),
  };
}

/** Read, validate and normalise a campaign file (.yaml, .yml or .json). Throws CampaignError. */
export async function loadCampaign(file: string, opts: LoadOptions = {}): Promise<CampaignPlan> {
  const label = path.basename(file);
  const ext = path.extname(file).toLowerCase();
  const format: CampaignFormat | undefined = ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : undefined;
  if (!format) throw new CampaignError([{ where: label, what: 'a campaign file is .yaml, .yml or .json' }]);
  let bytes: Buffer;
  try {
    bytes = await readInputFile(file);
  } catch (e) {
    throw new CampaignError([{ where: label, what: (e as Error).message }]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CampaignError([{ where: label, what: 'not UTF-8 text (saved as GBK/ANSI?): save the file as UTF-8 and load it again' }]);
  }
  return loadCampaignText(text, { label, format, baseDir: path.dirname(path.resolve(file)), rebaseTo: opts.rebaseTo, loadedYears: opts.loadedYears });
}

/** As `loadCampaign`, from the file's text. */
export async function loadCampaignText(
  text: string,
  opts: ValidateOptions & { format?: CampaignFormat } = {},
): Promise<CampaignPlan> {
  const raw = parseCampaignText(text, opts.label ?? 'campaign', opts.format ?? 'yaml');
  return validateCampaign(raw, opts);
}

/**
 * A YAML or JSON data file a person named (holiday file, close-out file, reports script) → plain
 * data. Throws CampaignError naming the file, and line and column for a syntax error.
 */
export function readDataFileSync(file: string): unknown {
  const label = path.basename(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readInputFileSync(file));
  } catch (e) {
    throw new CampaignError([{ where: label, what: e instanceof TypeError ? 'not UTF-8 text (saved as GBK/ANSI?): save the file as UTF-8' : (e as Error).message }]);
  }
  return parseCampaignText(text, label, path.extname(file).toLowerCase() === '.json' ? 'json' : 'yaml');
}

/** YAML or JSON text → plain data. Throws CampaignError naming line and column. */
export function parseCampaignText(text: string, label: string, format: CampaignFormat): unknown {
  if (format === 'json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      const msg = String((e as Error).message);
      const what = msg
        .replace(/, ".*" is not valid JSON$/s, '')
        .replace(/ (in JSON )?at position \d+.*$/s, '')
        .replace(/\s+/g, ' ')
        .trim();
      const pos = /position (\d+)/.exec(msg);
      let where = label;
      if (pos) {
        const before = text.slice(0, Number(pos[1]));
        const lines = before.split('\n');
        where = `${label} line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
      } else {
        // This Node does not say where: the YAML parser reads JSON too, and does.
        const e0 = YAML.parseDocument(text).errors[0];
        if (e0?.linePos) where = `${label} line ${e0.linePos[0].line}, column ${e0.linePos[0].col}`;
      }
      throw new CampaignError([{ where, what: `not valid JSON: ${what}` }]);
    }
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new CampaignError(doc.errors.map((e) => ({
      where: e.linePos ? `${label} line ${e.linePos[0].line}, column ${e.linePos[0].col}` : label,
      what: e.code === 'MULTIPLE_DOCS'
        ? 'more than one YAML document (---): a campaign file holds one'
        : e.message.replace(/ at line \d+, column \d+[\s\S]*$/, '').trim(),
    })));
  }
  try {
    return doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    throw new CampaignError([{ where: label, what: `YAML: ${(e as Error).message}` }]);
  }
}

// ---------------------------------------------------------------------------
// zod issues → problems

type Path = PropertyKey[];

interface IssueLike {
  code: string;
  path: Path;
  message: string;
  expected?: string;
  keys?: string[];
  origin?: string;
  minimum?: number | bigint;
  errors?: IssueLike[][];
}

interface Leaf {
  path: Path;
  what: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function valueAt(root: unknown, p: Path): unknown {
  let v = root;
  for (const k of p) {
    if (v === null || typeof v !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(v, k)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

const EXPECTED: Record<string, string> = {
  string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false',
  object: 'a mapping (key: value)', array: 'a list',
};
const expectedName = (e: string | undefined) => (e ? (EXPECTED[e] ?? e) : 'something else');

function typeName(v: unknown): string {
  if (v === null) return 'null (nothing)';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Uint8Array) return 'binary data';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : `a number (${v})`;
  if (typeof v === 'string') return `text ("${v.length > 40 ? `${v.slice(0, 40)}…` : v}")`;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object') return 'a mapping';
  return typeof v;
}

function fits(expected: string | undefined, v: unknown): boolean {
  switch (expected) {
    case 'string': return typeof v === 'string';
    case 'number': case 'int': return typeof v === 'number';
    case 'boolean': return typeof v === 'boolean';
    case 'object': return isRecord(v);
    case 'array': return Array.isArray(v);
    default: return false;
  }
}

function describe(issue: IssueLike, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'missing (required)';
      if (input === null) return `empty (expected ${expectedName(issue.expected)})`;
      if (issue.expected === 'int' && typeof input === 'number' && Number.isFinite(input)) return `not a whole number: ${input}`;
      return `expected ${expectedName(issue.expected)}, not ${typeName(input)}`;
    case 'too_small':
      if (Number(issue.minimum) === 1 && issue.origin === 'array') return 'give at least one';
      if (Number(issue.minimum) === 1 && issue.origin === 'string') return 'must not be empty';
      return issue.message;
    case 'unrecognized_keys': {
      const keys = issue.keys ?? [];
      return keys.length === 1 ? `unknown field "${keys[0]}"` : `unknown fields ${keys.map((k) => `"${k}"`).join(', ')}`;
    }
    case 'invalid_format':
      if (typeof input !== 'string') return issue.message;
      return issue.message.startsWith('not ') ? `${issue.message}: "${input}"` : `${issue.message}, not "${input}"`;
    default:
      return issue.message;
  }
}

/** Issues as leaves: unions are resolved to the branch that fits the input's type. */
function leaves(issue: IssueLike, root: unknown, prefix: Path = []): Leaf[] {
  const p = [...prefix, ...issue.path];
  const input = valueAt(root, p);
  if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
    const rootTypeMiss = (i: IssueLike) => i.path.length === 0 && i.code === 'invalid_type';
    const fitting = issue.errors.filter((b) => !b.some((i) => rootTypeMiss(i) && !fits(i.expected, input)));
    if (fitting.length > 0) return fitting[0].flatMap((i) => leaves(i, root, p));
    if (input === undefined) return [{ path: p, what: 'missing (required)' }];
    const expected = [...new Set(issue.errors.flatMap((b) => b.filter(rootTypeMiss).map((i) => expectedName(i.expected))))];
    return [{ path: p, what: `expected ${expected.join(' or ')}, not ${typeName(input)}` }];
  }
  return [{ path: p, what: describe(issue, input) }];
}

function issueLeaves(issues: readonly unknown[], root: unknown): Leaf[] {
  return (issues as IssueLike[]).flatMap((i) => leaves(i, root));
}

/** `cadence.weeklyDue.time`, `people[4].email` (positions count from 1). */
export function formatPath(p: Path): string {
  let s = '';
  for (const k of p) {
    if (typeof k === 'number') s += `[${k + 1}]`;
    else s += (s ? '.' : '') + String(k);
  }
  return s;
}

function rawId(x: unknown): string | undefined {
  if (!isRecord(x)) return undefined;
  if (typeof x.id === 'string' && x.id.trim()) return x.id.trim();
  if (typeof x.id === 'number' && Number.isFinite(x.id)) return String(x.id);
  return undefined;
}

/** `item (12)`; `item (12) #7` when the id is not unique; `item #3` without a usable id. */
function itemName(items: unknown[], i: number): string {
  const id = rawId(items[i]);
  if (id === undefined) return `item #${i + 1}`;
  const twice = items.filter((x) => rawId(x) === id).length > 1;
  return twice ? `item ${id} #${i + 1}` : `item ${id}`;
}

function fileWhere(label: string, raw: unknown, p: Path): string {
  if (p[0] === 'items' && typeof p[1] === 'number' && isRecord(raw) && Array.isArray(raw.items)) {
    const rest = p.slice(2);
    return `${label}: ${itemName(raw.items, p[1])}${rest.length ? `, ${formatPath(rest)}` : ''}`;
  }
  return p.length ? `${label}: ${formatPath(p)}` : label;
}

const andList = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

// ---------------------------------------------------------------------------
// Items and where they came from

interface Origin {
  /** Where a field of this item is, for problems. `sub`: a position inside the field. */
  where(field: string, sub?: Path): string;
}

interface Entry {
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

type ContactRef = ItemInput['contacts'][number];

/** The fields the cross-checks need, each kept only when it is valid by itself. */
function checkable(raw: unknown): {
  leader?: string;
  contacts: ContactRef[];
  deadline?: string;
  milestones: { index: number; date: string; deliverable: string }[];
} {
  const o = isRecord(raw) ? raw : {};
  const leader = itemSchema.shape.leader.safeParse(o.leader);
  const deadline = itemSchema.shape.deadline.safeParse(o.deadline);
  const contacts: ContactRef[] = [];
  if (Array.isArray(o.contacts)) {
    for (const c of o.contacts as unknown[]) {
      const r = contactRef.safeParse(c);
      if (r.success) contacts.push(r.data);
    }
  }
  const milestones: { index: number; date: string; deliverable: string }[] = [];
  if (Array.isArray(o.milestones)) {
    (o.milestones as unknown[]).forEach((m, index) => {
      const r = milestoneSchema.safeParse(m);
      if (r.success) milestones.push({ index, ...r.data });
    });
  }
  return {
    leader: leader.success ? leader.data : undefined,
    contacts,
    deadline: deadline.success ? deadline.data : undefined,
    milestones,
  };
}

function inlineOrigin(label: string, items: unknown[], i: number): Origin {
  // Named only when a problem is reported: naming looks at every item (duplicate ids).
  return { where: (field, sub = []) => `${label}: ${itemName(items, i)}, ${formatPath([field, ...sub])}` };
}

function ledgerFieldOf(ledger: Ledger, p: Path): LedgerField {
  const field = String(p[0]) as LedgerField;
  if (field === 'contacts' && p[2] === 'email' && ledger.columns.contactEmail) return 'contactEmail';
  return field;
}

function ledgerOrigin(ledger: Ledger, row: number): Origin {
  return { where: (field, sub = []) => cellWhere(ledger, row, ledgerFieldOf(ledger, [field, ...sub])) };
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

// ---------------------------------------------------------------------------
// The directory

function findLeader(people: Person[], ref: string): { person?: Person; index: number; otherRole?: string } {
  const hits = people
    .map((p, index) => ({ p, index }))
    .filter(({ p }) => p.id === ref || p.name === ref);
  const ok = (p: Person) => p.role === 'leader' || p.role === 'secretary';
  const best = hits.find(({ p }) => p.id === ref && ok(p)) ?? hits.find(({ p }) => ok(p));
  if (best) return { person: best.p, index: best.index };
  return { index: -1, otherRole: hits[0]?.p.role };
}

function resolveContact(people: Person[], c: ItemInput['contacts'][number]): Recipient | { name: string } {
  const name = typeof c === 'string' ? c : c.name;
  if (typeof c !== 'string' && c.email) return { name, email: c.email };
  const p = people.find((x) => x.id === name)
    ?? people.find((x) => x.name === name && x.role === 'contact')
    ?? people.find((x) => x.name === name);
  return p ? { name: p.name, email: p.email } : { name };
}

const hasEmail = (r: Recipient | { name: string }): r is Recipient => 'email' in r;

/**
 * Workflow-id-safe keys, one per id, unique: `itemKeyOf` (keys.ts, which the CLI also uses to
 * find an item's workflow): "(12)" → "12", "（3）" → "3", else only [A-Za-z0-9_-]. Ids whose
 * key is taken by an earlier item (e.g. two ids with no Latin letters or digits) get "-2", "-3".
 */
export function itemKeys(ids: string[]): string[] {
  const natural = ids.map(itemKeyOf);
  const claimed = new Set<string>();
  const keys = natural.map((k) => {
    if (claimed.has(k)) return undefined;
    claimed.add(k);
    return k;
  });
  return keys.map((k, i) => {
    if (k !== undefined) return k;
    let n = 2;
    while (claimed.has(`${natural[i]}-${n}`)) n++;
    const key = `${natural[i]}-${n}`;
    claimed.add(key);
    return key;
  });
}

/** Ids that name the same item: "(12)", "（12）", "12" (see keys.ts). */
function sameItemForm(id: string): string {
  const t = id.normalize('NFKC').trim();
  const m = /^\(\s*(.+?)\s*\)$/.exec(t);
  return m ? m[1] : t;
}

// ---------------------------------------------------------------------------
// Dates

const DAY = 86400000;
const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY;
const shiftDate = (iso: string, days: number) => new Date((dayNumber(iso) + days) * DAY).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------
// Validation

/**
 * Validate parsed campaign data (what YAML or JSON gave) and normalise it.
 * Reads the ledger named by `itemsFrom`. Throws CampaignError with every problem.
 */
export async function validateCampaign(raw: unknown, opts: ValidateOptions = {}): Promise<CampaignPlan> {
  const label = opts.label ?? 'campaign';
  const baseDir = opts.baseDir ?? process.cwd();
  const at = (p: string) => `${label}: ${p}`;
  if (raw === null || raw === undefined) throw new CampaignError([{ where: label, what: 'the file is empty' }]);
  // Problems are listed campaign-level first, then item by item (order: the item's position or row).
  const found: { problem: Problem; order: number }[] = [];
  const add = (where: string, what: string, order = -1) => found.push({ problem: { where, what }, order });
  const fail = () => new CampaignError(found.sort((x, y) => x.order - y.order).map((f) => f.problem));

  let rebaseTo: string | undefined;
  // "today" is the campaign's today, in its own time zone (decided below, once the zone is known).
  if (opts.rebaseTo !== undefined && opts.rebaseTo !== 'today') {
    const r = isoDate.safeParse(opts.rebaseTo);
    if (r.success) rebaseTo = r.data;
    else for (const l of issueLeaves(r.error.issues, opts.rebaseTo)) add('rebaseTo', l.what);
  }

  // The schema, whole: every issue, items named by id.
  raw = resolveWorkingDayDeadlines(raw, opts.loadedYears);
  const full = campaignFile.safeParse(raw);
  if (!full.success) {
    for (const l of issueLeaves(full.error.issues, raw)) {
      add(fileWhere(label, raw, l.path), l.what, l.path[0] === 'items' && typeof l.path[1] === 'number' ? l.path[1] : -1);
    }
  }
  const obj = isRecord(raw) ? raw : undefined;
  if (!obj) throw fail();

  // What is valid of the rest, for the cross-checks even when some parts are not.
  const campaign = isRecord(obj.campaign) ? obj.campaign : {};
  const startR = isoDate.safeParse(campaign.start);
  const endR = isoDate.safeParse(campaign.concentratedEnd);
  const start = startR.success ? startR.data : undefined;
  let directory: Person[] | undefined;
  if (full.success) directory = full.data.people;
  else {
    const r = campaignFile.shape.people.safeParse(obj.people);
    directory = r.success ? r.data : undefined;
  }

  // Campaign-level checks.
  if (start && endR.success && endR.data < start) {
    add(at('campaign.concentratedEnd'), `${endR.data} is before the campaign start ${start}`);
  }
  const hasItems = obj.items !== undefined;
  const hasFrom = obj.itemsFrom !== undefined;
  if (hasItems && hasFrom) add(at('itemsFrom'), 'give items or itemsFrom, not both');
  else if (!hasItems && !hasFrom) add(at('items'), 'no items: list them under items, or name a ledger with itemsFrom');
  else if (Array.isArray(obj.items) && obj.items.length === 0) add(at('items'), 'no items: the list is empty');
  if (full.success) {
    duplicates(full.data.people.map((p) => p.id), (id, pos) => add(
      at(`people[${pos[0] + 1}].id`),
      `duplicate id "${id}": ${andList(pos.map((i) => `people[${i + 1}]`))}`,
    ));
    duplicates((full.data.escalation ?? []).map((r) => r.id), (id, pos) => add(
      at(`escalation[${pos[0] + 1}].id`),
      `duplicate id "${id}": ${andList(pos.map((i) => `escalation[${i + 1}]`))}`,
    ));
  }

  // Items, inline or from the ledger.
  const entries: Entry[] = [];
  const allOrBoth = (n: number) => (n > 2 ? 'all' : 'both');
  if (Array.isArray(obj.items)) {
    const items = obj.items as unknown[];
    items.forEach((x, i) => {
      const r = itemSchema.safeParse(x);
      entries.push({ raw: x, data: r.success ? r.data : undefined, origin: inlineOrigin(label, items, i), order: i });
    });
    const ids = items.map(rawId);
    duplicates(ids.map((id) => (id === undefined ? undefined : sameItemForm(id))), (_, pos) => {
      const written = pos.map((i) => ids[i] as string);
      add(
        at(`item ${written[0]}, id`),
        written.every((w) => w === written[0])
          ? `duplicate id: items ${andList(pos.map((i) => `#${i + 1}`))} ${allOrBoth(pos.length)} use it`
          : `duplicate id: items ${andList(pos.map((i) => `#${i + 1} ("${ids[i]}")`))} are the same item`,
        pos[0],
      );
    });
  } else if (!hasItems && typeof obj.itemsFrom === 'string' && obj.itemsFrom.trim()) {
    const rel = obj.itemsFrom.trim();
    const ledger = await readLedger(path.resolve(baseDir, rel), rel);
    const cellOrder = (row: number, column: number | undefined) => row + ((column ?? -1) + 1) / 100000;
    const fieldOrder = (row: number, field: LedgerField) => cellOrder(row, ledger.columns[field]?.index);
    for (const p of ledger.problems) add(p.where, p.what, p.row === undefined ? -1 : cellOrder(p.row, p.column));
    for (const row of ledger.rows) {
      const r = itemSchema.safeParse(row.item);
      entries.push({
        raw: row.item,
        data: r.success ? r.data : undefined,
        origin: ledgerOrigin(ledger, row.row),
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
  }

  // Each item against the directory and the calendar.
  for (const { raw: rawItem, origin, order, orderOf } of entries) {
    const it = checkable(rawItem);
    const o = (field: LedgerField) => (orderOf ? orderOf(field) : order);
    if (directory && it.leader !== undefined) {
      const l = findLeader(directory, it.leader);
      if (!l.person) {
        add(
          origin.where('leader'),
          l.otherRole
            ? `责任领导 "${it.leader}" is in the directory as ${l.otherRole}, not as leader or secretary`
            : `责任领导 "${it.leader}" is not in the directory (people with role leader or secretary)`,
          o('leader'),
        );
      }
    }
    if (directory) {
      for (const c of it.contacts) {
        const r = resolveContact(directory, c);
        if (!hasEmail(r)) add(origin.where('contacts'), `联络员 "${r.name}" has no e-mail address`, o('contacts'));
      }
    }
    if (start && it.deadline !== undefined && it.deadline < start) {
      add(origin.where('deadline'), `deadline ${it.deadline} is before the campaign start ${start}`, o('deadline'));
    }
    for (const m of it.milestones) {
      const where = origin.where('milestones', [m.index]);
      if (start && m.date < start) add(where, `milestone ${m.date} "${m.deliverable}" is before the campaign start ${start}`, o('milestones'));
      if (it.deadline !== undefined && m.date > it.deadline) {
        add(where, `milestone ${m.date} "${m.deliverable}" is after the deadline ${it.deadline}`, o('milestones'));
      }
    }
  }

  if (found.length === 0) {
    // Every invalid item has had its problems reported; this guards the guarantee.
    for (const e of entries) if (!e.data) add(e.origin.where('id'), 'not a valid item', e.order);
  }
  if (found.length > 0 || !full.success) throw fail();

  // Normalise.
  const data = full.data;
  const people = data.people;
  const valid = entries.map((e) => e.data as ItemInput); // every entry is valid when there are no problems
  const keys = itemKeys(valid.map((it) => it.id));
  const items = valid.map((it, i): ItemPlan => {
    const l = findLeader(people, it.leader);
    const leader = l.person as Person;
    const contacts: Recipient[] = [];
    for (const c of it.contacts) {
      const r = resolveContact(people, c) as Recipient;
      if (!contacts.some((x) => x.name === r.name && x.email === r.email)) contacts.push(r);
    }
    const plan: ItemPlan = {
      id: it.id,
      key: keys[i],
      section: it.section,
      ...(it.topic ? { topic: it.topic } : {}),
      ...(it.title ? { title: it.title } : {}),
      problem: it.problem,
      measures: [...it.measures],
      kind: it.kind,
      leader: { name: leader.name, email: leader.email },
      leadUnit: it.leadUnit,
      coUnits: [...it.coUnits],
      contacts,
      unitHeads: people
        .filter((p) => p.role === 'unitHead' && p.unit === it.leadUnit)
        .map((p) => ({ name: p.name, email: p.email })),
      leaderId: leader.id ?? `p${l.index + 1}`,
      deadline: it.deadline,
      milestones: it.milestones.map((m) => ({ date: m.date, deliverable: m.deliverable })),
    };
    return plan;
  });

  const c = data.campaign;
  if (opts.rebaseTo === 'today') rebaseTo = DateTime.now().setZone(c.timeZone).toISODate() ?? undefined;
  const shift = rebaseTo ? dayNumber(rebaseTo) - dayNumber(c.start) : 0;
  const move = (d: string) => (shift ? shiftDate(d, shift) : d);
  return {
    id: c.id,
    name: c.name,
    committee: c.committee,
    timeZone: c.timeZone,
    start: move(c.start),
    concentratedEnd: move(c.concentratedEnd),
    language: c.language,
    cadence: data.cadence,
    ladder: data.escalation ?? defaultLadder(data.campaign.language),
    workingGroup: [...data.addresses.workingGroup],
    committeeAddresses: [...data.addresses.committee],
    items: items.map((it) => ({
      ...it,
      deadline: move(it.deadline),
      milestones: it.milestones.map((m) => ({ date: move(m.date), deliverable: m.deliverable })),
    })),
  };
}

/** Calls `found(value, positions)` for each value (not undefined) that occurs more than once. */
function duplicates(values: (string | undefined)[], found: (value: string, positions: number[]) => void): void {
  const seen = new Map<string, number[]>();
  values.forEach((v, i) => {
    if (v === undefined) return;
    const list = seen.get(v) ?? [];
    list.push(i);
    seen.set(v, list);
  });
  for (const [v, pos] of seen) if (pos.length > 1) found(v, pos);
}

/** The JSON Schema of the campaign file (its input: what people write), for editors and docs. */
export function campaignJsonSchema(): object {
  const schema = z.toJSONSchema(campaignFile, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    title: 'rectify campaign file',
    description: 'A rectification campaign (整改方案): cadence, escalation ladder, directory and items (inline or itemsFrom a ledger).',
  };
}
