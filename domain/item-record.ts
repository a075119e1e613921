/**
 * 整改事项的记录: the pure rules of one item's record.
 *
 * Each function takes the item's record (plain JSON, carried across
 * continue-as-new), a moment or what a person submitted, and the context (the
 * campaign, the item's planned timeline, the instant), and returns the new
 * record, the notices to send and what changed. Nothing here mutates its
 * input, does I/O or knows Temporal: workflows/item.ts wires these functions
 * to handlers, timers and signals, and the spec tables (test/spec/) run them
 * without any server.
 *
 * Every instant is epoch milliseconds in campaign time (a simulation's clock
 * offset already added); the calendar activity placed the moments, so nothing
 * here needs time-zone data.
 */
import type {
  ItemCarried, ItemMailInput, ItemSnapshot, ItemTimeline, AuditEntry, CampaignSettings, Correction, IssuedNotice, LookBackCheck, ProgressAttributes,
} from './contract';
import { progressFingerprint } from './contract';
import type { CloseoutInput, CorrectionInput, DispatchDecision, DispatchInput, NoticeReplyInput, ReportInput, ReviewInput } from './payloads';
import { payloadProblems, type PayloadKind } from './payloads';
import type { EscalationRecord, ItemPlan, ItemStatus, PreviousRound, Light, Moment, Notice, NoticeRecord, OpenNotice, Recipient, Role, Rung } from './types';
import { lookBackSettings, noticeSettings } from './types';
import {
  behindPlanBy, causeGone, closeoutProblems, expectsReports, isRealDate, lightOf, longTermDue, nextDueMoment, noticeKind, owesReports,
  refuseCloseoutSubmission, refuseDispatch, refuseReport, refuseReview, rungsAt, stateAfterAccept, stateAfterReport,
} from './rules';
import { T, msg, stateLabel, type Language } from './i18n';
import { LIMITS } from './limits';
import { evidenceForContact } from './evidence';

/** The item's record: everything it knows, as plain JSON. */
export type ItemRecord = ItemCarried;

/** What the record's rules need besides the record. */
export interface RecordContext {
  campaign: CampaignSettings;
  /** The moments planned ahead, with the start, deadline and milestone instants (absent before the first plan). */
  timeline: ItemTimeline | undefined;
  /** Campaign time now (for a moment worked out ahead of its time: that moment's instant). */
  now: number;
  /** Campaign time minus server time (only `simulate` sets it): visibility shows server times. */
  offset: number;
  /**
   * Items started since v0.2 sleep through quiet moments, and their next due time is the next one whose
   * report is still owed; older items show the next due time, reported or not.
   */
  quietMoments: boolean;
}

/** The record a new item starts with. */
export function newRecord(item: ItemPlan, now: number): ItemRecord {
  const fresh: ItemRecord = {
    item, state: 'notStarted', percent: 0, reports: [], decisions: [], escalations: [], reviews: [],
    log: [{ at: now, what: 'started', by: 'rectify', detail: `deadline ${item.deadline}` }],
    reportedCycles: [], missedCycles: [], missedInARow: 0, redInspections: 0, milestonesDelivered: [], extensions: 0,
    fired: [], cursorMs: 0, requestIds: [], outbox: [],
  };
  return item.previous ? carriedIn(fresh, item.previous, now) : fresh;
}

/**
 * 上轮转入: an item carried over from the previous round starts as it stood there — its state, its percent, a
 * close-out waiting for review — with a log entry naming the old record. A 持续整改 item is followed at its
 * long-term cadence from the new round's start (its look-backs counted from then).
 */
function carriedIn(r: ItemRecord, p: PreviousRound, now: number): ItemRecord {
  const closeout = p.state === 'submitted' ? p.closeout as ItemRecord['closeout'] : undefined;
  // A 待验收 item without its close-out cannot be reviewed: it comes over as in progress, to submit again.
  const state = p.state === 'submitted' && !closeout ? 'inProgress' : p.state;
  const next: ItemRecord = {
    ...r, state, percent: p.percent, ...(closeout ? { closeout } : {}),
    log: logged(r, now, 'carriedIn', 'rectify', `${p.campaignId} ${p.itemId}: ${p.state} ${p.percent}%`),
  };
  // As on acceptance (domain/look-back.ts onAccepted, which imports this module).
  return state === 'continuing' ? { ...next, accepted: { at: now, planned: false }, lookBacks: [] } : next;
}

export const logged = (r: ItemRecord, at: number, what: AuditEntry['what'], by: string, detail: string, corrects?: number): AuditEntry[] =>
  [...r.log, { at, what, by, detail, ...(corrects !== undefined ? { corrects } : {}) }];

// ── What the record shows ───────────────────────────────────────────────────
/** 红黄绿灯 now; before the first plan the light stays what it was. */
export function lightNow(r: ItemRecord, ctx: RecordContext, previous: Light): Light {
  const t = ctx.timeline;
  if (!t) return previous;
  return lightOf({
    state: r.state, now: ctx.now, deadlineAt: t.deadlineAt, startAt: t.startAt,
    openMilestones: t.milestoneAts.filter((_, i) => !r.milestonesDelivered.includes(i)),
    missedInARow: r.missedInARow, percent: r.percent, yellowWindowMs: ctx.campaign.cadence.yellowWindowDays * 86400000,
  });
}

