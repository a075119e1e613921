/**
 * The activities' part of the shared store in PostgreSQL (RECTIFY_DATABASE_URL;
 * schema: migrations/): sent-mail claims, the event log, loaded holiday years.
 * The data folder's counterparts are in ./stores.ts and ./holidays-store.ts.
 */
import type { Pool } from 'pg';
import type { EngineEvent } from '../domain/types';
import { holidaysDataFile, readHolidaysData, type HolidaysData } from '../domain/holidays';
import type { Claim, EventLog, HolidayStore, SentStore } from './deps';
import { eventKey } from './stores';

/**
 * Claims in rectify_sent_mail. A claim is one INSERT … ON CONFLICT DO NOTHING: of any number
 * of attempts on any hosts, one gets the row. A claim whose lease lapsed (its worker was killed)
 * is taken over by one UPDATE whose WHERE PostgreSQL re-checks under the row's lock: again one winner.
 */
export class PgSentStore implements SentStore {
  constructor(private readonly db: Pool) {}
  async claim(id: string, holder: string, leaseMs: number): Promise<Claim> {
    const lease = [id, holder, Math.max(1, Math.round(leaseMs))];
    const fresh = await this.db.query(
      `INSERT INTO rectify_sent_mail (message_id, state, holder, lease_until) VALUES ($1, 'claimed', $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (message_id) DO NOTHING`, lease);
    if (fresh.rowCount === 1) return 'claimed';
    const taken = await this.db.query(
      `UPDATE rectify_sent_mail SET holder = $2, lease_until = now() + $3 * interval '1 millisecond', claimed_at = now()
       WHERE message_id = $1 AND state = 'claimed' AND (holder = $2 OR lease_until < now())`, lease);
    if (taken.rowCount === 1) return 'claimed';
    const row = await this.db.query<{ state: string }>('SELECT state FROM rectify_sent_mail WHERE message_id = $1', [id]);
    // Released between the two statements: claim again.
    if (!row.rowCount) return this.claim(id, holder, leaseMs);
    return row.rows[0].state === 'sent' ? 'sent' : 'busy';
  }
  async mark(id: string): Promise<void> {
    await this.db.query(
      `INSERT INTO rectify_sent_mail (message_id, state, sent_at) VALUES ($1, 'sent', now())
       ON CONFLICT (message_id) DO UPDATE SET state = 'sent', sent_at = now(), holder = NULL, lease_until = NULL`, [id]);
  }
  async release(id: string, holder: string): Promise<void> {
    await this.db.query(`DELETE FROM rectify_sent_mail WHERE message_id = $1 AND state = 'claimed' AND holder = $2`, [id, holder]);
  }
}

/** The event log in rectify_events: each event once by its key (a retried activity records nothing twice), read in the order recorded. */
export class PgEventLog implements EventLog {
  constructor(private readonly db: Pool) {}
  async record(events: EngineEvent[]): Promise<void> {
    if (!events.length) return;
    const values: unknown[] = [];
    const rows = events.map((e, i) => { values.push(eventKey(e), e.at, JSON.stringify(e)); return `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3}::json)`; });
    await this.db.query(`INSERT INTO rectify_events (key, at, event) VALUES ${rows.join(', ')} ON CONFLICT (key) DO NOTHING`, values);
  }
  async read(): Promise<EngineEvent[]> {
    return (await this.db.query<{ event: EngineEvent }>('SELECT event FROM rectify_events ORDER BY seq')).rows.map((r) => r.event);
  }
}

/** The loaded holiday years in rectify_holidays, one document (holidays.json's content). */
export class PgHolidayStore implements HolidayStore {
  constructor(private readonly db: Pool) {}
  async read(): Promise<HolidaysData> {
    const r = await this.db.query<{ data: unknown }>('SELECT data FROM rectify_holidays WHERE id = 1');
    return r.rowCount ? readHolidaysData(r.rows[0].data) : { format: 'rectify-holidays/1', years: [] };
  }
  async write(data: HolidaysData): Promise<string> {
    await this.db.query(
      `INSERT INTO rectify_holidays (id, data, updated_at) VALUES (1, $1::json, now())
       ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`, [JSON.stringify(holidaysDataFile(data))]);
    return 'PostgreSQL rectify_holidays';
  }
}
