/**
 * 第二轮 (rounds): a campaign file may name its predecessor (`campaign.previous`). At `rectify start` the
 * previous round is read through Temporal (its campaign's list and each item's record, running or ended) and
 * its items that are not done come over into the new round: every open item (未启动, 整改中, 已退回, 待验收)
 * and every long-term item still followed (持续整改). Closed (已销号) and withdrawn (已撤销) items stay behind.
 *
 * A carried item keeps its id. The new round's file may list it (the same id as printed in the previous round)
 * to change it: its plan (deadline, measures, people …) is then the file's. Not listed, it comes over with its
 * plan as the old record has it now. Either way it starts in the new round with the old state and percent
 * (and a close-out waiting for review), linked to its old record (`ItemPlan.previous`). Once the new round's
 * items have started, the old one is handed over (`handOver`: the carryOut update, 已转入下一轮): it ends in
 * its round, its record says where it went. A start run again carries the same items (an old item already
 * handed over to this campaign counts as carried, as it stood when handed over) and hands over none twice.
 * A file item of another id with the same key as a carried item (e.g. "3" against "(3)") is refused: one of
 * the two must be renumbered.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { CampaignPlan, ItemPlan, PreviousRound } from '../domain/types';
import type { Language } from '../domain/i18n';
import { hasEnded } from '../domain/rules';
import { pool } from '../domain/pool';
import { readCampaign } from '../readmodels/campaign';
import { carryOutUpdate, itemSnapshotQuery, itemWorkflowId, type ItemSnapshot } from '../workflows/messages';
import { UserError } from './user-error';

/** Item queries at once. */
const CONCURRENCY = 20;

export interface CarryOver {
  /** The plan to start: the file's items (carried ones linked) and the carried items the file does not list. */
  plan: CampaignPlan;
  /** The previous round's items coming over (already in the new round or not), in the previous round's order. */
  carried: ItemPlan[];
  /** Keys of those already handed over to this campaign (a start run again): `handOver` leaves them be. */
  handedOver: string[];
  /** The previous round's name (for the listing). */
  previousName?: string;
}

const words = (lang: Language) => (zh: string, en: string): string => (lang === 'en' ? en : zh);

/**
 * The plan with the previous round's open and long-term items carried over; the plan as it is when it names no
 * predecessor. Refuses (UserError, exit 2) a predecessor that does not exist or is the campaign itself, and an
 * id of the file that collides with a carried item's. `where` names the file in refusals.
 */
