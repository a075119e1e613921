/**
 * 整改方案变更与撤销: the record's rules for a plan change and a withdrawal, approved by a named person when
 * `rectify start` runs on a changed campaign file (domain/plan-changes.ts lists the differences). Pure, like
 * domain/item-record.ts: each function returns the new record, the answer and the mails to send.
 *
 * A plan change is a decision in the item's record (who approved, each field from what to what), mailed to
 * the item's contacts (the old ones too when they change), its leader and unit heads where they change; a new
 * contact also learns what the item is. A withdrawal ends the item (已撤销): recorded, never deleted.
 */
import type { ItemMailInput } from './contract';
import type { AmendInput, DispatchDecision, WithdrawInput } from './payloads';
import type { ItemPlan, ItemState, Recipient } from './types';
import { isRepeat, logged, payloadRefusal, recipientsOf, resolved, type ItemRecord, type MailingStep, type RecordContext } from './item-record';
import { changeLine, planChanges, planWords, withChanges } from './plan-changes';
import { stateLabel, type Language } from './i18n';
import { hasEnded } from './rules';

/** What the record holds that a refusal needs: the CLI checks the same against an item's snapshot before sending anything. */
export interface AmendTarget {
  state: ItemState;
  item: ItemPlan;
  /** The item as the campaign file gave it last. */
  planned: ItemPlan;
  /** The requests the item has seen (a repeated request is answered as the first time). */
  requestIds?: string[];
}

const ended = (t: Pick<AmendTarget, 'state' | 'item'>, lang: Language): string | undefined =>
  (hasEnded(t.state) ? `${t.item.id}: ${planWords(lang, 'cannotChange', stateLabel(t.state, lang))}` : undefined);

/** 整改方案变更: why a plan change is refused (undefined: welcome). */
export function refuseAmendInput(t: AmendTarget, input: AmendInput, lang: Language): string | undefined {
  const bad = payloadRefusal(t, 'amend', input, lang);
  if (bad) return bad;
  if (isRepeat({ requestIds: t.requestIds ?? [] }, input.requestId)) return undefined;
  if (input.item.key !== t.item.key) return `${t.item.id}: ${planWords(lang, 'notThisItem', input.item.id)}`;
  const over = ended(t, lang);
  if (over) return over;
  if (!planChanges(t.planned, t.item, input.item).length) return `${t.item.id}: ${planWords(lang, 'noChange')}`;
  return undefined;
}

/** 撤销: why a withdrawal is refused (undefined: welcome). */
export function refuseWithdrawInput(t: Pick<AmendTarget, 'state' | 'item' | 'requestIds'>, input: WithdrawInput, lang: Language): string | undefined {
  const bad = payloadRefusal(t, 'withdraw', input, lang);
  if (bad || isRepeat({ requestIds: t.requestIds ?? [] }, input.requestId)) return bad;
  return ended(t, lang);
}

/** A plan change's step: the mails (to those concerned, and one to each new contact), and whether the item plans its moments again. */
export interface AmendStep extends Omit<MailingStep, 'mail'> {
  mails: ItemMailInput[];
  replan: boolean;
  /** The lead unit or the leader changed: their search attributes are set again. */
  reassigned: boolean;
}

const byEmail = (list: Recipient[]): Recipient[] => list.filter((p, i) => list.findIndex((q) => q.email === p.email) === i);
const missingFrom = (list: Recipient[], from: Recipient[]): Recipient[] => list.filter((p) => !from.some((q) => q.email === p.email));

