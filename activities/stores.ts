/**
 * Where activities remember what they sent and record what happened:
 * files under the data folder for the service, memory for `simulate`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { EngineEvent, ItemPlan } from '../domain/types';
import type { Claim, EventLog, ItemListing, ListedItem, SentStore } from './deps';
import { makePrivateDir, PRIVATE_FILE } from '../config/paths';

export const eventKey = (e: EngineEvent): string => e.messageId ?? [e.kind, e.at, e.item ?? '', e.rung ?? '', e.to.join(',')].join('|');

interface Held { holder: string; until: number; gen?: string }
const lapsed = (h: Held | undefined, holder: string, now: number): boolean => !h || h.holder === holder || !(h.until > now);

/**
 * One marker file per message id (`<hash>`, holding the id: survives worker restarts), and
 * while it is being sent a claim file beside it (`<hash>.claim`, made with O_EXCL: one of any
 * number of claimers makes it). A lapsed claim (its worker killed) is taken over by whoever
 * makes `<hash>.take.<its generation>` with O_EXCL, and checks that the claim is still that one.
 */
export class FileSentStore implements SentStore {
  constructor(private readonly dir: string, private readonly now: () => number = Date.now) {}
  private file(id: string): string {
    return path.join(this.dir, createHash('sha256').update(id).digest('hex').slice(0, 40));
  }
  private async sent(id: string): Promise<boolean> {
    try { await fs.access(this.file(id)); return true; } catch { return false; }
  }
  private async held(id: string): Promise<Held | undefined> {
    return fs.readFile(`${this.file(id)}.claim`, 'utf8').then((t) => JSON.parse(t) as Held).catch(() => undefined);
  }
  private async create(file: string, body: string): Promise<boolean> {
    try {
      await fs.writeFile(file, body, { flag: 'wx', mode: PRIVATE_FILE });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
  }
  async claim(id: string, holder: string, leaseMs: number): Promise<Claim> {
    if (await this.sent(id)) return 'sent';
    await makePrivateDir(this.dir);
    const file = `${this.file(id)}.claim`;
    const body = JSON.stringify({ holder, until: this.now() + leaseMs, gen: randomBytes(8).toString('hex') } satisfies Held);
    if (!(await this.create(file, body))) {
      const held = await this.held(id);
      if (!held) return this.claim(id, holder, leaseMs); // released meanwhile
      if (!lapsed(held, holder, this.now())) return 'busy';
      const take = `${this.file(id)}.take.${held.gen ?? '-'}`;
      if (!(await this.create(take, holder))) return 'busy';
      try {
        if ((await this.held(id))?.gen !== held.gen) return 'busy'; // another took it over first
        const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
        await fs.writeFile(tmp, body, { mode: PRIVATE_FILE });
        await fs.rename(tmp, file);
      } finally {
        await fs.rm(take, { force: true });
      }
    }
    // Marked between the first look and the claim: sent after all.
    if (await this.sent(id)) { await fs.rm(file, { force: true }); return 'sent'; }
    return 'claimed';
  }
  async mark(id: string): Promise<void> {
    await makePrivateDir(this.dir);
    await fs.writeFile(this.file(id), `${id}\n`, { mode: PRIVATE_FILE });
    await fs.rm(`${this.file(id)}.claim`, { force: true });
  }
  async release(id: string, holder: string): Promise<void> {
    if ((await this.held(id))?.holder === holder) await fs.rm(`${this.file(id)}.claim`, { force: true });
  }
  /** The message ids marked sent (rectify migrate --from-data copies them). */
  async list(): Promise<string[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const ids: string[] = [];
    for (const n of names.filter((x) => /^[0-9a-f]{40}$/.test(x))) ids.push((await fs.readFile(path.join(this.dir, n), 'utf8')).trim());
    return ids.filter(Boolean);
  }
}

export class MemorySentStore implements SentStore {
  private readonly ids = new Set<string>();
  private readonly claims = new Map<string, Held>();
  constructor(private readonly now: () => number = Date.now) {}
  async claim(id: string, holder: string, leaseMs: number): Promise<Claim> {
    if (this.ids.has(id)) return 'sent';
    if (!lapsed(this.claims.get(id), holder, this.now())) return 'busy';
    this.claims.set(id, { holder, until: this.now() + leaseMs });
    return 'claimed';
  }
  async mark(id: string): Promise<void> { this.ids.add(id); this.claims.delete(id); }
  async release(id: string, holder: string): Promise<void> {
    if (this.claims.get(id)?.holder === holder) this.claims.delete(id);
  }
}

/** Events kept in memory, once each (a retried activity records nothing twice). */
export class MemoryEventSink implements EventLog {
  readonly events: EngineEvent[] = [];
  private readonly keys = new Set<string>();
  async record(events: EngineEvent[]): Promise<void> {
    for (const e of events) {
      const k = eventKey(e);
      if (this.keys.has(k)) continue;
      this.keys.add(k);
      this.events.push(e);
    }
  }
  async read(): Promise<EngineEvent[]> { return [...this.events]; }
}

/** Events appended to a JSON-lines file; readers drop repeats by key. */
export class JsonlEventSink implements EventLog {
  constructor(private readonly file: string) {}
  async record(events: EngineEvent[]): Promise<void> {
    if (!events.length) return;
    await makePrivateDir(path.dirname(this.file));
    await fs.appendFile(this.file, events.map((e) => JSON.stringify(e)).join('\n') + '\n', { mode: PRIVATE_FILE });
  }
  read(): Promise<EngineEvent[]> { return JsonlEventSink.read(this.file); }
  static async read(file: string): Promise<EngineEvent[]> {
    let text = '';
    try { text = await fs.readFile(file, 'utf8'); } catch { return []; }
    const sink = new MemoryEventSink();
    await sink.record(text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as EngineEvent));
    return sink.events;
  }
}

