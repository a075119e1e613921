/**
 * An item as a person or a link names it → the item's workflow, looked up in
 * the campaign's own list (keys may carry -2 suffixes), and the item's
 * snapshot. The CLI's commands and `rectify serve`'s form read items this way.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { matchItem } from '../domain/keys';
import { itemSnapshotQuery, itemWorkflowId, type CampaignSnapshot, type ItemSnapshot } from '../workflows/messages';
import { readCampaign } from './campaign';

export type ItemLookup =
  | { kind: 'found'; campaign: CampaignSnapshot; row: CampaignSnapshot['items'][number]; handle: WorkflowHandle }
  | { kind: 'noCampaign' }
  | { kind: 'noItem' }
  /** Several items could be meant: their ids as printed. */
  | { kind: 'ambiguous'; ids: string[] };

/**
 * `exactId`: only the id exactly as printed (a signed link names it so);
 * otherwise any spelling a person may write ("(12)", "（12）", "12").
 */
export async function lookupItem(client: Client, campaignId: string, item: string, opts: { exactId?: boolean } = {}): Promise<ItemLookup> {
  const campaign = await readCampaign(client, campaignId);
  if (!campaign) return { kind: 'noCampaign' };
  const found = opts.exactId ? campaign.items.find((i) => i.id === item) : matchItem(campaign.items, item);
  if (!found) return { kind: 'noItem' };
  if (Array.isArray(found)) return { kind: 'ambiguous', ids: found.map((f) => f.id) };
  return { kind: 'found', campaign, row: found, handle: client.workflow.getHandle(itemWorkflowId(campaignId, found.key)) };
}

/** The item's whole record (its snapshot query). */
export const readItem = (handle: WorkflowHandle): Promise<ItemSnapshot> => handle.query(itemSnapshotQuery);