/** The next due time at or after now, reported or not. */
export const nextDueOf = (ctx: RecordContext): Moment | undefined => ctx.timeline && nextDueMoment(ctx.timeline.moments, ctx.now);

/** A long-term item followed after acceptance (持续整改 since v0.5): it reports at its long-term cadence only. */
const longTerm = (r: ItemRecord): boolean => r.state === 'continuing' && r.accepted !== undefined;

/** Whether this due time asks the item for a report: every one while open; a long-term item's at its cadence. */
export const owesAt = (r: ItemRecord, m: Moment, campaign: CampaignSettings): boolean =>
  expectsReports(r.state) || (longTerm(r) && longTermDue(m, lookBackSettings(campaign.lookBack).longTermReports));

/** A long-term item's next due time at its cadence (reported or not, or the next still owed). */
const nextLongTermDue = (r: ItemRecord, ctx: RecordContext, owed: boolean): Moment | undefined => ctx.timeline?.moments.find((m) =>
  m.kind === 'due' && m.at >= ctx.now && owesAt(r, m, ctx.campaign) && !(owed && m.cycle !== undefined && r.reportedCycles.includes(m.cycle)));

/** The weekly cycle a report made now counts for: the next due time's (a long-term item's: the next at its cadence). */
export const currentCycle = (r: ItemRecord, ctx: RecordContext): number =>
  (longTerm(r) ? nextLongTermDue(r, ctx, false) : nextDueOf(ctx))?.cycle ?? (r.reportedCycles.at(-1) ?? 0) + 1;

/** 下次报送截止, as visibility and the snapshot show it: with quiet moments, the next due time whose report is still owed. */
export const nextOwedOf = (r: ItemRecord, ctx: RecordContext): Moment | undefined => (longTerm(r) ? nextLongTermDue(r, ctx, true)
  : ctx.quietMoments ? ctx.timeline && nextDueMoment(ctx.timeline.moments, ctx.now, r.reportedCycles) : nextDueOf(ctx));

/** The item's status as its campaign keeps it (the registry behind digests and sheets). */
export function statusOf(r: ItemRecord, ctx: RecordContext, light: Light): ItemStatus {
  const last = r.reports.at(-1);
  const lastDecision = r.decisions.at(-1);
  return {
    id: r.item.id, key: r.item.key, state: r.state, light, percent: r.percent,
    lastReportAt: last?.at, lastReportCycle: last?.cycle, missedInARow: r.missedInARow,
    deadline: r.item.deadline, extensions: r.extensions,
    overdue: ctx.timeline !== undefined && expectsReports(r.state) && ctx.now >= ctx.timeline.deadlineAt,
    openEscalations: r.escalations.filter((e) => e.resolvedAt === undefined).map((e) => `${e.rung}@${e.cycle}`),
    lastDecision: lastDecision && { at: lastDecision.at, instruction: lastDecision.instruction },
    leadUnit: r.item.leadUnit, contacts: r.item.contacts,
    // A plan change (整改方案变更) may retitle the item, move it or give it another leader: the campaign's list follows.
    ...(r.planned ? { title: r.item.title, section: r.item.section, leader: r.item.leader.name } : {}),
    // Only items with a 督办单 waiting carry the field: the status of every other item reads as before.
    ...(openNotices(r).length ? { openNotices: openNotices(r) } : {}),
    // 回头看 (records accepted since v0.5): what the campaign needs to remind, to keep running, and to show as owed.
    ...longTermStatus(r, ctx),
    ...(r.item.previous ? { carriedFrom: { campaignId: r.item.previous.campaignId, itemId: r.item.previous.itemId } } : {}),
    ...(r.carriedOut ? { carriedTo: { campaignId: r.carriedOut.campaignId, itemId: r.carriedOut.itemId } } : {}),
  };
}

/** The status fields of an item followed after acceptance: its next long-term due cycle, whether it is followed, a look-back owed. */
function longTermStatus(r: ItemRecord, ctx: RecordContext): Pick<ItemStatus, 'longTermDue' | 'following' | 'lookBackOwed'> {
  if (!r.accepted) return {};
  const due = longTerm(r) ? nextLongTermDue(r, ctx, true)?.cycle : undefined;
  const owed = (r.lookBacks ?? []).find(isOwed);
  return {
    ...(due !== undefined ? { longTermDue: due } : {}),
    ...(r.state === 'closed' && isFollowed(r) ? { following: true as const } : {}),
    ...(owed ? { lookBackOwed: { askedLocal: owed.local, months: owed.months } } : {}),
  };
}

// ── 回头看 (look-back) ──────────────────────────────────────────────────────
/** A look-back asked and not answered (nor settled by a reopening). */
export const isOwed = (c: LookBackCheck): boolean => c.askedAt !== undefined && !c.answer && c.settledAt === undefined;

/** The look-backs of the item's current acceptance (a reopened item's earlier ones stay on record). */
export const currentLookBacks = (r: ItemRecord): LookBackCheck[] => (r.accepted ? (r.lookBacks ?? []).filter((c) => c.acceptedAt === r.accepted!.at) : []);

