/**
 * Activities: every side effect of the engine, built by a factory over its
 * dependencies (SMTP transport, sent-mail store, event sink) so that tests,
 * `simulate` and the service wire in what they need.
 *
 * Idempotency: every mail has a Message-ID derived from campaign, recipient
 * and moment; a retried activity finds it in the sent store and does not mail
 * twice.
 */
import { createHash } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { DateTime } from 'luxon';
import { campaignMoments, deadlineMoment, dueTime, itemMoments, localDay, formatLocal, nextDue, yearsOf, type CalendarSettings } from '../domain/calendar';
import { uncoveredYears } from '../domain/holidays';
import type { Cadence, ItemPlan } from '../domain/types';
import { expectsReports, lightOf, nextDueMoment } from '../domain/rules';
import { dataDir } from '../config/paths';
import { workingCalendarFor } from './holidays-store';
import type { EngineEvent } from '../domain/types';
import { composeDigest, composeDocument, composeItemMail, composeMailAlert, Composed } from './compose';
import { campaignWorkflowId, mailTroubleSignal, PLAN_AHEAD_MS, type FirstPlan, type ItemStartCommon } from '../workflows/messages';
import type { ItemTimeline, PlanItemInput, RectifyActivities } from './types';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { buildState } from '../documents/state';
import { buildDoc } from '../documents/model';
import { renderHtml } from '../documents/html';
import { renderDocx } from '../documents/docx';
import { documentId, type DocumentStore } from '../documents/store';
import { itemSnapshots, rowsFor } from '../documents/collect';
import { startItemWorkflows } from './start-items';
import { linkUrl, signLink, type LinkSettings } from '../config/links';

export interface SentStore {
  has(messageId: string): Promise<boolean>;
  mark(messageId: string): Promise<void>;
}

export interface EventSink {
  record(events: EngineEvent[]): Promise<void>;
}

export interface ActivityDeps {
  transport: Pick<Transporter, 'sendMail'>;
  /** The From: address of every mail. */
  from: string;
  sent: SentStore;
  events: EventSink;
  /** Where loaded holiday years live (holidays.json); default RECTIFY_DATA or ./data. */
  dataDir?: string;
  /** Where the documents sent are kept (rectify documents reads it); none: attached to the mail only. */
  documents?: DocumentStore;
  /** Signs a form link per item into reminder and chase digests (rectify serve answers them); none: no links. */
  links?: LinkSettings;
  /** A second mail server, used only to tell the working group that the first one is failing. */
  fallback?: Pick<Transporter, 'sendMail'>;
  /** A mail failing this many attempts in a row tells its campaign that mail is failing (default 3: about 1.5 minutes). */
  mailAlertAfterAttempts?: number;
}

/** The first line of a mail server's answer, short (an SMTP error carries no credentials). */
const smtpError = (err: unknown): string => {
  const e = err as { response?: unknown; message?: unknown } | undefined;
  return String(typeof e?.response === 'string' ? e.response : e?.message ?? err).split('\n')[0].slice(0, 200);
};

/**
 * A mail activity that keeps failing tells its campaign once (at the Nth attempt),
 * and once more when it finally goes out; outside an activity (no context) nothing is told.
 */
async function tellCampaign(campaignId: string, messageId: string, failing: boolean, threshold: number, err?: unknown): Promise<void> {
  let ctx: Context;
  try { ctx = Context.current(); } catch { return; }
  const { attempt, workflowType, scheduledTimestampMs } = ctx.info;
  if (failing ? attempt !== threshold : attempt <= threshold) return;
  try {
    await ctx.client.workflow.getHandle(campaignWorkflowId(campaignId)).signal(mailTroubleSignal, {
      // Mails of items and desks are counted late here; the campaign counts its own as it sends them.
      messageId, failing, fromItem: workflowType !== 'campaignWorkflow', firstAttemptAt: scheduledTimestampMs,
      ...(err !== undefined ? { error: smtpError(err) } : {}),
    });
  } catch (e) {
    ctx.log.warn('could not tell the campaign about failing mail', { campaign: campaignId, error: smtpError(e) });
  }
}

export function messageIdFor(campaignId: string, recipient: string, key: string): string {
  const h = createHash('sha256').update(`${campaignId}\n${recipient.toLowerCase()}\n${key}`).digest('hex').slice(0, 32);
  return `<${h}@${campaignId}.rectify>`;
}

