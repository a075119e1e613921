/**
 * The people directory (`people`): who an item's 责任领导, 联络员 and unit heads are.
 *
 * Items name people by id or by name; a contact may also bring its own address.
 * Validation asks these questions to refuse an item, normalising to fill its plan.
 */
import type { ItemInput, Person } from '../schema';
import type { Recipient } from '../types';

export type ContactRef = ItemInput['contacts'][number];

/**
 * The 责任领导 an item names: by id or name, among people with role leader or secretary (an id
 * beats a name). When there is none, `otherRole` is the role of someone else so named.
 */
export function findLeader(people: Person[], ref: string): { person?: Person; index: number; otherRole?: string } {
  const hits = people
    .map((p, index) => ({ p, index }))
    .filter(({ p }) => p.id === ref || p.name === ref);
  const ok = (p: Person) => p.role === 'leader' || p.role === 'secretary';
  const best = hits.find(({ p }) => p.id === ref && ok(p)) ?? hits.find(({ p }) => ok(p));
  if (best) return { person: best.p, index: best.index };
  return { index: -1, otherRole: hits[0]?.p.role };
}

/** A 联络员 with the address the item gives, else the directory's (id, then a contact so named, then anyone so named). */
export function resolveContact(people: Person[], c: ContactRef): Recipient | { name: string } {
  const name = typeof c === 'string' ? c : c.name;
  if (typeof c !== 'string' && c.email) return { name, email: c.email };
  const p = people.find((x) => x.id === name)
    ?? people.find((x) => x.name === name && x.role === 'contact')
    ?? people.find((x) => x.name === name);
  return p ? { name: p.name, email: p.email } : { name };
}

export const hasEmail = (r: Recipient | { name: string }): r is Recipient => 'email' in r;

/** The heads (role unitHead) of an item's lead unit. */
export function unitHeadsOf(people: Person[], unit: string): Recipient[] {
  return people
    .filter((p) => p.role === 'unitHead' && p.unit === unit)
    .map((p) => ({ name: p.name, email: p.email }));
}
