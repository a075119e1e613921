/** The documents sent, in PostgreSQL (rectify_documents): the same ids, listing and files as the data folder's store. */
import type { Pool } from 'pg';
import { byTime, type DocumentStore, type StoredDocument } from './store';

export class PgDocumentStore implements DocumentStore {
  constructor(private readonly db: Pool) {}
  /** One row, whole or not at all: a document is listed only once its files are in. A retried activity rewrites the same row. */
  async put(meta: StoredDocument, html: string, docx: Buffer): Promise<void> {
    await this.db.query(
      `INSERT INTO rectify_documents (id, campaign, at, meta, html, docx) VALUES ($1, $2, $3, $4::json, $5, $6)
       ON CONFLICT (id) DO UPDATE SET campaign = EXCLUDED.campaign, at = EXCLUDED.at, meta = EXCLUDED.meta, html = EXCLUDED.html, docx = EXCLUDED.docx, stored_at = now()`,
      [meta.id, meta.campaign, meta.at, JSON.stringify(meta), html, docx]);
  }
  async list(campaign?: string): Promise<StoredDocument[]> {
    const r = campaign
      ? await this.db.query<{ meta: StoredDocument }>('SELECT meta FROM rectify_documents WHERE campaign = $1', [campaign])
      : await this.db.query<{ meta: StoredDocument }>('SELECT meta FROM rectify_documents');
    // Sorted here, as the data folder's store sorts (not by the database's collation).
    return r.rows.map((x) => x.meta).sort(byTime);
  }
  async read(id: string, format: 'html' | 'docx'): Promise<Buffer | undefined> {
    if (format === 'html') {
      const r = await this.db.query<{ html: string }>('SELECT html FROM rectify_documents WHERE id = $1', [id]);
      return r.rowCount ? Buffer.from(r.rows[0].html) : undefined;
    }
    const r = await this.db.query<{ docx: Buffer }>('SELECT docx FROM rectify_documents WHERE id = $1', [id]);
    return r.rowCount ? r.rows[0].docx : undefined;
  }
}
