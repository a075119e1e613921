/**
 * The escalation triggers (what makes a rung of the ladder fire), one entry each: the campaign file's field
 * under a rung's `when`, the moments the calendar places for it, when it fires at a moment, what ends it, and
 * its wording. The schema (`when`), the calendar (`itemMoments`), `rungsAt`, `causeGone` and `calendar show`
 * read this table; a new trigger is an entry here, its wording in i18n.ts and the regenerated JSON schema.
 *
 * Pure and deterministic: no luxon, no Node, no zod. Workflows import it through rules.ts.
 */
import type { ItemState, Moment, MomentKind } from './types';
import { msg, type Language } from './i18n';

/** What an item knows when one of its moments arrives. */
export interface RungContext {
  moment: Moment;
  state: ItemState;
  /** Reports missed in a row, counted at this moment (for 'due'). */
  missedInARow: number;
  /** For 'followup': whether the report of moment.cycle is still missing. */
  reportStillMissing: boolean;
  /** Points behind plan at this moment (may be negative). */
  behindPlan: number;
  /** Red at this many inspections in a row (for 'inspection'). */
  redInspections: number;
  /** For milestone moments: whether that milestone was delivered. */
  milestoneDelivered: boolean;
  /** How many extensions were granted: deadline rungs fire again for a new deadline. */
  extensions: number;
  /** Whether the item reported in this weekly cycle (for 'due'). */
  reportedThisCycle: boolean;
}

/** A trigger moment's N, and whether it counts working days. */
export interface MomentNumber {
  days: number;
  workingDays: boolean;
}

/**
 * A trigger moment's N and whether it counts working days. The calendar sets them as fields; moments planned
 * before it did (recorded histories, workflow inputs carried over) have them only in their key, read back as
 * before: N is the first `+N:`/`-N:` (`followup+3:…`, `deadlineWarning-7:…`), a `w` after it (`-3w:`) marks a
 * warning in working days, and follow-ups and late notices always count working days.
 */
export function momentNumber(m: Moment): MomentNumber | undefined {
  const legacyWorkingDays = (): boolean => /[+-]\d+w:/.test(m.key) || m.kind === 'followup' || m.kind === 'deadlineLate';
  if (m.days !== undefined) return { days: m.days, workingDays: m.workingDays ?? legacyWorkingDays() };
  const n = /[+-](\d+)w?:/.exec(m.key);
  return n ? { days: Number(n[1]), workingDays: legacyWorkingDays() } : undefined;
}

/**
 * Where the calendar puts a trigger's moment, N days from an anchor: the deadline or each milestone (its day
 * at the weekly due time of day; after it: from the instant it passes, 00:00 the day after), or each weekly
 * due time (with its cycle). `daysBefore` lands on a working day by `cadence.onDayOff.warning`; every moment
 * then waits for working hours. Its key's tag is `-N` (days before), `-Nw` (working days before) or `+N`
 * (working days after).
 */
export interface Placement {
  kind: MomentKind;
  anchor: 'deadline' | 'milestone' | 'due';
  count: 'daysBefore' | 'workingDaysBefore' | 'workingDaysAfter';
  /** Values below it place nothing (`deadlinePassedWorkingDays: 0` fires at the deadline moment itself). */
  minDays?: number;
  /** The rule as `calendar show` prints it; `deadline` and `milestone` are the item's dates. */
  describe(n: number, lang: Language, on: { deadline?: string; milestone?: string }): string;
}

/** The idempotency cycle a rung fires in: per weekly cycle, per deadline (and extension), milestone or month. */
export const cycles = {
  week: (ctx: RungContext): string => `w${ctx.moment.cycle ?? 0}`,
  deadline: (ctx: RungContext): string => `d${ctx.extensions}`,
  milestone: (ctx: RungContext): string => `m${ctx.moment.milestone}.${ctx.extensions}`,
  month: (ctx: RungContext): string => `i${ctx.moment.local.slice(0, 7)}`,
  /** Climbing from a 督办单 not answered in time: once per notice. */
  notice: (ctx: RungContext): string => `n${ctx.moment.number ?? ''}`,
};

export interface Firing {
  cycle: string;
  reason: string;
}

/** What a trigger's value is in the campaign file: a whole number in a range, `true`, or a list of the ladder's rung ids. */
export type TriggerValue = { min: number; max: number } | true | 'rungs';

interface TriggerSpec<V extends TriggerValue> {
  value: V;
  /** The field's meaning (the JSON schema's description). */
  doc: string;
  /** The moments the calendar places for it; without: it fires at moments every item has. */
  places?: Placement;
  /** Whether it fires at this moment (n: the moment's number), and in which cycle, for what reason. */
  fires(value: V extends true ? true : V extends 'rungs' ? string[] : number, ctx: RungContext, n: MomentNumber | undefined, lang: Language): Firing | undefined;
  /** The events that end an open escalation of it (a close-out submission ends every one). */
  endedBy: readonly ('report' | 'extended')[];
}

