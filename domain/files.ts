/**
 * Reading a file a person named (campaign file, ledger, holiday file, close-out
 * file, reports script): a missing file, a directory, a device such as
 * /dev/zero, or a file far bigger than any campaign are refused with one clear
 * sentence instead of an fs error, a hang or an exhausted heap.
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { LIMITS } from './limits';

/** What is wrong with the file, as a sentence: callers prefix where (the file's name). */
export class InputFileError extends Error {}

const MB = 1024 * 1024;

/** A lower limit than LIMITS.inputFileBytes for one kind of file, and what to say about it. */
export interface SizeLimit {
  bytes: number;
  /** What the limit is for, and what to do instead: `for a campaign file (…)`. */
  why: string;
}

function check(file: string, s: Stats, limit?: SizeLimit): void {
  if (s.isDirectory()) throw new InputFileError(`is a folder, not a file (${path.resolve(file)})`);
  if (!s.isFile()) throw new InputFileError(`is not a regular file (${path.resolve(file)})`);
  if (s.size > LIMITS.inputFileBytes) {
    throw new InputFileError(`too big: ${(s.size / MB).toFixed(1)} MB, at most ${LIMITS.inputFileBytes / MB} MB`);
  }
  if (limit && s.size > limit.bytes) throw new InputFileError(tooBig(s.size, limit));
}

/** `too big: 12.0 MB, at most 10 MB for a campaign file (…)`. */
export const tooBig = (size: number, limit: SizeLimit): string =>
  `too big: ${(size / MB).toFixed(1)} MB, at most ${limit.bytes / MB} MB ${limit.why}`;

function refusal(file: string, e: unknown): InputFileError {
  if (e instanceof InputFileError) return e;
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new InputFileError(`no such file (looked for ${path.resolve(file)})`);
  if (code === 'EACCES' || code === 'EPERM') return new InputFileError(`not allowed to read it (${path.resolve(file)})`);
  return new InputFileError(`cannot read the file: ${code ?? String((e as Error).message).split('\n')[0]}`);
}

/** The file's bytes, refused (InputFileError) before it is read when it is not a regular file or too big. */
export async function readInputFile(file: string, limit?: SizeLimit): Promise<Buffer> {
  try {
    check(file, await stat(file), limit);
    return await readFile(file);
  } catch (e) {
    throw refusal(file, e);
  }
}

export function readInputFileSync(file: string): Buffer {
  try {
    check(file, statSync(file));
    return readFileSync(file);
  } catch (e) {
    throw refusal(file, e);
  }
}
