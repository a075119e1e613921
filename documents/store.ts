/**
 * Where the documents the engine sent are kept: files under the data folder
 * (documents/<campaign>/<id>.{html,docx,json} and an index), memory, or a flat
 * output folder for `simulate --out`. Ids are stable (campaign + kind +
 * moment): a retried activity stores the same files once.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { makePrivateDir, PRIVATE_FILE } from '../config/paths';

export interface StoredDocument {
  id: string;
  campaign: string;
  kind: string;
  /** The moment, ISO with offset. */
  at: string;
  title: string;
  /** File names (relative to the campaign's folder) by format. */
  files: { html: string; docx: string };
}

export interface DocumentStore {
  put(meta: StoredDocument, html: string, docx: Buffer): Promise<void>;
  list(campaign?: string): Promise<StoredDocument[]>;
  read(id: string, format: 'html' | 'docx'): Promise<Buffer | undefined>;
}

export const documentId = (campaign: string, kind: string, atLocal: string): string =>
  `${campaign}-${kind}-${atLocal.slice(0, 16).replace(/[-:]/g, '').replace('T', '-')}`;

export const byTime = (a: StoredDocument, b: StoredDocument): number => a.at.localeCompare(b.at) || a.id.localeCompare(b.id);

export class FileDocumentStore implements DocumentStore {
  /** `flat`: every file straight in `root` (simulate --out); otherwise root/<campaign>/. */
  constructor(private readonly root: string, private readonly flat = false) {}
  private dir(campaign: string): string { return this.flat ? this.root : path.join(this.root, campaign); }
  async put(meta: StoredDocument, html: string, docx: Buffer): Promise<void> {
    const dir = this.dir(meta.campaign);
    await makePrivateDir(dir);
    await fs.writeFile(path.join(dir, meta.files.html), html, { mode: PRIVATE_FILE });
    await fs.writeFile(path.join(dir, meta.files.docx), docx, { mode: PRIVATE_FILE });
    // The .json last: a document is listed only once its files are whole.
    await fs.writeFile(path.join(dir, `${meta.id}.json`), JSON.stringify(meta, null, 2), { mode: PRIVATE_FILE });
  }
  async list(campaign?: string): Promise<StoredDocument[]> {
    const dirs = this.flat ? [this.root] : campaign ? [this.dir(campaign)]
      : (await fs.readdir(this.root).catch(() => [] as string[])).map((d) => path.join(this.root, d));
    const out: StoredDocument[] = [];
    for (const dir of dirs) {
      const names = await fs.readdir(dir).catch(() => [] as string[]);
      for (const n of names.filter((x) => x.endsWith('.json'))) {
        try {
          const meta = JSON.parse(await fs.readFile(path.join(dir, n), 'utf8')) as StoredDocument;
          if (meta.id && meta.files && (!campaign || meta.campaign === campaign)) out.push(meta);
        } catch { /* not one of ours */ }
      }
    }
    return out.sort(byTime);
  }
  async read(id: string, format: 'html' | 'docx'): Promise<Buffer | undefined> {
    const meta = (await this.list()).find((m) => m.id === id);
    if (!meta) return undefined;
    return fs.readFile(path.join(this.dir(meta.campaign), meta.files[format]));
  }
}

export class MemoryDocumentStore implements DocumentStore {
  readonly docs = new Map<string, { meta: StoredDocument; html: string; docx: Buffer }>();
  async put(meta: StoredDocument, html: string, docx: Buffer): Promise<void> { this.docs.set(meta.id, { meta, html, docx }); }
  async list(campaign?: string): Promise<StoredDocument[]> {
    return [...this.docs.values()].map((d) => d.meta).filter((m) => !campaign || m.campaign === campaign).sort(byTime);
  }
  async read(id: string, format: 'html' | 'docx'): Promise<Buffer | undefined> {
    const d = this.docs.get(id);
    return d && (format === 'html' ? Buffer.from(d.html) : d.docx);
  }
}
