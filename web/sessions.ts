/**
 * Office sessions kept on the server, so that logging out (or "sign out
 * everywhere") ends a session at once, also in a browser that copied the
 * cookie. The cookie carries a random secret (256 bits); a store keeps only
 * its SHA-256, so a copy of the store opens nothing.
 *
 * `subject` is who the session is for: the office token's service account
 * (`office-token:…`), or a person of a campaign's directory
 * (`person:<campaign>:<address>`). The store also remembers which one-time
 * sign-in links were used (`claimOnce`). A PostgreSQL store (issue 18)
 * implements the same interface with the same rules (`sessionAlive`; a claim
 * is an INSERT … ON CONFLICT DO NOTHING).
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { SessionPolicy } from '../config/web-settings';

export interface Session {
  /** Hex SHA-256 of the cookie's secret: the store's key, never the secret itself. */
  id: string;
  subject: string;
  createdAt: number;
  /** The last request seen with it (kept to the minute). */
  lastSeenAt: number;
  /** The absolute cap: createdAt + the policy's maximum. */
  expiresAt: number;
}

export interface SessionStore {
  /** A new session for a subject; the secret goes into the cookie and nowhere else. */
  create(subject: string): Promise<{ secret: string; session: Session }>;
  /** The live session behind a cookie's secret, its last-seen time moved on; undefined when unknown, idle too long or past its cap. */
  lookup(secret: string): Promise<Session | undefined>;
  /** Ends one session (logout). */
  revoke(secret: string): Promise<void>;
  /** Ends every session, or every session of one subject ("sign out everywhere"); how many were ended. */
  revokeAll(subject?: string): Promise<number>;
  /**
   * Marks a one-time thing (a sign-in link's nonce) as used: true the first time, false ever after
   * (until `until`, epoch ms, when the thing has expired anyway and its mark may be forgotten).
   * Atomic: of two requests with the same id at once, one wins.
   */
  claimOnce(id: string, until: number): Promise<boolean>;
}

const SECRET = /^[A-Za-z0-9_-]{43}$/;

export const newSessionSecret = (): string => randomBytes(32).toString('base64url');
/** The store's id of a secret; undefined for anything that is not one of ours. */
export const sessionId = (secret: string): string | undefined => (SECRET.test(secret) ? createHash('sha256').update(secret).digest('hex') : undefined);
export const sessionAlive = (s: Pick<Session, 'lastSeenAt' | 'expiresAt'>, policy: SessionPolicy, now: number): boolean =>
  now < s.expiresAt && now - s.lastSeenAt < policy.idleMs;

/** A last-seen time is written at most this often: a page load does not rewrite its session every time. */
export const TOUCH_MS = 60e3;

/**
 * The data folder's store: one file per session (`<id>.json`, mode 0600, in a
 * folder of mode 0700), written whole to a temporary name and renamed, so a
 * reader never sees half of one and several `serve` processes sharing the
 * folder see the same sessions. The last-seen time is the file's mtime:
 * touching a revoked session fails instead of bringing it back.
 */
export class FolderSessionStore implements SessionStore {
  constructor(private readonly dir: string, private readonly policy: SessionPolicy, private readonly now: () => number = Date.now) {}

  private file(id: string): string { return path.join(this.dir, `${id}.json`); }
  private claims(): string { return path.join(this.dir, 'claims'); }

  async create(subject: string): Promise<{ secret: string; session: Session }> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.prune();
    const secret = newSessionSecret();
    const now = this.now();
    const session: Session = { id: sessionId(secret)!, subject, createdAt: now, lastSeenAt: now, expiresAt: now + this.policy.maxMs };
    const tmp = `${this.file(session.id)}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(tmp, JSON.stringify({ id: session.id, subject, createdAt: now, expiresAt: session.expiresAt }), { mode: 0o600, flag: 'wx' });
    const when = new Date(now);
    await fs.utimes(tmp, when, when);
    await fs.rename(tmp, this.file(session.id));
    return { secret, session };
  }

  /** A session as stored, or undefined (missing, unreadable, or not what we wrote). */
  private async read(id: string): Promise<Session | undefined> {
    try {
      const [text, stat] = await Promise.all([fs.readFile(this.file(id), 'utf8'), fs.stat(this.file(id))]);
      const r = JSON.parse(text) as Partial<Session>;
      if (r.id !== id || typeof r.subject !== 'string' || typeof r.createdAt !== 'number' || typeof r.expiresAt !== 'number') return undefined;
      return { id, subject: r.subject, createdAt: r.createdAt, lastSeenAt: stat.mtimeMs, expiresAt: r.expiresAt };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || err instanceof SyntaxError) return undefined;
      throw err;
    }
  }

  async lookup(secret: string): Promise<Session | undefined> {
    const id = sessionId(secret);
    if (!id) return undefined;
    const s = await this.read(id);
    if (!s) return undefined;
    const now = this.now();
    if (!sessionAlive(s, this.policy, now)) { await this.remove(id); return undefined; }
    if (now - s.lastSeenAt >= TOUCH_MS) {
      try {
        const when = new Date(now);
        await fs.utimes(this.file(id), when, when);
      } catch (err) {
        // Revoked between the read and now: it stays revoked.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
      s.lastSeenAt = now;
    }
    return s;
  }

  private async remove(id: string): Promise<void> {
    await fs.rm(this.file(id), { force: true });
  }

  async revoke(secret: string): Promise<void> {
    const id = sessionId(secret);
    if (id) await this.remove(id);
  }

  private async ids(): Promise<string[]> {
    try {
      return (await fs.readdir(this.dir)).filter((f) => /^[0-9a-f]{64}\.json$/.test(f)).map((f) => f.slice(0, 64));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  async revokeAll(subject?: string): Promise<number> {
    let ended = 0;
    for (const id of await this.ids()) {
      const s = await this.read(id);
      if (subject !== undefined && s?.subject !== subject) continue;
      await this.remove(id);
      ended++;
    }
    return ended;
  }

  /** One file per claim, `claims/<sha256 of the id>`, made with O_EXCL: whoever creates it first has the claim. */
  async claimOnce(id: string, until: number): Promise<boolean> {
    await fs.mkdir(this.claims(), { recursive: true, mode: 0o700 });
    const file = path.join(this.claims(), createHash('sha256').update(id).digest('hex'));
    try {
      await fs.writeFile(file, `${until}\n`, { mode: 0o600, flag: 'wx' });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
  }

  /** Every live session as stored (rectify migrate --from-data copies them). */
  async list(): Promise<Session[]> {
    const now = this.now();
    const all = await Promise.all((await this.ids()).map((id) => this.read(id)));
    return all.filter((s): s is Session => !!s && sessionAlive(s, this.policy, now));
  }

  /** Sessions and claims past their time are deleted when a new session is made, so the folder does not grow. */
  private async prune(): Promise<void> {
    const now = this.now();
    for (const id of await this.ids()) {
      const s = await this.read(id);
      if (s && !sessionAlive(s, this.policy, now)) await this.remove(id);
    }
    const names = await fs.readdir(this.claims()).catch(() => [] as string[]);
    for (const name of names.filter((n) => /^[0-9a-f]{64}$/.test(n))) {
      const file = path.join(this.claims(), name);
      const until = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isFinite(until) && until > 0 && until < now) await fs.rm(file, { force: true });
    }
  }
}
