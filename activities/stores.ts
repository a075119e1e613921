/**
 * Where activities remember what they sent and record what happened:
 * files under the data folder for the service, memory for `simulate`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { EngineEvent } from '../domain/types';
import type { EventSink, SentStore } from './deps';
import { makePrivateDir, PRIVATE_FILE } from '../config/paths';

const eventKey = (e: EngineEvent): string => e.messageId ?? [e.kind, e.at, e.item ?? '', e.rung ?? '', e.to.join(',')].join('|');

/** One marker file per message id: survives worker restarts. */
export class FileSentStore implements SentStore {
  constructor(private readonly dir: string) {}
  private file(id: string): string {
    return path.join(this.dir, createHash('sha256').update(id).digest('hex').slice(0, 40));
  }
  async has(id: string): Promise<boolean> {
    try { await fs.access(this.file(id)); return true; } catch { return false; }
  }
  async mark(id: string): Promise<void> {
    await makePrivateDir(this.dir);
    await fs.writeFile(this.file(id), `${id}\n`, { mode: PRIVATE_FILE });
  }
}

export class MemorySentStore implements SentStore {
  private readonly ids = new Set<string>();
  async has(id: string): Promise<boolean> { return this.ids.has(id); }
  async mark(id: string): Promise<void> { this.ids.add(id); }
}

/** Events kept in memory, once each (a retried activity records nothing twice). */
export class MemoryEventSink implements EventSink {
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
}

/** Events appended to a JSON-lines file; readers drop repeats by key. */
export class JsonlEventSink implements EventSink {
  constructor(private readonly file: string) {}
  async record(events: EngineEvent[]): Promise<void> {
    if (!events.length) return;
    await makePrivateDir(path.dirname(this.file));
    await fs.appendFile(this.file, events.map((e) => JSON.stringify(e)).join('\n') + '\n', { mode: PRIVATE_FILE });
  }
  static async read(file: string): Promise<EngineEvent[]> {
    let text = '';
    try { text = await fs.readFile(file, 'utf8'); } catch { return []; }
    const sink = new MemoryEventSink();
    await sink.record(text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as EngineEvent));
    return sink.events;
  }
}
