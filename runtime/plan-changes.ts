/**
 * 整改方案变更 at `rectify start`: a campaign file run again is compared with the running campaign first.
 * Every difference per item is listed; nothing changes unless the changes are approved (`--amend
 * --approved-by`), and items the file no longer lists are withdrawn only with `--withdraw`. Everything is
 * checked before anything is sent, so a refusal leaves the campaign as it was.
 */
import { createHash } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { CampaignPlan, ItemPlan, ItemState } from '../domain/types';
import { planChanges, changeLine, planWords, type PlanChange } from '../domain/plan-changes';
import { payloadProblems } from '../domain/payloads';
import { hasEnded } from '../domain/rules';
import { stateLabel, type Language } from '../domain/i18n';
import { pool } from '../domain/pool';
import { readCampaign } from '../readmodels/campaign';
import { amendItemUpdate, itemSnapshotQuery, itemWorkflowId, withdrawItemUpdate, type ItemSnapshot } from '../workflows/messages';
import { UserError } from './user-error';
import type { ItemListing } from '../activities/deps';
import { listedItem } from '../activities/stores';

/** Item queries at once. */
const CONCURRENCY = 20;

export interface ChangedItem {
  /** The item as the file gives it now. */
  item: ItemPlan;
  state: ItemState;
  changes: PlanChange[];
}

export interface MissingItem {
  id: string;
  key: string;
  title?: string;
  state: ItemState;
}

export interface PlanComparison {
  /** Items whose plan the file changes (open items: the change can be applied). */
  changed: ChangedItem[];
  /** Items the file changes that have ended (已销号, 已撤销): listed, never changed. */
  ended: ChangedItem[];
  /** Open items of the campaign the file no longer lists. */
  missing: MissingItem[];
}

export const nothingToChange = (c: PlanComparison): boolean => c.changed.length === 0 && c.missing.length === 0;

/** The file against the running campaign; nothing to compare when the campaign has not started yet. */
export async function comparePlan(client: Client, plan: CampaignPlan): Promise<PlanComparison> {
  const none: PlanComparison = { changed: [], ended: [], missing: [] };
  const campaign = await readCampaign(client, plan.id);
  if (!campaign) return none;
  const inFile = new Map(plan.items.map((i) => [i.key, i]));
  const known = new Map(campaign.items.map((r) => [r.key, r]));
  const snapshots = await pool([...known.keys()], CONCURRENCY, async (key): Promise<[string, ItemSnapshot | undefined]> => {
    try {
      return [key, await client.workflow.getHandle(itemWorkflowId(plan.id, key)).query(itemSnapshotQuery)];
    } catch (err) {
      // Handed to the campaign but not started yet: it starts with the plan it was given.
      if (err instanceof WorkflowNotFoundError) return [key, undefined];
      throw err;
    }
  });
  const out: PlanComparison = { changed: [], ended: [], missing: [] };
  for (const [key, snap] of snapshots) {
    if (!snap) continue;
    const state = snap.status.state;
    const item = inFile.get(key);
    if (!item) {
      // An item carried over from the previous round (上轮转入) need not be listed: it came over as it stood.
      if (!hasEnded(state) && !snap.item.previous) out.missing.push({ id: snap.item.id, key, title: snap.item.title, state });
      continue;
    }
    const changes = planChanges(snap.planned ?? snap.item, snap.item, item);
    if (changes.length) (hasEnded(state) ? out.ended : out.changed).push({ item, state, changes });
  }
  return out;
}

/** The listing, item by item, in the given language. */
export function describeComparison(c: PlanComparison, lang: Language): string[] {
  const w = (zh: string, en: string): string => (lang === 'en' ? en : zh);
  const lines: string[] = [];
  for (const x of c.changed) {
    lines.push(w(`事项 ${x.item.id} ${x.item.title ?? ''}：整改方案有 ${x.changes.length} 处变化`, `item ${x.item.id} ${x.item.title ?? ''}: ${x.changes.length} change(s) to its plan`));
    for (const ch of x.changes) lines.push(`  ${changeLine(ch, lang)}`);
  }
  for (const x of c.ended) {
    lines.push(w(`事项 ${x.item.id} 已${stateLabel(x.state, lang).replace(/^已/, '')}，以下变化不再适用：`, `item ${x.item.id} is ${stateLabel(x.state, lang)}: these changes no longer apply:`));
    for (const ch of x.changes) lines.push(`  ${changeLine(ch, lang)}`);
  }
  for (const m of c.missing) {
    lines.push(w(`事项 ${m.id} ${m.title ?? ''}（${stateLabel(m.state, lang)}）不在文件中`, `item ${m.id} ${m.title ?? ''} (${stateLabel(m.state, lang)}) is not in the file`));
  }
  return lines;
}

