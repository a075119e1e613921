/**
 * Which campaign a command or a request means, and the campaign's own
 * snapshot: read the same way by the CLI (`--campaign`, RECTIFY_CAMPAIGN)
 * and by `rectify serve` (`?campaign=`, `serve --campaign`).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { campaignSnapshotQuery, campaignWorkflowId, type CampaignSnapshot } from '../workflows/messages';

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

/** The campaign workflow's snapshot; undefined when there is no such campaign. */
export async function readCampaign(client: Client, campaignId: string): Promise<CampaignSnapshot | undefined> {
  try {
    return await client.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignSnapshotQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}
