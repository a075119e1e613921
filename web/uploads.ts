/**
 * Evidence files a contact uploads with a report: a few known document and
 * picture types, checked by web/evidence.ts (content, not only name and first
 * bytes), at most a configured size each; kept under the uploads folder by
 * content hash (the same file posted twice is kept once), the owner's alone.
 */
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Language } from '../domain/i18n';
import { uploadRef, type EvidenceFlag } from '../domain/evidence';
import { makePrivateDir, PRIVATE_FILE } from '../config/paths';
import { checkEvidence, EVIDENCE_TYPES } from './evidence';

export { mb, tooLarge } from './evidence';
export const UPLOAD_TYPES = EVIDENCE_TYPES;
/** Files one form may carry. */
export const MAX_FILES = 5;

export interface Upload { filename: string; content: Buffer }
/** An upload the evidence check accepted, with what it found for the reviewer. */
export interface CheckedUpload extends Upload { flags: EvidenceFlag[] }

/** A display name without paths or control characters. */
export const cleanName = (name: string): string =>
  path.basename(name.replace(/\\/g, '/')).replace(/[\p{Cc}<>"'`]/gu, '').slice(-80) || 'file';

/**
 * Every file through the evidence check, each from a private temporary copy
 * under the uploads folder (removed after the check): the accepted ones with
 * their flags, or why files are refused (each reason names its file).
 */
export async function checkUploads(files: Upload[], uploadsDir: string, maxBytes: number, lang: Language): Promise<{ accepted: CheckedUpload[]; problems: string[] }> {
  const accepted: CheckedUpload[] = [];
  const problems: string[] = [];
  if (!files.length) return { accepted, problems };
  const incoming = path.join(uploadsDir, '.incoming');
  await makePrivateDir(incoming);
  for (const u of files) {
    const tmp = path.join(incoming, randomUUID());
    try {
      await fs.writeFile(tmp, u.content, { mode: PRIVATE_FILE, flag: 'wx' });
      const verdict = await checkEvidence(tmp, cleanName(u.filename), lang, maxBytes);
      if (verdict.ok) accepted.push({ ...u, flags: verdict.flags });
      else problems.push(verdict.reason);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }
  return { accepted, problems };
}

/**
 * Keeps the file as uploads/<campaign>/<item key>/<sha256 prefix>.<ext> and
 * returns the evidence reference recorded with the report (with the check's flags).
 */
export async function storeUpload(dir: string, campaign: string, itemKey: string, u: CheckedUpload): Promise<string> {
  const ext = path.extname(u.filename).slice(1).toLowerCase();
  const hash = createHash('sha256').update(u.content).digest('hex').slice(0, 20);
  const rel = path.posix.join(campaign.replace(/[^A-Za-z0-9_-]/g, '-'), itemKey.replace(/[^A-Za-z0-9_-]/g, '-'), `${hash}.${ext}`);
  const file = path.join(dir, ...rel.split('/'));
  await makePrivateDir(path.dirname(file));
  await fs.writeFile(file, u.content, { flag: 'w', mode: PRIVATE_FILE });
  return uploadRef(cleanName(u.filename), rel, u.flags);
}
