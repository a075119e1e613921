/**
 * The web service's part of the shared store in PostgreSQL
 * (RECTIFY_DATABASE_URL; schema: migrations/): office sessions and the
 * uploaded evidence, so that any `rectify serve` behind a load balancer knows
 * every session and opens every file. The data folder's counterparts:
 * FolderSessionStore (./sessions.ts) and FolderUploadStore (./uploads.ts).
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import type { Pool } from 'pg';
import type { SessionPolicy } from '../config/web-settings';
import { databasePool, databaseUrl } from '../config/database';
import { migrateDatabase } from '../config/migrate';
import { newSessionSecret, sessionAlive, sessionId, FolderSessionStore, TOUCH_MS, type Session, type SessionStore } from './sessions';
import { FolderUploadStore, type UploadStore } from './uploads';

interface SessionRow { id: string; subject: string; created_at: string; last_seen_at: string; expires_at: string }
const sessionOf = (r: SessionRow): Session =>
  ({ id: r.id, subject: r.subject, createdAt: Number(r.created_at), lastSeenAt: Number(r.last_seen_at), expiresAt: Number(r.expires_at) });

/** Sessions in rectify_sessions, by the SHA-256 of the cookie's secret, with the folder store's rules (sessionAlive, TOUCH_MS). */
export class PgSessionStore implements SessionStore {
  constructor(private readonly db: Pool, private readonly policy: SessionPolicy, private readonly now: () => number = Date.now) {}

  async create(subject: string): Promise<{ secret: string; session: Session }> {
    const now = this.now();
    // Sessions past their time go when a new one is made, so the table does not grow.
    await this.db.query('DELETE FROM rectify_sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [now, now - this.policy.idleMs]);
    await this.db.query('DELETE FROM rectify_once_claims WHERE until < $1', [now]);
    const secret = newSessionSecret();
    const session: Session = { id: sessionId(secret)!, subject, createdAt: now, lastSeenAt: now, expiresAt: now + this.policy.maxMs };
    await this.db.query('INSERT INTO rectify_sessions (id, subject, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [session.id, subject, now, now, session.expiresAt]);
    return { secret, session };
  }

  async lookup(secret: string): Promise<Session | undefined> {
    const id = sessionId(secret);
    if (!id) return undefined;
    const r = await this.db.query<SessionRow>('SELECT * FROM rectify_sessions WHERE id = $1', [id]);
    if (!r.rowCount) return undefined;
    const s = sessionOf(r.rows[0]);
    const now = this.now();
    if (!sessionAlive(s, this.policy, now)) { await this.db.query('DELETE FROM rectify_sessions WHERE id = $1', [id]); return undefined; }
    if (now - s.lastSeenAt >= TOUCH_MS) {
      // Revoked between the read and now: the update finds no row, and it stays revoked.
      const touched = await this.db.query('UPDATE rectify_sessions SET last_seen_at = $2 WHERE id = $1', [id, now]);
      if (!touched.rowCount) return undefined;
      s.lastSeenAt = now;
    }
    return s;
  }

  async revoke(secret: string): Promise<void> {
    const id = sessionId(secret);
    if (id) await this.db.query('DELETE FROM rectify_sessions WHERE id = $1', [id]);
  }

  async revokeAll(subject?: string): Promise<number> {
    const r = subject === undefined ? await this.db.query('DELETE FROM rectify_sessions')
      : await this.db.query('DELETE FROM rectify_sessions WHERE subject = $1', [subject]);
    return r.rowCount ?? 0;
  }

  /** One row per claim, keyed by the SHA-256 of the id: of any number of servers inserting it at once, one inserts it. */
  async claimOnce(id: string, until: number): Promise<boolean> {
    const r = await this.db.query('INSERT INTO rectify_once_claims (id, until) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
      [createHash('sha256').update(id).digest('hex'), until]);
    return r.rowCount === 1;
  }

  /** A session as it was in a data folder (rectify migrate --from-data), kept as it was. */
  async adopt(s: Session): Promise<void> {
    await this.db.query('INSERT INTO rectify_sessions (id, subject, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING',
      [s.id, s.subject, Math.floor(s.createdAt), Math.floor(s.lastSeenAt), Math.floor(s.expiresAt)]);
  }
}

/** Chunks of a file in rectify_upload_chunks: streamed in and out, never a whole file in memory. */
export const UPLOAD_CHUNK = 1048576;

/**
 * Uploaded files in rectify_uploads and rectify_upload_chunks, written in one transaction (a file
 * is there whole or not at all) as it is read from its received copy, read back chunk by chunk.
 */
export class PgUploadStore implements UploadStore {
  constructor(private readonly db: Pool) {}

  async keep(rel: string, file: string): Promise<void> {
    await this.copyIn(rel, file);
    await fs.rm(file, { force: true });
  }

  /** Stores a file at its place, the file left where it is (true when it was not there yet). */
  async copyIn(rel: string, file: string): Promise<boolean> {
    let added = false;
    const c = await this.db.connect();
    try {
      await c.query('BEGIN');
      const fresh = await c.query('INSERT INTO rectify_uploads (rel, bytes) VALUES ($1, 0) ON CONFLICT (rel) DO NOTHING', [rel]);
      if (fresh.rowCount) {
        added = true;
        let n = 0;
        let bytes = 0;
        for await (const chunk of createReadStream(file, { highWaterMark: UPLOAD_CHUNK }) as AsyncIterable<Buffer>) {
          await c.query('INSERT INTO rectify_upload_chunks (rel, n, data) VALUES ($1, $2, $3)', [rel, n++, chunk]);
          bytes += chunk.length;
        }
        await c.query('UPDATE rectify_uploads SET bytes = $2 WHERE rel = $1', [rel, bytes]);
      }
      // Already there: the same place is the same content (its hash names it).
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
    return added;
  }

  async open(rel: string): Promise<{ bytes: number; stream: Readable } | undefined> {
    const r = await this.db.query<{ bytes: string }>('SELECT bytes FROM rectify_uploads WHERE rel = $1', [rel]);
    if (!r.rowCount) return undefined;
    const db = this.db;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let n = 0; ; n++) {
        const c = await db.query<{ data: Buffer }>('SELECT data FROM rectify_upload_chunks WHERE rel = $1 AND n = $2', [rel, n]);
        if (!c.rowCount) return;
        yield c.rows[0].data;
      }
    }
    return { bytes: Number(r.rows[0].bytes), stream: Readable.from(chunks()) };
  }

  async list(): Promise<string[]> {
    return (await this.db.query<{ rel: string }>('SELECT rel FROM rectify_uploads ORDER BY rel')).rows.map((r) => r.rel);
  }
}

/**
 * The web service's stores: RECTIFY_DATABASE_URL's database (its schema migrated first, as at
 * worker start), or the data folder's sessions/ and uploads folder.
 */
export async function openWebStores(s: { sessionsDir: string; uploadsDir: string; sessions: SessionPolicy }, env: NodeJS.ProcessEnv = process.env): Promise<{ sessions: SessionStore; uploads: UploadStore }> {
  const url = databaseUrl(env);
  if (!url) return { sessions: new FolderSessionStore(s.sessionsDir, s.sessions), uploads: new FolderUploadStore(s.uploadsDir) };
  await migrateDatabase(url);
  const db = databasePool(url);
  return { sessions: new PgSessionStore(db, s.sessions), uploads: new PgUploadStore(db) };
}