/** Accepted and still followed: look-backs not planned yet, still to come or not answered. */
export const isFollowed = (r: ItemRecord): boolean => r.accepted !== undefined
  && (!r.accepted.planned || currentLookBacks(r).some((c) => !c.answer && c.settledAt === undefined));

/** The look-backs whose time has come and that have not been asked. */
export const lookBacksDue = (r: ItemRecord, now: number): LookBackCheck[] => currentLookBacks(r).filter((c) => c.askedAt === undefined && c.at <= now);

/** The next instant a look-back is to be asked (the item's loop wakes for it). */
export function nextLookBackAt(r: ItemRecord): number | undefined {
  const at = currentLookBacks(r).filter((c) => c.askedAt === undefined).map((c) => c.at);
  return at.length ? Math.min(...at) : undefined;
}

// ── 督办单 (tracked notices) ───────────────────────────────────────────────
/** A notice neither answered nor closed with its item's handover to the next round (已转入下一轮). */
export const waitsForReply = (n: NoticeRecord): boolean => !n.reply && !n.carriedOver;

/** The 督办单 waiting for the unit's reply (overdue ones included: the climb does not answer them). */
export const openNotices = (r: ItemRecord): OpenNotice[] => (r.notices ?? []).filter(waitsForReply)
  .map((n) => ({ number: n.number, notice: n.notice, replyBy: n.replyBy, overdue: n.overdueAt !== undefined }));

/** Whether an escalation of the item is still open (its cause not gone). */
const causeOpen = (r: ItemRecord, rung: string, cycle: string): boolean =>
  r.escalations.some((e) => e.rung === rung && e.cycle === cycle && e.resolvedAt === undefined);

/**
 * One 督办单 per item and cause: a rung that issues them issues nothing while its last notice waits for a reply,
 * or while the cause it was issued for is still there (a reply does not end a silence; a report does).
 */
export const noticeHeld = (r: ItemRecord, rung: Rung): boolean => rung.replyWorkingDays !== undefined
  && (r.notices ?? []).some((n) => n.rung === rung.id && (!n.reply || causeOpen(r, n.rung, n.cycle)));

/** The notices whose reply deadline has passed unanswered and not yet climbed, as the moments that climb. */
export function repliesDue(r: ItemRecord, now: number): Moment[] {
  return (r.notices ?? []).filter((n) => waitsForReply(n) && n.overdueAt === undefined && n.replyDueAt <= now)
    .map((n) => ({ at: n.replyDueAt, local: n.replyDueLocal, kind: 'replyDue', key: `replyDue#${n.year}.${n.n}`, rung: n.rung, number: n.number }));
}

/** The next instant a notice's reply deadline passes unanswered (the item's loop wakes for it). */
export function nextReplyDueAt(r: ItemRecord): number | undefined {
  const at = (r.notices ?? []).filter((n) => waitsForReply(n) && n.overdueAt === undefined).map((n) => n.replyDueAt);
  return at.length ? Math.min(...at) : undefined;
}

/** The idempotency key a notice is numbered by: the same escalation always gets the same number. */
export const noticeKey = (r: ItemRecord, n: Notice): string => `${r.item.key}:${n.rung}@${n.tracked?.cycle ?? n.at}`;

/** A 督办单 numbered: on record, and mailed as a document (Word and HTML) through the item's outbox. */
export function onNoticeIssued(r: ItemRecord, n: Notice, issued: IssuedNotice, ctx: RecordContext): ItemRecord {
  const { campaign } = ctx;
  const lang = campaign.language;
  const record: NoticeRecord = {
    number: issued.number, year: issued.year, n: issued.n, rung: n.rung, level: n.level, notice: n.notice, cycle: n.tracked?.cycle ?? '',
    issuedAt: n.at, issuedLocal: n.atLocal, replyBy: issued.replyBy, replyDueAt: issued.replyDueAt, replyDueLocal: issued.replyDueLocal,
    to: n.to.map((p) => p.email), reason: n.reason,
  };
  const settings = campaign.notices ?? noticeSettings(undefined, lang);
  const { item } = r;
  const mail: ItemMailInput = {
    campaign, kind: 'notice', key: `notice:${item.key}:${issued.year}.${issued.n}`, item: { id: item.id, title: item.title }, to: n.to, atMs: n.at,
    lines: [msg(lang, 'noticeIssued', issued.number, n.notice, issued.replyBy), `${T[lang].reason}${lang === 'en' ? ': ' : '：'}${n.reason}`, T[lang].attached],
    notice: {
      number: issued.number, notice: n.notice, rung: n.rung, level: n.level, reason: n.reason, replyBy: issued.replyBy, issuedLocal: n.atLocal,
      office: settings.office, to: n.to.map((p) => p.name),
      item: {
        id: item.id, title: item.title, problem: item.problem, leadUnit: item.leadUnit, leader: item.leader.name, deadline: item.deadline,
        measures: item.measures,
      },
    },
  };
  return {
    ...r, notices: [...(r.notices ?? []), record], outbox: [...r.outbox, mail],
    log: logged(r, ctx.now, 'notice', 'rectify', `${issued.number} ${n.notice} → ${record.to.join(', ')}; ${msg(lang, 'noticeIssued', issued.number, n.notice, issued.replyBy)}`),
  };
}

