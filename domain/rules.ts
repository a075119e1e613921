/**
 * State rules of an item (整改事项): which transitions are legal, what a
 * close-out must state, what colour the item's light is, which rungs of the
 * escalation ladder a moment fires.
 *
 * Pure and deterministic: no luxon, no Node, no clock. Workflows import this
 * module; every instant comes in as epoch milliseconds from the calendar
 * activity.
 */
import type { CarriedOut, ItemState, ItemStatus, Light, Moment, Rung } from './types';
import type { LookBackSettings } from './schema';
import type { Closeout } from './payloads';
import { msg, stateLabel, type Language } from './i18n';
import { momentNumber, TRIGGER_FIELDS, triggerSpec, type RungContext } from './triggers';

export const OPEN_STATES: ItemState[] = ['notStarted', 'inProgress', 'returned', 'submitted', 'continuing'];

/** States that still report weekly: 未启动, 整改中, 已退回. */
export function expectsReports(state: ItemState): boolean {
  return state === 'notStarted' || state === 'inProgress' || state === 'returned';
}

/**
 * Whether a weekly due time asks a long-term item (持续整改) for its report: every one (`weekly`), the first of
 * each month (`monthly`: the first due day of a month is within its first seven days, as its rule placed it
 * before any day off moved it) or of each quarter (`quarterly`: January, April, July, October). Compares the
 * moment's local time as text: no clock, no time zone.
 */
export function longTermDue(m: Pick<Moment, 'kind' | 'local' | 'moved'>, every: LookBackSettings['longTermReports']): boolean {
  if (m.kind !== 'due') return false;
  if (every === 'weekly') return true;
  const day = m.moved?.from ?? m.local;
  if (Number(day.slice(8, 10)) > 7) return false;
  return every === 'monthly' || ['01', '04', '07', '10'].includes(day.slice(5, 7));
}

/**
 * Whether an item reports now: an open one every week; a long-term one accepted since v0.5 (followed after
 * acceptance) at its long-term cadence.
 */
export function owesReports(r: { state: ItemState; accepted?: unknown }): boolean {
  return expectsReports(r.state) || (r.state === 'continuing' && r.accepted !== undefined);
}

/** Whether the reminder of a weekly cycle lists an item, as its campaign's row knows it. */
export function remindedFor(row: Pick<ItemStatus, 'state' | 'lastReportCycle' | 'longTermDue'>, cycle: number | undefined): boolean {
  if (cycle !== undefined && row.lastReportCycle === cycle) return false;
  return expectsReports(row.state) || (row.state === 'continuing' && row.longTermDue !== undefined && row.longTermDue === cycle);
}

export function isClosed(state: ItemState): boolean {
  return state === 'closed';
}

/** 已销号, 已撤销 or 已转入下一轮: the item's workflow ends, nothing more is expected of it in its campaign. */
export function hasEnded(state: ItemState): boolean {
  return state === 'closed' || state === 'withdrawn' || state === 'carriedOut';
}

/** 已转入下一轮: why this round takes nothing more, naming the next round's item when the record says where it went. */
export function carriedOutRefusal(to: Pick<CarriedOut, 'campaignId' | 'campaignName' | 'itemId'> | undefined, lang: Language): string {
  return to ? msg(lang, 'carriedOutHere', to.campaignId, to.campaignName, to.itemId) : msg(lang, 'carriedOutSomewhere');
}

/** Why a progress report is refused in this state, or undefined when it is welcome (`to`: where a carried-out item went). */
export function refuseReport(state: ItemState, lang: Language = 'en', to?: Pick<CarriedOut, 'campaignId' | 'campaignName' | 'itemId'>): string | undefined {
  if (state === 'closed') return msg(lang, 'closedNoReports');
  if (state === 'withdrawn') return msg(lang, 'isWithdrawn');
  if (state === 'carriedOut') return carriedOutRefusal(to, lang);
  if (state === 'submitted') return msg(lang, 'submittedWaitReview');
  return undefined;
}

/** The state after a report: the first report starts the work, a report on a returned item resumes it. */
export function stateAfterReport(state: ItemState): ItemState {
  return state === 'notStarted' || state === 'returned' ? 'inProgress' : state;
}

export function refuseCloseoutSubmission(state: ItemState, lang: Language = 'en'): string | undefined {
  if (state === 'submitted') return msg(lang, 'alreadySubmitted');
  if (state === 'closed') return msg(lang, 'isClosed');
  if (state === 'withdrawn') return msg(lang, 'isWithdrawn');
  if (state === 'carriedOut') return carriedOutRefusal(undefined, lang);
  if (state === 'continuing') return msg(lang, 'isContinuing');
  return undefined;
}

export function refuseReview(state: ItemState, lang: Language = 'en'): string | undefined {
  if (state !== 'submitted') return msg(lang, 'notWaitingReview', lang === 'en' ? state : stateLabel(state, lang));
  return undefined;
}

/** After the working group accepts: a long-term item stays followed (持续整改), others are closed (已销号). */
export function stateAfterAccept(kind: string): ItemState {
  return kind === 'longTerm' ? 'continuing' : 'closed';
}

export function refuseDispatch(state: ItemState, lang: Language = 'en'): string | undefined {
  if (state === 'closed') return msg(lang, 'closedNoDispatch');
  if (state === 'withdrawn') return msg(lang, 'isWithdrawn');
  if (state === 'carriedOut') return carriedOutRefusal(undefined, lang);
  return undefined;
}