const count = (min: number, max: number) => ({ min, max });
/** Entries typed by their value (a helper, so that each entry's functions get their parameter types). */
const counted = (spec: TriggerSpec<{ min: number; max: number }>) => spec;
const flag = (spec: TriggerSpec<true>) => spec;
const rungList = (spec: TriggerSpec<'rungs'>) => spec;
const milestoneNo = (ctx: RungContext): number => (ctx.moment.milestone ?? 0) + 1;

/**
 * The triggers, in the order rungsAt tries them on a rung (a rung names exactly one; of a malformed rung
 * naming two that fire at one moment, the first wins: missedReports before behindPlanPoints at a due time).
 */
export const TRIGGERS = {
  beforeDeadlineDays: counted({
    value: count(1, 365),
    doc: "N days before the item's deadline (a warning), while it is not submitted.",
    places: {
      kind: 'deadlineWarning', anchor: 'deadline', count: 'daysBefore',
      describe: (n, lang, on) => msg(lang, 'ruleDeadlineWarning', n, false, on.deadline),
    },
    fires: (v, ctx, n, lang) => (ctx.moment.kind === 'deadlineWarning' && !n?.workingDays && v === n?.days
      ? { cycle: cycles.deadline(ctx), reason: msg(lang, 'whyDeadlineIn', v, false) } : undefined),
    endedBy: ['extended'],
  }),
  beforeMilestoneDays: counted({
    value: count(1, 365),
    doc: 'N days before a milestone, while it is not delivered.',
    places: {
      kind: 'milestoneWarning', anchor: 'milestone', count: 'daysBefore',
      describe: (n, lang, on) => msg(lang, 'ruleMilestoneWarning', n, false, on.milestone),
    },
    fires: (v, ctx, n, lang) => (ctx.moment.kind === 'milestoneWarning' && !n?.workingDays && v === n?.days && !ctx.milestoneDelivered
      ? { cycle: cycles.milestone(ctx), reason: msg(lang, 'whyMilestoneIn', milestoneNo(ctx), v, false) } : undefined),
    endedBy: ['extended'],
  }),
  beforeDeadlineWorkingDays: counted({
    value: count(1, 250),
    doc: "N working days before the item's deadline (holidays and 调休 as the working-day calendar has them).",
    places: {
      kind: 'deadlineWarning', anchor: 'deadline', count: 'workingDaysBefore',
      describe: (n, lang, on) => msg(lang, 'ruleDeadlineWarning', n, true, on.deadline),
    },
    fires: (v, ctx, n, lang) => (ctx.moment.kind === 'deadlineWarning' && n?.workingDays === true && v === n.days
      ? { cycle: cycles.deadline(ctx), reason: msg(lang, 'whyDeadlineIn', v, true) } : undefined),
    endedBy: ['extended'],
  }),
  beforeMilestoneWorkingDays: counted({
    value: count(1, 250),
    doc: 'N working days before a milestone, while it is not delivered.',
    places: {
      kind: 'milestoneWarning', anchor: 'milestone', count: 'workingDaysBefore',
      describe: (n, lang, on) => msg(lang, 'ruleMilestoneWarning', n, true, on.milestone),
    },
    fires: (v, ctx, n, lang) => (ctx.moment.kind === 'milestoneWarning' && n?.workingDays === true && v === n.days && !ctx.milestoneDelivered
      ? { cycle: cycles.milestone(ctx), reason: msg(lang, 'whyMilestoneIn', milestoneNo(ctx), v, true) } : undefined),
    endedBy: ['extended'],
  }),
  missedReports: counted({
    value: count(1, 52),
    doc: 'N weekly reports missed in a row (checked at each weekly due time; fires again at each further N).',
    // The ladder climbs, it does not spam: N missed in a row fires, and again at 2N, 3N …
    fires: (v, ctx, _n, lang) => (ctx.moment.kind === 'due' && ctx.missedInARow >= v && ctx.missedInARow % v === 0
      ? { cycle: cycles.week(ctx), reason: msg(lang, 'whyMissed', ctx.missedInARow) } : undefined),
    endedBy: ['report'],
  }),
  missedForWorkingDays: counted({
    value: count(1, 60),
    doc: 'A weekly report still missing N working days after its due time.',
    places: {
      kind: 'followup', anchor: 'due', count: 'workingDaysAfter',
      describe: (n, lang) => msg(lang, 'ruleFollowup', n),
    },
    fires: (v, ctx, n, lang) => (ctx.moment.kind === 'followup' && v === n?.days && ctx.reportStillMissing
      ? { cycle: cycles.week(ctx), reason: msg(lang, 'whyStillMissing', v) } : undefined),
    endedBy: ['report'],
  }),
  behindPlanPoints: counted({
    value: count(1, 100),
    doc: "Reported percent behind the share of the item's time that has passed (序时进度) by at least this many points, at a weekly due time the item reported in.",
    fires: (v, ctx, _n, lang) => (ctx.moment.kind === 'due' && ctx.reportedThisCycle && ctx.behindPlan >= v
      ? { cycle: cycles.week(ctx), reason: msg(lang, 'whyBehind', ctx.behindPlan) } : undefined),
    endedBy: ['report'],
  }),
  deadlinePassedWorkingDays: counted({
    value: count(0, 365),
    doc: 'The deadline passed N working days ago without a close-out submission (0: at the deadline).',
    places: {
      kind: 'deadlineLate', anchor: 'deadline', count: 'workingDaysAfter', minDays: 1,
      describe: (n, lang, on) => msg(lang, 'ruleDeadlineLate', n, on.deadline),
    },
    fires: (v, ctx, n, lang) => {
      if (ctx.moment.kind === 'deadline' && v === 0) return { cycle: cycles.deadline(ctx), reason: msg(lang, 'whyDeadlinePassed') };
      if (ctx.moment.kind === 'deadlineLate' && v === n?.days) return { cycle: cycles.deadline(ctx), reason: msg(lang, 'whyDeadlineLate', v) };
      return undefined;
    },
    endedBy: ['extended'],
  }),
  milestonePassed: flag({
    value: true,
    doc: 'A milestone passed undelivered.',
    fires: (v, ctx, _n, lang) => (v && ctx.moment.kind === 'milestone' && !ctx.milestoneDelivered
      ? { cycle: cycles.milestone(ctx), reason: msg(lang, 'whyMilestonePassed', milestoneNo(ctx)) } : undefined),
    endedBy: ['extended'],
  }),
  redAtInspections: counted({
    value: count(1, 12),
    doc: 'Red at N monthly inspections in a row.',
    fires: (v, ctx, _n, lang) => (ctx.moment.kind === 'inspection' && ctx.redInspections >= v
      ? { cycle: cycles.month(ctx), reason: msg(lang, 'whyRed', ctx.redInspections) } : undefined),
    endedBy: [],
  }),
  unanswered: rungList({
    value: 'rungs',
    doc: "A 督办单 of one of these rungs (ids of rungs with replyWorkingDays) was not answered by its reply deadline (限期回复): the ladder climbs to this rung.",
    fires: (v, ctx, _n, lang) => (ctx.moment.kind === 'replyDue' && ctx.moment.rung !== undefined && v.includes(ctx.moment.rung)
      ? { cycle: cycles.notice(ctx), reason: msg(lang, 'whyUnanswered', ctx.moment.number ?? '') } : undefined),
    endedBy: [],
  }),
};