/** 督办单回复: why a reply is refused (undefined: welcome). */
export function refuseNoticeReplyInput(r: ItemRecord, input: NoticeReplyInput, lang: Language): string | undefined {
  const bad = payloadRefusal(r, 'noticeReply', input, lang);
  if (bad) return bad;
  if (isRepeat(r, input.requestId)) return undefined;
  if (!isRealDate(input.date)) return `${r.item.id}: date: ${msg(lang, 'notADay', input.date)}`;
  const n = findNotice(r, input.notice);
  if (!n) return `${r.item.id}: notice: ${msg(lang, 'noSuchNotice', input.notice, openNotices(r).map((o) => o.number).join('、'))}`;
  if (n.reply) return `${r.item.id}: notice: ${msg(lang, 'noticeAnswered', n.number, n.reply.date)}`;
  return undefined;
}

/** A notice by its number as printed, or by its count alone (第3号 → 3). */
function findNotice(r: ItemRecord, number: string): NoticeRecord | undefined {
  const all = r.notices ?? [];
  const exact = all.find((n) => n.number === number.trim());
  if (exact) return exact;
  const digits = /^\D*(\d+)\D*$/.exec(number.trim());
  const byN = digits ? all.filter((n) => n.n === Number(digits[1])) : [];
  return byN.length === 1 ? byN[0] : undefined;
}

/**
 * 督办单回复: the unit's measures and date are recorded and close the notice, so it climbs no further; a late reply
 * also ends the cause of the notices its silence climbed to.
 */
export function onNoticeReply(r: ItemRecord, input: NoticeReplyInput, ctx: RecordContext): SubmissionStep {
  const at = ctx.now;
  const target = findNotice(r, input.notice)!;
  const reply = { at, measures: input.measures, date: input.date, by: input.by };
  const notices = (r.notices ?? []).map((n) => (n === target ? { ...n, reply } : n));
  const escalations = r.escalations.map((e) => (e.resolvedAt === undefined && e.cycle === `n${target.number}` ? { ...e, resolvedAt: at } : e));
  const lang = ctx.campaign.language;
  return {
    record: { ...r, notices, escalations, log: logged(r, at, 'reply', input.by, msg(lang, 'noticeReplied', target.number, input.date, input.measures)) },
    message: msg(lang, 'replyRecorded', target.number),
  };
}

/** An item as its campaign lists it before it has started: the registry row and a desk's row begin with this. */
export const listedStatus = (item: ItemPlan): Pick<ItemStatus, 'id' | 'key' | 'state' | 'light' | 'percent' | 'missedInARow' | 'deadline' | 'extensions' | 'overdue' | 'openEscalations' | 'carriedFrom'> => ({
  id: item.id, key: item.key, state: 'notStarted', light: 'green', percent: 0, missedInARow: 0, deadline: item.deadline,
  extensions: 0, overdue: false, openEscalations: [],
  // 上轮转入: listed as it stood in the previous round until the item says more.
  ...(item.previous ? { state: item.previous.state, percent: item.previous.percent, carriedFrom: { campaignId: item.previous.campaignId, itemId: item.previous.itemId } } : {}),
});

/** A new item as its campaign lists it: not started, green, nothing yet (it need not tell anyone). */
export const isAsListed = (s: ItemStatus): boolean => s.state === 'notStarted' && s.light === 'green' && s.percent === 0 && !s.overdue
  && s.missedInARow === 0 && s.extensions === 0 && s.openEscalations.length === 0 && s.lastReportAt === undefined && !s.lastDecision && !s.carriedFrom;

/** What the campaign and visibility would be told now: the light, the status and the progress attributes (with their fingerprint). */
export function observe(r: ItemRecord, ctx: RecordContext, previous: Light): { light: Light; status: ItemStatus; progress: ProgressAttributes; attributes: string } {
  const light = lightNow(r, ctx, previous);
  const status = statusOf(r, ctx, light);
  const due = nextOwedOf(r, ctx);
  const nextDueAt = due && owesReports(r) ? due.at - ctx.offset : null;
  const lastReportAt = status.lastReportAt !== undefined ? status.lastReportAt - ctx.offset : null;
  const progress = { state: r.state, light, percent: r.percent, nextDueAt, lastReportAt };
  return { light, status, progress, attributes: progressFingerprint(progress) };
}

/** The whole record, as `status --item`, the history and the documents read it. */
export function snapshotOf(r: ItemRecord, ctx: RecordContext, light: Light): ItemSnapshot {
  const due = nextOwedOf(r, ctx);
  return {
    item: r.item, status: statusOf(r, ctx, light), nextDue: due && owesReports(r) ? { at: due.at, local: due.local } : undefined,
    reports: r.reports, decisions: r.decisions, escalations: r.escalations, closeout: r.closeout, reviews: r.reviews, log: r.log,
    milestonesDelivered: r.milestonesDelivered, missedCycles: r.missedCycles, corrections: r.corrections ?? [],
    mailsWaiting: r.outbox.map((m) => ({ kind: m.kind, to: m.to.map((p) => p.name), decidedAt: m.atMs, ...(m.sendAtMs !== undefined ? { sendAt: m.sendAtMs } : {}) })),
    ...(r.notices ? { notices: r.notices } : {}),
    ...(r.lookBacks ? { lookBacks: r.lookBacks } : {}),
    ...(r.announcement ? { announcement: r.announcement } : {}),
    ...(r.carriedOut ? { carriedOut: r.carriedOut } : {}),
  };
}

