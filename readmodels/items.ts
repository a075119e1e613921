/**
 * An item as a person or a link names it → the item's workflow, looked up in
 * the campaign's own list (keys may carry -2 suffixes), and the item's
 * snapshot. The CLI's commands and `rectify serve`'s form read items this way.
 */
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { pool } from '../domain/pool';
import { matchItem } from '../domain/keys';
import { itemSnapshotQuery, itemWorkflowId, type CampaignSnapshot, type ItemSnapshot } from '../workflows/messages';
import { readCampaign, readCampaignSettings } from './campaign';
import { itemKeyFromVisibility, statusRows, type RowScope } from './status';
import type { ItemListing } from '../activities/deps';
import { engineStores } from '../activities/engine-stores';

export type ItemLookup =
  | { kind: 'found'; campaign: Pick<CampaignSnapshot, 'campaign'>; row: Pick<CampaignSnapshot['items'][number], 'id' | 'key'>; handle: WorkflowHandle }
  | { kind: 'noCampaign' }
  | { kind: 'noItem' }
  /** Several items could be meant: their ids as printed. */
  | { kind: 'ambiguous'; ids: string[] };

/**
 * `exactId`: only the id exactly as printed (a signed link names it so);
 * otherwise any spelling a person may write ("(12)", "（12）", "12").
 */
export async function lookupItem(client: Client, campaignId: string, item: string, opts: { exactId?: boolean } = {}): Promise<ItemLookup> {
  if (opts.exactId) {
    // An item page (a link, the board): the campaign's settings and visibility's row of that item, not the
    // campaign's list of every item; the list only when visibility does not have the item (yet).
    const [settings, key] = await Promise.all([readCampaignSettings(client, campaignId), itemKeyFromVisibility(client, campaignId, item)]);
    if (!settings) return { kind: 'noCampaign' };
    if (key !== undefined) return { kind: 'found', campaign: { campaign: settings }, row: { id: item, key }, handle: client.workflow.getHandle(itemWorkflowId(campaignId, key)) };
  }
  const campaign = await readCampaign(client, campaignId);
  if (!campaign) return { kind: 'noCampaign' };
  const found = opts.exactId ? campaign.items.find((i) => i.id === item) : matchItem(campaign.items, item);
  if (!found) return { kind: 'noItem' };
  if (Array.isArray(found)) return { kind: 'ambiguous', ids: found.map((f) => f.id) };
  return { kind: 'found', campaign, row: found, handle: client.workflow.getHandle(itemWorkflowId(campaignId, found.key)) };
}

/** The item's whole record (its snapshot query). */
export const readItem = (handle: WorkflowHandle): Promise<ItemSnapshot> => handle.query(itemSnapshotQuery);

/** One of a person's items: its record when it is open (closed ones are listed from the campaign's rows, unqueried). */
export interface PersonItem {
  row: CampaignSnapshot['items'][number];
  handle: WorkflowHandle;
  snapshot?: ItemSnapshot;
}

/** Items of a person's page read at once (their own few; never the board's way of reading a campaign). */
const PERSON_QUERIES_AT_ONCE = 8;

/**
 * A person's items ("my items", web/mine.ts): those named (a digest's link
 * lists them) and those of `scope` (a directory member's units and leaders,
 * one visibility query), each open one's record read (at most a handful at
 * once); closed ones come from the campaign's own rows, which in a campaign
 * with desks keep no title: then the listing (事项名录, one read) gives it.
 * Undefined: no such campaign.
 */
export async function personItems(
  client: Client, campaignId: string, named: string[], scope?: RowScope, o: { listing?: Pick<ItemListing, 'read'> } = {},
): Promise<{ campaign: CampaignSnapshot; items: PersonItem[] } | undefined> {
  const campaign = await readCampaign(client, campaignId);
  if (!campaign) return undefined;
  const wanted = new Set(named);
  if (scope) for (const r of await statusRows(client, campaignId, campaign.campaign.timeZone, undefined, scope)) wanted.add(r.item);
  const rows = campaign.items.filter((r) => wanted.has(r.id));
  const items = await pool(rows, PERSON_QUERIES_AT_ONCE, async (row): Promise<PersonItem | undefined> => {
    const handle = client.workflow.getHandle(itemWorkflowId(campaignId, row.key));
    if (row.state === 'closed') return { row, handle };
    try {
      return { row, handle, snapshot: await readItem(handle) };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  });
  const found = items.filter((i): i is PersonItem => !!i);
  const untitled = found.filter((i) => !i.snapshot && i.row.title === undefined);
  if (!untitled.length || !(campaign.desks ?? 0)) return { campaign, items: found };
  const titles = new Map((await (o.listing ?? engineStores().listing).read(campaignId)).map((r) => [r.id, r.title]));
  return { campaign, items: found.map((i) => (untitled.includes(i) ? { ...i, row: { ...i.row, title: titles.get(i.row.id) } } : i)) };
}