export interface ApplyOptions {
  /** --amend: apply the changes listed. */
  amend?: boolean;
  /** --withdraw: withdraw the items missing from the file. */
  withdraw?: boolean;
  /** --approved-by: who approved the changes (recorded and mailed). */
  approvedBy?: string;
  /** Who ran it (recorded). */
  by: string;
  lang: Language;
  /** 事项名录: the changed items' rows are written here once applied (their title, section and leader change with the plan). */
  listing?: ItemListing;
}

/**
 * Why the changes cannot be applied as asked (a UserError, exit 2, before anything is sent): a change without
 * --amend, a missing item without --withdraw, either without --approved-by, or a payload an item would refuse.
 */
export function refusalOf(plan: CampaignPlan, c: PlanComparison, o: ApplyOptions): UserError | undefined {
  const w = (zh: string, en: string): string => (lang === 'en' ? en : zh);
  const { lang } = o;
  const why: string[] = [];
  if (c.changed.length && !o.amend) why.push(w('整改方案有变化：确认后请加 --amend --approved-by 批准人 重新运行', 'the plan changes: run again with --amend --approved-by NAME to apply the changes'));
  if (c.missing.length && !o.withdraw) {
    why.push(w('文件中缺少上列事项：如需撤销，请加 --withdraw --approved-by 批准人 重新运行（撤销的事项留档，不删除）',
      'the file no longer lists the items above: run again with --withdraw --approved-by NAME to withdraw them (recorded, never deleted)'));
  }
  if (!why.length && !o.approvedBy?.trim()) why.push(planWords(lang, 'needsApprover'));
  if (!why.length) {
    // The same checks the items run, before anything is sent: nothing is half done.
    // (Every item listed is open: only its payload can be wrong.)
    for (const x of c.changed) why.push(...payloadProblems('amend', amendOf(x, o), lang).map((p) => `${x.item.id}: ${p}`));
    for (const m of c.missing) why.push(...payloadProblems('withdraw', withdrawalOf(plan, o), lang).map((p) => `${m.id}: ${p}`));
  }
  if (!why.length) return undefined;
  return new UserError([...why, w(`整改工作 ${plan.id} 未作任何变更。`, `nothing in campaign ${plan.id} was changed.`)].join('\n'), 2);
}

const amendOf = (x: ChangedItem, o: ApplyOptions) => ({ item: x.item, approvedBy: o.approvedBy ?? '', by: o.by });
const withdrawalOf = (plan: CampaignPlan, o: ApplyOptions) => ({
  reason: o.lang === 'en' ? `no longer in the campaign file of ${plan.id}` : `整改工作 ${plan.id} 的方案文件中已无此事项`, approvedBy: o.approvedBy ?? '', by: o.by,
});

/** Applies the listed changes and withdrawals (after refusalOf found nothing to refuse); returns how many of each. */
export async function applyPlanChanges(client: Client, plan: CampaignPlan, c: PlanComparison, o: ApplyOptions): Promise<{ amended: number; withdrawn: number }> {
  const handle = (key: string) => client.workflow.getHandle(itemWorkflowId(plan.id, key));
  // A stable request id per change: a start run again after a lost answer records each change once.
  await pool(c.changed, CONCURRENCY, (x) => handle(x.item.key).executeUpdate(amendItemUpdate, {
    args: [{ ...amendOf(x, o), requestId: `amend:${createHash('sha256').update(JSON.stringify(x.item)).digest('hex').slice(0, 32)}` }],
  }));
  await o.listing?.amend(plan.id, c.changed.map((x) => listedItem(x.item)));
  await pool(c.missing, CONCURRENCY, (m) => handle(m.key).executeUpdate(withdrawItemUpdate, { args: [{ ...withdrawalOf(plan, o), requestId: `withdraw:${m.key}` }] }));
  return { amended: c.changed.length, withdrawn: c.missing.length };
}
