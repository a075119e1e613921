/**
 * `rectify serve`'s settings from the environment, validated with zod.
 * Secrets (the link key, the office token) come from the environment or a
 * file and are never logged.
 */
import { z } from 'zod';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { readKey } from './links';

const env = z.object({
  RECTIFY_PUBLIC_URL: z.string().url().refine((u) => /^https?:/.test(u), 'http or https').optional(),
  RECTIFY_LINK_KEY: z.string().min(1).optional(),
  RECTIFY_LINK_KEY_FILE: z.string().min(1).optional(),
  RECTIFY_OFFICE_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  RECTIFY_OFFICE_TOKEN_FILE: z.string().min(1).optional(),
  /** Where uploaded evidence is kept (default: DATA/uploads). */
  RECTIFY_UPLOADS: z.string().min(1).optional(),
  /** Largest file a contact may upload, in MB. */
  RECTIFY_UPLOAD_MAX_MB: z.coerce.number().positive().max(100).default(10),
});

export interface WebSettings {
  key: Buffer;
  publicUrl?: string;
  officeToken?: string;
  uploadsDir: string;
  maxUploadBytes: number;
}

/** Throws with every problem named (`environment NAME: what`). */
export function readWebSettings(dataDir: string, source: NodeJS.ProcessEnv = process.env): WebSettings {
  const r = env.safeParse(source);
  if (!r.success) throw new Error(r.error.issues.map((i) => `environment ${i.path.join('.')}: ${i.message}`).join('\n'));
  const e = r.data;
  const key = readKey(e.RECTIFY_LINK_KEY, e.RECTIFY_LINK_KEY_FILE, 'RECTIFY_LINK_KEY');
  if (!key) throw new Error('environment RECTIFY_LINK_KEY: the link-signing key is needed (RECTIFY_LINK_KEY or RECTIFY_LINK_KEY_FILE, the same as the worker\'s)');
  const token = e.RECTIFY_OFFICE_TOKEN ?? (e.RECTIFY_OFFICE_TOKEN_FILE ? readFileSync(e.RECTIFY_OFFICE_TOKEN_FILE, 'utf8').trim() : undefined);
  if (token !== undefined && token.length < 16) throw new Error('environment RECTIFY_OFFICE_TOKEN_FILE: the token needs at least 16 characters');
  return {
    key, publicUrl: e.RECTIFY_PUBLIC_URL, officeToken: token,
    uploadsDir: path.resolve(e.RECTIFY_UPLOADS ?? path.join(dataDir, 'uploads')),
    maxUploadBytes: Math.round(e.RECTIFY_UPLOAD_MAX_MB * 1048576),
  };
}