/** The people a rung names (contact, unit head, leader, working group, committee), each address once. */
export function recipientsOf(item: ItemPlan, campaign: CampaignSettings, roles: Role[]): Recipient[] {
  const out: Recipient[] = [];
  const add = (p: Recipient): void => { if (!out.some((o) => o.email === p.email)) out.push(p); };
  for (const role of roles) {
    if (role === 'contact') item.contacts.forEach(add);
    if (role === 'unitHead') item.unitHeads.forEach(add);
    if (role === 'leader') add(item.leader);
    if (role === 'workingGroup') campaign.workingGroup.forEach((email) => add({ name: '整改工作领导专班', email }));
    if (role === 'committee') campaign.committeeAddresses.forEach((email) => add({ name: '党工委', email }));
  }
  return out;
}

/** The cause of some rungs is gone: their open escalations are marked resolved at `at`. */
export function resolved(r: ItemRecord, campaign: CampaignSettings, at: number, event: 'report' | 'submitted' | 'extended' | 'withdrawn' | 'carriedOut' | { milestoneDelivered: number }): EscalationRecord[] {
  return r.escalations.map((e) => {
    if (e.resolvedAt !== undefined) return e;
    const rung = campaign.ladder.find((x) => x.id === e.rung);
    const gone = event === 'withdrawn' || event === 'carriedOut' || (typeof event === 'object' ? e.cycle.startsWith(`m${event.milestoneDelivered}.`) : !rung || causeGone(rung, event));
    return gone ? { ...e, resolvedAt: at } : e;
  });
}

// ── Moments ─────────────────────────────────────────────────────────────────
/** What a moment did: the new record, the light worked out at it, and the notices it fires. */
export interface MomentStep {
  record: ItemRecord;
  light: Light;
  notices: Notice[];
}

/**
 * A moment arrives: a weekly due time counts a missed report, an inspection counts a red light, and the
 * ladder's rungs fire (each once per item and cause).
 */
export function atMoment(r: ItemRecord, m: Moment, ctx: RecordContext, previous: Light): MomentStep {
  const { campaign } = ctx;
  const lang = campaign.language;
  const t = ctx.timeline!;
  let next: ItemRecord = r;
  let reportedThisCycle = false;
  let reportStillMissing = false;
  if (m.kind === 'due' && m.cycle !== undefined) {
    reportedThisCycle = r.reportedCycles.includes(m.cycle);
    if (owesAt(r, m, campaign)) {
      if (reportedThisCycle) next = { ...next, missedInARow: 0 };
      else {
        const missedInARow = r.missedInARow + 1;
        next = {
          ...next, missedInARow, missedCycles: [...r.missedCycles, m.cycle],
          log: logged(r, ctx.now, 'missed', 'rectify', `weekly report due ${m.local} missing (${missedInARow} in a row)`),
        };
      }
    }
  }
  if (m.kind === 'followup' && m.cycle !== undefined) {
    reportStillMissing = expectsReports(next.state) && next.missedCycles.includes(m.cycle) && next.missedInARow > 0;
  }
  if (m.kind === 'replyDue') {
    // The reply deadline passed unanswered: the notice is overdue, and the rungs its silence climbs to fire below.
    next = { ...next, notices: (next.notices ?? []).map((n) => (n.number === m.number && !n.reply ? { ...n, overdueAt: m.at } : n)) };
  }
  const light = lightNow(next, ctx, previous);
  if (m.kind === 'inspection') next = { ...next, redInspections: light === 'red' ? next.redInspections + 1 : 0 };
  const fired = rungsAt(campaign.ladder, {
    moment: m, state: next.state, missedInARow: next.missedInARow, reportStillMissing,
    behindPlan: behindPlanBy({ now: m.at, startAt: t.startAt, deadlineAt: t.deadlineAt, percent: next.percent }),
    redInspections: next.redInspections, milestoneDelivered: m.milestone !== undefined && next.milestonesDelivered.includes(m.milestone),
    extensions: next.extensions, reportedThisCycle,
  }, lang);
  const notices: Notice[] = [];
  for (const f of fired) {
    const key = `${f.rung.id}@${f.cycle}`;
    if (next.fired.includes(key) || noticeHeld(next, f.rung)) continue;
    const to = recipientsOf(next.item, campaign, f.rung.to);
    next = {
      ...next,
      fired: [...next.fired, key],
      escalations: [...next.escalations, {
        rung: f.rung.id, level: f.rung.level, notice: f.rung.notice, cycle: f.cycle, at: m.at, atLocal: m.local,
        to: to.map((p) => p.email), reason: f.reason,
      }],
      log: logged(next, ctx.now, 'escalation', 'rectify', `${f.rung.notice} (${f.rung.level}) → ${to.map((p) => p.email).join(', ')}: ${f.reason}`),
    };
    notices.push({
      at: m.at, atLocal: m.local, item: next.item.id, title: next.item.title, kind: noticeKind(f.rung.level),
      rung: f.rung.id, level: f.rung.level, notice: f.rung.notice, reason: f.reason, to,
      ...(m.placedBy ? { placedBy: m.placedBy } : {}),
      ...(f.rung.replyWorkingDays !== undefined ? { tracked: { cycle: f.cycle, replyWorkingDays: f.rung.replyWorkingDays } } : {}),
    });
  }
  return { record: next, light, notices };
}

