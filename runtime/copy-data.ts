/**
 * `rectify migrate --from-data DIR`: a data folder's system of record copied
 * into the shared store's database, for moving from one host to several.
 * What is there already is kept (every part is keyed: message id, event key,
 * document id, upload place), so the copy can be run again, e.g. once more
 * after the last worker on the old folder stopped.
 */
import path from 'node:path';
import { databasePool } from '../config/database';
import { DEFAULT_SESSION_POLICY } from '../config/web-settings';
import { FileItemListing, FileSentStore, JsonlEventSink } from '../activities/stores';
import { FolderHolidayStore } from '../activities/holidays-store';
import { PgEventLog, PgHolidayStore, PgItemListing, PgSentStore } from '../activities/pg-stores';
import { FileDocumentStore } from '../documents/store';
import { PgDocumentStore } from '../documents/pg-store';
import { FolderSessionStore } from '../web/sessions';
import { FolderUploadStore } from '../web/uploads';
import { PgSessionStore, PgUploadStore } from '../web/pg-store';
import { mergeYears } from '../domain/holidays';

export interface Copied { sent: number; events: number; documents: number; uploads: number; holidayYears: number; sessions: number; listed: number }

/** Copies `dir` (its uploads in `uploadsDir`, default DIR/uploads) into the database at `url`; how many of each it read. */
export async function copyDataFolder(dir: string, url: string, uploadsDir = path.join(dir, 'uploads')): Promise<Copied> {
  const db = databasePool(url);
  const sentIds = await new FileSentStore(path.join(dir, 'sent')).list();
  const sent = new PgSentStore(db);
  for (const id of sentIds) await sent.mark(id);

  const events = await JsonlEventSink.read(path.join(dir, 'events.jsonl'));
  const log = new PgEventLog(db);
  for (let i = 0; i < events.length; i += 500) await log.record(events.slice(i, i + 500));

  const from = new FileDocumentStore(path.join(dir, 'documents'));
  const docs = await from.list();
  const to = new PgDocumentStore(db);
  for (const d of docs) {
    const [html, docx] = await Promise.all([from.read(d.id, 'html'), from.read(d.id, 'docx')]);
    if (html && docx) await to.put(d, html.toString('utf8'), docx);
  }

  const places = await new FolderUploadStore(uploadsDir).list();
  const uploads = new PgUploadStore(db);
  for (const rel of places) await uploads.copyIn(rel, path.join(uploadsDir, ...rel.split('/')));

  const loaded = await new FolderHolidayStore(dir).read();
  const holidays = new PgHolidayStore(db);
  // The database's years are kept; the folder's are added (the same year: the folder's, as `calendar update` replaces it).
  if (loaded.years.length) await holidays.write(mergeYears(await holidays.read(), loaded.years));

  // Idle and capped by their own times: the policy only filters out what is dead by the defaults' measure.
  const sessionsFrom = await new FolderSessionStore(path.join(dir, 'sessions'), { ...DEFAULT_SESSION_POLICY, idleMs: Infinity, maxMs: Infinity }).list();
  const sessions = new PgSessionStore(db, DEFAULT_SESSION_POLICY);
  for (const s of sessionsFrom) await sessions.adopt(s);

  // 事项名录: each campaign's rows as the folder reads them (its plan changes applied); a row already in the database is kept.
  const listingFrom = new FileItemListing(path.join(dir, 'listing'));
  const listing = new PgItemListing(db);
  let listed = 0;
  for (const campaign of await listingFrom.campaigns()) {
    const rows = await listingFrom.read(campaign);
    for (let i = 0; i < rows.length; i += 1000) await listing.list(campaign, rows.slice(i, i + 1000));
    listed += rows.length;
  }

  return { listed, sent: sentIds.length, events: events.length, documents: docs.length, uploads: places.length, holidayYears: loaded.years.length, sessions: sessionsFrom.length };
}
