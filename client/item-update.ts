/**
 * The sequence every command that changes an item runs (report, closeout
 * submit and review, dispatch): check the payload, connect, resolve the
 * campaign and the item, send the update, print the answer. A command says
 * only what is its own: its options schema and the payload it builds.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import { connectClient } from '../config/connection';
import { answerOf, checkPayload, itemHandle, printAnswer, resolveCampaign } from './common';
import type { PayloadKind } from '../domain/payloads';
import type { ItemAnswer, ItemSnapshot } from '../workflows/messages';
import { ITEM_UPDATES, type PayloadOf } from '../readmodels/acts';
import { readItem } from '../readmodels/items';
import { resumeEndedItem } from '../readmodels/resume';
import { byOption } from './actor';

export type { PayloadOf };

/** The entries a closed item takes after 销号, whose ended workflow (closed before v0.5) they resume. */
const RESUMES: PayloadKind[] = ['reopen', 'note', 'correction', 'announcement'];

/** The options every such command has, first in its options schema: which item, who, which campaign, how to answer. */
export const updateTarget = {
  /** The item as the person wrote it. */
  item: z.string(),
  /** --by: who did it (else RECTIFY_USER, else the OS user; none: refused); the payload carries it. */
  by: byOption(),
  /** --campaign (else RECTIFY_CAMPAIGN, else the only running campaign). */
  campaign: z.string().optional(),
  /** --json: the answer as JSON. */
  json: z.boolean().optional(),
};
export type UpdateTarget = Pick<z.output<z.ZodObject<typeof updateTarget>>, 'item' | 'campaign' | 'json'>;

/**
 * Sends one update to an item; the payload is refused before anything is sent when it breaks the rules.
 * `warningsFrom`: what to tell the sender about the item as it was before the update (printed with the answer).
 */
export async function sendItemUpdate<K extends PayloadKind>(kind: K, payload: PayloadOf<K>, to: UpdateTarget,
  opts: { warningsFrom?: (before: ItemSnapshot) => string[] } = {}): Promise<void> {
  checkPayload(kind, payload, to.item);
  const client = await connectClient();
  const campaignId = await resolveCampaign(client, to.campaign);
  const handle = await itemHandle(client, campaignId, to.item);
  const warnings = opts.warningsFrom ? opts.warningsFrom(await readItem(handle)) : [];
  const update = ITEM_UPDATES[kind] as UpdateDefinition<ItemAnswer, [PayloadOf<K>]>;
  const send = (h: typeof handle): Promise<ItemAnswer> => h.executeUpdate(update, { args: [payload] });
  const answer = await answerOf(to.item, campaignId, handle, send).catch(async (err: unknown) => {
    // An item closed before v0.5 ended on 销号: a reopening, a note, a correction or its 公示稿 resumes it (readmodels/resume.ts).
    if (!RESUMES.includes(kind) || !(await resumeEndedItem(client, handle))) throw err;
    return answerOf(to.item, campaignId, client.workflow.getHandle(handle.workflowId), send);
  });
  printAnswer(answer, !!to.json, warnings);
}
