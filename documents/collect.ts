/**
 * One pass over a campaign's live state: the campaign registry
 * (campaignSnapshotQuery), then each item's whole record (itemSnapshotQuery).
 * The CLI and the sendDocument activity both read through here.
 */
import type { Client } from '@temporalio/client';
import { pool } from '../domain/pool';
import type { RegistryRow } from '../domain/contract';
import { campaignSnapshotQuery, campaignWorkflowId, itemSnapshotQuery, itemWorkflowId, type CampaignSettings, type ItemSnapshot } from '../workflows/messages';

export interface Collected {
  campaign: CampaignSettings;
  rows: RegistryRow[];
  snapshots: Map<string, ItemSnapshot>;
}

/** Item records, a few queries at a time; an item that cannot be read keeps its registry row only. */
export async function itemSnapshots(client: Client, campaignId: string, keys: string[], concurrency = 16): Promise<Map<string, ItemSnapshot>> {
  const out = new Map<string, ItemSnapshot>();
  await pool(keys, concurrency, async (key) => {
    try {
      out.set(key, await client.workflow.getHandle(itemWorkflowId(campaignId, key)).query(itemSnapshotQuery));
    } catch { /* the registry row stands in */ }
  });
  return out;
}

/** An item's registry row, from its own record (what a campaign with desks does not keep). */
export function rowOf(s: ItemSnapshot): RegistryRow {
  return {
    ...s.status, section: s.item.section, title: s.item.title, leadUnit: s.status.leadUnit ?? s.item.leadUnit,
    leader: s.item.leader.name, contacts: s.status.contacts ?? s.item.contacts,
  };
}

/** Rows for the keys: the registry's where the campaign keeps them, else each item's own. */
export function rowsFor(keys: string[], registry: RegistryRow[] | undefined, snapshots: Map<string, ItemSnapshot>): RegistryRow[] {
  if (registry) return registry;
  return keys.flatMap((k) => { const s = snapshots.get(k); return s ? [rowOf(s)] : []; });
}

export async function collect(client: Client, campaignId: string): Promise<Collected> {
  const snap = await client.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignSnapshotQuery);
  const keys = snap.items.map((r) => r.key);
  const snapshots = await itemSnapshots(client, campaignId, keys);
  return { campaign: snap.campaign, rows: rowsFor(keys, snap.desks ? undefined : snap.items as RegistryRow[], snapshots), snapshots };
}