export type TriggerField = keyof typeof TRIGGERS;

/** A rung's `when`: one of the fields, a whole number or `true` as its entry says. */
export type Trigger = { [K in TriggerField]?: (typeof TRIGGERS)[K]['value'] extends true ? true : (typeof TRIGGERS)[K]['value'] extends 'rungs' ? string[] : number };

/** The fields in table order. */
export const TRIGGER_FIELDS = Object.keys(TRIGGERS) as TriggerField[];

/** A field's entry, typed for any value (the table's own types are per field). */
export function triggerSpec(field: TriggerField): TriggerSpec<TriggerValue> {
  return TRIGGERS[field] as unknown as TriggerSpec<TriggerValue>;
}

/** The trigger moments the calendar places, with the distinct N of a ladder for each (ascending). */
export function placementsOf(whens: readonly Trigger[]): { placement: Placement; days: number[] }[] {
  const out: { placement: Placement; days: number[] }[] = [];
  for (const field of TRIGGER_FIELDS) {
    const placement = triggerSpec(field).places;
    if (!placement) continue;
    const days = new Set<number>();
    for (const w of whens) {
      const v = w[field];
      if (typeof v === 'number' && v >= (placement.minDays ?? Number.NEGATIVE_INFINITY)) days.add(v);
    }
    out.push({ placement, days: [...days].sort((a, b) => a - b) });
  }
  return out;
}

/** The placement that made a trigger moment (by its kind and whether N counts working days). */
export function placementOf(m: Moment): Placement | undefined {
  const n = momentNumber(m);
  if (!n) return undefined;
  return TRIGGER_FIELDS.map((f) => triggerSpec(f).places).find((p) => p?.kind === m.kind && (p.count !== 'daysBefore') === n.workingDays);
}
