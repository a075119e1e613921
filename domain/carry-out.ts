/**
 * 已转入下一轮 (carried out): the record's rules for the handover of an item to the next round. The next round's
 * `rectify start` carries the item over (runtime/rounds.ts) and, once the new round's item has started, hands
 * the old one over with the `carryOut` update. Pure, like domain/item-record.ts.
 *
 * The old item ends in its round (`hasEnded`): no more reports owed, no reminder, no ladder, no 督办单 and no
 * look-back there — the new round's item follows it from now on. Its open 督办单 are closed as carried over (not
 * left waiting for a reply), its open escalations resolved, the look-backs still to come dropped (an owed one
 * settled). The handover is in its record (who, when, to which campaign and item, how the item stood).
 */
import type { CarryOutInput } from './payloads';
import { isRepeat, logged, payloadRefusal, resolved, waitsForReply, type ItemRecord, type RecordContext, type SubmissionStep } from './item-record';
import { lookBacksEnded } from './look-back';
import { msg, stateLabel, type Language } from './i18n';
import { carriedOutRefusal, hasEnded } from './rules';

/** 已转入下一轮: why a handover is refused (undefined: welcome); a repeated request is answered as the first time. */
export function refuseCarryOutInput(r: ItemRecord, input: CarryOutInput, ctx: Pick<RecordContext, 'campaign'>): string | undefined {
  const lang: Language = ctx.campaign.language;
  const bad = payloadRefusal(r, 'carryOut', input, lang);
  if (bad) return bad;
  if (isRepeat(r, input.requestId)) return undefined;
  if (input.campaignId === ctx.campaign.id) return `${r.item.id}: campaignId: ${msg(lang, 'carryOutToItself')}`;
  if (r.state === 'carriedOut') return `${r.item.id}: ${carriedOutRefusal(r.carriedOut, lang)}`;
  if (hasEnded(r.state)) return `${r.item.id}: ${msg(lang, 'cannotCarryOut', stateLabel(r.state, lang))}`;
  return undefined;
}

/** 已转入下一轮: the item ends in this round, recorded with where it went; its open notices, escalations and look-backs are settled. */
export function onCarriedOut(r: ItemRecord, input: CarryOutInput, ctx: RecordContext): SubmissionStep {
  const { campaign } = ctx;
  const lang = campaign.language;
  const at = ctx.now;
  const to = { campaignId: input.campaignId, itemId: input.itemId };
  const lookBacks = r.lookBacks && lookBacksEnded(r, at);
  const before = r.state;
  let next: ItemRecord = {
    ...r, state: 'carriedOut', accepted: undefined, ...(lookBacks ? { lookBacks } : {}),
    carriedOut: { at, by: input.by, campaignId: input.campaignId, campaignName: input.campaignName, itemId: input.itemId, state: before, percent: r.percent },
    escalations: resolved(r, campaign, at, 'carriedOut'),
    ...(r.notices ? { notices: r.notices.map((n) => (waitsForReply(n) ? { ...n, carriedOver: { at, ...to } } : n)) } : {}),
  };
  next = { ...next, log: logged(next, at, 'carriedOut', input.by, msg(lang, 'carriedOutLog', input.campaignId, input.campaignName, input.itemId, stateLabel(before, lang), r.percent)) };
  next = { ...next, log: logged(next, at, 'state', input.by, `${before} → carriedOut`) };
  return { record: next, message: msg(lang, 'carriedOutRecorded', input.campaignId, input.itemId) };
}
