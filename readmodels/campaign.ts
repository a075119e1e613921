/**
 * Which campaign a command or a request means, and the campaign's own
 * snapshot: read the same way by the CLI (`--campaign`, RECTIFY_CAMPAIGN)
 * and by `rectify serve` (`?campaign=`, `serve --campaign`).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import { campaignSettingsQuery, campaignSnapshotQuery, campaignWorkflowId, type CampaignSettings, type CampaignSnapshot } from '../workflows/messages';

export type CampaignChoice =
  | { kind: 'found'; id: string }
  | { kind: 'none' }
  /** More than one is running (at most 21 listed: enough to name them, and to know there are several). */
  | { kind: 'several'; running: string[] };

/** The campaign named, or else the only one running. */
export async function chooseCampaign(client: Client, given?: string): Promise<CampaignChoice> {
  if (given) return { kind: 'found', id: given };
  const running: string[] = [];
  for await (const wf of client.workflow.list({ query: "WorkflowType = 'campaignWorkflow' AND ExecutionStatus = 'Running'" })) {
    running.push(wf.workflowId.replace(/^rectify:/, ''));
    if (running.length > 20) break;
  }
  if (running.length === 1) return { kind: 'found', id: running[0] };
  return running.length === 0 ? { kind: 'none' } : { kind: 'several', running };
}

/** The campaign workflow's answer to a query; undefined when there is no such campaign. */
async function askCampaign<T>(client: Client, campaignId: string, query: QueryDefinition<T, []>): Promise<T | undefined> {
  try {
    return await client.workflow.getHandle(campaignWorkflowId(campaignId)).query(query);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/** The campaign workflow's snapshot (with its list of every item); undefined when there is no such campaign. */
export const readCampaign = (client: Client, campaignId: string): Promise<CampaignSnapshot | undefined> => askCampaign(client, campaignId, campaignSnapshotQuery);

/** The campaign's settings only (a few KiB whatever its size); undefined when there is no such campaign. */
export const readCampaignSettings = (client: Client, campaignId: string): Promise<CampaignSettings | undefined> => askCampaign(client, campaignId, campaignSettingsQuery);
