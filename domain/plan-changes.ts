/**
 * 整改方案变更: what re-running `rectify start` on a changed campaign file would change in an item, field by
 * field, and the words for it. Pure (no luxon, no Node): the CLI lists the differences with it before
 * anything changes, and the item workflow applies the same differences when the change is approved.
 *
 * An item's plan is compared with what the file said last time (`planned`: the plan it started with, or its
 * last amendment) and with the item as it is now: a field counts as changed when the file now says something
 * else than before and than the item holds (a deadline already extended by a dispatch decision to the date
 * the file now gives is no change).
 */
import type { ItemPlan, Recipient } from './types';
import { kindLabel, type Language } from './i18n';

/** The fields of an item a plan change may touch, in the order a listing names them. */
export const PLAN_FIELDS = [
  'title', 'section', 'topic', 'problem', 'measures', 'kind', 'leader', 'leadUnit', 'coUnits', 'contacts', 'unitHeads', 'deadline', 'milestones',
] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

/** One field's change: the value the item held and the file's value (plain JSON, kept in the item's record). */
export interface PlanChange {
  field: PlanField;
  from: ItemPlan[PlanField] | null;
  to: ItemPlan[PlanField] | null;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields where the file (`next`) differs from what it said before (`planned`) and from the item now (`current`). */
export function planChanges(planned: ItemPlan, current: ItemPlan, next: ItemPlan): PlanChange[] {
  return PLAN_FIELDS.filter((f) => !same(next[f], planned[f]) && !same(next[f], current[f]))
    .map((field) => ({ field, from: current[field] ?? null, to: next[field] ?? null }));
}

/** The item with the changes applied (the leader's directory id follows the leader). */
export function withChanges(current: ItemPlan, next: ItemPlan, changes: PlanChange[]): ItemPlan {
  const item: Record<string, unknown> = { ...current };
  for (const { field } of changes) {
    if (next[field] === undefined) delete item[field];
    else item[field] = next[field];
  }
  if (changes.some((c) => c.field === 'leader')) item.leaderId = next.leaderId;
  return item as unknown as ItemPlan;
}

const W: Record<PlanField, [string, string]> = {
  title: ['标题', 'title'], section: ['所属部分', 'section'], topic: ['所属专题', 'topic'], problem: ['问题', 'problem'], measures: ['整改措施', 'measures'],
  kind: ['整改类型', 'kind'], leader: ['责任领导', 'leader'], leadUnit: ['牵头单位', 'lead unit'], coUnits: ['配合单位', 'co-units'],
  contacts: ['联络员', 'contacts'], unitHeads: ['单位负责人', 'unit heads'], deadline: ['整改时限', 'deadline'], milestones: ['时间节点', 'milestones'],
};
export const fieldLabel = (f: PlanField, lang: Language): string => (lang === 'en' ? W[f][1] : W[f][0]);

const person = (p: Recipient): string => `${p.name} <${p.email}>`;

/** A field's value as a person reads it. */
export function shownValue(field: PlanField, v: PlanChange['from'], lang: Language): string {
  const none = lang === 'en' ? '(none)' : '（无）';
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0) || v === '') return none;
  const sep = lang === 'en' ? '; ' : '；';
  if (field === 'kind') return kindLabel(v as ItemPlan['kind'], lang);
  if (field === 'leader') return person(v as Recipient);
  if (field === 'contacts' || field === 'unitHeads') return (v as Recipient[]).map(person).join(lang === 'en' ? ', ' : '、');
  if (field === 'milestones') return (v as ItemPlan['milestones']).map((m) => `${m.date} ${m.deliverable}`).join(sep);
  if (Array.isArray(v)) return (v as string[]).join(sep);
  return String(v);
}

/** "整改时限：2023-09-28 → 2023-10-15" */
export const changeLine = (c: PlanChange, lang: Language): string =>
  `${fieldLabel(c.field, lang)}${lang === 'en' ? ': ' : '：'}${shownValue(c.field, c.from, lang)} → ${shownValue(c.field, c.to, lang)}`;

const M = {
  amended: (by: string) => [`整改方案变更（批准人：${by}）`, `plan changed (approved by ${by})`],
  amendRecorded: (n: number) => [`已记录整改方案变更（${n} 项）`, `plan change recorded (${n} field(s))`],
  withdrawn: (by: string, reason: string) => [`事项撤销（批准人：${by}）：${reason}`, `item withdrawn (approved by ${by}): ${reason}`],
  withdrawRecorded: () => ['已记录撤销；该事项不再报送和督促', 'withdrawal recorded; the item asks for no more reports and escalates no more'],
  newContact: () => ['您已被列为本事项的联络员：请按周报送整改进展。', 'You are now a contact of this item: please report its progress weekly.'],
  itemIs: (problem: string, deadline: string) => [`问题：${problem}\n整改时限：${deadline}`, `problem: ${problem}\ndeadline: ${deadline}`],
  noChange: () => ['整改方案没有变化', 'the plan does not change'],
  cannotChange: (state: string) => [`事项${state}，整改方案不再变更`, `item is ${state}: its plan no longer changes`],
  needsApprover: () => ['整改方案变更须注明批准人（--approved-by）', 'a plan change needs who approved it (--approved-by)'],
  notThisItem: (id: string) => [`变更的是另一个事项（${id}）`, `the change is for another item (${id})`],
} satisfies Record<string, (...args: never[]) => [string, string]>;

/** A plan change's or withdrawal's mail: 【整改方案变更】campaign：事项(3) */
export const planChangeSubject = (lang: Language, campaign: string, item: string): string =>
  (lang === 'en' ? `[Plan change] ${campaign}: item ${item}` : `【整改方案变更】${campaign}：事项${item}`);

/** The words of plan changes and withdrawals, in the campaign's language. */
export function planWords<K extends keyof typeof M>(lang: Language, key: K, ...args: Parameters<(typeof M)[K]>): string {
  const pair = (M[key] as (...a: unknown[]) => [string, string])(...args);
  return lang === 'en' ? pair[1] : pair[0];
}