/**
 * Whether a moment's step leaves the record as it was: no notice, no missed report, no inspection counted,
 * no escalation or log line. (Whether the campaign or visibility would be told something new is the
 * workflow's to compare: it knows what it told them last.)
 */
export function changesNothing(before: ItemRecord, step: MomentStep): boolean {
  const after = step.record;
  return step.notices.length === 0 && after.missedInARow === before.missedInARow && after.redInspections === before.redInspections
    && after.missedCycles.length === before.missedCycles.length && after.fired.length === before.fired.length
    && after.escalations.length === before.escalations.length && after.log.length === before.log.length;
}

// ── What people submit ──────────────────────────────────────────────────────
/** A submission's step: the new record, the answer's message, and the lines of a receipt (web submissions ask for one). */
export interface SubmissionStep {
  record: ItemRecord;
  message: string;
  /** What a receipt mail says (the workflow adds it to the outbox when the submission asked for one). */
  receiptLines?: string[];
}

/** Why a payload is refused, naming the item and the field; undefined when it is well-formed. */
export function payloadRefusal(r: Pick<ItemRecord, 'item'>, kind: PayloadKind, value: unknown, lang: Language): string | undefined {
  const problems = payloadProblems(kind, value, lang);
  return problems.length ? `${r.item.id}: ${problems.join('; ')}` : undefined;
}

/** A request id this record has seen: the submission is a repeat, answered as the first time. */
export const isRepeat = (r: Pick<ItemRecord, 'requestIds'>, requestId: string | undefined): boolean => requestId !== undefined && r.requestIds.includes(requestId);

/** The record remembers a request id (the last few hundred), so that a repeated post records nothing. */
export function rememberRequest(r: ItemRecord, requestId: string | undefined): ItemRecord {
  if (!requestId) return r;
  const requestIds = [...r.requestIds, requestId];
  if (requestIds.length > LIMITS.requestIdsKept) requestIds.shift();
  return { ...r, requestIds };
}

/** 周报告: why a report is refused now (undefined: welcome). */
export function refuseReportInput(r: ItemRecord, input: ReportInput, lang: Language): string | undefined {
  const bad = payloadRefusal(r, 'report', input, lang);
  if (bad) return bad;
  if (isRepeat(r, input.requestId)) return undefined;
  const refused = refuseReport(r.state, lang, r.carriedOut);
  if (refused) return `${r.item.id}: ${refused}`;
  if (input.milestoneDelivered !== undefined && !(input.milestoneDelivered >= 0 && input.milestoneDelivered < r.item.milestones.length)) {
    return `${r.item.id}: ${msg(lang, 'noMilestone', input.milestoneDelivered + 1, r.item.milestones.length)}`;
  }
  return undefined;
}

/** 周报告: the report counts for the current weekly cycle, may deliver a milestone, starts or resumes the work. */
export function onReport(r: ItemRecord, input: ReportInput, ctx: RecordContext): SubmissionStep {
  const lang = ctx.campaign.language;
  const at = ctx.now;
  const cycle = currentCycle(r, ctx);
  const reportedCycles = r.reportedCycles.includes(cycle) ? [...r.reportedCycles] : [...r.reportedCycles, cycle];
  if (reportedCycles.length > 60) reportedCycles.shift();
  let next: ItemRecord = {
    ...r,
    reports: [...r.reports, {
      at, by: input.by, progress: input.progress, percent: input.percent, evidence: input.evidence ?? [], cycle, requestId: input.requestId,
    }],
    reportedCycles,
    percent: input.percent !== undefined ? input.percent : r.percent,
  };
  const delivered = input.milestoneDelivered;
  if (delivered !== undefined && !next.milestonesDelivered.includes(delivered)) {
    next = { ...next, milestonesDelivered: [...next.milestonesDelivered, delivered] };
    next = { ...next, escalations: resolved(next, ctx.campaign, at, { milestoneDelivered: delivered }) };
  }
  const before = next.state;
  next = { ...next, missedInARow: 0, state: stateAfterReport(next.state) };
  next = { ...next, escalations: resolved(next, ctx.campaign, at, 'report') };
  next = { ...next, log: logged(next, at, 'report', input.by, `${input.percent !== undefined ? `${input.percent}% ` : ''}${input.progress}`) };
  if (before !== next.state) next = { ...next, log: logged(next, at, 'state', input.by, `${before} → ${next.state}`) };
  const message = msg(lang, 'reportRecorded', cycle + 1);
  return {
    record: next, message,
    receiptLines: [message, msg(lang, 'receiptProgress', input.progress),
      ...(input.percent !== undefined ? [msg(lang, 'receiptPercent', input.percent)] : []),
      ...(input.evidence?.length ? [msg(lang, 'receiptEvidence', input.evidence.map(evidenceForContact).join('; '))] : [])],
  };
}