export const DIMENSIONS = [
  ['solved', '问题解决'],
  ['accountability', '产生原因及追责问责'],
  ['similarCases', '举一反三'],
  ['mechanism', '长效机制'],
] as const;

/** Every problem with a close-out submission (四个维度), empty when complete. */
export function closeoutProblems(c: Partial<Closeout> | undefined, lang: Language = 'en'): string[] {
  const problems: string[] = [];
  if (!c) return ['no close-out given'];
  for (const [key, label] of DIMENSIONS) {
    const d = c[key];
    if (!d || typeof d.statement !== 'string' || d.statement.trim() === '') {
      problems.push(msg(lang, 'missingStatement', label, key));
      continue;
    }
    const evidence = Array.isArray(d.evidence) ? d.evidence.filter((e) => typeof e === 'string' && e.trim() !== '') : [];
    const noneNeeded = key === 'accountability' && (d as Closeout['accountability']).noneNeeded === true;
    if (evidence.length === 0 && !noneNeeded) problems.push(msg(lang, 'missingEvidence', label, key));
  }
  return problems;
}

export interface LightInput {
  state: ItemState;
  now: number;
  deadlineAt: number;
  startAt: number;
  /** Milestone instants not yet delivered. */
  openMilestones: number[];
  missedInARow: number;
  percent: number;
  yellowWindowMs: number;
}

/** 序时进度: share of the item's time (start to deadline) that has passed, 0..1. */
export function planShareAt(now: number, startAt: number, deadlineAt: number): number {
  if (deadlineAt <= startAt) return 1;
  return Math.min(1, Math.max(0, (now - startAt) / (deadlineAt - startAt)));
}

/** Reported percent lags behind the share of time passed. */
export function behindPlanBy(i: Pick<LightInput, 'now' | 'startAt' | 'deadlineAt' | 'percent'>): number {
  return Math.round(planShareAt(i.now, i.startAt, i.deadlineAt) * 100 - i.percent);
}

/**
 * 下次报送截止: the first due moment at or after `now` in a plan; given the cycles already reported, the first
 * whose report is still owed. The item workflow and the activity that plans its start both ask this.
 */
export function nextDueMoment(moments: readonly Moment[], now: number, reportedCycles?: readonly number[]): Moment | undefined {
  return moments.find((m) => m.kind === 'due' && m.at >= now && !(reportedCycles && m.cycle !== undefined && reportedCycles.includes(m.cycle)));
}

/**
 * 红黄绿灯. Red: a milestone or the deadline has passed, or reports were missed
 * twice in a row. Yellow: one report missed, or a milestone/deadline is near
 * and progress lags behind plan. Green otherwise. Closed items are grey; an
 * item waiting for review is judged as green unless its deadline passed
 * before it was submitted (the submission stops the clock).
 */
export function lightOf(i: LightInput): Light {
  if (i.state === 'closed' || i.state === 'continuing' || i.state === 'withdrawn' || i.state === 'carriedOut') return 'grey';
  if (i.state === 'submitted') return 'green';
  const passed = i.now >= i.deadlineAt || i.openMilestones.some((m) => i.now >= m);
  if (passed || i.missedInARow >= 2) return 'red';
  if (i.missedInARow === 1) return 'yellow';
  const near = [i.deadlineAt, ...i.openMilestones].some((m) => m > i.now && m - i.now <= i.yellowWindowMs);
  if (near && behindPlanBy(i) > 0 && i.percent < 100) return 'yellow';
  return 'green';
}

export interface FiredRung {
  rung: Rung;
  /** Idempotency: the rung fires once per item and cycle. */
  cycle: string;
  reason: string;
}

/**
 * The rungs that a moment fires for an item, before removing those already
 * fired in the same cycle, in ladder order; each rung by the first of its
 * triggers (domain/triggers.ts, in table order) that fires. Items that are
 * submitted or closed escalate no more.
 */
export function rungsAt(ladder: Rung[], ctx: RungContext, lang: Language = 'en'): FiredRung[] {
  if (ctx.state === 'closed' || ctx.state === 'submitted' || ctx.state === 'continuing' || hasEnded(ctx.state)) return [];
  const fired: FiredRung[] = [];
  const n = momentNumber(ctx.moment);
  for (const rung of ladder) {
    for (const field of TRIGGER_FIELDS) {
      const value = rung.when[field];
      if (value === undefined) continue;
      const firing = triggerSpec(field).fires(value, ctx, n, lang);
      if (firing) {
        fired.push({ rung, ...firing });
        break;
      }
    }
  }
  return fired;
}

/** Which kind of event a rung's notice is: chases below supervision, escalations from there up. */
export function noticeKind(level: Rung['level']): 'warning' | 'chase' | 'escalation' {
  if (level === 'reminder') return 'warning';
  if (level === 'chase') return 'chase';
  return 'escalation';
}

/** The ladder's rungs a cause stops: a submission ends all, a report or an extension those their triggers name. */
export function causeGone(rung: Rung, event: 'report' | 'submitted' | 'extended'): boolean {
  if (event === 'submitted') return true;
  return TRIGGER_FIELDS.some((field) => rung.when[field] !== undefined && triggerSpec(field).endedBy.includes(event));
}

/** YYYY-MM-DD naming a day that exists (no time zone involved). */
export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}
