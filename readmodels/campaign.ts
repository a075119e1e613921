/**
 * Which campaign a command or a request means, and the campaign's own
 * snapshot: read the same way by the CLI (`--campaign`, RECTIFY_CAMPAIGN)
 * and by `rectify serve` (`?campaign=`, `serve --campaign`).
 */
import { QueryNotRegisteredError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import { campaignPageQuery, campaignSettingsQuery, campaignSnapshotQuery, campaignWorkflowId, type CampaignSettings, type CampaignSnapshot } from '../workflows/messages';
import { campaignPageOf, type CampaignPage, type CampaignPageRequest } from '../domain/list-page';

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
async function askCampaign<T, A extends unknown[]>(client: Client, campaignId: string, query: QueryDefinition<T, A>, ...args: A): Promise<T | undefined> {
  try {
    return await client.workflow.getHandle(campaignWorkflowId(campaignId)).query(query, ...args);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/** The campaign workflow's snapshot (with its list of every item); undefined when there is no such campaign. */
export const readCampaign = (client: Client, campaignId: string): Promise<CampaignSnapshot | undefined> => askCampaign(client, campaignId, campaignSnapshotQuery);

/** The campaign's settings only (a few KiB whatever its size); undefined when there is no such campaign. */
export const readCampaignSettings = (client: Client, campaignId: string): Promise<CampaignSettings | undefined> => askCampaign(client, campaignId, campaignSettingsQuery);

/**
 * One page of the campaign's list and its counts (a few hundred rows, not 10,000); undefined when there is
 * no such campaign. A campaign whose worker predates the page query is paged here from its snapshot.
 */
export async function readCampaignPage(client: Client, campaignId: string, request: CampaignPageRequest): Promise<CampaignPage | undefined> {
  try {
    return await askCampaign(client, campaignId, campaignPageQuery, request);
  } catch (err) {
    if (!(err instanceof QueryNotRegisteredError)) throw err;
    const snapshot = await readCampaign(client, campaignId);
    return snapshot && campaignPageOf(snapshot, request);
  }
}