/** 销号申请: why a close-out is refused now (undefined: welcome). */
export function refuseCloseoutInput(r: ItemRecord, input: CloseoutInput, lang: Language): string | undefined {
  const bad = payloadRefusal(r, 'closeout', input, lang);
  if (bad) return bad;
  if (isRepeat(r, input.requestId)) return undefined;
  const refused = refuseCloseoutSubmission(r.state, lang);
  if (refused) return `${r.item.id}: ${refused}`;
  const problems = closeoutProblems(input.closeout, lang);
  if (problems.length) return `${r.item.id}: ${msg(lang, 'closeoutIncomplete', problems.join('; '))}`;
  return undefined;
}

/** 销号申请 on four dimensions: the item waits for review (待验收), and every open escalation is resolved. */
export function onCloseout(r: ItemRecord, input: CloseoutInput, ctx: RecordContext): SubmissionStep {
  const lang = ctx.campaign.language;
  const at = ctx.now;
  const { closeout } = input;
  const before = r.state;
  let next: ItemRecord = { ...r, closeout: { ...closeout, at }, state: 'submitted' };
  next = { ...next, escalations: resolved(next, ctx.campaign, at, 'submitted') };
  next = { ...next, log: logged(next, at, 'closeout', closeout.by, 'submitted for close-out on four dimensions (四个维度)') };
  next = { ...next, log: logged(next, at, 'state', closeout.by, `${before} → submitted`) };
  const message = msg(lang, 'submitted');
  return { record: next, message, receiptLines: [message, msg(lang, 'receiptCloseout')] };
}

/** 验收: why a review is refused now (undefined: welcome). */
export function refuseReviewInput(r: ItemRecord, input: ReviewInput, lang: Language): string | undefined {
  const bad = payloadRefusal(r, 'review', input, lang);
  if (bad) return bad;
  const refused = refuseReview(r.state, lang);
  if (refused) return `${r.item.id}: ${refused}`;
  if (!input.accept && !(input.reason && input.reason.trim())) return `${r.item.id}: ${msg(lang, 'returnNeedsReason')}`;
  return undefined;
}

/** A step that also mails the item's contacts (a review, a decision): the mail goes out through the item's outbox. */
export interface MailingStep extends SubmissionStep {
  mail: ItemMailInput;
}

/** 验收: accepted, a long-term item continues (持续整改) and others close (已销号); returned, the work resumes. */
export function onReview(r: ItemRecord, input: ReviewInput, ctx: RecordContext): MailingStep {
  const { campaign } = ctx;
  const lang = campaign.language;
  const at = ctx.now;
  const before = r.state;
  const state = input.accept ? stateAfterAccept(r.item.kind) : 'returned';
  let next: ItemRecord = { ...r, reviews: [...r.reviews, { at, accepted: input.accept, reason: input.reason, by: input.by }], state };
  next = { ...next, log: logged(next, at, 'review', input.by, input.accept ? 'accepted (销号)' : `returned: ${input.reason}`) };
  next = { ...next, log: logged(next, at, 'state', input.by, `${before} → ${state}`) };
  if (!input.accept) next = { ...next, missedInARow: 0 };
  return {
    record: next,
    message: input.accept ? msg(lang, 'accepted', stateLabel(state, lang)) : msg(lang, 'returned'),
    mail: {
      campaign, kind: 'review', key: `review:${r.item.key}:${next.reviews.length}`, item: { id: r.item.id, title: r.item.title },
      to: r.item.contacts, atMs: at,
      lines: [input.accept ? msg(lang, 'accepted', stateLabel(state, lang)) : msg(lang, 'returnedBecause', input.reason ?? '')],
    },
  };
}

/** 调度决定: why a decision is refused now (undefined: welcome). */
export function refuseDispatchInput(r: ItemRecord, input: DispatchInput, ctx: Pick<RecordContext, 'campaign'>): string | undefined {
  const lang = ctx.campaign.language;
  const bad = payloadRefusal(r, 'dispatch', input, lang);
  if (bad) return bad;
  if (isRepeat(r, input.requestId)) return undefined;
  const refused = refuseDispatch(r.state, lang);
  if (refused) return `${r.item.id}: ${refused}`;
  if (input.newDeadline !== undefined) {
    if (!isRealDate(input.newDeadline)) return `${r.item.id}: ${msg(lang, 'notADate', input.newDeadline)}`;
    if (!(input.approvedBy && input.approvedBy.trim())) return `${r.item.id}: ${msg(lang, 'needsApprover')}`;
    if (input.newDeadline <= r.item.deadline) return `${r.item.id}: ${msg(lang, 'notLater', input.newDeadline, r.item.deadline)}`;
    if (r.extensions >= ctx.campaign.cadence.maxExtensions) {
      return `${r.item.id}: ${msg(lang, 'tooManyExtensions', r.extensions, ctx.campaign.cadence.maxExtensions)}`;
    }
  }
  return undefined;
}

/** What a decision changed beyond the record: the plan (a new deadline), the responsible unit (a reassignment). */
export interface DispatchStep extends MailingStep {
  /** A new deadline: the item plans its moments again. */
  replan: boolean;
  /** Reassigned: the unit (a search attribute) is set again. */
  reassigned: boolean;
}

