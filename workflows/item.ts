/**
 * 整改事项的生命周期: one workflow per item.
 *
 * It owns the item's state (未启动 → 整改中 → 待验收 → 已销号 / 持续整改, or
 * 已退回 back to work), its progress log, dispatch decisions, escalations and
 * close-out, and its own view of the cadence: when the next weekly report is
 * due, whether one was missed, when to chase and escalate. It never sends
 * mail itself: it tells its campaign what changed and which notices to mail,
 * and the campaign gathers one digest per person per moment.
 *
 * Every instant comes from the calendar activity (recorded in history), so a
 * replay never depends on time-zone data. The workflow only compares numbers.
 */
import {
  allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, patched, proxyLocalActivities, proxyActivities,
  setHandler, upsertSearchAttributes, workflowInfo, log,
} from '@temporalio/workflow';
import type { RectifyActivities } from '../activities/types';
import type { ItemCarried, ItemInput, ItemTimeline } from '../domain/contract';
import type { DispatchDecision } from '../domain/payloads';
import {
  behindPlanBy, causeGone, closeoutProblems, expectsReports, lightOf, nextDueMoment, noticeKind, refuseCloseoutSubmission,
  refuseDispatch, refuseReport, refuseReview, rungsAt, stateAfterAccept, stateAfterReport, isRealDate,
} from '../domain/rules';
import type { ItemPlan, ItemState, ItemStatus, Light, Moment, Notice, Recipient, Role } from '../domain/types';
import {
  AuditEntry, Correction, DeskItemChanged, ItemAnswer, ItemSnapshot, PLAN_AHEAD_MS, UnitKey,
  correctReportUpdate, progressAttributes, progressFingerprint, deskItemSignal, deskWorkflowId, dispatchUpdate, itemChangedSignal, itemStateSignal, itemSnapshotQuery, replanSignal, reportUpdate,
  reviewCloseoutUpdate, submitCloseoutUpdate,
} from './messages';
import { LIMITS } from '../domain/limits';
import { msg, stateLabel } from '../domain/i18n';
import { payloadProblems, type PayloadKind } from '../domain/payloads';
import { deskOf } from '../domain/desks';
import { mailActivityOptions } from './mail';

const calendar = proxyLocalActivities<RectifyActivities>({ startToCloseTimeout: '30 seconds' });



/** History events after which the item continues as new (far below Temporal's 50,000). */
const HISTORY_LIMIT = 2000;
/** The record's lists a moment appends to (quietAt undoes them). */
const APPENDED = ['missedCycles', 'fired', 'escalations', 'log'] as const;

