/**
 * Evidence files a contact uploads with a report: a few known document and
 * picture types, checked by web/evidence.ts (content, not only name and first
 * bytes), at most a configured size each. Each is streamed to a private
 * temporary file under the uploads folder as it arrives, checked there, and
 * kept under the uploads folder by content hash only once the report it
 * belongs to is recorded (the same file posted twice is kept once), the
 * owner's alone.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { uploadRef, type EvidenceFlag } from '../domain/evidence';
import { withoutUnsafe } from '../domain/text';
import { makePrivateDir, PRIVATE_FILE } from '../config/paths';
import { EVIDENCE_TYPES } from './evidence';

export { mb, tooLarge } from './evidence';
export const UPLOAD_TYPES = EVIDENCE_TYPES;
/** Files one form may carry. */
export const MAX_FILES = 5;

/** A display name without paths, control or bidi characters (`\u202Egnp.exe.pdf` would read as `fdp.exe.png`), or markup quotes. */
export const cleanName = (name: string): string =>
  withoutUnsafe(path.basename(name.replace(/\\/g, '/'))).replace(/[<>"'`]/g, '').trim().slice(-80) || 'file';

/**
 * A file part as it arrived: streamed to a temporary file under the uploads
 * folder's `.incoming/` (mode 0600), hashed and counted on the way. Checked
 * there (checkEvidence), then kept (moved to its content-hash place) or
 * discarded.
 */
export interface Incoming {
  /** The temporary file. */
  path: string;
  /** The name the browser gave. */
  declaredName: string;
  bytes: number;
  /** SHA-256 of the content, hex. */
  sha256: string;
}

/** Files being received, under the uploads folder (same file system: the move to their place is a rename). */
export const INCOMING = '.incoming';

/** A file part that broke off (the client went away, or the part has no end): the body's fault, not the server's. */
export class BrokenUpload extends Error {}

/**
 * Streams a file part to a fresh temporary file, hashing as it goes. A part
 * that passes the size limit (busboy's 'limit' event) is not read on:
 * 'tooLarge'. Whatever happens, no temporary file is left behind but the one
 * returned.
 */
export async function receiveUpload(dir: string, declaredName: string, source: Readable): Promise<Incoming | 'tooLarge'> {
  const folder = path.join(dir, INCOMING);
  await makePrivateDir(folder);
  const file = path.join(folder, randomBytes(16).toString('hex'));
  const hash = createHash('sha256');
  let bytes = 0;
  let overLimit = false;
  const onLimit = () => { overLimit = true; source.destroy(); };
  source.once('limit', onLimit);
  try {
    await pipeline(source, async function* count(chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    }, createWriteStream(file, { flags: 'wx', mode: PRIVATE_FILE }));
  } catch (err) {
    await fs.rm(file, { force: true });
    if (overLimit) return 'tooLarge';
    // The file system's errors (full, not writable) are the server's; anything else came with the body.
    if ((err as NodeJS.ErrnoException).syscall) throw err;
    throw new BrokenUpload((err as Error).message);
  } finally {
    source.off('limit', onLimit);
  }
  if (overLimit) { await fs.rm(file, { force: true }); return 'tooLarge'; }
  return { path: file, declaredName, bytes, sha256: hash.digest('hex') };
}

/** An item's folder under the uploads folder, `<campaign>/<item key>` (only [A-Za-z0-9_-] in each). */
export const itemFolder = (campaign: string, itemKey: string): string =>
  `${campaign.replace(/[^A-Za-z0-9_-]/g, '-')}/${itemKey.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/**
 * Where a file is kept, uploads/<campaign>/<item key>/<sha256 prefix>.<ext>
 * (the same file posted twice is kept once), and the evidence reference the
 * report records for it (with the evidence check's flags).
 */
export function uploadPlace(campaign: string, itemKey: string, u: Incoming, flags: readonly EvidenceFlag[]): { rel: string; reference: string } {
  const ext = path.extname(u.declaredName).slice(1).toLowerCase();
  const rel = path.posix.join(itemFolder(campaign, itemKey), `${u.sha256.slice(0, 20)}.${ext}`);
  return { rel, reference: uploadRef(cleanName(u.declaredName), rel, flags) };
}

/**
 * Says where a received file goes, next to it (`<temp>.keep`), before the
 * update that names that place is sent: from then on the report may name the
 * file, so a crash or a lost answer must not lose it (cleanIncoming keeps it).
 */
export async function intendUpload(u: Incoming, rel: string): Promise<void> {
  await fs.writeFile(intentOf(u.path), rel, { mode: PRIVATE_FILE, flag: 'w' });
}

const INTENT = '.keep';
const intentOf = (file: string): string => `${file}${INTENT}`;
/** A place uploadPlace makes: campaign/item/<20 hex>.<ext>, nothing else (an intent file is not trusted further). */
export const PLACE = /^[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\/[0-9a-f]{20}\.[a-z]+$/;

/** Where kept files are: the uploads folder (FolderUploadStore) or the shared store's database (web/pg-store.ts). */
export interface UploadStore {
  /** Keeps a received file at its place, whole or not at all (the same place kept twice holds the same content); the received file is gone after. */
  keep(rel: string, file: string): Promise<void>;
  /** A kept file, streamed; undefined when there is none at that place. */
  open(rel: string): Promise<{ bytes: number; stream: Readable } | undefined>;
  /** Every place kept (rectify migrate --from-data copies them). */
  list(): Promise<string[]>;
}

/** The uploads folder: uploads/<campaign>/<item>/<file>, the received file renamed into its place. */
export class FolderUploadStore implements UploadStore {
  constructor(private readonly dir: string) {}
  private file(rel: string): string { return path.join(this.dir, ...rel.split('/')); }
  async keep(rel: string, file: string): Promise<void> {
    const to = this.file(rel);
    await makePrivateDir(path.dirname(to));
    await fs.rename(file, to);
  }
  async open(rel: string): Promise<{ bytes: number; stream: Readable } | undefined> {
    if (!PLACE.test(rel)) return undefined;
    const st = await fs.stat(this.file(rel)).catch(() => undefined);
    return st?.isFile() ? { bytes: st.size, stream: createReadStream(this.file(rel)) } : undefined;
  }
  async list(): Promise<string[]> {
    const out: string[] = [];
    const names = async (d: string) => (await fs.readdir(path.join(this.dir, d), { withFileTypes: true }).catch(() => []));
    for (const c of await names('')) {
      if (!c.isDirectory() || c.name === INCOMING) continue;
      for (const i of await names(c.name)) {
        if (!i.isDirectory()) continue;
        for (const f of await names(path.join(c.name, i.name))) {
          const rel = `${c.name}/${i.name}/${f.name}`;
          if (f.isFile() && PLACE.test(rel)) out.push(rel);
        }
      }
    }
    return out.sort();
  }
}

/** Moves a received file to its place in the store and forgets its intent. */
export async function keepUpload(store: UploadStore, rel: string, u: Pick<Incoming, 'path'>): Promise<void> {
  await store.keep(rel, u.path);
  await fs.rm(intentOf(u.path), { force: true });
}

/** Deletes a received file that is not kept (gone already is fine). */
export const discardUpload = async (u: Incoming): Promise<void> => {
  await fs.rm(u.path, { force: true });
  await fs.rm(intentOf(u.path), { force: true });
};

/**
 * Settles what a crash left in `.incoming/`, for files older than
 * `olderThanMs` (a younger one may be another instance's upload in
 * progress, with a shared uploads folder): a file whose update was sent (it
 * has its `.keep`) goes to its place, since the report may name it (at worst
 * an unreferenced file is kept; never a reference without its file); any
 * other is removed. Returns how many were kept and removed.
 */
export async function cleanIncoming(dir: string, store: UploadStore, olderThanMs = 3600e3, nowMs = Date.now()): Promise<{ kept: number; removed: number }> {
  const folder = path.join(dir, INCOMING);
  let names: string[];
  try { names = await fs.readdir(folder); } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kept: 0, removed: 0 };
    throw err;
  }
  const done = { kept: 0, removed: 0 };
  for (const name of names) {
    const file = path.join(folder, name);
    const st = await fs.lstat(file).catch(() => undefined);
    if (!st?.isFile() || nowMs - st.mtimeMs <= olderThanMs) continue;
    if (name.endsWith(INTENT)) {
      // An intent whose file is gone (kept or discarded before the crash) says nothing more.
      if (!names.includes(name.slice(0, -INTENT.length))) await fs.rm(file, { force: true });
      continue;
    }
    const rel = (await fs.readFile(intentOf(file), 'utf8').catch(() => '')).trim();
    if (PLACE.test(rel)) {
      await keepUpload(store, rel, { path: file });
      done.kept++;
    } else {
      await fs.rm(file, { force: true });
      await fs.rm(intentOf(file), { force: true });
      done.removed++;
    }
  }
  return done;
}
