/**
 * Evidence files a contact uploads with a report: a few known document and
 * picture types, recognised by their first bytes as well as their name, at
 * most a configured size each; kept under the uploads folder by content hash
 * (the same file posted twice is kept once).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Extension → the bytes such a file starts with (docx/xlsx are zip, doc/xls OLE). */
const TYPES: Record<string, number[][]> = {
  pdf: [[0x25, 0x50, 0x44, 0x46, 0x2d]],
  png: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  jpg: [[0xff, 0xd8, 0xff]],
  jpeg: [[0xff, 0xd8, 0xff]],
  docx: [[0x50, 0x4b, 0x03, 0x04]],
  xlsx: [[0x50, 0x4b, 0x03, 0x04]],
  doc: [[0xd0, 0xcf, 0x11, 0xe0]],
  xls: [[0xd0, 0xcf, 0x11, 0xe0]],
};
export const UPLOAD_TYPES = Object.keys(TYPES);
/** Files one form may carry. */
export const MAX_FILES = 5;

export interface Upload { filename: string; content: Buffer }

/** Why a file is refused, or undefined when it is acceptable. */
export function uploadProblem(u: Upload, maxBytes: number, zh: boolean): string | undefined {
  const ext = path.extname(u.filename).slice(1).toLowerCase();
  const magic = TYPES[ext];
  if (!magic) return zh ? `${u.filename}：不支持的文件类型（可上传 ${UPLOAD_TYPES.join('、')}）` : `${u.filename}: file type not accepted (${UPLOAD_TYPES.join(', ')})`;
  if (u.content.length > maxBytes) return tooLarge(u.filename, maxBytes, zh);
  if (u.content.length === 0 || !magic.some((m) => m.every((b, i) => u.content[i] === b))) {
    return zh ? `${u.filename}：文件内容与类型 .${ext} 不符` : `${u.filename}: the content is not a .${ext} file`;
  }
  return undefined;
}

export const tooLarge = (name: string, maxBytes: number, zh: boolean): string =>
  (zh ? `${name}：文件过大（每个最大 ${mb(maxBytes)}）` : `${name}: too large (at most ${mb(maxBytes)} each)`);

export const mb = (n: number): string => `${(n / 1048576).toFixed(n % 1048576 ? 1 : 0)} MB`;

/** A display name without paths or control characters. */
export const cleanName = (name: string): string =>
  path.basename(name.replace(/\\/g, '/')).replace(/[\p{Cc}<>"'`]/gu, '').slice(-80) || 'file';

/**
 * Keeps the file as uploads/<campaign>/<item key>/<sha256 prefix>.<ext> and
 * returns the evidence reference recorded with the report.
 */
export async function storeUpload(dir: string, campaign: string, itemKey: string, u: Upload): Promise<string> {
  const ext = path.extname(u.filename).slice(1).toLowerCase();
  const hash = createHash('sha256').update(u.content).digest('hex').slice(0, 20);
  const rel = path.posix.join(campaign.replace(/[^A-Za-z0-9_-]/g, '-'), itemKey.replace(/[^A-Za-z0-9_-]/g, '-'), `${hash}.${ext}`);
  const file = path.join(dir, ...rel.split('/'));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, u.content, { flag: 'w' });
  return `${cleanName(u.filename)} [upload:${rel}]`;
}
