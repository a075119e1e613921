/**
 * 收发室: one desk of a large campaign.
 *
 * A campaign of thousands of items shares out the gathering of mail over a
 * few desks, each for the recipients whose address hashes to it (domain/desks.ts).
 * A desk keeps the rows of the items one of its contacts answers for (items
 * signal their status), gathers the notices items address to its people, and
 * at the campaign's reminder moment reminds its contacts — one digest per
 * person per instant, as a campaign without desks does itself.
 */
import { allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { RectifyActivities } from '../activities/types';
import { mailActivityOptions, type MailPolicy } from './mail';
import { KEPT_TIMERS_PATCH, keptTimers } from './wait';
import { deskOf } from '../domain/desks';
import type { Moment } from '../domain/types';
import {
  type DigestBook, type GatherRow, type Gathering, flush, gatherNotices, nextFlush, remind,
} from './digests';
import { type CampaignSettings, deskItemSignal, deskRemindSignal, deskRowsSignal, deskSnapshotQuery, deskWrapUpSignal } from './messages';

/** Plain JSON carried across continue-as-new. */
export interface DeskCarried extends DigestBook<GatherRow> {
  reminders: Moment[];
  wrapUp: boolean;
}

export interface DeskInput {
  settings: CampaignSettings;
  desk: number;
  desks: number;
  clockOffsetMs?: number;
  /** History events before continuing as new (default 10,000). */
  historyLimit?: number;
  /** Timing of mail activities (the campaign's). */
  mail?: MailPolicy;
  carried?: DeskCarried;
}

const HISTORY_LIMIT = 10000;

export async function deskWorkflow(input: DeskInput): Promise<void> {
  const { settings, desk, desks } = input;
  const offset = input.clockOffsetMs ?? 0;
  const waitFor = keptTimers();
  const c: DeskCarried = input.carried ?? { registry: {}, pending: [], flushed: [], reminders: [], wrapUp: false };
  const g: Gathering = {
    settings, now: () => Date.now() + offset, windowMs: settings.cadence.digestWindowMinutes * 60000,
    mail: proxyActivities<RectifyActivities>(mailActivityOptions(input.mail)),
    mine: (email) => deskOf(email, desks) === desk,
  };

  setHandler(deskItemSignal, ({ status, notices }) => {
    if (status) {
      // An item whose contacts all moved to other desks is no longer reminded here.
      if (status.contacts.some((r) => g.mine!(r.email))) c.registry[status.key] = status;
      else delete c.registry[status.key];
    }
    gatherNotices(c, g, notices);
  });
  setHandler(deskRowsSignal, (rows) => {
    // As listed at the start: never over what an item has said since.
    for (const row of rows) if (!c.registry[row.key] && row.contacts.some((r) => g.mine!(r.email))) c.registry[row.key] = row;
  });
  // Reminders wait for the signals already in this task: an item's report just before the moment counts.
  setHandler(deskRemindSignal, (m) => { c.reminders.push(m); });
  setHandler(deskWrapUpSignal, () => { c.wrapUp = true; });
  setHandler(deskSnapshotQuery, () => ({
    desk, items: Object.keys(c.registry).length, pendingDigests: c.pending.length,
    pendingNotices: c.pending.reduce((s, p) => s + p.notices.length, 0),
  }));

  for (;;) {
    if (workflowInfo().historyLength > (input.historyLimit ?? HISTORY_LIMIT) || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof deskWorkflow>({ ...input, carried: c });
    }
    while (c.reminders.length) remind(c, g, c.reminders.shift()!);
    const next = nextFlush(c, g.now());
    if (!next && c.wrapUp) break;
    const pendingBefore = c.pending.length;
    const woken = (): boolean => c.reminders.length > 0 || c.pending.length !== pendingBefore || (!next && c.wrapUp);
    if (!next) { await condition(woken); continue; }
    const wait = next.flushAt - g.now();
    if (wait > 0 && (patched(KEPT_TIMERS_PATCH) ? await waitFor(woken, wait) : await condition(woken, wait))) continue;
    await flush(c, g, next);
  }
  await condition(allHandlersFinished);
}