/**
 * 调度决定: recorded; a new deadline (with its approver) extends the item and resolves the deadline's rungs;
 * a reassignment changes the lead unit, contacts and unit heads. The decision reaches the contacts — the old
 * ones too when the item was reassigned.
 */
export function onDispatch(r: ItemRecord, input: DispatchInput, ctx: RecordContext): DispatchStep {
  const { campaign } = ctx;
  const lang = campaign.language;
  const at = ctx.now;
  const decision: DispatchDecision = { ...input, at };
  let next: ItemRecord = { ...r, decisions: [...r.decisions, decision] };
  const lines = [msg(lang, 'mailInstruction', input.instruction)];
  if (input.newDeadline) {
    lines.push(msg(lang, 'mailNewDeadline', input.newDeadline, next.item.deadline, input.approvedBy ?? ''));
    next = { ...next, item: { ...next.item, deadline: input.newDeadline }, extensions: next.extensions + 1 };
    next = { ...next, escalations: resolved(next, campaign, at, 'extended') };
  }
  const before = next.item.contacts;
  if (input.reassignTo) {
    const to = input.reassignTo;
    const unitChanged = to.leadUnit !== undefined && to.leadUnit !== next.item.leadUnit;
    next = {
      ...next,
      item: {
        ...next.item,
        leadUnit: to.leadUnit ?? next.item.leadUnit,
        contacts: to.contacts?.length ? to.contacts : next.item.contacts,
        // A new unit's head is copied on chases; the old unit's head no longer is.
        unitHeads: to.unitHeads?.length ? to.unitHeads : unitChanged ? [] : next.item.unitHeads,
      },
    };
    lines.push(msg(lang, 'mailReassigned', next.item.leadUnit, next.item.contacts.map((p) => p.name).join('、')));
  }
  next = { ...next, log: logged(next, at, 'dispatch', input.by, lines.join('; ')) };
  const contacts = next.item.contacts;
  return {
    record: next,
    message: input.newDeadline ? msg(lang, 'deadlineExtended', input.newDeadline) : msg(lang, 'decisionRecorded'),
    mail: {
      campaign, kind: 'dispatch-decision', key: `decision:${r.item.key}:${next.decisions.length}`,
      item: { id: r.item.id, title: r.item.title }, to: [...contacts, ...before.filter((b) => !contacts.some((x) => x.email === b.email))],
      atMs: at, lines,
    },
    replan: Boolean(input.newDeadline),
    reassigned: input.reassignTo !== undefined,
  };
}

/** The report (0-based) an entry of the record (1-based) is about: a report, or a correction of one. */
function reportOf(r: ItemRecord, entry: number): number {
  const e = r.log[entry - 1];
  return e.what === 'correction' && e.corrects !== undefined ? reportOf(r, e.corrects) : r.log.slice(0, entry - 1).filter((x) => x.what === 'report').length;
}

/** 更正: why a correction is refused (undefined: welcome). */
export function refuseCorrectionInput(r: ItemRecord, input: CorrectionInput, lang: Language): string | undefined {
  const bad = payloadRefusal(r, 'correction', input, lang);
  if (bad) return bad;
  if (isRepeat(r, input.requestId)) return undefined;
  const target = r.log[input.corrects - 1];
  if (!target) return `${r.item.id}: corrects: ${msg(lang, 'noEntry', input.corrects, r.log.length)}`;
  if (target.what !== 'report' && target.what !== 'correction') return `${r.item.id}: corrects: ${msg(lang, 'notAReport', input.corrects, target.what)}`;
  return undefined;
}

/**
 * 更正: a correction of a report on record. Nothing in the record is edited: the correction is a new entry
 * naming the entry it corrects. The percent follows it when no later report gave one.
 */
export function onCorrection(r: ItemRecord, input: CorrectionInput, ctx: RecordContext): SubmissionStep {
  const report = reportOf(r, input.corrects);
  const correction: Correction = {
    at: ctx.now, by: input.by, corrects: input.corrects, report, progress: input.progress,
    ...(input.percent !== undefined ? { percent: input.percent } : {}), ...(input.evidence ? { evidence: input.evidence } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
  };
  const followsIt = input.percent !== undefined && r.reports.slice(report + 1).every((x) => x.percent === undefined);
  const next: ItemRecord = {
    ...r,
    corrections: [...(r.corrections ?? []), correction],
    percent: followsIt ? input.percent! : r.percent,
    log: logged(r, ctx.now, 'correction', input.by,
      `corrects #${input.corrects}: ${input.percent !== undefined ? `${input.percent}% ` : ''}${input.progress}${input.reason ? ` (${input.reason})` : ''}`,
      input.corrects),
  };
  return { record: next, message: msg(ctx.campaign.language, 'correctionRecorded', input.corrects) };
}

/** A receipt for what a person submitted through the web form, with a stable key so a retried send mails once. */
export function receiptMail(r: ItemRecord, campaign: CampaignSettings, to: Recipient, requestId: string | undefined, at: number, lines: string[]): ItemMailInput {
  return {
    campaign, kind: 'receipt', key: `receipt:${r.item.key}:${requestId ?? at}`, item: { id: r.item.id, title: r.item.title },
    to: [to], atMs: at, lines: [msg(campaign.language, 'receiptIntro'), ...lines],
  };
}
