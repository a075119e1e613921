/**
 * The activities' part of the shared store in PostgreSQL (RECTIFY_DATABASE_URL;
 * schema: migrations/): sent-mail claims, the event log, loaded holiday years, the item listing.
 * The data folder's counterparts are in ./stores.ts and ./holidays-store.ts.
 */
import type { Pool } from 'pg';
import type { EngineEvent } from '../domain/types';
import { holidaysDataFile, readHolidaysData, type HolidaysData } from '../domain/holidays';
import type { Claim, EventLog, HolidayStore, ItemListing, ListedItem, SentStore } from './deps';
import { byKey, eventKey } from './stores';

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

/**
 * The listing in rectify_item_listing, a row per campaign and item: a batch is one INSERT of its rows (given as one
 * JSON array), a row already there kept (a retried batch); a plan change's rows replace theirs (upsert).
 */
export class PgItemListing implements ItemListing {
  constructor(private readonly db: Pool) {}
  private async put(campaignId: string, rows: ListedItem[], onConflict: string): Promise<void> {
    if (!rows.length) return;
    await this.db.query(
      `INSERT INTO rectify_item_listing (campaign, key, id, title, section, lead_unit, leader_id, leader, deadline)
       SELECT $1, r.key, r.id, r.title, r.section, r."leadUnit", r."leaderId", r.leader, r.deadline
       FROM json_to_recordset($2::json) AS r(key text, id text, title text, section text, "leadUnit" text, "leaderId" text, leader text, deadline text)
       ON CONFLICT (campaign, key) ${onConflict}`, [campaignId, JSON.stringify(rows)]);
  }
  list(campaignId: string, rows: ListedItem[]): Promise<void> { return this.put(campaignId, rows, 'DO NOTHING'); }
  amend(campaignId: string, rows: ListedItem[]): Promise<void> {
    return this.put(campaignId, rows, `DO UPDATE SET id = EXCLUDED.id, title = EXCLUDED.title, section = EXCLUDED.section, lead_unit = EXCLUDED.lead_unit,
      leader_id = EXCLUDED.leader_id, leader = EXCLUDED.leader, deadline = EXCLUDED.deadline, written_at = now()`);
  }
  async read(campaignId: string): Promise<ListedItem[]> {
    const r = await this.db.query<ListedItem>(
      `SELECT key, id, title, section, lead_unit AS "leadUnit", leader_id AS "leaderId", leader, deadline FROM rectify_item_listing WHERE campaign = $1`, [campaignId]);
    return r.rows.map((x) => ({ id: x.id, key: x.key, title: x.title, section: x.section, leadUnit: x.leadUnit, leaderId: x.leaderId, leader: x.leader, deadline: x.deadline })).sort(byKey);
  }
}