export async function carryOver(client: Client, plan: CampaignPlan, lang: Language, where: string): Promise<CarryOver> {
  const w = words(lang);
  const previous = plan.previous;
  if (!previous) return { plan, carried: [], handedOver: [] };
  const at = `${where}: campaign.previous`;
  if (previous === plan.id) {
    throw new UserError(w(`${at}：“${previous}”是本轮自己的编号；previous 应为上一轮整改工作的 campaign.id`,
      `${at}: "${previous}" is this campaign's own id; previous names the previous round's campaign.id`));
  }
  const old = await readCampaign(client, previous);
  if (!old) {
    throw new UserError(w(`${at}：上一轮整改工作 ${previous} 不存在（未在 Temporal 中找到）：请核对编号，或先启动上一轮`,
      `${at}: the previous round ${previous} does not exist (not found in Temporal): check the id, or start that round first`));
  }
  // Open and long-term items, and those already handed over (to this campaign, the snapshot says).
  const open = old.items.filter((r) => !hasEnded(r.state) || r.state === 'carriedOut');
  const snaps = await pool(open, CONCURRENCY, async (r): Promise<ItemSnapshot | undefined> => {
    try {
      return await client.workflow.getHandle(itemWorkflowId(previous, r.key)).query(itemSnapshotQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  });
  const byKey = new Map(plan.items.map((i) => [i.key, i]));
  const known = new Set((await readCampaign(client, plan.id))?.items.map((r) => r.key) ?? []);
  const collisions: string[] = [];
  const linked = new Map<string, ItemPlan>();
  const carried: ItemPlan[] = [];
  const handedOver: string[] = [];
  for (const snap of snaps) {
    // Handed over to this campaign already: carried as it stood then.
    const out = snap?.status.state === 'carriedOut' && snap.carriedOut?.campaignId === plan.id ? snap.carriedOut : undefined;
    // Handed to the previous round but never started, ended since its list was read, or gone to another round: nothing to carry.
    if (!snap || (hasEnded(snap.status.state) && !out)) continue;
    const state = out ? out.state : snap.status.state;
    const link: PreviousRound = {
      campaignId: previous, campaignName: old.campaign.name, itemId: snap.item.id, key: snap.item.key,
      state, percent: out ? out.percent : snap.status.percent,
      ...(state === 'submitted' && snap.closeout ? { closeout: { ...snap.closeout } } : {}),
    };
    if (out) handedOver.push(snap.item.key);
    const listed = byKey.get(snap.item.key);
    if (listed && listed.id !== snap.item.id) {
      collisions.push(w(`事项 ${listed.id} 与上一轮 ${previous} 转入的事项 ${snap.item.id} 编号冲突：同一事项请照上一轮写作 ${snap.item.id}，新事项请另行编号`,
        `item ${listed.id} collides with item ${snap.item.id} carried over from ${previous}: write ${snap.item.id} for the same item, or renumber the new one`));
      continue;
    }
    // (A round-three item links to round two only: that record links on.)
    const item: ItemPlan = { ...(listed ?? snap.item), previous: link };
    carried.push(item);
    if (listed) linked.set(item.key, item);
    else if (known.has(item.key)) continue;
    else linked.set(item.key, item);
  }
  if (collisions.length) {
    throw new UserError([...collisions.map((c) => `${where}: ${c}`), w(`整改工作 ${plan.id} 未启动。`, `campaign ${plan.id} was not started.`)].join('\n'));
  }
  const items = [
    ...plan.items.map((i) => linked.get(i.key) ?? i),
    ...carried.filter((i) => !byKey.has(i.key) && linked.has(i.key)),
  ];
  return { plan: { ...plan, items }, carried, handedOver, previousName: old.campaign.name };
}

/** What `start` prints about the carried items. */
export function describeCarryOver(c: CarryOver, lang: Language): string[] {
  const w = words(lang);
  const previous = c.plan.previous;
  if (!previous) return [];
  if (!c.carried.length) return [w(`上一轮 ${previous}（${c.previousName ?? ''}）没有未完成或持续整改的事项，无事项转入。`, `the previous round ${previous} (${c.previousName ?? ''}) has no open or long-term items: nothing carried over.`)];
  const ids = c.carried.map((i) => i.id);
  return [w(`从上一轮 ${previous}（${c.previousName ?? ''}）转入 ${ids.length} 个事项：${ids.join('、')}`,
    `${ids.length} item(s) carried over from the previous round ${previous} (${c.previousName ?? ''}): ${ids.join(', ')}`)];
}

/**
 * 已转入下一轮: each carried item of the previous round is handed over to the new round's item of its key, once
 * that item has started (`rectify start` calls this after startCampaign); the old item ends in its round and its
 * record says where it went. One request id per campaign and key, and the items already handed over are left
 * be: a start run again (or a lost answer sent again) hands over nothing twice. Returns how many were handed over now.
 */
export async function handOver(client: Client, plan: CampaignPlan, c: CarryOver, lang: Language): Promise<number> {
  const w = words(lang);
  const todo = c.carried.filter((i) => !c.handedOver.includes(i.key));
  const done = await pool(todo, CONCURRENCY, async (item): Promise<number> => {
    const p = item.previous!;
    // The new round's item first: until it runs, the old one keeps following the item.
    const started = await client.workflow.getHandle(itemWorkflowId(plan.id, item.key)).describe().then(() => true, (err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    });
    if (!started) {
      throw new UserError(w(`事项 ${item.id} 在 ${plan.id} 中尚未启动，上一轮 ${p.campaignId} 的该事项未转出：请再次运行 rectify start`,
        `item ${item.id} has not started in ${plan.id}: the previous round ${p.campaignId} keeps it until it does; run rectify start again`), 1);
    }
    const old = client.workflow.getHandle(itemWorkflowId(p.campaignId, p.key));
    try {
      await old.executeUpdate(carryOutUpdate, {
        args: [{ campaignId: plan.id, campaignName: plan.name, itemId: item.id, by: 'rectify', requestId: `carried-out:${plan.id}:${item.key}` }],
      });
      return 1;
    } catch (err) {
      // Handed over meanwhile (another start, or the answer to this one lost): its workflow has ended, its record says so.
      if (err instanceof WorkflowUpdateFailedError) throw err;
      const snap = await old.query(itemSnapshotQuery).catch(() => undefined);
      if (snap?.carriedOut?.campaignId === plan.id) return 0;
      throw err;
    }
  });
  return done.reduce((a, b) => a + b, 0);
}

/** What `start` prints about the items handed over. */
export function describeHandOver(n: number, c: CarryOver, lang: Language): string[] {
  if (!n) return [];
  return [words(lang)(`上一轮 ${c.plan.previous}（${c.previousName ?? ''}）的 ${n} 个事项已转入本轮，在上一轮停止报送和督促（已转入下一轮）。`,
    `${n} item(s) of the previous round ${c.plan.previous} (${c.previousName ?? ''}) handed over to this round: the previous round follows them no more.`)];
}
