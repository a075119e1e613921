/**
 * Loading a campaign file (YAML or JSON, items inline or from a ledger) into the normalised
 * `CampaignPlan` that workflows receive: read and parse (parse.ts), validate (validate.ts),
 * normalise (normalise.ts). Throws CampaignError with every problem.
 *
 * Runs in the CLI and in activities (Node, luxon), never in workflows.
 */
import { checkCampaignTextSize, parseCampaignText, readCampaignFile, type CampaignFormat } from './parse';
import { validateCampaign, type LoadOptions, type ValidateOptions } from './validate';
import type { CampaignPlan } from '../types';

/** Read, validate and normalise a campaign file (.yaml, .yml or .json). Throws CampaignError. */
export async function loadCampaign(file: string, opts: LoadOptions = {}): Promise<CampaignPlan> {
  const { text, label, format, baseDir } = await readCampaignFile(file);
  return loadCampaignText(text, { label, format, baseDir, rebaseTo: opts.rebaseTo, loadedYears: opts.loadedYears, ledgerDirs: opts.ledgerDirs });
}

/** As `loadCampaign`, from the file's text. */
export async function loadCampaignText(
  text: string,
  opts: ValidateOptions & { format?: CampaignFormat } = {},
): Promise<CampaignPlan> {
  checkCampaignTextSize(text, opts.label ?? 'campaign');
  const raw = parseCampaignText(text, opts.label ?? 'campaign', opts.format ?? 'yaml');
  return validateCampaign(raw, opts);
}