export async function itemWorkflow(input: ItemInput): Promise<ItemStatus> {
  const { campaign } = input;
  const offset = input.clockOffsetMs ?? 0;
  /** Answers and refusals speak the campaign's language. */
  const lang = campaign.language;
  /** Set only while a moment is worked out ahead of its time (quietAt): the clock then reads the moment's instant. */
  let clockAt: number | undefined;
  const now = (): number => clockAt ?? Date.now() + offset;
  const mail = proxyActivities<RectifyActivities>(mailActivityOptions(input.mail));
  const c: ItemCarried = input.carried ? { ...input.carried, outbox: input.carried.outbox ?? [] } : {
    item: input.item, state: 'notStarted', percent: 0, reports: [], decisions: [], escalations: [], reviews: [],
    log: [{ at: now(), what: 'started', by: 'rectify', detail: `deadline ${input.item.deadline}` }],
    reportedCycles: [], missedCycles: [], missedInARow: 0, redInspections: 0, milestonesDelivered: [], extensions: 0,
    fired: [], cursorMs: 0, requestIds: [], outbox: [],
  };
  const item = (): ItemPlan => c.item;
  let timeline: ItemTimeline | undefined;
  let replan = true;
  let plannedUntil = 0;
  let light: Light = 'green';
  let lastSent = '';
  // Started with its progress attributes (and first plan): nothing to upsert until they change.
  let lastAttributes = input.firstPlan && !input.carried ? progressFingerprint(input.firstPlan.attributes) : '';
  const answers = new Map<string, ItemAnswer>();

  /**
   * Plans from where the item left off, so that no moment is skipped when a
   * worker was down or busy; the first plan starts now and also returns a
   * deadline that had already passed (an item started late is still overdue).
   */
  const plan = async (): Promise<ItemTimeline> => {
    const first = c.cursorMs === 0;
    const given = input.firstPlan;
    if (first && given && !input.carried && now() < given.untilMs) {
      // As the calendar would have answered now: moments from now on, and every deadline already passed.
      const at = now();
      plannedUntil = given.untilMs;
      c.cursorMs = at;
      replan = false;
      return { ...given.timeline, moments: given.timeline.moments.filter((m) => m.at >= at || m.kind === 'deadline') };
    }
    const from = first ? now() : c.cursorMs;
    plannedUntil = Math.max(from, now()) + PLAN_AHEAD_MS;
    const t = await calendar.planItemMoments({
      settings: campaign, ladder: campaign.ladder, deadline: item().deadline, milestones: item().milestones,
      fromMs: from, untilMs: plannedUntil, catchUpFromMs: first ? 0 : undefined,
    });
    if (first) c.cursorMs = from;
    replan = false;
    return t;
  };

  const nextDue = (): Moment | undefined => timeline && nextDueMoment(timeline.moments, now());
  /** The weekly cycle a report made now counts for: the next due time's. */
  const currentCycle = (): number => nextDue()?.cycle ?? (c.reportedCycles.at(-1) ?? 0) + 1;
  /**
   * 下次报送截止, as visibility and the snapshot show it: the next due time whose report is still owed
   * (with quiet moments; older items show the next due time, reported or not).
   */
  const nextOwed = (): Moment | undefined => (input.quietMoments ? timeline && nextDueMoment(timeline.moments, now(), c.reportedCycles) : nextDue());

  const computeLight = (): Light => {
    const t = timeline;
    if (!t) return light;
    return lightOf({
      state: c.state, now: now(), deadlineAt: t.deadlineAt, startAt: t.startAt,
      openMilestones: t.milestoneAts.filter((_, i) => !c.milestonesDelivered.includes(i)),
      missedInARow: c.missedInARow, percent: c.percent, yellowWindowMs: campaign.cadence.yellowWindowDays * 86400000,
    });
  };

  const status = (): ItemStatus => {
    const last = c.reports.at(-1);
    const lastDecision = c.decisions.at(-1);
    return {
      id: item().id, key: item().key, state: c.state, light, percent: c.percent,
      lastReportAt: last?.at, lastReportCycle: last?.cycle, missedInARow: c.missedInARow,
      deadline: item().deadline, extensions: c.extensions,
      overdue: timeline !== undefined && expectsReports(c.state) && now() >= timeline.deadlineAt,
      openEscalations: c.escalations.filter((e) => e.resolvedAt === undefined).map((e) => `${e.rung}@${e.cycle}`),
      lastDecision: lastDecision && { at: lastDecision.at, instruction: lastDecision.instruction },
      leadUnit: item().leadUnit, contacts: item().contacts,
    };
  };

  const asListed = (s: ItemStatus): boolean => s.state === 'notStarted' && s.light === 'green' && s.percent === 0 && !s.overdue
    && s.missedInARow === 0 && s.extensions === 0 && s.openEscalations.length === 0 && s.lastReportAt === undefined && !s.lastDecision;

  /** What the campaign and visibility would be told now: the status, and the progress attributes. */
  const observe = () => {
    light = computeLight();
    const s = status();
    const due = nextOwed();
    const nextDueAt = due && expectsReports(c.state) ? due.at - offset : null;
    const lastReportAt = s.lastReportAt !== undefined ? s.lastReportAt - offset : null;
    const progress = { state: c.state, light, percent: c.percent, nextDueAt, lastReportAt };
    return { s, progress, attributes: progressFingerprint(progress) };
  };
  /** Bumped by every publish: the main loop wakes to weigh its quiet moments again. */
  let published = 0;

  /** Tell the campaign (and visibility) when something changed; notices ride along. */
  const publish = async (notices: Notice[] = []): Promise<void> => {
    published += 1;
    const { s, progress, attributes } = observe();
    if (attributes !== lastAttributes) {
      lastAttributes = attributes;
      upsertSearchAttributes(progressAttributes(progress));
    }
    const fingerprint = JSON.stringify(s);
    if (notices.length === 0 && fingerprint === lastSent) return;
    // A new item as its campaign lists it (not started, green, nothing yet) need not say so: a city's start is 10,000 signals lighter.
    // (Items with desks or a first plan are newer than the patch: no marker, and no TemporalChangeVersion upsert, per item.)
    if (lastSent === '' && !input.carried && notices.length === 0 && asListed(s) && (input.desks || input.firstPlan || patched('quiet-start'))) {
      lastSent = fingerprint;
      return;
    }
    const changed = fingerprint !== lastSent;
    lastSent = fingerprint;
    if (input.desks) await toDesks(input.desks, s, changed, notices);
    else await getExternalWorkflowHandle(input.campaignWorkflowId).signal(itemChangedSignal, { status: s, notices });
  };

  /**
   * A campaign with desks: the status goes to the desks of the item's contacts
   * (and of its former contacts, which drop it), each notice to the desks of
   * its recipients, and the state alone to the campaign.
   */
  let contactDesks: number[] = input.desks ? [...new Set(item().contacts.map((r) => deskOf(r.email, input.desks!)))] : [];
  let stateTold: ItemState = 'notStarted';
  const toDesks = async (desks: number, s: ItemStatus, changed: boolean, notices: Notice[]): Promise<void> => {
    const words = new Map<number, DeskItemChanged>();
    const word = (d: number): DeskItemChanged => {
      const w = words.get(d) ?? { notices: [] };
      words.set(d, w);
      return w;
    };
    if (changed) {
      const now = [...new Set(item().contacts.map((r) => deskOf(r.email, desks)))];
      for (const d of new Set([...contactDesks, ...now])) word(d).status = { ...s, title: item().title, contacts: item().contacts };
      contactDesks = now;
    }
    for (const n of notices) {
      const byDesk = new Map<number, Recipient[]>();
      for (const r of n.to) {
        const d = deskOf(r.email, desks);
        byDesk.set(d, [...(byDesk.get(d) ?? []), r]);
      }
      const first = n.to.length ? deskOf(n.to[0].email, desks) : undefined;
      for (const [d, to] of byDesk) {
        word(d).notices.push(d === first ? { ...n, to, recordTo: n.to.map((r) => r.email) } : { ...n, to, copy: true });
      }
    }
    const sends = [...words].map(([d, w]) => getExternalWorkflowHandle(deskWorkflowId(campaign.id, d)).signal(deskItemSignal, w));
    if (c.state !== stateTold) {
      stateTold = c.state;
      sends.push(getExternalWorkflowHandle(input.campaignWorkflowId).signal(itemStateSignal, { key: item().key, state: c.state }));
    }
    await Promise.all(sends);
  };

  const audit = (what: AuditEntry['what'], by: string, detail: string, corrects?: number): void => {
    c.log.push({ at: now(), what, by, detail, ...(corrects !== undefined ? { corrects } : {}) });
  };

  const recipients = (roles: Role[]): Recipient[] => {
    const out: Recipient[] = [];
    const add = (r: Recipient): void => { if (!out.some((o) => o.email === r.email)) out.push(r); };
    for (const role of roles) {
      if (role === 'contact') item().contacts.forEach(add);
      if (role === 'unitHead') item().unitHeads.forEach(add);
      if (role === 'leader') add(item().leader);
      if (role === 'workingGroup') campaign.workingGroup.forEach((email) => add({ name: '整改工作领导专班', email }));
      if (role === 'committee') campaign.committeeAddresses.forEach((email) => add({ name: '党工委', email }));
    }
    return out;
  };

  /** The cause of some rungs is gone: mark their records resolved. */
  const resolve = (event: 'report' | 'submitted' | 'extended' | { milestoneDelivered: number }): void => {
    for (const e of c.escalations) {
      if (e.resolvedAt !== undefined) continue;
      const rung = campaign.ladder.find((r) => r.id === e.rung);
      const gone = typeof event === 'object'
        ? e.cycle.startsWith(`m${event.milestoneDelivered}.`)
        : !rung || causeGone(rung, event);
      if (gone) e.resolvedAt = now();
    }
  };

  /** Update validators are synchronous: a bad payload is refused before it enters history. */
  const checkPayload = (kind: PayloadKind, value: unknown): void => {
    const problems = payloadProblems(kind, value, lang);
    if (problems.length) throw new Error(`${item().id}: ${problems.join('; ')}`);
  };

  const answer = (message: string): ItemAnswer => ({ item: item().id, state: c.state, light, message });

  // ── Moments ───────────────────────────────────────────────────────────────
  /** What a moment does to the item's record; the notices it fires are for publish. */
  const applyMoment = (m: Moment): Notice[] => {
    const t = timeline!;
    let reportedThisCycle = false;
    let reportStillMissing = false;
    if (m.kind === 'due' && m.cycle !== undefined) {
      reportedThisCycle = c.reportedCycles.includes(m.cycle);
      if (expectsReports(c.state)) {
        if (reportedThisCycle) c.missedInARow = 0;
        else {
          c.missedInARow += 1;
          c.missedCycles.push(m.cycle);
          audit('missed', 'rectify', `weekly report due ${m.local} missing (${c.missedInARow} in a row)`);
        }
      }
    }
    if (m.kind === 'followup' && m.cycle !== undefined) {
      reportStillMissing = expectsReports(c.state) && c.missedCycles.includes(m.cycle) && c.missedInARow > 0;
    }
    light = computeLight();
    if (m.kind === 'inspection') c.redInspections = light === 'red' ? c.redInspections + 1 : 0;
    const fired = rungsAt(campaign.ladder, {
      moment: m, state: c.state, missedInARow: c.missedInARow, reportStillMissing,
      behindPlan: behindPlanBy({ now: m.at, startAt: t.startAt, deadlineAt: t.deadlineAt, percent: c.percent }),
      redInspections: c.redInspections, milestoneDelivered: m.milestone !== undefined && c.milestonesDelivered.includes(m.milestone),
      extensions: c.extensions, reportedThisCycle,
    }, lang);
    const notices: Notice[] = [];
    for (const f of fired) {
      const key = `${f.rung.id}@${f.cycle}`;
      if (c.fired.includes(key)) continue;
      c.fired.push(key);
      const to = recipients(f.rung.to);
      c.escalations.push({
        rung: f.rung.id, level: f.rung.level, notice: f.rung.notice, cycle: f.cycle, at: m.at, atLocal: m.local,
        to: to.map((r) => r.email), reason: f.reason,
      });
      audit('escalation', 'rectify', `${f.rung.notice} (${f.rung.level}) → ${to.map((r) => r.email).join(', ')}: ${f.reason}`);
      notices.push({
        at: m.at, atLocal: m.local, item: item().id, title: item().title, kind: noticeKind(f.rung.level),
        rung: f.rung.id, level: f.rung.level, notice: f.rung.notice, reason: f.reason, to,
        ...(m.placedBy ? { placedBy: m.placedBy } : {}),
      });
    }
    return notices;
  };
  const handleMoment = async (m: Moment): Promise<void> => {
    await publish(applyMoment(m));
  };

  /**
   * Would the moment at index i change nothing, if nothing else happens before it? Worked out on the record as
   * it stands, at the moment's instant, with the moments before it gone (as they will be then), and undone.
   * Quiet: no notice, no missed report, no inspection count, no escalation or log line, and nothing new to
   * tell the campaign or visibility. Pure and synchronous: the same on every replay.
   */
  const quietAt = (i: number): boolean => {
    const t = timeline!;
    const m = t.moments[i];
    // What applyMoment may change: two counters, and lists it appends to.
    const moments = t.moments;
    const lit = light;
    const counters = [c.missedInARow, c.redInspections] as const;
    const lengths = APPENDED.map((k) => c[k].length);
    clockAt = m.at;
    t.moments = moments.slice(i + 1);
    try {
      const notices = applyMoment(m);
      if (notices.length || c.missedInARow !== counters[0] || c.redInspections !== counters[1]
        || APPENDED.some((k, j) => c[k].length !== lengths[j])) return false;
      const { s, attributes } = observe();
      return attributes === lastAttributes && JSON.stringify(s) === lastSent;
    } finally {
      clockAt = undefined;
      t.moments = moments;
      light = lit;
      [c.missedInARow, c.redInspections] = counters;
      APPENDED.forEach((k, j) => { c[k].length = lengths[j]; });
    }
  };

  // ── Updates: what people submit ──────────────────────────────────────────
  const remember = (requestId: string | undefined, a: ItemAnswer): ItemAnswer => {
    if (requestId) {
      answers.set(requestId, a);
      c.requestIds.push(requestId);
      if (c.requestIds.length > LIMITS.requestIdsKept) c.requestIds.shift();
    }
    return a;
  };
  /**
   * A receipt for what a person submitted through the web form, mailed by the
   * main loop like decisions: once per request id (a repeated post returns
   * before this), with a stable key so a retried send mails once.
   */
  const receipt = (to: Recipient | undefined, requestId: string | undefined, at: number, lines: string[]): void => {
    // Only web submissions ask for one; histories of v0.1.0 never did (patch web-receipt).
    if (!to || !patched('web-receipt')) return;
    c.outbox.push({
      campaign, kind: 'receipt', key: `receipt:${item().key}:${requestId ?? at}`, item: { id: item().id, title: item().title },
      to: [to], atMs: at, lines: [msg(lang, 'receiptIntro'), ...lines],
    });
  };
  const seen = (requestId: string | undefined): boolean => requestId !== undefined && c.requestIds.includes(requestId);
  const repeated = (requestId: string): ItemAnswer => answers.get(requestId) ?? answer(msg(lang, 'repeated'));

  setHandler(reportUpdate, async (r) => {
    if (seen(r.requestId)) return repeated(r.requestId!);
    const at = now();
    const cycle = currentCycle();
    c.reports.push({
      at, by: r.by, progress: r.progress, percent: r.percent, evidence: r.evidence ?? [], cycle, requestId: r.requestId,
    });
    if (!c.reportedCycles.includes(cycle)) c.reportedCycles.push(cycle);
    if (c.reportedCycles.length > 60) c.reportedCycles.shift();
    if (r.percent !== undefined) c.percent = r.percent;
    if (r.milestoneDelivered !== undefined && !c.milestonesDelivered.includes(r.milestoneDelivered)) {
      c.milestonesDelivered.push(r.milestoneDelivered);
      resolve({ milestoneDelivered: r.milestoneDelivered });
    }
    c.missedInARow = 0;
    const before = c.state;
    c.state = stateAfterReport(c.state);
    resolve('report');
    audit('report', r.by, `${r.percent !== undefined ? `${r.percent}% ` : ''}${r.progress}`);
    if (before !== c.state) audit('state', r.by, `${before} → ${c.state}`);
    await publish();
    const a = answer(msg(lang, 'reportRecorded', cycle + 1));
    receipt(r.receipt, r.requestId, at, [a.message, msg(lang, 'receiptProgress', r.progress),
      ...(r.percent !== undefined ? [msg(lang, 'receiptPercent', r.percent)] : []),
      ...(r.evidence?.length ? [msg(lang, 'receiptEvidence', r.evidence.join('; '))] : [])]);
    return remember(r.requestId, a);
  }, {
    validator: (r) => {
      checkPayload('report', r);
      if (r.requestId && c.requestIds.includes(r.requestId)) return;
      const refused = refuseReport(c.state, lang);
      if (refused) throw new Error(`${item().id}: ${refused}`);
      if (r.milestoneDelivered !== undefined && !(r.milestoneDelivered >= 0 && r.milestoneDelivered < item().milestones.length)) {
        throw new Error(`${item().id}: ${msg(lang, 'noMilestone', r.milestoneDelivered + 1, item().milestones.length)}`);
      }
    },
  });

  setHandler(submitCloseoutUpdate, async ({ closeout, requestId, receipt: receiptTo }) => {
    if (seen(requestId)) return repeated(requestId!);
    const at = now();
    c.closeout = { ...closeout, at };
    const before = c.state;
    c.state = 'submitted';
    resolve('submitted');
    audit('closeout', closeout.by, 'submitted for close-out on four dimensions (四个维度)');
    audit('state', closeout.by, `${before} → submitted`);
    await publish();
    const a = answer(msg(lang, 'submitted'));
    receipt(receiptTo, requestId, at, [a.message, msg(lang, 'receiptCloseout')]);
    return remember(requestId, a);
  }, {
    validator: (input) => {
      checkPayload('closeout', input);
      const { closeout, requestId } = input;
      if (requestId && c.requestIds.includes(requestId)) return;
      const refused = refuseCloseoutSubmission(c.state, lang);
      if (refused) throw new Error(`${item().id}: ${refused}`);
      const problems = closeoutProblems(closeout, lang);
      if (problems.length) throw new Error(`${item().id}: ${msg(lang, 'closeoutIncomplete', problems.join('; '))}`);
    },
  });

  setHandler(reviewCloseoutUpdate, async (r) => {
    const at = now();
    c.reviews.push({ at, accepted: r.accept, reason: r.reason, by: r.by });
    const before = c.state;
    c.state = r.accept ? stateAfterAccept(item().kind) : 'returned';
    audit('review', r.by, r.accept ? 'accepted (销号)' : `returned: ${r.reason}`);
    audit('state', r.by, `${before} → ${c.state}`);
    if (!r.accept) c.missedInARow = 0;
    await publish();
    c.outbox.push({
      campaign, kind: 'review', key: `review:${item().key}:${c.reviews.length}`, item: { id: item().id, title: item().title },
      to: item().contacts, atMs: at,
      lines: [r.accept ? msg(lang, 'accepted', stateLabel(c.state, lang)) : msg(lang, 'returnedBecause', r.reason ?? '')],
    });
    return answer(r.accept ? msg(lang, 'accepted', stateLabel(c.state, lang)) : msg(lang, 'returned'));
  }, {
    validator: (r) => {
      checkPayload('review', r);
      const refused = refuseReview(c.state, lang);
      if (refused) throw new Error(`${item().id}: ${refused}`);
      if (!r.accept && !(r.reason && r.reason.trim())) throw new Error(`${item().id}: ${msg(lang, 'returnNeedsReason')}`);
    },
  });

  setHandler(dispatchUpdate, async (d) => {
    if (seen(d.requestId)) return repeated(d.requestId!);
    const at = now();
    const decision: DispatchDecision = { ...d, at };
    c.decisions.push(decision);
    const lines = [msg(lang, 'mailInstruction', d.instruction)];
    if (d.newDeadline) {
      lines.push(msg(lang, 'mailNewDeadline', d.newDeadline, item().deadline, d.approvedBy ?? ''));
      c.item = { ...c.item, deadline: d.newDeadline };
      c.extensions += 1;
      resolve('extended');
      replan = true;
    }
    const before = c.item.contacts;
    if (d.reassignTo) {
      const unitChanged = d.reassignTo.leadUnit !== undefined && d.reassignTo.leadUnit !== c.item.leadUnit;
      c.item = {
        ...c.item,
        leadUnit: d.reassignTo.leadUnit ?? c.item.leadUnit,
        contacts: d.reassignTo.contacts?.length ? d.reassignTo.contacts : c.item.contacts,
        // A new unit's head is copied on chases; the old unit's head no longer is.
        unitHeads: d.reassignTo.unitHeads?.length ? d.reassignTo.unitHeads : unitChanged ? [] : c.item.unitHeads,
      };
      lines.push(msg(lang, 'mailReassigned', c.item.leadUnit, c.item.contacts.map((r) => r.name).join('、')));
      upsertSearchAttributes([{ key: UnitKey, value: c.item.leadUnit }]);
    }
    audit('dispatch', d.by, lines.join('; '));
    if (!replan) await publish();
    // The decision reaches the contacts — the old ones too when the item was reassigned.
    const to = [...c.item.contacts, ...before.filter((b) => !c.item.contacts.some((x) => x.email === b.email))];
    c.outbox.push({
      campaign, kind: 'dispatch-decision', key: `decision:${item().key}:${c.decisions.length}`,
      item: { id: item().id, title: item().title }, to, atMs: at, lines,
    });
    return remember(d.requestId, answer(d.newDeadline ? msg(lang, 'deadlineExtended', d.newDeadline) : msg(lang, 'decisionRecorded')));
  }, {
    validator: (d) => {
      checkPayload('dispatch', d);
      if (d.requestId && c.requestIds.includes(d.requestId)) return;
      const refused = refuseDispatch(c.state, lang);
      if (refused) throw new Error(`${item().id}: ${refused}`);
      if (d.newDeadline !== undefined) {
        if (!isRealDate(d.newDeadline)) throw new Error(`${item().id}: ${msg(lang, 'notADate', d.newDeadline)}`);
        if (!(d.approvedBy && d.approvedBy.trim())) throw new Error(`${item().id}: ${msg(lang, 'needsApprover')}`);
        if (d.newDeadline <= item().deadline) throw new Error(`${item().id}: ${msg(lang, 'notLater', d.newDeadline, item().deadline)}`);
        if (c.extensions >= campaign.cadence.maxExtensions) {
          throw new Error(`${item().id}: ${msg(lang, 'tooManyExtensions', c.extensions, campaign.cadence.maxExtensions)}`);
        }
      }
    },
  });

  /**
   * 更正: a correction of a report on record. Nothing in the record is edited: the
   * correction is a new entry naming the entry it corrects (a report, or an
   * earlier correction of one). The percent follows it when no later report gave one.
   * reportOf: the report (0-based) an entry is about.
   */
  const reportOf = (entry: number): number => {
    const e = c.log[entry - 1];
    return e.what === 'correction' && e.corrects !== undefined ? reportOf(e.corrects) : c.log.slice(0, entry - 1).filter((x) => x.what === 'report').length;
  };
  setHandler(correctReportUpdate, async (r) => {
    if (seen(r.requestId)) return repeated(r.requestId!);
    // New in v0.2 (no v0.1 history holds this update): the marker dates every correction, so a later
    // change to how corrections apply can branch on it, and deprecatePatch retires it.
    patched('report-corrections');
    const report = reportOf(r.corrects);
    const correction: Correction = {
      at: now(), by: r.by, corrects: r.corrects, report, progress: r.progress,
      ...(r.percent !== undefined ? { percent: r.percent } : {}), ...(r.evidence ? { evidence: r.evidence } : {}), ...(r.reason ? { reason: r.reason } : {}),
    };
    c.corrections = [...(c.corrections ?? []), correction];
    if (r.percent !== undefined && c.reports.slice(report + 1).every((x) => x.percent === undefined)) c.percent = r.percent;
    audit('correction', r.by, `corrects #${r.corrects}: ${r.percent !== undefined ? `${r.percent}% ` : ''}${r.progress}${r.reason ? ` (${r.reason})` : ''}`, r.corrects);
    await publish();
    return remember(r.requestId, answer(msg(lang, 'correctionRecorded', r.corrects)));
  }, {
    validator: (r) => {
      checkPayload('correction', r);
      if (r.requestId && c.requestIds.includes(r.requestId)) return;
      const target = c.log[r.corrects - 1];
      if (!target) throw new Error(`${item().id}: corrects: ${msg(lang, 'noEntry', r.corrects, c.log.length)}`);
      if (target.what !== 'report' && target.what !== 'correction') throw new Error(`${item().id}: corrects: ${msg(lang, 'notAReport', r.corrects, target.what)}`);
    },
  });

  // The working-day calendar changed: the loop drops the planned moments and plans again from the cursor.
  setHandler(replanSignal, () => {
    replan = true;
  });

  setHandler(itemSnapshotQuery, (): ItemSnapshot => {
    const due = nextOwed();
    return {
      item: item(), status: status(), nextDue: due && expectsReports(c.state) ? { at: due.at, local: due.local } : undefined,
      reports: c.reports, decisions: c.decisions, escalations: c.escalations, closeout: c.closeout, reviews: c.reviews, log: c.log,
      milestonesDelivered: c.milestonesDelivered, corrections: c.corrections ?? [],
    };
  });

  // ── The item's own cadence ────────────────────────────────────────────────
  /** Decision and review mails, in the order they were decided; a failing mail server delays them, never the update. */
  const sendOutbox = async (): Promise<void> => {
    while (c.outbox.length) {
      await mail.sendItemMail(c.outbox[0]);
      c.outbox.shift();
    }
  };

  for (;;) {
    if (workflowInfo().historyLength > (input.historyLimit ?? HISTORY_LIMIT) || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      log.info('item continues as new', { item: item().id, events: workflowInfo().historyLength });
      audit('continued', 'rectify', `history of ${workflowInfo().historyLength} events continued as new`);
      await continueAsNew<typeof itemWorkflow>({ ...input, firstPlan: undefined, item: c.item, carried: c });
    }
    await sendOutbox();
    if (replan || !timeline || timeline.moments.length === 0) {
      timeline = await plan();
      await publish();
    }
    if (c.state === 'closed') break;
    const moments = timeline.moments;
    if (!moments.length) { c.cursorMs = plannedUntil; replan = true; continue; }
    // Quiet moments are slept through: the item wakes at the first one that changes something (or at the
    // plan's last moment, to plan ahead), and weighs them again whenever it publishes a change.
    let k = 0;
    if (input.quietMoments) while (k < moments.length - 1 && moments[k].at > now() && quietAt(k)) k++;
    const next = moments[k];
    const wait = next.at - now();
    const seen = published;
    if (wait > 0 && (await condition(() => replan || c.state === 'closed' || c.outbox.length > 0 || (input.quietMoments === true && published !== seen), wait))) {
      // Woken early: the quiet moments that have passed were quiet under the record as it was then.
      const woke = now();
      let passed = 0;
      while (passed < k && moments[passed].at < woke) passed++;
      if (passed) {
        c.cursorMs = moments[passed - 1].at + 1;
        moments.splice(0, passed);
      }
      continue;
    }
    // The quiet moments before it are passed over, and the cursor moves past them.
    moments.splice(0, k + 1);
    c.cursorMs = next.at + 1;
    await handleMoment(next);
  }
  await condition(allHandlersFinished);
  await sendOutbox();
  return status();
}
