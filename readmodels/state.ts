/**
 * The live campaign as the documents read it: one pass over the registry and
 * every item's record (documents/collect.ts), every figure computed once as
 * of now (documents/state.ts), in the language `langOf` picks for the campaign's. The
 * document commands and the office's wall chart read it.
 */
import type { Client } from '@temporalio/client';
import { collect } from '../documents/collect';
import { buildState, type CampaignState, type StateInput } from '../documents/state';
import type { Language } from '../domain/i18n';

export async function campaignState(
  client: Client, campaignId: string, langOf: (campaignLanguage: string) => Language, assessment?: StateInput['assessment'],
): Promise<CampaignState> {
  const c = await collect(client, campaignId);
  return buildState({ campaign: c.campaign, rows: c.rows, snapshots: c.snapshots, asOfMs: Date.now(), lang: langOf(c.campaign.language), assessment });
}