export function createActivities(deps: ActivityDeps): RectifyActivities {
  const deliver = async (
    campaignId: string, to: string[], key: string, mail: Composed, event: Omit<EngineEvent, 'to' | 'messageId' | 'subject'>, cc: string[] = [],
    attachments?: { filename: string; content: Buffer | string; contentType: string }[],
  ) => {
    const messageId = messageIdFor(campaignId, to.join(','), key);
    const threshold = deps.mailAlertAfterAttempts ?? 3;
    let sent = false;
    if (!(await deps.sent.has(messageId))) {
      try {
        await deps.transport.sendMail({
          from: deps.from, to, cc: cc.length ? cc : undefined, subject: mail.subject, text: mail.text, messageId, attachments,
          headers: { 'X-Rectify-Campaign': campaignId, 'X-Rectify-Moment': key },
        });
      } catch (err) {
        await tellCampaign(campaignId, messageId, true, threshold, err);
        throw err;
      }
      await deps.sent.mark(messageId);
      sent = true;
    }
    await tellCampaign(campaignId, messageId, false, threshold);
    await deps.events.record([{ ...event, to, subject: mail.subject, messageId }]);
    return { messageId, sent };
  };

  /** The calendar is built afresh for every plan: a year loaded meanwhile counts from the next plan on. */
  const calendarSettings = (settings: { timeZone: string; start: string; cadence: Cadence }): CalendarSettings => ({
    timeZone: settings.timeZone, start: settings.start, cadence: settings.cadence,
    calendar: workingCalendarFor(settings.cadence, deps.dataDir ?? dataDir()),
  });

  /**
   * The recipient's form link for each item of a digest: valid until the next
   * due time (the reminder's own, else the next one after the digest) plus the grace.
   */
  const formLinks = (links: LinkSettings, input: Parameters<RectifyActivities['sendDigest']>[0]): (item: string) => string => {
    const atMs = DateTime.fromISO(input.atLocal, { setZone: true }).toMillis();
    const { start, cadence } = input.campaign;
    const due = input.reminder?.dueLocal ? DateTime.fromISO(input.reminder.dueLocal, { setZone: true }).toMillis()
      : start && cadence ? nextDue(calendarSettings({ timeZone: input.campaign.timeZone, start, cadence }), atMs).at.toMillis()
        : atMs + 7 * 24 * 3600 * 1000;
    const expiresAt = Math.max(due, atMs) + links.graceHours * 3600 * 1000;
    return (item) => linkUrl(links, signLink(links.key, {
      campaign: input.campaign.id, item, name: input.recipient.name, email: input.recipient.email, expiresAt,
    }));
  };

  /** An item's moments in [fromMs, untilMs), and the deadlines passed since catchUpFromMs. */
  const planItem = (
    { settings, ladder, deadline, milestones, fromMs, untilMs, catchUpFromMs }: PlanItemInput, s = calendarSettings(settings),
  ): ItemTimeline => {
    const missed = catchUpFromMs !== undefined && catchUpFromMs < fromMs
      ? itemMoments(s, { deadline, milestones }, ladder, catchUpFromMs, fromMs).filter((m) => m.kind === 'deadline')
      : [];
    const moments = [...missed, ...itemMoments(s, { deadline, milestones }, ladder, fromMs, untilMs)];
    return {
      moments,
      calendarVersion: s.calendar!.version,
      uncoveredYears: uncoveredYears(s.calendar!, yearsOf(moments)),
      startAt: localDay(settings.start, settings.timeZone).toMillis(),
      deadlineAt: deadlineMoment(deadline, settings.timeZone).toMillis(),
      milestoneAts: milestones.map((m) => deadlineMoment(m.date, settings.timeZone).toMillis()),
    };
  };

  /**
   * A new item's first plan, as its first task would have asked the calendar
   * (from the campaign's clock, with every deadline already passed), and the
   * progress it starts with: not started, its light then, its first due time.
   * The working calendar is resolved once for a batch (`s`), not once per item.
   */
  const firstPlanner = (s: CalendarSettings) => (common: ItemStartCommon, item: ItemPlan, nowMs: number): FirstPlan => {
    const { settings } = common;
    const untilMs = nowMs + PLAN_AHEAD_MS;
    const timeline = planItem({
      settings, ladder: settings.ladder, deadline: item.deadline, milestones: item.milestones, fromMs: nowMs, untilMs, catchUpFromMs: 0,
    }, s);
    const light = lightOf({
      state: 'notStarted', now: nowMs, deadlineAt: timeline.deadlineAt, startAt: timeline.startAt, openMilestones: timeline.milestoneAts,
      missedInARow: 0, percent: 0, yellowWindowMs: settings.cadence.yellowWindowDays * 86400000,
    });
    const due = nextDueMoment(timeline.moments, nowMs);
    return {
      fromMs: nowMs, untilMs, timeline,
      attributes: { state: 'notStarted', light, percent: 0, nextDueAt: due && expectsReports('notStarted') ? due.at - (common.clockOffsetMs ?? 0) : null, lastReportAt: null },
    };
  };

  return {
    async planItemMoments(input) {
      return planItem(input);
    },

    async planCampaignMoments({ settings, fromMs, untilMs }) {
      const s = calendarSettings(settings);
      const moments = campaignMoments(s, fromMs, untilMs).map((m) => (m.kind === 'reminder' && m.cycle !== undefined
        ? { ...m, dueLocal: formatLocal(dueTime(s, m.cycle).toMillis(), settings.timeZone) } : m));
      return { moments, calendarVersion: s.calendar!.version, uncoveredYears: uncoveredYears(s.calendar!, yearsOf(moments)) };
    },

    async sendDigest(input) {
      const mail = composeDigest(input, deps.links && formLinks(deps.links, input));
      return deliver(input.campaign.id, [input.recipient.email], `digest:${input.atLocal}${(input.round ?? 1) > 1 ? `#${input.round}` : ''}`, mail,
        input.reminder ? { at: input.atLocal, kind: 'reminder', items: input.reminder.items.map((i) => i.id) }
          : { at: input.atLocal, kind: 'notice-digest', items: mail.items });
    },

    async sendDocument(input) {
      // The items' whole records, read through the worker's client: one pass, like the CLI's.
      let client: Client | undefined;
      try { client = Context.current().client; } catch { client = undefined; }
      const keys = input.keys ?? input.rows.map((r) => r.key);
      const snapshots = client ? await itemSnapshots(client, input.campaign.id, keys) : undefined;
      const rows = input.keys ? rowsFor(keys, undefined, snapshots ?? new Map()) : input.rows;
      const state = buildState({ campaign: input.campaign, rows, snapshots, asOfMs: input.moment.at, cycle: input.moment.cycle, dekadOf: input.moment.moved?.from });
      const mail = composeDocument(input, state);
      const doc = buildDoc(input.kind, state);
      const html = renderHtml(doc);
      const docx = await renderDocx(doc);
      const id = documentId(input.campaign.id, input.kind, input.moment.local);
      await deps.documents?.put({
        id, campaign: input.campaign.id, kind: input.kind, at: input.moment.local, title: doc.title, files: { html: `${id}.html`, docx: `${id}.docx` },
      }, html, docx);
      const to = input.kind === 'inspection' ? [...input.campaign.workingGroup, ...input.campaign.committeeAddresses] : input.campaign.workingGroup;
      return deliver(input.campaign.id, to, input.moment.key, mail,
        { at: input.moment.local, kind: input.kind, items: mail.items, ...(input.moment.placedBy ? { placedBy: input.moment.placedBy } : {}) }, [], [
          { filename: `${doc.title}.html`, content: html, contentType: 'text/html; charset=utf-8' },
          { filename: `${doc.title}.docx`, content: docx, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
        ]);
    },

    async sendItemMail(input) {
      const mail = composeItemMail(input);
      return deliver(input.campaign.id, input.to.map((r) => r.email), input.key, mail,
        { at: formatLocal(input.atMs, input.campaign.timeZone), kind: input.kind, item: input.item.id });
    },

    async recordEvents(events) {
      await deps.events.record(events);
    },

    async startItemWorkflows(input) {
      return startItemWorkflows(Context.current().client, input, firstPlanner(calendarSettings(input.common.settings)));
    },

    async sendMailAlert(input) {
      const mail = composeMailAlert(input);
      const to = input.campaign.workingGroup;
      const messageId = messageIdFor(input.campaign.id, to.join(','), `mail-${input.phase}:${input.since}`);
      const at = formatLocal(input.phase === 'recovered' ? input.until ?? input.since : input.since, input.campaign.timeZone);
      // While mail fails, only the fallback server can carry the alert; without one, status and the log say it.
      const transport = input.phase === 'failing' ? deps.fallback : deps.transport;
      let sent = false;
      if (transport && !(await deps.sent.has(messageId))) {
        await transport.sendMail({
          from: deps.from, to, subject: mail.subject, text: mail.text, messageId,
          headers: { 'X-Rectify-Campaign': input.campaign.id, 'X-Rectify-Moment': `mail-${input.phase}` },
        });
        await deps.sent.mark(messageId);
        sent = true;
      }
      await deps.events.record([{ at, kind: input.phase === 'failing' ? 'mail-failing' : 'mail-recovered', to, subject: mail.subject, messageId, reason: input.error }]);
      return { messageId, sent };
    },
  };
}
