/**
 * 整改工作的节奏: one workflow per campaign.
 *
 * It starts the item workflows (as children, handed over in batches), keeps a
 * compact registry of every item's status (each item signals its changes),
 * and owns the campaign-wide moments of 周报告、旬调度、月督查:
 * - reminder: one digest per contact listing their items still to report;
 * - weekly summary to the working group after the due time;
 * - dispatch sheet at each dekad's end; inspection at each month's end.
 * Chases and escalations decided by items at one moment are gathered for a
 * short window and mailed as one digest per recipient.
 */
import {
  ParentClosePolicy, allHandlersFinished, condition, continueAsNew, log, patched, proxyActivities,
  proxyLocalActivities, setHandler, startChild, workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { RectifyActivities, RegistryRow } from '../activities/types';
import { expectsReports } from '../domain/rules';
import type { ItemPlan, Moment, Notice, Recipient } from '../domain/types';
import { LIMITS } from '../domain/limits';
import {
  CampaignIdKey, CampaignSettings, CampaignSnapshot, ItemIdKey, LeaderKey, LightKey, StateKey, UnitKey, addItemsUpdate,
  campaignSnapshotQuery, itemChangedSignal, itemWorkflowId, mailTroubleSignal, replanSignal,
} from './messages';
import { mailActivityOptions, noteMailTrouble, outageOver, type MailOutage, type MailPolicy } from './mail';
import { itemWorkflow } from './item';

const calendar = proxyLocalActivities<RectifyActivities>({ startToCloseTimeout: '30 seconds' });
/** Mail outages: the alert while mail fails and the notice once it is back (issue 7). */
const MAIL_OUTAGE_PATCH = 'mail-outage-alerts';
/** After an outage (or any delay) the backlog goes out in the order of its instants: moments and digests alike. */
const BACKLOG_ORDER_PATCH = 'backlog-in-moment-order';

/** What goes out for one instant: one mail per person, whatever moments coincide. */
interface PendingDigest {
  at: number;
  atLocal: string;
  /** Campaign time at which the gathered mail goes out. */
  flushAt: number;
  notices: Notice[];
  /** 周报告提醒 of this instant, per contact. */
  reminders: { recipient: Recipient; dueLocal?: string; items: string[] }[];
}

/** Plain JSON carried across continue-as-new. */
export interface CampaignCarried {
  registry: Record<string, RegistryRow>;
  toStart: ItemPlan[];
  pending: PendingDigest[];
  cursorMs: number;
  /** Instants already mailed, with how many times (a late notice goes out as a second digest, never dropped). */
  flushed: [number, number][];
  /** Years without official working-day data already named in a dispatch sheet (once per year). */
  warnedYears?: number[];
  /** Mail is failing, or back but the working group not yet told. */
  mailOutage?: MailOutage;
}

export interface CampaignInput {
  settings: CampaignSettings;
  /** Only `simulate` sets this: campaign time = server time + offset. */
  clockOffsetMs?: number;
  /** History events before continuing as new (default 10,000 for the campaign, 2,000 for items; tests set them low). */
  historyLimit?: number;
  itemHistoryLimit?: number;
  /** Timing of mail activities, here and in the items (tests shorten it; default 30 s timeout, retries 30 s … 30 min). */
  mail?: MailPolicy;
  carried?: CampaignCarried;
}

const HISTORY_LIMIT = 10000;
const PLAN_AHEAD_MS = 8 * 7 * 24 * 3600 * 1000;
const CHILDREN_PER_BATCH = 50;

export async function campaignWorkflow(input: CampaignInput): Promise<void> {
  const { settings } = input;
  const offset = input.clockOffsetMs ?? 0;
  const now = (): number => Date.now() + offset;
  // A new campaign's moments count from the moment it was started, however long starting its items takes.
  const c: CampaignCarried = input.carried ?? { registry: {}, toStart: [], pending: [], cursorMs: now(), flushed: [] };
  const windowMs = settings.cadence.digestWindowMinutes * 60000;
  const mail = proxyActivities<RectifyActivities>(mailActivityOptions(input.mail));
  /** A mail went out while mail was failing: it is late. */
  const late = (n: number): void => { if (c.mailOutage) c.mailOutage.late += n; };
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
      if (c.registry[item.key]) continue;
      c.registry[item.key] = {
        id: item.id, key: item.key, state: 'notStarted', light: 'green', percent: 0, missedInARow: 0, deadline: item.deadline,
        extensions: 0, overdue: false, openEscalations: [], section: item.section, title: item.title, leadUnit: item.leadUnit,
        leader: item.leader.name, contacts: item.contacts,
      };
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
    if (row) c.registry[status.key] = { ...row, ...status, leadUnit: status.leadUnit ?? row.leadUnit, contacts: status.contacts ?? row.contacts };
    for (const n of notices) pendingAt(n.at, n.atLocal).notices.push(n);
  });

  /** The digest of an instant, opened by its first notice or reminder. */
  function pendingAt(at: number, atLocal: string): PendingDigest {
    let p = c.pending.find((d) => d.at === at);
    if (!p) {
      // A late instant (its notices are all in) goes out at once, in its place among the others.
      const flushAt = patched(BACKLOG_ORDER_PATCH) ? Math.max(now(), at + windowMs) : Math.max(now(), at) + windowMs;
      p = { at, atLocal, flushAt, notices: [], reminders: [] };
      c.pending.push(p);
    }
    return p;
  }

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

  setHandler(campaignSnapshotQuery, (): CampaignSnapshot => ({
    campaign: settings, items: Object.values(c.registry), pendingNotices: c.pending.reduce((s, p) => s + p.notices.length, 0),
    itemsToStart: c.toStart.length,
    mailOutage: c.mailOutage && {
      since: c.mailOutage.since, until: c.mailOutage.until, error: c.mailOutage.error, late: c.mailOutage.late,
      waiting: c.mailOutage.failing.length + c.pending.reduce((s, p) => s + new Set([...p.reminders.map((r) => r.recipient.email), ...p.notices.flatMap((n) => n.to.map((r) => r.email))]).size, 0),
      momentsWaiting: moments.filter((m) => dueAt(m) <= now()).length,
    },
  }));

  const rows = (): RegistryRow[] => Object.values(c.registry);

  const startItems = async (): Promise<void> => {
    const batch = c.toStart.slice(0, CHILDREN_PER_BATCH);
    await Promise.all(batch.map(async (item) => {
      try {
        await startChild(itemWorkflow, {
          workflowId: itemWorkflowId(settings.id, item.key),
          args: [{
            campaign: settings, item, campaignWorkflowId: workflowInfo().workflowId, clockOffsetMs: input.clockOffsetMs,
            historyLimit: input.itemHistoryLimit, mail: input.mail,
          }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          typedSearchAttributes: [
            { key: CampaignIdKey, value: settings.id }, { key: ItemIdKey, value: item.id }, { key: UnitKey, value: item.leadUnit },
            { key: LeaderKey, value: item.leaderId }, { key: StateKey, value: 'notStarted' }, { key: LightKey, value: 'green' },
          ],
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        log.info('item workflow already running', { item: item.id });
      }
    }));
    c.toStart.splice(0, batch.length);
  };

  /** 周报告 reminder: each contact's items still to report this cycle, mailed with the notices of the same instant. */
  const remind = (m: Moment): void => {
    const byContact = new Map<string, PendingDigest['reminders'][number]>();
    for (const row of rows()) {
      if (!expectsReports(row.state) || (m.cycle !== undefined && row.lastReportCycle === m.cycle)) continue;
      for (const contact of row.contacts) {
        const entry = byContact.get(contact.email) ?? { recipient: contact, dueLocal: m.dueLocal, items: [] };
        entry.items.push(row.key);
        byContact.set(contact.email, entry);
      }
    }
    if (byContact.size) pendingAt(m.at, m.local).reminders.push(...byContact.values());
  };

  /** Everything of one instant: one mail per recipient (reminder and notices together). */
  const flush = async (p: PendingDigest): Promise<void> => {
    const earlier = c.flushed.find(([at]) => at === p.at);
    const round = earlier ? ++earlier[1] : 1;
    if (!earlier) c.flushed.push([p.at, 1]);
    if (c.flushed.length > 100) c.flushed.shift();
    const byRecipient = new Map<string, { recipient: Recipient; notices: Notice[]; reminder?: PendingDigest['reminders'][number] }>();
    const entry = (r: Recipient) => {
      const e = byRecipient.get(r.email) ?? { recipient: r, notices: [] };
      byRecipient.set(r.email, e);
      return e;
    };
    for (const r of p.reminders) entry(r.recipient).reminder = r;
    for (const n of p.notices) for (const r of n.to) entry(r).notices.push(n);
    if (p.notices.length) {
      await mail.recordEvents(p.notices.map((n) => ({
        at: n.atLocal, kind: n.kind, item: n.item, level: n.level, rung: n.rung, notice: n.notice, to: n.to.map((r) => r.email),
        ...(n.placedBy ? { placedBy: n.placedBy } : {}),
      })));
    }
    const itemOf = (key: string) => {
      const r = c.registry[key];
      return { id: r.id, title: r.title, deadline: r.deadline, light: r.light };
    };
    await Promise.all([...byRecipient.values()].map(({ recipient, notices, reminder }) => mail.sendDigest({
      campaign: settings, atLocal: p.atLocal, round, recipient, notices,
      reminder: reminder && { dueLocal: reminder.dueLocal, items: reminder.items.filter((k) => c.registry[k]).map(itemOf) },
    })));
    late(byRecipient.size);
  };

  const handleMoment = async (m: Moment): Promise<void> => {
    if (m.kind === 'reminder') remind(m);
    else if (m.kind === 'summary') await mail.sendDocument({ campaign: settings, kind: 'weekly-summary', moment: m, rows: rows() });
    else if (m.kind === 'dispatch') {
      // Years without official data are named in the next dispatch sheet, once each.
      const warned = c.warnedYears ?? [];
      const years = uncovered.filter((y) => !warned.includes(y));
      await mail.sendDocument({ campaign: settings, kind: 'dispatch-sheet', moment: m, rows: rows(), uncoveredYears: years.length ? years : undefined });
      c.warnedYears = [...warned, ...years];
    }
    else if (m.kind === 'inspection') await mail.sendDocument({ campaign: settings, kind: 'inspection', moment: m, rows: rows() });
    if (m.kind !== 'reminder') late(1);
  };

  /** Documents that read items' state wait for the items' own moment at the same instant. */
  const dueAt = (m: Moment): number => (m.kind === 'inspection' || m.kind === 'summary' ? m.at + windowMs : m.at);

  const allClosed = (): boolean => {
    const all = rows();
    return all.length > 0 && c.toStart.length === 0 && all.every((r) => r.state === 'closed');
  };

  for (;;) {
    if (c.toStart.length) { await startItems(); continue; }
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
    const ordered = c.pending.length > 0 && patched(BACKLOG_ORDER_PATCH);
    const due = ordered ? c.pending.filter((p) => p.flushAt <= now()) : [];
    const nextFlush = due.length ? due.reduce((a, p) => (p.at < a.at ? p : a))
      : c.pending.reduce<PendingDigest | undefined>((a, p) => (!a || p.flushAt < a.flushAt ? p : a), undefined);
    const momentFirst = ordered && nextMoment !== undefined && nextFlush !== undefined && dueAt(nextMoment) <= now() && nextMoment.at < nextFlush.at;
    const wakeAt = Math.min(nextMoment ? dueAt(nextMoment) : Infinity, nextFlush ? nextFlush.flushAt : Infinity);
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
      const woken = await condition(() => c.toStart.length > 0 || c.pending.length !== pendingBefore || allClosed() || replanRequested || outageOver(c.mailOutage), wait);
      if (woken) continue;
    }
    if (nextFlush && nextFlush.flushAt <= now() && !momentFirst) {
      c.pending.splice(c.pending.indexOf(nextFlush), 1);
      await flush(nextFlush);
    } else if (nextMoment && dueAt(nextMoment) <= now()) {
      moments.shift();
      c.cursorMs = nextMoment.at + 1;
      await handleMoment(nextMoment);
    }
    if (workflowInfo().historyLength > (input.historyLimit ?? HISTORY_LIMIT) || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof campaignWorkflow>({ ...input, carried: c });
    }
  }
  await condition(allHandlersFinished);
}
