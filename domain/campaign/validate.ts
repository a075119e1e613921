/**
 * Validation: parsed campaign data (what YAML or JSON gave) → a valid file and its items, or
 * every problem found, never only the first.
 *
 * The schema is checked whole (items named by id), then what is valid of the rest is checked
 * across parts: the concentrated period against the start, duplicate ids, each item's
 * 责任领导 and 联络员 against the directory, its deadline and milestones against the calendar.
 * Problems are listed campaign-level first, then item by item.
 */
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { campaignFile, contactRef, isoDate, item as itemSchema, milestone as milestoneSchema } from '../schema';
import type { ItemInput, Person } from '../schema';
import type { CampaignPlan } from '../types';
import type { YearArrangement } from '../holidays';
import type { LedgerField } from '../ledger/columns';
import { findLeader, hasEmail, resolveContact, type ContactRef } from './directory';
import { fileWhere, inlineEntries, ledgerEntries, type Entry } from './items';
import { normaliseCampaign, resolveWorkingDayDeadlines } from './normalise';
import { LIMITS } from '../limits';
import { andList, CampaignError, duplicates, isRecord, issueLeaves, type Problem } from './problems';

export interface LoadOptions {
  /**
   * YYYY-MM-DD: shift the start, the end of the concentrated period, every
   * deadline and every milestone by the same number of days so that the
   * campaign starts on this day (a past campaign replayed from today).
   */
  rebaseTo?: string;
  /** Official years loaded with `rectify calendar update` (for deadlines given in working days). */
  loadedYears?: YearArrangement[];
  /**
   * Folders besides the campaign file's own where `itemsFrom` may point (RECTIFY_LEDGER_DIRS in the CLI).
   * A ledger elsewhere is refused: a campaign file handed on by someone else must not make rectify read
   * any file of the machine (its cells are echoed in refusals).
   */
  ledgerDirs?: string[];
}

export interface ValidateOptions extends LoadOptions {
  /** How problems name the campaign file (default "campaign"). */
  label?: string;
  /** Where `itemsFrom` is resolved from (default: the working directory). */
  baseDir?: string;
}

/** A path with its symbolic links resolved, or undefined when it does not exist (yet). */
function realPath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

const within = (file: string, dir: string): boolean => {
  const r = path.relative(dir, file);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
};

/**
 * Why the ledger `file` may not be read, or undefined: it must be in the campaign file's folder or
 * below it, or in one of `allowed`, once symbolic links are resolved (a link in the folder pointing
 * out of it is outside). A file that does not exist is left to the reader, which says so.
 */
function ledgerOutside(file: string, baseDir: string, allowed: string[]): string | undefined {
  const real = realPath(file);
  if (real === undefined) return undefined;
  const dirs = [baseDir, ...allowed].map((d) => realPath(path.resolve(d))).filter((d): d is string => d !== undefined);
  if (dirs.some((d) => within(real, d))) return undefined;
  return `the ledger ${real} is outside the campaign file's folder ${realPath(baseDir) ?? path.resolve(baseDir)}: `
    + 'a ledger must be in that folder or below it, or in a folder named in RECTIFY_LEDGER_DIRS';
}

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
  // "today" is the campaign's today, in its own time zone (decided when normalising, once the zone is known).
  if (opts.rebaseTo === 'today') rebaseTo = 'today';
  else if (opts.rebaseTo !== undefined) {
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
  if (typeof campaign.previous === 'string' && typeof campaign.id === 'string' && campaign.previous.trim() === campaign.id.trim()) {
    add(at('campaign.previous'), `"${campaign.previous.trim()}" is this campaign's own id: previous names the previous round's campaign (上一轮)`);
  }
  const hasItems = obj.items !== undefined;
  const hasFrom = obj.itemsFrom !== undefined;
  if (hasItems && hasFrom) add(at('itemsFrom'), 'give items or itemsFrom, not both');
  else if (!hasItems && !hasFrom) add(at('items'), 'no items: list them under items, or name a ledger with itemsFrom');
  else if (Array.isArray(obj.items) && obj.items.length === 0) add(at('items'), 'no items: the list is empty');
  else if (Array.isArray(obj.items) && obj.items.length > LIMITS.campaignItems) {
    add(at('items'), `${obj.items.length} items: a campaign has at most ${LIMITS.campaignItems} (split it into several campaigns)`);
    throw fail();
  }
  if (full.success) {
    duplicates(full.data.people.map((p) => p.id), (id, pos) => add(
      at(`people[${pos[0] + 1}].id`),
      `duplicate id "${id}": ${andList(pos.map((i) => `people[${i + 1}]`))}`,
    ));
    duplicates((full.data.escalation ?? []).map((r) => r.id), (id, pos) => add(
      at(`escalation[${pos[0] + 1}].id`),
      `duplicate id "${id}": ${andList(pos.map((i) => `escalation[${i + 1}]`))}`,
    ));
    // A climb names rungs that issue 督办单 (with a reply deadline) of this ladder.
    const ladder = full.data.escalation ?? [];
    ladder.forEach((r, i) => (r.when.unanswered ?? []).forEach((id, j) => {
      const target = ladder.find((x) => x.id === id);
      if (!target) add(at(`escalation[${i + 1}].when.unanswered[${j + 1}]`), `no rung "${id}" in the ladder`);
      else if (target.replyWorkingDays === undefined) add(at(`escalation[${i + 1}].when.unanswered[${j + 1}]`), `rung "${id}" issues no tracked notice: give it replyWorkingDays`);
    }));
  }

  // Items, inline or from the ledger.
  let entries: Entry[] = [];
  if (Array.isArray(obj.items)) entries = inlineEntries(label, obj.items as unknown[], add);
  else if (!hasItems && typeof obj.itemsFrom === 'string' && obj.itemsFrom.trim()) {
    const rel = obj.itemsFrom.trim();
    const file = path.resolve(baseDir, rel);
    const outside = ledgerOutside(file, baseDir, opts.ledgerDirs ?? []);
    if (outside) add(at('itemsFrom'), outside);
    else entries = await ledgerEntries(file, rel, add);
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

  // Every entry is valid when there are no problems.
  return normaliseCampaign(full.data, entries.map((e) => e.data as ItemInput), rebaseTo);
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
