/**
 * 回头看 and 重新打开: what follows an item after its acceptance, as pure rules of its record.
 *
 * An item accepted since v0.5 (patch `look-back` in workflows/item.ts) is followed: a long-term item (持续整改)
 * keeps reporting at its long-term cadence (domain/item-record.ts `owesAt`), and every accepted item is looked
 * back at N months after its acceptance (the campaign's `lookBack.afterMonths`): its contacts are asked whether
 * the fix holds. The unit answers; "the problem came back" reopens the item, as the office can at any time
 * (`rectify reopen`). A reopened item is in progress (整改中) again: its weekly cadence and the ladder resume on
 * the same deadline, and once accepted again it is looked back at anew. Office notes (备注) go on the record in
 * any state. Like item-record.ts: no I/O, no clock, nothing mutated.
 */
import type { ItemMailInput, LookBackCheck } from './contract';
import type { LookBackInput, NoteInput, ReopenInput } from './payloads';
import { currentLookBacks, isOwed, isRepeat, logged, payloadRefusal, type ItemRecord, type RecordContext, type SubmissionStep } from './item-record';
import { lookBackSettings } from './types';
import { msg, stateLabel, type Language } from './i18n';

/** Accepted (销号, or 持续整改 for a long-term item): followed from now on; its look-backs are planned by the loop. */
export const onAccepted = (r: ItemRecord, at: number): ItemRecord => ({ ...r, accepted: { at, planned: false }, lookBacks: r.lookBacks ?? [] });

/** The months after acceptance at which the campaign looks back (none: the item is followed only while long-term). */
export const lookBackMonths = (ctx: Pick<RecordContext, 'campaign'>): number[] => lookBackSettings(ctx.campaign.lookBack).afterMonths;

/** The look-backs of this acceptance, as the calendar placed them. */
export function onLookBacksPlanned(r: ItemRecord, times: { months: number; at: number; local: string }[]): ItemRecord {
  if (!r.accepted) return r;
  const acceptedAt = r.accepted.at;
  return { ...r, accepted: { ...r.accepted, planned: true }, lookBacks: [...(r.lookBacks ?? []), ...times.map((t) => ({ acceptedAt, ...t }))] };
}

/** A look-back's time has come: the contacts are asked (by mail, through the outbox) whether the fix holds. */
export function onLookBackAsked(r: ItemRecord, check: LookBackCheck, ctx: RecordContext): ItemRecord {
  const { campaign } = ctx;
  const lang = campaign.language;
  const { item } = r;
  const n = (r.lookBacks ?? []).indexOf(check);
  const mail: ItemMailInput = {
    campaign, kind: 'look-back', key: `look-back:${item.key}:${check.acceptedAt}:${check.months}`, item: { id: item.id, title: item.title },
    to: item.contacts, atMs: check.at, lines: [msg(lang, 'lookBackAsk', check.months), msg(lang, 'lookBackHow', item.id)],
  };
  return {
    ...r,
    lookBacks: (r.lookBacks ?? []).map((c, i) => (i === n ? { ...c, askedAt: ctx.now } : c)),
    outbox: [...r.outbox, mail],
    log: logged(r, ctx.now, 'lookBack', 'rectify', msg(lang, 'lookBackAsked', check.months, item.contacts.map((p) => p.name).join('、'))),
  };
}

/** The look-back waiting for the unit's answer (the oldest, when several are). */
const owedCheck = (r: ItemRecord): LookBackCheck | undefined => currentLookBacks(r).find(isOwed);

/** 回头看 answer: why it is refused (undefined: welcome). */
export function refuseLookBackInput(r: ItemRecord, input: LookBackInput, lang: Language): string | undefined {
  const bad = payloadRefusal(r, 'lookBack', input, lang);
  if (bad) return bad;
  if (isRepeat(r, input.requestId)) return undefined;
  if (!owedCheck(r)) return `${r.item.id}: ${msg(lang, 'noLookBackOwed')}`;
  if (!input.holds && !input.note) return `${r.item.id}: note: ${msg(lang, 'recurredNeedsNote')}`;
  return undefined;
}

/** What a reopening changed beyond the record: the item plans its cadence again. */
export interface ReopenStep extends SubmissionStep {
  mail?: ItemMailInput;
  replan: boolean;
}

