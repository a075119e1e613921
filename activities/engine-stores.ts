/**
 * Where the engine keeps its part of the system of record: the data folder
 * (the default: one host, nothing else needed) or, with RECTIFY_DATABASE_URL,
 * PostgreSQL, shared by every worker, server and CLI on any host.
 */
import path from 'node:path';
import { dataDir } from '../config/paths';
import { databasePool, databaseUrl, describeDatabase } from '../config/database';
import { FileDocumentStore, type DocumentStore } from '../documents/store';
import { PgDocumentStore } from '../documents/pg-store';
import type { ActivityDeps, EventLog, HolidayStore, ItemListing, SentStore } from './deps';
import { migrateDatabase } from '../config/migrate';
import { FileItemListing, FileSentStore, JsonlEventSink } from './stores';
import { FolderHolidayStore } from './holidays-store';
import { PgEventLog, PgHolidayStore, PgItemListing, PgSentStore } from './pg-stores';

export interface EngineStores {
  /** True for the database (several hosts), false for the data folder. */
  shared: boolean;
  /** For a first line: the data folder's path or the database's host and name. */
  where: string;
  sent: SentStore;
  events: EventLog;
  documents: DocumentStore;
  holidays: HolidayStore;
  /** 事项名录: what the board of a campaign with desks shows of each item. */
  listing: ItemListing;
}

/** The data folder's stores, as they always were: sent/, events.jsonl, documents/, holidays.json; and listing/. */
export function folderStores(dir: string): EngineStores {
  return {
    shared: false, where: dir,
    sent: new FileSentStore(path.join(dir, 'sent')), events: new JsonlEventSink(path.join(dir, 'events.jsonl')),
    documents: new FileDocumentStore(path.join(dir, 'documents')), holidays: new FolderHolidayStore(dir), listing: new FileItemListing(path.join(dir, 'listing')),
  };
}

export function databaseStores(url: string): EngineStores {
  const db = databasePool(url);
  return {
    shared: true, where: describeDatabase(url),
    sent: new PgSentStore(db), events: new PgEventLog(db), documents: new PgDocumentStore(db), holidays: new PgHolidayStore(db), listing: new PgItemListing(db),
  };
}

/** RECTIFY_DATABASE_URL's database, or the data folder. */
export function engineStores(dir: string = dataDir(), env: NodeJS.ProcessEnv = process.env): EngineStores {
  const url = databaseUrl(env);
  return url ? databaseStores(url) : folderStores(dir);
}

/** The same, for a worker starting: the database's schema brought up to date first (node-pg-migrate, under its lock). */
export async function openEngineStores(dir: string = dataDir(), env: NodeJS.ProcessEnv = process.env): Promise<EngineStores> {
  const url = databaseUrl(env);
  if (!url) return folderStores(dir);
  await migrateDatabase(url);
  return databaseStores(url);
}

/** What a worker's activities are built over, of these stores (the data folder's holiday years are read as files, as always). */
export const storeDeps = (s: EngineStores, dir: string): Pick<ActivityDeps, 'sent' | 'events' | 'documents' | 'holidays' | 'dataDir' | 'listing'> =>
  ({ sent: s.sent, events: s.events, documents: s.documents, listing: s.listing, dataDir: dir, ...(s.shared ? { holidays: s.holidays } : {}) });
