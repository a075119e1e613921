/**
 * The acts on an item, one update each (report, correction, close-out,
 * review, dispatch, 督办单 reply …): which update goes with which payload,
 * and the one way to send one — its payload through the zod schema of
 * domain/payloads.ts first, then the update. The CLI (client/item-update.ts)
 * and the office's pages (web/office.ts) send every act this way.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { payloadProblems, type PayloadKind } from '../domain/payloads';
import type { Language } from '../domain/i18n';
import {
  amendItemUpdate, announcementUpdate, carryOutUpdate, correctReportUpdate, dispatchUpdate, lookBackUpdate, noteUpdate, noticeReplyUpdate, reopenItemUpdate, withdrawItemUpdate, reportUpdate,
  reviewCloseoutUpdate, submitCloseoutUpdate, type ItemAnswer,
} from '../workflows/messages';
import { outcomeOf, type UpdateOutcome } from './answer';

/** The update each kind of payload goes with (the kinds domain/payloads.ts checks). */
export const ITEM_UPDATES = {
  report: reportUpdate,
  correction: correctReportUpdate,
  closeout: submitCloseoutUpdate,
  review: reviewCloseoutUpdate,
  dispatch: dispatchUpdate,
  amend: amendItemUpdate,
  withdraw: withdrawItemUpdate,
  noticeReply: noticeReplyUpdate,
  reopen: reopenItemUpdate,
  lookBack: lookBackUpdate,
  note: noteUpdate,
  announcement: announcementUpdate,
  carryOut: carryOutUpdate,
} satisfies Record<PayloadKind, { type: 'update' }>;

/** The payload an update of this kind carries (ReportInput for 'report', and so on). */
export type PayloadOf<K extends PayloadKind> = (typeof ITEM_UPDATES)[K] extends UpdateDefinition<ItemAnswer, [infer P]> ? P : never;

/** Sends an act's update to an item, its payload checked first: the problems (nothing sent), or the engine's outcome. */
export async function actOnItem<K extends PayloadKind>(handle: WorkflowHandle, kind: K, payload: PayloadOf<K>, lang: Language):
  Promise<{ ok: false; why: 'invalid'; problems: string[] } | UpdateOutcome<ItemAnswer>> {
  const problems = payloadProblems(kind, payload, lang);
  if (problems.length) return { ok: false, why: 'invalid', problems };
  const update = ITEM_UPDATES[kind] as UpdateDefinition<ItemAnswer, [PayloadOf<K>]>;
  return outcomeOf(handle, (h) => h.executeUpdate(update, { args: [payload] }), lang);
}
