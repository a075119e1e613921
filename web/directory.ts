/**
 * Who may sign in to `rectify serve`, and what each may see and do: the
 * people of the campaign's directory (the campaign file's `people`, and the
 * people its items name), with their roles.
 *
 * Roles (the directory's `role`):
 * - coordinator (专班办公室) and secretary (书记): act on everything;
 * - leader (责任领导): sees the items they lead, approves for them;
 * - unitHead (单位负责人) and contact (联络员): see their unit's items, report on those they are named on.
 *
 * Every permission is decided here, on the server, from the item as its
 * workflow holds it now (a reassignment moves who sees it at once).
 */
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { person, type Person } from '../domain/schema';
import { parseCampaignText, readCampaignFile } from '../domain/campaign/parse';
import { validateCampaign, type LoadOptions } from '../domain/campaign/validate';
import type { Language } from '../domain/i18n';
import type { ItemPlan } from '../domain/types';

export type Role = Person['role'];

/** One person of the directory, all their roles gathered (one address may be a unit head and a contact). */
export interface Member {
  /** Lower case. */
  email: string;
  name: string;
  roles: Role[];
  /** Units they head or are a contact of. */
  units: string[];
  /** Their directory ids as leaders (what items carry as leaderId). */
  leaderIds: string[];
}

export interface Directory {
  campaign: string;
  /** The campaign's name (the sign-in mail's subject). */
  name: string;
  language: Language;
  members: Map<string, Member>;
}

/** What a signed-in person may do to an item. */
export type Act = 'see' | 'report' | 'approve' | 'review' | 'dispatch';

export const isOffice = (m: Member): boolean => m.roles.includes('coordinator') || m.roles.includes('secretary');

/** Whether a person may do an act to an item as its workflow holds it now. */
export function may(m: Member, act: Act, item: Pick<ItemPlan, 'leader' | 'leaderId' | 'leadUnit' | 'contacts' | 'unitHeads'>): boolean {
  if (isOffice(m)) return true;
  const leads = m.roles.includes('leader') && (item.leader.email.toLowerCase() === m.email || m.leaderIds.includes(item.leaderId));
  const named = [...item.contacts, ...item.unitHeads].some((p) => p.email.toLowerCase() === m.email);
  const ofUnit = named || ((m.roles.includes('unitHead') || m.roles.includes('contact')) && m.units.includes(item.leadUnit));
  switch (act) {
    case 'see': return leads || ofUnit;
    case 'report': return named;
    case 'approve': return leads;
    default: return false;
  }
}

/** The visibility scope of a person's lists: everything (undefined), or these units and leaders. */
export function scopeOf(m: Member): { units: string[]; leaders: string[] } | undefined {
  if (isOffice(m)) return undefined;
  return { units: m.units, leaders: m.roles.includes('leader') ? m.leaderIds : [] };
}

/** The directory of a valid campaign file: its people, and those its items name (a contact given with an address). */
export function buildDirectory(campaign: { id: string; name: string; language: Language }, people: Person[], items: ItemPlan[]): Directory {
  const members = new Map<string, Member>();
  const add = (name: string, email: string, role: Role, unit?: string, leaderId?: string) => {
    const key = email.toLowerCase();
    const m = members.get(key) ?? { email: key, name, roles: [], units: [], leaderIds: [] };
    if (!m.roles.includes(role)) m.roles.push(role);
    if (unit && (role === 'unitHead' || role === 'contact') && !m.units.includes(unit)) m.units.push(unit);
    if (leaderId && !m.leaderIds.includes(leaderId)) m.leaderIds.push(leaderId);
    members.set(key, m);
  };
  people.forEach((p, i) => add(p.name, p.email, p.role, p.unit, p.role === 'leader' || p.role === 'secretary' ? p.id ?? `p${i + 1}` : undefined));
  for (const it of items) {
    add(it.leader.name, it.leader.email, members.get(it.leader.email.toLowerCase())?.roles.includes('secretary') ? 'secretary' : 'leader', undefined, it.leaderId);
    for (const h of it.unitHeads) add(h.name, h.email, 'unitHead', it.leadUnit);
    for (const c of it.contacts) add(c.name, c.email, 'contact', it.leadUnit);
  }
  return { campaign: campaign.id, name: campaign.name, language: campaign.language, members };
}

/** Reads and validates a campaign file (CampaignError with every problem) into its directory. */
export async function loadDirectory(file: string, opts: LoadOptions = {}): Promise<Directory> {
  const { text, label, format, baseDir } = await readCampaignFile(file);
  const raw = parseCampaignText(text, label, format);
  const plan = await validateCampaign(raw, { ...opts, label, baseDir });
  // Valid: the people are what the schema checked.
  const people = z.array(person).parse((raw as { people?: unknown }).people ?? []);
  return buildDirectory(plan, people, plan.items);
}

/**
 * The directory of `serve --plan FILE`, read again when the file changes
 * (checked at most every few seconds): a person taken out of the file can no
 * longer sign in, and their sessions stop opening anything. A file that no
 * longer loads keeps the last good directory (and says so once on stderr).
 */
export class DirectoryFile {
  private current: Directory;
  private mtimeMs: number;
  private checkedAt = 0;

  private constructor(private readonly file: string, private readonly opts: LoadOptions, first: Directory, mtimeMs: number, private readonly log: (line: string) => void) {
    this.current = first;
    this.mtimeMs = mtimeMs;
  }

  static async open(file: string, opts: LoadOptions = {}, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<DirectoryFile> {
    // Loaded first: a missing or invalid file is the loader's CampaignError (every problem, exit 2).
    const first = await loadDirectory(file, opts);
    return new DirectoryFile(file, opts, first, (await fs.stat(file)).mtimeMs, log);
  }

  async get(now = Date.now()): Promise<Directory> {
    if (now - this.checkedAt < 5000) return this.current;
    this.checkedAt = now;
    const st = await fs.stat(this.file).catch(() => undefined);
    if (!st || st.mtimeMs === this.mtimeMs) return this.current;
    this.mtimeMs = st.mtimeMs;
    try {
      this.current = await loadDirectory(this.file, this.opts);
    } catch (err) {
      this.log(`rectify serve: ${this.file} no longer loads; the directory stays as it was: ${(err as Error).message.split('\n')[0]}`);
    }
    return this.current;
  }
}
