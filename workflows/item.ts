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
 * What each moment and each submission does to the record is decided by the
 * pure rules of domain/item-record.ts; this file wires them to the update
 * handlers, the timers, the signals and the loop.
 *
 * Every instant comes from the calendar activity (recorded in history), so a
 * replay never depends on time-zone data. The workflow only compares numbers.
 */
import {
  allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, patched, proxyLocalActivities, proxyActivities,
  setHandler, sleep, upsertSearchAttributes, workflowInfo, log,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { RectifyActivities } from '../activities/types';
import type { ItemInput, ItemMailInput, ItemTimeline } from '../domain/contract';
import {
  atMoment, changesNothing, isAsListed, isFollowed, isRepeat, lookBacksDue, newRecord, nextLookBackAt, nextReplyDueAt, noticeKey, observe, onCloseout,
  onCorrection, onDispatch, onNoticeIssued, onNoticeReply, onReport, onReview, receiptMail, refuseCloseoutInput, refuseCorrectionInput, refuseDispatchInput,
  refuseNoticeReplyInput, refuseReportInput, refuseReviewInput, rememberRequest, repliesDue, snapshotOf, statusOf, type ItemRecord, type RecordContext,
  type SubmissionStep,
} from '../domain/item-record';
import {
  lookBackMonths, onAccepted, onLookBackAnswer, onLookBackAsked, onLookBacksPlanned, onNote, onReopen, refuseLookBackInput, refuseNoteInput,
  refuseReopenInput, type ReopenStep,
} from '../domain/look-back';
import type { ItemPlan, ItemState, ItemStatus, Light, Moment, Notice, Recipient } from '../domain/types';
import {
  type ItemAnswer, type ItemSnapshot, DeadlineKey, PLAN_AHEAD_MS, UnitKey, correctReportUpdate, deskItemSignal, deskWorkflowId, dispatchUpdate,
  itemChangedSignal, itemSnapshotQuery, itemStateSignal, noticeReplyUpdate, progressAttributes, progressFingerprint, replanSignal, reportUpdate,
  reviewCloseoutUpdate, submitCloseoutUpdate, amendItemUpdate, withdrawItemUpdate, LeaderKey, lookBackUpdate, noteUpdate, reopenItemUpdate,
  itemContinuationQuery, announcementUpdate, carryOutUpdate, OpenNoticesKey,
} from './messages';
import { onCarriedOut, refuseCarryOutInput } from '../domain/carry-out';
import { onAnnouncement, refuseAnnouncementInput } from '../domain/announcement-text';
import { onAmend, onWithdraw, refuseAmendInput, refuseWithdrawInput } from '../domain/item-amend';
import { hasEnded } from '../domain/rules';
import { msg } from '../domain/i18n';
import { deskWords, desksOf } from '../domain/desks';
import { mailActivityOptions } from './mail';
import { KEPT_TIMERS_PATCH, keptTimers } from './wait';

const calendar = proxyLocalActivities<RectifyActivities>({ startToCloseTimeout: '30 seconds' });

/** History events after which the item continues as new (far below Temporal's 50,000). */
const HISTORY_LIMIT = 2000;
/** 督办单 as tracked documents (v0.4): numbered by the campaign, mailed as a document, climbing when unanswered. */
const TRACKED_NOTICES = 'tracked-notices';

/**
 * 回头看 (v0.5): an item accepted is followed — a long-term item keeps reporting at its long-term cadence, every
 * accepted item is looked back at N months later, and a closed item's workflow runs until its last look-back is
 * answered (reopen, notes and corrections reach it meanwhile). Accepted before the patch, it ends on 销号 as before.
 */
const LOOK_BACK = 'look-back';

/** An extension (延期) updates the item's RectifyDeadline search attribute, which status's countdown reads. */
const DEADLINE_ATTRIBUTE_PATCH = 'deadline-attribute';

/** 公示稿 (v0.6): the item's announcement text, drafted, edited and approved through an update. */
const ANNOUNCEMENT_TEXT = 'announcement-text';

/** 已转入下一轮: the next round hands the item over; it ends in this round (its loop completes, as on 撤销). */
const CARRIED_OUT = 'carried-out';

/** How an update with a request id changes the item (the steps of `submission` in itemWorkflow, in their order). */
interface Course<T, S extends SubmissionStep> {
  /** The patch marker that dates the update (its first command). */
  marker?: string;
  /** The record's rules: the new record and the answer (pure). */
  step: (input: T, ctx: RecordContext) => S;
  /** A resumed run (an item closed before v0.5, started again for one update) was waiting for this update. */
  resumes?: boolean;
  /** What the step settles before the campaign hears of it; `before` is the record before the step. */
  settle?: (step: S, before: ItemRecord) => void;
  /** Whether the campaign (and visibility) hear of it now (default: yes). */
  publishes?: (step: S) => boolean;
  /** What the step settles after the publish: mails to the outbox, a receipt. */
  after?: (input: T, step: S, at: number) => void;
  /** The synchronous validator's refusal (undefined: welcome). */
  refuse: (input: T) => string | undefined;
}

/**
 * The RectifyOpenNotices search attribute (督办单 waiting for the unit's reply) is upserted when their count
 * changes: the board of a campaign with desks filters and counts on it. Only an item whose count changes
 * carries the marker (a city's start adds nothing per item).
 */
const OPEN_NOTICES_ATTRIBUTE = 'open-notices-attribute';

export async function itemWorkflow(input: ItemInput): Promise<ItemStatus> {
  const { campaign } = input;
  const offset = input.clockOffsetMs ?? 0;
  /** Answers and refusals speak the campaign's language. */
  const lang = campaign.language;
  const now = (): number => Date.now() + offset;
  const waitFor = keptTimers();
  const mail = proxyActivities<RectifyActivities>(mailActivityOptions(input.mail));
  /** The record (domain/item-record.ts): replaced, never edited, by each step. */
  let c: ItemRecord = input.carried ? { ...input.carried, outbox: input.carried.outbox ?? [] } : newRecord(input.item, now());
  let timeline: ItemTimeline | undefined;
  let replan = true;
  let plannedUntil = 0;
  let light: Light = 'green';
  let lastSent = '';
  // Started with its progress attributes (and first plan): nothing to upsert until they change.
  let lastAttributes = input.firstPlan && !input.carried ? progressFingerprint(input.firstPlan.attributes) : '';
  /** 督办单 waiting as visibility has them (a run continued as new starts with its predecessor's attributes). */
  let openNoticesShown = workflowInfo().typedSearchAttributes.get(OpenNoticesKey) ?? 0;
  const answers = new Map<string, ItemAnswer>();
  /** What the record's rules need now (or at a moment's instant, when it is worked out ahead of its time). */
  const context = (at = now(), t = timeline): RecordContext => ({ campaign, timeline: t, now: at, offset, quietMoments: input.quietMoments === true });

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
      c = { ...c, cursorMs: at };
      replan = false;
      return { ...given.timeline, moments: given.timeline.moments.filter((m) => m.at >= at || m.kind === 'deadline') };
    }
    const from = first ? now() : c.cursorMs;
    plannedUntil = Math.max(from, now()) + PLAN_AHEAD_MS;
    const t = await calendar.planItemMoments({
      settings: campaign, ladder: campaign.ladder, deadline: c.item.deadline, milestones: c.item.milestones,
      fromMs: from, untilMs: plannedUntil, catchUpFromMs: first ? 0 : undefined,
    });
    if (first) c = { ...c, cursorMs: from };
    replan = false;
    return t;
  };

  /** Bumped by every publish: the main loop wakes to weigh its quiet moments again. */
  let published = 0;

  /** Tell the campaign (and visibility) when something changed; notices ride along. */
  const publish = async (notices: Notice[] = []): Promise<void> => {
    published += 1;
    const o = observe(c, context(), light);
    light = o.light;
    if (o.attributes !== lastAttributes) {
      lastAttributes = o.attributes;
      upsertSearchAttributes(progressAttributes(o.progress));
    }
    const openNotices = o.status.openNotices?.length ?? 0;
    if (openNotices !== openNoticesShown && patched(OPEN_NOTICES_ATTRIBUTE)) {
      openNoticesShown = openNotices;
      upsertSearchAttributes([{ key: OpenNoticesKey, value: openNotices }]);
    }
    const fingerprint = JSON.stringify(o.status);
    if (notices.length === 0 && fingerprint === lastSent) return;
    // A new item as its campaign lists it (not started, green, nothing yet) need not say so: a city's start is 10,000 signals lighter.
    // (Items with desks or a first plan are newer than the patch: no marker, and no TemporalChangeVersion upsert, per item.)
    if (lastSent === '' && !input.carried && notices.length === 0 && isAsListed(o.status) && (input.desks || input.firstPlan || patched('quiet-start'))) {
      lastSent = fingerprint;
      return;
    }
    const changed = fingerprint !== lastSent;
    lastSent = fingerprint;
    if (input.desks) await toDesks(input.desks, o.status, changed, notices);
    else await getExternalWorkflowHandle(input.campaignWorkflowId).signal(itemChangedSignal, { status: o.status, notices });
  };

  /** A campaign with desks: the status and notices go to the desks (domain/desks.ts), the state alone to the campaign. */
  let contactDesks: number[] = input.desks ? desksOf(c.item.contacts, input.desks) : [];
  let stateTold: ItemState = 'notStarted';
  let followingTold = false;
  const toDesks = async (desks: number, s: ItemStatus, changed: boolean, notices: Notice[]): Promise<void> => {
    const told = deskWords(desks, {
      status: changed ? { ...s, title: c.item.title, contacts: c.item.contacts } : undefined, contactDesks, contacts: c.item.contacts, notices,
    });
    contactDesks = told.contactDesks;
    const sends = told.words.map(([d, w]) => getExternalWorkflowHandle(deskWorkflowId(campaign.id, d)).signal(deskItemSignal, w));
    // Closed but followed (回头看 to come): the campaign runs on until the item's last look-back is answered.
    const following = s.following === true;
    if (c.state !== stateTold || following !== followingTold) {
      stateTold = c.state;
      followingTold = following;
      sends.push(getExternalWorkflowHandle(input.campaignWorkflowId).signal(itemStateSignal, { key: c.item.key, state: c.state, ...(following ? { following: true as const } : {}) }));
    }
    await Promise.all(sends);
  };

  const answer = (message: string): ItemAnswer => ({ item: c.item.id, state: c.state, light, message });
  /** Update validators are synchronous: a bad or untimely payload is refused before it enters history. */
  const refuseIf = (refusal: string | undefined): void => {
    if (refusal) throw new Error(refusal);
  };

  // ── Moments ───────────────────────────────────────────────────────────────
  const handleMoment = async (m: Moment): Promise<void> => {
    const step = atMoment(c, m, context(), light);
    c = step.record;
    light = step.light;
    const tracked = step.notices.filter((n) => n.tracked);
    // 督办单: numbered by the campaign, on record, and mailed from the outbox as a document; the digest gets the others.
    if (tracked.length && patched(TRACKED_NOTICES)) {
      for (const n of tracked) {
        const issued = await mail.issueNotice({ campaign, key: noticeKey(c, n), atMs: n.at, replyWorkingDays: n.tracked!.replyWorkingDays });
        c = onNoticeIssued(c, n, issued, context());
      }
      await publish(step.notices.filter((n) => !n.tracked));
    } else await publish(step.notices);
  };

  /**
   * Would the moment at index i change nothing, if nothing else happens before it? Worked out on a copy of
   * the record, at the moment's instant, with the moments before it gone (as they will be then). Quiet: the
   * record's rules change nothing, and there is nothing new to tell the campaign or visibility. Pure and
   * synchronous: the same on every replay.
   */
  const quietAt = (i: number): boolean => {
    const t = timeline!;
    const m = t.moments[i];
    const ctx = context(m.at, { ...t, moments: t.moments.slice(i + 1) });
    const step = atMoment(c, m, ctx, light);
    if (!changesNothing(c, step)) return false;
    const o = observe(step.record, ctx, step.light);
    return o.attributes === lastAttributes && JSON.stringify(o.status) === lastSent;
  };

  // ── Updates: what people submit ──────────────────────────────────────────
  /** A resumed run (an item closed before v0.5, started again for one update) waits for that update. */
  let resumeHeld = input.resumed === true;
  const remember = (requestId: string | undefined, a: ItemAnswer): ItemAnswer => {
    if (requestId) answers.set(requestId, a);
    c = rememberRequest(c, requestId);
    return a;
  };
  /**
   * A receipt for what a person submitted through the web form, mailed by the
   * main loop like decisions: once per request id (a repeated post returns
   * before this), with a stable key so a retried send mails once.
   */
  const receipt = (to: Recipient | undefined, requestId: string | undefined, at: number, lines: string[] | undefined): void => {
    // Only web submissions ask for one; histories of v0.1.0 never did (patch web-receipt).
    if (!to || !lines || !patched('web-receipt')) return;
    c = { ...c, outbox: [...c.outbox, receiptMail(c, campaign, to, requestId, at, lines)] };
  };
  const repeated = (requestId: string): ItemAnswer => answers.get(requestId) ?? answer(msg(lang, 'repeated'));

  /**
   * One course for every update that carries a request id, in the order its commands have always had (a replayed
   * history expects them so): a repeated request is answered as the first time, with no command; the update's
   * patch marker; the step of the record's rules; what the step settles before the campaign hears of it (a new
   * plan, search attributes); the publish; what it settles after (mails, a receipt); the answer, remembered under
   * its request id. The validator refuses a bad or untimely payload before it enters history.
   */
  const submission = <T extends { requestId?: string }, S extends SubmissionStep>(update: UpdateDefinition<ItemAnswer, [T]>, course: Course<T, S>): void => {
    setHandler(update, async (x) => {
      if (isRepeat(c, x.requestId)) return repeated(x.requestId!);
      if (course.marker) patched(course.marker);
      const at = now();
      const before = c;
      const step = course.step(x, context(at));
      c = step.record;
      if (course.resumes) resumeHeld = false;
      course.settle?.(step, before);
      if (course.publishes?.(step) ?? true) await publish();
      course.after?.(x, step, at);
      return remember(x.requestId, answer(step.message));
    }, { validator: (x) => refuseIf(course.refuse(x)) });
  };
  /** Mails a step decided, sent by the main loop in the order decided. */
  const toOutbox = (...mails: ItemMailInput[]): void => {
    c = { ...c, outbox: [...c.outbox, ...mails] };
  };
  /** A new deadline: visibility's RectifyDeadline (status's countdown) follows (histories before the patch kept the old one). */
  const deadlineFollows = (before: ItemRecord): void => {
    if (c.item.deadline !== before.item.deadline && patched(DEADLINE_ATTRIBUTE_PATCH)) upsertSearchAttributes([{ key: DeadlineKey, value: c.item.deadline }]);
  };
  /** A step that plans again is published by the loop once the new plan is made. */
  const unlessReplanning = (): boolean => !replan;

  submission(reportUpdate, {
    step: (r, ctx) => onReport(c, r, ctx),
    after: (r, step, at) => receipt(r.receipt, r.requestId, at, step.receiptLines),
    refuse: (r) => refuseReportInput(c, r, lang),
  });
  submission(submitCloseoutUpdate, {
    step: (s, ctx) => onCloseout(c, s, ctx),
    after: (s, step, at) => receipt(s.receipt, s.requestId, at, step.receiptLines),
    refuse: (s) => refuseCloseoutInput(c, s, lang),
  });

  setHandler(reviewCloseoutUpdate, async (r) => {
    const at = now();
    const step = onReview(c, r, context(at));
    c = step.record;
    // Accepted: followed from now on (its look-backs planned by the loop); histories before the patch end on 销号.
    if (r.accept && patched(LOOK_BACK)) c = onAccepted(c, at);
    await publish();
    toOutbox(step.mail);
    return answer(step.message);
  }, { validator: (r) => refuseIf(refuseReviewInput(c, r, lang)) });

  submission(dispatchUpdate, {
    step: (d, ctx) => onDispatch(c, d, ctx),
    settle: (step, before) => {
      if (step.replan) replan = true;
      if (step.reassigned) upsertSearchAttributes([{ key: UnitKey, value: c.item.leadUnit }]);
      deadlineFollows(before);
    },
    publishes: unlessReplanning,
    after: (_, step) => toOutbox(step.mail),
    refuse: (d) => refuseDispatchInput(c, d, { campaign }),
  });

  // New in v0.2 (no v0.1 history holds this update): the marker dates every correction, so a later
  // change to how corrections apply can branch on it, and deprecatePatch retires it.
  submission(correctReportUpdate, {
    marker: 'report-corrections',
    step: (r, ctx) => onCorrection(c, r, ctx),
    resumes: true,
    refuse: (r) => refuseCorrectionInput(c, r, lang),
  });

  // 整改方案变更 / 撤销 (`rectify start` on a changed file, approved): new in v0.3, no older history holds these
  // updates; the marker dates them, like report-corrections. The item as the file gave it last is what the next
  // `start` compares with: the plan it started with until a change sets another.
  const planned = (): ItemPlan => c.planned ?? input.item;
  submission(amendItemUpdate, {
    marker: 'plan-changes',
    step: (a, ctx) => onAmend(c, a, ctx, planned()),
    settle: (step, before) => {
      if (step.replan) replan = true;
      if (step.reassigned) upsertSearchAttributes([{ key: UnitKey, value: c.item.leadUnit }, { key: LeaderKey, value: c.item.leaderId }]);
      deadlineFollows(before);
    },
    publishes: unlessReplanning,
    after: (_, step) => toOutbox(...step.mails),
    refuse: (a) => refuseAmendInput({ state: c.state, item: c.item, planned: planned(), requestIds: c.requestIds }, a, lang),
  });
  submission(withdrawItemUpdate, {
    marker: 'plan-changes',
    step: (w, ctx) => onWithdraw(c, w, ctx),
    after: (_, step) => toOutbox(step.mail),
    refuse: (w) => refuseWithdrawInput(c, w, lang),
  });
  submission(noticeReplyUpdate, {
    step: (r, ctx) => onNoticeReply(c, r, ctx),
    refuse: (r) => refuseNoticeReplyInput(c, r, lang),
  });

  // 重新打开 and 回头看 (v0.5): no older history holds these updates; the marker dates them, like plan-changes.
  // A reopened item that plans again is published by the loop; a reopening's mail goes out after the publish.
  const reopening = {
    marker: LOOK_BACK,
    resumes: true,
    settle: (step: ReopenStep) => { if (step.replan) replan = true; },
    publishes: (step: ReopenStep) => !step.replan,
    after: (_: unknown, step: ReopenStep) => { if (step.mail) toOutbox(step.mail); },
  };
  submission(reopenItemUpdate, { ...reopening, step: (o, ctx) => onReopen(c, o, ctx), refuse: (o) => refuseReopenInput(c, o, lang) });
  submission(lookBackUpdate, { ...reopening, step: (a, ctx) => onLookBackAnswer(c, a, ctx), refuse: (a) => refuseLookBackInput(c, a, lang) });
  // A note and a 公示稿 change nothing the campaign lists: nothing to publish.
  const quiet = { resumes: true, publishes: (): boolean => false };
  submission(noteUpdate, { ...quiet, marker: LOOK_BACK, step: (n, ctx) => onNote(c, n, ctx), refuse: (n) => refuseNoteInput(c, n, lang) });
  // 公示稿 (v0.6): no older history holds this update; the marker dates it, like plan-changes.
  submission(announcementUpdate, {
    ...quiet, marker: ANNOUNCEMENT_TEXT, step: (a, ctx) => onAnnouncement(c, a, ctx), refuse: (a) => refuseAnnouncementInput(c, a, lang),
  });
  // 已转入下一轮: no older history holds this update; the marker dates it, like plan-changes. The loop then ends.
  submission(carryOutUpdate, {
    marker: CARRIED_OUT, resumes: true, step: (h, ctx) => onCarriedOut(c, h, ctx), refuse: (h) => refuseCarryOutInput(c, h, { campaign }),
  });

  // The working-day calendar changed: the loop drops the planned moments and plans again from the cursor.
  setHandler(replanSignal, () => {
    replan = true;
  });

  setHandler(itemSnapshotQuery, (): ItemSnapshot => ({ ...snapshotOf(c, context(), light), planned: planned() }));
  /** What the next run would carry: the record, the plan the item started with (readmodels/resume.ts resumes an ended run from it). */
  const continuation = (): ItemInput => ({ ...input, firstPlan: undefined, resumed: undefined, item: c.item, carried: { ...c, planned: planned() } });
  setHandler(itemContinuationQuery, continuation);

  // ── The item's own cadence ────────────────────────────────────────────────
  /**
   * Decision, review and receipt mails, in the order they were decided; a failing mail server delays them,
   * never the update. Each waits for its slot in working time (the next working morning when decided at
   * night or on a day off; a receipt at once if the campaign says so): the calendar activity places it, the
   * loop's timer wakes for it. Histories before the patch mail at once. `waitForSlots`: sleep until each
   * slot (the item is closed, nothing else to wait for); otherwise the mails not yet due stay in the outbox.
   */
  const sendOutbox = async (waitForSlots = false): Promise<void> => {
    for (;;) {
      // Handlers only append to the outbox and only this loop removes from it: an index holds across an await.
      const unplaced = c.outbox.findIndex((m) => m.sendAtMs === undefined);
      if (unplaced >= 0 && patched('mail-working-hours')) {
        const m = c.outbox[unplaced];
        const slot = await calendar.placeItemMail({ settings: campaign, kind: m.kind, atMs: m.atMs });
        const placed = { ...m, sendAtMs: slot.at, ...(slot.placedBy ? { placedBy: slot.placedBy } : {}) };
        c = { ...c, outbox: c.outbox.map((x, i) => (i === unplaced ? placed : x)) };
        continue;
      }
      if (!c.outbox.length) return;
      // The first mail whose slot has come, in the order decided (a receipt sent at once passes a decision waiting for the morning).
      const due = c.outbox.findIndex((m) => m.sendAtMs === undefined || m.sendAtMs <= now());
      if (due < 0) {
        if (!waitForSlots) return;
        await sleep(nextMailAt()! - now());
        continue;
      }
      await mail.sendItemMail(c.outbox[due]);
      c = { ...c, outbox: c.outbox.filter((_, i) => i !== due) };
    }
  };
  /** The earliest slot of the mails waiting in the outbox. */
  const nextMailAt = (): number | undefined => {
    const slots = c.outbox.flatMap((m) => (m.sendAtMs === undefined ? [] : [m.sendAtMs]));
    return slots.length ? Math.min(...slots) : undefined;
  };

  /** 已销号 (with no look-back to come or unanswered) or 已撤销: the workflow completes (a resumed run once its update came). */
  const ended = (): boolean => hasEnded(c.state) && !isFollowed(c) && !resumeHeld;

  for (;;) {
    if (workflowInfo().historyLength > (input.historyLimit ?? HISTORY_LIMIT) || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      log.info('item continues as new', { item: c.item.id, events: workflowInfo().historyLength });
      c = { ...c, log: [...c.log, { at: now(), what: 'continued', by: 'rectify', detail: `history of ${workflowInfo().historyLength} events continued as new` }] };
      // The plan the item started with goes along (what the next `start` compares the file with).
      await continueAsNew<typeof itemWorkflow>(continuation());
    }
    await sendOutbox();
    if (replan || !timeline || timeline.moments.length === 0) {
      timeline = await plan();
      await publish();
    }
    // A 督办单 not answered by its reply deadline climbs the ladder (records without notices have none due).
    const climbs = repliesDue(c, now());
    if (climbs.length) {
      for (const m of climbs) await handleMoment(m);
      continue;
    }
    // 回头看: the look-backs of an acceptance are placed on the calendar once; each is asked when its time comes.
    if (c.accepted && !c.accepted.planned) {
      const months = lookBackMonths({ campaign });
      c = onLookBacksPlanned(c, months.length ? await calendar.planLookBacks({ settings: campaign, fromMs: c.accepted.at, months }) : []);
      await publish();
      continue;
    }
    const asks = lookBacksDue(c, now());
    if (asks.length) {
      for (const k of asks) c = onLookBackAsked(c, k, context());
      await publish();
      continue;
    }
    if (ended()) break;
    const moments = timeline.moments;
    if (!moments.length) { c = { ...c, cursorMs: plannedUntil }; replan = true; continue; }
    // Quiet moments are slept through: the item wakes at the first one that changes something (or at the
    // plan's last moment, to plan ahead), and weighs them again whenever it publishes a change.
    let k = 0;
    if (input.quietMoments) while (k < moments.length - 1 && moments[k].at > now() && quietAt(k)) k++;
    const next = moments[k];
    // A mail waiting for its working-time slot, or a notice's reply deadline, before the next moment: the timer wakes for it.
    const mailAt = [nextMailAt(), nextReplyDueAt(c), nextLookBackAt(c)].reduce<number | undefined>((a, x) => (x === undefined ? a : a === undefined ? x : Math.min(a, x)), undefined);
    const wakeAt = mailAt !== undefined && mailAt < next.at ? mailAt : next.at;
    const wait = wakeAt - now();
    const seen = published;
    const unplaced = (): boolean => c.outbox.some((m) => m.sendAtMs === undefined);
    const wake = (): boolean => replan || ended() || unplaced() || (input.quietMoments === true && published !== seen)
      || (c.accepted !== undefined && !c.accepted.planned);
    if ((wait > 0 && (input.keptTimers === true || patched(KEPT_TIMERS_PATCH) ? await waitFor(wake, wait) : await condition(wake, wait)))
      || wakeAt !== next.at) {
      // Woken early (or for a mail): the quiet moments that have passed were quiet under the record as it was then.
      const woke = now();
      let passed = 0;
      while (passed < k && moments[passed].at < woke) passed++;
      if (passed) {
        c = { ...c, cursorMs: moments[passed - 1].at + 1 };
        moments.splice(0, passed);
      }
      continue;
    }
    // The quiet moments before it are passed over, and the cursor moves past them.
    moments.splice(0, k + 1);
    c = { ...c, cursorMs: next.at + 1 };
    await handleMoment(next);
  }
  await condition(allHandlersFinished);
  await sendOutbox(true);
  return statusOf(c, context(), light);
}