/** 回头看 answer: recorded; "the problem came back" reopens the item with the unit's note as the reason. */
export function onLookBackAnswer(r: ItemRecord, input: LookBackInput, ctx: RecordContext): ReopenStep {
  const lang = ctx.campaign.language;
  const at = ctx.now;
  const check = owedCheck(r)!;
  const answer = { at, holds: input.holds, by: input.by, ...(input.note ? { note: input.note } : {}) };
  const answered: ItemRecord = {
    ...r,
    lookBacks: (r.lookBacks ?? []).map((c) => (c === check ? { ...c, answer } : c)),
    log: logged(r, at, 'lookBackAnswer', input.by, msg(lang, input.holds ? 'lookBackHolds' : 'lookBackRecurred', check.months, input.note ?? '')),
  };
  if (input.holds) return { record: answered, message: msg(lang, 'lookBackRecorded'), replan: false };
  return onReopen(answered, { reason: msg(lang, 'lookBackRecurred', check.months, input.note ?? ''), by: input.by, requestId: input.requestId }, ctx);
}

/** The look-backs once the current acceptance ends (a reopening, a handover): those still to come dropped, one owed settled. */
export function lookBacksEnded(r: ItemRecord, at: number): LookBackCheck[] {
  const current = new Set(currentLookBacks(r));
  return (r.lookBacks ?? []).filter((c) => !current.has(c) || c.askedAt !== undefined)
    .map((c) => (current.has(c) && isOwed(c) ? { ...c, settledAt: at } : c));
}

/** 重新打开: why it is refused (undefined: welcome). Only a closed or long-term item can be reopened. */
export function refuseReopenInput(r: ItemRecord, input: ReopenInput, lang: Language): string | undefined {
  const bad = payloadRefusal(r, 'reopen', input, lang);
  if (bad) return bad;
  if (isRepeat(r, input.requestId)) return undefined;
  if (r.state !== 'closed' && r.state !== 'continuing') return `${r.item.id}: ${msg(lang, 'notReopenable', lang === 'en' ? r.state : stateLabel(r.state, lang))}`;
  return undefined;
}

/**
 * 重新打开: the item is in progress (整改中) again, on the same deadline; the reopening is a decision on record,
 * mailed to the contacts and the leader. Look-backs still to come are dropped, one waiting for an answer is
 * settled by it; a new acceptance is looked back at anew.
 */
export function onReopen(r: ItemRecord, input: ReopenInput, ctx: RecordContext): ReopenStep {
  const { campaign } = ctx;
  const lang = campaign.language;
  const at = ctx.now;
  const lookBacks = lookBacksEnded(r, at);
  const before = r.state;
  let next: ItemRecord = {
    ...r, state: 'inProgress', accepted: undefined, lookBacks, missedInARow: 0, redInspections: 0,
    decisions: [...r.decisions, { instruction: input.reason, by: input.by, at, reopened: true, ...(input.requestId ? { requestId: input.requestId } : {}) }],
  };
  next = { ...next, log: logged(next, at, 'reopen', input.by, input.reason) };
  next = { ...next, log: logged(next, at, 'state', input.by, `${before} → inProgress`) };
  const to = [...r.item.contacts, ...[r.item.leader].filter((l) => !r.item.contacts.some((c) => c.email === l.email))];
  return {
    record: next, message: msg(lang, 'reopened'), replan: true,
    mail: {
      campaign, kind: 'reopen', key: `reopen:${r.item.key}:${next.decisions.length}`, item: { id: r.item.id, title: r.item.title }, to, atMs: at,
      lines: [msg(lang, 'reopenedBecause', input.reason)],
    },
  };
}

/** 备注: why a note is refused (undefined: welcome); any state takes one. */
export function refuseNoteInput(r: ItemRecord, input: NoteInput, lang: Language): string | undefined {
  return payloadRefusal(r, 'note', input, lang);
}

/** 备注: an office note on the record. */
export const onNote = (r: ItemRecord, input: NoteInput, ctx: RecordContext): SubmissionStep =>
  ({ record: { ...r, log: logged(r, ctx.now, 'note', input.by, input.text) }, message: msg(ctx.campaign.language, 'noteRecorded') });
