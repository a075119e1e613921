/**
 * Problem messages: how a refusal names a place in a file and says what is wrong there.
 *
 * A problem is `where: what`, e.g. `seed.yaml: item (12), deadline: no such day: "2023-02-30"`.
 * zod's issues become such sentences here (the input's type named in words, a union resolved to
 * the branch that fits); paths count list positions from 1: `people[4].email` is the fourth person.
 * The ledger reader and the data-file readers use the same shape.
 */

import { displaySafe } from '../text';
import { problemWhat, problemWhere, type Language } from '../i18n';

/** One thing wrong with a campaign file: where it is, and what is wrong. */
export interface Problem {
  where: string;
  what: string;
  /** What is wrong in Chinese, when it is not one of the sentences domain/i18n.ts translates (a parser's own words). */
  zh?: string;
}

/** A long value quoted in a refusal is shown by its start and its length, never whole (a ledger cell can hold a megabyte). */
const clipQuoted = (what: string): string => what.replace(/"([^"]{81,})"/gs, (_, v: string) => `"${v.slice(0, 60)}…" (${v.length} characters)`);

/**
 * A campaign file that cannot be loaded. The message is one `where: what` line per problem; what a problem
 * quotes of the file (an id naming an item, a value) shows control characters as escapes (domain/text.ts).
 */
export class CampaignError extends Error {
  problems: Problem[];
  constructor(given: Problem[]) {
    const problems = given.map((p) => ({ ...p, where: displaySafe(p.where), what: displaySafe(clipQuoted(p.what)) }));
    super(problems.map((p) => `${p.where}: ${p.what}`).join('\n'));
    this.name = 'CampaignError';
    this.problems = problems;
  }

  /** The message in `lang`: one `where: what` line per problem (the message itself is English). */
  text(lang: Language): string {
    return this.problems.map((p) => `${problemWhere(p.where, lang)}${lang === 'en' ? ': ' : '：'}${lang === 'zh' && p.zh ? p.zh : problemWhat(p.what, lang)}`).join('\n');
  }
}

/** A place inside parsed data: keys and 0-based list positions. */
export type Path = PropertyKey[];

/** `cadence.weeklyDue.time`, `people[4].email` (positions count from 1). */
export function formatPath(p: Path): string {
  let s = '';
  for (const k of p) {
    if (typeof k === 'number') s += `[${k + 1}]`;
    else s += (s ? '.' : '') + String(k);
  }
  return s;
}

/** Collects a problem; `order` lists problems campaign-level first (-1), then item by item (position or row). */
export type AddProblem = (where: string, what: string, order?: number) => void;

/** "a", "a and b", "a, b and c". */
export const andList = (xs: string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** Calls `found(value, positions)` for each value (not undefined) that occurs more than once. */
export function duplicates(values: (string | undefined)[], found: (value: string, positions: number[]) => void): void {
  const seen = new Map<string, number[]>();
  values.forEach((v, i) => {
    if (v === undefined) return;
    const list = seen.get(v) ?? [];
    list.push(i);
    seen.set(v, list);
  });
  for (const [v, pos] of seen) if (pos.length > 1) found(v, pos);
}

// ---------------------------------------------------------------------------
// zod issues → problems

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

/** One problem zod found, at its path in the data (not yet named for a file). */
export interface Leaf {
  path: Path;
  what: string;
}

export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

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

/** zod's issues about `root`, as one sentence per place. */
export function issueLeaves(issues: readonly unknown[], root: unknown): Leaf[] {
  return (issues as IssueLike[]).flatMap((i) => leaves(i, root));
}