/** An item's row of the listing (事项名录), as its plan gives it. */
export const listedItem = (i: ItemPlan): ListedItem => ({
  id: i.id, key: i.key, title: i.title ?? '', section: i.section, leadUnit: i.leadUnit, leaderId: i.leaderId, leader: i.leader.name, deadline: i.deadline,
});

/** Rows in one order for both stores: by key, as code units compare (not by a database's collation). */
export const byKey = (a: ListedItem, b: ListedItem): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The listing in the data folder: listing/<campaign>/, one file per batch started (`start-<hash of its keys>.json`:
 * a retried batch rewrites the same file, whole, by rename) and one per plan change (`amend-<ms>-<random>.json`);
 * read, the batches' rows and then the changes' in the order made, the later row of a key winning. A city's
 * 10,000 items are 50 files of 200 rows.
 */
export class FileItemListing implements ItemListing {
  constructor(private readonly root: string, private readonly now: () => number = Date.now) {}
  private dir(campaignId: string): string { return path.join(this.root, encodeURIComponent(campaignId)); }
  private async put(campaignId: string, name: string, rows: ListedItem[]): Promise<void> {
    if (!rows.length) return;
    const dir = this.dir(campaignId);
    await makePrivateDir(dir);
    const tmp = path.join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    await fs.writeFile(tmp, JSON.stringify(rows), { mode: PRIVATE_FILE });
    await fs.rename(tmp, path.join(dir, name));
  }
  async list(campaignId: string, rows: ListedItem[]): Promise<void> {
    const hash = createHash('sha256').update(rows.map((r) => r.key).join('\n')).digest('hex').slice(0, 32);
    await this.put(campaignId, `start-${hash}.json`, rows);
  }
  async amend(campaignId: string, rows: ListedItem[]): Promise<void> {
    await this.put(campaignId, `amend-${String(this.now()).padStart(15, '0')}-${randomBytes(4).toString('hex')}.json`, rows);
  }
  async read(campaignId: string): Promise<ListedItem[]> {
    const dir = this.dir(campaignId);
    const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => /^(start|amend)-[\w-]+\.json$/.test(n));
    // The batches first (their keys are distinct), then the changes, oldest first: a change wins over the start.
    const ordered = [...names.filter((n) => n.startsWith('start-')), ...names.filter((n) => n.startsWith('amend-')).sort()];
    const files = await Promise.all(ordered.map(async (n) => JSON.parse(await fs.readFile(path.join(dir, n), 'utf8')) as ListedItem[]));
    const rows = new Map<string, ListedItem>();
    for (const r of files.flat()) rows.set(r.key, r);
    return [...rows.values()].sort(byKey);
  }
  /** The campaigns listed (rectify migrate --from-data copies them). */
  async campaigns(): Promise<string[]> {
    return (await fs.readdir(this.root).catch(() => [] as string[])).map((n) => decodeURIComponent(n));
  }
}
