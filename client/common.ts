/**
 * What every CLI command shares: user errors (clear message, exit code, no
 * stack trace), finding the campaign and the item and answering updates in
 * words (the reading itself is in readmodels/, shared with the web).
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { loadCampaign } from '../domain/campaign';
import type { CampaignPlan } from '../domain/types';
import { engineStores } from '../activities/engine-stores';
import type { YearArrangement } from '../domain/holidays';
import { ledgerDirs } from '../config/paths';
import { payloadProblems, type PayloadKind } from '../domain/payloads';
import type { CampaignSettings, CampaignSnapshot, ItemAnswer } from '../workflows/messages';
import type { CampaignPage, CampaignPageRequest } from '../domain/list-page';
import { lightLabel, stateLabel } from '../domain/i18n';
import { language, say } from '../config/language';
import { UserError } from '../runtime/user-error';
import { displaySafe } from '../domain/text';

export { UserError, language, say };

/**
 * The read models, loaded when a command first reads from Temporal: they load
 * the Temporal client, which commands that only check files (validate,
 * calendar) do without.
 */
const readModels = {
  campaign: () => import('../readmodels/campaign'),
  items: () => import('../readmodels/items'),
  answer: () => import('../readmodels/answer'),
};

export const newRequestId = (): string => randomUUID();

/** The campaign a command is about: --campaign, RECTIFY_CAMPAIGN, or the only one running. */
export async function resolveCampaign(client: Client, given?: string): Promise<string> {
  const { chooseCampaign } = await readModels.campaign();
  const choice = await chooseCampaign(client, given ?? process.env.RECTIFY_CAMPAIGN);
  if (choice.kind === 'found') return choice.id;
  if (choice.kind === 'none') throw new UserError(say('没有正在运行的整改工作：先运行 rectify start FILE', 'no campaign is running: run rectify start FILE first'));
  throw new UserError(say(`有多个整改工作在运行（${choice.running.join(', ')}）：请用 --campaign ID 指定`, `several campaigns are running (${choice.running.join(', ')}): name one with --campaign ID`));
}

export async function campaignSnapshot(client: Client, campaignId: string): Promise<CampaignSnapshot> {
  const { readCampaign } = await readModels.campaign();
  const snapshot = await readCampaign(client, campaignId);
  if (!snapshot) throw new UserError(noCampaign(campaignId));
  return snapshot;
}

/** The campaign's settings alone (a few KiB, not its list): refused by name when there is no such campaign. */
export async function campaignSettings(client: Client, campaignId: string): Promise<CampaignSettings> {
  const { readCampaignSettings } = await readModels.campaign();
  const settings = await readCampaignSettings(client, campaignId);
  if (!settings) throw new UserError(noCampaign(campaignId));
  return settings;
}

/** One page of the campaign's list and its counts (what `status` reads of a city's campaign). */
export async function campaignPage(client: Client, campaignId: string, request: CampaignPageRequest): Promise<CampaignPage> {
  const { readCampaignPage } = await readModels.campaign();
  const page = await readCampaignPage(client, campaignId, request);
  if (!page) throw new UserError(noCampaign(campaignId));
  return page;
}

const noCampaign = (campaignId: string): string => say(`没有整改工作 ${campaignId}`, `no campaign ${campaignId}`);
const noItem = (campaignId: string, item: string): string => say(`整改工作 ${campaignId} 中没有事项 ${item}`, `no item ${item} in campaign ${campaignId}`);

/** The workflow of the item a person names, looked up in the campaign's own list (keys may carry -2 suffixes). */
export async function itemHandle(client: Client, campaignId: string, item: string): Promise<WorkflowHandle> {
  const { lookupItem } = await readModels.items();
  const found = await lookupItem(client, campaignId, item);
  if (found.kind === 'noCampaign') throw new UserError(noCampaign(campaignId));
  if (found.kind === 'noItem') throw new UserError(noItem(campaignId, item));
  if (found.kind === 'ambiguous') {
    throw new UserError(say(`"${item}" 可指多个事项（${found.ids.join('、')}）：请按计划中的编号书写`,
      `"${item}" could mean several items (${found.ids.join(', ')}): write the id as printed`));
  }
  return found.handle;
}

/** Refuses a payload before it is sent, with every problem named. */
export function checkPayload(kind: PayloadKind, value: unknown, item: string): void {
  const problems = payloadProblems(kind, value, language());
  if (problems.length) throw new UserError(problems.map((p) => `${item}: ${p}`).join('\n'));
}

/** Runs an update or query on an item and turns the engine's refusal into a clear message. */
export async function answerOf<T = ItemAnswer>(item: string, campaignId: string, handle: WorkflowHandle, run: (h: WorkflowHandle) => Promise<T>): Promise<T> {
  const { outcomeOf } = await readModels.answer();
  const outcome = await outcomeOf(handle, run, language());
  if (outcome.ok) return outcome.answer;
  if (outcome.why === 'refused') throw new UserError(say(`被拒绝：${outcome.reason}`, `refused: ${outcome.reason}`));
  if (outcome.why === 'closed') throw new UserError(say(`事项 ${item} 已销号，不再接受报送或调度`, `item ${item} is closed (已销号): nothing more is accepted`));
  throw new UserError(noItem(campaignId, item));
}

/** The answer, and any warnings for the person who sent the update (one line each; `warnings` in JSON). */
export function printAnswer(a: ItemAnswer, json: boolean, warnings: string[] = []): void {
  if (json) { console.log(JSON.stringify(warnings.length ? { ...a, warnings } : a, null, 2)); return; }
  const l = language();
  console.log(displaySafe(`${a.item}: ${a.message} [${stateLabel(a.state, l)}, ${lightLabel(a.light, l)}]`, false));
  for (const w of warnings) console.log(`  ${displaySafe(w, false)}`);
}

/**
 * A campaign file as the CLI reads it: deadlines in working days count the official years loaded here too,
 * and its ledger may also be in the folders of RECTIFY_LEDGER_DIRS.
 */
export async function loadCampaignFile(file: string, opts: { rebaseTo?: string } = {}): Promise<CampaignPlan> {
  return loadCampaign(file, { ...opts, loadedYears: await loadedYears(), ledgerDirs: ledgerDirs() });
}

/** The official years loaded with `rectify calendar update`: the data folder's holidays.json, or the database's (RECTIFY_DATABASE_URL). */
export const loadedYears = async (): Promise<YearArrangement[]> => (await engineStores().holidays.read()).years;
