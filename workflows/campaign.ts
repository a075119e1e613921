/**
 * 整改工作的节奏: one workflow per campaign.
 *
 * It starts the item workflows (as children, handed over in batches), keeps a
 * compact registry of every item's status (each item signals its changes),
 * and owns the campaign-wide moments of 周报告、旬调度、月督查 (a campaign of
 * thousands of items shares out the gathering of mail over desks, 收发室:
 * workflows/desk.ts; it then keeps only each item's state):
 * - reminder: one digest per contact listing their items still to report;
 * - weekly summary to the working group after the due time;
 * - dispatch sheet at each dekad's end; inspection at each month's end.
 * Chases and escalations decided by items at one moment are gathered for a
 * short window and mailed as one digest per recipient.
 */
import {
  ParentClosePolicy, allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, log, patched, proxyActivities,
  proxyLocalActivities, setHandler, startChild, workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { RectifyActivities } from '../activities/types';
import type { RegistryRow } from '../domain/contract';
import type { ItemPlan, Moment } from '../domain/types';
import { LIMITS } from '../domain/limits';
import { hasEnded } from '../domain/rules';
import {
  CampaignIdKey, CampaignItemRow, CampaignSettings, CampaignSnapshot, ItemStartCommon, PLAN_AHEAD_MS, addItemsUpdate, itemStart,
  campaignPageQuery, campaignProgressQuery, campaignSettingsQuery, campaignSnapshotQuery, noticeNumberUpdate, DeskRow, deskRemindSignal, mailTroubleSignal, deskRowsSignal, deskWorkflowId, deskWrapUpSignal, itemChangedSignal, itemStateSignal, replanSignal,
} from './messages';
import { itemWorkflow } from './item';
import { deskWorkflow } from './desk';
import { desksOf } from '../domain/desks';
import { campaignPageOf } from '../domain/list-page';
import { listedStatus } from '../domain/item-record';
import { SCHEDULED_DOCUMENTS, documentSentAt, type ScheduledDocument } from '../domain/documents';
import { BACKLOG_ORDER_PATCH, type DigestBook, type Gathering, type PendingDigest, flush, gatherNotices, nextFlush, remind } from './digests';
import { KEPT_TIMERS_PATCH, keptTimers } from './wait';
import { mailActivityOptions, noteMailTrouble, outageOver, type MailOutage, type MailPolicy } from './mail';

const calendar = proxyLocalActivities<RectifyActivities>({ startToCloseTimeout: '30 seconds' });
/** Items are started by an activity (patch start-by-activity); before it, as children. */
const START_BY_ACTIVITY = 'start-by-activity';
const starter = proxyActivities<RectifyActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
/** Mail outages: the alert while mail fails and the notice once it is back (issue 7). */
const MAIL_OUTAGE_PATCH = 'mail-outage-alerts';

/** Plain JSON carried across continue-as-new. */
export interface CampaignCarried extends DigestBook<RegistryRow> {
  /** With desks: only id, key and state per item (the desks keep what digests need). */
  index?: Record<string, CampaignItemRow>;
  toStart: ItemPlan[];
  cursorMs: number;
  /** Years without official working-day data already named in a dispatch sheet (once per year). */
  warnedYears?: number[];
  /** With desks: they have been started. */
  desksStarted?: boolean;
  /** Mail is failing, or back but the working group not yet told. */
  mailOutage?: MailOutage;
  /**
   * 督办单 numbers handed out: the last number of each year, and the keys numbered lately with their number (a
   * retried issueNotice asks again with its key and gets the same number back).
   */
  noticeNumbers?: { years: [number, number][]; keys: [string, number][] };
}

export interface CampaignInput {
  settings: CampaignSettings;
  /** Only `simulate` sets this: campaign time = server time + offset. */
  clockOffsetMs?: number;
  /** History events before continuing as new (default 10,000 for the campaign, 2,000 for items; tests set them low). */
  historyLimit?: number;
  itemHistoryLimit?: number;
  /** Timing of mail activities, here, in the desks and in the items (tests shorten it; default 30 s timeout, retries 30 s … 30 min). */
  mail?: MailPolicy;
  /**
   * 收发室: share the gathering of digests over this many desk workflows
   * (a city's campaign of thousands of items); 0 or absent: the campaign
   * gathers every digest itself. Fixed for the campaign's life.
   */
  desks?: number;
  /**
   * The task queue of the campaign's items (set by `rectify start` since the campaign runs on its own queue,
   * messages.ts campaignTaskQueue); absent: the campaign's own queue, as campaigns started before it.
   */
  itemTaskQueue?: string;
  carried?: CampaignCarried;
}

const HISTORY_LIMIT = 10000;
const CHILDREN_PER_BATCH = 50;
/** A campaign with desks is large: its items are started more at a time. */
const CHILDREN_PER_BATCH_WITH_DESKS = 200;
/**
 * Temporal allows a workflow run 2,000 pending children (abandoned ones count
 * until they end): a run that has started this many continues as new, and the
 * next run starts the rest.
 */
const CHILDREN_PER_RUN = 1000;

export async function campaignWorkflow(input: CampaignInput): Promise<void> {
  const { settings } = input;
  const desks = input.desks ?? 0;
  const offset = input.clockOffsetMs ?? 0;
  const now = (): number => Date.now() + offset;
  const waitFor = keptTimers();
  // A new campaign's moments count from the moment it was started, however long starting its items takes.
  const c: CampaignCarried = input.carried ?? { registry: {}, toStart: [], pending: [], cursorMs: now(), flushed: [], ...(desks ? { index: {} } : {}) };
  const windowMs = settings.cadence.digestWindowMinutes * 60000;
  const mail = proxyActivities<RectifyActivities>(mailActivityOptions(input.mail));
  /** Mails went out while mail was failing: they are late. */
  const late = (n: number): void => { if (c.mailOutage) c.mailOutage.late += n; };
  const g: Gathering = { settings, now, windowMs, mail, sent: late };
  let moments: Moment[] = [];
  /** Years the last plan placed by weekends alone (no official data). */
  let uncovered: number[] = [];
  let replanRequested = false;

  setHandler(replanSignal, () => {
    replanRequested = true;
  });

  setHandler(addItemsUpdate, (items) => {
    let added = 0;
    for (const item of items) {
      if (c.index) {
        if (c.index[item.key]) continue;
        // An item carried over from the previous round (上轮转入) starts as it stood there.
        c.index[item.key] = { id: item.id, key: item.key, state: item.previous?.state ?? 'notStarted' };
      } else {
        if (c.registry[item.key]) continue;
        c.registry[item.key] = {
          ...listedStatus(item), section: item.section, title: item.title, leadUnit: item.leadUnit, leader: item.leader.name, contacts: item.contacts,
        };
      }
      c.toStart.push(item);
      added += 1;
    }
    return { added, known: items.length - added };
  }, {
    validator: (items) => {
      if (!Array.isArray(items) || items.length === 0) throw new Error('no items given');
      if (items.length > LIMITS.itemsPerBatch) throw new Error(`at most ${LIMITS.itemsPerBatch} items per batch`);
      const bad = items.find((i) => !i || typeof i.key !== 'string' || !/^[\w-]+$/.test(i.key) || typeof i.id !== 'string');
      if (bad) throw new Error(`item ${JSON.stringify(bad?.id)}: not a normalised item (load the campaign file with rectify start)`);
    },
  });

  setHandler(itemChangedSignal, ({ status, notices }) => {
    const row = c.registry[status.key];
    if (row) {
      const next: RegistryRow = { ...row, ...status, leadUnit: status.leadUnit ?? row.leadUnit, contacts: status.contacts ?? row.contacts };
      // A status without 督办单 waiting has no such field: the row drops the ones answered (回头看's fields alike).
      if (!status.openNotices) delete next.openNotices;
      if (status.longTermDue === undefined) delete next.longTermDue;
      if (!status.following) delete next.following;
      if (!status.lookBackOwed) delete next.lookBackOwed;
      c.registry[status.key] = next;
    }
    gatherNotices(c, g, notices);
  });

  // 督办单 numbers: one counter per year, so numbers are unique and gap-free however many items issue at once.
  setHandler(noticeNumberUpdate, ({ key, year }) => {
    const book = (c.noticeNumbers ??= { years: [], keys: [] });
    const known = book.keys.find(([k]) => k === key);
    if (known) return { n: known[1] };
    let count = book.years.find(([y]) => y === year);
    if (!count) book.years.push(count = [year, 0]);
    count[1] += 1;
    book.keys.push([key, count[1]]);
    if (book.keys.length > LIMITS.noticeKeysKept) book.keys.shift();
    return { n: count[1] };
  }, {
    validator: (r) => {
      if (!r || typeof r.key !== 'string' || !r.key || r.key.length > 300 || !Number.isInteger(r.year) || r.year < 2000 || r.year > 2200) {
        throw new Error('a notice number is asked with its key and year');
      }
    },
  });

  // With desks, items tell the campaign only their state.
  setHandler(itemStateSignal, ({ key, state, following }) => {
    const row = c.index?.[key];
    if (row) {
      row.state = state;
      if (following) row.following = true;
      else delete row.following;
    }
  });

  // A mail activity keeps failing (or went out again): one outage record, logged and alerted once.
  setHandler(mailTroubleSignal, async (t) => {
    const { outage, opened } = noteMailTrouble(c.mailOutage, t, now(), offset);
    c.mailOutage = outage;
    if (!opened || !outage) return;
    log.error('mail is failing (邮件发送失败): mails wait and are retried with backoff', { campaign: settings.id, since: new Date(outage.since).toISOString(), error: outage.error });
    if (patched(MAIL_OUTAGE_PATCH)) {
      await mail.sendMailAlert({ campaign: settings, phase: 'failing', since: outage.since, error: outage.error, count: outage.failing.length });
    }
  });

  const snapshot = (): CampaignSnapshot => ({
    campaign: settings, items: c.index ? Object.values(c.index) : Object.values(c.registry),
    pendingNotices: c.pending.reduce((s, p) => s + p.notices.length, 0), itemsToStart: c.toStart.length,
    ...(desks ? { desks } : {}),
    mailOutage: c.mailOutage && {
      since: c.mailOutage.since, until: c.mailOutage.until, error: c.mailOutage.error, late: c.mailOutage.late,
      waiting: c.mailOutage.failing.length + c.pending.reduce((s, p) => s + new Set([...p.reminders.map((r) => r.recipient.email), ...p.notices.flatMap((n) => n.to.map((r) => r.email))]).size, 0),
      momentsWaiting: moments.filter((m) => dueAt(m) <= now()).length,
    },
  });
  setHandler(campaignSnapshotQuery, snapshot);
  setHandler(campaignPageQuery, (request) => campaignPageOf(snapshot(), request ?? {}));

  setHandler(campaignSettingsQuery, () => settings);

  setHandler(campaignProgressQuery, () => ({
    items: Object.keys(c.index ?? c.registry).length, itemsToStart: c.toStart.length, desks,
  }));

  const rows = (): RegistryRow[] => Object.values(c.registry);
  const states = (): CampaignItemRow[] => (c.index ? Object.values(c.index) : rows());

  /** 收发室: the desks run before any item, so an item's first word finds its desk. */
  const startDesks = async (): Promise<void> => {
    await Promise.all(Array.from({ length: desks }, async (_, desk) => {
      try {
        await startChild(deskWorkflow, {
          workflowId: deskWorkflowId(settings.id, desk),
          args: [{ settings, desk, desks, clockOffsetMs: input.clockOffsetMs, historyLimit: input.historyLimit, mail: input.mail }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          typedSearchAttributes: [{ key: CampaignIdKey, value: settings.id }],
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }));
    c.desksStarted = true;
  };

  /** Desks learn the items about to start as listed; each item then speaks only once something changed. */
  const listAtDesks = async (batch: ItemPlan[]): Promise<void> => {
    const byDesk = new Map<number, DeskRow[]>();
    for (const item of batch) {
      const row: DeskRow = { ...listedStatus(item), title: item.title, leadUnit: item.leadUnit, contacts: item.contacts };
      for (const d of desksOf(item.contacts, desks)) byDesk.set(d, [...(byDesk.get(d) ?? []), row]);
    }
    await Promise.all([...byDesk].map(([d, rows]) => getExternalWorkflowHandle(deskWorkflowId(settings.id, d)).signal(deskRowsSignal, rows)));
  };

  const startItems = async (): Promise<void> => {
    const batch = c.toStart.slice(0, desks ? CHILDREN_PER_BATCH_WITH_DESKS : CHILDREN_PER_BATCH);
    if (desks) await listAtDesks(batch);
    const common: ItemStartCommon = {
      settings, campaignWorkflowId: workflowInfo().workflowId, clockOffsetMs: input.clockOffsetMs, historyLimit: input.itemHistoryLimit, desks,
      mail: input.mail,
    };
    if (patched(START_BY_ACTIVITY)) {
      // Started by an activity through the client: no child in this history, no limit of 2,000 pending children.
      await starter.startItemWorkflows({ common, taskQueue: input.itemTaskQueue ?? workflowInfo().taskQueue, items: batch, nowMs: now() });
    } else {
      await Promise.all(batch.map(async (item) => {
        const start = itemStart(common, item);
        try {
          await startChild(itemWorkflow, {
            workflowId: start.workflowId, args: [start.input], parentClosePolicy: ParentClosePolicy.ABANDON,
            typedSearchAttributes: start.typedSearchAttributes,
          });
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          log.info('item workflow already running', { item: item.id });
        }
      }));
      childrenThisRun += batch.length;
    }
    c.toStart.splice(0, batch.length);
  };
  let childrenThisRun = 0;

  const continueAsNewNow = async (): Promise<never> => {
    await condition(allHandlersFinished);
    return continueAsNew<typeof campaignWorkflow>({ ...input, carried: c });
  };

  /** Signals every desk at once. */
  const toDesks = async (send: (desk: number) => Promise<void>): Promise<void> => {
    await Promise.all(Array.from({ length: desks }, (_, desk) => send(desk)));
  };

  const handleMoment = async (m: Moment): Promise<void> => {
    // A large campaign's documents read the items themselves (the activity queries them); the keys are enough.
    const documentRows = (): { rows: RegistryRow[] } | { rows: []; keys: string[] } => (c.index ? { rows: [], keys: Object.keys(c.index) } : { rows: rows() });
    if (m.kind === 'reminder') {
      if (desks) await toDesks((desk) => getExternalWorkflowHandle(deskWorkflowId(settings.id, desk)).signal(deskRemindSignal, m));
      else remind(c, g, m);
    }
    const kind = documentSentAt(m.kind);
    if (kind && (SCHEDULED_DOCUMENTS[kind] as ScheduledDocument).namesUncoveredYears) {
      // Years without official data are named in the next such document (the dispatch sheet), once each.
      const warned = c.warnedYears ?? [];
      const years = uncovered.filter((y) => !warned.includes(y));
      await mail.sendDocument({ campaign: settings, kind, moment: m, ...documentRows(), uncoveredYears: years.length ? years : undefined });
      c.warnedYears = [...warned, ...years];
    } else if (kind) await mail.sendDocument({ campaign: settings, kind, moment: m, ...documentRows() });
    if (m.kind !== 'reminder') late(1);
  };

  /** Documents that read items' state wait for the items' own moment at the same instant. */
  const dueAt = (m: Moment): number => {
    const kind = documentSentAt(m.kind);
    return kind && SCHEDULED_DOCUMENTS[kind].waitsForItems ? m.at + windowMs : m.at;
  };

  const allClosed = (): boolean => {
    const all = states();
    // A closed item still looked back at (回头看) keeps the campaign running: its reopening must find it.
    return all.length > 0 && c.toStart.length === 0 && all.every((r) => hasEnded(r.state) && !r.following);
  };

  for (;;) {
    if (desks && !c.desksStarted) { await startDesks(); continue; }
    if (c.toStart.length) {
      await startItems();
      if (childrenThisRun >= CHILDREN_PER_RUN) await continueAsNewNow();
      continue;
    }
    if (allClosed() && c.pending.length === 0) break;
    if (replanRequested) {
      // The working-day calendar changed: plan the pending moments again from the cursor.
      replanRequested = false;
      moments = [];
    }
    if (moments.length === 0) {
      // From where it left off: a moment missed while the worker was down still happens, late.
      const until = Math.max(c.cursorMs, now()) + PLAN_AHEAD_MS;
      const planned = await calendar.planCampaignMoments({ settings, fromMs: c.cursorMs, untilMs: until });
      moments = planned.moments;
      uncovered = planned.uncoveredYears ?? [];
      if (moments.length === 0) c.cursorMs = until;
    }
    const nextMoment = moments[0];
    // Of the digests due, the earliest instant first; and a moment due before it is handled before it.
    const next: PendingDigest | undefined = nextFlush(c, now());
    const momentFirst = nextMoment !== undefined && next !== undefined && dueAt(nextMoment) <= now() && nextMoment.at < next.at
      && patched(BACKLOG_ORDER_PATCH);
    const wakeAt = Math.min(nextMoment ? dueAt(nextMoment) : Infinity, next ? next.flushAt : Infinity);
    const wait = wakeAt - now();
    if (wait > 0 && outageOver(c.mailOutage) && patched(MAIL_OUTAGE_PATCH)) {
      // Mail works again and the backlog is out: the working group hears once how long it was down.
      const o = c.mailOutage;
      await mail.sendMailAlert({ campaign: settings, phase: 'recovered', since: o.since, until: o.until, error: o.error, count: o.late });
      c.mailOutage = undefined;
      continue;
    }
    const pendingBefore = c.pending.length;
    if (wait > 0 && Number.isFinite(wait)) {
      const wake = (): boolean => c.toStart.length > 0 || c.pending.length !== pendingBefore || allClosed() || replanRequested || outageOver(c.mailOutage);
      const woken = patched(KEPT_TIMERS_PATCH) ? await waitFor(wake, wait) : await condition(wake, wait);
      if (woken) continue;
    }
    if (next && next.flushAt <= now() && !momentFirst) {
      await flush(c, g, next);
    } else if (nextMoment && dueAt(nextMoment) <= now()) {
      moments.shift();
      c.cursorMs = nextMoment.at + 1;
      await handleMoment(nextMoment);
    }
    if (workflowInfo().historyLength > (input.historyLimit ?? HISTORY_LIMIT) || workflowInfo().continueAsNewSuggested) await continueAsNewNow();
  }
  // Every item is closed: the desks mail what they still hold, then end.
  if (desks) await toDesks((desk) => getExternalWorkflowHandle(deskWorkflowId(settings.id, desk)).signal(deskWrapUpSignal));
  await condition(allHandlersFinished);
}
