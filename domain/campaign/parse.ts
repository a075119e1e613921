/**
 * Parsing: a file a person named → its text → plain data (YAML or JSON).
 *
 * Refusals name the file, and for a syntax error its line and column
 * (`seed.yaml line 3, column 7: ...`). Nothing here knows what a campaign holds:
 * the same parser reads holiday files, close-out files and reports scripts.
 */
import * as path from 'node:path';
import YAML from 'yaml';
import { readInputFile, readInputFileSync, tooBig, type SizeLimit } from '../files';
import { LIMITS } from '../limits';
import { CampaignError } from './problems';

/** Campaign files are refused above this size before they are parsed (LIMITS.campaignFileBytes says why). */
const CAMPAIGN_FILE: SizeLimit = {
  bytes: LIMITS.campaignFileBytes,
  why: 'for a campaign file (list the items of a bigger campaign in a ledger: itemsFrom)',
};

/** A campaign file's text, refused naming the file when it is over the campaign file's size limit. */
export function checkCampaignTextSize(text: string, label: string): void {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > CAMPAIGN_FILE.bytes) throw new CampaignError([{ where: label, what: tooBig(size, CAMPAIGN_FILE) }]);
}

/**
 * Brackets nested deeper than this are refused before parsing: a campaign file nests a few levels,
 * and a megabyte of "[" kept the YAML parser busy for 46 s and 1 GB. Counted without regard to
 * quotes (a guard, not a parser): unbalanced ASCII brackets in texts do not come near it.
 */
const MAX_NESTING = 100;

function nestingTooDeep(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x5b || ch === 0x7b) {
      if (++depth > MAX_NESTING) return true;
    } else if ((ch === 0x5d || ch === 0x7d) && depth > 0) depth--;
  }
  return false;
}

/** YAML syntax errors listed at most (a broken file can have thousands, one per line). */
const MAX_SYNTAX_ERRORS = 20;

export type CampaignFormat = 'yaml' | 'json';

/** A campaign file's text, with what the rest of loading needs to know about the file. */
export interface CampaignText {
  text: string;
  /** How problems name the file: its base name. */
  label: string;
  format: CampaignFormat;
  /** Where `itemsFrom` is resolved from: the file's folder. */
  baseDir: string;
}

/** Read a campaign file (.yaml, .yml or .json) as UTF-8 text. Throws CampaignError. */
export async function readCampaignFile(file: string): Promise<CampaignText> {
  const label = path.basename(file);
  const ext = path.extname(file).toLowerCase();
  const format: CampaignFormat | undefined = ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : undefined;
  if (!format) throw new CampaignError([{ where: label, what: 'a campaign file is .yaml, .yml or .json' }]);
  let bytes: Buffer;
  try {
    bytes = await readInputFile(file, CAMPAIGN_FILE);
  } catch (e) {
    throw new CampaignError([{ where: label, what: (e as Error).message }]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CampaignError([{ where: label, what: 'not UTF-8 text (saved as GBK/ANSI?): save the file as UTF-8 and load it again' }]);
  }
  return { text, label, format, baseDir: path.dirname(path.resolve(file)) };
}

/**
 * A YAML or JSON data file a person named (holiday file, close-out file, reports script) → plain
 * data. Throws CampaignError naming the file, and line and column for a syntax error.
 */
export function readDataFileSync(file: string): unknown {
  return parseCampaignText(readDataTextSync(file), path.basename(file), dataFormatOf(file));
}

/** A data file's text (UTF-8, within the input limit); CampaignError naming the file when it cannot be read. */
export function readDataTextSync(file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(readInputFileSync(file));
  } catch (e) {
    throw new CampaignError([{ where: path.basename(file), what: e instanceof TypeError ? 'not UTF-8 text (saved as GBK/ANSI?): save the file as UTF-8' : (e as Error).message }]);
  }
}

/** A data file's format by its name: JSON for .json, else YAML. */
export const dataFormatOf = (file: string): CampaignFormat => (path.extname(file).toLowerCase() === '.json' ? 'json' : 'yaml');

/** YAML or JSON text → plain data. Throws CampaignError naming line and column. */
export function parseCampaignText(text: string, label: string, format: CampaignFormat): unknown {
  if (nestingTooDeep(text)) {
    throw new CampaignError([{ where: label, what: `lists or mappings nested more than ${MAX_NESTING} deep ([ and { brackets): not a campaign, holiday, close-out or reports file` }]);
  }
  if (format === 'json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      const msg = String((e as Error).message);
      const what = msg
        .replace(/, ".*" is not valid JSON$/s, '')
        .replace(/ (in JSON )?at position \d+.*$/s, '')
        .replace(/\s+/g, ' ')
        .trim();
      const pos = /position (\d+)/.exec(msg);
      let where = label;
      if (pos) {
        const before = text.slice(0, Number(pos[1]));
        const lines = before.split('\n');
        where = `${label} line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
      } else {
        // This Node does not say where: the YAML parser reads JSON too, and does.
        const e0 = YAML.parseDocument(text).errors[0];
        if (e0?.linePos) where = `${label} line ${e0.linePos[0].line}, column ${e0.linePos[0].col}`;
      }
      throw new CampaignError([{ where, what: `not valid JSON: ${what}` }]);
    }
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const shown = doc.errors.slice(0, MAX_SYNTAX_ERRORS).map((e) => ({
      where: e.linePos ? `${label} line ${e.linePos[0].line}, column ${e.linePos[0].col}` : label,
      what: e.code === 'MULTIPLE_DOCS'
        ? 'more than one YAML document (---): a campaign file holds one'
        : e.message.replace(/ at line \d+, column \d+[\s\S]*$/, '').trim(),
      ...(e.code === 'MULTIPLE_DOCS' ? {} : { zh: `YAML 语法错误（${e.code}）` }),
    }));
    const more = doc.errors.length - shown.length;
    throw new CampaignError(more > 0 ? [...shown, { where: label, what: `and ${more} more syntax errors` }] : shown);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    throw new CampaignError([{ where: label, what: `YAML: ${(e as Error).message}` }]);
  }
}