/** 整改方案变更: the file's plan applied field by field, as a decision with its approver. */
export function onAmend(r: ItemRecord, input: AmendInput, ctx: RecordContext, planned: ItemPlan): AmendStep {
  const { campaign } = ctx;
  const lang = campaign.language;
  const at = ctx.now;
  const before = r.item;
  const changes = planChanges(planned, before, input.item);
  const item = withChanges(before, input.item, changes);
  const lines = changes.map((c) => changeLine(c, lang));
  const instruction = `${planWords(lang, 'amended', input.approvedBy)}: ${lines.join('; ')}`;
  const decision: DispatchDecision = { instruction, approvedBy: input.approvedBy, by: input.by, at, changes };
  const changed = new Set(changes.map((c) => c.field));
  let next: ItemRecord = { ...r, item, planned: input.item, decisions: [...r.decisions, decision] };
  // Milestones delivered stay delivered where the new list still has them (by date and deliverable).
  if (changed.has('milestones')) {
    const same = (a: ItemPlan['milestones'][number], b: ItemPlan['milestones'][number]): boolean => a.date === b.date && a.deliverable === b.deliverable;
    next = {
      ...next,
      milestonesDelivered: item.milestones.flatMap((m, i) => (r.milestonesDelivered.some((d) => before.milestones[d] && same(before.milestones[d], m)) ? [i] : [])),
    };
  }
  if (changed.has('deadline') && item.deadline > before.deadline) next = { ...next, escalations: resolved(next, campaign, at, 'extended') };
  next = { ...next, log: logged(next, at, 'amendment', input.by, instruction) };
  // Those concerned: the contacts (the old ones too), and the leader and unit heads where they change (old and new).
  const to = byEmail([
    ...item.contacts, ...before.contacts,
    ...(changed.has('leader') ? [item.leader, before.leader] : []),
    ...(changed.has('unitHeads') || changed.has('leadUnit') ? [...item.unitHeads, ...before.unitHeads] : []),
  ]);
  const n = next.decisions.length;
  const mail = (key: string, recipients: Recipient[], body: string[]): ItemMailInput => ({
    campaign, kind: 'plan-change', key, item: { id: item.id, title: item.title }, to: recipients, atMs: at, lines: body,
  });
  const mails = [mail(`amend:${r.item.key}:${n}`, to, [planWords(lang, 'amended', input.approvedBy), ...lines])];
  const newContacts = missingFrom(item.contacts, before.contacts);
  if (newContacts.length) {
    mails.push(mail(`amend:${r.item.key}:${n}:new`, newContacts, [
      planWords(lang, 'newContact'), planWords(lang, 'itemIs', item.problem, item.deadline), ...item.measures.map((m, i) => `${i + 1}. ${m}`),
    ]));
  }
  return {
    record: next, message: planWords(lang, 'amendRecorded', changes.length), mails,
    replan: changed.has('deadline') || changed.has('milestones'),
    reassigned: changed.has('leadUnit') || changed.has('leader'),
  };
}

/** 撤销: the item ends as withdrawn, its open escalations resolved; the contacts, leader and unit heads are told. */
export function onWithdraw(r: ItemRecord, input: WithdrawInput, ctx: RecordContext): MailingStep {
  const { campaign } = ctx;
  const lang = campaign.language;
  const at = ctx.now;
  const instruction = planWords(lang, 'withdrawn', input.approvedBy, input.reason);
  const decision: DispatchDecision = { instruction, approvedBy: input.approvedBy, by: input.by, at, withdrawn: true };
  let next: ItemRecord = { ...r, state: 'withdrawn', decisions: [...r.decisions, decision], escalations: resolved(r, campaign, at, 'withdrawn') };
  next = { ...next, log: logged(next, at, 'withdrawal', input.by, instruction) };
  next = { ...next, log: logged(next, at, 'state', input.by, `${r.state} → withdrawn`) };
  return {
    record: next,
    message: planWords(lang, 'withdrawRecorded'),
    mail: {
      campaign, kind: 'plan-change', key: `withdraw:${r.item.key}`, item: { id: r.item.id, title: r.item.title },
      to: recipientsOf(r.item, campaign, ['contact', 'leader', 'unitHead']), atMs: at, lines: [instruction],
    },
  };
}
